"""
Checking the WSGI protocol
==========================

:class:`LintMiddleware` sits between a WSGI server and an application and
checks that both keep to :pep:`3333`: the environ the server passes, the
arguments of ``start_response``, the type of every body chunk, and how the
application uses the input and error streams. It also points out common
HTTP mistakes, such as a body in a ``304 Not Modified`` response, an
unquoted ETag or a relative ``Location``.

Problems are reported as warnings (:class:`WSGIWarning` and
:class:`HTTPWarning`) through the :mod:`warnings` module; the request goes
on as it would without the middleware. It is meant for development and
tests, where warnings can be turned into errors.

.. autoclass:: LintMiddleware
"""

from __future__ import annotations

import typing as t
from types import TracebackType
from urllib.parse import urlsplit
from warnings import warn

from ..datastructures import Headers
from ..http import is_entity_header
from ..wsgi import FileWrapper

if t.TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse
    from _typeshed.wsgi import WSGIApplication
    from _typeshed.wsgi import WSGIEnvironment

_ExcInfo: t.TypeAlias = tuple[type[BaseException], BaseException, TracebackType]

# Keys that PEP 3333 requires in every environ.
_REQUIRED_ENVIRON_KEYS = (
    "REQUEST_METHOD",
    "SERVER_NAME",
    "SERVER_PORT",
    "wsgi.version",
    "wsgi.input",
    "wsgi.errors",
    "wsgi.multithread",
    "wsgi.multiprocess",
    "wsgi.run_once",
)


class WSGIWarning(Warning):
    """Issued when the server or the application breaks the WSGI protocol."""


class HTTPWarning(Warning):
    """Issued when a response breaks the rules of HTTP."""


def check_type(context: str, obj: object, need: type = str) -> None:
    """Warns with a :class:`WSGIWarning` unless ``obj`` is exactly of type
    ``need`` (subclasses are not accepted either).

    :param context: Names the value in the message.
    :param obj: The value to check.
    :param need: The type the value must have.
    """
    if type(obj) is not need:
        warn(
            f"{context!r} requires {need.__name__!r}, got {type(obj).__name__!r}.",
            WSGIWarning,
            stacklevel=3,
        )


class InputStream:
    """Wraps ``wsgi.input`` and warns about calls that WSGI does not
    guarantee to work."""

    def __init__(self, stream: t.IO[bytes]) -> None:
        self._stream = stream

    def read(self, *args: t.Any) -> bytes:
        """Reads from the stream. Without a size, a server need not ever
        return, because WSGI does not promise an end of file marker."""
        if not args:
            warn(
                "WSGI does not guarantee an EOF marker on the input stream, thus making"
                " calls to 'wsgi.input.read()' unsafe. Conforming servers may never"
                " return from this call.",
                WSGIWarning,
                stacklevel=2,
            )
        elif len(args) > 1:
            warn(
                "Too many parameters passed to 'wsgi.input.read()'.",
                WSGIWarning,
                stacklevel=2,
            )
        return self._stream.read(*args)

    def readline(self, *args: t.Any) -> bytes:
        """Reads a line from the stream. WSGI defines no size argument,
        though servers accept one."""
        if len(args) > 1:
            raise TypeError("Too many arguments passed to 'wsgi.input.readline()'.")

        if args:
            warn(
                "'wsgi.input.readline()' was called with a size hint. WSGI does not"
                " support this, although it's available on all major servers.",
                WSGIWarning,
                stacklevel=2,
            )
        else:
            warn(
                "Calls to 'wsgi.input.readline()' without arguments are unsafe. Use"
                " 'wsgi.input.read()' instead.",
                WSGIWarning,
                stacklevel=2,
            )
        return self._stream.readline(*args)

    def __iter__(self) -> t.Iterator[bytes]:
        try:
            return iter(self._stream)
        except TypeError:
            warn("'wsgi.input' is not iterable.", WSGIWarning, stacklevel=2)
            return iter(())

    def close(self) -> None:
        """Closes the stream, with a warning: the server owns it."""
        warn("The application closed the input stream!", WSGIWarning, stacklevel=2)
        self._stream.close()


class ErrorStream:
    """Wraps ``wsgi.errors`` and warns about writes of anything but
    :class:`str`."""

    def __init__(self, stream: t.IO[str]) -> None:
        self._stream = stream

    def write(self, s: str) -> None:
        check_type("wsgi.error.write()", s, str)
        self._stream.write(s)

    def flush(self) -> None:
        self._stream.flush()

    def writelines(self, seq: t.Iterable[str]) -> None:
        for line in seq:
            self.write(line)

    def close(self) -> None:
        """Closes the stream, with a warning: the server owns it."""
        warn("The application closed the error stream!", WSGIWarning, stacklevel=2)
        self._stream.close()


class GuardedWrite:
    """Wraps the ``write`` callable that ``start_response`` returns: checks
    that only :class:`bytes` are written and counts them."""

    def __init__(self, write: t.Callable[[bytes], object], chunks: list[int]) -> None:
        self._write = write
        self._chunks = chunks

    def __call__(self, s: bytes) -> None:
        check_type("write()", s, bytes)
        self._write(s)
        self._chunks.append(len(s))


class GuardedIterator:
    """Wraps the application's response iterable. Checks each chunk while
    it is iterated and, when it is closed, that the number of bytes sent
    fits the status and the ``Content-Length``.

    :param iterator: The iterable the application returned.
    :param headers_set: Filled with ``(status_code, headers)`` once the
        application calls ``start_response``; empty before.
    :param chunks: The lengths of the chunks sent so far, shared with the
        :class:`GuardedWrite` of the same response.
    """

    def __init__(
        self,
        iterator: t.Iterable[bytes],
        headers_set: tuple[int, Headers],
        chunks: list[int],
    ) -> None:
        self._iterator = iterator
        self._next = iter(iterator).__next__
        self.closed = False
        self.headers_set = headers_set
        self.chunks = chunks

    def __iter__(self) -> GuardedIterator:
        return self

    def __next__(self) -> bytes:
        if self.closed:
            warn("Iterated over closed 'app_iter'.", WSGIWarning, stacklevel=2)

        chunk = self._next()

        if not self.headers_set:
            warn(
                "The application returned before it started the response.",
                WSGIWarning,
                stacklevel=2,
            )

        check_type("application iterator items", chunk, bytes)
        self.chunks.append(len(chunk))
        return chunk

    def close(self) -> None:
        self.closed = True
        close = getattr(self._iterator, "close", None)
        if close is not None:
            close()

        if self.headers_set:
            status_code, headers = self.headers_set
            self._check_body(status_code, headers, sum(self.chunks))

    @staticmethod
    def _check_body(status_code: int, headers: Headers, bytes_sent: int) -> None:
        content_length = headers.get("content-length", type=int)

        if status_code == 304:
            for name, _value in headers:
                name = name.lower()
                # The only entity headers a 304 may repeat.
                if name not in ("expires", "content-location") and is_entity_header(
                    name
                ):
                    warn(
                        f"Entity header {name!r} found in 304 response.",
                        HTTPWarning,
                        stacklevel=3,
                    )
            if bytes_sent:
                warn("304 responses must not have a body.", HTTPWarning, stacklevel=3)
        elif 100 <= status_code < 200 or status_code == 204:
            if content_length != 0:
                warn(
                    f"{status_code} responses must have an empty content length.",
                    HTTPWarning,
                    stacklevel=3,
                )
            if bytes_sent:
                warn(
                    f"{status_code} responses must not have a body.",
                    HTTPWarning,
                    stacklevel=3,
                )
        elif content_length is not None and content_length != bytes_sent:
            warn(
                "Content-Length and the number of bytes sent to the client do not"
                " match.",
                WSGIWarning,
                stacklevel=3,
            )

    def __del__(self) -> None:
        if not self.closed:
            # Warnings may be errors, and exceptions cannot leave __del__.
            try:
                warn(
                    "Iterator was garbage collected before it was closed.",
                    WSGIWarning,
                    stacklevel=2,
                )
            except Exception:
                pass


class LintMiddleware:
    """Checks the WSGI and HTTP behaviour of the server and of the wrapped
    application, and warns about what is wrong, among others:

    -   a malformed environ, status or header list
    -   body chunks that are not :class:`bytes`, or a :class:`str`
        returned as the whole body
    -   a body in a response that must not have one (1xx, 204, 304), or
        one that does not match its ``Content-Length``
    -   unquoted ETags and relative ``Location`` URLs
    -   calls to ``wsgi.input`` that may block forever
    -   response iterables that are never closed

    Warnings are :class:`WSGIWarning` or :class:`HTTPWarning`, issued with
    :func:`warnings.warn`.

    :param app: The WSGI application to check.

    .. code-block:: python

        application = LintMiddleware(application)
    """

    def __init__(self, app: WSGIApplication) -> None:
        self.app = app

    def check_environ(self, environ: WSGIEnvironment) -> None:
        """Warns if ``environ`` is not a :class:`dict`, lacks a key that
        WSGI requires, is not WSGI 1.0, or has a ``SCRIPT_NAME`` or
        ``PATH_INFO`` that does not start with a slash."""
        if type(environ) is not dict:
            warn(
                "WSGI environment is not a standard Python dict.",
                WSGIWarning,
                stacklevel=4,
            )

        for key in _REQUIRED_ENVIRON_KEYS:
            if key not in environ:
                warn(
                    f"Required environment key {key!r} not found",
                    WSGIWarning,
                    stacklevel=3,
                )

        if environ["wsgi.version"] != (1, 0):
            warn("Environ is not a WSGI 1.0 environ.", WSGIWarning, stacklevel=3)

        for key in ("SCRIPT_NAME", "PATH_INFO"):
            value = environ.get(key, "")
            if value and value[0] != "/":
                warn(
                    f"{key!r} does not start with a slash: {value!r}",
                    WSGIWarning,
                    stacklevel=3,
                )

    def check_start_response(
        self,
        status: str,
        headers: list[tuple[str, str]],
        exc_info: _ExcInfo | None,
    ) -> tuple[int, Headers]:
        """Checks the arguments the application passed to
        ``start_response``, then the headers with :meth:`check_headers`.

        :return: The status code and the headers as :class:`Headers`.
        """
        check_type("status", status, str)
        code = status.split(None, 1)[0]

        if len(code) != 3 or not code.isdecimal():
            warn("Status code must be three digits.", WSGIWarning, stacklevel=3)

        if len(status) < 4 or status[3] != " ":
            warn(
                f"Invalid value for status {status!r}. Valid status strings are three"
                " digits, a space and a status explanation.",
                WSGIWarning,
                stacklevel=3,
            )

        status_code = int(code)

        if status_code < 100:
            warn("Status code < 100 detected.", WSGIWarning, stacklevel=3)

        if type(headers) is not list:
            warn("Header list is not a list.", WSGIWarning, stacklevel=3)

        for item in headers:
            if type(item) is not tuple or len(item) != 2:
                warn("Header items must be 2-item tuples.", WSGIWarning, stacklevel=3)

            name, value = item

            if type(name) is not str or type(value) is not str:
                warn(
                    "Header keys and values must be strings.", WSGIWarning, stacklevel=3
                )

            if name.lower() == "status":
                warn(
                    "The status header is not supported due to conflicts with the"
                    " CGI spec.",
                    WSGIWarning,
                    stacklevel=3,
                )

        if exc_info is not None and not isinstance(exc_info, tuple):
            warn("Invalid value for exc_info.", WSGIWarning, stacklevel=3)

        headers_obj = Headers(headers)
        self.check_headers(headers_obj)
        return status_code, headers_obj

    def check_headers(self, headers: Headers) -> None:
        """Warns about an unquoted ETag, a lower case weak ETag prefix
        (``w/``), and a ``Location`` that is not an absolute URL."""
        etag = headers.get("etag")

        if etag is not None:
            if etag.startswith("w/"):
                warn(
                    "Weak etag indicator should be upper case.",
                    HTTPWarning,
                    stacklevel=4,
                )

            if etag.startswith(("W/", "w/")):
                etag = etag[2:]

            if not (etag[:1] == etag[-1:] == '"'):
                warn("Unquoted etag emitted.", HTTPWarning, stacklevel=4)

        location = headers.get("location")

        if location is not None and not urlsplit(location).netloc:
            warn(
                "Absolute URLs required for location header.",
                HTTPWarning,
                stacklevel=4,
            )

    def check_iterator(self, app_iter: t.Iterable[bytes]) -> None:
        """Warns if the application returned a :class:`str`, which a server
        would send one character at a time."""
        if isinstance(app_iter, str):
            warn(
                "The application returned a string. The response will send one"
                " character at a time to the client, which will kill performance."
                " Return a list or iterable instead.",
                WSGIWarning,
                stacklevel=3,
            )

    def __call__(self, *args: t.Any, **kwargs: t.Any) -> t.Iterable[bytes]:
        if len(args) != 2:
            warn("A WSGI app takes two arguments.", WSGIWarning, stacklevel=2)

        if kwargs:
            warn(
                "A WSGI app does not take keyword arguments.", WSGIWarning, stacklevel=2
            )

        environ: WSGIEnvironment = args[0]
        start_response: StartResponse = args[1]

        self.check_environ(environ)
        environ["wsgi.input"] = InputStream(environ["wsgi.input"])
        environ["wsgi.errors"] = ErrorStream(environ["wsgi.errors"])
        # An application that sends a file through this wrapper is iterated
        # like any other, so the bytes it sends are counted too.
        environ["wsgi.file_wrapper"] = FileWrapper

        # Filled in place by start_response, read by the iterator on close.
        headers_set: list[t.Any] = []
        chunks: list[int] = []

        def checking_start_response(
            *args: t.Any, **kwargs: t.Any
        ) -> t.Callable[[bytes], None]:
            if len(args) not in (2, 3):
                warn(
                    f"Invalid number of arguments: {len(args)}, expected 2 or 3.",
                    WSGIWarning,
                    stacklevel=2,
                )

            if kwargs:
                warn(
                    "'start_response' does not take keyword arguments.",
                    WSGIWarning,
                    stacklevel=2,
                )

            status: str = args[0]
            headers: list[tuple[str, str]] = args[1]
            exc_info: _ExcInfo | None = args[2] if len(args) == 3 else None

            headers_set[:] = self.check_start_response(status, headers, exc_info)
            return GuardedWrite(start_response(status, headers, exc_info), chunks)

        app_iter = self.app(environ, t.cast("StartResponse", checking_start_response))
        self.check_iterator(app_iter)
        return GuardedIterator(
            app_iter, t.cast("tuple[int, Headers]", headers_set), chunks
        )
