"""
Serve Shared Static Files
=========================

:class:`SharedDataMiddleware` answers requests for static files (style
sheets, scripts, images) from directories, single files or package data,
and hands every other request to the application it wraps. It is meant
for development and for simple deployments without a separate file
server, and it is careful about the things a file server must get right:
it never serves a file from outside what was exported, it answers
conditional requests with ``304 Not Modified``, and it supports ``HEAD``,
byte ranges and precompressed files.

.. autoclass:: SharedDataMiddleware
    :members: is_allowed, get_file_loader, get_package_loader,
        get_directory_loader, generate_etag
"""

from __future__ import annotations

import collections.abc as cabc
import fnmatch
import importlib.resources
import mimetypes
import os
import pathlib
import posixpath
import re
import stat
import typing as t
import zlib
from datetime import UTC
from datetime import datetime
from io import BytesIO
from time import time

from ..http import http_date
from ..http import parse_accept_header
from ..http import parse_date
from ..http import parse_etags
from ..http import parse_range_header
from ..http import quote_etag
from ..http import unquote_etag
from ..security import safe_join
from ..utils import get_content_type

if t.TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse
    from _typeshed.wsgi import WSGIApplication
    from _typeshed.wsgi import WSGIEnvironment

#: What an opener returns: the open file, when it last changed, its size.
_TOpener = t.Callable[[], tuple[t.IO[bytes], datetime, int]]
#: A loader maps the path below an export (None for the export itself) to
#: the file's name and an opener, or ``(None, None)`` if there is no file.
_TLoader = t.Callable[[str | None], tuple[str | None, _TOpener | None]]

#: Size of the reads of a body, and the largest file read in one piece.
CHUNK_SIZE = 64 * 1024

#: The precompressed siblings looked for, in order of preference when the
#: client accepts several equally: (content coding, file name suffix).
PRECOMPRESSED = (("br", ".br"), ("gzip", ".gz"))

#: Content types for files whose name says they are compressed (``.gz``),
#: requested as they are: they are sent as what they are, an archive.
_COMPRESSED_FILE_TYPES = {
    "gzip": "application/gzip",
    "bzip2": "application/x-bzip2",
    "xz": "application/x-xz",
}

_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_BINARY", 0)
    | getattr(os, "O_CLOEXEC", 0)
    # Never wait on a FIFO swapped in after the check that the file is regular.
    | getattr(os, "O_NONBLOCK", 0)
)
_ON_WINDOWS = os.name == "nt"
_VARY = ("Vary", "Accept-Encoding")
_ACCEPT_RANGES = ("Accept-Ranges", "bytes")
#: Upper bound of the per-instance caches; a full cache is emptied.
_CACHE_LIMIT = 4096
#: Upper bound of the descriptors of small files kept open.
_HELD_FILES_LIMIT = 128
_HAS_PREAD = hasattr(os, "pread")
_MEMO_LIMIT = 256


def _untrusted_join(directory: str, path: str) -> str | None:
    """:func:`~rostzeug.security.safe_join` of a URL path, refusing also
    what can only be an attack on some system: NUL bytes and backslashes
    anywhere, and on Windows stream names (``name::$DATA``) and segments
    ending in a dot or a space, which name the same file as without them
    and so would slip past the ``disallow`` rules."""
    if "\x00" in path or "\\" in path:
        return None
    if _ON_WINDOWS and (
        ":" in path or any(s.endswith((".", " ")) for s in path.split("/"))
    ):
        return None
    return safe_join(directory, path)


def _resolves_inside(path: str, root: str, st: os.stat_result) -> bool:
    """Whether ``path``, with every symlink resolved, is inside the
    directory ``root`` (also resolved) and is the file ``st`` describes."""
    real_root = os.path.realpath(root)
    real = os.path.realpath(path)
    if not real.startswith(os.path.join(real_root, "")):
        return False
    try:
        real_st = os.stat(real)
    except (OSError, ValueError):
        return False
    return real_st.st_ino == st.st_ino and real_st.st_dev == st.st_dev


class _DiskFile:
    """The opener that the built-in loaders return for a regular file on
    disk. Besides being an opener, it carries what the middleware needs to
    serve the file without opening it again: the path, the result of the
    ``stat`` that found it, the export directory it must resolve inside
    (``None`` for a single exported file) and whether precompressed
    siblings are looked for."""

    __slots__ = ("path", "precompressed", "root", "stat")

    def __init__(
        self, path: str, st: os.stat_result, root: str | None, precompressed: bool
    ) -> None:
        self.path = path
        self.stat = st
        self.root = root
        self.precompressed = precompressed

    def __call__(self) -> tuple[t.IO[bytes], datetime, int]:
        if self.root is not None and not _resolves_inside(
            self.path, self.root, self.stat
        ):
            raise PermissionError(
                f"{self.path!r} resolves outside the exported directory"
                f" {self.root!r}; it is not served"
            )
        file = open(self.path, "rb")
        st = os.fstat(file.fileno())
        mtime = datetime.fromtimestamp(st.st_mtime, tz=UTC)
        return file, mtime, st.st_size


class _HeldFile:
    """A descriptor of a small file kept open between requests, closed when
    the last reference goes (a request still reading keeps it open).
    ``signature`` is that of the file it was opened on."""

    __slots__ = ("fd", "signature")

    def __init__(self, fd: int, signature: tuple[int, int, int, int]) -> None:
        self.fd = fd
        self.signature = signature

    def __del__(self, _close: t.Callable[[int], None] = os.close) -> None:
        try:
            _close(self.fd)
        except OSError:
            pass


class _Representation:
    """What the headers of one file (or one encoding of it) are made of,
    computed once per version of the file. ``signature`` tells the
    version: modification time, size, inode and device."""

    __slots__ = (
        "content_type",
        "encoding",
        "etag",
        "last_modified",
        "length",
        "mtime",
        "name",
        "path",
        "ranges",
        "root",
        "siblings",
        "siblings_checked",
        "signature",
        "size",
    )

    path: str | None
    name: str
    root: str | None
    encoding: str | None
    signature: tuple[int, int, int, int] | None
    size: int
    length: str
    etag: str
    last_modified: str
    mtime: int
    content_type: str
    ranges: bool
    siblings: tuple[str, ...]
    siblings_checked: int


class _Body(list[bytes]):
    """A response body held in memory. It has a ``close`` method, like every
    body this middleware returns, so callers can close them all alike."""

    __slots__ = ()

    def close(self) -> None:
        """Nothing to release."""


class _FileBody:
    """The response iterable of ``length`` bytes of a file, from where the
    file is positioned, in chunks of :data:`CHUNK_SIZE`. Closing it closes
    the file, which servers do when the response ends, also when the client
    went away before."""

    __slots__ = ("file", "remaining")

    def __init__(self, file: t.IO[bytes], length: int) -> None:
        self.file = file
        self.remaining = length

    def __iter__(self) -> _FileBody:
        return self

    def __next__(self) -> bytes:
        if self.remaining <= 0:
            raise StopIteration
        data = self.file.read(min(CHUNK_SIZE, self.remaining))
        if not data:
            raise StopIteration
        self.remaining -= len(data)
        return data

    def close(self) -> None:
        self.file.close()


def _signature(st: os.stat_result) -> tuple[int, int, int, int]:
    return st.st_mtime_ns, st.st_size, st.st_ino, st.st_dev


class SharedDataMiddleware:
    """Serves static files next to a WSGI application::

        app = SharedDataMiddleware(app, {
            "/static": "/srv/site/static",
            "/favicon.ico": "/srv/site/favicon.ico",
            "/assets": ("mypackage", "assets"),
        })

    A request whose path is below an exported directory (``/static/css/a.css``)
    gets the file at that place, one for the exact path of an exported file
    gets that file, and one below a ``(package, path)`` pair gets the
    package's data file from the folder ``path`` (read through
    :mod:`importlib.resources`, so packages in zip files work too). The
    exports are tried in order, and every request that none of them answers
    goes to the wrapped application, also below an exported directory and
    also with a directory exported at ``/``.

    Only ``GET`` and ``HEAD`` requests are answered; other methods go to
    the application.

    Which files are served: regular files only, never directories; nothing
    outside the export, whatever the path (``..``, empty segments, absolute
    paths, backslashes, NUL bytes, on Windows drive, device and stream
    names; see :func:`~rostzeug.security.safe_join`). Symlinks inside an
    exported directory are followed as long as the file they lead to is
    inside that directory too, both resolved: a file that resolves outside
    is not served. The check runs when a file is first served and again
    whenever its inode, size or modification time change, so a symlink
    switched to another file is checked again. A single exported file is
    served at its exact path only, wherever it resolves to. Non-ASCII file
    names work when the file system encoding is UTF-8.

    Headers: the content type comes from :mod:`mimetypes`, with
    ``; charset=utf-8`` for text types, and is ``fallback_mimetype`` for
    unknown names. Files whose name says they are compressed
    (``data.tar.gz``, ``app.css.br``) are sent as what they are, compressed
    data (``application/gzip``, ``application/x-bzip2``,
    ``application/x-xz``, else ``fallback_mimetype``), without a
    ``Content-Encoding``, so clients save them as they are. With
    ``cache`` on, the answer has ``ETag``, ``Last-Modified``,
    ``Cache-Control: max-age=<cache_timeout>, public`` and ``Expires``, and
    a request with a matching ``If-None-Match`` (or, without it, an
    ``If-Modified-Since`` not older than the file) is answered with ``304
    Not Modified``. With ``cache`` off, none of these headers is sent and
    no request is answered with 304.

    Byte ranges: ``Accept-Ranges: bytes``; a ``GET`` with a single range
    gets ``206 Partial Content`` with ``Content-Range``, one with a range
    that starts past the end ``416 Range Not Satisfiable``. Requests with
    several ranges, with a malformed range, or whose ``If-Range`` does not
    match the file get the whole file.

    Precompressed files: for a file ``app.css`` in an exported directory,
    the siblings ``app.css.br`` and ``app.css.gz`` are sent instead when the
    client's ``Accept-Encoding`` accepts ``br`` or ``gzip`` (a coding with
    ``q=0`` is refused; between equal preferences ``br`` wins), with
    ``Content-Encoding``, an entity tag of their own and ``Vary:
    Accept-Encoding``, which is also sent with the uncompressed file when
    such a sibling exists. Whether siblings exist is checked at most once a
    second per file; the sibling itself is looked at whenever it is sent.

    The body is handed to the server's ``wsgi.file_wrapper`` when it offers
    one (which can send it with ``sendfile``), and is otherwise read in
    chunks of 64 KiB; a file up to that size is read at once. The file is
    closed when the server closes the response.

    The content type, entity tag and dates of a file are cached and
    computed again when its modification time, size or inode change; each
    request still looks at the file with one ``stat``.

    :param app: the application that gets every request not answered
        here. To answer those with 404, pass a
        :exc:`~rostzeug.exceptions.NotFound` instance.
    :param exports: where each export is mounted and what it serves, as a
        dict or a list of pairs: ``{"/static": "/path/to/dir"}``. A value is
        a directory, a single file (both ``str`` or path-like) or a
        ``(package, path)`` tuple.
    :param disallow: :func:`~fnmatch.fnmatch` patterns, as one string or a
        list of them: files whose name (its last segment, as
        :meth:`is_allowed` is given) matches one are not served. Case is
        ignored on Windows.
    :param cache: whether to send caching headers and answer conditional
        requests with 304.
    :param cache_timeout: how many seconds clients may cache a file.
    :param fallback_mimetype: the content type of files whose type
        :mod:`mimetypes` cannot tell. Werkzeug's early documentation gave
        ``text/plain`` here; the default is ``application/octet-stream``,
        as in Werkzeug 3.1.
    :raise TypeError: if an export's value is of none of the types above.
    :raise ModuleNotFoundError: if an exported package does not exist.
    """

    def __init__(
        self,
        app: WSGIApplication,
        exports: (
            cabc.Mapping[str, str | os.PathLike[str] | tuple[str, str]]
            | t.Iterable[tuple[str, str | os.PathLike[str] | tuple[str, str]]]
        ),
        disallow: str | t.Iterable[str] | None = None,
        cache: bool = True,
        cache_timeout: int = 60 * 60 * 12,
        fallback_mimetype: str = "application/octet-stream",
    ) -> None:
        self.app = app
        #: The exports in the order they are tried: (mount path, loader).
        self.exports: list[tuple[str, _TLoader]] = []
        self.fallback_mimetype = fallback_mimetype
        self.cache_timeout = cache_timeout
        self.cache = cache

        pairs = exports.items() if isinstance(exports, cabc.Mapping) else exports
        self.exports.extend(
            (mount, self._make_loader(mount, source)) for mount, source in pairs
        )

        self._disallowed: re.Pattern[str] | None = None
        if disallow is not None:
            patterns = [disallow] if isinstance(disallow, str) else list(disallow)
            if patterns:
                self._disallowed = re.compile(
                    "|".join(
                        f"(?:{fnmatch.translate(os.path.normcase(p))})"
                        for p in patterns
                    )
                )

        self._representations: dict[str, _Representation] = {}
        self._compressed_representations: dict[str, _Representation] = {}
        self._accept_encodings: dict[str, dict[str, float]] = {}
        self._held_files: dict[str, _HeldFile] = {}
        # (second, timeout, Date, Expires, Cache-Control), renewed each second.
        self._clock_values: tuple[int, int, str, str, str] = (-1, -1, "", "", "")

    def _make_loader(
        self, mount: str, source: str | os.PathLike[str] | tuple[str, str]
    ) -> _TLoader:
        # A tuple names a package resource; a path is a single file or a
        # directory, told apart when the middleware is created.
        if isinstance(source, tuple):
            return self.get_package_loader(*source)
        if not isinstance(source, (str, os.PathLike)):
            raise TypeError(
                f"cannot export {source!r} at {mount!r}: expected a path to a"
                " directory or file, or a (package, path) tuple"
            )
        location = os.fspath(source)
        if os.path.isfile(location):
            return self.get_file_loader(location)
        return self.get_directory_loader(location)

    def is_allowed(self, filename: str) -> bool:
        """Whether the file may be served, from its name (the last segment
        of its path). Applies the ``disallow`` patterns; override it for
        other rules, the patterns are then not applied unless the override
        calls this.

        :param filename: the file's name, such as ``"app.css"``.
        """
        rules = self._disallowed
        return rules is None or rules.match(os.path.normcase(filename)) is None

    def get_file_loader(self, filename: str) -> _TLoader:
        """Returns the loader of a single exported file: it answers the
        export's exact path (``None``) and nothing below it.

        :param filename: the file's path.
        """
        name = os.path.basename(filename)

        def loader(path: str | None) -> tuple[str | None, _TOpener | None]:
            if path is not None:
                return None, None
            try:
                st = os.stat(filename)
            except (OSError, ValueError):
                return None, None
            if not stat.S_ISREG(st.st_mode):
                return None, None
            return name, _DiskFile(filename, st, None, False)

        return loader

    def get_package_loader(self, package: str, package_path: str) -> _TLoader:
        """Returns the loader of the data files of ``package`` in its folder
        ``package_path``, found through :mod:`importlib.resources`. A
        package on disk is served like an exported directory; one in a zip
        file (or from another loader) is read into memory, and its
        modification time is when this loader was made.

        :param package: the dotted name of the package; it is imported.
        :param package_path: the folder inside the package, ``/``-separated.
        :raise ModuleNotFoundError: if the package does not exist.
        """
        root = importlib.resources.files(package)
        if isinstance(root, pathlib.Path):
            directory = safe_join(str(root), package_path)
            if directory is None:
                raise ValueError(
                    f"the package path {package_path!r} must be relative and"
                    f" stay inside the package {package!r}"
                )
            return self.get_directory_loader(directory)
        return self._traversable_loader(root, package_path)

    def _traversable_loader(
        self, root: importlib.resources.abc.Traversable, package_path: str
    ) -> _TLoader:
        load_time = datetime.now(UTC)

        def loader(path: str | None) -> tuple[str | None, _TOpener | None]:
            if path is None:
                return None, None
            joined = _untrusted_join(package_path, path)
            if joined is None:
                return None, None
            target = root
            for part in joined.split("/"):
                if part and part != ".":
                    target = target.joinpath(part)
            try:
                if not target.is_file():
                    return None, None
            except OSError:
                return None, None

            def opener() -> tuple[t.IO[bytes], datetime, int]:
                data = target.read_bytes()
                return BytesIO(data), load_time, len(data)

            return posixpath.basename(joined), opener

        return loader

    def get_directory_loader(self, directory: str) -> _TLoader:
        """Returns the loader of the files in ``directory`` and below it.
        A path is joined with :func:`~rostzeug.security.safe_join` and a few
        more checks, and only a regular file is found; whether it resolves
        inside the directory is checked before it is served.

        :param directory: the exported directory; a relative path is made
            absolute now.
        """
        directory = os.path.abspath(directory)
        joined_paths: dict[str, tuple[str, str] | None] = {}

        def loader(path: str | None) -> tuple[str | None, _TOpener | None]:
            if path is None:
                full, name = directory, os.path.basename(directory)
            else:
                # The join depends on the string only, so it is remembered.
                try:
                    found = joined_paths[path]
                except KeyError:
                    joined = _untrusted_join(directory, path)
                    found = (
                        None if joined is None else (joined, posixpath.basename(joined))
                    )
                    if len(joined_paths) >= _CACHE_LIMIT:
                        joined_paths.clear()
                    joined_paths[path] = found
                if found is None:
                    return None, None
                full, name = found
            try:
                st = os.stat(full)
            except (OSError, ValueError):
                return None, None
            if not stat.S_ISREG(st.st_mode):
                return None, None
            return name, _DiskFile(full, st, directory, True)

        return loader

    def generate_etag(self, mtime: datetime, file_size: int, real_filename: str) -> str:
        """Returns the entity tag of a file, without quotes. Override it to
        tag files differently; precompressed siblings get the tag of their
        own time and size with ``-br`` or ``-gzip`` appended.

        :param mtime: when the file was last modified.
        :param file_size: its size in bytes.
        :param real_filename: its name.
        """
        checksum = zlib.adler32(os.fsencode(real_filename)) & 0xFFFFFFFF
        microseconds = round(mtime.timestamp() * 1_000_000)
        return f"{microseconds:x}-{file_size:x}-{checksum:08x}"

    def __call__(
        self, environ: WSGIEnvironment, start_response: StartResponse
    ) -> t.Iterable[bytes]:
        method = environ.get("REQUEST_METHOD", "GET")
        if method != "GET" and method != "HEAD":
            return self.app(environ, start_response)

        path = environ.get("PATH_INFO", "")
        if not path.isascii():
            # Servers pass the URL's bytes as latin-1; names are UTF-8.
            try:
                path = path.encode("latin1").decode("utf-8", "replace")
            except UnicodeEncodeError:
                return self.app(environ, start_response)

        for mount, loader in self.exports:
            if path == mount:
                name, opener = loader(None)
                if opener is not None:
                    break
            below = mount if mount.endswith("/") else mount + "/"
            if path.startswith(below):
                name, opener = loader(path[len(below) :])
                if opener is not None:
                    break
        else:
            return self.app(environ, start_response)

        if name is None or not self.is_allowed(name):
            return self.app(environ, start_response)
        if type(opener) is _DiskFile:
            return self._serve_disk_file(environ, start_response, method, name, opener)
        return self._serve_opened(environ, start_response, method, name, opener)

    # -- files on disk -------------------------------------------------------

    def _serve_disk_file(
        self,
        environ: WSGIEnvironment,
        start_response: StartResponse,
        method: str,
        name: str,
        disk_file: _DiskFile,
    ) -> t.Iterable[bytes]:
        path = disk_file.path
        st = disk_file.stat
        rep = self._representations.get(path)
        if (
            rep is None
            or rep.signature != _signature(st)
            or rep.root != disk_file.root
            or rep.name != name
        ):
            rep = self._describe(path, name, st, disk_file.root)
            if rep is None:
                return self.app(environ, start_response)
            self._remember(self._representations, path, rep)

        vary = False
        if disk_file.precompressed:
            clock = self._clock()
            if rep.siblings_checked != clock[0]:
                rep.siblings = tuple(
                    coding
                    for coding, suffix in PRECOMPRESSED
                    if os.access(path + suffix, os.F_OK)
                )
                rep.siblings_checked = clock[0]
            if rep.siblings:
                vary = True
                accept = environ.get("HTTP_ACCEPT_ENCODING")
                if accept:
                    coding = self._preferred_coding(accept, rep.siblings)
                    if coding is not None:
                        compressed = self._compressed(rep, coding)
                        if compressed is not None:
                            rep = compressed
        return self._respond(environ, start_response, method, rep, vary, None)

    def _compressed(self, rep: _Representation, coding: str) -> _Representation | None:
        """The representation of the ``coding`` sibling of a file, or None
        if it is gone (the siblings are then looked for again)."""
        assert rep.path is not None
        path = rep.path + dict(PRECOMPRESSED)[coding]
        try:
            st = os.stat(path)
        except (OSError, ValueError):
            st = None
        if st is None or not stat.S_ISREG(st.st_mode):
            rep.siblings_checked = -1
            return None
        cache = self._compressed_representations
        compressed = cache.get(path)
        if (
            compressed is None
            or compressed.signature != _signature(st)
            or compressed.root != rep.root
        ):
            compressed = self._describe(path, rep.name, st, rep.root, coding)
            if compressed is None:
                return None
            self._remember(cache, path, compressed)
        return compressed

    def _describe(
        self,
        path: str,
        name: str,
        st: os.stat_result,
        root: str | None,
        coding: str | None = None,
    ) -> _Representation | None:
        """Computes the representation of a file on disk, or returns None
        if it resolves outside ``root``."""
        if root is not None and not _resolves_inside(path, root, st):
            return None
        rep = self._representation(
            name,
            datetime.fromtimestamp(st.st_mtime, tz=UTC),
            st.st_size,
            coding,
        )
        rep.path = path
        rep.root = root
        rep.signature = _signature(st)
        return rep

    @staticmethod
    def _remember(
        cache: dict[str, _Representation], path: str, rep: _Representation
    ) -> None:
        if len(cache) >= _CACHE_LIMIT:
            cache.clear()
        cache[path] = rep

    # -- any file --------------------------------------------------------------

    def _serve_opened(
        self,
        environ: WSGIEnvironment,
        start_response: StartResponse,
        method: str,
        name: str,
        opener: _TOpener,
    ) -> t.Iterable[bytes]:
        file, mtime, size = opener()
        try:
            rep = self._representation(name, mtime, size, None)
            seekable = getattr(file, "seekable", None)
            rep.ranges = bool(seekable is not None and seekable())
        except BaseException:
            file.close()
            raise
        return self._respond(environ, start_response, method, rep, False, file)

    def _representation(
        self, name: str, mtime: datetime, size: int, coding: str | None
    ) -> _Representation:
        rep = _Representation()
        rep.path = None
        rep.root = None
        rep.signature = None
        rep.name = name
        rep.encoding = coding
        rep.size = size
        rep.length = str(size)
        rep.mtime = int(mtime.timestamp())
        rep.last_modified = http_date(rep.mtime)
        etag = self.generate_etag(mtime, size, name)
        rep.etag = quote_etag(etag if coding is None else f"{etag}-{coding}")
        rep.content_type = self._content_type(name)
        rep.ranges = True
        rep.siblings = ()
        rep.siblings_checked = -1
        return rep

    def _content_type(self, name: str) -> str:
        mimetype, encoding = mimetypes.guess_type(name)
        if encoding is not None:
            mimetype = _COMPRESSED_FILE_TYPES.get(encoding)
        return get_content_type(mimetype or self.fallback_mimetype, "utf-8")

    def _clock(self) -> tuple[int, int, str, str, str]:
        """The date headers of this second and the ``Cache-Control`` value."""
        second = int(time())
        timeout = self.cache_timeout
        values = self._clock_values
        if values[0] != second or values[1] != timeout:
            values = (
                second,
                timeout,
                http_date(second),
                http_date(second + timeout),
                f"max-age={timeout}, public",
            )
            self._clock_values = values
        return values

    def _preferred_coding(self, accept: str, available: tuple[str, ...]) -> str | None:
        """The coding of ``available`` the ``Accept-Encoding`` header prefers,
        or None for the file as it is."""
        qualities = self._accept_encodings.get(accept)
        if qualities is None:
            qualities = {}
            for value, quality in parse_accept_header(accept):
                qualities.setdefault(value.lower(), quality)
            if "x-gzip" in qualities:
                qualities.setdefault("gzip", qualities["x-gzip"])
            if len(self._accept_encodings) >= _MEMO_LIMIT:
                self._accept_encodings.clear()
            self._accept_encodings[accept] = qualities
        anything = qualities.get("*", 0.0)
        best, best_quality = None, 0.0
        for coding in available:
            quality = qualities.get(coding, anything)
            if quality > best_quality:
                best, best_quality = coding, quality
        if best is not None and qualities.get("identity", 0.0) > best_quality:
            return None
        return best

    def _not_modified(self, environ: WSGIEnvironment, rep: _Representation) -> bool:
        if_none_match = environ.get("HTTP_IF_NONE_MATCH")
        if if_none_match is not None:
            return if_none_match == rep.etag or parse_etags(
                if_none_match
            ).contains_weak(unquote_etag(rep.etag)[0])
        if_modified_since = environ.get("HTTP_IF_MODIFIED_SINCE")
        if if_modified_since is None:
            return False
        if if_modified_since == rep.last_modified:
            return True
        since = parse_date(if_modified_since)
        return since is not None and rep.mtime <= since.timestamp()

    def _byte_range(
        self, environ: WSGIEnvironment, rep: _Representation
    ) -> tuple[int, int] | None:
        """The ``(start, stop)`` of the range to send, ``(size, size)`` for
        an unsatisfiable one, or None for the whole file."""
        header = environ.get("HTTP_RANGE")
        if header is None or not rep.ranges or rep.size == 0:
            return None
        if_range = environ.get("HTTP_IF_RANGE")
        if if_range is not None and not self._if_range_matches(if_range, rep):
            return None
        requested = parse_range_header(header)
        if (
            requested is None
            or requested.units != "bytes"
            or len(requested.ranges) != 1
        ):
            return None
        start, stop = requested.ranges[0]
        size = rep.size
        if start < 0:
            # A suffix longer than the file means all of it.
            start, stop = max(size + start, 0), size
        elif stop is None or stop > size:
            stop = size
        if start >= size:
            return size, size
        return start, stop

    def _if_range_matches(self, if_range: str, rep: _Representation) -> bool:
        # Without caching the client got no validator to send back; a weak
        # tag never matches (a range needs the exact same bytes).
        if not self.cache or if_range.startswith("W/"):
            return False
        if if_range.startswith('"'):
            return if_range == rep.etag
        if if_range == rep.last_modified:
            return True
        date = parse_date(if_range)
        return date is not None and date.timestamp() == rep.mtime

    def _headers(
        self,
        rep: _Representation,
        clock: tuple[int, int, str, str, str],
        vary: bool,
        length: str,
    ) -> list[tuple[str, str]]:
        if self.cache:
            headers = [
                ("Date", clock[2]),
                ("ETag", rep.etag),
                ("Last-Modified", rep.last_modified),
                ("Cache-Control", clock[4]),
                ("Expires", clock[3]),
                ("Content-Type", rep.content_type),
                ("Content-Length", length),
            ]
        else:
            headers = [
                ("Date", clock[2]),
                ("Content-Type", rep.content_type),
                ("Content-Length", length),
            ]
        if rep.ranges:
            headers.append(_ACCEPT_RANGES)
        if rep.encoding is not None:
            headers.append(("Content-Encoding", rep.encoding))
        if vary:
            headers.append(_VARY)
        return headers

    def _respond(
        self,
        environ: WSGIEnvironment,
        start_response: StartResponse,
        method: str,
        rep: _Representation,
        vary: bool,
        file: t.IO[bytes] | None,
    ) -> t.Iterable[bytes]:
        """Answers with ``rep``: from ``file`` if given (it is closed when
        not needed), else from the file on disk at ``rep.path``."""
        clock = self._clock()
        if self.cache and self._not_modified(environ, rep):
            if file is not None:
                file.close()
            headers = [
                ("Date", clock[2]),
                ("ETag", rep.etag),
                ("Cache-Control", clock[4]),
                ("Expires", clock[3]),
            ]
            if vary:
                headers.append(_VARY)
            start_response("304 Not Modified", headers)
            return _Body()

        if method == "HEAD":
            if file is not None:
                file.close()
            start_response("200 OK", self._headers(rep, clock, vary, rep.length))
            return _Body()

        if file is not None:
            return self._send(environ, start_response, rep, vary, clock, file)

        # A small file is read with pread from a descriptor kept open for
        # it, which saves opening it for every request.
        if _HAS_PREAD and rep.size <= CHUNK_SIZE and "wsgi.file_wrapper" not in environ:
            held = self._held_files.get(rep.path)  # type: ignore[arg-type]
            if held is None or held.signature != rep.signature:
                opened = self._open(rep)
                if opened is None:
                    return self.app(environ, start_response)
                fd, rep = opened
                held = _HeldFile(fd, rep.signature)  # type: ignore[arg-type]
                if rep.size <= CHUNK_SIZE:
                    if len(self._held_files) >= _HELD_FILES_LIMIT:
                        self._held_files.clear()
                    self._held_files[rep.path] = held  # type: ignore[index]
            byte_range = (
                self._byte_range(environ, rep) if "HTTP_RANGE" in environ else None
            )
            if byte_range is None:
                start, length = 0, rep.size
                status = "200 OK"
                headers = self._headers(rep, clock, vary, rep.length)
            elif byte_range[0] == rep.size:
                return self._unsatisfiable(start_response, rep, vary, clock)
            else:
                start, length = byte_range[0], byte_range[1] - byte_range[0]
                status = "206 Partial Content"
                headers = self._partial_headers(rep, clock, vary, byte_range)
            data = os.pread(held.fd, length, start)
            start_response(status, headers)
            return _Body((data,))

        opened = self._open(rep)
        if opened is None:
            return self.app(environ, start_response)
        fd, rep = opened
        return self._send(
            environ, start_response, rep, vary, clock, open(fd, "rb", buffering=0)
        )

    def _open(self, rep: _Representation) -> tuple[int, _Representation] | None:
        """Opens the file of ``rep`` and returns the descriptor with the
        representation of what was opened: ``rep``, or a new one if the
        file was replaced since it was looked at. None if it is gone or no
        longer to be served."""
        assert rep.path is not None
        try:
            fd = os.open(rep.path, _OPEN_FLAGS)
        except OSError:
            return None
        try:
            st = os.fstat(fd)
            if rep.signature != _signature(st):
                changed = None
                if stat.S_ISREG(st.st_mode):
                    changed = self._describe(
                        rep.path, rep.name, st, rep.root, rep.encoding
                    )
                if changed is None:
                    os.close(fd)
                    return None
                rep = changed
        except BaseException:
            os.close(fd)
            raise
        return fd, rep

    def _unsatisfiable(
        self,
        start_response: StartResponse,
        rep: _Representation,
        vary: bool,
        clock: tuple[int, int, str, str, str],
    ) -> t.Iterable[bytes]:
        headers = [
            ("Date", clock[2]),
            ("Content-Range", f"bytes */{rep.size}"),
            ("Content-Length", "0"),
        ]
        if vary:
            headers.append(_VARY)
        start_response("416 Range Not Satisfiable", headers)
        return _Body()

    def _partial_headers(
        self,
        rep: _Representation,
        clock: tuple[int, int, str, str, str],
        vary: bool,
        byte_range: tuple[int, int],
    ) -> list[tuple[str, str]]:
        start, stop = byte_range
        headers = self._headers(rep, clock, vary, str(stop - start))
        headers.append(("Content-Range", f"bytes {start}-{stop - 1}/{rep.size}"))
        return headers

    def _send(
        self,
        environ: WSGIEnvironment,
        start_response: StartResponse,
        rep: _Representation,
        vary: bool,
        clock: tuple[int, int, str, str, str],
        file: t.IO[bytes],
    ) -> t.Iterable[bytes]:
        """Answers a ``GET`` with the whole file or a range of it, read from
        ``file``, which the response closes."""
        try:
            byte_range = (
                self._byte_range(environ, rep) if "HTTP_RANGE" in environ else None
            )
            if byte_range is None:
                file_wrapper = environ.get("wsgi.file_wrapper")
                body: t.Iterable[bytes] = (
                    _FileBody(file, rep.size)
                    if file_wrapper is None
                    else file_wrapper(file, CHUNK_SIZE)
                )
                start_response("200 OK", self._headers(rep, clock, vary, rep.length))
                return body
            if byte_range[0] == rep.size:
                file.close()
                return self._unsatisfiable(start_response, rep, vary, clock)
            # The server's file wrapper may send the whole file: not used here.
            file.seek(byte_range[0])
            body = _FileBody(file, byte_range[1] - byte_range[0])
            start_response(
                "206 Partial Content",
                self._partial_headers(rep, clock, vary, byte_range),
            )
            return body
        except BaseException:
            file.close()
            raise
