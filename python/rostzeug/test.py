"""Tools for testing WSGI applications without a server.

:class:`EnvironBuilder` builds WSGI environs (and requests) from arguments
such as a path, a method, form data and files. :class:`Client` sends requests
built that way to an application, keeps its cookies and can follow its
redirects; each answer is a :class:`TestResponse`.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json as _json
import mimetypes
import re
import sys
import typing as t
from datetime import datetime
from io import BytesIO
from itertools import chain
from random import random
from tempfile import TemporaryFile
from time import time
from urllib.parse import unquote
from urllib.parse import urlsplit
from urllib.parse import urlunsplit

from ._internal import _get_environ
from ._internal import _wsgi_decoding_dance
from ._internal import _wsgi_encoding_dance
from .datastructures import Authorization
from .datastructures import CallbackDict
from .datastructures import CombinedMultiDict
from .datastructures import EnvironHeaders
from .datastructures import FileMultiDict
from .datastructures import Headers
from .datastructures import MultiDict
from .http import dump_cookie
from .http import dump_options_header
from .http import parse_cookie
from .http import parse_date
from .http import parse_options_header
from .urls import _urlencode
from .urls import iri_to_uri
from .utils import cached_property
from .utils import get_content_type
from .wrappers.request import Request
from .wrappers.response import Response
from .wsgi import ClosingIterator
from .wsgi import get_current_url

if t.TYPE_CHECKING:
    from collections.abc import Callable
    from collections.abc import Iterable
    from collections.abc import Iterator
    from collections.abc import Mapping

    from _typeshed.wsgi import WSGIApplication
    from _typeshed.wsgi import WSGIEnvironment

__all__ = [
    "Client",
    "ClientRedirectError",
    "Cookie",
    "EnvironBuilder",
    "TestResponse",
    "create_environ",
    "encode_multipart",
    "run_wsgi_app",
    "stream_encode_multipart",
]

# A path that iri_to_uri and urlsplit return unchanged: it starts with one
# slash (so it has no scheme or host) and has only characters that need no
# quoting in a path. Most paths in tests look like this, and the check is
# much cheaper than splitting and quoting them.
_PLAIN_PATH = re.compile(r"/(?!/)[A-Za-z0-9\-._~%!$&'()*+,/:;=@]*")

# A host (with an optional port below 10000) for which the host name of the
# request URL, as rebuilt by ``get_current_url`` and split again, is just
# the name in lower case. Punycode labels ("xn--") are left to the full way,
# since the URL shows them decoded.
_PLAIN_HOST = re.compile(
    r"[a-z0-9-]+(?:\.[a-z0-9-]+)*(?::[1-9][0-9]{0,3})?", re.ASCII | re.IGNORECASE
)
# Path characters that neither quoting nor unquoting of the request URL
# changes ("%" is not one: unquoting may decode an escape).
_PLAIN_URL_PATH = re.compile(r"[A-Za-z0-9\-._~!$&'()*+,/:;=@]*")

# Query keys and values that form encoding leaves as they are.
_PLAIN_QUERY_ITEM = re.compile(r"[A-Za-z0-9\-._~!$'()*,/:;?@]*")

_MULTIPART_READ_SIZE = 16384


def stream_encode_multipart(
    data: Mapping[str, t.Any],
    use_tempfile: bool = True,
    threshold: int = 1024 * 500,
    boundary: str | None = None,
) -> tuple[t.IO[bytes], int, str]:
    """Encodes form values and files as a ``multipart/form-data`` body.

    Values of ``data`` are strings (other values are converted with
    :class:`str`), or file-like objects such as
    :class:`~rostzeug.datastructures.FileStorage`, whose ``filename`` (or
    ``name``) and ``content_type`` are used when present. A list gives
    several values for one key.

    The encoding escapes nothing, so it is meant for tests only, never for
    data an application receives.

    :param data: the values to encode.
    :param use_tempfile: move the body to a temporary file once it grows
        beyond ``threshold`` bytes; otherwise it stays in memory.
    :param threshold: the size in bytes above which a temporary file is
        used.
    :param boundary: the boundary between the parts; a random one by default.
    :return: ``(stream, length, boundary)``, the stream positioned at the
        start of the body.
    """
    # Imported here as only multipart bodies need the encoder.
    from .sansio.multipart import Data
    from .sansio.multipart import Epilogue
    from .sansio.multipart import Field
    from .sansio.multipart import File
    from .sansio.multipart import MultipartEncoder
    from .sansio.multipart import Preamble

    if boundary is None:
        boundary = f"---------------RostzeugFormPart_{time()}{random()}"

    stream: t.IO[bytes] = BytesIO()
    written = 0
    on_disk = not use_tempfile

    def write(chunk: bytes) -> None:
        nonlocal stream, written, on_disk
        if not on_disk:
            if written + len(chunk) > threshold:
                spooled = t.cast(t.IO[bytes], TemporaryFile("wb+"))
                spooled.write(t.cast(BytesIO, stream).getvalue())
                stream = spooled
                on_disk = True
            written += len(chunk)
        stream.write(chunk)

    encoder = MultipartEncoder(boundary.encode())
    write(encoder.send_event(Preamble(data=b"")))
    for key, value in _iter_data(data):
        read = getattr(value, "read", None)
        if read is None:
            if not isinstance(value, str):
                value = str(value)
            write(encoder.send_event(Field(name=key, headers=Headers())))
            write(encoder.send_event(Data(data=value.encode(), more_data=False)))
            continue

        filename = getattr(value, "filename", getattr(value, "name", None))
        content_type = getattr(value, "content_type", None)
        if content_type is None:
            content_type = (
                filename and mimetypes.guess_type(filename)[0]
            ) or "application/octet-stream"
        headers = getattr(value, "headers", None)
        if headers is None:
            headers = Headers()
        # The part's headers are the file's own, with the type settled above.
        headers.update([("Content-Type", content_type)])
        if filename is None:
            write(encoder.send_event(Field(name=key, headers=headers)))
        else:
            write(
                encoder.send_event(File(name=key, filename=filename, headers=headers))
            )
        while True:
            chunk = read(_MULTIPART_READ_SIZE)
            if not chunk:
                write(encoder.send_event(Data(data=chunk, more_data=False)))
                break
            write(encoder.send_event(Data(data=chunk, more_data=True)))

    write(encoder.send_event(Epilogue(data=b"")))
    length = stream.tell()
    stream.seek(0)
    return stream, length, boundary


def encode_multipart(
    values: Mapping[str, t.Any], boundary: str | None = None
) -> tuple[str, bytes]:
    """Encodes form values and files as a ``multipart/form-data`` body in
    memory, as :func:`stream_encode_multipart` does. For tests only.

    :return: ``(boundary, body)``.
    """
    stream, _, boundary = stream_encode_multipart(
        values, use_tempfile=False, boundary=boundary
    )
    return boundary, stream.read()


def _iter_data(data: Mapping[str, t.Any]) -> Iterator[tuple[str, t.Any]]:
    """Yields the ``(key, value)`` pairs of form data. A list value gives a
    pair for each item; a tuple is one value (it describes a file)."""
    if isinstance(data, MultiDict):
        yield from data.items(multi=True)
        return
    for key, value in data.items():
        if isinstance(value, list):
            for item in value:
                yield key, item
        else:
            yield key, value


_TMultiDict = t.TypeVar("_TMultiDict", bound="MultiDict[t.Any, t.Any]")


class EnvironBuilder:
    """Builds a WSGI environ from the parts of a request, for tests.

    The same arguments are accepted by :func:`create_environ`,
    :meth:`Client.open` and :meth:`Request.from_values
    <rostzeug.wrappers.Request.from_values>`.

    ``data`` is the body, one of:

    - ``str`` or ``bytes``: the body itself (give a ``content_type``);
    - a file-like object: its content is read and used as the body;
    - a ``dict`` or :class:`~rostzeug.datastructures.MultiDict` of form
      data. Each value, or each item of a list value, is a string (a form
      field), a file-like object (a file), or a tuple of arguments for
      :meth:`~rostzeug.datastructures.FileMultiDict.add_file` such as
      ``(file, filename)`` or ``(file, filename, content_type)``. Form fields
      go to :attr:`form`, files to :attr:`files`, and the body is encoded as
      ``application/x-www-form-urlencoded``, or as ``multipart/form-data``
      when there are files.

    :param path: the path of the request (``PATH_INFO``). A query string in
        the path is used when ``query_string`` is not given. Non-ASCII
        characters are percent-encoded.
    :param base_url: the URL the application is mounted at, which gives the
        scheme, the host and the root path (``SCRIPT_NAME``);
        ``http://localhost/`` by default.
    :param query_string: the query string, as a string or as a mapping of
        arguments.
    :param method: the request method.
    :param input_stream: a stream with the body; not together with ``data``.
    :param content_type: the ``Content-Type``; set automatically for form
        data.
    :param content_length: the ``Content-Length``; set automatically for a
        body given as ``data``.
    :param errors_stream: the stream of ``wsgi.errors``; ``sys.stderr`` by
        default.
    :param multithread: the value of ``wsgi.multithread``.
    :param multiprocess: the value of ``wsgi.multiprocess``.
    :param run_once: the value of ``wsgi.run_once``.
    :param headers: the request headers, as :class:`Headers` or a list of
        pairs.
    :param data: the body, see above.
    :param environ_base: environ values that the built ones override.
    :param environ_overrides: environ values that override the built ones.
    :param mimetype: the mimetype of the body; sets :attr:`content_type`,
        with a ``utf-8`` charset for text types.
    :param json: an object to send as JSON (serialized with
        :attr:`json_dumps`), not together with ``data``. The content type
        defaults to ``application/json``.
    :param auth: the ``Authorization``, as an
        :class:`~rostzeug.datastructures.Authorization` or a
        ``(username, password)`` tuple for ``Basic`` authorization.
    """

    #: The ``SERVER_PROTOCOL`` of the environ.
    server_protocol = "HTTP/1.1"

    #: The ``wsgi.version`` of the environ.
    wsgi_version = (1, 0)

    #: The class :meth:`get_request` creates by default.
    request_class = Request

    #: The function that serializes the ``json`` argument.
    json_dumps = staticmethod(_json.dumps)

    _args: MultiDict[str, str] | None
    _query_string: str | None
    _input_stream: t.IO[bytes] | None
    _form: MultiDict[str, str] | None
    _files: FileMultiDict | None

    def __init__(
        self,
        path: str = "/",
        base_url: str | None = None,
        query_string: Mapping[str, str] | str | None = None,
        method: str = "GET",
        input_stream: t.IO[bytes] | None = None,
        content_type: str | None = None,
        content_length: int | None = None,
        errors_stream: t.IO[str] | None = None,
        multithread: bool = False,
        multiprocess: bool = False,
        run_once: bool = False,
        headers: Headers | Iterable[tuple[str, str]] | None = None,
        data: t.IO[bytes] | str | bytes | Mapping[str, t.Any] | None = None,
        environ_base: Mapping[str, t.Any] | None = None,
        environ_overrides: Mapping[str, t.Any] | None = None,
        mimetype: str | None = None,
        json: t.Any = None,
        auth: Authorization | tuple[str, str] | None = None,
    ) -> None:
        has_query = "?" in path
        if query_string is not None and has_query:
            raise ValueError(
                f"The path {path!r} has a query string and the query_string"
                " argument is given too. Pass the query in one place only."
            )
        if not has_query and _PLAIN_PATH.fullmatch(path) is not None:
            self.path = path
        else:
            split = urlsplit(path)
            if query_string is None and has_query:
                query_string = split.query
            self.path = iri_to_uri(split.path)
        self.request_uri = path

        if base_url is None:
            self.url_scheme = "http"
            self.host = "localhost"
            self.script_root = ""
        else:
            self.base_url = iri_to_uri(base_url)

        # The arguments MultiDict is created when first asked for.
        self._query_string = None
        self._args = None
        if isinstance(query_string, str):
            self._query_string = query_string
        elif query_string is not None:
            self._args = (
                query_string
                if isinstance(query_string, MultiDict)
                else MultiDict(query_string)
            )

        self.method = method
        self.headers = headers if isinstance(headers, Headers) else Headers(headers)
        if content_type is not None:
            self.content_type = content_type
        self.environ_base = environ_base
        self.environ_overrides = environ_overrides
        self.errors_stream = sys.stderr if errors_stream is None else errors_stream
        self.multithread, self.multiprocess = multithread, multiprocess
        self.run_once = run_once
        self._input_stream = input_stream
        self._form = self._files = None
        # Without the argument, a Content-Length among the headers is dropped:
        # the length is measured from the body.
        if content_length is not None or self.headers:
            self.content_length = content_length
        self.closed = False

        if isinstance(auth, tuple):
            user, password = auth
            auth = Authorization("basic", {"username": user, "password": password})
        if auth is not None:
            self.headers.set("Authorization", auth.to_header())

        if json is not None:
            data = self._json_body(json, data)
        if data:
            if input_stream is not None:
                raise TypeError(
                    "Both 'input_stream' and 'data' are given; pass the body as"
                    " one of them only."
                )
            self._load_data(data)

        if mimetype is not None:
            self.mimetype = mimetype

    def _json_body(self, obj: t.Any, data: t.Any) -> str:
        """Serializes the ``json`` argument as the body, defaulting the
        content type to JSON."""
        if data is not None:
            raise TypeError(
                "Both 'json' and 'data' are given; pass the body as one of them only."
            )
        body: str = self.json_dumps(obj)
        if self.content_type is None:
            self.content_type = "application/json"
        return body

    def _load_data(self, data: t.Any) -> None:
        """Takes the ``data`` argument: a file or string becomes the body, a
        mapping fills :attr:`form` and :attr:`files`."""
        reader = getattr(data, "read", None)
        if reader is not None:
            data = reader()
        raw = data.encode() if isinstance(data, str) else data
        if not isinstance(raw, bytes):
            for key, value in _iter_data(t.cast("Mapping[str, t.Any]", raw)):
                if _is_file_value(value):
                    self._add_file_from_data(key, value)
                else:
                    self.form.setlistdefault(key).append(value)
            return
        self._input_stream = BytesIO(raw)
        if self.content_length is None:
            self.content_length = len(raw)

    @classmethod
    def from_environ(cls, environ: WSGIEnvironment, **kwargs: t.Any) -> EnvironBuilder:
        """Creates a builder from an environ, so that the request it describes
        can be changed and built again. Keyword arguments override the values
        taken from the environ.
        """
        header_copy = Headers(EnvironHeaders(environ))
        root = _wsgi_decoding_dance(environ["SCRIPT_NAME"])
        host = header_copy.pop("Host")
        arguments: dict[str, t.Any] = {
            name: environ[key] for name, key in _BUILDER_ENVIRON_KEYS.items()
        }
        arguments["path"] = _wsgi_decoding_dance(arguments["path"])
        arguments["query_string"] = _wsgi_decoding_dance(arguments["query_string"])
        arguments["base_url"] = cls._make_base_url(
            environ["wsgi.url_scheme"], host, root
        )
        # The body's headers become arguments; the rest stay headers.
        for name in ("Content-Type", "Content-Length"):
            arguments[name.lower().replace("-", "_")] = header_copy.pop(name, None)
        arguments["headers"] = header_copy
        return cls(**{**arguments, **kwargs})

    def _add_file_from_data(self, key: str, value: t.Any) -> None:
        """Adds a file given in the ``data`` argument to :attr:`files`; a
        tuple holds the arguments of :meth:`FileMultiDict.add_file`."""
        arguments = value if isinstance(value, tuple) else (value,)
        self.files.add_file(key, *arguments)

    @staticmethod
    def _make_base_url(scheme: str, host: str, script_root: str) -> str:
        # Always exactly one trailing slash, even for an empty root.
        joined = urlunsplit((scheme, host, script_root, "", ""))
        return f"{joined.rstrip('/')}/"

    @property
    def base_url(self) -> str:
        """The URL the application is mounted at: :attr:`url_scheme`,
        :attr:`host` and :attr:`script_root`, ending with a slash. Setting it
        sets those three.
        """
        return self._make_base_url(self.url_scheme, self.host, self.script_root)

    @base_url.setter
    def base_url(self, value: str | None) -> None:
        parts = urlsplit("http://localhost" if value is None else value)
        if parts.query or parts.fragment:
            raise ValueError(
                f"The base URL {value!r} has a query string or fragment;"
                " give the query with the path or the query_string instead."
            )
        self.url_scheme, self.host = parts.scheme, parts.netloc
        self.script_root = parts.path.rstrip("/")

    @property
    def content_type(self) -> str | None:
        """The ``Content-Type`` header. Without one, it is the type of the
        form data (``multipart/form-data`` when there are files,
        ``application/x-www-form-urlencoded`` otherwise), or None.
        """
        header = self.headers.get("Content-Type")
        if header is not None or self._input_stream:
            return header
        # No header: the type follows from the form data, if any.
        if self._files:
            return "multipart/form-data"
        return "application/x-www-form-urlencoded" if self._form else None

    @content_type.setter
    def content_type(self, value: str | None) -> None:
        self._replace_header("Content-Type", value)

    @property
    def mimetype(self) -> str | None:
        """The :attr:`content_type` without its parameters. Setting it sets
        the content type, with ``charset=utf-8`` for text types.
        """
        value = self.content_type
        return value.partition(";")[0].strip() if value else None

    @mimetype.setter
    def mimetype(self, value: str) -> None:
        self.content_type = get_content_type(value, "utf-8")

    @property
    def mimetype_params(self) -> Mapping[str, str]:
        """The parameters of the ``Content-Type`` header as a dict, such as
        ``{"charset": "utf-8"}``. Changing the dict updates the header.
        """

        def on_update(params: CallbackDict[str, str]) -> None:
            self.headers["Content-Type"] = dump_options_header(self.mimetype, params)

        params = parse_options_header(self.headers.get("content-type", ""))[1]
        return CallbackDict(params, on_update)

    @property
    def content_length(self) -> int | None:
        """The ``Content-Length`` header as an int. Setting it sets the
        header; None removes it.
        """
        return self.headers.get("Content-Length", type=int)

    @content_length.setter
    def content_length(self, value: int | None) -> None:
        self._replace_header("Content-Length", None if value is None else str(value))

    def _replace_header(self, name: str, value: str | None) -> None:
        """Sets a header to one value, or removes it for None."""
        if value is None:
            self.headers.remove(name)
        else:
            self.headers.set(name, value)

    def _get_form(self, name: str, storage: type[_TMultiDict]) -> _TMultiDict:
        if self._input_stream is not None:
            raise AttributeError(
                "The body is given as an input stream, so there is no form data."
                " Set 'input_stream' to None to use form data and files."
            )
        value = getattr(self, name)
        if value is None:
            value = storage()
            setattr(self, name, value)
        return value  # type: ignore[no-any-return]

    @property
    def form(self) -> MultiDict[str, str]:
        """The form fields of the body, as a :class:`MultiDict`. Setting it
        clears :attr:`input_stream`.
        """
        return self._get_form("_form", MultiDict)

    @form.setter
    def form(self, value: MultiDict[str, str]) -> None:
        self._input_stream = None
        self._form = value

    @property
    def files(self) -> FileMultiDict:
        """The files of the body, as a :class:`FileMultiDict`; add more with
        its :meth:`~rostzeug.datastructures.FileMultiDict.add_file`. Setting
        it clears :attr:`input_stream`.
        """
        return self._get_form("_files", FileMultiDict)

    @files.setter
    def files(self, value: FileMultiDict) -> None:
        self._input_stream = None
        self._files = value

    @property
    def input_stream(self) -> t.IO[bytes] | None:
        """The stream of the body, if given as one. It excludes :attr:`form`
        and :attr:`files`: setting it clears them.
        """
        return self._input_stream

    @input_stream.setter
    def input_stream(self, value: t.IO[bytes] | None) -> None:
        # A stream body and form data exclude each other.
        self._form = self._files = None
        self._input_stream = value

    @property
    def query_string(self) -> str:
        """The query string, built from :attr:`args` unless a string was
        given. Setting a string makes :attr:`args` unavailable.
        """
        if self._query_string is not None:
            return self._query_string
        return "" if self._args is None else _encode_query(self._args)

    @query_string.setter
    def query_string(self, value: str | None) -> None:
        self._args, self._query_string = None, value

    @property
    def args(self) -> MultiDict[str, str]:
        """The query arguments, as a :class:`MultiDict`. Not available when
        the query string was given as a string.
        """
        if self._query_string is not None:
            raise AttributeError(
                "The query string is given as a string, so there are no"
                " arguments. Set 'query_string' to None to use 'args'."
            )
        if self._args is None:
            self._args = MultiDict()
        return self._args

    @args.setter
    def args(self, value: MultiDict[str, str] | None) -> None:
        self._query_string = None
        self._args = value

    @property
    def server_name(self) -> str:
        """The host name of :attr:`host`, without the port (read-only)."""
        return self.host.partition(":")[0]

    @property
    def server_port(self) -> int:
        """The port of :attr:`host`, or the scheme's default port
        (read-only).
        """
        port = self.host.partition(":")[2]
        if port:  # Most hosts name no port: skip the failing conversion.
            try:
                return int(port)
            except ValueError:
                pass
        return {"https": 443}.get(self.url_scheme, 80)

    def __del__(self) -> None:
        # Best effort at garbage collection, where an error could only be
        # printed as unraisable. A builder whose __init__ failed has no
        # ``closed`` and nothing to close.
        if getattr(self, "closed", True):
            return
        try:
            self.close()
        except Exception:
            return

    def close(self) -> None:
        """Closes the files in :attr:`files`. Calling it again does
        nothing.
        """
        if self.closed:
            return
        if self._input_stream is None and self._files:
            for storage in chain.from_iterable(self._files.listvalues()):
                _close_quietly(storage)
        self.closed = True

    def get_environ(self) -> WSGIEnvironment:
        """Builds the WSGI environ.

        ``CONTENT_TYPE`` and ``CONTENT_LENGTH`` describe the body: its length
        is measured from the input stream (from its current position), and
        form data is encoded as the content type says.
        """
        headers = self.headers
        input_stream = self._input_stream
        if headers or self._form or self._files:
            content_type = self.content_type
            content_length = self.content_length
        else:
            content_type = content_length = None

        if input_stream is not None:
            content_length = _remaining_length(input_stream)
        elif content_type is None:
            input_stream = BytesIO()
        else:
            input_stream, content_type, content_length = self._encode_form(
                content_type, content_length
            )

        host = self.host
        values = {
            "REQUEST_METHOD": self.method,
            "SCRIPT_NAME": _path_to_wsgi(self.script_root),
            "PATH_INFO": _path_to_wsgi(self.path),
            "QUERY_STRING": _to_wsgi(self.query_string),
            # Not in the WSGI spec, but servers such as mod_wsgi, uWSGI
            # (REQUEST_URI) and Gunicorn (RAW_URI) set them.
            "REQUEST_URI": _to_wsgi(self.request_uri),
            "RAW_URI": _to_wsgi(self.request_uri),
            "SERVER_NAME": self.server_name,
            "SERVER_PORT": str(self.server_port),
            "HTTP_HOST": host,
            "SERVER_PROTOCOL": self.server_protocol,
            "wsgi.input": input_stream,
            "wsgi.errors": self.errors_stream,
            "wsgi.version": self.wsgi_version,
            "wsgi.url_scheme": self.url_scheme,
        }
        for flag in ("multithread", "multiprocess", "run_once"):
            values[f"wsgi.{flag}"] = getattr(self, flag)
        if self.environ_base:
            environ = dict(self.environ_base)
            environ.update(values)
        else:
            environ = values

        if content_type is not None:
            environ["CONTENT_TYPE"] = content_type
        if content_length is not None:
            environ["CONTENT_LENGTH"] = str(content_length)

        if headers:
            # The body's type and length are environ keys of their own, not
            # HTTP_ ones. Repeated headers are joined into one value.
            combined: dict[str, str] = {}
            for key, value in headers:
                lower = key.lower()
                if lower == "content-type" or lower == "content-length":
                    continue
                name = "HTTP_" + key.upper().replace("-", "_")
                if name in combined:
                    combined[name] = f"{combined[name]}, {value}"
                else:
                    combined[name] = value
            environ.update(combined)

        if self.environ_overrides:
            environ.update(self.environ_overrides)
        return environ

    def _encode_form(
        self, content_type: str, content_length: int | None
    ) -> tuple[t.IO[bytes], str, int | None]:
        """Encodes :attr:`form` and :attr:`files` as the body, in the format
        ``content_type`` names. Returns the body stream with the content type
        and length to send; an unknown format gives an empty body."""
        kind = content_type.partition(";")[0].strip()
        if kind == "application/x-www-form-urlencoded":
            body = _urlencode(self.form).encode("ascii")
            return BytesIO(body), content_type, len(body)
        if kind != "multipart/form-data":
            return BytesIO(), content_type, content_length
        fields: CombinedMultiDict[str, t.Any] = CombinedMultiDict(
            [self.form, self.files]
        )
        stream, length, boundary = stream_encode_multipart(fields)
        return stream, f'{kind}; boundary="{boundary}"', length

    def get_request(self, cls: type[Request] | None = None) -> Request:
        """Builds the environ and returns a request for it.

        :param cls: the request class; :attr:`request_class` by default.
        """
        request_class = self.request_class if cls is None else cls
        return request_class(self.get_environ())


def _encode_query(args: t.Any) -> str:
    """Encodes query arguments as ``_urlencode`` does, joining keys and
    values that need no quoting directly (the common case in tests)."""
    if isinstance(args, MultiDict):
        parts = []
        for key, value in args.items(multi=True):
            if value is None:
                continue
            if (
                type(key) is not str
                or type(value) is not str
                or _PLAIN_QUERY_ITEM.fullmatch(key) is None
                or _PLAIN_QUERY_ITEM.fullmatch(value) is None
            ):
                break
            parts.append(f"{key}={value}")
        else:
            return "&".join(parts)
    return _urlencode(args)


def _to_wsgi(value: str) -> str:
    """A string as a WSGI environ value (UTF-8 bytes as latin-1)."""
    return value if value.isascii() else _wsgi_encoding_dance(value)


def _path_to_wsgi(path: str) -> str:
    """A percent-encoded path as the decoded WSGI environ value."""
    if "%" not in path and path.isascii():
        return path
    return _wsgi_encoding_dance(unquote(path))


class ClientRedirectError(Exception):
    """Raised by :class:`Client` when following redirects runs into a loop."""


class Client:
    """Sends requests to a WSGI application directly, without a server, and
    returns its responses.

    :param application: the WSGI application to call.
    :param response_wrapper: the class of the responses. A class that is
        not a subclass of :class:`TestResponse` is combined with it, so that
        responses have the test attributes; :class:`TestResponse` by default.
    :param use_cookies: keep the cookies that responses set and send them
        with the requests whose host and path they match. Other cookie
        attributes (expiry aside) are not looked at.
    :param allow_subdomain_redirects: follow redirects to subdomains of the
        request's host too.
    """

    def __init__(
        self,
        application: WSGIApplication,
        response_wrapper: type[Response] | None = None,
        use_cookies: bool = True,
        allow_subdomain_redirects: bool = False,
    ) -> None:
        self.application = application

        if response_wrapper is None or response_wrapper is Response:
            response_wrapper = TestResponse
        elif not issubclass(response_wrapper, TestResponse):
            response_wrapper = type(
                "WrapperTestResponse", (TestResponse, response_wrapper), {}
            )
        self.response_wrapper = t.cast("type[TestResponse]", response_wrapper)

        self._cookies: dict[tuple[str, str, str], Cookie] | None = (
            {} if use_cookies else None
        )
        self.allow_subdomain_redirects = allow_subdomain_redirects

    def _cookie_store(self) -> dict[tuple[str, str, str], Cookie]:
        if self._cookies is None:
            raise TypeError(
                "Cookies are disabled. Create the client with 'use_cookies=True'"
                " to store cookies."
            )
        return self._cookies

    def get_cookie(
        self, key: str, domain: str = "localhost", path: str = "/"
    ) -> Cookie | None:
        """Returns the stored cookie with this key, domain and path, or
        None.

        :param key: the cookie's key, decoded (as the application sees it).
        :param domain: the domain the cookie was set for.
        :param path: the path the cookie was set for.
        """
        return self._cookie_store().get((domain, path, key))

    def set_cookie(
        self,
        key: str,
        value: str = "",
        *,
        domain: str = "localhost",
        origin_only: bool = True,
        path: str = "/",
        **kwargs: t.Any,
    ) -> None:
        """Stores a cookie to send with later requests, as if a response had
        set it. A cookie that expires at once (``max_age=0``) removes the
        stored one instead.

        :param key: the cookie's key.
        :param value: the cookie's value.
        :param domain: the domain of the requests the cookie is sent with.
        :param origin_only: send it for that exact domain only; when False,
            its subdomains match too.
        :param path: send it for this path and the paths below it.
        :param kwargs: more arguments for :func:`~rostzeug.http.dump_cookie`.
        """
        store = self._cookie_store()
        cookie = Cookie._from_response_header(
            domain, "/", dump_cookie(key, value, domain=domain, path=path, **kwargs)
        )
        cookie.origin_only = origin_only
        if cookie._should_delete:
            store.pop(cookie._storage_key, None)
        else:
            store[cookie._storage_key] = cookie

    def delete_cookie(
        self, key: str, *, domain: str = "localhost", path: str = "/"
    ) -> None:
        """Removes the stored cookie with this key, domain and path, if
        there is one.

        :param key: the cookie's key, decoded (as the application sees it).
        :param domain: the domain the cookie was set for.
        :param path: the path the cookie was set for.
        """
        self._cookie_store().pop((domain, path, key), None)

    def _add_cookies_to_wsgi(self, environ: WSGIEnvironment) -> None:
        """Sets the ``Cookie`` header of the environ to the stored cookies
        that match the request's host and path, replacing a header already
        there."""
        cookies = self._cookies
        if cookies is None:
            return
        # Any Cookie header the request had is replaced by the jar's.
        environ.pop("HTTP_COOKIE", None)
        if not cookies:
            return
        server_name, path = _cookie_scope(environ)
        pairs = [
            cookie._to_request_header()
            for cookie in cookies.values()
            if cookie._matches_request(server_name, path)
        ]
        if pairs:
            environ["HTTP_COOKIE"] = "; ".join(pairs)

    def _update_cookies_from_response(
        self, server_name: str, path: str, headers: list[str]
    ) -> None:
        """Stores (or removes) the cookies of ``Set-Cookie`` headers."""
        cookies = self._cookies
        if cookies is None:
            return
        for header in headers:
            cookie = Cookie._from_response_header(server_name, path, header)
            if cookie._should_delete:
                cookies.pop(cookie._storage_key, None)
            else:
                cookies[cookie._storage_key] = cookie

    def run_wsgi_app(
        self, environ: WSGIEnvironment, buffered: bool = False
    ) -> tuple[Iterable[bytes], str, Headers]:
        """Calls the application with the environ, sending and storing
        cookies. Returns what :func:`run_wsgi_app` does.

        :meta private:
        """
        self._add_cookies_to_wsgi(environ)
        result = run_wsgi_app(self.application, environ, buffered=buffered)
        if self._cookies is not None:
            set_cookies = result[2].getlist("Set-Cookie")
            if set_cookies:
                server_name, path = _cookie_scope(environ)
                self._update_cookies_from_response(server_name, path, set_cookies)
        return result

    def resolve_redirect(
        self, response: TestResponse, buffered: bool = False
    ) -> TestResponse:
        """Requests the location of a redirect response.

        :meta private:
        """
        target = response.headers.get("Location") or ""
        parts = urlsplit(target)
        builder = EnvironBuilder.from_environ(
            response.request.environ, path=parts.path, query_string=parts.query
        )
        new_host = parts.netloc.partition(":")[0]
        if new_host:
            # An absolute location names its own scheme and host.
            self._check_redirect_host(target, new_host, builder.server_name)
            builder.url_scheme = parts.scheme
            builder.host = parts.netloc
        _place_under_root(builder, parts.path)

        # 307 and 308 repeat the request as it was. Other redirects become
        # a GET (a HEAD stays a HEAD) without a body.
        if response.status_code not in {307, 308}:
            _drop_request_body(builder)

        return self.open(builder, buffered=buffered)

    def _check_redirect_host(self, target: str, new_host: str, current: str) -> None:
        """Refuses a redirect to another server, and to a subdomain unless
        the client allows those."""
        if new_host == current:
            return
        if not new_host.endswith("." + current):
            raise RuntimeError(
                f"The redirect to {target!r} goes to another server;"
                " the test client follows redirects to the same server only."
            )
        if not self.allow_subdomain_redirects:
            raise RuntimeError(
                f"The redirect to {target!r} goes to a subdomain."
                " Create the client with 'allow_subdomain_redirects=True'"
                " to follow it."
            )

    def open(
        self,
        *args: t.Any,
        buffered: bool = False,
        follow_redirects: bool = False,
        **kwargs: t.Any,
    ) -> TestResponse:
        """Makes a request to the application and returns its response.

        :param args: the request: the arguments of :class:`EnvironBuilder`,
            or a single :class:`EnvironBuilder`, environ dict or
            :class:`~rostzeug.wrappers.Request`.
        :param buffered: read the whole response body (and close the
            application's iterable) before returning.
        :param follow_redirects: follow redirects until a response that is
            not one; :attr:`TestResponse.history` has the redirects.
        :param kwargs: the keyword arguments of :class:`EnvironBuilder`.
        :raises ClientRedirectError: when the redirects make a loop.
        :raises RuntimeError: when a redirect leads to another server.
        """
        request = _as_request(args, kwargs)
        app_iter, status, headers = self.run_wsgi_app(
            request.environ, buffered=buffered
        )
        response = self.response_wrapper(app_iter, status, headers, request=request)
        if not follow_redirects:
            return response

        seen: set[tuple[str | None, int]] = set()
        history: list[TestResponse] = []
        while response.status_code in _REDIRECT_CODES:
            if not buffered:
                # Consume the body, so that the application's clean-up (such
                # as a middleware's code after its yield) runs before the
                # next request.
                response.make_sequence()
                response.close()
            location = response.headers.get("Location")
            entry = (location, response.status_code)
            if entry in seen:
                raise ClientRedirectError(
                    f"Redirect loop: a {response.status_code} redirect to"
                    f" {location!r} was already followed."
                )
            seen.add(entry)
            response.history = tuple(history)
            history.append(response)
            response = self.resolve_redirect(response, buffered=buffered)

        response.history = tuple(history)
        # Closing the response closes the request body, which may be a
        # temporary file.
        input_stream = request.environ.get("wsgi.input")
        if input_stream is not None:
            response.call_on_close(input_stream.close)
        return response

    def _open_as(
        self, method: str, args: tuple[t.Any, ...], kw: dict[str, t.Any]
    ) -> TestResponse:
        # The shortcut's method wins over a ``method`` keyword; ``kw`` is
        # this call's own dict, so it may be changed.
        kw["method"] = method
        return self.open(*args, **kw)

    def get(self, *args: t.Any, **kw: t.Any) -> TestResponse:
        """A ``GET`` request: :meth:`open` with that method."""
        return self._open_as("GET", args, kw)

    def post(self, *args: t.Any, **kw: t.Any) -> TestResponse:
        """A ``POST`` request: :meth:`open` with that method."""
        return self._open_as("POST", args, kw)

    def put(self, *args: t.Any, **kw: t.Any) -> TestResponse:
        """A ``PUT`` request: :meth:`open` with that method."""
        return self._open_as("PUT", args, kw)

    def delete(self, *args: t.Any, **kw: t.Any) -> TestResponse:
        """A ``DELETE`` request: :meth:`open` with that method."""
        return self._open_as("DELETE", args, kw)

    def patch(self, *args: t.Any, **kw: t.Any) -> TestResponse:
        """A ``PATCH`` request: :meth:`open` with that method."""
        return self._open_as("PATCH", args, kw)

    def options(self, *args: t.Any, **kw: t.Any) -> TestResponse:
        """A ``OPTIONS`` request: :meth:`open` with that method."""
        return self._open_as("OPTIONS", args, kw)

    def head(self, *args: t.Any, **kw: t.Any) -> TestResponse:
        """A ``HEAD`` request: :meth:`open` with that method."""
        return self._open_as("HEAD", args, kw)

    def trace(self, *args: t.Any, **kw: t.Any) -> TestResponse:
        """A ``TRACE`` request: :meth:`open` with that method."""
        return self._open_as("TRACE", args, kw)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.application!r}>"


_REDIRECT_CODES = frozenset((301, 302, 303, 305, 307, 308))


def _cookie_scope(environ: WSGIEnvironment) -> tuple[str, str]:
    """The host name and path that cookies of the request are matched
    against: those of the request URL (``"localhost"`` when it has no
    host)."""
    host = environ.get("HTTP_HOST")
    root = environ.get("SCRIPT_NAME", "")
    path = environ.get("PATH_INFO", "")
    if (
        host is not None
        and _PLAIN_HOST.fullmatch(host) is not None
        and "xn--" not in host.lower()
        and _PLAIN_URL_PATH.fullmatch(root) is not None
        and _PLAIN_URL_PATH.fullmatch(path) is not None
        and "wsgi.url_scheme" in environ
    ):
        # What rebuilding the URL and splitting it again would give.
        return host.partition(":")[0].lower(), f"{root.rstrip('/')}/{path.lstrip('/')}"

    url = urlsplit(get_current_url(environ))
    return url.hostname or "localhost", url.path


def _place_under_root(builder: EnvironBuilder, path: str) -> None:
    """Sets the builder's path to a redirect's path: relative to the
    script root when the path is below it, else with no script root."""
    root = builder.script_root
    if path.split("/")[: len(root.split("/"))] == root.split("/"):
        builder.path = path[len(root) :]
    else:
        builder.path = path
        builder.script_root = ""


def _drop_request_body(builder: EnvironBuilder) -> None:
    """Turns the request into a body-less GET (HEAD stays HEAD), as a
    redirect other than 307/308 asks."""
    if builder.method != "HEAD":
        builder.method = "GET"
    stream = builder.input_stream
    if stream is not None:
        stream.close()
        builder.input_stream = None
    builder.content_type = None
    builder.content_length = None
    builder.headers.pop("Transfer-Encoding", None)


#: The :class:`EnvironBuilder` arguments that :meth:`EnvironBuilder.from_environ`
#: takes straight from environ keys.
_BUILDER_ENVIRON_KEYS = {
    "path": "PATH_INFO",
    "query_string": "QUERY_STRING",
    "method": "REQUEST_METHOD",
    "input_stream": "wsgi.input",
    "errors_stream": "wsgi.errors",
    "multithread": "wsgi.multithread",
    "multiprocess": "wsgi.multiprocess",
    "run_once": "wsgi.run_once",
}


def _remaining_length(stream: t.IO[bytes]) -> int:
    """How many bytes are left in a seekable stream; its position is kept."""
    here = stream.tell()
    stream.seek(0, 2)
    size = stream.tell() - here
    stream.seek(here)
    return size


def _close_quietly(closable: t.Any) -> None:
    """Closes a file, ignoring errors: closing must not stop at one bad file."""
    with contextlib.suppress(Exception):
        closable.close()


def _is_file_value(value: t.Any) -> bool:
    """Whether a ``data`` mapping value is a file: a stream, a tuple of a
    stream and names, or a dict of file arguments."""
    return isinstance(value, tuple | dict) or hasattr(value, "read")


def _as_request(args: tuple[t.Any, ...], kwargs: dict[str, t.Any]) -> Request:
    """The request that :meth:`Client.open` arguments describe: a builder,
    environ or request passed alone, or else arguments for a builder."""
    if len(args) == 1 and not kwargs:
        (given,) = args
        if isinstance(given, Request):
            return given
        if isinstance(given, dict):
            given = EnvironBuilder.from_environ(given)
        if isinstance(given, EnvironBuilder):
            return given.get_request()
    builder = EnvironBuilder(*args, **kwargs)
    try:
        return builder.get_request()
    finally:
        builder.close()


def _build_and_close(builder: EnvironBuilder, method: str) -> t.Any:
    """Calls a builder method and closes the builder afterwards, even when
    the call fails, so that its files do not stay open."""
    try:
        return getattr(builder, method)()
    finally:
        builder.close()


def create_environ(*args: t.Any, **kwargs: t.Any) -> WSGIEnvironment:
    """Builds a WSGI environ from the arguments of :class:`EnvironBuilder`,
    such as a path and a base URL: ``create_environ("/foo",
    "http://example.org/app")``.
    """
    environ: WSGIEnvironment = _build_and_close(
        EnvironBuilder(*args, **kwargs), "get_environ"
    )
    return environ


def run_wsgi_app(
    app: WSGIApplication, environ: WSGIEnvironment, buffered: bool = False
) -> tuple[Iterable[bytes], str, Headers]:
    """Calls a WSGI application and returns ``(app_iter, status,
    headers)``.

    Data the application writes with the ``write`` callable comes first in
    ``app_iter``. Without ``buffered``, the application's iterable is read
    until ``start_response`` has been called, and ``app_iter`` still closes
    the application's iterable when closed. With ``buffered``, ``app_iter``
    is a list with the whole body and the iterable is already closed.

    The application gets a copy of the environ, so that its changes do not
    leak into later requests.

    :param app: the WSGI application.
    :param environ: the environ, or a request whose environ to use.
    :param buffered: read the whole body before returning.
    """
    return _run_on_environ(app, _get_environ(environ).copy(), buffered)


def _run_on_environ(
    app: WSGIApplication, environ: WSGIEnvironment, buffered: bool
) -> tuple[Iterable[bytes], str, Headers]:
    """:func:`run_wsgi_app` with the environ given to the application as it
    is: the caller made the copy."""
    started: tuple[str, list[tuple[str, str]]] | None = None
    written: list[bytes] = []

    def start_response(
        status: str, headers: list[tuple[str, str]], exc_info: t.Any = None
    ) -> Callable[[bytes], object]:
        nonlocal started
        if exc_info:
            # PEP 3333: called again after an error, re-raise that error.
            _, error, traceback = exc_info
            del exc_info
            raise error.with_traceback(traceback)
        started = (status, headers)
        return written.append

    app_rv = app(environ, start_response)
    close = getattr(app_rv, "close", None)
    app_iter: Iterable[bytes] = iter(app_rv)

    if buffered:
        try:
            body = list(app_iter)
            app_iter = [*written, *body] if written else body
        finally:
            if close is not None:
                close()
    else:
        # The application may call start_response while its iterable is
        # read: read until it has, at least one item.
        for item in app_iter:
            written.append(item)
            if started is not None:
                break
        rest: Iterable[bytes] = chain(written, app_iter) if written else app_iter
        if close is not None and rest is not app_rv:
            # What is returned is not the application's iterable, so closing
            # it must call the iterable's close().
            rest = ClosingIterator(rest, close)
        app_iter = rest

    if started is None:
        raise RuntimeError(
            "The application returned without calling start_response; a WSGI"
            " application must call it before or while its body is read."
        )
    status, headers = started
    return app_iter, status, Headers(headers)


class TestResponse(Response):
    """The response class of :class:`Client`, with the request that was made
    and the redirects that led to it.

    A ``response_wrapper`` given to the client is combined with this class.
    Call :meth:`close` (or use the response as a context manager) to close
    files of the request or the response.
    """

    # The mimetype is the application's; none is assumed.
    default_mimetype = None

    #: The request that gave this response.
    request: Request

    #: The redirect responses that were followed before this one, oldest
    #: first (with ``follow_redirects``).
    history: tuple[TestResponse, ...]

    # Not a test case, even though pytest collects classes named Test*.
    __test__ = False

    def __init__(
        self,
        response: Iterable[bytes],
        status: str,
        headers: Headers,
        request: Request,
        history: tuple[TestResponse, ...] = (),
        **kwargs: t.Any,
    ) -> None:
        super().__init__(response, status, headers, **kwargs)
        self.request = request
        self.history = history

    @cached_property
    def text(self) -> str:
        """The body decoded as text, like ``get_data(as_text=True)``."""
        return self.get_data(as_text=True)


@dataclasses.dataclass
class Cookie:
    """A cookie stored by :class:`Client`, as :meth:`Client.get_cookie`
    returns it. Its attributes are for looking at; the class is not meant to
    be created directly.
    """

    #: The key as sent in the header.
    key: str
    #: The value as sent in the header.
    value: str
    #: The key as the application sets and reads it.
    decoded_key: str
    #: The value as the application sets and reads it.
    decoded_value: str
    #: When the cookie expires (``Expires``).
    expires: datetime | None
    #: For how many seconds after being set it is valid (``Max-Age``).
    max_age: int | None
    #: The domain it was set for; the request's host without ``Domain``.
    domain: str
    #: Whether it is sent to that exact host only, which is the case when
    #: it had no ``Domain``.
    origin_only: bool
    #: The path it was set for.
    path: str
    #: The ``Secure`` flag.
    secure: bool | None
    #: The ``HttpOnly`` flag.
    http_only: bool | None
    #: The ``SameSite`` value.
    same_site: str | None

    def _matches_request(self, server_name: str, path: str) -> bool:
        domain = self.domain
        if server_name != domain and (
            self.origin_only
            or not server_name.endswith(domain)
            or not server_name[: -len(domain)].endswith(".")
        ):
            return False
        own_path = self.path
        if path == own_path:
            return True
        # A path below the cookie's one: the next character is a slash (or
        # the cookie's path ends with one).
        return path.startswith(own_path) and path[
            len(own_path) - own_path.endswith("/") :
        ].startswith("/")

    def _to_request_header(self) -> str:
        return f"{self.key}={self.value}"

    @classmethod
    def _from_response_header(cls, server_name: str, path: str, header: str) -> t.Self:
        first, _, rest = header.partition(";")
        raw_key, _, raw_value = first.partition("=")
        name, text = next(iter(parse_cookie(first).items()))
        attrs = _cookie_attributes(rest)
        age = attrs.get("max-age")
        # Without Path, the default is the request path up to its last slash.
        default_path = path.rpartition("/")[0] or "/"
        return cls(
            raw_key.strip(" \t"),
            raw_value.strip(" \t"),
            name,
            text,
            parse_date(attrs.get("expires")),
            None if "max-age" not in attrs else int(age) if age else 0,
            attrs.get("domain") or server_name,
            "domain" not in attrs,
            attrs.get("path") or default_path,
            "secure" in attrs,
            "httponly" in attrs,
            attrs.get("samesite"),
        )

    @property
    def _storage_key(self) -> tuple[str, str, str]:
        return (self.domain, self.path, self.decoded_key)

    @property
    def _should_delete(self) -> bool:
        # Max-Age=0 or an Expires at the epoch is how a response removes it.
        if self.max_age == 0:
            return True
        return self.expires is not None and self.expires.timestamp() == 0


def _cookie_attributes(text: str) -> dict[str, str | None]:
    """The attributes after a ``Set-Cookie`` pair, by lower-cased name;
    a flag without ``=`` maps to None."""
    found: dict[str, str | None] = {}
    for part in text.split(";"):
        label, eq, content = part.partition("=")
        found[label.strip(" \t").lower()] = content.strip(" \t") if eq else None
    return found
