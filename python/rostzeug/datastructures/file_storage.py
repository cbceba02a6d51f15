"""Uploaded files: :class:`FileStorage` and :class:`FileMultiDict`."""

from __future__ import annotations

import mimetypes
import os
import re
import typing as t
from collections.abc import Iterator
from io import BytesIO
from os import fsdecode
from os import fspath

from .headers import Headers
from .structures import MultiDict

_plain_int_re = re.compile(r"-?[0-9]+", re.ASCII)


def _plain_int(value: str) -> int:
    """Parses an integer of ASCII digits with an optional ``-``, as HTTP
    headers allow; :func:`int` would also take ``+``, ``_`` and non-ASCII
    digits. Surrounding spaces and tabs are ignored."""
    value = value.strip(" \t")
    if _plain_int_re.fullmatch(value) is None:
        raise ValueError(f"invalid integer {value!r}: expected ASCII digits")
    return int(value)


class FileStorage:
    """An uploaded file, as the request's ``files`` holds them: the stream
    of its data with the name, filename and headers of its form field.

    Attributes that it does not have itself are read from the stream, so
    ``storage.read()`` works like ``storage.stream.read()``.

    :param stream: the data; an empty stream when not given.
    :param filename: the file name the client sent; taken from the
        stream's ``name`` when not given (unless that is like ``<stdin>``).
    :param name: the name of the form field.
    :param content_type: sets the ``Content-Type`` header.
    :param content_length: sets the ``Content-Length`` header.
    :param headers: the headers of the part, if any.
    """

    def __init__(
        self,
        stream: t.IO[bytes] | None = None,
        filename: str | None = None,
        name: str | None = None,
        content_type: str | None = None,
        content_length: int | None = None,
        headers: Headers | None = None,
    ):
        self.name = name
        self.stream = stream or BytesIO()

        if filename is None:
            filename = getattr(stream, "name", None)
            if filename is not None:
                filename = fsdecode(filename)
            # Python names its special streams like "<stdin>": not file names.
            if filename and filename.startswith("<") and filename.endswith(">"):
                filename = None
        else:
            filename = fsdecode(filename)

        self.filename = filename

        if headers is None:
            headers = Headers()
        self.headers = headers
        if content_type is not None:
            headers["Content-Type"] = content_type
        if content_length is not None:
            headers["Content-Length"] = str(content_length)

    def _parse_content_type(self) -> None:
        if not hasattr(self, "_parsed_content_type"):
            from ..http import parse_options_header

            self._parsed_content_type = parse_options_header(self.content_type)

    @property
    def content_type(self) -> str | None:
        """The ``Content-Type`` header of the part, if the client sent one."""
        return self.headers.get("content-type")  # type: ignore[no-any-return]

    @property
    def content_length(self) -> int:
        """The ``Content-Length`` header of the part, or 0 when it is missing
        or invalid."""
        if "content-length" in self.headers:
            try:
                return _plain_int(self.headers["content-length"])
            except ValueError:
                pass
        return 0

    @property
    def mimetype(self) -> str:
        """The :attr:`content_type` without parameters, lower-cased:
        ``text/html`` for ``text/HTML; charset=utf-8``."""
        self._parse_content_type()
        return self._parsed_content_type[0].lower()  # type: ignore[no-any-return]

    @property
    def mimetype_params(self) -> dict[str, str]:
        """The parameters of the :attr:`content_type`:
        ``{'charset': 'utf-8'}`` for ``text/html; charset=utf-8``."""
        self._parse_content_type()
        return self._parsed_content_type[1]  # type: ignore[no-any-return]

    def save(
        self, dst: str | os.PathLike[str] | t.IO[bytes], buffer_size: int = 16384
    ) -> None:
        """Copies the data to a path or a binary file object. A file object
        is left open; the caller closes it. To make a safe file name from
        :attr:`filename`, see :func:`~rostzeug.utils.secure_filename`.

        :param dst: a path, or a file object open for binary writing.
        :param buffer_size: how many bytes to copy at a time.
        """
        from shutil import copyfileobj

        close_dst = False
        if hasattr(dst, "__fspath__"):
            dst = fspath(dst)
        if isinstance(dst, str):
            dst = open(dst, "wb")
            close_dst = True
        try:
            copyfileobj(self.stream, dst, buffer_size)
        finally:
            if close_dst:
                dst.close()  # type: ignore[union-attr]

    def close(self) -> None:
        """Closes the stream, ignoring errors."""
        try:
            self.stream.close()
        except Exception:
            pass

    def __bool__(self) -> bool:
        return bool(self.filename)

    def __getattr__(self, name: str) -> t.Any:
        if name == "stream":
            # Not set yet (during unpickling): do not look in the stream.
            raise AttributeError(name)
        try:
            return getattr(self.stream, name)
        except AttributeError:
            # SpooledTemporaryFile lacks some IOBase attributes on older
            # Pythons; its backing file has them.
            if hasattr(self.stream, "_file"):
                return getattr(self.stream._file, name)
            raise

    def __iter__(self) -> Iterator[bytes]:
        return iter(self.stream)

    def __repr__(self) -> str:
        return f"<{type(self).__name__}: {self.filename!r} ({self.content_type!r})>"


class FileMultiDict(MultiDict):
    """A :class:`MultiDict` of :class:`FileStorage` objects, with
    :meth:`add_file` to add files by path or file object; useful to build
    test requests."""

    def add_file(
        self,
        name: str,
        file: str | os.PathLike[str] | t.IO[bytes] | FileStorage,
        filename: str | None = None,
        content_type: str | None = None,
    ) -> None:
        """Adds a file under the field ``name``.

        :param name: the form field name.
        :param file: a path (opened for reading), a binary file object or a
            :class:`FileStorage`.
        :param filename: the file name to send; the path when not given.
        :param content_type: the content type; guessed from the file name
            when not given.
        """
        if isinstance(file, FileStorage):
            self.add(name, file)
            return

        if isinstance(file, (str, os.PathLike)):
            if filename is None:
                filename = os.fspath(file)
            file_obj: t.IO[bytes] = open(file, "rb")
        else:
            file_obj = file  # type: ignore[assignment]

        if filename and content_type is None:
            content_type = (
                mimetypes.guess_type(filename)[0] or "application/octet-stream"
            )

        self.add(name, FileStorage(file_obj, filename, name, content_type))
