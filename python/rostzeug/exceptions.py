"""HTTP errors as exceptions.

Raise one of these in a view and it becomes the error response. Every
exception is itself a WSGI application that answers with an HTML error page,
and :meth:`HTTPException.get_response` turns it into a response object::

    from rostzeug.exceptions import HTTPException, NotFound

    @Request.application
    def app(request):
        try:
            if request.path != "/":
                raise NotFound()
            return Response("home")
        except HTTPException as error:
            # an error is a WSGI application, so it can be returned as is
            return error

Some errors add headers that depend on their arguments (``Allow`` for
:exc:`MethodNotAllowed`, ``WWW-Authenticate`` for :exc:`Unauthorized`,
``Retry-After`` for :exc:`TooManyRequests` and :exc:`ServiceUnavailable`), so
pass the environ or request to ``get_response`` when you have one.
"""

from __future__ import annotations

import typing as t
from datetime import datetime

from markupsafe import Markup
from markupsafe import escape

from ._internal import _get_environ

if t.TYPE_CHECKING:
    import typing_extensions as te
    from _typeshed.wsgi import StartResponse
    from _typeshed.wsgi import WSGIEnvironment

    from .datastructures import WWWAuthenticate
    from .sansio.response import Response as SansIOResponse
    from .wrappers.request import Request as WSGIRequest
    from .wrappers.response import Response as WSGIResponse

# The error page; the name and description are already escaped when filled in.
_ERROR_PAGE = (
    "<!doctype html>\n"
    "<html lang=en>\n"
    "<title>{code} {name}</title>\n"
    "<h1>{name}</h1>\n"
    "{description}\n"
)

_HTML_CONTENT_TYPE = ("Content-Type", "text/html; charset=utf-8")


class _Lazy:
    """Names of modules that import this one, found once: an import
    statement in a function costs about a microsecond on every call, and
    these run for every error response."""

    def __init__(self) -> None:
        self._phrases: dict[int, str] | None = None
        self._response: type[WSGIResponse] | None = None

    def status_phrases(self) -> dict[int, str]:
        phrases = self._phrases
        if phrases is None:
            from .http import HTTP_STATUS_CODES

            phrases = self._phrases = HTTP_STATUS_CODES
        return phrases

    def response_class(self) -> type[WSGIResponse]:
        response = self._response
        if response is None:
            from .wrappers.response import Response

            response = self._response = Response
        return response


_lazy = _Lazy()


class HTTPException(Exception):
    """The base of every HTTP error. Catch a subclass to render your own page
    for that error, or call the exception as a WSGI application to send the
    default page.

    :param description: replaces the class's default :attr:`description`.
        It is HTML-escaped when the page is rendered unless it is
        :class:`~markupsafe.Markup`.
    :param response: a response to send instead of the error page.
    """

    #: The status code; None on the base class.
    code: int | None = None
    #: The text of the error page.
    description: str | None = None

    def __init__(
        self,
        description: str | None = None,
        response: SansIOResponse | None = None,
    ) -> None:
        super().__init__()
        #: Sent as is by :meth:`get_response` instead of the error page.
        self.response = response
        # Only shadow the class default when a text was actually given.
        if description is not None:
            self.description = description

    @property
    def name(self) -> str:
        """The reason phrase of :attr:`code`, ``"Unknown Error"`` without one."""
        return _lazy.status_phrases().get(self.code, "Unknown Error")  # type: ignore[arg-type]

    def get_description(
        self,
        environ: WSGIEnvironment | None = None,
        scope: dict[str, t.Any] | None = None,
    ) -> str:
        """The description as an HTML paragraph, escaped, with each line break
        turned into ``<br>``."""
        raw = "" if self.description is None else self.description
        lines = escape(raw).split("\n")
        return f"<p>{Markup('<br>').join(lines)}</p>"

    def get_body(
        self,
        environ: WSGIEnvironment | None = None,
        scope: dict[str, t.Any] | None = None,
    ) -> str:
        """The HTML error page."""
        code = self.code
        name = self.name
        description = self.description
        if (
            type(self).get_description is _base_get_description
            and "get_description" not in self.__dict__
            and type(code) is int
            and type(name) is str
            and type(description) is str
        ):
            # The page depends on these three plain values only: render it
            # once (escaping is most of the cost of an error response).
            key = (code, name, description)
            page = _pages.get(key)
            if page is None:
                page = self._render_page(code, name, environ)
                if len(_pages) < _PAGES_MAX:
                    _pages[key] = page
            return page
        return self._render_page(code, name, environ)

    def _render_page(
        self, code: int | None, name: str, environ: WSGIEnvironment | None
    ) -> str:
        return _ERROR_PAGE.format(
            code=code,
            name=escape(name),
            description=self.get_description(environ),
        )

    def get_headers(
        self,
        environ: WSGIEnvironment | None = None,
        scope: dict[str, t.Any] | None = None,
    ) -> list[tuple[str, str]]:
        """The headers of the error page, as a list of ``(name, value)``:
        the HTML content type, then whatever this kind of error adds."""
        return [_HTML_CONTENT_TYPE, *self._extra_headers()]

    def _extra_headers(self) -> t.Iterator[tuple[str, str]]:
        """Headers a subclass sends after ``Content-Type``; none here."""
        return iter(())

    @t.overload
    def get_response(
        self,
        environ: WSGIEnvironment | WSGIRequest | None = ...,
        scope: None = None,
    ) -> WSGIResponse: ...
    @t.overload
    def get_response(
        self,
        environ: None = None,
        scope: dict[str, t.Any] = ...,
    ) -> SansIOResponse: ...
    def get_response(
        self,
        environ: WSGIEnvironment | WSGIRequest | None = None,
        scope: dict[str, t.Any] | None = None,
    ) -> WSGIResponse | SansIOResponse:
        """The response to send for this error.

        :param environ: the WSGI environ or a request; some errors use it to
            tailor the response.
        :param scope: the ASGI scope, used the same way.
        :return: the ``response`` given to the constructor, else a
            :class:`rostzeug.wrappers.Response` with the error page.
        """
        if self.response is not None:
            return self.response

        Response = _lazy.response_class()
        env = None if environ is None else _get_environ(environ)
        body = self.get_body(env, scope)
        cls = type(self)
        own = self.__dict__
        if (
            cls.get_headers is _base_get_headers
            and cls._extra_headers is _base_extra_headers
            and "get_headers" not in own
            and "_extra_headers" not in own
        ):
            # The headers are the content type alone: let the response make
            # them, as for a new response, without copying a list of pairs.
            return Response(body, status=self.code, content_type=_HTML_CONTENT_TYPE[1])
        return Response(body, status=self.code, headers=self.get_headers(env, scope))

    def __call__(
        self, environ: WSGIEnvironment, start_response: StartResponse
    ) -> t.Iterable[bytes]:
        """Sends the error response as a WSGI application."""
        return self.get_response(environ)(environ, start_response)

    def _code_label(self) -> str:
        # The base class and ad hoc subclasses have no code to show.
        return "???" if self.code is None else str(self.code)

    def __str__(self) -> str:
        return f"{self._code_label()} {self.name}: {self.description}"

    def __repr__(self) -> str:
        return f"<{type(self).__name__} '{self._code_label()}: {self.name}'>"


_base_get_description = HTTPException.get_description
_base_get_headers = HTTPException.get_headers
_base_extra_headers = HTTPException._extra_headers

#: Rendered error pages by ``(code, name, description)``, for the exceptions
#: whose page depends on these alone. Bounded, as descriptions may be made
#: per request (``abort(404, f"no user {name}")``): pages beyond it are
#: rendered each time.
_pages: dict[tuple[int, str, str], str] = {}
_PAGES_MAX = 256


class BadRequest(HTTPException):
    """400 Bad Request: the client sent something the application cannot
    handle."""

    code = 400
    description = (
        "The browser (or proxy) sent a request that this server could not understand."
    )


class BadRequestKeyError(BadRequest, KeyError):
    """Both a :exc:`KeyError` and a :exc:`BadRequest`: the request data
    structures raise it for a missing key, so an unhandled lookup becomes a
    400 response.

    :param arg: the missing key.
    """

    #: Add the missing key to the error page. Helps while debugging; leave it
    #: off in production.
    show_exception = False
    # Backs the ``description`` property, which may append the key.
    _description = BadRequest.description

    def __init__(self, arg: object | None = None, *args: t.Any, **kwargs: t.Any):
        super().__init__(*args, **kwargs)
        # ``KeyError.args`` stays empty when no key was named.
        KeyError.__init__(self, *(() if arg is None else (arg,)))

    @property
    def description(self) -> str:
        """The description, followed by the missing key when
        :attr:`show_exception` is set."""
        base = self._description
        if not self.show_exception:
            return base
        missing = KeyError.__str__(self)
        return f"{base}\nKeyError: {missing}"

    @description.setter
    def description(self, value: str) -> None:
        self._description = value


class ClientDisconnected(BadRequest):
    """Raised when the client went away while its request was read. Sending
    the error page will likely fail too; the class exists so that this case
    can be told apart and ignored."""


class SecurityError(BadRequest):
    """Raised when a request trips a security check; otherwise a
    :exc:`BadRequest`."""


class BadHost(BadRequest):
    """Raised when the request's host is malformed or not trusted."""


class Unauthorized(HTTPException):
    """401 Unauthorized: the resource requires authentication.

    :param description: replaces the default description.
    :param response: a response to send instead of the error page.
    :param www_authenticate: a
        :class:`~rostzeug.datastructures.WWWAuthenticate`, or several; each
        becomes its own ``WWW-Authenticate`` header. Without it the header is
        not sent, although a 401 response should strictly carry one.
    """

    code = 401
    description = (
        "The server could not verify that you are authorized to access"
        " the URL requested. You either supplied the wrong credentials"
        " (e.g. a bad password), or your browser doesn't understand"
        " how to supply the credentials required."
    )

    def __init__(
        self,
        description: str | None = None,
        response: SansIOResponse | None = None,
        www_authenticate: (WWWAuthenticate | t.Iterable[WWWAuthenticate] | None) = None,
    ) -> None:
        super().__init__(description, response)
        #: The challenges sent as ``WWW-Authenticate`` headers.
        self.www_authenticate: t.Iterable[WWWAuthenticate] | None = (
            (www_authenticate,)
            if _is_www_authenticate(www_authenticate)
            else www_authenticate
        )

    def _extra_headers(self) -> t.Iterator[tuple[str, str]]:
        for challenge in self.www_authenticate or ():
            yield "WWW-Authenticate", str(challenge)


def _is_www_authenticate(value: object) -> te.TypeIs[WWWAuthenticate]:
    """Whether ``value`` is a single ``WWWAuthenticate`` challenge."""
    from . import datastructures

    challenge_type = getattr(datastructures, "WWWAuthenticate", None)
    return challenge_type is not None and isinstance(value, challenge_type)


class Forbidden(HTTPException):
    """403 Forbidden: the client is known but may not access the resource."""

    code = 403
    description = (
        "You don't have the permission to access the requested"
        " resource. It is either read-protected or not readable by the"
        " server."
    )


class NotFound(HTTPException):
    """404 Not Found: there is no resource at this URL."""

    code = 404
    description = (
        "The requested URL was not found on the server. If you entered"
        " the URL manually please check your spelling and try again."
    )


class MethodNotAllowed(HTTPException):
    """405 Method Not Allowed: the resource does not handle the request's
    method.

    :param valid_methods: the methods the resource does handle, sent in the
        ``Allow`` header. A 405 response should strictly always carry it.
    :param description: replaces the default description.
    :param response: a response to send instead of the error page.
    """

    code = 405
    description = "The method is not allowed for the requested URL."

    def __init__(
        self,
        valid_methods: t.Iterable[str] | None = None,
        description: str | None = None,
        response: SansIOResponse | None = None,
    ) -> None:
        #: The methods listed in the ``Allow`` header.
        self.valid_methods = valid_methods
        super().__init__(description, response)

    def _extra_headers(self) -> t.Iterator[tuple[str, str]]:
        # An empty list sends no ``Allow`` header at all.
        if self.valid_methods:
            yield "Allow", ", ".join(self.valid_methods)


class NotAcceptable(HTTPException):
    """406 Not Acceptable: no representation matches the request's
    ``Accept`` headers."""

    code = 406
    description = (
        "The resource identified by the request is only capable of"
        " generating response entities which have content"
        " characteristics not acceptable according to the accept"
        " headers sent in the request."
    )


class RequestTimeout(HTTPException):
    """408 Request Timeout: the client took too long to send its request."""

    code = 408
    description = (
        "The server closed the network connection because the browser"
        " didn't finish the request within the specified time."
    )


class Conflict(HTTPException):
    """409 Conflict: the request conflicts with the resource's current
    state."""

    code = 409
    description = (
        "A conflict happened while processing the request. The"
        " resource might have been modified while the request was being"
        " processed."
    )


class Gone(HTTPException):
    """410 Gone: the resource existed but was removed for good."""

    code = 410
    description = (
        "The requested URL is no longer available on this server and"
        " there is no forwarding address. If you followed a link from a"
        " foreign page, please contact the author of this page."
    )


class LengthRequired(HTTPException):
    """411 Length Required: the request has a body but no
    ``Content-Length``."""

    code = 411
    description = (
        "A request with this method requires a valid <code>Content-"
        "Length</code> header."
    )


class PreconditionFailed(HTTPException):
    """412 Precondition Failed: an ``If-Match``, ``If-None-Match`` or
    ``If-Unmodified-Since`` condition is false."""

    code = 412
    description = (
        "The precondition on the request for the URL failed positive evaluation."
    )


class RequestEntityTooLarge(HTTPException):
    """413 Request Entity Too Large: the request body exceeds a limit."""

    code = 413
    description = "The data value transmitted exceeds the capacity limit."


class RequestURITooLarge(HTTPException):
    """414 Request URI Too Large: the URL exceeds a limit."""

    code = 414
    description = (
        "The length of the requested URL exceeds the capacity limit for"
        " this server. The request cannot be processed."
    )


class UnsupportedMediaType(HTTPException):
    """415 Unsupported Media Type: the server cannot handle the body's media
    type."""

    code = 415
    description = (
        "The server does not support the media type transmitted in the request."
    )


class RequestedRangeNotSatisfiable(HTTPException):
    """416 Requested Range Not Satisfiable: the requested range lies outside
    the resource.

    :param length: the resource's full length; when given, sent as
        ``Content-Range: <units> */<length>``.
    :param units: the range unit.
    :param description: replaces the default description.
    :param response: a response to send instead of the error page.
    """

    code = 416
    description = "The server cannot provide the requested range."

    def __init__(
        self,
        length: int | None = None,
        units: str = "bytes",
        description: str | None = None,
        response: SansIOResponse | None = None,
    ) -> None:
        #: The complete length of the resource.
        self.length = length
        #: The unit of the ``Content-Range`` header.
        self.units = units
        super().__init__(description, response)

    def _extra_headers(self) -> t.Iterator[tuple[str, str]]:
        # A length of 0 is meaningful, so only None leaves the header out.
        if self.length is not None:
            yield "Content-Range", f"{self.units} */{self.length}"


class ExpectationFailed(HTTPException):
    """417 Expectation Failed: the server cannot meet the ``Expect``
    header."""

    code = 417
    description = "The server could not meet the requirements of the Expect header"


class ImATeapot(HTTPException):
    """418 I'm a teapot: the server refuses to brew coffee."""

    code = 418
    description = "This server is a teapot, not a coffee machine"


class MisdirectedRequest(HTTPException):
    """421 Misdirected Request: this server cannot answer for the request's
    target."""

    code = 421
    description = "The server is not able to produce a response."


class UnprocessableEntity(HTTPException):
    """422 Unprocessable Entity: the request is well-formed but its content
    cannot be acted on."""

    code = 422
    description = (
        "The request was well-formed but was unable to be followed due"
        " to semantic errors."
    )


class Locked(HTTPException):
    """423 Locked: the resource is locked."""

    code = 423
    description = "The resource that is being accessed is locked."


class FailedDependency(HTTPException):
    """424 Failed Dependency: the request depended on another action that
    failed."""

    code = 424
    description = (
        "The method could not be performed on the resource because the"
        " requested action depended on another action and that action"
        " failed."
    )


class PreconditionRequired(HTTPException):
    """428 Precondition Required: the server only accepts conditional
    requests here (``If-Match`` or ``If-Unmodified-Since``), so that clients
    cannot overwrite each other's changes."""

    code = 428
    description = (
        "This request is required to be conditional; try using"
        ' "If-Match" or "If-Unmodified-Since".'
    )


class _RetryAfter(HTTPException):
    """Base of the errors that can tell the client when to try again.

    :param description: replaces the default description.
    :param response: a response to send instead of the error page.
    :param retry_after: sent as the ``Retry-After`` header: a number of
        seconds, or a :class:`~datetime.datetime` formatted as an HTTP date.
    """

    def __init__(
        self,
        description: str | None = None,
        response: SansIOResponse | None = None,
        retry_after: datetime | int | None = None,
    ) -> None:
        #: The value of the ``Retry-After`` header.
        self.retry_after = retry_after
        super().__init__(description, response)

    def _extra_headers(self) -> t.Iterator[tuple[str, str]]:
        when = self.retry_after
        if not when:
            return
        if not isinstance(when, datetime):
            yield "Retry-After", str(when)
            return
        from .http import http_date

        yield "Retry-After", http_date(when)


class TooManyRequests(_RetryAfter):
    """429 Too Many Requests: the client exceeded a rate limit.

    :param retry_after: sent as the ``Retry-After`` header: a number of
        seconds or a :class:`~datetime.datetime`.
    """

    code = 429
    description = "This user has exceeded an allotted request count. Try again later."


class RequestHeaderFieldsTooLarge(HTTPException):
    """431 Request Header Fields Too Large: one header, or all of them
    together, exceed a limit."""

    code = 431
    description = "One or more header fields exceeds the maximum size."


class UnavailableForLegalReasons(HTTPException):
    """451 Unavailable For Legal Reasons: access is denied because of a legal
    demand."""

    code = 451
    description = "Unavailable for legal reasons."


class InternalServerError(HTTPException):
    """500 Internal Server Error: the application failed. The usual response
    for an unexpected exception.

    :param description: replaces the default description.
    :param response: a response to send instead of the error page.
    :param original_exception: the exception that caused the error.
    """

    code = 500
    description = (
        "The server encountered an internal error and was unable to"
        " complete your request. Either the server is overloaded or"
        " there is an error in the application."
    )

    def __init__(
        self,
        description: str | None = None,
        response: SansIOResponse | None = None,
        original_exception: BaseException | None = None,
    ) -> None:
        super().__init__(description, response)
        #: The exception that caused this error, for frameworks that report
        #: it.
        self.original_exception = original_exception


class NotImplemented(HTTPException):
    """501 Not Implemented: the application does not support the requested
    action."""

    code = 501
    description = "The server does not support the action requested by the browser."


class BadGateway(HTTPException):
    """502 Bad Gateway: a proxy got an invalid response from upstream."""

    code = 502
    description = (
        "The proxy server received an invalid response from an upstream server."
    )


class ServiceUnavailable(_RetryAfter):
    """503 Service Unavailable: the service is down for now.

    :param retry_after: sent as the ``Retry-After`` header: a number of
        seconds or a :class:`~datetime.datetime`.
    """

    code = 503
    description = (
        "The server is temporarily unable to service your request due"
        " to maintenance downtime or capacity problems. Please try"
        " again later."
    )


class GatewayTimeout(HTTPException):
    """504 Gateway Timeout: a proxy timed out waiting for upstream."""

    code = 504
    description = "The connection to an upstream server timed out."


class HTTPVersionNotSupported(HTTPException):
    """505 HTTP Version Not Supported: the server does not speak the
    request's HTTP version."""

    code = 505
    description = (
        "The server does not support the HTTP protocol version used in the request."
    )


def _collect_default_exceptions() -> dict[int, type[HTTPException]]:
    """Maps each status code to the class that stands for it. When several
    classes share a code, the most general one wins (``BadRequest``, not
    ``BadHost``)."""
    found: dict[int, type[HTTPException]] = {}
    for value in globals().values():
        if not (isinstance(value, type) and issubclass(value, HTTPException)):
            continue
        if value.code is None:
            continue
        known = found.get(value.code)
        if known is None or not issubclass(value, known):
            found[value.code] = value
    return found


#: The exception class for each status code, as :func:`abort` uses it.
default_exceptions: dict[int, type[HTTPException]] = _collect_default_exceptions()


class Aborter:
    """A callable that raises the exception mapped to a status code.

    Called with a status code, it raises the mapped class with the remaining
    arguments; called with a response object, it raises an
    :exc:`HTTPException` that sends that response.

    :param mapping: status code to exception class;
        :data:`default_exceptions` when None.
    :param extra: more entries added to (a copy of) ``mapping``.
    """

    def __init__(
        self,
        mapping: dict[int, type[HTTPException]] | None = None,
        extra: dict[int, type[HTTPException]] | None = None,
    ) -> None:
        #: Status code to exception class; a private copy, safe to change.
        self.mapping = {
            **(default_exceptions if mapping is None else mapping),
            **(extra or {}),
        }

    def __call__(
        self, code: int | SansIOResponse, *args: t.Any, **kwargs: t.Any
    ) -> t.NoReturn:
        from .sansio.response import Response as SansIOResponseType

        if not isinstance(code, SansIOResponseType):
            error_class = self.mapping.get(code)
            if error_class is None:
                raise LookupError(f"no exception for {code!r}")
            raise error_class(*args, **kwargs)
        # A ready response is wrapped rather than looked up.
        raise HTTPException(response=code)


def abort(status: int | SansIOResponse, *args: t.Any, **kwargs: t.Any) -> t.NoReturn:
    """Raises the :exc:`HTTPException` for a status code, or one that sends
    the given response::

        abort(404)
        abort(Response("Hello World"))

    Further arguments go to the exception's constructor, so
    ``abort(405, ["GET"])`` sets the allowed methods.

    :raises LookupError: when no exception is known for ``status``.
    """
    _aborter(status, *args, **kwargs)


_aborter: Aborter = Aborter()
