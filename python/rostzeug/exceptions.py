"""HTTP errors as exceptions: raise one in a view and it becomes the error
response. Each class carries its status ``code`` and a ``description``.
"""

from __future__ import annotations

import typing as t
from html import escape

from .http import HTTP_STATUS_CODES

if t.TYPE_CHECKING:
    from .sansio.response import Response as SansIOResponse


class HTTPException(Exception):
    """The base of every HTTP error. It is itself a WSGI application that
    answers with its error page.

    :param description: replaces the class's default description.
    :param response: a response to send instead of the error page.
    """

    code: int | None = None
    description: str | None = None

    def __init__(
        self, description: str | None = None, response: SansIOResponse | None = None
    ) -> None:
        super().__init__()
        if description is not None:
            self.description = description
        self.response = response

    @property
    def name(self) -> str:
        """The status's reason phrase."""
        return HTTP_STATUS_CODES.get(self.code, "Unknown Error")  # type: ignore[arg-type]

    def get_description(self, environ: t.Any = None, scope: t.Any = None) -> str:
        """The description as an HTML paragraph."""
        description = escape(self.description or "", quote=True).replace("\n", "<br>")
        return f"<p>{description}</p>"

    def get_body(self, environ: t.Any = None, scope: t.Any = None) -> str:
        """The HTML error page."""
        name = escape(self.name)
        return (
            "<!doctype html>\n<html lang=en>\n"
            f"<title>{self.code} {name}</title>\n"
            f"<h1>{name}</h1>\n"
            f"{self.get_description(environ)}\n"
        )

    def get_headers(
        self, environ: t.Any = None, scope: t.Any = None
    ) -> list[tuple[str, str]]:
        """The headers of the error response."""
        return [("Content-Type", "text/html; charset=utf-8")]

    def get_response(self, environ: t.Any = None, scope: t.Any = None) -> t.Any:
        """The response to send: ``response`` when one was given, else the
        error page."""
        from .wrappers.response import Response

        if self.response is not None:
            return self.response
        if environ is not None and not isinstance(environ, dict):
            environ = environ.environ
        headers = self.get_headers(environ, scope)
        return Response(self.get_body(environ, scope), self.code, headers)

    def __call__(self, environ: t.Any, start_response: t.Any) -> t.Iterable[bytes]:
        response = self.get_response(environ)
        return response(environ, start_response)  # type: ignore[no-any-return]

    def __str__(self) -> str:
        code = self.code if self.code is not None else "???"
        return f"{code} {self.name}: {self.description}"

    def __repr__(self) -> str:
        code = self.code if self.code is not None else "???"
        return f"<{type(self).__name__} '{code}: {self.name}'>"


class BadRequest(HTTPException):
    """400: the request was malformed."""

    code = 400
    description = (
        "The browser (or proxy) sent a request that this server could not understand."
    )


class BadRequestKeyError(BadRequest, KeyError):
    """Both a :exc:`KeyError` and a :exc:`BadRequest`: raised by request
    data structures when a key is missing."""

    _description = BadRequest.description
    #: Show the missing key in the error page; useful while debugging only.
    show_exception = False

    def __init__(
        self, arg: object | None = None, *args: t.Any, **kwargs: t.Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if arg is None:
            KeyError.__init__(self)
        else:
            KeyError.__init__(self, arg)

    @property  # type: ignore[override]
    def description(self) -> str:
        if self.show_exception:
            return f"{self._description}\nKeyError: {KeyError.__str__(self)}"
        return self._description

    @description.setter
    def description(self, value: str) -> None:
        self._description = value


class NotFound(HTTPException):
    """404: no resource at this URL."""

    code = 404
    description = (
        "The requested URL was not found on the server. If you entered the URL"
        " manually please check your spelling and try again."
    )


class RequestEntityTooLarge(HTTPException):
    """413: the request body is larger than the server accepts."""

    code = 413
    description = "The data value transmitted exceeds the capacity limit."


class InternalServerError(HTTPException):
    """500: the application failed."""

    code = 500
    description = (
        "The server encountered an internal error and was unable to complete"
        " your request. Either the server is overloaded or there is an error in"
        " the application."
    )

    def __init__(
        self,
        description: str | None = None,
        response: SansIOResponse | None = None,
        original_exception: BaseException | None = None,
    ) -> None:
        #: The exception that caused this error, when there was one.
        self.original_exception = original_exception
        super().__init__(description=description, response=response)
