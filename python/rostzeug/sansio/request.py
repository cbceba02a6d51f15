"""The request object without I/O: what can be known from the request line
and headers alone."""

from __future__ import annotations

from .. import _native
from ..datastructures import Headers
from ..datastructures import ImmutableMultiDict
from ..datastructures import MultiDict
from ..utils import cached_property


class Request:
    """The parts of an HTTP request that need no body: method, URL parts,
    headers and the values parsed from them.

    :param method: the request method, such as ``GET``.
    :param scheme: the URL scheme, ``http`` or ``https``.
    :param server: the address of the server as ``(host, port)``.
    :param root_path: the prefix the application is mounted at.
    :param path: the path below ``root_path``.
    :param query_string: the part of the URL after ``?``, as bytes.
    :param headers: the request headers.
    :param remote_addr: the address of the client.
    """

    #: The class of :attr:`args` (and of form data): read-only by default.
    parameter_storage_class: type[MultiDict] = ImmutableMultiDict

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
        self.method = method.upper()
        self.scheme = scheme
        self.server = server
        self.root_path = root_path.rstrip("/")
        self.path = "/" + path.lstrip("/")
        self.query_string = query_string
        self.headers = headers
        self.remote_addr = remote_addr

    def __repr__(self) -> str:
        try:
            url = self.url
        except Exception as e:
            url = f"(invalid URL: {e})"
        return f"<{type(self).__name__} {url!r} [{self.method}]>"

    @cached_property
    def args(self) -> MultiDict:
        """The parsed query string, in a :attr:`parameter_storage_class`.
        Escapes that do not decode as UTF-8 stay percent-encoded."""
        cls = self.parameter_storage_class
        from_lists = getattr(cls, "_from_lists", None)
        if from_lists is not None:
            return from_lists(_native.parse_query_lists(self.query_string))  # type: ignore[no-any-return]
        return cls(_native.parse_query_pairs(self.query_string))

    @cached_property
    def full_path(self) -> str:
        """The path and the query string, joined by ``?``."""
        return f"{self.path}?{self.query_string.decode()}"

    @property
    def host(self) -> str:
        """The host the request was sent to, with the port when it is not
        the scheme's default."""
        host = self.headers.get("host")
        if host:
            return host  # type: ignore[no-any-return]
        if self.server is None:
            return ""
        name, port = self.server
        if port is None or (self.scheme, port) in (("http", 80), ("https", 443)):
            return name
        return f"{name}:{port}"

    @cached_property
    def url(self) -> str:
        """The full URL of the request."""
        from urllib.parse import quote

        url = f"{self.scheme}://{self.host}{quote(self.root_path)}{quote(self.path)}"
        if self.query_string:
            url = f"{url}?{self.query_string.decode()}"
        return url

    @property
    def mimetype(self) -> str:
        """The Content-Type without parameters, lower-cased."""
        content_type = self.headers.get("Content-Type", "")
        return content_type.split(";", 1)[0].strip().lower()  # type: ignore[no-any-return]
