"""Request URL helpers that work on plain values instead of a WSGI environ:
the host of a request, its full URL and its body length."""

from __future__ import annotations

import functools
import re
import typing as t
from urllib.parse import quote

from ..exceptions import SecurityError
from ..http import parse_list_header
from ..urls import _unquote_path
from ..urls import _unquote_query
from ..urls import uri_to_iri

# A host is a registered name or IPv4 address, or an IPv6 address in
# brackets, optionally followed by a port from 1 to 5 digits without a
# leading zero (the range is checked separately).
_HOST_RE = re.compile(
    r"([a-z0-9.-]+|\[[a-f0-9]*:[a-f0-9.:]+\])(?::([1-9][0-9]{0,4}))?",
    re.ASCII | re.IGNORECASE,
)

# The characters left unquoted when a URL is rebuilt from its parts: the
# WHATWG path and query code points that are not delimiters, and "%" so that
# escapes already present survive.
_SAFE_PATH = "!$&'()*+,/:;=@%"
_SAFE_QUERY = "!$&'()*+,/:;=?@%"
# What quote() changes with those safe characters. Most paths and queries have
# none of it; checking first skips quote(), which costs microseconds per call.
_PATH_NEEDS_QUOTE = re.compile(r"[^A-Za-z0-9_.~\-!$&'()*+,/:;=@%]").search
_QUERY_NEEDS_QUOTE = re.compile(rb"[^A-Za-z0-9_.~\-!$&'()*+,/:;=?@%]").search

_CACHE_SIZE = 512


@functools.lru_cache(maxsize=_CACHE_SIZE)
def _trusted_name(name: str) -> str:
    """The host part of a trusted-hosts entry, IDNA-encoded. Memoized because
    the same few entries are checked on every request and the codec is slow."""
    return name.partition(":")[0].encode("idna").decode("ascii")


@functools.lru_cache(maxsize=_CACHE_SIZE)
def _host_name(hostname: str) -> str | None:
    """Returns the host of a well formed ``host:port`` value without the
    port, or ``None`` if the value is not well formed. Memoized because an
    application sees the same few hosts on every request."""
    match = _HOST_RE.fullmatch(hostname)
    if match is None:
        return None
    name, port = match.groups()
    if port is not None and int(port) > 65535:
        return None
    return t.cast(str, name)


def host_is_trusted(
    hostname: str | None, trusted_list: t.Collection[str] | None = None
) -> bool:
    """Checks a ``host:port`` value, such as the ``Host`` header.

    The host must be a name or IPv4 address made of ASCII letters, digits,
    ``.`` and ``-``, or an IPv6 address in brackets; a port, if given, must
    be a number from 1 to 65535 without a leading zero. Nothing else about
    the host is validated.

    :param hostname: The ``host:port`` value to check.
    :param trusted_list: The trusted domains the host must match; empty or
        ``None`` allows all. A name starting with ``.`` also matches all its
        subdomains. The names are IDNA-encoded if they are not already, and
        any port in them is ignored, as is the port of ``hostname``.
    :return: Whether the value is well formed and, with ``trusted_list``,
        matches one of its names.
    """
    if not hostname:
        return False

    name = _host_name(hostname)
    if name is None:
        return False

    if not trusted_list:
        return True

    entries = (trusted_list,) if isinstance(trusted_list, str) else trusted_list
    for entry in entries:
        # A leading "." accepts the name and every subdomain of it.
        with_subdomains = entry.startswith(".")
        try:
            trusted = _trusted_name(entry[1:] if with_subdomains else entry)
        except UnicodeError:
            # Python's idna codec raises a plain UnicodeError before 3.13.
            # An entry that cannot be encoded ends the check.
            return False
        if name == trusted:
            return True
        if with_subdomains and name.endswith("." + trusted):
            return True
    return False


def get_host(
    scheme: str,
    host_header: str | None,
    server: tuple[str, int | None] | None = None,
    trusted_hosts: t.Collection[str] | None = None,
) -> str:
    """Returns the ``host:port`` a request was made to, checked with
    :func:`host_is_trusted`.

    The ``Host`` header is used if the client sent one, else the server's
    address. The port is left out when it is the default of the scheme (80
    for ``http`` and ``ws``, 443 for ``https`` and ``wss``).

    Without a ``Host`` header and a usable server address (HTTP/0.9 and 1.0
    requests, servers on a Unix socket), or when the value is not a well
    formed host, the result is the empty string; routing by host or
    subdomain and building external URLs will not work for such requests.

    :param scheme: The URL scheme of the request, such as ``"https"``.
    :param host_header: The value of the ``Host`` header.
    :param server: The server's address as ``(host, port)``. The port is
        ``None`` for a Unix socket, whose address is not a host and is not
        used.
    :param trusted_hosts: The trusted domains the host must match; see
        :func:`host_is_trusted`. Empty or ``None`` allows all.
    :return: The host, with the port if it is not the default.
    :raise ~rostzeug.exceptions.SecurityError: If ``trusted_hosts`` is given
        and the host matches none of them.
    """
    host = host_header if host_header is not None else _server_as_host(server)
    if host is None:
        return ""

    default_port = _DEFAULT_PORT_SUFFIX.get(scheme)
    if default_port is not None:
        host = host.removesuffix(default_port)

    if host_is_trusted(host, trusted_hosts):
        return host
    if not trusted_hosts:
        # Only the characters were checked: a malformed host counts as none.
        return ""
    raise SecurityError(
        f"Host {host!r} is not trusted. Add it to the trusted hosts"
        " if requests to it should be served."
    )


# The ``:port`` that is left out of a host for the scheme's default port.
_DEFAULT_PORT_SUFFIX = {"http": ":80", "ws": ":80", "https": ":443", "wss": ":443"}


def _server_as_host(server: tuple[str, int | None] | None) -> str | None:
    """The server's address written as a ``Host`` header would be, or None
    when there is no address or it is a Unix socket (no port)."""
    if server is None or server[1] is None:
        return None
    name, port = server
    # IPv6 addresses come without the brackets a Host header has; names and
    # IPv4 addresses never contain ":".
    if ":" in name and not name.startswith("["):
        name = f"[{name}]"
    return f"{name}:{port}"


# A scheme and host that urlsplit takes apart exactly as written: they have
# no delimiters, whitespace or userinfo. For these the normalized
# "scheme://host" can be computed once and reused.
_PLAIN_SCHEME_RE = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*")
_PLAIN_HOST_RE = re.compile(r"[A-Za-z0-9._\-:\[\]]+")


@functools.lru_cache(maxsize=_CACHE_SIZE)
def _iri_origin(scheme: str, host: str) -> str | None:
    """Returns ``scheme://host`` as :func:`~rostzeug.urls.uri_to_iri`
    converts it, or ``None`` if the URL has to be converted as a whole."""
    if _PLAIN_SCHEME_RE.fullmatch(scheme) is None:
        return None
    if _PLAIN_HOST_RE.fullmatch(host) is None:
        return None
    try:
        iri = uri_to_iri(f"{scheme}://{host}/")
    except ValueError:
        # An invalid port: leave the error to the full conversion.
        return None
    origin = iri[:-1]
    if not origin.startswith(f"{scheme.lower()}://") or len(origin) <= len(scheme) + 3:
        return None
    return origin


def get_current_url(
    scheme: str,
    host: str,
    root_path: str | None = None,
    path: str | None = None,
    query_string: bytes | None = None,
) -> str:
    """Rebuilds the URL of a request from its parts. Each optional part is
    used only if the ones before it are given too.

    The URL is an IRI: escapes of UTF-8 text in the path and query are
    decoded, so it may contain non-ASCII characters. Use
    :func:`~rostzeug.urls.iri_to_uri` to get an ASCII URI.

    :param scheme: The URL scheme of the request, such as ``"https"``.
    :param host: The ``host:port`` of the request; see :func:`get_host`.
    :param root_path: The prefix the application is mounted at, which comes
        before ``path``. Without it the URL ends with ``/`` after the host.
    :param path: The path below ``root_path``.
    :param query_string: The part of the URL after the ``?``.
    """
    origin = _iri_origin(scheme, host)

    if root_path is None:
        full_path = "/"
    else:
        root_path = root_path.rstrip("/")
        if _PATH_NEEDS_QUOTE(root_path) is not None:
            root_path = quote(root_path, safe=_SAFE_PATH)
        full_path = root_path + "/"
        if path is not None:
            path = path.lstrip("/")
            if _PATH_NEEDS_QUOTE(path) is not None:
                path = quote(path, safe=_SAFE_PATH)
            full_path += path
            if query_string:
                if _QUERY_NEEDS_QUOTE(query_string) is None:
                    full_path += "?" + query_string.decode("ascii")
                else:
                    full_path += "?" + quote(query_string, safe=_SAFE_QUERY)

    # A root path without its leading "/" (not valid WSGI) runs on into the
    # host, as it does in Werkzeug: only the whole URL converts it alike.
    if origin is None or not full_path.startswith("/"):
        return uri_to_iri(f"{scheme}://{host}{full_path}")

    # The parts are quoted so that the path cannot hold a "?" or "#", and the
    # query cannot hold a "#"; converting each part alone is therefore the
    # same as converting the whole URL.
    if "%" not in full_path:
        return origin + full_path
    path_part, sep, query_part = full_path.partition("?")
    if sep:
        return f"{origin}{_unquote_path(path_part)}?{_unquote_query(query_part)}"
    return origin + _unquote_path(path_part)


def get_content_length(
    http_content_length: str | None = None,
    http_transfer_encoding: str | None = None,
) -> int | None:
    """Returns the ``Content-Length`` header value as an int.

    ``None`` means the body is streamed: there is no ``Content-Length``, or
    the ``Transfer-Encoding`` is ``chunked``. A value that is not made of
    ASCII digits (after stripping spaces and tabs), or that is negative,
    gives 0.

    :param http_content_length: The ``Content-Length`` header value.
    :param http_transfer_encoding: The ``Transfer-Encoding`` header value.
    """
    if http_content_length is None:
        return None

    if http_transfer_encoding is not None and any(
        coding.lower() == "chunked"
        for coding in parse_list_header(http_transfer_encoding)
    ):
        return None

    value = http_content_length.strip(" \t")
    # isdigit alone would also take non-ASCII digits, which int() accepts.
    if not (value.isascii() and value.isdigit()):
        # A negative value, a sign, or no number at all.
        return 0
    try:
        return int(value)
    except ValueError:
        # More digits than int() converts.
        return 0
