"""HTTP helpers that work on header values rather than a WSGI environ."""

from __future__ import annotations

import typing as t
from datetime import UTC
from datetime import datetime

from .. import _native

if t.TYPE_CHECKING:
    from ..datastructures import MultiDict


def is_resource_modified(
    http_range: str | None = None,
    http_if_range: str | None = None,
    http_if_modified_since: str | None = None,
    http_if_none_match: str | None = None,
    http_if_match: str | None = None,
    etag: str | None = None,
    data: bytes | None = None,
    last_modified: datetime | str | None = None,
    ignore_if_range: bool = True,
) -> bool:
    """Tells whether the resource changed for a conditional request.

    The resource counts as unchanged when ``last_modified`` is not after
    ``If-Modified-Since`` (or the date of ``If-Range``), when its entity tag
    is in ``If-None-Match`` (weak comparison) or equals that of ``If-Range``;
    it counts as changed when ``If-Match`` is sent without its tag (strong
    comparison). ``If-Range`` only applies when ``ignore_if_range`` is false
    and a ``Range`` header was sent.

    :param http_range: the ``Range`` header.
    :param http_if_range: the ``If-Range`` header.
    :param http_if_modified_since: the ``If-Modified-Since`` header.
    :param http_if_none_match: the ``If-None-Match`` header.
    :param http_if_match: the ``If-Match`` header.
    :param etag: the entity tag of the response.
    :param data: the response body, to generate the entity tag from instead.
    :param last_modified: when the resource last changed; a naive datetime
        is taken as UTC.
    :param ignore_if_range: whether to disregard ``If-Range``.
    :raise TypeError: if both ``etag`` and ``data`` are given.
    """
    from ..http import generate_etag
    from ..http import parse_date
    from ..http import parse_etags
    from ..http import parse_if_range_header
    from ..http import unquote_etag

    if data is not None:
        if etag is not None:
            raise TypeError(
                "is_resource_modified takes either 'etag' or 'data', not both;"
                " pass the entity tag or the body only."
            )
        etag = f'"{generate_etag(data)}"'

    if isinstance(last_modified, str):
        last_modified = parse_date(last_modified)
    changed_at = _utc_whole_seconds(last_modified)

    # If-Range means nothing without Range (RFC 9110, section 13.1.5).
    use_if_range = not ignore_if_range and http_range is not None
    if_range = parse_if_range_header(http_if_range) if use_if_range else None
    range_date = None if if_range is None else if_range.date
    range_etag = None if if_range is None else if_range.etag

    since = parse_date(http_if_modified_since) if range_date is None else range_date
    fresh = since is not None and changed_at is not None and changed_at <= since
    if not etag:
        return not fresh

    own_tag = unquote_etag(etag)[0]
    if range_etag is not None:
        return range_etag != own_tag
    # If-None-Match compares weakly, If-Match strongly (RFC 9110, 13.1.1-2);
    # when both are sent, If-Match decides.
    none_match = parse_etags(http_if_none_match)
    if none_match:
        fresh = none_match.contains_weak(own_tag)
    match = parse_etags(http_if_match)
    if match:
        fresh = not match.is_strong(own_tag)
    return not fresh


def _utc_whole_seconds(moment: datetime | None) -> datetime | None:
    """``moment`` as an aware UTC datetime without the fraction of a second,
    which HTTP dates cannot carry; a naive datetime is taken as UTC."""
    if moment is None:
        return None
    moment = moment.replace(microsecond=0)
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


# Parses a ``Cookie`` header given as text into a MultiDict (or ``cls``).
if t.TYPE_CHECKING:

    def parse_cookie(
        cookie: str | None = None,
        cls: type[MultiDict[str, str]] | None = None,
    ) -> MultiDict[str, str]: ...

else:
    parse_cookie = _native.parse_cookie_text
