"""Assorted helpers for WSGI applications: redirects, sending files,
descriptors over the environ and headers, file name cleaning and imports by
name."""

from __future__ import annotations

import io
import mimetypes
import os
import pkgutil
import re
import sys
import typing as t
import unicodedata
from collections.abc import Callable
from collections.abc import Iterator
from collections.abc import MutableMapping
from datetime import datetime
from time import time
from urllib.parse import quote
from zlib import adler32

from markupsafe import escape as escape

from .datastructures import Headers
from .exceptions import NotFound
from .exceptions import RequestedRangeNotSatisfiable
from .security import _windows_device_files
from .security import safe_join

if t.TYPE_CHECKING:
    from _typeshed.wsgi import WSGIEnvironment

    from .wrappers.response import Response
    from .wrappers.response import Response as _WSGIResponse

_T = t.TypeVar("_T")
_TValue = t.TypeVar("_TValue")

_missing: t.Any = object()


class cached_property(property, t.Generic[_T]):
    """A :func:`property` computed once per instance, then stored in the
    instance's ``__dict__``. Setting or deleting the attribute replaces or
    clears the stored value. A class with ``__slots__`` and no ``__dict__``
    must declare a ``_cache_{name}`` slot, where the value is kept instead.
    """

    def __init__(
        self,
        fget: Callable[[t.Any], _T],
        name: str | None = None,
        doc: str | None = None,
    ) -> None:
        property.__init__(self, fget, doc=doc)
        attribute = name if name else fget.__name__
        self.__name__ = attribute
        self.__module__ = fget.__module__
        #: Where the value is kept on instances without a ``__dict__``.
        self.slot_name = "_cache_" + attribute

    def __set__(self, obj: object, value: _T) -> None:
        store = getattr(obj, "__dict__", None)
        if store is None:
            setattr(obj, self.slot_name, value)
        else:
            store[self.__name__] = value

    def __delete__(self, obj: object) -> None:
        store = getattr(obj, "__dict__", None)
        if store is None:
            # A slot cannot be emptied, so it is reset to "not computed".
            setattr(obj, self.slot_name, _missing)
        else:
            del store[self.__name__]

    def __get__(self, obj: object, type: type | None = None) -> _T:  # type: ignore[override]
        if obj is None:
            return self  # type: ignore[return-value]
        try:
            obj_dict = obj.__dict__
        except AttributeError:  # a class with __slots__ only
            value = getattr(obj, self.slot_name, _missing)
            if value is _missing:
                value = self.fget(obj)  # type: ignore[misc]
                setattr(obj, self.slot_name, value)
            return value  # type: ignore[no-any-return]
        name = self.__name__
        value = obj_dict.get(name, _missing)
        if value is _missing:
            value = obj_dict[name] = self.fget(obj)  # type: ignore[misc]
        return value  # type: ignore[no-any-return]


def get_content_type(mimetype: str, charset: str) -> str:
    """Returns the Content-Type for a mimetype, adding ``; charset=...`` for
    text types and the XML and JavaScript types that carry text."""
    carries_text = (
        mimetype.startswith("text/")
        or mimetype.endswith("+xml")
        or mimetype in _charset_mimetypes
    )
    return f"{mimetype}; charset={charset}" if carries_text else mimetype


_charset_mimetypes = {
    "application/ecmascript",
    "application/javascript",
    "application/sql",
    "application/xml",
    "application/xml-dtd",
    "application/xml-external-parsed-entity",
}


class _DictAccessorProperty(t.Generic[_TValue]):
    """A descriptor that reads and writes one key of a mapping belonging to
    the instance; :meth:`lookup` says which mapping.

    :param name: the key.
    :param default: returned when the key is missing or ``load_func``
        rejects the value.
    :param load_func: converts the stored value when it is read; a
        :exc:`ValueError` or :exc:`TypeError` from it gives ``default``.
    :param dump_func: converts a value before it is stored.
    :param read_only: refuse assignment and deletion with
        :exc:`AttributeError`; the class default when None.
    :param doc: the docstring of the attribute.
    """

    read_only = False

    def __init__(
        self,
        name: str,
        default: _TValue | None = None,
        load_func: Callable[[str], _TValue] | None = None,
        dump_func: Callable[[_TValue], str] | None = None,
        read_only: bool | None = None,
        doc: str | None = None,
    ) -> None:
        self.name = name
        self.default = default
        self.load_func = load_func
        self.dump_func = dump_func
        if read_only is not None:
            self.read_only = read_only
        self.__doc__ = doc

    def lookup(self, instance: t.Any) -> MutableMapping[str, t.Any]:
        """Returns the mapping of ``instance`` that holds the value."""
        raise NotImplementedError

    @t.overload
    def __get__(self, instance: None, owner: type) -> t.Self: ...
    @t.overload
    def __get__(self, instance: t.Any, owner: type) -> _TValue: ...
    def __get__(self, instance: t.Any | None, owner: type) -> _TValue | t.Self:
        if instance is None:
            return self
        storage = self.lookup(instance)
        if self.name not in storage:
            return self.default  # type: ignore[return-value]
        value = storage[self.name]
        if self.load_func is None:
            return value  # type: ignore[no-any-return]
        try:
            return self.load_func(value)
        except (ValueError, TypeError):
            return self.default  # type: ignore[return-value]

    def _refuse_if_read_only(self) -> None:
        if self.read_only:
            raise AttributeError(
                f"{self.name!r} is a read-only property; change the underlying"
                " mapping instead."
            )

    def __set__(self, instance: t.Any, value: _TValue) -> None:
        self._refuse_if_read_only()
        stored = self.dump_func(value) if self.dump_func is not None else value
        self.lookup(instance)[self.name] = stored

    def __delete__(self, instance: t.Any) -> None:
        self._refuse_if_read_only()
        self.lookup(instance).pop(self.name, None)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name}>"


class environ_property(_DictAccessorProperty[_TValue]):
    """An attribute that reads a key of the instance's ``environ``, for
    requests and any other class with an ``environ`` mapping::

        class Info:
            environ = {"SERVER_NAME": "example.org"}
            server_name = environ_property("SERVER_NAME")

    The arguments are the key, a default for a missing key, a function that
    converts the value (a :exc:`ValueError` or :exc:`TypeError` from it gives
    the default) and one that converts a value to store. The attribute is
    read-only unless ``read_only=False`` is passed.
    """

    read_only = True

    def lookup(self, instance: t.Any) -> WSGIEnvironment:
        """Returns ``instance.environ``."""
        return instance.environ  # type: ignore[no-any-return]


class header_property(_DictAccessorProperty[_TValue]):
    """Like :class:`environ_property`, for a header of the instance's
    ``headers``; writable unless ``read_only=True`` is passed."""

    def lookup(self, instance: t.Any) -> Headers:  # type: ignore[override]
        """Returns ``instance.headers``."""
        return instance.headers  # type: ignore[no-any-return]


_unsafe_filename_chars = re.compile(r"[^A-Za-z0-9_.-]")


def secure_filename(filename: str) -> str:
    """Turns a file name into one that is safe to store on a regular file
    system and to pass to :func:`os.path.join`. The result may be empty, when
    nothing of the name can be kept.

    Letters are decomposed (NFKD) and reduced to ASCII, path separators and
    whitespace become ``_``, characters other than ASCII letters, digits and
    ``_.-`` are dropped, and leading or trailing ``.`` and ``_`` are removed.
    On Windows, a device name such as ``CON`` or ``nul.txt`` gets a ``_``
    prefix.

    Only the name is changed: whether the file exists, is a symlink and so
    on is not checked.

    :param filename: the file name to clean, such as one sent by a client.
    """
    ascii_only = (
        unicodedata.normalize("NFKD", filename)
        .encode("ascii", "ignore")
        .decode("ascii")
    )
    # Path separators become spaces, and every run of white space one "_".
    separators = [sep for sep in (os.sep, os.path.altsep) if sep]
    for sep in separators:
        ascii_only = ascii_only.replace(sep, " ")
    joined = "_".join(ascii_only.split())
    # Stripping also removes what "../" leaves behind.
    cleaned = _unsafe_filename_chars.sub("", joined).strip("._")
    if os.name == "nt":
        stem = cleaned.split(".", 1)[0].strip().upper()
        if stem in _windows_device_files:
            return "_" + cleaned
    return cleaned


def redirect(
    location: str, code: int = 302, Response: type[Response] | None = None
) -> Response:
    """Returns a response that redirects the client to ``location``, with
    a short HTML page linking to it for clients that do not follow
    redirects.

    The ``Location`` header keeps ``location`` as given; when the response
    is sent, a non-ASCII location is encoded with
    :func:`~rostzeug.urls.iri_to_uri`.

    :param location: the URL to redirect to.
    :param code: the status code: 301, 302, 303, 305, 307 or 308.
    :param Response: the response class to instantiate;
        :class:`rostzeug.wrappers.Response` when None.
    """
    response_class: type[_WSGIResponse]
    if Response is None:
        from .wrappers import Response as default_class

        response_class = default_class
    else:
        response_class = Response

    escaped = escape(location)
    body = (
        "<!doctype html>\n"
        "<html lang=en>\n"
        "<title>Redirecting...</title>\n"
        "<h1>Redirecting...</h1>\n"
        "<p>You should be redirected automatically to the target URL: "
        f'<a href="{escaped}">{escaped}</a>. If not, click the link.\n'
    )
    response = response_class(body, code, mimetype="text/html")
    response.headers["Location"] = location
    return response


def append_slash_redirect(environ: WSGIEnvironment, code: int = 308) -> Response:
    """Redirects to the current URL with a ``/`` appended to its path,
    keeping the query string.

    The location is relative and only names the last segment: for
    ``/user/42`` it is ``42/``, which resolves to ``/user/42/``. For a path
    that already ends with ``/`` it is ``./``, so calling this for every
    request loops.

    :param environ: the WSGI environment of the request.
    :param code: the status code; 308 keeps the method and the body.
    """
    last_segment = environ["PATH_INFO"].rpartition("/")[2]
    location = f"{last_segment}/" if last_segment else "./"
    query_string = environ.get("QUERY_STRING")
    if query_string:
        location = f"{location}?{query_string}"
    return redirect(location, code)


# RFC 5987 attr-char, apart from the letters and digits quote keeps anyway.
_ATTR_CHAR_PUNCTUATION = "!#$&+-.^_`|~"


def _content_disposition_params(download_name: str) -> dict[str, str]:
    """The file name parameters of Content-Disposition: ``filename`` alone
    for an ASCII name, and for any other an ASCII approximation plus the
    exact name as RFC 5987 ``filename*``."""
    if download_name.isascii():
        return {"filename": download_name}
    approximation = unicodedata.normalize("NFKD", download_name)
    approximation = approximation.encode("ascii", "ignore").decode("ascii")
    encoded = quote(download_name, safe=_ATTR_CHAR_PUNCTUATION)
    return {"filename": approximation, "filename*": f"UTF-8''{encoded}"}


def send_file(
    path_or_file: os.PathLike[str] | str | t.IO[bytes],
    environ: WSGIEnvironment,
    mimetype: str | None = None,
    as_attachment: bool = False,
    download_name: str | None = None,
    conditional: bool = True,
    etag: bool | str = True,
    last_modified: datetime | int | float | None = None,
    max_age: int | Callable[[str | None], int | None] | None = None,
    use_x_sendfile: bool = False,
    response_class: type[Response] | None = None,
    _root_path: os.PathLike[str] | str | None = None,
) -> Response:
    """Returns a response that sends a file.

    A path is best: its size, modification time and name give
    Content-Length, Last-Modified, an ETag and the mimetype, and the file is
    opened and closed for you. A file object must be open in binary mode and
    positioned at the start of the data; :class:`io.BytesIO` works well for
    data built in memory. Never pass a path that comes from a client, use
    :func:`send_from_directory` for those.

    The body is wrapped with the server's ``wsgi.file_wrapper`` when it has
    one (:func:`rostzeug.wsgi.wrap_file`), and the response is in direct
    passthrough mode.

    :param path_or_file: a path, relative to the working directory unless
        absolute, or a binary file object.
    :param environ: the WSGI environment of the request.
    :param mimetype: the mimetype; guessed from ``download_name`` with
        :mod:`mimetypes` when None (``application/octet-stream`` when the
        guess fails). A guessed encoding, such as gzip for ``.svgz``, is sent
        as Content-Encoding unless ``as_attachment`` is true.
    :param as_attachment: ask the browser to save the file
        (``Content-Disposition: attachment``) rather than display it
        (``inline``).
    :param download_name: the name the browser saves the file under; the
        file name of the path when None. A non-ASCII name is sent as an
        ASCII approximation plus the exact name as RFC 5987 ``filename*``.
    :param conditional: answer conditional and range requests, through
        :meth:`~rostzeug.wrappers.Response.make_conditional`.
    :param etag: compute an ETag from the path (True), send none (False),
        or send this string.
    :param last_modified: the Last-Modified time; the file's modification
        time when None and a path is given.
    :param max_age: seconds the client may cache the file, or a function
        that gets the path (or None) and returns them. When positive, the
        response is ``public``; otherwise it is ``no-cache``, so clients
        revalidate with conditional requests.
    :param use_x_sendfile: for a path, send an empty body with an
        ``X-Sendfile`` header naming the file, for servers that send it
        themselves.
    :param response_class: the response class;
        :class:`rostzeug.wrappers.Response` when None.
    :param _root_path: a directory a relative path is joined to instead of
        the working directory. Internal, for frameworks.
    :raises TypeError: if there is no file name to guess the mimetype from
        or to name an attachment with.
    :raises ValueError: if the file object is a text stream.
    """
    if response_class is None:
        from .wrappers import Response as default_response_class

        response_class = default_response_class

    source = _FileSource.open(path_or_file, _root_path)
    if download_name is None and source.path is not None:
        download_name = os.path.basename(source.path)

    headers = Headers()
    if mimetype is None:
        mimetype, encoding = _guess_mimetype(download_name)
        # Browsers would decompress a saved .tar.gz if told its encoding.
        if encoding is not None and not as_attachment:
            headers.set("Content-Encoding", encoding)
    _set_disposition(headers, download_name, as_attachment)

    if use_x_sendfile and source.path is not None:
        # The front server reads the file; the body stays empty.
        headers["X-Sendfile"] = source.path
        body = None
    else:
        body = source.wrap(environ)

    response = response_class(
        body, mimetype=mimetype, headers=headers, direct_passthrough=True
    )
    source.describe(response, last_modified, etag)
    _set_cache_lifetime(response, max_age, source.path)

    if not conditional:
        return response
    try:
        response = response.make_conditional(
            environ, accept_ranges=True, complete_length=source.size
        )
    except RequestedRangeNotSatisfiable:
        source.close()
        raise
    if response.status_code == 304:
        # Some X-Sendfile servers would still send the file with a 304.
        response.headers.pop("x-sendfile", None)
    return response


class _FileSource:
    """What :func:`send_file` knows about the file it sends: a path (with
    its size and modification time from ``stat``) or an open binary file."""

    def __init__(
        self,
        path: str | None,
        stream: t.IO[bytes] | None,
        size: int | None,
        mtime: float | None,
    ) -> None:
        self.path = path
        self.stream = stream
        self.size = size
        self.mtime = mtime

    @classmethod
    def open(
        cls,
        path_or_file: os.PathLike[str] | str | t.IO[bytes],
        root: os.PathLike[str] | str | None,
    ) -> _FileSource:
        is_path = isinstance(path_or_file, (str, os.PathLike)) or hasattr(
            path_or_file, "__fspath__"
        )
        if not is_path:
            return cls(None, t.cast("t.IO[bytes]", path_or_file), None, None)
        fspath = t.cast("os.PathLike[str] | str", path_or_file)
        full = os.path.abspath(fspath) if root is None else os.path.join(root, fspath)
        info = os.stat(full)
        return cls(full, None, info.st_size, info.st_mtime)

    def wrap(self, environ: WSGIEnvironment) -> t.Any:
        """Opens the path if needed and returns the file as a WSGI body."""
        from .wsgi import wrap_file

        if self.stream is None:
            # Closed by the response once it is sent.
            self.stream = open(t.cast(str, self.path), "rb")
        # A text file, whatever the annotation says: refused.
        elif isinstance(self.stream, io.TextIOBase):  # type: ignore[unreachable]
            raise ValueError(
                "Files must be opened in binary mode or use BytesIO; got a"
                f" text stream ({type(self.stream).__name__})."
            )
        elif isinstance(self.stream, io.BytesIO):
            self.size = self.stream.getbuffer().nbytes
        return wrap_file(environ, self.stream)

    def describe(
        self,
        response: Response,
        last_modified: datetime | int | float | None,
        etag: bool | str,
    ) -> None:
        """Sets Content-Length, Last-Modified and the ETag from the file."""
        if self.size is not None:
            response.content_length = self.size
        modified = self.mtime if last_modified is None else last_modified
        if modified is not None:
            response.last_modified = modified  # type: ignore[assignment]
        if isinstance(etag, str):
            response.set_etag(etag)
        elif etag and self.path is not None:
            checksum = adler32(self.path.encode()) & 0xFFFFFFFF
            response.set_etag(f"{self.mtime}-{self.size}-{checksum}")

    def close(self) -> None:
        if self.stream is not None:
            self.stream.close()


def _guess_mimetype(download_name: str | None) -> tuple[str, str | None]:
    """The mimetype and content encoding that a file name suggests."""
    if download_name is None:
        raise TypeError(
            "Unable to detect the MIME type because a file name is not"
            " available. Either set 'download_name', pass a path instead"
            " of a file, or set 'mimetype'."
        )
    guessed, encoding = mimetypes.guess_type(download_name)
    return guessed or "application/octet-stream", encoding


def _set_disposition(
    headers: Headers, download_name: str | None, as_attachment: bool
) -> None:
    if download_name is None:
        if as_attachment:
            raise TypeError(
                "No name provided for attachment. Either set 'download_name'"
                " or pass a path instead of a file."
            )
        return
    headers.set(
        "Content-Disposition",
        "attachment" if as_attachment else "inline",
        **_content_disposition_params(download_name),
    )


def _set_cache_lifetime(
    response: Response,
    max_age: int | Callable[[str | None], int | None] | None,
    path: str | None,
) -> None:
    """Without a ``max_age`` clients must revalidate; with a positive one the
    file may be cached publicly until it runs out."""
    seconds = max_age(path) if callable(max_age) else max_age
    cache = response.cache_control
    if seconds is None:
        cache.no_cache = True
        return
    if seconds > 0:
        cache.public = True
    else:
        cache.no_cache = True
    cache.max_age = seconds
    response.expires = int(time() + seconds)  # type: ignore[assignment]


def send_from_directory(
    directory: os.PathLike[str] | str,
    path: os.PathLike[str] | str,
    environ: WSGIEnvironment,
    **kwargs: t.Any,
) -> Response:
    """Sends a file from a directory with :func:`send_file`, for a path that
    comes from the client, such as static files or uploads.

    The path is joined with :func:`~rostzeug.security.safe_join`, so it
    cannot leave the directory.

    :param directory: the directory to serve from. It must not come from the
        client.
    :param path: the path of the file within ``directory``, as sent by the
        client.
    :param environ: the WSGI environment of the request.
    :param kwargs: passed to :func:`send_file`.
    :raises ~rostzeug.exceptions.NotFound: if the path would leave the
        directory or is not a regular file.
    """
    joined = safe_join(os.fspath(directory), os.fspath(path))
    if joined is None:
        raise NotFound()
    if "_root_path" in kwargs:
        joined = os.path.join(kwargs["_root_path"], joined)
    # isfile is False for paths that cannot exist, such as those with NUL.
    if not os.path.isfile(joined):
        raise NotFound()
    return send_file(joined, environ, **kwargs)


def _import_dotted(name: str) -> t.Any:
    """Imports a module, or else an attribute of its parent module."""
    parent_name, dot, attribute = name.rpartition(".")
    try:
        __import__(name)
        return sys.modules[name]
    except ImportError:
        # A top-level name has no parent to look the attribute up in.
        if not dot:
            raise
    # The fromlist imports a submodule of that name, so an ImportError
    # raised inside the submodule surfaces again here, with its traceback.
    parent = __import__(parent_name, fromlist=[attribute])
    try:
        found = getattr(parent, attribute)
    except AttributeError as missing:
        raise ImportError(missing) from None
    return found


def import_string(import_name: str, silent: bool = False) -> t.Any:
    """Imports an object from its dotted name (``xml.sax.saxutils.escape``)
    or with a colon before the object (``xml.sax.saxutils:escape``).

    :param import_name: the module or object to import.
    :param silent: return None instead of raising when the import fails.
    :raises ImportStringError: if the import fails and ``silent`` is false.
        Errors other than :exc:`ImportError` raised by the imported modules
        propagate unchanged.
    """
    dotted_name = import_name.replace(":", ".")
    try:
        return _import_dotted(dotted_name)
    except ImportError as e:
        if silent:
            return None
        raise ImportStringError(dotted_name, e).with_traceback(
            e.__traceback__
        ) from None


def find_modules(
    import_path: str, include_packages: bool = False, recursive: bool = False
) -> Iterator[str]:
    """Yields the dotted names of the modules in a package, for example to
    import every module of an application so that they register themselves.

    The names start with ``import_path`` as given (with ``:`` read as
    ``.``), so they import through the same name even when the package is
    also known under another one.

    :param import_path: the dotted name of the package.
    :param include_packages: yield the names of subpackages too.
    :param recursive: also list the modules of subpackages, which imports
        them.
    :raises ValueError: if ``import_path`` names a module that is not a
        package.
    """
    package_name = import_path.replace(":", ".")
    package = import_string(package_name)
    search_path = getattr(package, "__path__", None)
    if search_path is None:
        raise ValueError(
            f"{import_path!r} is not a package; find_modules lists the modules"
            " of a package (a directory with __init__.py)."
        )
    for module_info in pkgutil.iter_modules(search_path):
        name = f"{package_name}.{module_info.name}"
        if not module_info.ispkg:
            yield name
            continue
        if include_packages:
            yield name
        if recursive:
            yield from find_modules(name, include_packages, True)


class ImportStringError(ImportError):
    """Raised by :func:`import_string` when an import fails. The message
    lists, for each prefix of the dotted name, where it was found, up to the
    first one that could not be imported."""

    #: The dotted name that could not be imported.
    import_name: str
    #: The error the import raised.
    exception: BaseException

    def __init__(self, import_name: str, exception: BaseException) -> None:
        self.exception = exception
        self.import_name = import_name
        message = import_name
        found: list[str] = []
        prefix = ""
        for part in import_name.replace(":", ".").split("."):
            prefix = f"{prefix}.{part}" if prefix else part
            imported = import_string(prefix, silent=True)
            if imported is not None:
                location = getattr(imported, "__file__", None)
                found.append(f"- {prefix!r} found in {location!r}.")
                continue
            steps = "\n".join([*found, f"- {prefix!r} not found."])
            message = (
                f"import_string() failed for {import_name!r}. Check that:\n\n"
                "- each package on the way has an __init__.py;\n"
                "- the top-level package or module is on sys.path;\n"
                "- no other module of the same name comes first on sys.path;\n"
                "- the module, class, function or variable exists.\n\n"
                f"Import steps:\n\n{steps}\n\n"
                f"Original exception:\n\n{type(exception).__name__}: {exception}"
            )
            break
        super().__init__(message)

    def __repr__(self) -> str:
        return f"<{type(self).__name__}({self.import_name!r}, {self.exception!r})>"
