"""Helpers for WSGI applications: the request URL and host from the environ,
a safe request body stream, and iterables for response bodies."""

from __future__ import annotations

import functools
import importlib
import io
import typing as t

from .exceptions import ClientDisconnected
from .exceptions import RequestEntityTooLarge
from .sansio import utils as _sansio_utils
from .sansio.utils import host_is_trusted as host_is_trusted

if t.TYPE_CHECKING:
    from _typeshed.wsgi import WSGIApplication
    from _typeshed.wsgi import WSGIEnvironment


def responder(f: t.Callable[..., WSGIApplication]) -> WSGIApplication:
    """Decorates a function that returns a WSGI application (such as a
    :class:`~rostzeug.wrappers.Response`) so that it becomes a WSGI
    application itself: the returned application is called with the
    request's ``environ`` and ``start_response``.

    ::

        @responder
        def application(environ, start_response):
            return Response("Hello, World!")

    The decorated function gets all the arguments, so it may be a method.
    """

    @functools.wraps(f)
    def application(*args: t.Any) -> t.Iterable[bytes]:
        return f(*args)(*args[-2:])

    return application


def _get_server(environ: WSGIEnvironment) -> tuple[str, int | None] | None:
    """Returns the server address ``(SERVER_NAME, SERVER_PORT)`` of the
    environ. The port is ``None`` if it is missing or not a number, as for a
    Unix socket; the address is ``None`` without a ``SERVER_NAME``."""
    name = environ.get("SERVER_NAME")
    return None if name is None else (name, _port_number(environ.get("SERVER_PORT")))


def _port_number(value: t.Any) -> int | None:
    """``SERVER_PORT`` as an int; None when it is absent or not a number."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def get_host(
    environ: WSGIEnvironment, trusted_hosts: t.Collection[str] | None = None
) -> str:
    """Returns the ``host:port`` a request was made to, checked with
    :func:`host_is_trusted`.

    The ``Host`` header (``HTTP_HOST``) is used if the client sent one, else
    the server address (``SERVER_NAME`` and ``SERVER_PORT``), unless the
    server listens on a Unix socket. The port is left out when it is the
    default of the scheme. ``X-Forwarded-Host`` is not looked at; use
    :class:`~rostzeug.middleware.proxy_fix.ProxyFix` behind a proxy.

    Without a usable value, or when the value is not a well formed host, the
    result is the empty string.

    :param environ: The WSGI environ of the request.
    :param trusted_hosts: The trusted domains the host must match; see
        :func:`host_is_trusted`. Empty or ``None`` allows all.
    :return: The host, with the port if it is not the default.
    :raise ~rostzeug.exceptions.SecurityError: If ``trusted_hosts`` is given
        and the host matches none of them.
    """
    host_header = environ.get("HTTP_HOST")
    # The server address only matters without a Host header.
    server = _get_server(environ) if host_header is None else None
    return _sansio_utils.get_host(
        environ["wsgi.url_scheme"], host_header, server, trusted_hosts
    )


def get_current_url(
    environ: WSGIEnvironment,
    root_only: bool = False,
    strip_querystring: bool = False,
    host_only: bool = False,
    trusted_hosts: t.Collection[str] | None = None,
) -> str:
    """Rebuilds the URL of a request from its WSGI environ.

    The URL is an IRI and may contain non-ASCII characters; use
    :func:`~rostzeug.urls.iri_to_uri` to get an ASCII URI. ``SCRIPT_NAME``
    and ``PATH_INFO`` are used as the server passes them, as latin-1
    strings, the same as Werkzeug does; the query string is decoded as
    UTF-8. :attr:`Request.url <rostzeug.wrappers.Request.url>` decodes the
    path as UTF-8 too.

    :param environ: The WSGI environ of the request.
    :param root_only: Stop after the prefix the application is mounted at
        (``SCRIPT_NAME``).
    :param strip_querystring: Leave out the query string.
    :param host_only: Only give the scheme and host.
    :param trusted_hosts: The trusted domains the host must match; see
        :func:`get_host`.
    :raise ~rostzeug.exceptions.SecurityError: If ``trusted_hosts`` is given
        and the host matches none of them.
    """
    scheme = environ["wsgi.url_scheme"]
    host = get_host(environ, trusted_hosts)

    if host_only:
        return _sansio_utils.get_current_url(scheme, host)

    root_path = environ.get("SCRIPT_NAME", "")
    if root_only:
        return _sansio_utils.get_current_url(scheme, host, root_path)

    path = environ.get("PATH_INFO", "")
    if strip_querystring:
        return _sansio_utils.get_current_url(scheme, host, root_path, path)

    query_string = environ.get("QUERY_STRING", "").encode("latin1")
    return _sansio_utils.get_current_url(scheme, host, root_path, path, query_string)


def get_content_length(environ: WSGIEnvironment) -> int | None:
    """Returns the ``Content-Length`` of the request as an int.

    ``None`` means the body is streamed: there is no ``Content-Length``, or
    the ``Transfer-Encoding`` is ``chunked``. A value that is not a number,
    or is negative, gives 0.

    :param environ: The WSGI environ of the request.
    """
    return _sansio_utils.get_content_length(
        environ.get("CONTENT_LENGTH"), environ.get("HTTP_TRANSFER_ENCODING")
    )


def get_input_stream(
    environ: WSGIEnvironment,
    safe_fallback: bool = True,
    max_content_length: int | None = None,
) -> t.IO[bytes]:
    """Returns the request body stream (``wsgi.input``) in a form that is
    safe to read to its end: it stops at the ``Content-Length``, or at
    ``max_content_length``, instead of waiting for more data from the client.
    Code that reads the body without limits of its own should get its stream
    from here.

    - A ``Content-Length`` above ``max_content_length`` raises
      :exc:`~rostzeug.exceptions.RequestEntityTooLarge` (413) at once.
    - If the server sets ``wsgi.input_terminated``, it ends the stream itself
      (for example a server that decodes chunked bodies), so the stream is
      returned as it is, or limited to ``max_content_length`` if given.
      Reading past that limit raises ``RequestEntityTooLarge``.
    - Otherwise, with a ``Content-Length`` the stream is limited to it, and
      without one (a chunked body the server does not decode) an empty
      stream is returned, unless ``safe_fallback`` is false.

    When a limit stops the reading before the client has sent its whole
    body, the rest cannot be read; depending on the server, the client may
    see the connection reset instead of the 413 response.

    :param environ: The WSGI environ of the request.
    :param safe_fallback: Return an empty stream for a body without
        ``Content-Length``. With ``False`` the raw stream is returned, which
        a client can keep open forever, tying up a worker.
    :param max_content_length: The most bytes the body may have.
    :raise ~rostzeug.exceptions.RequestEntityTooLarge: If the
        ``Content-Length`` exceeds ``max_content_length``.
    """
    stream = t.cast(t.IO[bytes], environ["wsgi.input"])
    content_length = get_content_length(environ)

    if (
        content_length is not None
        and max_content_length is not None
        and content_length > max_content_length
    ):
        raise RequestEntityTooLarge()

    # The key's presence counts, whatever its value.
    if "wsgi.input_terminated" in environ:
        if max_content_length is None:
            return stream
        # Only here, not for a Content-Length: the server may not buffer the
        # body, and a read for max_content_length bytes could then wait for
        # data the client never sends.
        return t.cast(
            t.IO[bytes], LimitedStream(stream, max_content_length, is_max=True)
        )

    if content_length is None:
        return stream if not safe_fallback else io.BytesIO()

    return t.cast(t.IO[bytes], LimitedStream(stream, content_length))


def get_path_info(environ: WSGIEnvironment) -> str:
    """Returns ``PATH_INFO`` of the environ, decoded from the server's
    latin-1 string as UTF-8. Bytes that are not valid UTF-8 become
    ``U+FFFD``.

    :param environ: The WSGI environ of the request.
    """
    path: str = environ.get("PATH_INFO", "")
    return path.encode("latin1").decode(errors="replace")


class ClosingIterator:
    """Wraps a response iterable to run more functions when the server closes
    it, after the iterable's own ``close`` (if it has one).

    WSGI servers and middleware call ``close`` on the iterable an application
    returns once the response is sent, so this is where cleanup belongs that
    must wait until the body has been produced::

        def application(environ, start_response):
            return ClosingIterator(
                app(environ, start_response), [cleanup_session, cleanup_locals]
            )

    :param iterable: The response iterable to wrap.
    :param callbacks: A function, or an iterable of functions, to call
        without arguments on ``close``, in order.
    """

    def __init__(
        self,
        iterable: t.Iterable[bytes],
        callbacks: t.Callable[[], None]
        | t.Iterable[t.Callable[[], None]]
        | None = None,
    ) -> None:
        self._iterator = iter(iterable)
        # The iterable's close, not its iterator's: a response object may
        # return a generator from __iter__ and do its cleanup in close.
        own_close = getattr(iterable, "close", None)
        first = [own_close] if own_close else []
        if callable(callbacks):
            # One function, as responses pass: without the helper's call.
            first.append(callbacks)
            self._callbacks = first
        else:
            self._callbacks = first + _callbacks_as_list(callbacks)

    def __iter__(self) -> ClosingIterator:
        return self

    def __next__(self) -> bytes:
        return next(self._iterator)

    def close(self) -> None:
        """Calls the iterable's ``close``, then each callback."""
        for callback in self._callbacks:
            callback()


def _callbacks_as_list(
    callbacks: t.Callable[[], None] | t.Iterable[t.Callable[[], None]] | None,
) -> list[t.Callable[[], None]]:
    """Normalises the ``callbacks`` argument of :class:`ClosingIterator`."""
    if callbacks is None:
        return []
    return [callbacks] if callable(callbacks) else list(callbacks)


def wrap_file(
    environ: WSGIEnvironment, file: t.IO[bytes], buffer_size: int = 8192
) -> t.Iterable[bytes]:
    """Turns a binary file into a response iterable, using the server's
    ``wsgi.file_wrapper`` if it has one (which may send the file more
    efficiently, see :pep:`333`), else a :class:`FileWrapper`.

    Return the result unchanged from the application; iterating over it
    inside the application defeats the server's optimization. In a
    :class:`~rostzeug.wrappers.Response`, set
    :attr:`~rostzeug.wrappers.Response.direct_passthrough` to ``True``.

    :param environ: The WSGI environ of the request.
    :param file: A file object open for reading bytes.
    :param buffer_size: The size of the chunks to read.
    """
    wrapper = environ.get("wsgi.file_wrapper", FileWrapper)
    return t.cast(t.Iterable[bytes], wrapper(file, buffer_size))


class FileWrapper:
    """An iterable over a binary file in chunks of ``buffer_size`` bytes,
    until the file ends. Use :func:`wrap_file` rather than this class, so
    that the server's own file wrapper is used when there is one.

    With a :class:`~rostzeug.wrappers.Response`, set
    :attr:`~rostzeug.wrappers.Response.direct_passthrough` to ``True``.

    :param file: A file object open for reading bytes.
    :param buffer_size: The size of the chunks to read.
    """

    def __init__(self, file: t.IO[bytes], buffer_size: int = 8192) -> None:
        #: How many bytes each iteration reads.
        self.buffer_size = buffer_size
        self.file = file

    def close(self) -> None:
        """Closes the file, if it can be closed."""
        close = getattr(self.file, "close", None)
        if close is not None:
            close()

    def seekable(self) -> bool:
        """Whether the file supports :meth:`seek`."""
        seekable = getattr(self.file, "seekable", None)
        if seekable is not None:
            return bool(seekable())
        return hasattr(self.file, "seek")

    def seek(self, *args: t.Any) -> None:
        """Moves the file's position, if it can seek."""
        seek = getattr(self.file, "seek", None)
        if seek is not None:
            seek(*args)

    def tell(self) -> int | None:
        """The file's position, or ``None`` if it does not tell."""
        tell = getattr(self.file, "tell", None)
        if tell is not None:
            return t.cast(int, tell())
        return None

    def __iter__(self) -> FileWrapper:
        return self

    def __next__(self) -> bytes:
        chunk = self.file.read(self.buffer_size)
        if not chunk:
            raise StopIteration()
        return chunk


class _RangeWrapper:
    """An iterable over the part of another iterable's content from byte
    ``start_byte`` on, ``byte_range`` bytes long (to the end if ``None``).

    The chunks are those of the wrapped iterable, cut at the range's edges.
    If the wrapped iterable can seek (such as a :class:`FileWrapper`), the
    bytes before the range are skipped by seeking instead of reading.

    With a :class:`~rostzeug.wrappers.Response`, set
    :attr:`~rostzeug.wrappers.Response.direct_passthrough` to ``True``.

    :param iterable: The iterable, or binary file, to take the range from.
    :param start_byte: The offset of the range's first byte.
    :param byte_range: The length of the range, or ``None`` for all the rest.
    """

    def __init__(
        self,
        iterable: t.Iterable[bytes] | t.IO[bytes],
        start_byte: int = 0,
        byte_range: int | None = None,
    ) -> None:
        self.start_byte = start_byte
        self.byte_range = byte_range
        self.iterable = iter(iterable)
        self.end_byte = None if byte_range is None else start_byte + byte_range
        self.seekable = bool(hasattr(iterable, "seekable") and iterable.seekable())
        #: The offset just past the last byte read from the iterable.
        self.read_length = 0
        self.end_reached = False
        self._started = False

    def __iter__(self) -> _RangeWrapper:
        return self

    def _read_chunk(self) -> bytes:
        chunk = next(self.iterable, None)
        if chunk is None:
            self.end_reached = True
            raise StopIteration
        self.read_length += len(chunk)
        return chunk

    def _first_chunk(self) -> bytes:
        """Returns the first chunk of the range, cut at its start."""
        if self.seekable:
            self.iterable.seek(self.start_byte)  # type: ignore[attr-defined]
            self.read_length = self.iterable.tell()  # type: ignore[attr-defined]
            return self._read_chunk()

        chunk = self._read_chunk()
        while self.read_length <= self.start_byte:
            chunk = self._read_chunk()
        # The chunk ends at read_length; keep its bytes from start_byte on.
        return chunk[len(chunk) - (self.read_length - self.start_byte) :]

    def __next__(self) -> bytes:
        if self.end_reached:
            raise StopIteration()

        if self._started:
            chunk = self._read_chunk()
        else:
            self._started = True
            chunk = self._first_chunk()

        if self.end_byte is not None and self.read_length >= self.end_byte:
            self.end_reached = True
            # The chunk ends at read_length; drop its bytes past the range.
            chunk = chunk[: len(chunk) - (self.read_length - self.end_byte)]

        if not chunk:
            self.end_reached = True
            raise StopIteration()

        return chunk

    def close(self) -> None:
        """Closes the wrapped iterable, if it can be closed."""
        close = getattr(self.iterable, "close", None)
        if close is not None:
            close()


class LimitedStream(io.RawIOBase):
    """A read-only stream that reads at most ``limit`` bytes from another
    stream, used to keep reads of ``wsgi.input`` within the
    ``Content-Length`` of the request or within
    :attr:`~rostzeug.wrappers.Request.max_content_length`.

    - A read after the limit is reached calls :meth:`on_exhausted`, which
      returns nothing, or raises
      :exc:`~rostzeug.exceptions.RequestEntityTooLarge` if the limit is a
      maximum (``is_max``).
    - A read of the wrapped stream that gives no bytes, or fails, before the
      limit is reached calls :meth:`on_disconnect`, which raises
      :exc:`~rostzeug.exceptions.ClientDisconnected`. If the limit is a
      maximum, an empty read is the normal end of the body instead, and no
      error is raised.

    When the limit stops the reading before the wrapped stream ends (a body
    that is too large, or endless), the rest cannot be read; depending on the
    server, the client may see the connection reset instead of the 413
    response.

    :param stream: The binary stream to read from; it needs a ``read``
        method, and ``readinto`` is used if it has one.
    :param limit: The most bytes to read: the ``Content-Length``, or the
        maximum size of the body.
    :param is_max: Whether ``limit`` is a maximum size rather than the
        ``Content-Length``, which changes what reaching the limit and empty
        reads mean (see above).
    """

    # Reads of the whole rest go in chunks of this size, so that a large
    # limit does not allocate a buffer of that size up front.
    _CHUNK_SIZE = 64 * 1024

    def __init__(self, stream: t.IO[bytes], limit: int, is_max: bool = False) -> None:
        self.limit = limit
        # Whether the limit is a configured maximum rather than the length.
        self._limit_is_max = is_max
        self._stream = stream
        # Bytes read from the stream so far.
        self._pos = 0

    @property
    def is_exhausted(self) -> bool:
        """Whether the limit has been reached."""
        return self._pos >= self.limit

    def on_exhausted(self) -> None:
        """Called when a read is attempted after the limit was reached. Does
        nothing, unless the limit is a maximum: then the body is larger than
        allowed, and :exc:`~rostzeug.exceptions.RequestEntityTooLarge` is
        raised. Override it to handle this differently; its return value is
        ignored.
        """
        if self._limit_is_max:
            raise RequestEntityTooLarge()

    def on_disconnect(self, error: Exception | None = None) -> None:
        """Called when a read of the wrapped stream gives no bytes, or raises
        ``error`` (an :exc:`OSError` or :exc:`ValueError`), before the limit
        was reached: the client went away before sending its whole body.
        Raises :exc:`~rostzeug.exceptions.ClientDisconnected`.

        If the limit is a maximum and there was no error, nothing is raised:
        a streamed body ends with an empty read, which cannot be told apart
        from a client that disconnected. Its return value is ignored.

        :param error: The exception the read raised, if any.
        """
        if error is not None or not self._limit_is_max:
            raise ClientDisconnected()

    def exhaust(self) -> bytes:
        """Reads up to the limit, or until the client disconnects, and
        returns what was read (nothing if the limit was already reached)."""
        if self.is_exhausted:
            return b""
        return self.readall()

    def read(self, size: int | None = -1) -> bytes:
        """Reads and returns up to ``size`` bytes; all up to the limit if
        ``size`` is negative or ``None``. Fewer bytes than asked for may come
        back when the wrapped stream gives fewer. An empty result means the
        limit is reached (or, for a maximum, the body ended).

        :param size: The most bytes to return.
        """
        if size is None or size < 0:
            return self.readall()

        remaining = self.limit - self._pos
        if remaining <= 0:
            self.on_exhausted()
            return b""
        if size == 0:
            return b""

        wanted = min(size, remaining)
        try:
            data = self._stream.read(wanted)
        except (OSError, ValueError) as e:
            self.on_disconnect(error=e)
            return b""

        if not data:
            self.on_disconnect()
            return b""

        if len(data) > wanted:
            # A stream that ignores the size it is asked for.
            data = data[:wanted]
        self._pos += len(data)
        return data

    def readinto(self, b: bytearray | memoryview) -> int:  # type: ignore[override]
        """Reads up to ``len(b)`` bytes into ``b``, without going past the
        limit, and returns how many were read (0 at the limit). See
        :meth:`read`."""
        remaining = self.limit - self._pos
        if remaining <= 0:
            self.on_exhausted()
            return 0

        size = len(b)
        if size == 0:
            return 0

        readinto = getattr(self._stream, "readinto", None)
        try:
            if readinto is None:
                wanted = min(size, remaining)
                data = self._stream.read(wanted)[:wanted]
                count = len(data)
                b[:count] = data
            elif size <= remaining:
                count = readinto(b)
            else:
                # A view of the first `remaining` bytes, so that the stream
                # cannot fill more than the limit allows.
                count = readinto(memoryview(b)[:remaining])
        except (OSError, ValueError) as e:
            self.on_disconnect(error=e)
            return 0

        if not count:
            self.on_disconnect()
            return 0

        self._pos += count
        return count

    def readline(self, size: int | None = -1) -> bytes:
        """Reads and returns one line, up to and including ``b"\\n"``, or up
        to ``size`` bytes, or up to the limit, whichever comes first.

        :param size: The most bytes to return; all up to the line's end if
            negative or ``None``.
        """
        # The standard library's streams honour readline's size, so whole
        # lines can be read from them at once. Any other stream, which may
        # read past the size it is given, is read a byte at a time through
        # read(), as is a subclass that changes read().
        if not isinstance(self._stream, io.IOBase) or type(self).read is not (
            LimitedStream.read
        ):
            return super().readline(-1 if size is None else size)

        if size is None:
            size = -1
        chunks = []
        length = 0
        while size < 0 or length < size:
            remaining = self.limit - self._pos
            if remaining <= 0:
                self.on_exhausted()
                break
            wanted = remaining if size < 0 else min(remaining, size - length)
            try:
                chunk = self._stream.readline(wanted)
            except (OSError, ValueError) as e:
                self.on_disconnect(error=e)
                break
            if not chunk:
                self.on_disconnect()
                break
            if len(chunk) > wanted:
                chunk = chunk[:wanted]
            self._pos += len(chunk)
            length += len(chunk)
            chunks.append(chunk)
            if chunk.endswith(b"\n"):
                break
        return b"".join(chunks)

    def readall(self) -> bytes:
        """Reads and returns all bytes up to the limit. At the limit
        already, :meth:`on_exhausted` is called and nothing is returned."""
        if self.is_exhausted:
            self.on_exhausted()
            return b""

        chunks = []
        while not self.is_exhausted:
            chunk = self.read(self._CHUNK_SIZE)
            # Before a maximum is reached, a streamed body may simply end.
            if not chunk:
                break
            chunks.append(chunk)

        return b"".join(chunks)

    def tell(self) -> int:
        """The number of bytes read so far."""
        return self._pos

    def readable(self) -> bool:
        return True


# Werkzeug's documentation once imported its middleware from this module.
# The names still resolve, loaded only on first use.
_MIDDLEWARE_MODULES = {
    "SharedDataMiddleware": "shared_data",
    "DispatcherMiddleware": "dispatcher",
    "ProxyMiddleware": "http_proxy",
}


def __getattr__(name: str) -> t.Any:
    """Resolves the middleware names of :data:`_MIDDLEWARE_MODULES`."""
    module_name = _MIDDLEWARE_MODULES.get(name)
    if module_name is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

    qualified_name = f"{__package__}.middleware.{module_name}"
    try:
        module = importlib.import_module(qualified_name)
    except ModuleNotFoundError as e:
        # Only the alias target missing is reported as such; an import that
        # fails inside an existing module is left as it is.
        if e.name is None or not f"{qualified_name}.".startswith(f"{e.name}."):
            raise
        raise ImportError(
            f"cannot import {name} from {__name__}: it is an alias of"
            f" {qualified_name}.{name}, and {e.name} does not exist in this"
            f" version of {__package__}."
        ) from e
    return getattr(module, name)
