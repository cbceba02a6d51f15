"""The response object without I/O: status and headers.

:class:`Response` is the lean :class:`_BaseResponse` (status, headers,
cookies) plus one mixin per group of header properties; the mixins are the
classes of Werkzeug's original documentation, which :mod:`rostzeug.wrappers`
exports.
"""

from __future__ import annotations

import typing as t
from datetime import UTC
from datetime import datetime
from datetime import timedelta
from http import HTTPStatus

from ..datastructures import CallbackDict
from ..datastructures import ContentRange
from ..datastructures import ContentSecurityPolicy
from ..datastructures import Headers
from ..datastructures import HeaderSet
from ..datastructures import ResponseCacheControl
from ..datastructures import WWWAuthenticate
from ..datastructures.headers import _str_header_value
from ..http import COEP
from ..http import COOP
from ..http import HTTP_STATUS_CODES
from ..http import dump_age
from ..http import dump_cookie
from ..http import dump_header
from ..http import dump_options_header
from ..http import http_date
from ..http import parse_age
from ..http import parse_cache_control_header
from ..http import parse_content_range_header
from ..http import parse_csp_header
from ..http import parse_date
from ..http import parse_options_header
from ..http import parse_set_header
from ..http import quote_etag
from ..http import unquote_etag
from ..utils import get_content_type
from ..utils import header_property

# Content-Type values per mimetype, as get_content_type builds them. Bounded,
# as mimetypes may come from user input.
_content_types: dict[str, str] = {}
_CONTENT_TYPES_MAX = 256


def _content_type_for(mimetype: str) -> str:
    content_type = _content_types.get(mimetype)
    if content_type is None:
        content_type = get_content_type(mimetype, "utf-8")
        if len(_content_types) < _CONTENT_TYPES_MAX and type(mimetype) is str:
            _content_types[mimetype] = content_type
    return content_type


# Status lines of the known codes, filled as they are used.
_status_lines: dict[int, str] = {}


def _parse_status_line(text: str) -> tuple[str, int]:
    """The status line and code of a status given as a string: a full line
    is kept as it is, a bare code gets its phrase, a phrase alone code 0."""
    line = text.strip()
    if not line:
        raise ValueError(
            "Empty status argument: pass a code such as 200 or a"
            " status line such as '200 OK'."
        )
    head, space, _ = line.partition(" ")
    try:
        code = int(head)
    except ValueError:
        return f"0 {line}", 0
    return (line, code) if space else _line_for_code(code)


def _line_for_code(code: int) -> tuple[str, int]:
    """The status line of a code, with its upper-case phrase; known codes'
    lines are remembered in ``_status_lines``."""
    phrase = HTTP_STATUS_CODES.get(code)
    if phrase is None:
        return f"{code} UNKNOWN", code
    line = _status_lines[code] = f"{code} {phrase.upper()}"
    return line, code


def _seconds_or_none(text: str) -> int | None:
    try:
        return int(text)
    except ValueError:
        return None


def _mimetype_of(headers: Headers) -> str | None:
    content_type = headers.get("content-type")
    if content_type:
        return content_type.partition(";")[0].strip()
    return None


class _BaseResponse:
    """The status and headers of an HTTP response, and its cookies.

    :param status: the status as an int, a string such as ``"404 NOT FOUND"``
        or an :class:`~http.HTTPStatus`; :attr:`default_status` when None.
    :param headers: a :class:`~rostzeug.datastructures.Headers`, used as it
        is, or ``(key, value)`` pairs or a mapping to build one from.
    :param mimetype: the mimetype of the body; ``; charset=utf-8`` is added
        for text types. Ignored when ``content_type`` is given.
    :param content_type: the full Content-Type header.
    """

    #: The status when none is given.
    default_status = 200
    #: The mimetype when neither mimetype nor content type is given.
    default_mimetype: str | None = "text/plain"
    #: A ``Set-Cookie`` header longer than this warns (browsers may drop
    #: it); 0 disables the check.
    max_cookie_size = 4093

    #: The response headers.
    headers: Headers

    def __init__(
        self,
        status: int | str | HTTPStatus | None = None,
        headers: t.Mapping[str, str | t.Iterable[str]]
        | t.Iterable[tuple[str, str]]
        | None = None,
        mimetype: str | None = None,
        content_type: str | None = None,
    ) -> None:
        if headers is None:
            self.headers = Headers()
            fresh = True
        elif isinstance(headers, Headers):
            self.headers = headers
            fresh = False
        elif not headers:
            self.headers = Headers()
            fresh = True
        else:
            self.headers = Headers(headers)
            fresh = False

        if content_type is None:
            if mimetype is None and (fresh or "content-type" not in self.headers):
                mimetype = self.default_mimetype
            if mimetype is not None:
                mimetype = _content_types.get(mimetype) or _content_type_for(mimetype)
            content_type = mimetype
        if content_type is not None:
            if fresh:
                # New headers hold nothing to replace and no index to keep up
                # to date: the checked pair goes on their list, as add() does.
                if (
                    content_type.__class__ is not str
                    or "\n" in content_type
                    or "\r" in content_type
                ):
                    content_type = _str_header_value(content_type)
                list.append(self.headers._items, ("Content-Type", content_type))
            else:
                self.headers["Content-Type"] = content_type
        if status is None:
            status = self.default_status
        if type(self).status is _status_property and type(status) is int:
            # The status setter's lookup of a known code, without calling it.
            line = _status_lines.get(status)
            if line is not None:
                self._status = line
                self._status_code = status
                return
        self.status = status

    def __repr__(self) -> str:
        return f"<{type(self).__name__} [{self.status}]>"

    @property
    def status_code(self) -> int:
        """The status code as an int."""
        return self._status_code

    @status_code.setter
    def status_code(self, code: int) -> None:
        self.status = code

    @property
    def status(self) -> str:
        """The status line, such as ``"200 OK"``. Can be set to an int, a
        string or an :class:`~http.HTTPStatus`."""
        return self._status

    @status.setter
    def status(self, value: int | str | HTTPStatus) -> None:
        # A known int code is looked up here, without calling _clean_status:
        # this runs for every response.
        if type(value) is int:
            line = _status_lines.get(value)
            if line is not None:
                self._status = line
                self._status_code = value
                return
        self._status, self._status_code = self._clean_status(value)

    def _clean_status(self, value: int | str | HTTPStatus) -> tuple[str, int]:
        if type(value) is int:
            line = _status_lines.get(value)
            if line is not None:
                return line, value
        if isinstance(value, (int, HTTPStatus)):
            return _line_for_code(int(value))
        return _parse_status_line(value)

    def set_cookie(
        self,
        key: str,
        value: str = "",
        max_age: timedelta | int | None = None,
        expires: str | datetime | int | float | None = None,
        path: str | None = "/",
        domain: str | None = None,
        secure: bool = False,
        httponly: bool = False,
        samesite: str | None = None,
        partitioned: bool = False,
    ) -> None:
        """Adds a ``Set-Cookie`` header. Warns if it is longer than
        :attr:`max_cookie_size`, but sets it anyway.

        :param key: the name of the cookie.
        :param value: its value.
        :param max_age: its lifetime in seconds (or a timedelta); None ends
            it with the browser session.
        :param expires: when it expires: a datetime or a UNIX timestamp.
        :param path: the path it applies below; ``/`` for the whole site.
        :param domain: the domain it applies to, subdomains included; None
            for the host that sets it only.
        :param secure: send it over HTTPS only.
        :param httponly: hide it from JavaScript.
        :param samesite: ``"Strict"``, ``"Lax"`` or ``"None"``: whether
            cross-site requests carry it.
        :param partitioned: keep it in a storage partitioned by top-level
            site.
        """
        # Positional arguments, in dump_cookie's order, are quicker to pass.
        header = dump_cookie(
            key,
            value,
            max_age,
            expires,
            path,
            domain,
            secure,
            httponly,
            True,
            self.max_cookie_size,
            samesite,
            partitioned,
        )
        headers = self.headers
        if (
            headers.__class__ is Headers
            and headers._items._first is None
            and "\n" not in header
            and "\r" not in header
        ):
            # What Headers.add does for a checked string when its list has
            # no index to keep up to date.
            list.append(headers._items, ("Set-Cookie", header))
        else:
            headers.add("Set-Cookie", header)

    def delete_cookie(
        self,
        key: str,
        path: str | None = "/",
        domain: str | None = None,
        secure: bool = False,
        httponly: bool = False,
        samesite: str | None = None,
        partitioned: bool = False,
    ) -> None:
        """Tells the client to drop a cookie: sets it expired. ``path``,
        ``domain`` and the flags must match those it was set with."""
        # An empty value that expired at the epoch and has no lifetime left.
        self.set_cookie(
            key, "", 0, 0, path, domain, secure, httponly, samesite, partitioned
        )

    @property
    def is_json(self) -> bool:
        """Whether the mimetype is ``application/json`` or
        ``application/*+json``."""
        mt = _mimetype_of(self.headers)
        return mt is not None and (
            mt == "application/json"
            or (mt.startswith("application/") and mt.endswith("+json"))
        )


_status_property = _BaseResponse.__dict__["status"]


def _serialized(value: t.Any) -> str:
    return value.to_header()  # type: ignore[no-any-return]


def _write_back(
    headers: Headers,
    name: str,
    value: t.Any,
    serialize: t.Callable[[t.Any], str] = _serialized,
) -> None:
    """Stores a header from its parsed form: a string as it is, anything
    else serialized. An empty value (None, ``""``, an empty structure)
    means the header goes away."""
    if not value:
        del headers[name]
        return
    headers[name] = value if isinstance(value, str) else serialize(value)


def _updater(response: t.Any, name: str) -> t.Callable[[t.Any], None]:
    """The callback a parsed header structure calls when it changes: it
    writes the structure back to the response's current headers."""
    return lambda changed: _write_back(response.headers, name, changed)


def _set_property(name: str, doc: str) -> property:
    """A property for a header that holds a set of values, as a
    :class:`~rostzeug.datastructures.HeaderSet` that writes changes back.
    It can be set to a string, or to values to join."""

    def read(self: _BaseResponse) -> HeaderSet:
        return parse_set_header(self.headers.get(name), _updater(self, name))

    def write(
        self: _BaseResponse,
        value: str | dict[str, str | int] | t.Iterable[str] | None,
    ) -> None:
        _write_back(self.headers, name, value, dump_header)

    return property(read, write, doc=doc)


if t.TYPE_CHECKING:

    class _CSPDescriptor(t.Protocol):
        """How a type checker sees a property made by :func:`_csp_property`."""

        @t.overload
        def __get__(self, obj: None, owner: type) -> t.Self: ...
        @t.overload
        def __get__(
            self, obj: object, owner: type | None = None
        ) -> ContentSecurityPolicy: ...
        def __set__(
            self, obj: object, value: ContentSecurityPolicy | str | None
        ) -> None: ...


def _csp_property(name: str, doc: str) -> _CSPDescriptor:
    """A property for a Content-Security-Policy header, always available as
    a :class:`~rostzeug.datastructures.ContentSecurityPolicy` that writes
    changes back."""

    def read(self: _BaseResponse) -> ContentSecurityPolicy:
        write_back = _updater(self, name)
        parsed = parse_csp_header(self.headers.get(name), write_back)
        if parsed is not None:
            return parsed
        return ContentSecurityPolicy(None, on_update=write_back)  # type: ignore[unreachable]

    def write(self: _BaseResponse, value: ContentSecurityPolicy | str | None) -> None:
        _write_back(self.headers, name, value)

    return property(read, write, doc=doc)


class CommonResponseDescriptorsMixin:
    """Adds the common entity and general headers to a response class:
    mimetype, content type and length, dates, location, ``Vary``, the
    content security policy..."""

    headers: Headers

    @property
    def mimetype(self) -> str | None:
        """The ``Content-Type`` without parameters. Setting it adds
        ``; charset=utf-8`` for text types."""
        return _mimetype_of(self.headers)

    @mimetype.setter
    def mimetype(self, value: str) -> None:
        self.headers["Content-Type"] = _content_type_for(value)

    @property
    def mimetype_params(self) -> dict[str, str]:
        """The parameters of the ``Content-Type``, as a dict that writes
        changes back to the header."""

        def on_update(d: CallbackDict[str, str]) -> None:
            self.headers["Content-Type"] = dump_options_header(
                _mimetype_of(self.headers), d
            )

        d = parse_options_header(self.headers.get("content-type", ""))[1]
        return CallbackDict(d, on_update)

    location = header_property[str](
        "Location",
        doc="The ``Location`` header: where a redirect or a new resource is.",
    )
    age = header_property(
        "Age",
        None,
        parse_age,
        dump_age,  # type: ignore[arg-type]
        doc="The ``Age`` header as a timedelta: how old a cached response is.",
    )
    content_type = header_property[str](
        "Content-Type",
        doc="The ``Content-Type`` header: the media type of the body.",
    )
    content_length = header_property(
        "Content-Length",
        None,
        int,
        str,
        doc="The ``Content-Length`` header as an int.",
    )
    content_location = header_property[str](
        "Content-Location",
        doc="The ``Content-Location`` header: where the body can be found.",
    )
    content_encoding = header_property[str](
        "Content-Encoding",
        doc="The ``Content-Encoding`` header: the codings applied to the body.",
    )
    content_md5 = header_property[str](
        "Content-MD5",
        doc="The ``Content-MD5`` header: an MD5 digest of the body.",
    )
    date = header_property(
        "Date",
        None,
        parse_date,
        http_date,
        doc="The ``Date`` header as an aware datetime.",
    )
    expires = header_property(
        "Expires",
        None,
        parse_date,
        http_date,
        doc="The ``Expires`` header as an aware datetime.",
    )
    last_modified = header_property(
        "Last-Modified",
        None,
        parse_date,
        http_date,
        doc="The ``Last-Modified`` header as an aware datetime.",
    )

    @property
    def retry_after(self) -> datetime | None:
        """The ``Retry-After`` header as an aware datetime; a number of
        seconds counts from now. Can be set to a datetime, seconds or a
        string."""
        raw = self.headers.get("retry-after")
        if raw is None:
            return None
        delay = _seconds_or_none(raw)
        if delay is None:
            # Not a number of seconds: an HTTP date, or None if it is not one.
            return parse_date(raw)
        return datetime.now(UTC) + timedelta(seconds=delay)

    @retry_after.setter
    def retry_after(self, value: datetime | int | str | None) -> None:
        headers = self.headers
        if value is None:
            del headers["retry-after"]
        elif isinstance(value, datetime):
            headers["Retry-After"] = http_date(value)
        else:
            headers["Retry-After"] = str(value)

    vary = _set_property(
        "Vary",
        doc="The ``Vary`` header: the request headers the response depends on.",
    )
    content_language = _set_property(
        "Content-Language",
        doc="The ``Content-Language`` header: the languages of the audience.",
    )
    allow = _set_property(
        "Allow",
        doc="The ``Allow`` header: the methods the resource supports.",
    )
    content_security_policy = _csp_property(
        "Content-Security-Policy",
        doc="The ``Content-Security-Policy`` header, available even when it"
        " is not set; changes are written back.",
    )
    content_security_policy_report_only = _csp_property(
        "Content-Security-Policy-Report-Only",
        doc="The ``Content-Security-Policy-Report-Only`` header: a policy"
        " that is reported on, not enforced.",
    )
    cross_origin_opener_policy = header_property[COOP](
        "Cross-Origin-Opener-Policy",
        load_func=lambda value: COOP(value),
        dump_func=lambda value: value.value,
        default=COOP.UNSAFE_NONE,
        doc="The ``Cross-Origin-Opener-Policy`` header, a"
        " :class:`~rostzeug.http.COOP` member.",
    )
    cross_origin_embedder_policy = header_property[COEP](
        "Cross-Origin-Embedder-Policy",
        load_func=lambda value: COEP(value),
        dump_func=lambda value: value.value,
        default=COEP.UNSAFE_NONE,
        doc="The ``Cross-Origin-Embedder-Policy`` header, a"
        " :class:`~rostzeug.http.COEP` member.",
    )


class ETagResponseMixin:
    """Adds cache control, entity tags and range headers to a response
    class. The WSGI variant in :mod:`rostzeug.wrappers` also answers
    conditional and range requests."""

    headers: Headers

    @property
    def cache_control(self) -> ResponseCacheControl:
        """The ``Cache-Control`` header; changes are written back."""
        return parse_cache_control_header(
            self.headers.get("cache-control"),
            _updater(self, "Cache-Control"),
            ResponseCacheControl,
        )

    def set_etag(self, etag: str, weak: bool = False) -> None:
        """Sets the ``ETag`` header, replacing any there is."""
        # quote_etag's strong tag, inline; it still checks and quotes the
        # others.
        if weak or etag.__class__ is not str or '"' in etag:
            value = quote_etag(etag, weak)
        else:
            value = f'"{etag}"'
        self.headers.set("ETag", value)

    def get_etag(self) -> tuple[str, bool] | tuple[None, None]:
        """Returns ``(etag, is_weak)``, or ``(None, None)`` without an
        ``ETag`` header."""
        return unquote_etag(self.headers.get("ETag"))

    accept_ranges = header_property[str](
        "Accept-Ranges",
        doc="The ``Accept-Ranges`` header: one token, such as ``bytes`` or ``none``.",
    )

    @property
    def content_range(self) -> ContentRange:
        """The ``Content-Range`` header, available even when it is not set;
        changes are written back."""
        write_back = _updater(self, "Content-Range")
        parsed = parse_content_range_header(
            self.headers.get("content-range"), write_back
        )
        if parsed is not None:
            return parsed
        return ContentRange(None, None, None, on_update=write_back)

    @content_range.setter
    def content_range(self, value: ContentRange | str | None) -> None:
        _write_back(self.headers, "Content-Range", value)


class WWWAuthenticateMixin:
    """Adds :attr:`www_authenticate` to a response class."""

    headers: Headers

    @property
    def www_authenticate(self) -> WWWAuthenticate:
        """The ``WWW-Authenticate`` header (its first value), as a
        :class:`~rostzeug.datastructures.WWWAuthenticate` whose changes are
        written back; a ``basic`` challenge when it is not set.

        Assign a challenge to set the header, a list of them to send one
        header each, and None (or ``del``) to remove it.
        """
        challenge = WWWAuthenticate.from_header(self.headers.get("WWW-Authenticate"))
        if challenge is None:
            challenge = WWWAuthenticate("basic")
        _follow_challenge(self, challenge)
        return challenge

    @www_authenticate.setter
    def www_authenticate(
        self, value: WWWAuthenticate | list[WWWAuthenticate] | None
    ) -> None:
        if not value:
            del self.www_authenticate
            return
        challenges = value if isinstance(value, list) else [value]
        # set() keeps the place of the first existing header; the others
        # follow it.
        first, *rest = (challenge.to_header() for challenge in challenges)
        self.headers.set("WWW-Authenticate", first)
        for header in rest:
            self.headers.add("WWW-Authenticate", header)
        if not isinstance(value, list):
            _follow_challenge(self, value)

    @www_authenticate.deleter
    def www_authenticate(self) -> None:
        del self.headers["WWW-Authenticate"]


def _follow_challenge(
    response: WWWAuthenticateMixin, challenge: WWWAuthenticate
) -> None:
    """Makes a change to ``challenge`` set the response's header again (a
    single challenge only: a list of them is not followed)."""

    def rewrite(changed: WWWAuthenticate) -> None:
        response.www_authenticate = changed

    challenge._on_update = rewrite


class CORSResponseMixin:
    """Adds the ``Access-Control-*`` headers of cross-origin responses."""

    headers: Headers

    @property
    def access_control_allow_credentials(self) -> bool:
        """Whether the browser may expose the response to JavaScript when
        the request carried credentials."""
        return "Access-Control-Allow-Credentials" in self.headers

    @access_control_allow_credentials.setter
    def access_control_allow_credentials(self, value: bool | None) -> None:
        # Only "true" is a valid value: anything else means no header.
        if value is not True:
            del self.headers["Access-Control-Allow-Credentials"]
            return
        self.headers["Access-Control-Allow-Credentials"] = "true"

    access_control_allow_headers = header_property(
        "Access-Control-Allow-Headers",
        load_func=parse_set_header,
        dump_func=dump_header,
        doc="The headers a cross-origin request may send.",
    )
    access_control_allow_methods = header_property(
        "Access-Control-Allow-Methods",
        load_func=parse_set_header,
        dump_func=dump_header,
        doc="The methods a cross-origin request may use.",
    )
    access_control_allow_origin = header_property[str](
        "Access-Control-Allow-Origin",
        doc="The origin that may read the response, or ``*`` for any.",
    )
    access_control_expose_headers = header_property(
        "Access-Control-Expose-Headers",
        load_func=parse_set_header,
        dump_func=dump_header,
        doc="The response headers the browser may expose to JavaScript.",
    )
    access_control_max_age = header_property(
        "Access-Control-Max-Age",
        load_func=int,
        dump_func=str,
        doc="How many seconds a preflight answer may be cached.",
    )


class Response(
    _BaseResponse,
    ETagResponseMixin,
    WWWAuthenticateMixin,
    CORSResponseMixin,
    CommonResponseDescriptorsMixin,
):
    """The status and headers of an HTTP response, with the typed header
    properties. For WSGI use :class:`rostzeug.wrappers.Response`; this
    class is for other servers.

    :param status: the status as an int, a string such as ``"404 NOT FOUND"``
        or an :class:`~http.HTTPStatus`; :attr:`default_status` when None.
    :param headers: a :class:`~rostzeug.datastructures.Headers`, used as it
        is, or ``(key, value)`` pairs or a mapping to build one from.
    :param mimetype: the mimetype of the body; ``; charset=utf-8`` is added
        for text types. Ignored when ``content_type`` is given.
    :param content_type: the full Content-Type header.
    """
