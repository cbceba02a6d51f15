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
from contextlib import suppress
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


def _complain(
    message: str, category: type[Warning] = WSGIWarning, level: int = 2
) -> None:
    # ``level`` counts frames as if the caller had called ``warn`` itself.
    warn(message, category, stacklevel=level + 1)


def check_type(context: str, obj: object, need: type = str) -> None:
    """Warns with a :class:`WSGIWarning` unless ``obj`` is exactly of type
    ``need`` (subclasses are not accepted either).

    :param context: Names the value in the message.
    :param obj: The value to check.
    :param need: The type the value must have.
    """
    actual = type(obj)
    if actual is need:
        return
    _complain(
        f"{context!r} requires {need.__name__!r}, got {actual.__name__!r}.", level=3
    )


_READ_WITHOUT_SIZE = (
    "WSGI does not guarantee an EOF marker on the input stream, thus making"
    " calls to 'wsgi.input.read()' unsafe. Conforming servers may never"
    " return from this call."
)
_READ_EXTRA_ARGS = "Too many parameters passed to 'wsgi.input.read()'."
_READLINE_WITH_HINT = (
    "'wsgi.input.readline()' was called with a size hint. WSGI does not"
    " support this, although it's available on all major servers."
)
_READLINE_UNBOUNDED = (
    "Calls to 'wsgi.input.readline()' without arguments are unsafe. Use"
    " 'wsgi.input.read()' instead."
)


class InputStream:
    """Wraps ``wsgi.input`` and warns about calls that WSGI does not
    guarantee to work."""

    def __init__(self, stream: t.IO[bytes]) -> None:
        self._wsgi_input = stream

    def read(self, *args: t.Any) -> bytes:
        """Reads from the stream. Without a size, a server need not ever
        return, because WSGI does not promise an end of file marker."""
        if len(args) != 1:
            _complain(_READ_EXTRA_ARGS if args else _READ_WITHOUT_SIZE)
        return self._wsgi_input.read(*args)

    def readline(self, *args: t.Any) -> bytes:
        """Reads a line from the stream. WSGI defines no size argument,
        though servers accept one."""
        if len(args) > 1:
            raise TypeError("Too many arguments passed to 'wsgi.input.readline()'.")
        _complain(_READLINE_WITH_HINT if args else _READLINE_UNBOUNDED)
        return self._wsgi_input.readline(*args)

    def __iter__(self) -> t.Iterator[bytes]:
        try:
            lines: t.Iterator[bytes] = iter(self._wsgi_input)
        except TypeError:
            _complain("'wsgi.input' is not iterable.")
            lines = iter(())
        return lines

    def close(self) -> None:
        """Closes the stream, with a warning: the server owns it."""
        _complain("The application closed the input stream!")
        self._wsgi_input.close()


class ErrorStream:
    """Wraps ``wsgi.errors`` and warns about writes of anything but
    :class:`str`."""

    def __init__(self, stream: t.IO[str]) -> None:
        self._sink = stream

    def write(self, s: str) -> None:
        check_type("wsgi.error.write()", s, str)
        self._sink.write(s)

    def writelines(self, seq: t.Iterable[str]) -> None:
        # Each item goes through write() so that each one is checked.
        for text in seq:
            self.write(text)

    def flush(self) -> None:
        self._sink.flush()

    def close(self) -> None:
        """Closes the stream, with a warning: the server owns it."""
        _complain("The application closed the error stream!")
        self._sink.close()


class GuardedWrite:
    """Wraps the ``write`` callable that ``start_response`` returns: checks
    that only :class:`bytes` are written and counts them."""

    def __init__(self, write: t.Callable[[bytes], object], chunks: list[int]) -> None:
        self._server_write = write
        self._sizes = chunks

    def __call__(self, s: bytes) -> None:
        check_type("write()", s, bytes)
        self._server_write(s)
        self._sizes.append(len(s))


# Entity headers that a 304 response may still repeat.
_KEPT_BY_NOT_MODIFIED = frozenset({"expires", "content-location"})


def _body_problems(
    status_code: int, headers: Headers, bytes_sent: int
) -> t.Iterator[tuple[str, type[Warning]]]:
    """Yields a message and a category for each way the body of a finished
    response disagrees with its status or its ``Content-Length``."""
    declared = headers.get("content-length", type=int)
    if status_code == 304:
        for name in [key.lower() for key, _ in headers]:
            if is_entity_header(name) and name not in _KEPT_BY_NOT_MODIFIED:
                yield f"Entity header {name!r} found in 304 response.", HTTPWarning
        if bytes_sent:
            yield "304 responses must not have a body.", HTTPWarning
        return
    if status_code == 204 or 100 <= status_code <= 199:
        if declared != 0:
            yield (
                f"{status_code} responses must have an empty content length.",
                HTTPWarning,
            )
        if bytes_sent:
            yield f"{status_code} responses must not have a body.", HTTPWarning
        return
    if declared is not None and bytes_sent != declared:
        yield (
            "Content-Length and the number of bytes sent to the client do not match.",
            WSGIWarning,
        )


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
        self._app_iter = iterator
        self._source = iter(iterator)
        self.headers_set = headers_set
        self.chunks = chunks
        self.closed = False

    def __iter__(self) -> GuardedIterator:
        return self

    def __next__(self) -> bytes:
        if self.closed:
            _complain("Iterated over closed 'app_iter'.")
        chunk = next(self._source)
        # Empty until start_response is called, whatever the annotation.
        if not self.headers_set:
            _complain("The application returned before it started the response.")  # type: ignore[unreachable]
        check_type("application iterator items", chunk, bytes)
        self.chunks.append(len(chunk))
        return chunk

    def close(self) -> None:
        self.closed = True
        app_close = getattr(self._app_iter, "close", None)
        if app_close is not None:
            app_close()
        if not self.headers_set:
            return  # type: ignore[unreachable]
        status_code, headers = self.headers_set
        for message, category in _body_problems(status_code, headers, sum(self.chunks)):
            _complain(message, category)

    def __del__(self) -> None:
        if self.closed:
            return
        # Warnings may be errors, and exceptions cannot leave __del__.
        with suppress(Exception):
            _complain("Iterator was garbage collected before it was closed.")


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

    :param app: The application whose calls and responses are checked.

    For example, in a test suite that turns warnings into errors::

        client = Client(LintMiddleware(make_app()))
    """

    def __init__(self, app: WSGIApplication) -> None:
        self.app = app

    def check_environ(self, environ: WSGIEnvironment) -> None:
        """Warns if ``environ`` is not a :class:`dict`, lacks a key that
        WSGI requires, is not WSGI 1.0, or has a ``SCRIPT_NAME`` or
        ``PATH_INFO`` that does not start with a slash."""
        if type(environ) is not dict:
            _complain("WSGI environment is not a standard Python dict.", level=4)

        absent = [key for key in _REQUIRED_ENVIRON_KEYS if key not in environ]
        for key in absent:
            _complain(f"Required environment key {key!r} not found", level=3)

        if environ["wsgi.version"] != (1, 0):
            _complain("Environ is not a WSGI 1.0 environ.", level=3)

        for key in ("SCRIPT_NAME", "PATH_INFO"):
            path = environ.get(key)
            if path and path[:1] != "/":
                _complain(f"{key!r} does not start with a slash: {path!r}", level=3)

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
        digits = status.split(maxsplit=1)[0]
        if not (digits.isdecimal() and len(digits) == 3):
            _complain("Status code must be three digits.", level=3)
        if status[3:4] != " ":
            _complain(
                f"Invalid value for status {status!r}. Valid status strings are three"
                " digits, a space and a status explanation.",
                level=3,
            )
        status_code = int(digits)
        if status_code < 100:
            _complain("Status code < 100 detected.", level=3)

        _check_header_list(headers)

        # The checks below are for values the annotations do not allow.
        if not (exc_info is None or isinstance(exc_info, tuple)):
            _complain("Invalid value for exc_info.", level=3)  # type: ignore[unreachable]

        parsed = Headers(headers)
        self.check_headers(parsed)
        return status_code, parsed

    def check_headers(self, headers: Headers) -> None:
        """Warns about an unquoted ETag, a lower case weak ETag prefix
        (``w/``), and a ``Location`` that is not an absolute URL."""
        etag = headers.get("etag")
        if etag is not None:
            prefix = etag[:2]
            if prefix == "w/":
                _complain(
                    "Weak etag indicator should be upper case.", HTTPWarning, level=4
                )
            opaque = etag[2:] if prefix in ("W/", "w/") else etag
            if opaque[:1] != '"' or opaque[-1:] != '"':
                _complain("Unquoted etag emitted.", HTTPWarning, level=4)

        location = headers.get("location")
        if location is not None and urlsplit(location).netloc == "":
            _complain(
                "Absolute URLs required for location header.", HTTPWarning, level=4
            )

    def check_iterator(self, app_iter: t.Iterable[bytes]) -> None:
        """Warns if the application returned a :class:`str`, which a server
        would send one character at a time."""
        if not isinstance(app_iter, str):  # type: ignore[unreachable]
            return
        _complain(  # type: ignore[unreachable]
            "The application returned a string. The response will send one"
            " character at a time to the client, which will kill performance."
            " Return a list or iterable instead.",
            level=3,
        )

    def __call__(self, *args: t.Any, **kwargs: t.Any) -> t.Iterable[bytes]:
        if len(args) != 2:
            _complain("A WSGI app takes two arguments.")
        if kwargs:
            _complain("A WSGI app does not take keyword arguments.")

        environ: WSGIEnvironment = args[0]
        server_start_response: StartResponse = args[1]

        self.check_environ(environ)
        environ.update(
            {
                "wsgi.input": InputStream(environ["wsgi.input"]),
                "wsgi.errors": ErrorStream(environ["wsgi.errors"]),
                # A file sent through this wrapper is iterated like any other
                # body, so its bytes are counted too.
                "wsgi.file_wrapper": FileWrapper,
            }
        )

        # Filled in place by start_response, read by the iterator on close.
        started: list[t.Any] = []
        sent_sizes: list[int] = []

        def start_response(*sr_args: t.Any, **sr_kwargs: t.Any) -> GuardedWrite:
            count = len(sr_args)
            if count not in (2, 3):
                _complain(f"Invalid number of arguments: {count}, expected 2 or 3.")
            if sr_kwargs:
                _complain("'start_response' does not take keyword arguments.")

            status: str = sr_args[0]
            headers: list[tuple[str, str]] = sr_args[1]
            exc_info: _ExcInfo | None = sr_args[2] if count == 3 else None

            started[:] = self.check_start_response(status, headers, exc_info)
            write = server_start_response(status, headers, exc_info)
            return GuardedWrite(write, sent_sizes)

        app_iter = self.app(environ, t.cast("StartResponse", start_response))
        self.check_iterator(app_iter)
        return GuardedIterator(
            app_iter, t.cast("tuple[int, Headers]", started), sent_sizes
        )


def _check_header_list(headers: list[tuple[str, str]]) -> None:
    # Called from LintMiddleware.check_start_response; level 4 names its caller.
    if type(headers) is not list:
        _complain("Header list is not a list.", level=4)
    for entry in headers:
        if not (type(entry) is tuple and len(entry) == 2):
            _complain("Header items must be 2-item tuples.", level=4)
        name, value = entry
        if type(name) is not str or type(value) is not str:
            _complain("Header keys and values must be strings.", level=4)
        if name.lower() == "status":
            _complain(
                "The status header is not supported due to conflicts with the"
                " CGI spec.",
                level=4,
            )
