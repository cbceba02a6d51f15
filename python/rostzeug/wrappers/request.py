"""The WSGI request object.

:class:`Request` is :class:`BaseRequest` (the environ, the body, form data,
JSON) plus the header mixins of :mod:`rostzeug.sansio.request`.
"""

from __future__ import annotations

import functools
import json
import typing as t
from collections.abc import Callable
from collections.abc import Iterable
from importlib import import_module
from io import BytesIO
from urllib.parse import parse_qsl

from .. import _native
from .._internal import _wsgi_decoding_dance
from ..datastructures import CombinedMultiDict
from ..datastructures import EnvironHeaders
from ..datastructures import ImmutableMultiDict
from ..datastructures import MultiDict
from ..datastructures import iter_multi_items
from ..exceptions import BadRequest
from ..exceptions import UnsupportedMediaType
from ..sansio.request import Request as _SansIORequest
from ..sansio.request import _BaseRequest as _SansIOBaseRequest
from ..utils import cached_property
from ..utils import environ_property
from ..wsgi import _get_server
from ..wsgi import get_input_stream

if t.TYPE_CHECKING:
    from _typeshed.wsgi import WSGIApplication
    from _typeshed.wsgi import WSGIEnvironment

    from ..datastructures import FileStorage
    from ..formparser import FormDataParser


_formparser_module: t.Any = None


def _formparser() -> t.Any:
    # Imported on first use: applications that never parse a form do not
    # pay for importing the form parser. Kept here after that, as a lookup
    # in the import system costs more than the rest of a small form.
    global _formparser_module
    if _formparser_module is None:
        _formparser_module = import_module("..formparser", __package__)
    return _formparser_module


class _FormDataParserClass:
    """The default :attr:`BaseRequest.form_data_parser_class`:
    :class:`rostzeug.formparser.FormDataParser`, imported when first asked
    for. A subclass replaces it with a plain class attribute."""

    def __get__(self, instance: object, owner: type | None = None) -> type[t.Any]:
        return _formparser().FormDataParser  # type: ignore[no-any-return]


class BaseRequest(_SansIOBaseRequest):
    """A request built from a WSGI environ: URL parts, query arguments,
    cookies, the body, form data and JSON. :class:`Request` adds the typed
    header properties; add single mixins (``class MyRequest(BaseRequest,
    AcceptMixin)``) for a leaner class.

    :param environ: the WSGI environ of the request.
    :param populate_request: store the request in the environ under
        ``"werkzeug.request"``, where utilities look for it.
    :param shallow: forbid reading the body: :attr:`stream` and everything
        that reads it raise :exc:`RuntimeError`, so that middleware cannot
        consume what the application needs.
    """

    #: The charset text is decoded with: :meth:`get_data` with ``as_text``,
    #: and query arguments unless :attr:`url_charset` says otherwise.
    charset = "utf-8"
    #: How text that does not decode is handled, as for :meth:`bytes.decode`.
    encoding_errors = "replace"
    #: Forbid :attr:`data` from reading the body; it raises
    #: :exc:`AttributeError` then. :meth:`get_data` still reads it.
    disable_data_descriptor = False

    #: The largest body, in bytes, :attr:`stream` reads before raising
    #: :exc:`~rostzeug.exceptions.RequestEntityTooLarge`. None is no limit
    #: (which the server had better set).
    max_content_length: int | None = None
    #: The largest non-file part of ``multipart/form-data`` kept in memory,
    #: in bytes; a larger one raises
    #: :exc:`~rostzeug.exceptions.RequestEntityTooLarge`.
    max_form_memory_size: int | None = 500_000
    #: The most parts ``multipart/form-data`` may have before parsing stops
    #: with :exc:`~rostzeug.exceptions.RequestEntityTooLarge`.
    max_form_parts = 1000
    #: The class :meth:`make_form_data_parser` instantiates:
    #: :class:`rostzeug.formparser.FormDataParser` by default.
    form_data_parser_class: type[FormDataParser] = _FormDataParserClass()  # type: ignore[assignment]
    #: An object with the ``dumps`` and ``loads`` of :mod:`json`, used by
    #: :meth:`get_json`.
    json_module: t.Any = json

    #: The WSGI environ of the request.
    environ: WSGIEnvironment
    #: Whether reading the body is forbidden.
    shallow: bool

    def __init__(
        self,
        environ: WSGIEnvironment,
        populate_request: bool = True,
        shallow: bool = False,
    ) -> None:
        # The sans-IO constructor's work, done here with the environ's values
        # directly: this runs once per request.
        self.method = environ.get("REQUEST_METHOD", "GET").upper()
        self.scheme = environ.get("wsgi.url_scheme", "http")
        self.server = _get_server(environ)
        # ASCII reads the same in latin-1 and UTF-8: only other paths need
        # decoding.
        root_path = environ.get("SCRIPT_NAME") or ""
        if not root_path.isascii():
            root_path = _wsgi_decoding_dance(root_path)
        self.root_path = root_path.rstrip("/")
        path = environ.get("PATH_INFO") or ""
        if not path.isascii():
            path = _wsgi_decoding_dance(path)
        self.path = "/" + path.lstrip("/")
        self.query_string = environ.get("QUERY_STRING", "").encode("latin1")
        self.headers = EnvironHeaders(environ)
        self.remote_addr = environ.get("REMOTE_ADDR")
        self.environ = environ
        self.shallow = shallow
        if populate_request and not shallow:
            environ["werkzeug.request"] = self

    def __copy__(self) -> t.Self:
        rv = object.__new__(type(self))
        rv.__dict__.update(self.__dict__)
        return rv

    def __reduce_ex__(self, protocol: t.SupportsIndex) -> t.NoReturn:
        raise TypeError(
            f"{type(self).__name__!r} objects cannot be pickled: they wrap the"
            " WSGI environ and its input stream, which belong to one"
            " connection. Pickle the values you need (args, form, data) instead."
        )

    @classmethod
    def from_values(cls, *args: t.Any, **kwargs: t.Any) -> t.Self:
        """Makes a request from the arguments of
        :class:`~rostzeug.test.EnvironBuilder` (path, method, query string,
        data, headers, ...), for scripts and quick checks. Tests are better
        served by :class:`~rostzeug.test.Client`.
        """
        from ..test import EnvironBuilder

        builder = EnvironBuilder(*args, **kwargs)
        try:
            return builder.get_request(cls)  # type: ignore[arg-type, return-value]
        finally:
            builder.close()

    @classmethod
    def application(cls, f: Callable[[t.Self], WSGIApplication]) -> WSGIApplication:
        """Turns a function that takes a request and returns a response into
        a WSGI application. The request is the function's last argument, so
        methods and partials work too; it is closed after the call. An
        :exc:`~rostzeug.exceptions.HTTPException` the function raises becomes
        the error response.
        """
        from ..exceptions import HTTPException

        @functools.wraps(f)
        def application(*args: t.Any) -> Iterable[bytes]:
            request = cls(args[-2])
            with request:
                try:
                    response = f(*args[:-2], request)  # type: ignore[call-arg]
                except HTTPException as e:
                    response = e.get_response(args[-2])
                return response(*args[-2:])

        return t.cast("WSGIApplication", application)

    @property
    def url_charset(self) -> str:
        """The charset query arguments are decoded with: :attr:`charset`."""
        return self.charset

    @cached_property
    def args(self) -> MultiDict[str, str]:
        """The parsed query string, in a :attr:`parameter_storage_class`.
        Escapes that do not decode as UTF-8 stay percent-encoded; with
        another :attr:`url_charset` they are decoded as it says, with
        :attr:`encoding_errors`."""
        cls = self.parameter_storage_class
        charset = self.url_charset
        if charset == "utf-8":
            # As the sans-IO request parses it, repeated here as this runs
            # for most requests.
            return _native.parse_query(self.query_string, cls)
        return cls(
            parse_qsl(
                self.query_string.decode("latin1"),
                keep_blank_values=True,
                encoding=charset,
                errors=self.encoding_errors,
            )
        )

    @property
    def is_xhr(self) -> bool:
        """Whether the request was sent by JavaScript's ``XMLHttpRequest``,
        as libraries that set ``X-Requested-With`` say. Not all clients set
        it: prefer :attr:`accept_mimetypes` to choose a format."""
        value = self.environ.get("HTTP_X_REQUESTED_WITH", "")
        return bool(value.lower() == "xmlhttprequest")

    def _get_file_stream(
        self,
        total_content_length: int | None,
        content_type: str | None,
        filename: str | None = None,
        content_length: int | None = None,
    ) -> t.IO[bytes]:
        """Returns a writable, readable and seekable file for an uploaded
        file. Override it to store uploads elsewhere. The default keeps the
        file in memory up to 500 kB and in a temporary file above.

        :param total_content_length: the length of the whole body.
        :param content_type: the mimetype of the file.
        :param filename: the file's name as the client sent it, or None.
        :param content_length: the file's length, which clients rarely send.
        """
        factory = _formparser().default_stream_factory
        return factory(total_content_length, content_type, filename, content_length)  # type: ignore[no-any-return]

    @property
    def want_form_data_parsed(self) -> bool:
        """Whether the body should be parsed as form data: true when the
        request has a ``Content-Type``."""
        return bool(self.environ.get("CONTENT_TYPE"))

    def make_form_data_parser(self) -> FormDataParser:
        """Returns a :attr:`form_data_parser_class` configured with this
        request's limits, storage class and :meth:`_get_file_stream`."""
        limits: dict[str, t.Any] = {
            "max_form_memory_size": self.max_form_memory_size,
            "max_content_length": self.max_content_length,
            "max_form_parts": self.max_form_parts,
        }
        return self.form_data_parser_class(
            cls=self.parameter_storage_class,
            stream_factory=self._get_file_stream,
            **limits,
        )

    def _load_form_data(self) -> None:
        """Parses the body into :attr:`form` and :attr:`files` (which
        consumes :attr:`stream`) if that has not happened yet."""
        state = self.__dict__
        if "form" in state:
            return
        if not self.want_form_data_parsed:
            empty = self.parameter_storage_class
            parsed = (self.stream, empty(), empty())
        else:
            # The stream first: a shallow request refuses before anything else.
            body = self._get_stream_for_parsing()
            self._parse_content_type()
            mimetype, options = self._parsed_content_type
            parsed = self.make_form_data_parser().parse(
                body, mimetype.lower(), self._get_content_length(), options
            )
        # Written to the instance dict, which the cached properties read first.
        state["stream"], state["form"], state["files"] = parsed

    def _get_stream_for_parsing(self) -> t.IO[bytes]:
        """:attr:`stream`, or the body :meth:`get_data` cached already."""
        body: bytes | None = getattr(self, "_cached_data", None)
        return self.stream if body is None else BytesIO(body)

    def close(self) -> None:
        """Closes the uploaded files. Using the request in a ``with`` block
        closes it at the end."""
        files = self.__dict__.get("files")
        for _key, value in iter_multi_items(files or ()):
            value.close()

    def __enter__(self) -> t.Self:
        return self

    def __exit__(self, exc_type: t.Any, exc_value: t.Any, tb: t.Any) -> None:
        self.close()

    @cached_property
    def stream(self) -> t.IO[bytes]:
        """The body, readable once. Reading stops at the
        ``Content-Length`` and at :attr:`max_content_length`, unlike
        :attr:`input_stream`. :meth:`get_data` reads it all; after form
        parsing it is consumed.

        :raise RuntimeError: if the request is shallow.
        """
        if self.shallow:
            raise RuntimeError(
                "This request was created with 'shallow=True', so reading the"
                " input stream is disabled. Create the request without"
                " 'shallow' to read the body."
            )
        return get_input_stream(
            self.environ, max_content_length=self.max_content_length
        )

    input_stream = environ_property[t.IO[bytes]](
        "wsgi.input",
        doc="The WSGI input stream as the server gives it, without limits:"
        " reading may go past the body or never end. Use :attr:`stream`.",
    )

    @cached_property
    def data(self) -> bytes:
        """The body as bytes, empty when it was parsed as form data. Use
        :meth:`get_data` for the body of a form too.

        :raise AttributeError: if :attr:`disable_data_descriptor` is set.
        """
        if self.disable_data_descriptor:
            raise AttributeError(
                "The data descriptor is disabled by 'disable_data_descriptor';"
                " call get_data() to read the body."
            )
        return self.get_data(parse_form_data=True)

    @t.overload
    def get_data(
        self,
        cache: bool = True,
        as_text: t.Literal[False] = False,
        parse_form_data: bool = False,
    ) -> bytes: ...
    @t.overload
    def get_data(
        self,
        cache: bool = True,
        as_text: t.Literal[True] = ...,
        parse_form_data: bool = False,
    ) -> str: ...
    def get_data(
        self, cache: bool = True, as_text: bool = False, parse_form_data: bool = False
    ) -> bytes | str:
        """Reads the whole body. Check :attr:`content_length` first: the
        body is held in memory.

        :param cache: keep the bytes, for later calls and for form parsing.
        :param as_text: decode with :attr:`charset` and
            :attr:`encoding_errors`.
        :param parse_form_data: parse form data first, which leaves nothing
            to read (and returns empty bytes) when the body is a form.
        """
        body: bytes | None = getattr(self, "_cached_data", None)
        if body is None:
            # Parsing a form consumes the stream, so the read below is empty.
            if parse_form_data:
                self._load_form_data()
            body = self.stream.read()
            if cache:
                self._cached_data = body
        return body.decode(self.charset, self.encoding_errors) if as_text else body

    @cached_property
    def form(self) -> ImmutableMultiDict[str, str]:
        """The form fields of a ``multipart/form-data`` or
        ``application/x-www-form-urlencoded`` body, in a
        :attr:`parameter_storage_class`. Uploaded files are in
        :attr:`files`."""
        self._load_form_data()
        return self.form

    @cached_property
    def values(self) -> CombinedMultiDict[str, str]:
        """:attr:`args` and :attr:`form` combined; :attr:`args` only for a
        GET request, whose body must not change what the URL means."""
        # A GET body must not change what the URL means.
        parts = (self.args,) if self.method == "GET" else (self.args, self.form)
        return CombinedMultiDict(
            [part if isinstance(part, MultiDict) else MultiDict(part) for part in parts]
        )

    @cached_property
    def files(self) -> ImmutableMultiDict[str, FileStorage]:
        """The files uploaded with ``multipart/form-data``, by field name,
        as :class:`~rostzeug.datastructures.FileStorage`."""
        self._load_form_data()
        return self.files

    @property
    def script_root(self) -> str:
        """:attr:`root_path`, the mount prefix without a trailing slash."""
        return self.root_path

    @cached_property
    def url_root(self) -> str:
        """:attr:`root_url`, the URL the application is mounted at."""
        return self.root_url

    remote_user = environ_property[str](
        "REMOTE_USER",
        doc="The user the server authenticated, if it does.",
    )
    is_multithread = environ_property[bool](
        "wsgi.multithread",
        doc="Whether the server may run the application in several threads.",
    )
    is_multiprocess = environ_property[bool](
        "wsgi.multiprocess",
        doc="Whether the server may run the application in several processes.",
    )
    is_run_once = environ_property[bool](
        "wsgi.run_once",
        doc="Whether the process handles this request only, as with CGI.",
    )

    @property
    def json(self) -> t.Any:
        """The body parsed as JSON: :meth:`get_json` with its defaults.

        :raise UnsupportedMediaType: if the mimetype is not JSON.
        :raise BadRequest: if the body is not valid JSON.
        """
        return self.get_json()

    # The parsed JSON for get_json(silent=False) and (silent=True); Ellipsis
    # until parsed.
    _cached_json: tuple[t.Any, t.Any] = (Ellipsis, Ellipsis)

    @t.overload
    def get_json(
        self, force: bool = ..., silent: t.Literal[False] = ..., cache: bool = ...
    ) -> t.Any: ...
    @t.overload
    def get_json(
        self, force: bool = ..., silent: bool = ..., cache: bool = ...
    ) -> t.Any | None: ...
    def get_json(
        self, force: bool = False, silent: bool = False, cache: bool = True
    ) -> t.Any | None:
        """Parses the body as JSON with :attr:`json_module`.

        When the mimetype is not JSON (see :attr:`is_json`) or the body does
        not parse, the result is what :meth:`on_json_loading_failed` returns
        (by default it raises).

        :param force: parse whatever the mimetype.
        :param silent: return None instead of calling
            :meth:`on_json_loading_failed`.
        :param cache: keep the result for later calls.
        """
        # Slot 0 holds the result for silent=False, slot 1 for silent=True.
        slot = int(silent)
        if cache and self._cached_json[slot] is not Ellipsis:
            return self._cached_json[slot]
        if not force and not self.is_json:
            return None if silent else self.on_json_loading_failed(None)
        try:
            parsed = self.json_module.loads(self.get_data(cache=cache))
        except ValueError as error:
            result = None if silent else self.on_json_loading_failed(error)
            if cache:
                # A failure is remembered only for the mode that saw it.
                both = list(self._cached_json)
                both[slot] = result
                self._cached_json = (both[0], both[1])
            return result
        if cache:
            self._cached_json = (parsed, parsed)
        return parsed

    def on_json_loading_failed(self, e: ValueError | None) -> t.Any:
        """Called by :meth:`get_json` when it cannot parse; what it returns
        becomes the result.

        :param e: the parsing error, or None when the mimetype is not JSON.
        :raise BadRequest: for a parsing error.
        :raise UnsupportedMediaType: when the mimetype is not JSON.
        """
        if e is None:
            raise UnsupportedMediaType(
                "Did not attempt to load JSON data because the request"
                " Content-Type was not 'application/json'."
            )
        raise BadRequest(f"Failed to decode JSON object: {e}")


class Request(BaseRequest, _SansIORequest):
    """A request built from a WSGI environ, with everything Werkzeug's
    request has: :class:`BaseRequest` plus all the header mixins.

    :param environ: the WSGI environ of the request.
    :param populate_request: store the request in the environ under
        ``"werkzeug.request"``, where utilities look for it.
    :param shallow: forbid reading the body: :attr:`stream` and everything
        that reads it raise :exc:`RuntimeError`.
    """
