"""Parsing and formatting of HTTP headers and values.

The parsing and formatting happen in the native module. Functions whose
signature allows it are the native functions themselves, which keeps each call
cheap; the others build the datastructures from the native results.
"""

from __future__ import annotations

import hashlib
import typing as t
from enum import Enum

from . import _native

if t.TYPE_CHECKING:
    from datetime import datetime
    from datetime import timedelta

    from _typeshed.wsgi import WSGIEnvironment

    from .datastructures import Accept
    from .datastructures import ContentRange
    from .datastructures import ContentSecurityPolicy
    from .datastructures import ETags
    from .datastructures import Headers
    from .datastructures import HeaderSet
    from .datastructures import IfRange
    from .datastructures import MultiDict
    from .datastructures import Range
    from .datastructures import RequestCacheControl
    from .datastructures.cache_control import _CacheControl

# Reason phrases as Werkzeug spells them (a few differ from http.HTTPStatus).
_STATUS_LINES = """\
100 Continue
101 Switching Protocols
102 Processing
103 Early Hints
200 OK
201 Created
202 Accepted
203 Non Authoritative Information
204 No Content
205 Reset Content
206 Partial Content
207 Multi Status
208 Already Reported
226 IM Used
300 Multiple Choices
301 Moved Permanently
302 Found
303 See Other
304 Not Modified
305 Use Proxy
306 Switch Proxy
307 Temporary Redirect
308 Permanent Redirect
400 Bad Request
401 Unauthorized
402 Payment Required
403 Forbidden
404 Not Found
405 Method Not Allowed
406 Not Acceptable
407 Proxy Authentication Required
408 Request Timeout
409 Conflict
410 Gone
411 Length Required
412 Precondition Failed
413 Request Entity Too Large
414 Request URI Too Long
415 Unsupported Media Type
416 Requested Range Not Satisfiable
417 Expectation Failed
418 I'm a teapot
421 Misdirected Request
422 Unprocessable Entity
423 Locked
424 Failed Dependency
425 Too Early
426 Upgrade Required
428 Precondition Required
429 Too Many Requests
431 Request Header Fields Too Large
449 Retry With
451 Unavailable For Legal Reasons
500 Internal Server Error
501 Not Implemented
502 Bad Gateway
503 Service Unavailable
504 Gateway Timeout
505 HTTP Version Not Supported
506 Variant Also Negotiates
507 Insufficient Storage
508 Loop Detected
510 Not Extended
511 Network Authentication Failed
"""
HTTP_STATUS_CODES: dict[int, str] = {
    int(code): reason
    for code, reason in (line.split(" ", 1) for line in _STATUS_LINES.splitlines())
}


class COEP(Enum):
    """Values of the ``Cross-Origin-Embedder-Policy`` header."""

    UNSAFE_NONE = "unsafe-none"
    """The document may load cross-origin resources without their consent
    (the default)."""
    REQUIRE_CORP = "require-corp"
    """Cross-origin resources load only when they allow it, by CORP or
    CORS."""


class COOP(Enum):
    """Values of the ``Cross-Origin-Opener-Policy`` header."""

    UNSAFE_NONE = "unsafe-none"
    """The document may share its browsing context group with any other
    (the default)."""
    SAME_ORIGIN_ALLOW_POPUPS = "same-origin-allow-popups"
    """As ``SAME_ORIGIN``, but the popups it opens keep their reference to
    it unless they set a policy of their own."""
    SAME_ORIGIN = "same-origin"
    """Only same-origin documents with the same policy share its browsing
    context group."""


quote_header_value = _native.quote_header_value
unquote_header_value = _native.unquote_header_value
dump_options_header = _native.dump_options_header
dump_header = _native.dump_header
parse_list_header = _native.parse_list_header
parse_dict_header = _native.parse_dict_header
parse_options_header = _native.parse_options_header
if t.TYPE_CHECKING:

    def parse_cookie(
        header: WSGIEnvironment | str | None,
        cls: type[MultiDict[str, str]] | None = None,
    ) -> MultiDict[str, str]: ...

else:
    parse_cookie = _native.parse_cookie
dump_cookie = _native.dump_cookie
parse_date = _native.parse_date
http_date = _native.http_date


def parse_set_header(
    value: str | None,
    on_update: t.Callable[[HeaderSet], None] | None = None,
) -> HeaderSet:
    """Parses a comma-separated header into a
    :class:`~rostzeug.datastructures.HeaderSet`, which keeps the order of
    the items and compares them case-insensitively. :func:`dump_header`
    turns it back into a header.

    :param value: the header value; empty or ``None`` gives an empty set.
    :param on_update: called with the set whenever it changes.
    """
    from .datastructures import HeaderSet

    if not value:
        return HeaderSet(None, on_update)
    return HeaderSet(parse_list_header(value), on_update)


def parse_age(value: str | None = None) -> timedelta | None:
    """Parses a count of seconds, as in the ``Age`` header, into a
    :class:`~datetime.timedelta`.

    :param value: a base-10 integer.
    :return: the duration, or ``None`` if the value is missing, not an
        integer, negative or too large.
    """
    from datetime import timedelta

    if not value:
        return None
    try:
        seconds = int(value)
    except ValueError:
        return None
    if seconds < 0:
        return None
    try:
        return timedelta(seconds=seconds)
    except OverflowError:
        return None


def dump_age(age: timedelta | int | None = None) -> str | None:
    """Formats a duration as a base-10 count of seconds for the ``Age``
    header.

    :param age: a number of seconds or a :class:`~datetime.timedelta`;
        ``None`` when the age is unknown.
    :return: the header value, or ``None`` for an unknown age.
    :raise ValueError: if the age is negative.
    """
    from datetime import timedelta

    if age is None:
        return None
    seconds = int(age.total_seconds()) if isinstance(age, timedelta) else int(age)
    if seconds < 0:
        raise ValueError(f"The age must not be negative, got {seconds} seconds.")
    return str(seconds)


_entity_headers = frozenset(
    (
        "allow",
        "content-encoding",
        "content-language",
        "content-length",
        "content-location",
        "content-md5",
        "content-range",
        "content-type",
        "expires",
        "last-modified",
    )
)
_hop_by_hop_headers = frozenset(
    (
        "connection",
        "keep-alive",
        "proxy-authenticate",
        "proxy-authorization",
        "te",
        "trailer",
        "transfer-encoding",
        "upgrade",
    )
)


def is_entity_header(header: str) -> bool:
    """Tells whether ``header`` names an entity header (such as
    ``Content-Type``), in any case.
    """
    return header.lower() in _entity_headers


def is_hop_by_hop_header(header: str) -> bool:
    """Tells whether ``header`` names an HTTP/1.1 hop-by-hop header (such as
    ``Connection``), in any case.
    """
    return header.lower() in _hop_by_hop_headers


def remove_entity_headers(
    headers: Headers | list[tuple[str, str]],
    allowed: t.Iterable[str] = ("expires", "content-location"),
) -> None:
    """Removes the entity headers from a list of pairs or a
    :class:`~rostzeug.datastructures.Headers`, in place. ``Expires`` and
    ``Content-Location`` are kept by default, as a ``304 Not Modified``
    response may carry them.

    :param headers: the headers to change.
    :param allowed: entity headers to keep, in any case.
    """
    keep = {name.lower() for name in allowed}
    headers[:] = [
        (key, value)
        for key, value in headers
        if not is_entity_header(key) or key.lower() in keep
    ]


def remove_hop_by_hop_headers(headers: Headers | list[tuple[str, str]]) -> None:
    """Removes the HTTP/1.1 hop-by-hop headers from a list of pairs or a
    :class:`~rostzeug.datastructures.Headers`, in place.

    :param headers: the headers to change.
    """
    headers[:] = [
        (key, value) for key, value in headers if not is_hop_by_hop_header(key)
    ]


_TAnyAccept = t.TypeVar("_TAnyAccept", bound="Accept")
_TAnyCC = t.TypeVar("_TAnyCC", bound="_CacheControl")
_TAnyCSP = t.TypeVar("_TAnyCSP", bound="ContentSecurityPolicy")

# The orders of the native accept parser, as its stub documents them.
_ACCEPT_HEADER_ORDER = 0
_ACCEPT_PLAIN_ORDER = 1
_ACCEPT_MEDIA_TYPE_ORDER = 2


# Native order per Accept class, filled on first use of each class.
_accept_orders: dict[type[t.Any], int] = {}


def _accept_order(cls: type[Accept]) -> int:
    """Which native order sorts like ``cls``; header order for a class that
    ranks values its own way (its constructor sorts them then), or that is
    no Accept class at all: it is called with the pairs in header order, as
    Werkzeug calls any ``cls``, and raises what that call raises."""
    specificity = getattr(cls, "_specificity", None)
    if specificity is None:
        return _ACCEPT_HEADER_ORDER
    if specificity is _ds.Accept._specificity:
        order = _ACCEPT_PLAIN_ORDER
    elif specificity is _ds.MIMEAccept._specificity:
        order = _ACCEPT_MEDIA_TYPE_ORDER
    else:
        order = _ACCEPT_HEADER_ORDER
    _accept_orders[cls] = order
    return order


@t.overload
def parse_accept_header(value: str | None) -> Accept: ...
@t.overload
def parse_accept_header(value: str | None, cls: type[_TAnyAccept]) -> _TAnyAccept: ...
def parse_accept_header(
    value: str | None, cls: type[_TAnyAccept] | None = None
) -> _TAnyAccept:
    """Parses an ``Accept`` header (RFC 9110), or ``Accept-Charset``,
    ``Accept-Encoding`` and ``Accept-Language`` with the matching ``cls``.

    Items whose ``q`` is not a number from 0 to 1 are left out; the other
    parameters of an item stay on its value (``text/html; level=1``).

    :param value: the header value.
    :param cls: the :class:`~rostzeug.datastructures.Accept` class to return,
        :class:`~rostzeug.datastructures.Accept` by default.
    :return: an instance of ``cls``, sorted most specific and best quality
        first; its ``provided`` is false when ``value`` is empty or None.
    """
    if cls is None:
        cls = t.cast("type[_TAnyAccept]", _ds.Accept)
    if not value:
        return cls(None)
    order = _accept_orders.get(cls)
    if order is None:
        order = _accept_order(cls)
    if order == _ACCEPT_HEADER_ORDER:
        return cls(_native.parse_accept(value, order))
    # Sorted as the class sorts, so its constructor (and sort) is skipped.
    return _native.parse_accept_into(cls, value, order)


@t.overload
def parse_cache_control_header(
    value: str | None,
    on_update: t.Callable[[_CacheControl], None] | None = None,
) -> RequestCacheControl: ...
@t.overload
def parse_cache_control_header(
    value: str | None,
    on_update: t.Callable[[_CacheControl], None] | None = None,
    cls: type[_TAnyCC] = ...,
) -> _TAnyCC: ...
def parse_cache_control_header(
    value: str | None,
    on_update: t.Callable[[_CacheControl], None] | None = None,
    cls: type[_TAnyCC] | None = None,
) -> _TAnyCC:
    """Parses a ``Cache-Control`` header. Request and response directives
    are parsed alike; pick the ``cls`` that fits.

    :param value: the header value.
    :param on_update: called with the object whenever it changes.
    :param cls: the class to return,
        :class:`~rostzeug.datastructures.RequestCacheControl` by default.
    """
    if cls is None:
        cls = t.cast("type[_TAnyCC]", _ds.RequestCacheControl)
    if not value:
        return cls((), on_update)
    return cls(_native.parse_cache_control_dict(value), on_update)


@t.overload
def parse_csp_header(
    value: str | None,
    on_update: t.Callable[[ContentSecurityPolicy], None] | None = None,
) -> ContentSecurityPolicy: ...
@t.overload
def parse_csp_header(
    value: str | None,
    on_update: t.Callable[[ContentSecurityPolicy], None] | None = None,
    cls: type[_TAnyCSP] = ...,
) -> _TAnyCSP: ...
def parse_csp_header(
    value: str | None,
    on_update: t.Callable[[ContentSecurityPolicy], None] | None = None,
    cls: type[_TAnyCSP] | None = None,
) -> _TAnyCSP:
    """Parses a ``Content-Security-Policy`` header: ``;``-separated
    ``directive value`` policies. Policies without a value are skipped.

    :param value: the header value.
    :param on_update: called with the object whenever it changes.
    :param cls: the class to return,
        :class:`~rostzeug.datastructures.ContentSecurityPolicy` by default.
    """
    if cls is None:
        cls = t.cast("type[_TAnyCSP]", _ds.ContentSecurityPolicy)
    if value is None:
        return cls((), on_update)
    return cls(_native.parse_csp_pairs(value), on_update)


def dump_csp_header(header: ContentSecurityPolicy) -> str:
    """Writes a ``Content-Security-Policy`` header value: ``directive
    value`` policies separated by ``"; "``."""
    return "; ".join(f"{key} {value}" for key, value in header.items())


def quote_etag(etag: str, weak: bool = False) -> str:
    """Quotes an entity tag, as a weak one (``W/"..."``) if ``weak``.

    :raise ValueError: if ``etag`` contains a double quote, which cannot be
        quoted.
    """
    if '"' in etag:
        raise ValueError(f"invalid etag {etag!r}: an entity tag cannot contain '\"'")
    prefix = "W/" if weak else ""
    return f'{prefix}"{etag}"'


@t.overload
def unquote_etag(etag: str) -> tuple[str, bool]: ...
@t.overload
def unquote_etag(etag: None) -> tuple[None, None]: ...
def unquote_etag(etag: str | None) -> tuple[str, bool] | tuple[None, None]:
    """Splits an entity tag into its value and whether it is weak.

    >>> unquote_etag('W/"bar"')
    ('bar', True)
    >>> unquote_etag('"bar"')
    ('bar', False)

    A tag without quotes is returned as it is; ``(None, None)`` for an empty
    or missing tag.
    """
    if not etag:
        return None, None
    return _native.unquote_etag(etag)


def parse_etags(value: str | None) -> ETags:
    """Parses an ``If-Match`` or ``If-None-Match`` header into
    :class:`~rostzeug.datastructures.ETags`. Unquoted tags are accepted;
    items that are not tags are skipped."""
    if not value:
        return _ds.ETags()
    star, strong, weak = _native.parse_etag_lists(value)
    if star:
        return _ds.ETags(star_tag=True)
    # An empty quoted tag is kept as None, as Werkzeug keeps it.
    return _ds.ETags(t.cast("list[str]", strong), t.cast("list[str]", weak))


def generate_etag(data: bytes) -> str:
    """Returns an entity tag for ``data``: its SHA-1 hex digest."""
    return hashlib.sha1(data).hexdigest()


def parse_if_range_header(value: str | None) -> IfRange:
    """Parses an ``If-Range`` header, which holds a date or an entity tag
    (whether the tag is weak is dropped)."""
    if not value:
        return _ds.IfRange()
    date = parse_date(value)
    if date is not None:
        return _ds.IfRange(date=date)
    return _ds.IfRange(unquote_etag(value)[0])


def parse_range_header(value: str | None, make_inclusive: bool = True) -> Range | None:
    """Parses a ``Range`` header into a :class:`~rostzeug.datastructures.Range`
    whose ranges are ``(start, stop)`` with ``stop`` excluded, or returns None
    when it is missing or malformed (unordered or overlapping ranges, a
    suffix range that is not last, ``-0``, numbers with signs or ``_``).

    :param make_inclusive: unused, kept for compatibility.
    """
    if not value:
        return None
    parsed = _native.parse_range_spec(value)
    if parsed is None:
        return None
    return _ds.Range(*parsed)


def parse_content_range_header(
    value: str | None,
    on_update: t.Callable[[ContentRange], None] | None = None,
) -> ContentRange | None:
    """Parses a ``Content-Range`` header into a
    :class:`~rostzeug.datastructures.ContentRange`, or returns None when it
    is missing, malformed or not a valid range for its length.

    :param on_update: called with the object whenever it changes.
    """
    if value is None:
        return None
    parsed = _native.parse_content_range_spec(value)
    if parsed is None:
        return None
    units, start, stop, length = parsed
    return _ds.ContentRange(units, start, stop, length, on_update=on_update)


def is_byte_range_valid(
    start: int | None, stop: int | None, length: int | None
) -> bool:
    """Tells whether ``start``/``stop`` (``stop`` excluded) is a valid byte
    range for a body of ``length`` bytes. ``start`` and ``stop`` are both
    None or both given; None for ``length`` means unknown."""
    if (start is None) != (stop is None):
        return False
    if start is None:
        return length is None or length >= 0
    assert stop is not None
    if length is None:
        return 0 <= start < stop
    if start >= stop:
        return False
    return 0 <= start < length


def is_resource_modified(
    environ: WSGIEnvironment,
    etag: str | None = None,
    data: bytes | None = None,
    last_modified: datetime | str | None = None,
    ignore_if_range: bool = True,
) -> bool:
    """Tells whether the resource changed for a conditional request, from
    the ``If-None-Match``, ``If-Match``, ``If-Modified-Since`` and (unless
    ``ignore_if_range``) ``If-Range`` headers of the WSGI ``environ``.

    :param etag: the entity tag of the response.
    :param data: the response body, to generate the entity tag from instead.
    :param last_modified: when the resource last changed.
    :param ignore_if_range: whether to disregard ``If-Range``.
    :raise TypeError: if both ``etag`` and ``data`` are given.
    """
    from .sansio.http import is_resource_modified as _is_resource_modified

    # The sans-IO version takes each conditional header as a keyword named
    # after its environ key, lower-cased.
    conditions = {
        key.lower(): environ.get(key)
        for key in (
            "HTTP_RANGE",
            "HTTP_IF_RANGE",
            "HTTP_IF_MODIFIED_SINCE",
            "HTTP_IF_NONE_MATCH",
            "HTTP_IF_MATCH",
        )
    }
    return _is_resource_modified(
        etag=etag,
        data=data,
        last_modified=last_modified,
        ignore_if_range=ignore_if_range,
        **conditions,
    )


# Imported last, as the datastructures import this module: the functions above
# use it at call time, which saves a per-call import.
from . import datastructures as _ds  # noqa: E402
