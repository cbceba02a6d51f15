"""Forward the requests under some path prefixes to other HTTP servers.

.. autoclass:: ProxyMiddleware
"""

from __future__ import annotations

import collections
import os
import re
import select
import socket
import ssl
import threading
import time
import typing as t
import weakref
from http import HTTPStatus
from urllib.parse import quote
from urllib.parse import urlsplit

from .._internal import _log
from .._native import ChunkedFraming
from .._native import ResponseHeadReader
from .._native import request_head
from ..exceptions import BadGateway
from ..exceptions import BadRequest
from ..exceptions import ClientDisconnected
from ..exceptions import GatewayTimeout
from ..exceptions import HTTPException
from ..exceptions import LengthRequired
from ..http import parse_set_header
from ..wsgi import get_content_length
from ..wsgi import get_host
from ..wsgi import get_input_stream

if t.TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse
    from _typeshed.wsgi import WSGIApplication
    from _typeshed.wsgi import WSGIEnvironment

#: Methods whose request may be sent a second time when a kept-alive
#: connection turns out to be closed by the upstream before it answered.
_IDEMPOTENT_METHODS = frozenset(("GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE"))

#: The environ keys of request headers that are not copied to the upstream
#: request: hop-by-hop headers, those the proxy sets itself, and the body's
#: length and type, which have keys without ``HTTP_``.
_SKIPPED_ENVIRON_KEYS = frozenset(
    (
        "HTTP_CONNECTION",
        "HTTP_KEEP_ALIVE",
        "HTTP_PROXY_AUTHENTICATE",
        "HTTP_PROXY_AUTHORIZATION",
        "HTTP_PROXY_CONNECTION",
        "HTTP_TE",
        "HTTP_TRAILER",
        "HTTP_TRANSFER_ENCODING",
        "HTTP_UPGRADE",
        "HTTP_HOST",
        "HTTP_EXPECT",
        "HTTP_X_FORWARDED_FOR",
        "HTTP_X_FORWARDED_PROTO",
        "HTTP_X_FORWARDED_HOST",
        "HTTP_CONTENT_LENGTH",
        "HTTP_CONTENT_TYPE",
    )
)

# The characters left as they are in the path of the upstream request:
# those of a URL path segment (WHATWG URL standard), ``/``, and ``%`` so
# that a path that is already quoted stays as it is.
_PATH_SAFE = "!$&'()*+,/:;=@%"
_QUERY_SAFE = "!$&'()*+,/:;=?@%[]"

_TOKEN = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
_FORBIDDEN_IN_VALUES = re.compile(r"[\r\n\0]")

#: How much is read from an upstream at once while its response head is
#: awaited. A small body often arrives with the head.
_HEAD_READ_SIZE = 65536

_HAS_POLL = hasattr(select, "poll")


class _TargetError(Exception):
    """The upstream request failed before a response could be relayed.
    ``timed_out`` chooses between a 504 and a 502 answer."""

    def __init__(self, reason: str, detail: BaseException, timed_out: bool) -> None:
        super().__init__(reason)
        self.reason = reason
        self.detail = detail
        self.timed_out = timed_out


class _InvalidResponse(Exception):
    """What the upstream sent is not an HTTP/1.x response."""


class _ClosedWithoutAnswer(ConnectionError):
    """The upstream closed the connection before any byte of a response."""


class _Connection:
    """One socket to an upstream server, used for one request at a time,
    with the reader that collects each response head from it."""

    __slots__ = ("_poller", "head_reader", "sock")

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self.head_reader = ResponseHeadReader()
        self._poller: t.Any = None

    def idle_and_open(self) -> bool:
        """Whether the idle connection can carry another request. An idle
        socket that is readable has been closed by the server, or received
        bytes that answer no request; either way it cannot be used."""
        sock = self.sock
        if isinstance(sock, ssl.SSLSocket) and sock.pending():
            return False
        try:
            if _HAS_POLL:
                poller = self._poller
                if poller is None:
                    poller = self._poller = select.poll()
                    poller.register(sock, select.POLLIN)
                return not poller.poll(0)
            readable, _, _ = select.select([sock], [], [], 0)
            return not readable
        except (OSError, ValueError):
            return False

    def close(self) -> None:
        self._poller = None
        self.sock.close()


class _ConnectionPool:
    """Kept-alive connections to one upstream server, shared by threads.

    At most ``max_idle`` idle connections are kept; one idle for longer than
    ``idle_timeout`` seconds is closed instead of reused. Connections in use
    are not counted: each request holds its own until its response is
    complete.
    """

    def __init__(
        self,
        scheme: str,
        host: str,
        port: int,
        ssl_context: ssl.SSLContext | None,
        timeout: float,
        max_idle: int,
        idle_timeout: float,
    ) -> None:
        self.scheme = scheme
        self.host = host
        self.port = port
        self.ssl_context = ssl_context
        self.timeout = timeout
        self.max_idle = max_idle
        self.idle_timeout = idle_timeout
        self._idle: collections.deque[tuple[_Connection, float]] = collections.deque()
        self._lock = threading.Lock()
        self._pid = os.getpid()
        self.shut_down = False

    def connect(self) -> _Connection:
        """A new connection; raises :exc:`OSError` when there is none."""
        sock = socket.create_connection((self.host, self.port), self.timeout)
        try:
            # Requests and responses are written whole; waiting for more
            # data to fill a packet would only add latency.
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            if self.scheme == "https":
                context = self.ssl_context
                if context is None:
                    context = _default_ssl_context()
                sock = context.wrap_socket(sock, server_hostname=self.host)
        except BaseException:
            sock.close()
            raise
        return _Connection(sock)

    def take_idle(self) -> _Connection | None:
        """The most recently used idle connection that is still usable, or
        None. Connections closed by the server meanwhile, and those idle
        for too long, are closed and dropped."""
        now = time.monotonic()
        stale = []
        found = None
        with self._lock:
            if self._pid != os.getpid():
                # A forked process must not share sockets with its parent.
                self._idle.clear()
                self._pid = os.getpid()
            while self._idle:
                connection, idle_since = self._idle.pop()
                if now - idle_since > self.idle_timeout:
                    stale.append(connection)
                    # Everything to the left has been idle even longer.
                    stale.extend(connection for connection, _ in self._idle)
                    self._idle.clear()
                    break
                if not connection.idle_and_open():
                    stale.append(connection)
                    continue
                found = connection
                break
        for connection in stale:
            connection.close()
        return found

    def put_back(self, connection: _Connection) -> None:
        """Keeps a connection whose last response was read completely."""
        with self._lock:
            if (
                len(self._idle) < self.max_idle
                and self._pid == os.getpid()
                and not self.shut_down
            ):
                self._idle.append((connection, time.monotonic()))
                return
        connection.close()

    def close(self, shut_down: bool = False) -> None:
        """Closes the idle connections; with ``shut_down``, also those put
        back later, when the middleware itself has gone away."""
        with self._lock:
            self.shut_down = self.shut_down or shut_down
            idle = [connection for connection, _ in self._idle]
            self._idle.clear()
        for connection in idle:
            connection.close()

    def __len__(self) -> int:
        return len(self._idle)


_ssl_context: ssl.SSLContext | None = None


def _default_ssl_context() -> ssl.SSLContext:
    """The context for https targets without one: the system's trusted
    certificates, host name checked, HTTP/1.1 announced."""
    global _ssl_context
    if _ssl_context is None:
        context = ssl.create_default_context()
        context.set_alpn_protocols(["http/1.1"])
        _ssl_context = context
    return _ssl_context


def _connection_tokens(value: str | None) -> set[str]:
    """The lower-cased header names listed in a ``Connection`` header, which
    are hop-by-hop for this message too."""
    return {token.lower() for token in parse_set_header(value)} if value else set()


#: The skipped environ keys by the request's ``Connection`` header, for
#: the values seen most; bounded, since the values come from clients.
_skipped_by_connection: dict[str, frozenset[str]] = {}
_SKIPPED_CACHE_SIZE = 64


def _skipped_environ_keys(connection_header: str) -> frozenset[str]:
    """The environ keys not copied to the upstream request when the client
    sent ``connection_header``: those it names are hop-by-hop too."""
    skipped = _skipped_by_connection.get(connection_header)
    if skipped is None:
        skipped = _SKIPPED_ENVIRON_KEYS.union(
            "HTTP_" + token.upper().replace("-", "_")
            for token in _connection_tokens(connection_header)
        )
        if len(_skipped_by_connection) < _SKIPPED_CACHE_SIZE:
            _skipped_by_connection[connection_header] = skipped
    return skipped


class _CompleteBody(list[bytes]):
    """The pieces of a body that arrived whole with its head. Closing it,
    as the server does when the response ends, has nothing left to do."""

    def close(self) -> None:
        pass


class _UpstreamBody:
    """The body of an upstream response that had not arrived in full with
    its head, read in pieces as the server asks for them and decoded by its
    framing: a length, chunked transfer coding, or the end of the
    connection. The connection goes back to its pool once the body has
    been read completely, and is closed when the body is abandoned or
    malformed."""

    def __init__(
        self,
        pool: _ConnectionPool,
        connection: _Connection,
        received: bytes,
        content_length: int,
        chunked: bool,
        keep_alive: bool,
        chunk_size: int,
    ) -> None:
        self._pool = pool
        self._connection: _Connection | None = connection
        self._received = received
        self._content_length = content_length
        self._chunked = chunked
        self._keep_alive = keep_alive
        self._chunk_size = chunk_size

    def __iter__(self) -> t.Iterator[bytes]:
        if self._chunked:
            return self._chunked_pieces()
        if self._content_length >= 0:
            return self._counted_pieces()
        return self._pieces_until_close()

    def _receive(self, size: int) -> bytes:
        """What has arrived of the body, at most ``size`` bytes; empty when
        the server has closed the connection."""
        connection = self._connection
        if connection is None:
            # Closed meanwhile by another call of close().
            raise ConnectionError("The upstream connection has been closed.")
        try:
            # recv returns what has arrived instead of waiting for ``size``
            # bytes, so a streamed response is relayed as it comes.
            return connection.sock.recv(size)
        except OSError as e:
            self._discard()
            # Ending the body normally would pass a truncated response on
            # as complete; an error makes the server abort it.
            raise ConnectionError(
                f"The upstream server {self._pool.host}:{self._pool.port}"
                f" failed while sending the response body: {e!r}"
            ) from e

    def _truncated(self, missing: str) -> ConnectionError:
        self._discard()
        return ConnectionError(
            f"The upstream server {self._pool.host}:{self._pool.port} closed the"
            f" connection {missing} before the end of the response body."
        )

    def _pieces(self, data: bytes) -> t.Iterator[bytes]:
        size = self._chunk_size
        if len(data) <= size:
            yield data
        else:
            for start in range(0, len(data), size):
                yield data[start : start + size]

    def _counted_pieces(self) -> t.Iterator[bytes]:
        received = self._received
        self._received = b""
        # Less than the whole body came with the head.
        remaining = self._content_length - len(received)
        if received:
            yield from self._pieces(received)
        chunk_size = self._chunk_size
        while remaining:
            data = self._receive(min(chunk_size, remaining))
            if not data:
                raise self._truncated(f"{remaining} bytes")
            remaining -= len(data)
            if not remaining:
                # The body is complete: give the connection back before the
                # last piece goes out, since the client may send its next
                # request as soon as it has it.
                self._finish(reusable=True)
            yield data

    def _pieces_until_close(self) -> t.Iterator[bytes]:
        received = self._received
        self._received = b""
        if received:
            yield from self._pieces(received)
        chunk_size = self._chunk_size
        while data := self._receive(chunk_size):
            yield data
        self._finish(reusable=False)

    def _chunked_pieces(self) -> t.Iterator[bytes]:
        framing = ChunkedFraming()
        chunk_size = self._chunk_size
        data = self._received
        self._received = b""
        position = 0
        # The data of the current chunk still to come.
        remaining = 0
        # A piece is held back until the next one, or the end of the body,
        # is known, so that the connection can go back to the pool before
        # the last piece goes out. It is never held while waiting for data.
        pending: bytes | None = None
        while True:
            if position == len(data):
                if pending is not None:
                    yield pending
                    pending = None
                data = self._receive(chunk_size)
                position = 0
                if not data:
                    raise self._truncated("in the middle of a chunked body")
            if remaining:
                piece = data[position : position + min(remaining, chunk_size)]
                position += len(piece)
                remaining -= len(piece)
                if pending is not None:
                    yield pending
                pending = piece
                continue
            try:
                position, size = framing.feed(data, position)
            except ValueError as e:
                self._discard()
                raise ConnectionError(
                    f"The upstream server {self._pool.host}:{self._pool.port}"
                    f" sent a malformed chunked response body: {e}."
                ) from None
            if size == 0:
                # Bytes after the body answer no request: the connection
                # is out of step and cannot be reused.
                self._finish(reusable=position == len(data))
                if pending is not None:
                    yield pending
                return
            if size > 0:
                remaining = size

    def _finish(self, reusable: bool) -> None:
        connection = self._connection
        if connection is None:
            return
        self._connection = None
        if reusable and self._keep_alive:
            self._pool.put_back(connection)
        else:
            connection.close()

    def _discard(self) -> None:
        connection = self._connection
        if connection is not None:
            self._connection = None
            connection.close()

    def close(self) -> None:
        """Called by the server when the response ends: a body that was not
        read to its end leaves the connection in an unknown state."""
        self._discard()


class ProxyMiddleware:
    """Sends the requests under some path prefixes to other HTTP servers and
    relays their responses; every other request goes to the wrapped
    application::

        app = ProxyMiddleware(
            app, {"/api/": {"target": "http://localhost:8080/v1/"}}
        )

    The options of a target:

    ``target``
        The URL of the server to send the requests to (``http`` or
        ``https``). Required.
    ``remove_prefix``
        Strip the prefix from the path and put the target URL's path in its
        place. Default ``False``: the path is sent unchanged.
    ``host``
        The ``Host`` header of the upstream request. ``"<auto>"`` (the
        default) sends the target's host name, without port; ``None`` keeps
        the client's ``Host``; any other value is sent as it is.
    ``headers``
        A dict of headers added to every request to this target.
    ``ssl_context``
        The :class:`ssl.SSLContext` for an ``https`` target; ``None`` uses
        the default verification.

    Request and response bodies are relayed in chunks of at most
    ``chunk_size`` bytes in both directions, never read into memory as a
    whole. A request body with ``Content-Length`` is sent with it; one
    without (``Transfer-Encoding: chunked`` from the client, decoded by a
    server that sets ``wsgi.input_terminated``) is sent chunked.

    Hop-by-hop headers, and the headers named in a ``Connection`` header,
    are removed from the request and from the response. The upstream
    request gets ``X-Forwarded-For`` (the client's address appended to any
    value the client sent), ``X-Forwarded-Proto`` and ``X-Forwarded-Host``.
    Redirects and errors of the upstream are relayed, not followed.

    Connections to each upstream server are kept alive and reused by later
    requests: at most :attr:`max_idle_connections` idle ones per server,
    each for at most :attr:`idle_timeout` seconds. A reused connection that
    the server has closed meanwhile is replaced by a new one, and an
    idempotent request whose body has not been read is sent again once.

    When the upstream server cannot be reached, resets the connection or
    sends something that is not an HTTP/1.x response, the client gets a
    ``502 Bad Gateway``; when it does not answer within ``timeout``
    seconds, a ``504 Gateway Timeout``. The details go to the ``werkzeug``
    logger. A response head larger than 64 KiB or with more than 100 header
    lines, folded header lines, control characters in a value, and
    conflicting ``Content-Length`` values count as invalid. An error after
    the response has started, a malformed chunked body included, aborts the
    response.

    Only HTTP requests can be proxied at this layer, not WebSocket
    connections.

    :param app: The WSGI application for the requests outside every prefix.
    :param targets: A mapping from path prefix to the target's options.
    :param chunk_size: The most bytes read at once from the request body
        and from the upstream response.
    :param timeout: Seconds that connecting to the upstream server, and
        each read from or write to it, may take.
    """

    #: How many idle connections are kept per upstream server. Set it on
    #: the class or the instance before the first request.
    max_idle_connections = 32
    #: Seconds after which an idle connection is closed instead of reused;
    #: set like :attr:`max_idle_connections`.
    idle_timeout = 30.0

    def __init__(
        self,
        app: WSGIApplication,
        targets: t.Mapping[str, dict[str, t.Any]],
        chunk_size: int = 2 << 13,
        timeout: float = 10,
    ) -> None:
        self.app = app
        self.targets = {
            f"/{prefix.strip('/')}/": _with_defaults(options)
            for prefix, options in targets.items()
        }
        self.chunk_size = chunk_size
        self.timeout = timeout
        self._pools: dict[tuple[t.Any, ...], _ConnectionPool] = {}
        self._pools_lock = threading.Lock()
        self._parsed_targets: dict[
            tuple[str, ssl.SSLContext | None], tuple[str, str, _ConnectionPool]
        ] = {}
        # The idle sockets are closed when the middleware goes away too.
        weakref.finalize(self, _close_pools, self._pools, self._pools_lock, True)

    def close(self) -> None:
        """Closes the idle connections to the upstream servers. Requests
        made afterwards open new ones."""
        _close_pools(self._pools, self._pools_lock)

    def _pool_for(
        self, scheme: str, host: str, port: int, ssl_context: t.Any
    ) -> _ConnectionPool:
        key = (scheme, host, port, ssl_context)
        pool = self._pools.get(key)
        if pool is None:
            with self._pools_lock:
                pool = self._pools.get(key)
                if pool is None:
                    pool = _ConnectionPool(
                        scheme,
                        host,
                        port,
                        ssl_context,
                        self.timeout,
                        self.max_idle_connections,
                        self.idle_timeout,
                    )
                    self._pools[key] = pool
        return pool

    def _parse_target(
        self, url: str, ssl_context: ssl.SSLContext | None
    ) -> tuple[str, str, _ConnectionPool]:
        """The host name, the path and the connection pool of a target
        URL; parsed once per URL."""
        key = (url, ssl_context)
        parsed = self._parsed_targets.get(key)
        if parsed is None:
            target = urlsplit(url)
            if target.scheme not in ("http", "https"):
                raise RuntimeError(
                    f"The target {url!r} must be an http or https URL,"
                    f" not {target.scheme!r}."
                )
            if not target.hostname:
                raise RuntimeError(f"The target {url!r} has no host name.")
            # The socket accepts a non-ASCII name, a Host header does not.
            host = target.hostname.encode("idna").decode("ascii")
            port = target.port or (443 if target.scheme == "https" else 80)
            pool = self._pool_for(target.scheme, host, port, ssl_context)
            parsed = self._parsed_targets[key] = (host, target.path, pool)
        return parsed

    def proxy_to(
        self, opts: dict[str, t.Any], path: str, prefix: str
    ) -> WSGIApplication:
        """The WSGI application that forwards a request for ``path``, which
        starts with ``prefix``, to the target described by ``opts``."""
        host, target_path, pool = self._parse_target(
            opts["target"], opts["ssl_context"]
        )
        _check_configured_headers(opts)

        remote_path = path
        if opts["remove_prefix"]:
            rest = path[len(prefix) :].lstrip("/")
            remote_path = f"{target_path.rstrip('/')}/{rest}"

        def application(
            environ: WSGIEnvironment, start_response: StartResponse
        ) -> t.Iterable[bytes]:
            try:
                return self._forward(
                    environ, start_response, pool, opts, host, remote_path
                )
            except (BadRequest, LengthRequired) as e:
                return e(environ, start_response)
            except _TargetError as e:
                _log(
                    "warning",
                    "Proxying %s %s to %s:%s failed: %s (%r)",
                    environ.get("REQUEST_METHOD"),
                    path,
                    pool.host,
                    pool.port,
                    e.reason,
                    e.detail,
                )
                error: HTTPException
                if e.timed_out:
                    error = GatewayTimeout(f"{e.reason}.")
                else:
                    error = BadGateway(f"{e.reason}.")
                return error(environ, start_response)

        return application

    def _added_headers(
        self, environ: WSGIEnvironment, opts: dict[str, t.Any], host: str
    ) -> list[tuple[str, str]]:
        """The headers of the upstream request that are not copied from
        the client's: its body's type, ``Host``, the ``X-Forwarded-*``
        headers and the configured ones."""
        headers = []
        content_type = environ.get("CONTENT_TYPE")
        if content_type:
            headers.append(("Content-Type", content_type))

        host_option = opts["host"]
        if host_option == "<auto>":
            headers.append(("Host", host))
        elif host_option is None:
            headers.append(("Host", environ.get("HTTP_HOST") or get_host(environ)))
        else:
            headers.append(("Host", host_option))

        forwarded_for = environ.get("HTTP_X_FORWARDED_FOR")
        remote_addr = environ.get("REMOTE_ADDR")
        if remote_addr:
            forwarded_for = (
                f"{forwarded_for}, {remote_addr}" if forwarded_for else remote_addr
            )
        if forwarded_for:
            headers.append(("X-Forwarded-For", forwarded_for))
        headers.append(("X-Forwarded-Proto", environ.get("wsgi.url_scheme", "http")))
        headers.append(("X-Forwarded-Host", get_host(environ)))
        configured = opts["headers"]
        if configured:
            headers.extend(configured.items())
        return headers

    def _forward(
        self,
        environ: WSGIEnvironment,
        start_response: StartResponse,
        pool: _ConnectionPool,
        opts: dict[str, t.Any],
        host: str,
        remote_path: str,
    ) -> t.Iterable[bytes]:
        method = environ["REQUEST_METHOD"]
        skipped = _SKIPPED_ENVIRON_KEYS
        connection_header = environ.get("HTTP_CONNECTION")
        if connection_header:
            skipped = _skipped_environ_keys(connection_header)
        headers = self._added_headers(environ, opts, host)

        content_length = get_content_length(environ)
        chunked = False
        if content_length is None:
            transfer_encoding = environ.get("HTTP_TRANSFER_ENCODING")
            chunked = transfer_encoding is not None and "chunked" in parse_set_header(
                transfer_encoding
            )
        if chunked and "wsgi.input_terminated" not in environ:
            # The server passes the chunked body on undecoded, so its end
            # cannot be found; forwarding it empty would lose it silently.
            raise LengthRequired(
                "The server running this application does not decode chunked"
                " request bodies; send the body with a Content-Length."
            )
        has_body = chunked or bool(content_length)
        if content_length is not None and (
            content_length > 0 or method in ("POST", "PUT", "PATCH")
        ):
            headers.append(("Content-Length", str(content_length)))
        elif chunked:
            headers.append(("Transfer-Encoding", "chunked"))

        target = _request_target(remote_path, environ.get("QUERY_STRING", ""))
        try:
            # Checked so that nothing from the client can end a line early.
            head = request_head(method, target, environ, skipped, headers)
        except ValueError as e:
            raise BadRequest(str(e)) from None
        body_read = False

        def send_body(sock: socket.socket) -> None:
            nonlocal body_read
            if not has_body:
                return
            body_read = True
            stream = get_input_stream(environ)
            read = stream.read
            chunk_size = self.chunk_size
            while True:
                try:
                    data = read(chunk_size)
                except OSError as e:
                    raise ClientDisconnected() from e
                if not data:
                    break
                if chunked:
                    sock.sendall(b"%x\r\n%s\r\n" % (len(data), data))
                else:
                    sock.sendall(data)
            if chunked:
                sock.sendall(b"0\r\n\r\n")

        request_was_head = method == "HEAD"
        retry_allowed = method in _IDEMPOTENT_METHODS
        retried = False
        while True:
            connection = None if retried else pool.take_idle()
            reused = connection is not None
            if connection is None:
                try:
                    connection = pool.connect()
                except TimeoutError as e:
                    raise _TargetError(
                        "Connecting to the upstream server timed out after"
                        f" {self.timeout} seconds",
                        e,
                        timed_out=True,
                    ) from e
                except OSError as e:
                    raise _TargetError(
                        "Could not connect to the upstream server"
                        f" ({_describe_os_error(e)})",
                        e,
                        timed_out=False,
                    ) from e
            try:
                response = _exchange(connection, head, send_body, request_was_head)
                break
            except ClientDisconnected:
                connection.close()
                raise
            except TimeoutError as e:
                connection.close()
                raise _TargetError(
                    f"The upstream server did not answer within {self.timeout} seconds",
                    e,
                    timed_out=True,
                ) from e
            except (OSError, _InvalidResponse) as e:
                connection.close()
                if reused and retry_allowed and not body_read and _is_stale(e):
                    # The server closed the kept-alive connection as the
                    # request went out; a new connection gets an answer.
                    retried = True
                    continue
                raise _TargetError(_describe_failure(e), e, timed_out=False) from e

        status, reason, response_headers, length, chunked, keep_alive, received = (
            response
        )
        status_line = f"{status} {reason or _reason_phrase(status)}"
        if 0 <= length <= len(received):
            # The whole body came with the head (or there is none): the
            # connection is free before the response is even started.
            if length == len(received) and keep_alive:
                pool.put_back(connection)
            else:
                connection.close()
            start_response(status_line, response_headers)
            if not length:
                return _CompleteBody()
            if length < len(received):
                received = received[:length]
            size = self.chunk_size
            if length <= size:
                return _CompleteBody((received,))
            return _CompleteBody(received[i : i + size] for i in range(0, length, size))
        start_response(status_line, response_headers)
        return _UpstreamBody(
            pool,
            connection,
            received,
            length,
            chunked,
            keep_alive,
            self.chunk_size,
        )

    def __call__(
        self, environ: WSGIEnvironment, start_response: StartResponse
    ) -> t.Iterable[bytes]:
        path = environ["PATH_INFO"]
        # The first configured prefix that matches wins, in insertion order.
        for prefix, options in self.targets.items():
            if path.startswith(prefix):
                return self.proxy_to(options, path, prefix)(environ, start_response)
        return self.app(environ, start_response)


def _close_pools(
    pools: dict[tuple[t.Any, ...], _ConnectionPool],
    lock: threading.Lock,
    shut_down: bool = False,
) -> None:
    with lock:
        pools_now = list(pools.values())
    for pool in pools_now:
        pool.close(shut_down)


def _with_defaults(options: dict[str, t.Any]) -> dict[str, t.Any]:
    options.setdefault("remove_prefix", False)
    options.setdefault("host", "<auto>")
    options.setdefault("headers", {})
    options.setdefault("ssl_context", None)
    return options


def _request_target(path: str, query_string: str) -> str:
    # WSGI strings carry the request's bytes as latin-1 characters.
    try:
        raw_path = path.encode("latin-1")
    except UnicodeEncodeError:
        raw_path = path.encode("utf-8")
    target = quote(raw_path, safe=_PATH_SAFE)
    if query_string:
        try:
            raw_query = query_string.encode("latin-1")
        except UnicodeEncodeError:
            raw_query = query_string.encode("utf-8")
        target = f"{target}?{quote(raw_query, safe=_QUERY_SAFE)}"
    return target


def _check_configured_headers(opts: dict[str, t.Any]) -> None:
    configured = list(opts["headers"].items())
    if opts["host"] not in ("<auto>", None):
        configured.append(("Host", opts["host"]))
    for name, value in configured:
        if not isinstance(name, str) or not _TOKEN.fullmatch(name):
            raise ValueError(
                f"The header name {name!r} configured for a proxy target is not"
                " a valid HTTP token."
            )
        if not isinstance(value, str) or _FORBIDDEN_IN_VALUES.search(value):
            raise ValueError(
                f"The value of the header {name!r} configured for a proxy target"
                " must be a string without line breaks or NUL."
            )


def _exchange(
    connection: _Connection,
    head: bytes,
    send_body: t.Callable[[socket.socket], None],
    request_was_head: bool,
) -> tuple[int, str, list[tuple[str, str]], int, bool, bool, bytes]:
    """Sends the request and reads the head of its final response:
    ``(status, reason, headers, content_length, chunked, keep_alive,
    received)``, with the bytes received after the head."""
    sock = connection.sock
    sock.sendall(head)
    try:
        send_body(sock)
    except (BrokenPipeError, ConnectionResetError):
        # The server may have answered (a 413, a 401) and closed the
        # connection before taking the whole body; relay that answer if
        # there is one.
        response = _read_head(connection, request_was_head)
        return (*response[:5], False, response[6])
    return _read_head(connection, request_was_head)


def _read_head(
    connection: _Connection, request_was_head: bool
) -> tuple[int, str, list[tuple[str, str]], int, bool, bool, bytes]:
    sock = connection.sock
    reader = connection.head_reader
    while True:
        data = sock.recv(_HEAD_READ_SIZE)
        if not data:
            if reader.started:
                raise _InvalidResponse(
                    "the connection was closed in the middle of the response head"
                )
            raise _ClosedWithoutAnswer("the connection was closed without an answer")
        try:
            # Interim responses (100 Continue, 103 Early Hints) have no
            # place in a WSGI response; the reader skips them.
            head = reader.feed(data, request_was_head)
        except ValueError as e:
            raise _InvalidResponse(str(e)) from None
        if head is not None:
            return head


def _reason_phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Unknown"


def _is_stale(error: BaseException) -> bool:
    """Whether an error on a reused connection means that the server had
    closed it, rather than that the server failed on this request."""
    return isinstance(
        error,
        (
            ConnectionResetError,
            ConnectionAbortedError,
            BrokenPipeError,
            _ClosedWithoutAnswer,
        ),
    )


def _describe_os_error(error: OSError) -> str:
    if isinstance(error, ConnectionRefusedError):
        return "connection refused"
    return error.strerror or str(error) or type(error).__name__


def _describe_failure(error: BaseException) -> str:
    if isinstance(error, _ClosedWithoutAnswer):
        return "The upstream server closed the connection without answering"
    if isinstance(error, ConnectionResetError):
        return "The upstream server reset the connection"
    if isinstance(error, _InvalidResponse):
        return "The upstream server sent an invalid response"
    return "The connection to the upstream server failed"
