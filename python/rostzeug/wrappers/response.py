"""The WSGI response object."""

from __future__ import annotations

import typing as t
from collections.abc import Callable
from collections.abc import Iterable
from collections.abc import Iterator
from http import HTTPStatus

from ..sansio.response import Response as _SansIOResponse


class Response(_SansIOResponse):
    """A response body with its status and headers; calling it as a WSGI
    application sends it.

    :param response: the body: a string, bytes, or an iterable of either.
    :param status: see :class:`rostzeug.sansio.response.Response`.
    :param headers: the response headers.
    :param mimetype: the mimetype of the body (``text/plain`` by default).
    :param content_type: the full Content-Type header.
    :param direct_passthrough: send the iterable to the server unchanged.
    """

    #: Buffer an iterable body into a list when :attr:`data` is read.
    implicit_sequence_conversion = True
    #: Set Content-Length whenever the body's length is known.
    automatically_set_content_length = True

    def __init__(
        self,
        response: Iterable[bytes] | Iterable[str] | bytes | str | None = None,
        status: int | str | HTTPStatus | None = None,
        headers: t.Any = None,
        mimetype: str | None = None,
        content_type: str | None = None,
        direct_passthrough: bool = False,
    ) -> None:
        super().__init__(
            status=status, headers=headers, mimetype=mimetype, content_type=content_type
        )
        #: Whether the body iterable is passed to the server unchanged.
        self.direct_passthrough = direct_passthrough
        self._on_close: list[Callable[[], t.Any]] = []
        self.response: t.Any
        if response is None:
            self.response = []
        elif isinstance(response, (str, bytes, bytearray)):
            self.set_data(response)
        else:
            self.response = response

    def call_on_close(self, func: Callable[[], t.Any]) -> Callable[[], t.Any]:
        """Registers a function to call when the response is closed."""
        self._on_close.append(func)
        return func

    def __repr__(self) -> str:
        if self.is_sequence:
            body_info = f"{sum(map(len, self.iter_encoded()))} bytes"
        else:
            body_info = "streamed" if self.is_streamed else "likely-streamed"
        return f"<{type(self).__name__} {body_info} [{self.status}]>"

    def get_data(self, as_text: bool = False) -> bytes | str:
        """Returns the whole body, joined; as text when ``as_text`` is true."""
        self._ensure_sequence()
        rv = b"".join(self.iter_encoded())
        if as_text:
            return rv.decode()
        return rv

    def set_data(self, value: bytes | str) -> None:
        """Replaces the body, and sets Content-Length."""
        if isinstance(value, str):
            value = value.encode()
        self.response = [value]
        if self.automatically_set_content_length:
            self.headers["Content-Length"] = str(len(value))

    data = property(get_data, set_data, doc="The body as bytes.")

    @property
    def is_sequence(self) -> bool:
        """Whether the body is a list or tuple, so its length is known."""
        return isinstance(self.response, (tuple, list))

    @property
    def is_streamed(self) -> bool:
        """Whether the body's length cannot be known without consuming it."""
        try:
            len(self.response)
        except (TypeError, AttributeError):
            return True
        return False

    def _ensure_sequence(self) -> None:
        if self.is_sequence:
            return
        if self.direct_passthrough:
            raise RuntimeError(
                "Attempted implicit sequence conversion but the response object"
                " is in direct passthrough mode."
            )
        if not self.implicit_sequence_conversion:
            raise RuntimeError(
                "The response object required the iterable to be a sequence,"
                " but the implicit conversion was disabled. Call"
                " make_sequence() yourself."
            )
        self.make_sequence()

    def make_sequence(self) -> None:
        """Consumes an iterable body into a list, closing it."""
        if not self.is_sequence:
            close = getattr(self.response, "close", None)
            self.response = list(self.iter_encoded())
            if close is not None:
                self.call_on_close(close)

    def iter_encoded(self) -> Iterator[bytes]:
        """Iterates over the body, encoding strings as UTF-8."""
        for item in self.response:
            if isinstance(item, str):
                yield item.encode()
            else:
                yield item

    def close(self) -> None:
        """Closes the body iterable if it has ``close``, then calls the
        functions registered with :meth:`call_on_close`."""
        close = getattr(self.response, "close", None)
        if close is not None:
            close()
        for func in self._on_close:
            func()

    def __enter__(self) -> t.Self:
        return self

    def __exit__(self, exc_type: t.Any, exc_value: t.Any, tb: t.Any) -> None:
        self.close()

    def get_wsgi_headers(self, environ: dict[str, t.Any]) -> list[tuple[str, str]]:
        """The headers to send for this request: no Content-Length on
        responses that cannot have a body, and one computed when the body is
        a list of bytes."""
        headers = self.headers.copy()
        status = self.status_code
        if 100 <= status < 200 or status == 204:
            headers.remove("Content-Length")
        elif (
            self.automatically_set_content_length
            and self.is_sequence
            and "content-length" not in headers
            and status not in (304, 412)
        ):
            content_length = sum(len(x) for x in self.iter_encoded())
            headers["Content-Length"] = str(content_length)
        return headers.to_wsgi_list()

    def get_app_iter(self, environ: dict[str, t.Any]) -> Iterable[bytes]:
        """The body iterable for this request: empty for HEAD and for statuses
        that have no body."""
        status = self.status_code
        if (
            environ["REQUEST_METHOD"] == "HEAD"
            or 100 <= status < 200
            or status in (204, 304)
        ):
            body: Iterable[bytes] = ()
        elif self.direct_passthrough:
            return self.response  # type: ignore[no-any-return]
        else:
            body = self.iter_encoded()
        return _ClosingIterator(body, self.close)

    def get_wsgi_response(
        self, environ: dict[str, t.Any]
    ) -> tuple[Iterable[bytes], str, list[tuple[str, str]]]:
        """Returns ``(app_iter, status, headers)`` for this request."""
        headers = self.get_wsgi_headers(environ)
        app_iter = self.get_app_iter(environ)
        return app_iter, self.status, headers

    def __call__(
        self, environ: dict[str, t.Any], start_response: Callable[..., t.Any]
    ) -> Iterable[bytes]:
        """Sends the response as a WSGI application."""
        app_iter, status, headers = self.get_wsgi_response(environ)
        start_response(status, headers)
        return app_iter


class _ClosingIterator:
    """Iterates over a body and calls ``close`` when the server closes it."""

    def __init__(self, iterable: Iterable[bytes], close: Callable[[], t.Any]) -> None:
        self._iterator = iter(iterable)
        self._close = close

    def __iter__(self) -> Iterator[bytes]:
        return self

    def __next__(self) -> bytes:
        return next(self._iterator)

    def close(self) -> None:
        self._close()
