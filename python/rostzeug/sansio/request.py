"""The request object without I/O: what can be known from the request line
and headers alone.

:class:`Request` is the lean :class:`_BaseRequest` (URL parts, query
arguments, cookies, hosts) plus one mixin per group of header properties.
The mixins are the classes of Werkzeug's original documentation
(:class:`AcceptMixin`, :class:`ETagRequestMixin`, ...), which
:mod:`rostzeug.wrappers` exports; each can be added to
:class:`rostzeug.wrappers.BaseRequest` on its own.
"""

from __future__ import annotations

import typing as t
from datetime import datetime

from .. import _native
from ..datastructures import Accept
from ..datastructures import Authorization
from ..datastructures import CharsetAccept
from ..datastructures import EnvironHeaders
from ..datastructures import ETags
from ..datastructures import Headers
from ..datastructures import HeaderSet
from ..datastructures import IfRange
from ..datastructures import ImmutableList
from ..datastructures import ImmutableMultiDict
from ..datastructures import LanguageAccept
from ..datastructures import MIMEAccept
from ..datastructures import MultiDict
from ..datastructures import Range
from ..datastructures import RequestCacheControl
from ..http import parse_accept_header
from ..http import parse_cache_control_header
from ..http import parse_date
from ..http import parse_etags
from ..http import parse_if_range_header
from ..http import parse_list_header
from ..http import parse_options_header
from ..http import parse_range_header
from ..http import parse_set_header
from ..user_agent import UserAgent
from ..utils import cached_property
from ..utils import header_property
from .http import parse_cookie
from .utils import get_content_length
from .utils import get_current_url
from .utils import get_host


def _header_value(headers: Headers, name: str, environ_key: str) -> str | None:
    """``headers.get(name)``, read from the environ directly for the
    headers of a WSGI request, which is quicker for the headers parsed on
    most requests."""
    if type(headers) is EnvironHeaders:
        return headers.environ.get(environ_key)
    return headers.get(name)


class _BaseRequest:
    """The parts of an HTTP request every application needs: method, URL
    parts, query arguments, cookies and the host, without the typed header
    properties the mixins add.

    :param method: the request method, such as ``GET``.
    :param scheme: the URL scheme, such as ``https`` or ``wss``.
    :param server: the address of the server: ``(host, port)``,
        ``(path, None)`` for a Unix socket, or None when unknown.
    :param root_path: the prefix the application is mounted at.
    :param path: the path below ``root_path``.
    :param query_string: the part of the URL after ``?``, as bytes.
    :param headers: the request headers.
    :param remote_addr: the address of the client.
    """

    #: The class of :attr:`args` (and of form data): read-only by default.
    parameter_storage_class: type[MultiDict[str, t.Any]] = ImmutableMultiDict
    #: The class of other multi-value data, such as :attr:`cookies`.
    dict_storage_class: type[MultiDict[str, t.Any]] = ImmutableMultiDict
    #: The class of list data, such as :attr:`access_route`.
    list_storage_class: type[list[t.Any]] = ImmutableList
    #: The host names accepted in :attr:`host`; None accepts any. Since
    #: clients choose the ``Host`` header, set this (or check the host in
    #: the proxy) when the application builds URLs from it.
    trusted_hosts: list[str] | None = None

    #: The request method, upper-cased, such as ``GET``.
    method: str
    #: The URL scheme, such as ``https`` or ``wss``.
    scheme: str
    #: The address of the server, see the class parameters.
    server: tuple[str, int | None] | None
    #: The mount prefix, without a trailing slash.
    root_path: str
    #: The path below :attr:`root_path`, starting with ``/``.
    path: str
    #: The raw query string; :attr:`args` holds it parsed.
    query_string: bytes
    #: The headers received with the request.
    headers: Headers
    #: The address of the client.
    remote_addr: str | None
    # Set by _parse_content_type; declared so that type checkers know its
    # type without inferring it through the import cycle of the stubs.
    _parsed_content_type: tuple[str, dict[str, str]]

    def __init__(
        self,
        method: str,
        scheme: str,
        server: tuple[str, int | None] | None,
        root_path: str,
        path: str,
        query_string: bytes,
        headers: Headers,
        remote_addr: str | None,
    ) -> None:
        # Only the method and the two paths are normalised; the rest is kept
        # as given.
        self.method, self.root_path, self.path = (
            method.upper(),
            root_path.rstrip("/"),
            f"/{path.lstrip('/')}",
        )
        self.scheme, self.server, self.remote_addr = scheme, server, remote_addr
        self.query_string, self.headers = query_string, headers

    def __repr__(self) -> str:
        # A malformed Host header must not make the request unprintable.
        try:
            shown = repr(self.url)
        except Exception as exc:
            shown = repr(f"(invalid URL: {exc})")
        return f"<{type(self).__name__} {shown} [{self.method}]>"

    @cached_property
    def args(self) -> MultiDict[str, str]:
        """The parsed query string, in a :attr:`parameter_storage_class`.
        Escapes that do not decode as UTF-8 stay percent-encoded."""
        # The native parser builds classes that store value lists as a dict
        # through ``_from_lists`` (the ordered multidict, whose
        # ``_from_lists`` is None, from the pairs).
        return _native.parse_query(self.query_string, self.parameter_storage_class)

    @cached_property
    def access_route(self) -> list[str]:
        """The client's address and those of the proxies it went through:
        the ``X-Forwarded-For`` list if the header is sent, else
        :attr:`remote_addr`."""
        forwarded = self.headers.get("X-Forwarded-For")
        if forwarded is not None:
            return self.list_storage_class(parse_list_header(forwarded))
        if self.remote_addr is not None:
            return self.list_storage_class([self.remote_addr])
        return self.list_storage_class()

    @cached_property
    def full_path(self) -> str:
        """The path and the query string, joined by ``?``."""
        return f"{self.path}?{self.query_string.decode()}"

    @property
    def is_secure(self) -> bool:
        """Whether the request came over a secure protocol (HTTPS or WSS)."""
        return self.scheme in {"https", "wss"}

    @cached_property
    def url(self) -> str:
        """The full URL: scheme, host, root path, path and query string."""
        return get_current_url(
            self.scheme, self.host, self.root_path, self.path, self.query_string
        )

    @cached_property
    def base_url(self) -> str:
        """The URL without the query string."""
        return get_current_url(self.scheme, self.host, self.root_path, self.path)

    @cached_property
    def root_url(self) -> str:
        """The URL the application is mounted at: scheme, host and root
        path, ending with ``/``."""
        return get_current_url(self.scheme, self.host, self.root_path)

    @cached_property
    def host_url(self) -> str:
        """The scheme and host, ending with ``/``."""
        return get_current_url(self.scheme, self.host)

    @cached_property
    def host(self) -> str:
        """The host the request was sent to, with the port when it is not
        the scheme's default, checked against :attr:`trusted_hosts`."""
        return get_host(
            self.scheme, self.headers.get("host"), self.server, self.trusted_hosts
        )

    @cached_property
    def cookies(self) -> ImmutableMultiDict[str, str]:
        """The cookies the client sent, in a :attr:`dict_storage_class`."""
        headers = self.headers
        if type(headers) is EnvironHeaders:
            # An environ holds one Cookie value; looking it up directly
            # avoids going through every header.
            value = headers.environ.get("HTTP_COOKIE", "")
        else:
            value = ";".join(headers.getlist("Cookie"))
        return parse_cookie(value, self.dict_storage_class)  # type: ignore[return-value]

    def _parse_content_type(self) -> None:
        if not hasattr(self, "_parsed_content_type"):
            self._parsed_content_type = parse_options_header(
                self.headers.get("Content-Type", "")
            )

    def _get_content_length(self) -> int | None:
        return get_content_length(
            http_content_length=self.headers.get("Content-Length"),
            http_transfer_encoding=self.headers.get("Transfer-Encoding"),
        )

    @property
    def is_json(self) -> bool:
        """Whether the mimetype is ``application/json`` or
        ``application/*+json``."""
        self._parse_content_type()
        mt = self._parsed_content_type[0].lower()
        return mt == "application/json" or (
            mt.startswith("application/") and mt.endswith("+json")
        )


class AcceptMixin:
    """Adds the parsed ``Accept*`` headers to a request class."""

    headers: Headers

    @cached_property
    def accept_mimetypes(self) -> MIMEAccept:
        """The ``Accept`` header: the media types the client takes."""
        return parse_accept_header(
            _header_value(self.headers, "Accept", "HTTP_ACCEPT"), MIMEAccept
        )

    @cached_property
    def accept_charsets(self) -> CharsetAccept:
        """The ``Accept-Charset`` header: the charsets the client takes."""
        return parse_accept_header(
            _header_value(self.headers, "Accept-Charset", "HTTP_ACCEPT_CHARSET"),
            CharsetAccept,
        )

    @cached_property
    def accept_encodings(self) -> Accept:
        """The ``Accept-Encoding`` header: the content codings, such as
        ``gzip``, the client takes."""
        return parse_accept_header(
            _header_value(self.headers, "Accept-Encoding", "HTTP_ACCEPT_ENCODING")
        )

    @cached_property
    def accept_languages(self) -> LanguageAccept:
        """The ``Accept-Language`` header: the languages the client
        prefers."""
        return parse_accept_header(
            _header_value(self.headers, "Accept-Language", "HTTP_ACCEPT_LANGUAGE"),
            LanguageAccept,
        )


class ETagRequestMixin:
    """Adds the caching and conditional request headers to a request
    class: ``Cache-Control``, ``If-*`` and ``Range``."""

    headers: Headers

    @cached_property
    def cache_control(self) -> RequestCacheControl:
        """The ``Cache-Control`` header."""
        return parse_cache_control_header(
            self.headers.get("Cache-Control"),
            None,
            RequestCacheControl,
        )

    @cached_property
    def if_match(self) -> ETags:
        """The entity tags of the ``If-Match`` header."""
        return parse_etags(self.headers.get("If-Match"))

    @cached_property
    def if_none_match(self) -> ETags:
        """The entity tags of the ``If-None-Match`` header."""
        return parse_etags(self.headers.get("If-None-Match"))

    @cached_property
    def if_modified_since(self) -> datetime | None:
        """The ``If-Modified-Since`` header as an aware datetime."""
        return parse_date(self.headers.get("If-Modified-Since"))

    @cached_property
    def if_unmodified_since(self) -> datetime | None:
        """The ``If-Unmodified-Since`` header as an aware datetime."""
        return parse_date(self.headers.get("If-Unmodified-Since"))

    @cached_property
    def if_range(self) -> IfRange:
        """The ``If-Range`` header: a date or an entity tag."""
        return parse_if_range_header(self.headers.get("If-Range"))

    @cached_property
    def range(self) -> Range | None:
        """The ``Range`` header, or None when it is missing or malformed."""
        return parse_range_header(self.headers.get("Range"))


class UserAgentMixin:
    """Adds :attr:`user_agent` to a request class.

    As in Werkzeug 3.1, the user agent is not parsed by default. Set
    :attr:`user_agent_class` to :class:`rostzeug.useragents.UserAgent` to
    get the ``platform``, ``browser``, ``version`` and ``language`` that
    the original documentation's mixin gave::

        from rostzeug.useragents import UserAgent

        class Request(BaseRequest, UserAgentMixin):
            user_agent_class = UserAgent
    """

    headers: Headers

    #: The class :attr:`user_agent` is made with. The default only keeps the
    #: string; :class:`rostzeug.useragents.UserAgent` parses it.
    user_agent_class: type[UserAgent] = UserAgent

    @cached_property
    def user_agent(self) -> UserAgent:
        """The ``User-Agent`` header in a :attr:`user_agent_class`; its
        ``string`` is the header value."""
        return self.user_agent_class(self.headers.get("User-Agent", ""))


class AuthorizationMixin:
    """Adds :attr:`authorization` to a request class."""

    headers: Headers

    @cached_property
    def authorization(self) -> Authorization | None:
        """The ``Authorization`` header, or None if it is not sent."""
        return Authorization.from_header(self.headers.get("Authorization"))


class CORSRequestMixin:
    """Adds the headers a browser sends for a cross-origin request."""

    headers: Headers

    origin = header_property[str](
        "Origin",
        doc="The origin the request comes from.",
        read_only=True,
    )
    access_control_request_headers = header_property(
        "Access-Control-Request-Headers",
        load_func=parse_set_header,
        doc="The headers a preflight request announces.",
        read_only=True,
    )
    access_control_request_method = header_property[str](
        "Access-Control-Request-Method",
        doc="The method a preflight request announces.",
        read_only=True,
    )


class CommonRequestDescriptorsMixin:
    """Adds the common entity and general headers to a request class:
    content type and length, encoding, referrer, date, pragma..."""

    headers: Headers
    _parse_content_type: t.Callable[[], None]
    _parsed_content_type: tuple[str, dict[str, str]]
    _get_content_length: t.Callable[[], int | None]

    content_type = header_property[str](
        "Content-Type",
        doc="The ``Content-Type`` header: the media type of the body.",
        read_only=True,
    )

    @cached_property
    def content_length(self) -> int | None:
        """The ``Content-Length`` header as an int: 0 when it is not a
        plain number, None when it is missing or the body is chunked."""
        return self._get_content_length()

    content_encoding = header_property[str](
        "Content-Encoding",
        doc="The ``Content-Encoding`` header: the codings applied to the body.",
        read_only=True,
    )
    content_md5 = header_property[str](
        "Content-MD5",
        doc="The ``Content-MD5`` header: an MD5 digest of the body.",
        read_only=True,
    )
    referrer = header_property[str](
        "Referer",
        doc="The ``Referer`` header: the page the request came from.",
        read_only=True,
    )
    date = header_property(
        "Date",
        None,
        parse_date,
        doc="The ``Date`` header as an aware datetime.",
        read_only=True,
    )
    max_forwards = header_property(
        "Max-Forwards",
        None,
        int,
        doc="The ``Max-Forwards`` header as an int.",
        read_only=True,
    )

    @property
    def mimetype(self) -> str:
        """The ``Content-Type`` without parameters, lower-cased."""
        self._parse_content_type()
        return self._parsed_content_type[0].lower()

    @property
    def mimetype_params(self) -> dict[str, str]:
        """The parameters of the ``Content-Type``, such as
        ``{"charset": "utf-8"}``."""
        self._parse_content_type()
        return self._parsed_content_type[1]

    @cached_property
    def pragma(self) -> HeaderSet:
        """The ``Pragma`` header's directives."""
        return parse_set_header(self.headers.get("Pragma", ""))


class Request(
    _BaseRequest,
    AcceptMixin,
    ETagRequestMixin,
    UserAgentMixin,
    AuthorizationMixin,
    CORSRequestMixin,
    CommonRequestDescriptorsMixin,
):
    """The parts of an HTTP request that need no body: method, URL parts,
    headers and the values parsed from them. For WSGI use
    :class:`rostzeug.wrappers.Request`; this class is for other servers.

    :param method: the request method, such as ``GET``.
    :param scheme: the URL scheme, such as ``https`` or ``wss``.
    :param server: the address of the server: ``(host, port)``,
        ``(path, None)`` for a Unix socket, or None when unknown.
    :param root_path: the prefix the application is mounted at.
    :param path: the path below ``root_path``.
    :param query_string: the part of the URL after ``?``, as bytes.
    :param headers: the request headers.
    :param remote_addr: the address of the client.
    """
