"""The WSGI response object.

:class:`Response` is :class:`BaseResponse` (the body and sending it) plus
the header mixins of :mod:`rostzeug.sansio.response`, the conditional
request handling of :class:`ETagResponseMixin` and the file-like
:attr:`~ResponseStreamMixin.stream` of :class:`ResponseStreamMixin`.
"""

from __future__ import annotations

import json
import typing as t
from collections.abc import Callable
from collections.abc import Iterable
from collections.abc import Iterator
from http import HTTPStatus
from itertools import chain
from urllib.parse import urljoin

from .._internal import _get_environ
from .._native import plain_wsgi_header_list as _plain_wsgi_header_list
from ..datastructures import Headers
from ..exceptions import HTTPException
from ..http import generate_etag
from ..http import http_date
from ..http import is_resource_modified
from ..http import parse_etags
from ..http import parse_range_header
from ..http import remove_entity_headers
from ..sansio.response import ETagResponseMixin as _SansIOETagResponseMixin
from ..sansio.response import Response as _SansIOResponse
from ..sansio.response import _BaseResponse as _SansIOBaseResponse
from ..sansio.response import _status_lines
from ..urls import iri_to_uri
from ..utils import cached_property
from ..wsgi import ClosingIterator
from ..wsgi import _RangeWrapper
from ..wsgi import get_current_url

if t.TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse
    from _typeshed.wsgi import WSGIApplication
    from _typeshed.wsgi import WSGIEnvironment

    from .request import Request


def _iter_encoded(iterable: Iterable[str | bytes]) -> Iterator[bytes]:
    for item in iterable:
        yield item.encode() if isinstance(item, str) else item


_sansio_init = _SansIOBaseResponse.__init__


def _init_after_base_response(cls: type) -> t.Any:
    """The ``__init__`` that ``super()`` finds from :class:`BaseResponse`'s
    ``__init__`` in an instance of ``cls``."""
    mro = cls.__mro__
    for klass in mro[mro.index(BaseResponse) + 1 :]:
        if "__init__" in klass.__dict__:
            return klass.__dict__["__init__"]
    return object.__init__


def _status_forbids_body(code: int) -> bool:
    """Whether a response with this status ends after its headers: 1xx,
    204 and 304 (RFC 9110)."""
    return 100 <= code < 200 or code == 204 or code == 304


def _satisfiable_range(
    header: str | None, complete_length: int
) -> tuple[int, int, str] | None:
    """``(start, stop, content_range)`` for a ``Range`` header over a body
    of ``complete_length`` bytes; None when it cannot be parsed or
    satisfied."""
    ranges = parse_range_header(header)
    if ranges is None:
        return None
    span = ranges.range_for_length(complete_length)
    content_range = ranges.to_content_range_header(complete_length)
    if span is None or content_range is None:
        return None
    return span[0], span[1], content_range


class _ClosingBody(chain):  # type: ignore[type-arg]
    """The body iterable of a buffered response, for the server: iterating
    it is done in C (a chain over one iterable), and its ``close`` closes
    the response, as :class:`~rostzeug.wsgi.ClosingIterator` does for other
    bodies."""

    __slots__ = ("close",)

    close: Callable[[], None]


class BaseResponse(_SansIOBaseResponse):
    """A response body with its status and headers; calling it as a WSGI
    application sends it. :class:`Response` adds the typed header
    properties, conditional requests and :attr:`~Response.stream`; add
    single mixins (``class MyResponse(BaseResponse, ETagResponseMixin)``)
    for a leaner class.

    The body is bytes or a string (encoded as UTF-8), a list or tuple of
    them (its length is known), or any other iterable of them, such as a
    generator, which is streamed.

    :param response: the body; empty by default.
    :param status: the status as an int, a string such as ``"404 NOT
        FOUND"`` or an :class:`~http.HTTPStatus`; 200 by default.
    :param headers: a :class:`~rostzeug.datastructures.Headers`, or pairs
        or a mapping to build one from.
    :param mimetype: the mimetype of the body (``text/plain`` by default);
        ``; charset=utf-8`` is added for text types.
    :param content_type: the full Content-Type header, instead of
        ``mimetype``.
    :param direct_passthrough: give the body iterable to the server as it
        is, as :func:`~rostzeug.utils.send_file` does with files.
    """

    #: Buffer an iterable body into a list when something needs all of it,
    #: such as :attr:`data`. When false, that raises :exc:`RuntimeError`.
    implicit_sequence_conversion = True
    #: Make a relative ``Location`` header absolute, against the request
    #: URL, when sending.
    autocorrect_location_header = False
    #: Set ``Content-Length`` whenever the length of the body is known.
    automatically_set_content_length = True
    #: An object with the ``dumps`` and ``loads`` of :mod:`json`, used by
    #: :meth:`get_json`.
    json_module: t.Any = json

    #: The body: an iterable of bytes or strings.
    response: Iterable[str] | Iterable[bytes]

    #: Whether ``super().__init__`` in :meth:`__init__` is the sans-IO
    #: constructor, which is then called directly. Set per class when it is
    #: created, as the MRO is fixed then.
    _sansio_init_is_next = True

    def __init__(
        self,
        response: Iterable[bytes] | bytes | Iterable[str] | str | None = None,
        status: int | str | HTTPStatus | None = None,
        headers: t.Mapping[str, str | Iterable[str]]
        | Iterable[tuple[str, str]]
        | None = None,
        mimetype: str | None = None,
        content_type: str | None = None,
        direct_passthrough: bool = False,
    ) -> None:
        if self._sansio_init_is_next:
            # What super().__init__ calls, without super() walking the MRO.
            _SansIOBaseResponse.__init__(self, status, headers, mimetype, content_type)
        else:
            super().__init__(status, headers, mimetype, content_type)
        #: Whether the body iterable is given to the server unchanged.
        self.direct_passthrough = direct_passthrough
        self._on_close: list[Callable[[], t.Any]] = []
        if response is None:
            self.response = []
        elif isinstance(response, (str, bytes, bytearray)):
            if headers is None and type(self).set_data is _base_set_data:
                # What set_data does, for the new headers made above: they
                # hold no Content-Length to replace and no index to update,
                # so the pair goes on their list, as add() does.
                if isinstance(response, str):
                    response = response.encode()
                self.response = [response]
                if self.automatically_set_content_length:
                    list.append(
                        self.headers._items, ("Content-Length", str(len(response)))
                    )
            else:
                self.set_data(response)
        else:
            self.response = response

    def __init_subclass__(cls, **kwargs: t.Any) -> None:
        super().__init_subclass__(**kwargs)
        cls._sansio_init_is_next = _init_after_base_response(cls) is _sansio_init

    def call_on_close(self, func: Callable[[], t.Any]) -> Callable[[], t.Any]:
        """Registers a function to call when the response is closed, and
        returns it, so that this works as a decorator."""
        self._on_close.append(func)
        return func

    def __repr__(self) -> str:
        name = type(self).__name__
        if not self.is_sequence:
            kind = "streamed" if self.is_streamed else "likely-streamed"
            return f"<{name} {kind} [{self.status}]>"
        size = sum(map(len, self.iter_encoded()))
        return f"<{name} {size} bytes [{self.status}]>"

    def __getstate__(self) -> dict[str, t.Any]:
        # Pickling (and deep-copying) takes the buffered body. The functions
        # registered with call_on_close release this object's resources, not
        # the copy's, so they are left out.
        if not self.is_sequence:
            raise TypeError(
                f"cannot pickle a {type(self).__name__!r} with a streamed body:"
                " call freeze() first, which buffers the body into a list."
            )
        state = self.__dict__.copy()
        state["_on_close"] = []
        return state

    def __copy__(self) -> t.Self:
        rv = object.__new__(type(self))
        rv.__dict__.update(self.__dict__)
        return rv

    @classmethod
    def force_type(
        cls, response: BaseResponse, environ: WSGIEnvironment | None = None
    ) -> t.Self:
        """Makes ``response`` an instance of this class, in place (its
        class is replaced). Any other WSGI application is run with
        ``environ`` and its output made into a new response.

        :raise TypeError: for a WSGI application without ``environ``.
        """
        if isinstance(response, BaseResponse):
            converted = response
        # Any WSGI application is accepted too, beyond the annotation.
        elif environ is None:  # type: ignore[unreachable]
            raise TypeError(
                "cannot convert a WSGI application into a response object"
                " without an environ: pass the environ to run it with."
            )
        else:
            converted = _response_of_error(response, environ)
            if converted is None:
                converted = Response.from_app(response, environ)
        converted.__class__ = cls
        return converted  # type: ignore[return-value]

    @classmethod
    def from_app(
        cls, app: WSGIApplication, environ: WSGIEnvironment, buffered: bool = False
    ) -> t.Self:
        """Runs a WSGI application and makes a response of its output.
        Set ``buffered`` for applications that use the ``write`` callable
        of ``start_response`` in ways that need the output buffered."""
        from ..test import run_wsgi_app

        body, status, headers = run_wsgi_app(app, environ, buffered)
        return cls(body, status, headers)

    @t.overload
    def get_data(self, as_text: t.Literal[False] = False) -> bytes: ...
    @t.overload
    def get_data(self, as_text: t.Literal[True]) -> str: ...
    def get_data(self, as_text: bool = False) -> bytes | str:
        """Returns the whole body, joined (buffering an iterable body, see
        :attr:`implicit_sequence_conversion`); decoded as UTF-8 when
        ``as_text`` is true."""
        self._ensure_sequence()
        body = b"".join(self.iter_encoded())
        return body.decode() if as_text else body

    def set_data(self, value: bytes | str) -> None:
        """Replaces the body with bytes or a string (encoded as UTF-8), and
        sets ``Content-Length`` (see :attr:`automatically_set_content_length`)."""
        if isinstance(value, str):
            value = value.encode()
        self.response = [value]
        if self.automatically_set_content_length:
            self.headers.set("Content-Length", str(len(value)))

    data = property(
        get_data, set_data, doc="The body as bytes: :meth:`get_data`, :meth:`set_data`."
    )

    def calculate_content_length(self) -> int | None:
        """Returns the length of the body, or None when it cannot be known
        without consuming a stream."""
        try:
            self._ensure_sequence()
        except RuntimeError:
            return None
        return sum(map(len, self.iter_encoded()))

    def _ensure_sequence(self, mutable: bool = False) -> None:
        """Buffers an iterable body into a list, if allowed; with
        ``mutable``, a tuple becomes a list too."""
        if self.is_sequence:
            if mutable and not isinstance(self.response, list):
                self.response = list(self.response)  # type: ignore[assignment]
            return
        if self.direct_passthrough:
            raise RuntimeError(
                "Attempted implicit sequence conversion but the response object"
                " is in direct passthrough mode. Call make_sequence() to buffer"
                " the body."
            )
        if not self.implicit_sequence_conversion:
            raise RuntimeError(
                "The response object required the iterable to be a sequence,"
                " but the implicit conversion was disabled. Call"
                " make_sequence() yourself."
            )
        self.make_sequence()

    def make_sequence(self) -> None:
        """Consumes an iterable body into a list of bytes; its ``close`` is
        kept to be called when the response closes."""
        if self.is_sequence:
            return
        release = getattr(self.response, "close", None)
        self.response = list(self.iter_encoded())
        if release is not None:
            self.call_on_close(release)

    def iter_encoded(self) -> Iterator[bytes]:
        """Iterates over the body, encoding strings as UTF-8. This is the
        iterable the server gets, unless :attr:`direct_passthrough` is set."""
        return _iter_encoded(self.response)

    @property
    def is_streamed(self) -> bool:
        """Whether the length of the body is unknown: an iterable without
        ``len()``, such as a generator."""
        try:
            size: int | None = len(self.response)  # type: ignore[arg-type]
        except (TypeError, AttributeError):
            size = None
        return size is None

    @property
    def is_sequence(self) -> bool:
        """Whether the body is buffered: a list or a tuple."""
        return isinstance(self.response, (tuple, list))

    def close(self) -> None:
        """Closes the body iterable if it has ``close``, then calls the
        functions registered with :meth:`call_on_close`. Using the response
        in a ``with`` block closes it at the end."""
        if hasattr(self.response, "close"):
            self.response.close()
        for func in self._on_close:
            func()

    def __enter__(self) -> t.Self:
        return self

    def __exit__(self, exc_type: t.Any, exc_value: t.Any, tb: t.Any) -> None:
        self.close()

    def freeze(self, no_etag: bool = False) -> None:
        """Prepares the response for pickling and for being sent several
        times: buffers the body into a list of bytes (even with
        :attr:`direct_passthrough` or without
        :attr:`implicit_sequence_conversion`) and sets ``Content-Length``.
        With :class:`ETagResponseMixin` (as in :class:`Response`) it also
        adds an ``ETag`` if there is none, unless ``no_etag`` is true.

        A pickled or deep-copied response does not keep the functions
        registered with :meth:`call_on_close`.
        """
        self.response = list(self.iter_encoded())
        self.headers["Content-Length"] = str(sum(map(len, self.response)))
        if not no_etag and isinstance(self, ETagResponseMixin):
            self.add_etag()

    def get_wsgi_headers(self, environ: WSGIEnvironment) -> Headers:
        """Returns a copy of the headers, fixed for the request about to be
        answered: ``Location`` and ``Content-Location`` made URIs (and
        ``Location`` absolute with :attr:`autocorrect_location_header`),
        no ``Content-Length`` for 1xx and 204, no entity headers for 304,
        and ``Content-Length`` computed for a buffered body.

        :param environ: the WSGI environ of the request.
        """
        headers = Headers(self.headers)
        # The last value of each header, by lower-case name, in one pass.
        last = {key.lower(): value for key, value in headers}

        location = last.get("location")
        if location is not None:
            headers["Location"] = self._location_uri(environ, location)
        content_location = last.get("content-location")
        if content_location is not None:
            headers["Content-Location"] = iri_to_uri(content_location)

        status = self.status_code
        if status == 304:
            remove_entity_headers(headers)
        elif _status_forbids_body(status):
            headers.remove("Content-Length")
        elif (
            "content-length" not in last
            and self.automatically_set_content_length
            and self.is_sequence
        ):
            headers["Content-Length"] = str(sum(map(len, self.iter_encoded())))
        return headers

    def _location_uri(self, environ: WSGIEnvironment, location: str) -> str:
        """A ``Location`` value as a URI, made absolute against the request
        URL when :attr:`autocorrect_location_header` is set."""
        uri = iri_to_uri(location)
        if not self.autocorrect_location_header:
            return uri
        base = iri_to_uri(get_current_url(environ, strip_querystring=True))
        return urljoin(base, uri)

    def _wsgi_header_list(self, environ: WSGIEnvironment) -> list[tuple[str, str]]:
        """:meth:`get_wsgi_headers` as a list, without building a
        :class:`~rostzeug.datastructures.Headers` in the common case: no
        location headers and a status that may have a body."""
        status = self.status_code
        if status < 200 or status == 204 or status == 304:
            return self.get_wsgi_headers(environ).to_wsgi_list()
        own_headers = self.headers
        if (
            own_headers.__class__ is Headers
            and type(self).is_sequence is _base_is_sequence
            and not isinstance(self.response, (tuple, list))
        ):
            # A streamed body gets no Content-Length: the pairs as they are,
            # copied natively, unless a location header needs rewriting.
            plain = _plain_wsgi_header_list(own_headers._items, None)
            if plain is not None:
                return plain
        pairs = _header_pairs(own_headers)
        has_content_length = False
        for key, _ in pairs:
            ikey = key.lower()
            if ikey == "content-length":
                has_content_length = True
            elif ikey == "location" or ikey == "content-location":
                return self.get_wsgi_headers(environ).to_wsgi_list()
        if (
            not has_content_length
            and self.automatically_set_content_length
            and self.is_sequence
        ):
            pairs.append(("Content-Length", str(sum(map(len, self.iter_encoded())))))
        return pairs

    def get_app_iter(self, environ: WSGIEnvironment) -> Iterable[bytes]:
        """Returns the body iterable for this request: empty for HEAD and
        for statuses without a body (1xx, 204, 304), the body as it is with
        :attr:`direct_passthrough`, else :meth:`iter_encoded`. It closes the
        response when the server closes it.

        :param environ: the WSGI environ of the request.
        """
        code = self.status_code
        if (
            environ["REQUEST_METHOD"] == "HEAD"
            or code < 200
            or code == 204
            or code == 304
        ):
            # No body: HEAD, and the statuses _status_forbids_body names.
            iterable: Iterable[bytes] = ()
        elif self.direct_passthrough:
            return self.response  # type: ignore[return-value]
        else:
            body = self.response
            if (
                type(body) is list
                and len(body) == 1
                and type(body[0]) is bytes
                and type(self).iter_encoded is _base_iter_encoded
            ):
                # One chunk of bytes: nothing to encode.
                iterable = body
            else:
                return ClosingIterator(self.iter_encoded(), self.close)
        # A list or an empty tuple has no close of its own to call.
        closing = _ClosingBody(iterable)
        closing.close = self.close
        return closing

    def get_wsgi_response(
        self, environ: WSGIEnvironment
    ) -> tuple[Iterable[bytes], str, list[tuple[str, str]]]:
        """Returns ``(app_iter, status, headers)`` for this request, from
        :meth:`get_wsgi_headers` and :meth:`get_app_iter`.

        :param environ: the WSGI environ of the request.
        """
        if type(self).get_wsgi_headers is _base_get_wsgi_headers:
            headers = self._wsgi_header_list(environ)
        else:
            headers = self.get_wsgi_headers(environ).to_wsgi_list()
        app_iter = self.get_app_iter(environ)
        return app_iter, self.status, headers

    def _single_chunk_wsgi_response(
        self, environ: WSGIEnvironment
    ) -> tuple[_ClosingBody, str, list[tuple[str, str]]] | None:
        """What :meth:`get_wsgi_response` returns, without its three calls,
        for a body of one chunk of bytes and a status that may have a body,
        when the class overrides none of the methods it would call (and
        for a body taken from another response, see
        :meth:`_closing_body_wsgi_response`); None otherwise, to take the
        generic path."""
        cls = type(self)
        body = self.response
        if type(body) is _ClosingBody:
            return self._closing_body_wsgi_response(environ)
        if not (
            cls.get_wsgi_response is _base_get_wsgi_response
            and cls.get_wsgi_headers is _base_get_wsgi_headers
            and cls.get_app_iter is _base_get_app_iter
            and cls.iter_encoded is _base_iter_encoded
            and type(body) is list
            and len(body) == 1
            and type(body[0]) is bytes
            and not self.direct_passthrough
        ):
            return None
        status_code = self.status_code
        if status_code < 200 or status_code == 204 or status_code == 304:
            return None
        # The headers as _wsgi_header_list gives them and the body as
        # get_app_iter wraps it, in the same order.
        own_headers = self.headers
        headers = _plain_wsgi_header_list(
            # What Headers.to_wsgi_list returns, without the call.
            own_headers._items
            if own_headers.__class__ is Headers
            else _header_pairs(own_headers),
            len(body[0]) if self.automatically_set_content_length else None,
        )
        if headers is None:
            headers = self.get_wsgi_headers(environ).to_wsgi_list()
        iterable: Iterable[bytes] = () if environ["REQUEST_METHOD"] == "HEAD" else body
        closing = _ClosingBody(iterable)
        closing.close = self.close
        return closing, self.status, headers

    def _closing_body_wsgi_response(
        self, environ: WSGIEnvironment
    ) -> tuple[_ClosingBody, str, list[tuple[str, str]]] | None:
        """What :meth:`get_wsgi_response` returns for a body that is the body
        iterable of another response, as :meth:`force_type` makes of an
        error: its items are bytes, so iterating it needs no encoding and
        stays in C. None when the class overrides a method on the way.

        The generic path wraps ``iter_encoded()`` in a
        :class:`~rostzeug.wsgi.ClosingIterator` closing this response;
        this gives the same items and the same ``close``."""
        cls = type(self)
        if not (
            cls.get_wsgi_response is _base_get_wsgi_response
            and cls.get_wsgi_headers is _base_get_wsgi_headers
            and cls.get_app_iter is _base_get_app_iter
            and cls.iter_encoded is _base_iter_encoded
            and not self.direct_passthrough
        ):
            return None
        code = self.status_code
        if code < 200 or code == 204 or code == 304:
            return None
        headers = self._wsgi_header_list(environ)
        body = self.response
        closing = _ClosingBody(() if environ["REQUEST_METHOD"] == "HEAD" else body)
        closing.close = self.close
        return closing, self.status, headers

    def __call__(
        self, environ: WSGIEnvironment, start_response: StartResponse
    ) -> Iterable[bytes]:
        """Sends the response as a WSGI application; the same response can
        answer several requests.

        :param environ: the WSGI environ.
        :param start_response: the server's ``start_response``.
        :return: the body iterable.
        """
        sent = self._single_chunk_wsgi_response(environ)
        if sent is not None:
            start_response(sent[1], sent[2])
            return sent[0]
        app_iter, status, headers = self.get_wsgi_response(environ)
        start_response(status, headers)
        return app_iter

    @property
    def json(self) -> t.Any | None:
        """The body parsed as JSON if the mimetype is JSON, else None:
        :meth:`get_json` with its defaults."""
        return self.get_json()

    @t.overload
    def get_json(self, force: bool = ..., silent: t.Literal[False] = ...) -> t.Any: ...
    @t.overload
    def get_json(self, force: bool = ..., silent: bool = ...) -> t.Any | None: ...
    def get_json(self, force: bool = False, silent: bool = False) -> t.Any | None:
        """Parses the body as JSON with :attr:`json_module`, which helps in
        tests. Returns None when the mimetype is not JSON (see
        :attr:`is_json`). The result is not cached.

        :param force: parse whatever the mimetype.
        :param silent: return None instead of raising when parsing fails.
        """
        if not (force or self.is_json):
            return None
        body = self.get_data()
        try:
            return self.json_module.loads(body)
        except ValueError:
            if silent:
                return None
            raise


_base_iter_encoded = BaseResponse.iter_encoded
_base_set_data = BaseResponse.set_data
_base_get_wsgi_headers = BaseResponse.get_wsgi_headers


def _header_pairs(headers: t.Any) -> list[tuple[str, str]]:
    """The ``(name, value)`` pairs to send for ``response.headers``. Users
    may assign a plain dict or list of pairs to it; like Werkzeug, whose
    sending path always copies them into :class:`Headers`, accept those."""
    if isinstance(headers, Headers):
        return headers.to_wsgi_list()
    return Headers(headers).to_wsgi_list()


_base_get_wsgi_response = BaseResponse.get_wsgi_response
_base_is_sequence = BaseResponse.__dict__["is_sequence"]
_base_get_app_iter = BaseResponse.get_app_iter
_base_call = BaseResponse.__call__
_exception_call = HTTPException.__call__


def _response_of_error(error: t.Any, environ: WSGIEnvironment) -> BaseResponse | None:
    """What ``Response.from_app(error, environ)`` makes of an
    :exc:`~rostzeug.exceptions.HTTPException` that is sent as its classes
    send it, without running it as a WSGI application: the response from
    its ``get_response``, sent to a response of the same status, headers,
    body and ``close``. None for any other WSGI application, to take the
    generic path.

    Measured: a third of a Flask 404 went to running the error page as an
    application and reading it back.
    """
    if not isinstance(error, HTTPException) or type(error).__call__ is not (
        _exception_call
    ):
        return None
    # run_wsgi_app gives the application a copy of the environ.
    environ = _get_environ(environ).copy()
    page = error.get_response(environ)
    sent = None
    if isinstance(page, BaseResponse) and type(page).__call__ is _base_call:
        sent = page._single_chunk_wsgi_response(environ)
    if sent is None:
        # What HTTPException.__call__ does with the response it got.
        from ..test import _run_on_environ

        def send(
            environ: WSGIEnvironment, start_response: StartResponse
        ) -> Iterable[bytes]:
            return page(environ, start_response)

        return Response(*_run_on_environ(send, environ, False))
    body, line, pairs = sent
    # The pairs are a new list of values checked when they were set.
    headers = Headers()
    list.extend(headers._items, pairs)
    code = page.status_code
    # A known int status is looked up, a line is parsed: the same result.
    status: int | str = code if _status_lines.get(code) == line else line
    # The body is the page's, closing the page when closed, as the generic
    # path's iterator over it is.
    return Response(body, status, headers)


class ETagResponseMixin(_SansIOETagResponseMixin):
    """Adds cache control, entity tags and ranges to a WSGI response class,
    with :meth:`make_conditional`, which answers conditional and range
    requests, and :meth:`add_etag`."""

    response: Iterable[str] | Iterable[bytes]
    status_code: int
    automatically_set_content_length: bool
    calculate_content_length: Callable[[], int | None]
    get_data: Callable[[], bytes]

    def _wrap_range_response(self, start: int, length: int) -> None:
        """Limits the body to the range being answered."""
        if self.status_code == 206:
            self.response = _RangeWrapper(self.response, start, length)  # type: ignore[arg-type]

    def _is_range_request_processable(self, environ: WSGIEnvironment) -> bool:
        """Whether a ``Range`` header is sent, and ``If-Range`` (if sent)
        says the resource did not change."""
        if "HTTP_RANGE" not in environ:
            return False
        if "HTTP_IF_RANGE" not in environ:
            return True
        headers = self.headers
        unchanged = not is_resource_modified(
            environ, headers.get("ETag"), None, headers.get("Last-Modified"), False
        )
        return unchanged

    def _process_range_request(
        self,
        environ: WSGIEnvironment,
        complete_length: int | None,
        accept_ranges: bool | str,
    ) -> bool:
        """Answers a range request: sets ``Accept-Ranges`` (when
        ``accept_ranges`` is given), and for a satisfiable range the 206
        status, ``Content-Range`` and ``Content-Length``, limiting the body.
        Returns whether the range is answered.

        :raise RequestedRangeNotSatisfiable: for a range that cannot be
            parsed or satisfied.
        """
        from ..exceptions import RequestedRangeNotSatisfiable

        if not accept_ranges:
            return False
        self.accept_ranges = "bytes" if accept_ranges is True else accept_ranges
        if not complete_length or not self._is_range_request_processable(environ):
            return False
        answer = _satisfiable_range(environ.get("HTTP_RANGE"), complete_length)
        if answer is None:
            raise RequestedRangeNotSatisfiable(complete_length)
        start, stop, content_range = answer
        self.headers["Content-Length"] = str(stop - start)
        self.content_range = content_range
        self.status_code = 206
        self._wrap_range_response(start, stop - start)
        return True

    def make_conditional(
        self,
        request_or_environ: WSGIEnvironment | Request,
        accept_ranges: bool | str = False,
        complete_length: int | None = None,
    ) -> t.Self:
        """Answers a conditional GET or HEAD request, changing the response
        in place (and returning it): sets ``Date`` if missing, answers a
        range request with 206, and sets the status to 304 (or 412 with
        ``If-Match``) when the resource did not change, judged by the
        ``ETag`` and ``Last-Modified`` headers. Other methods are left
        alone. The body is dropped when sending, not here.

        Set an entity tag first (:meth:`add_etag`). For ranges over large
        bodies, a body with ``seek`` and ``tell`` (such as the result of
        :func:`~rostzeug.wsgi.wrap_file`) avoids reading the skipped bytes.

        :param request_or_environ: the request, or its WSGI environ.
        :param accept_ranges: the ``Accept-Ranges`` value: True for
            ``bytes``, a string for itself, False to not answer ranges.
        :param complete_length: the length of the whole body; needed to
            answer a range request.
        :raise RequestedRangeNotSatisfiable: for a range that cannot be
            parsed or satisfied.
        """
        environ = _get_environ(request_or_environ)
        if environ["REQUEST_METHOD"] not in ("GET", "HEAD"):
            return self
        headers = self.headers
        if "date" not in headers:
            headers["Date"] = http_date()
        ranged = self._process_range_request(environ, complete_length, accept_ranges)
        if not ranged and not is_resource_modified(
            environ, headers.get("ETag"), None, headers.get("Last-Modified")
        ):
            # Unchanged: a failed If-Match precondition is 412, else 304.
            if_match = parse_etags(environ.get("HTTP_IF_MATCH"))
            self.status_code = 412 if if_match else 304
        wants_length = (
            self.automatically_set_content_length and "content-length" not in headers
        )
        length = self.calculate_content_length() if wants_length else None
        if length is not None:
            headers["Content-Length"] = str(length)
        return self

    def add_etag(self, overwrite: bool = False, weak: bool = False) -> None:
        """Sets an ``ETag`` computed from the body (SHA-1) if there is none,
        or always with ``overwrite``."""
        if overwrite or "etag" not in self.headers:
            self.set_etag(generate_etag(self.get_data()), weak)


class ResponseStream:
    """A write-only file over a response's body: what is written is
    appended to the body list. :attr:`Response.stream` returns one."""

    mode = "wb+"

    def __init__(self, response: BaseResponse) -> None:
        self.response = response
        self.closed = False

    def _check_open(self) -> None:
        if self.closed:
            raise ValueError("I/O operation on closed file")

    def write(self, value: bytes) -> int:
        """Appends bytes (or a string) to the body; ``Content-Length`` is
        removed, to be computed when sending."""
        self._check_open()
        owner = self.response
        owner._ensure_sequence(mutable=True)
        owner.response.append(value)  # type: ignore[union-attr]
        # The body grew: its length is computed again when it is sent.
        owner.headers.remove("Content-Length")
        return len(value)

    def writelines(self, seq: Iterable[bytes]) -> None:
        """Writes each item of ``seq``."""
        for chunk in seq:
            self.write(chunk)

    def close(self) -> None:
        """Marks the stream closed; writing raises afterwards."""
        self.closed = True

    def flush(self) -> None:
        """Does nothing: writes go to the body directly."""
        self._check_open()

    def isatty(self) -> bool:
        """Returns False: a body is no terminal."""
        self._check_open()
        return False

    def tell(self) -> int:
        """Returns the length of the body so far."""
        owner = self.response
        owner._ensure_sequence()
        return sum(map(len, owner.response))

    @property
    def encoding(self) -> str:
        """The encoding of written strings: ``utf-8``."""
        return "utf-8"


class ResponseStreamMixin:
    """Adds :attr:`stream` to a response class."""

    @cached_property
    def stream(self) -> ResponseStream:
        """The body as a write-only file: writes append to it."""
        return ResponseStream(self)  # type: ignore[arg-type]


class Response(BaseResponse, _SansIOResponse, ETagResponseMixin, ResponseStreamMixin):
    """A response body with its status and headers, with everything
    Werkzeug's response has: :class:`BaseResponse` plus all the mixins.
    Calling it as a WSGI application sends it::

        def application(environ, start_response):
            response = Response("Hello, World!")
            return response(environ, start_response)

    It takes the arguments of :class:`BaseResponse`.
    """
