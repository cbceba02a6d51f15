"""Parsing of form data: ``application/x-www-form-urlencoded`` and
``multipart/form-data`` request bodies.

:func:`parse_form_data` parses the body of a WSGI environ;
:class:`FormDataParser` does the same for a given stream and can be
subclassed, and :class:`MultiPartParser` parses a ``multipart/form-data``
body alone.

Both formats are parsed by the native core. A multipart body is read in
chunks (of 64 KiB, or 512 KiB for a body of 1 MiB or more): form fields
become :class:`str` values as each part ends, and the data of uploaded files
goes straight into the stream the stream factory returns, so a large upload
never sits in memory as a whole.
"""

from __future__ import annotations

import typing as t
from io import BytesIO
from tempfile import SpooledTemporaryFile
from tempfile import TemporaryFile

from . import _native
from .datastructures import FileStorage
from .datastructures import Headers
from .datastructures import MultiDict
from .datastructures.file_storage import _plain_int
from .http import parse_options_header
from .sansio.multipart import _MAX_PART_HEADER_LINES
from .sansio.multipart import _MAX_PART_HEADER_SIZE
from .sansio.multipart import File
from .wsgi import get_content_length
from .wsgi import get_input_stream

if t.TYPE_CHECKING:
    from _typeshed.wsgi import WSGIEnvironment

    t_parse_result = tuple[
        t.IO[bytes], MultiDict[str, str], MultiDict[str, FileStorage]
    ]

    class TStreamFactory(t.Protocol):
        def __call__(
            self,
            total_content_length: int | None,
            content_type: str | None,
            filename: str | None,
            content_length: int | None = None,
        ) -> t.IO[bytes]: ...


__all__ = [
    "FormDataParser",
    "MultiPartParser",
    "default_stream_factory",
    "parse_form_data",
]

#: Uploads up to this size stay in memory with the default stream factory.
_SPOOL_MAX_SIZE = 500 * 1024

#: How many bytes :class:`MultiPartParser` reads at a time by default.
_DEFAULT_BUFFER_SIZE = 64 * 1024

#: Multipart bodies of at least this size (by ``Content-Length``) are read
#: in chunks of :data:`_LARGE_BODY_BUFFER_SIZE` by :class:`FormDataParser`.
_LARGE_BODY = 1024 * 1024

#: The read size for large bodies: the data of uploaded files is written
#: in pieces of this size, which the kernel takes faster than 64 KiB
#: writes, while the chunks still fit in a CPU cache. A few chunks are held
#: at a time, so memory stays bounded whatever the size of the body.
_LARGE_BODY_BUFFER_SIZE = 512 * 1024


def default_stream_factory(
    total_content_length: int | None,
    content_type: str | None,
    filename: str | None,
    content_length: int | None = None,
) -> t.IO[bytes]:
    """Returns the stream an uploaded file is written to: a
    :class:`~tempfile.SpooledTemporaryFile` that keeps up to 500 kB in
    memory and moves to a temporary file on disk beyond that.

    Where :class:`~tempfile.SpooledTemporaryFile` is not available (the
    module attribute is None), a body of up to 500 kB is kept in a
    :class:`~io.BytesIO` and a larger one (or one of unknown length) goes to
    a :func:`~tempfile.TemporaryFile`.

    :param total_content_length: The length of the whole request body, if
        known.
    :param content_type: The ``Content-Type`` of the file's part.
    :param filename: The file name the client sent.
    :param content_length: The ``Content-Length`` of the file's part, which
        clients rarely send (0 when missing).
    """
    # Looked up on each call, so that replacing the module attribute (as
    # tests do) takes effect.
    spooled_class = SpooledTemporaryFile
    if spooled_class is not None:
        return t.cast(t.IO[bytes], spooled_class(max_size=_SPOOL_MAX_SIZE, mode="rb+"))
    if total_content_length is None or total_content_length > _SPOOL_MAX_SIZE:
        return t.cast(t.IO[bytes], TemporaryFile("rb+"))
    return BytesIO()


def _dict_class(
    cls: type[MultiDict[str, t.Any]] | None,
) -> type[MultiDict[str, t.Any]]:
    """The dict class to build results with; MultiDict unless given."""
    return MultiDict if cls is None else cls


def parse_form_data(
    environ: WSGIEnvironment,
    stream_factory: TStreamFactory | None = None,
    max_form_memory_size: int | None = None,
    max_content_length: int | None = None,
    cls: type[MultiDict[str, t.Any]] | None = None,
    silent: bool = True,
    *,
    max_form_parts: int | None = None,
) -> t_parse_result:
    """Parses the form data in the body of a WSGI environ and returns
    ``(stream, form, files)``.

    ``multipart/form-data`` fills ``form`` and ``files`` (with
    :class:`~rostzeug.datastructures.FileStorage` values);
    ``application/x-www-form-urlencoded`` fills ``form``. For these two the
    returned stream has been read to its end. For any other content type
    both dicts are empty and the stream is returned unread.

    A shortcut for :meth:`FormDataParser.parse_from_environ`; see
    :class:`FormDataParser` for the parameters.

    :param environ: The WSGI environ of the request.
    :return: ``(stream, form, files)``.
    :raise ~rostzeug.exceptions.RequestEntityTooLarge: When a limit is
        exceeded.
    :raise ValueError: When the body is malformed and ``silent`` is false.
    """
    parser = FormDataParser(
        stream_factory,
        max_form_memory_size,
        max_content_length,
        cls,
        silent,
        max_form_parts=max_form_parts,
    )
    return parser.parse_from_environ(environ)


class FormDataParser:
    """Parses ``multipart/form-data`` and
    ``application/x-www-form-urlencoded`` bodies into form fields and
    uploaded files. Other content types are left alone.

    Subclass it to support more content types (override
    :meth:`get_parse_func`) or to change how a format is parsed.

    :param stream_factory: Returns the writable, seekable stream each
        uploaded file is written to; called as :func:`default_stream_factory`
        (the default) is.
    :param max_form_memory_size: The largest size, in bytes, of the value of
        a ``multipart/form-data`` field that is not a file, and of the header
        section of each part. Larger raises
        :exc:`~rostzeug.exceptions.RequestEntityTooLarge`. Files do not count:
        they go to the stream factory's streams. Not applied to
        ``application/x-www-form-urlencoded`` bodies, which
        ``max_content_length`` bounds.
    :param max_content_length: The largest body, in bytes, that
        :meth:`parse_from_environ` reads; a larger one raises
        :exc:`~rostzeug.exceptions.RequestEntityTooLarge`. :meth:`parse`
        expects a stream that is limited already, as
        :func:`~rostzeug.wsgi.get_input_stream` returns.
    :param cls: The dict class of ``form`` and ``files``;
        :class:`~rostzeug.datastructures.MultiDict` by default.
    :param silent: Return empty ``form`` and ``files`` for a malformed body
        instead of raising :exc:`ValueError`.
    :param max_form_parts: The most parts a ``multipart/form-data`` body may
        have; more raises :exc:`~rostzeug.exceptions.RequestEntityTooLarge`.
        Not applied to ``application/x-www-form-urlencoded`` bodies.

    Three attributes harden ``multipart/form-data`` parsing beyond Werkzeug;
    set them on an instance or a subclass (and use the subclass as
    :attr:`~rostzeug.wrappers.Request.form_data_parser_class`) to change
    them. They are passed on to :class:`MultiPartParser`.

    .. versionadded:: 0.1
        :attr:`max_part_header_size`, :attr:`max_part_header_lines` and
        :attr:`limit_outer_data`.
    """

    #: The largest header section of one part, in bytes (16 KiB); a larger
    #: one raises :exc:`~rostzeug.exceptions.RequestEntityTooLarge`. The
    #: section is also limited by ``max_form_memory_size``. None leaves only
    #: that limit, as in Werkzeug, which holds any header section in memory.
    max_part_header_size: int | None = _MAX_PART_HEADER_SIZE
    #: The most header lines of one part (64); more raises
    #: :exc:`~rostzeug.exceptions.RequestEntityTooLarge`. None for no limit,
    #: as in Werkzeug.
    max_part_header_lines: int | None = _MAX_PART_HEADER_LINES
    #: Whether the bytes before the first boundary and those after the
    #: closing one count against ``max_form_memory_size``, each, as in
    #: Werkzeug, where more raises
    #: :exc:`~rostzeug.exceptions.RequestEntityTooLarge`. False by default:
    #: forms never use them, so they are skipped as they arrive, at no
    #: memory cost, whatever their size. They are never kept in memory.
    limit_outer_data: bool = False

    def __init__(
        self,
        stream_factory: TStreamFactory | None = None,
        max_form_memory_size: int | None = None,
        max_content_length: int | None = None,
        cls: type[MultiDict[str, t.Any]] | None = None,
        silent: bool = True,
        *,
        max_form_parts: int | None = None,
    ) -> None:
        self.stream_factory = stream_factory or default_stream_factory
        self.cls = _dict_class(cls)
        self.silent = silent
        # Limits; None means unlimited.
        self.max_content_length = max_content_length
        self.max_form_memory_size = max_form_memory_size
        self.max_form_parts = max_form_parts

    def parse_from_environ(self, environ: WSGIEnvironment) -> t_parse_result:
        """Parses the body of a WSGI environ, limited to
        ``max_content_length``, by its ``Content-Type``.

        :param environ: The WSGI environ of the request.
        :return: ``(stream, form, files)``.
        """
        body = get_input_stream(environ, max_content_length=self.max_content_length)
        kind, params = parse_options_header(environ.get("CONTENT_TYPE"))
        return self.parse(body, kind, get_content_length(environ), params)

    def get_parse_func(
        self, mimetype: str, options: dict[str, str]
    ) -> (
        t.Callable[[t.IO[bytes], str, int | None, dict[str, str]], t_parse_result]
        | None
    ):
        """Returns the method that parses a body of ``mimetype``, or None
        when this parser does not handle it. Only the exact lowercase
        mimetypes ``multipart/form-data`` and
        ``application/x-www-form-urlencoded`` are handled.

        :param mimetype: The mimetype of the body.
        :param options: The parameters of the ``Content-Type``.
        """
        if mimetype == "multipart/form-data":
            return self._parse_multipart
        if mimetype == "application/x-www-form-urlencoded":
            return self._parse_urlencoded
        return None

    def parse(
        self,
        stream: t.IO[bytes],
        mimetype: str,
        content_length: int | None,
        options: dict[str, str] | None = None,
    ) -> t_parse_result:
        """Parses a body of ``mimetype`` from ``stream``.

        :param stream: The body, limited to its length as
            :func:`~rostzeug.wsgi.get_input_stream` limits it.
        :param mimetype: The mimetype of the body.
        :param content_length: The length of the body, if known; passed to
            the stream factory.
        :param options: The parameters of the ``Content-Type``, such as the
            multipart ``boundary``.
        :return: ``(stream, form, files)``; empty dicts, with the stream
            unread, for a mimetype that is not handled.
        :raise ValueError: When the body is malformed and ``silent`` is
            false.
        """
        params = {} if options is None else options
        handler = self.get_parse_func(mimetype, params)
        if handler is None:
            return stream, self.cls(), self.cls()
        try:
            return handler(stream, mimetype, content_length, params)
        except ValueError:
            # Silent mode: a malformed body reads as an empty form.
            if self.silent:
                return stream, self.cls(), self.cls()
            raise

    def _parse_multipart(
        self,
        stream: t.IO[bytes],
        mimetype: str,
        content_length: int | None,
        options: dict[str, str],
    ) -> t_parse_result:
        boundary = options.get("boundary", "")
        if not boundary:
            raise ValueError(
                "Missing boundary: a multipart/form-data Content-Type needs a"
                " 'boundary' parameter"
            )
        large = content_length is not None and content_length >= _LARGE_BODY
        multipart = MultiPartParser(
            self.stream_factory,
            self.max_form_memory_size,
            self.cls,
            buffer_size=_LARGE_BODY_BUFFER_SIZE if large else _DEFAULT_BUFFER_SIZE,
            max_form_parts=self.max_form_parts,
        )
        multipart.max_part_header_size = self.max_part_header_size
        multipart.max_part_header_lines = self.max_part_header_lines
        multipart.limit_outer_data = self.limit_outer_data
        form, files = multipart.parse(stream, boundary.encode("ascii"), content_length)
        return stream, form, files

    def _parse_urlencoded(
        self,
        stream: t.IO[bytes],
        mimetype: str,
        content_length: int | None,
        options: dict[str, str],
    ) -> t_parse_result:
        # The whole body is read at once, so only the stream's limit
        # (max_content_length) bounds it: max_form_memory_size and
        # max_form_parts do not apply here. A body that is not UTF-8 raises
        # UnicodeDecodeError, a ValueError.
        data = stream.read()
        return stream, _native.parse_query(data, self.cls), self.cls()


class MultiPartParser:
    """Parses a ``multipart/form-data`` body into form fields and uploaded
    files.

    :param stream_factory: Returns the stream each uploaded file is written
        to; :func:`default_stream_factory` by default.
    :param max_form_memory_size: The largest value of a field that is not a
        file, and the largest header section of a part, in bytes.
    :param cls: The dict class of the results;
        :class:`~rostzeug.datastructures.MultiDict` by default.
    :param buffer_size: How many bytes are read from the stream at a time.
    :param max_form_parts: The most parts the body may have.

    :attr:`max_part_header_size`, :attr:`max_part_header_lines` and
    :attr:`limit_outer_data` harden parsing beyond Werkzeug, as described on
    :class:`FormDataParser`; set them on an instance or a subclass.

    .. versionadded:: 0.1
        :attr:`max_part_header_size`, :attr:`max_part_header_lines` and
        :attr:`limit_outer_data`.
    """

    #: The largest header section of one part, in bytes; see
    #: :attr:`FormDataParser.max_part_header_size`.
    max_part_header_size: int | None = _MAX_PART_HEADER_SIZE
    #: The most header lines of one part; see
    #: :attr:`FormDataParser.max_part_header_lines`.
    max_part_header_lines: int | None = _MAX_PART_HEADER_LINES
    #: Whether the preamble and epilogue count against
    #: ``max_form_memory_size``; see :attr:`FormDataParser.limit_outer_data`.
    limit_outer_data: bool = False

    def __init__(
        self,
        stream_factory: TStreamFactory | None = None,
        max_form_memory_size: int | None = None,
        cls: type[MultiDict[str, t.Any]] | None = None,
        buffer_size: int = _DEFAULT_BUFFER_SIZE,
        max_form_parts: int | None = None,
    ) -> None:
        self.stream_factory = stream_factory or default_stream_factory
        self.cls = _dict_class(cls)
        self.buffer_size = buffer_size
        self.max_form_memory_size = max_form_memory_size
        self.max_form_parts = max_form_parts

    def fail(self, message: str) -> t.NoReturn:
        """Raises :exc:`ValueError` with ``message``."""
        raise ValueError(message)

    def get_part_charset(self, headers: Headers) -> str:
        """The charset of a part's ``Content-Type``, if it is ASCII, UTF-8 or
        ISO-8859-1 (what clients send); otherwise UTF-8. Field values are
        decoded with it, replacing bytes that do not decode."""
        content_type = headers.get("content-type")
        if content_type:
            charset = parse_options_header(content_type)[1].get("charset", "").lower()
            if charset in {"ascii", "us-ascii", "utf-8", "iso-8859-1"}:
                return charset
        return "utf-8"

    def start_file_streaming(
        self, event: File, total_content_length: int | None
    ) -> t.IO[bytes]:
        """Returns the stream from the stream factory that the data of the
        file part ``event`` is written to.

        :param event: The name, filename and headers of the file's part.
        :param total_content_length: The length of the whole body, if known.
        """
        try:
            content_length = _plain_int(event.headers["content-length"])
        except (KeyError, ValueError):
            content_length = 0
        return self.stream_factory(
            total_content_length=total_content_length,
            filename=event.filename,
            content_type=event.headers.get("content-type"),
            content_length=content_length,
        )

    def parse(
        self, stream: t.IO[bytes], boundary: bytes, content_length: int | None
    ) -> tuple[MultiDict[str, str], MultiDict[str, FileStorage]]:
        """Reads the body from ``stream`` to its end and returns ``(form,
        files)``.

        If parsing fails, the streams created for files so far are closed
        before the exception propagates.

        :param stream: The body, limited to its length.
        :param boundary: The ``boundary`` parameter of the ``Content-Type``.
        :param content_length: The length of the body, if known; passed to
            the stream factory.
        :raise ValueError: When the body is malformed or ends early.
        :raise ~rostzeug.exceptions.RequestEntityTooLarge: When a field or a
            part's headers exceed ``max_form_memory_size``, a part's headers
            exceed :attr:`max_part_header_size` or
            :attr:`max_part_header_lines`, the body has more than
            ``max_form_parts`` parts, or with :attr:`limit_outer_data`, the
            data before the first boundary or after the closing one exceeds
            ``max_form_memory_size``.
        """
        parser = _native.MultipartParser(
            boundary,
            self.max_form_memory_size,
            self.max_form_parts,
            self.buffer_size,
            max_part_header_size=self.max_part_header_size,
            max_part_header_lines=self.max_part_header_lines,
            max_outer_size=self.max_form_memory_size if self.limit_outer_data else None,
        )
        # Classes that store a dict of value lists (MultiDict and its
        # subclasses) take the fields grouped by the native parser.
        from_lists = getattr(self.cls, "_from_lists", None)
        fields: dict[str | None, list[str]] | list[tuple[str | None, str]]
        fields = {} if from_lists is not None else []
        # (name, filename, headers, stream) of each file part.
        files: list[tuple[str | None, str, Headers, t.IO[bytes]]] = []
        write: t.Callable[[bytes], object] | None = None
        read = stream.read
        read_size = parser.read_size
        try:
            while True:
                # At most buffer_size; inside a file, sized so that the file's
                # aligned writes can pass chunks on without copying them.
                chunk = read(read_size())
                if type(chunk) is not bytes:
                    # Streams may return other bytes-like objects.
                    chunk = bytes(chunk)
                # An empty read is the end of the body: the parser raises
                # ValueError then if the closing boundary is missing.
                parser.receive_data(chunk or None)
                while (started := parser.parse(fields, write)) is not None:
                    name, filename, header_items = started
                    headers = Headers(header_items)
                    container = self.start_file_streaming(
                        File(name=name, filename=filename, headers=headers),  # type: ignore[arg-type]
                        content_length,
                    )
                    files.append((name, filename, headers, container))
                    write = container.write
                if not chunk:
                    break
            storages = []
            for name, filename, headers, container in files:
                container.seek(0)
                storages.append(
                    (name, FileStorage(container, filename, name, headers=headers))
                )
        except BaseException:
            _close_all(container for *_, container in files)
            raise
        # A part without a name is kept under None, as Werkzeug keeps it.
        form = from_lists(fields) if from_lists is not None else self.cls(fields)  # type: ignore[arg-type]
        return form, self.cls(storages)  # type: ignore[arg-type]


def _close_all(streams: t.Iterable[t.IO[bytes]]) -> None:
    """Closes every stream, even when closing one fails; the error being
    handled is the one to report."""
    for stream in streams:
        try:
            stream.close()
        except Exception:
            pass
