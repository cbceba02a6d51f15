"""The response object without I/O: status and headers."""

from __future__ import annotations

import typing as t
from http import HTTPStatus

from ..datastructures import Headers
from ..http import HTTP_STATUS_CODES
from ..utils import get_content_type


class Response:
    """The status and headers of an HTTP response.

    :param status: the status as an int, a string such as ``"404 NOT FOUND"``
        or an :class:`~http.HTTPStatus`; :attr:`default_status` when None.
    :param headers: the response headers.
    :param mimetype: the mimetype of the body; ``; charset=utf-8`` is added
        for text types. Ignored when ``content_type`` is given.
    :param content_type: the full Content-Type header.
    """

    #: The charset text bodies are encoded with.
    charset = "utf-8"
    #: The status when none is given.
    default_status = 200
    #: The mimetype when neither mimetype nor content type is given.
    default_mimetype: str | None = "text/plain"

    def __init__(
        self,
        status: int | str | HTTPStatus | None = None,
        headers: t.Any = None,
        mimetype: str | None = None,
        content_type: str | None = None,
    ) -> None:
        if isinstance(headers, Headers):
            self.headers = headers
        elif not headers:
            self.headers = Headers()
        else:
            self.headers = Headers(headers)

        if content_type is None:
            if mimetype is None and "content-type" not in self.headers:
                mimetype = self.default_mimetype
            if mimetype is not None:
                mimetype = get_content_type(mimetype, self.charset)
            content_type = mimetype
        if content_type is not None:
            self.headers["Content-Type"] = content_type
        if status is None:
            status = self.default_status
        self.status = status  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"<{type(self).__name__} [{self.status}]>"

    @property
    def status_code(self) -> int:
        """The status code as an int."""
        return self._status_code

    @status_code.setter
    def status_code(self, code: int) -> None:
        self.status = code  # type: ignore[assignment]

    @property
    def status(self) -> str:
        """The status line, such as ``"200 OK"``."""
        return self._status

    @status.setter
    def status(self, value: int | str | HTTPStatus) -> None:
        self._status, self._status_code = self._clean_status(value)

    def _clean_status(self, value: int | str | HTTPStatus) -> tuple[str, int]:
        if isinstance(value, (int, HTTPStatus)):
            status_code = int(value)
        else:
            value = value.strip()
            if not value:
                raise ValueError("Empty status argument")
            code_str, sep, _ = value.partition(" ")
            try:
                status_code = int(code_str)
            except ValueError:
                # An unknown string gets the code 0, as Werkzeug does.
                return f"0 {value}", 0
            if sep:
                return value, status_code
        try:
            status = f"{status_code} {HTTP_STATUS_CODES[status_code].upper()}"
        except KeyError:
            status = f"{status_code} UNKNOWN"
        return status, status_code

    @property
    def mimetype(self) -> str | None:
        """The Content-Type without parameters, lower-cased."""
        content_type = self.headers.get("content-type")
        if content_type:
            return content_type.split(";")[0].strip().lower()  # type: ignore[no-any-return]
        return None

    @mimetype.setter
    def mimetype(self, value: str) -> None:
        self.headers["Content-Type"] = get_content_type(value, self.charset)

    @property
    def content_type(self) -> str | None:
        """The Content-Type header."""
        return self.headers.get("content-type")  # type: ignore[no-any-return]

    @content_type.setter
    def content_type(self, value: str | None) -> None:
        if value is None:
            self.headers.remove("content-type")
        else:
            self.headers["Content-Type"] = value

    @property
    def content_length(self) -> int | None:
        """The Content-Length header as an int."""
        return self.headers.get("content-length", type=int)  # type: ignore[no-any-return]

    @content_length.setter
    def content_length(self, value: int | None) -> None:
        if value is None:
            self.headers.remove("content-length")
        else:
            self.headers["Content-Length"] = str(value)
