"""HTTP helpers that work on header values rather than a WSGI environ."""

from __future__ import annotations

from datetime import UTC
from datetime import datetime

from .. import _native


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

    if etag is None and data is not None:
        etag = f'"{generate_etag(data)}"'
    elif data is not None:
        raise TypeError(
            "is_resource_modified takes either 'etag' or 'data', not both;"
            " pass the entity tag or the body only."
        )

    if isinstance(last_modified, str):
        last_modified = parse_date(last_modified)
    if last_modified is not None:
        # HTTP dates have no fractions of seconds, so ignore them here.
        last_modified = last_modified.replace(microsecond=0)
        if last_modified.tzinfo is None:
            last_modified = last_modified.replace(tzinfo=UTC)
        elif last_modified.tzinfo != UTC:
            last_modified = last_modified.astimezone(UTC)

    if_range = None
    if not ignore_if_range and http_range is not None:
        # If-Range means nothing without Range (RFC 9110, section 13.1.5).
        if_range = parse_if_range_header(http_if_range)

    if if_range is not None and if_range.date is not None:
        modified_since: datetime | None = if_range.date
    else:
        modified_since = parse_date(http_if_modified_since)

    unmodified = bool(
        modified_since and last_modified and last_modified <= modified_since
    )

    if etag:
        etag, _ = unquote_etag(etag)
        if if_range is not None and if_range.etag is not None:
            unmodified = if_range.etag == etag
        else:
            if_none_match = parse_etags(http_if_none_match)
            if if_none_match:
                # If-None-Match compares weakly (RFC 9110, section 13.1.2).
                unmodified = if_none_match.contains_weak(etag)
            if_match = parse_etags(http_if_match)
            if if_match:
                # If-Match compares strongly (RFC 9110, section 13.1.1).
                unmodified = not if_match.is_strong(etag)

    return not unmodified


# Parses a ``Cookie`` header given as text into a MultiDict (or ``cls``).
parse_cookie = _native.parse_cookie_text
