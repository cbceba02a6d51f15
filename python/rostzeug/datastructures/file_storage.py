"""Uploaded files: :class:`FileStorage` and :class:`FileMultiDict`."""

from __future__ import annotations

import mimetypes
import os
import re
import typing as t
from collections.abc import Iterator
from contextlib import suppress
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


def _stream_file_name(stream: t.Any) -> str | None:
    """The file name a stream was opened with, if any."""
    opened_as = getattr(stream, "name", None)
    if opened_as is None:
        return None
    decoded = fsdecode(opened_as)
    # Python names its special streams like "<stdin>": not file names.
    if decoded[:1] == "<" and decoded[-1:] == ">":
        return None
    return decoded


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
    ) -> None:
        self.name = name
        self.stream = stream or BytesIO()
        self.filename = (
            _stream_file_name(stream) if filename is None else fsdecode(filename)
        )
        self.headers = Headers() if headers is None else headers
        # Explicit arguments override what the given headers say.
        for header, given in (
            ("Content-Type", content_type),
            ("Content-Length", content_length),
        ):
            if given is not None:
                self.headers[header] = str(given)

    def _content_type_parts(self) -> tuple[str, dict[str, str]]:
        # Parsed once, on first use; kept in the instance dict so the lookup
        # never falls through to the stream.
        parts = self.__dict__.get("_parsed_content_type")
        if parts is None:
            from ..http import parse_options_header

            parts = parse_options_header(self.content_type)
            self.__dict__["_parsed_content_type"] = parts
        return parts

    @property
    def content_type(self) -> str | None:
        """The ``Content-Type`` header of the part, if the client sent one."""
        return self.headers.get("content-type")

    @property
    def content_length(self) -> int:
        """The ``Content-Length`` header of the part, or 0 when it is missing
        or invalid."""
        declared = self.headers.get("content-length")
        if declared is None:
            return 0
        try:
            return _plain_int(declared)
        except ValueError:
            return 0

    @property
    def mimetype(self) -> str:
        """The :attr:`content_type` without parameters, lower-cased:
        ``text/html`` for ``text/HTML; charset=utf-8``."""
        return self._content_type_parts()[0].lower()

    @property
    def mimetype_params(self) -> dict[str, str]:
        """The parameters of the :attr:`content_type`:
        ``{'charset': 'utf-8'}`` for ``text/html; charset=utf-8``."""
        return self._content_type_parts()[1]

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

        target = fspath(dst) if hasattr(dst, "__fspath__") else dst
        if not isinstance(target, str):
            # A file object: the caller owns it and closes it.
            copyfileobj(self.stream, target, buffer_size)
            return
        with open(target, "wb") as out:
            copyfileobj(self.stream, out, buffer_size)

    def close(self) -> None:
        """Closes the stream, ignoring errors."""
        with suppress(Exception):
            self.stream.close()

    def __bool__(self) -> bool:
        return bool(self.filename)

    def __getattr__(self, name: str) -> t.Any:
        if name == "stream":
            # Not set yet (during unpickling): do not look in the stream.
            raise AttributeError(name)
        stream = self.stream
        try:
            return getattr(stream, name)
        except AttributeError:
            # SpooledTemporaryFile lacks some IOBase attributes on older
            # Pythons; the file it wraps has them.
            backing = getattr(stream, "_file", None)
            if backing is None:
                raise
            return getattr(backing, name)

    def __iter__(self) -> Iterator[bytes]:
        return iter(self.stream)

    def __repr__(self) -> str:
        return f"<{type(self).__name__}: {self.filename!r} ({self.content_type!r})>"


class FileMultiDict(MultiDict[str, FileStorage]):
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
        if not isinstance(file, FileStorage):
            file = _storage_for(name, file, filename, content_type)
        self.add(name, file)


def _storage_for(
    field: str,
    source: str | os.PathLike[str] | t.IO[bytes],
    filename: str | None,
    content_type: str | None,
) -> FileStorage:
    """Wraps a path or file object for :meth:`FileMultiDict.add_file`."""
    is_path = isinstance(source, (str, os.PathLike))
    if is_path and filename is None:
        filename = os.fspath(source)  # type: ignore[arg-type]
    if content_type is None and filename:
        guessed, _encoding = mimetypes.guess_type(filename)
        content_type = guessed or "application/octet-stream"
    stream = open(source, "rb") if is_path else source  # type: ignore[arg-type]
    return FileStorage(stream, filename, field, content_type)  # type: ignore[arg-type]
