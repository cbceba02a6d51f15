"""Sans-IO ``multipart/form-data`` decoding and encoding.

:class:`MultipartDecoder` takes a body in chunks of any size and turns it into
events: the :class:`Preamble`, a :class:`Field` or :class:`File` for the
headers of each part, :class:`Data` as the part's content arrives, and the
:class:`Epilogue`. The decoding runs in the native core; it is linear in the
size of the body, however the body is chunked.
"""

from __future__ import annotations

import typing as t
from dataclasses import dataclass
from enum import Enum
from enum import auto

from .._native import MultipartDecoder as _NativeDecoder
from ..datastructures import Headers

if t.TYPE_CHECKING:
    from collections.abc import Iterable

__all__ = [
    "NEED_DATA",
    "Data",
    "Epilogue",
    "Event",
    "Field",
    "File",
    "MultipartDecoder",
    "MultipartEncoder",
    "NeedData",
    "Preamble",
    "State",
]

# Defaults of the parsers' limits on each part's header section.
_MAX_PART_HEADER_SIZE = 16 * 1024
_MAX_PART_HEADER_LINES = 64


class Event:
    """Base class of the events of :class:`MultipartDecoder`."""


@dataclass(frozen=True)
class Preamble(Event):
    """The bytes before the first boundary."""

    data: bytes


@dataclass(frozen=True)
class Field(Event):
    """The headers of a part without a filename: a form field."""

    name: str
    headers: Headers


@dataclass(frozen=True)
class File(Event):
    """The headers of a part with a filename: an uploaded file."""

    name: str
    filename: str
    headers: Headers


@dataclass(frozen=True)
class Data(Event):
    """A piece of the current part's content; ``more_data`` is false on the
    last piece."""

    data: bytes
    more_data: bool


@dataclass(frozen=True)
class Epilogue(Event):
    """The bytes after the closing boundary, once the body is complete."""

    data: bytes


class NeedData(Event):
    """More data, or the end of the body, is needed to go on."""


NEED_DATA = NeedData()
"""The :class:`NeedData` event; :meth:`MultipartDecoder.next_event` returns
this one instance."""


class State(Enum):
    """Where a decoder or encoder is in the body."""

    PREAMBLE = auto()
    """Before the first boundary."""
    PART = auto()
    """At the headers of a part."""
    DATA = auto()
    """Within a part's data."""
    DATA_START = auto()
    """After a part's headers, before any of its data."""
    EPILOGUE = auto()
    """After the closing boundary."""
    COMPLETE = auto()
    """The body is finished; nothing more can come."""


# The kinds of the native decoder's events, their tuples' first item; Final
# so that type checkers tell the tuples apart by it.
_PREAMBLE: t.Final = 0
_FIELD: t.Final = 1
_FILE: t.Final = 2
_DATA: t.Final = 3
_EPILOGUE: t.Final = 4


def _headers(items: Iterable[tuple[str, str]]) -> Headers:
    return Headers(items)


class MultipartDecoder:
    """Decodes a ``multipart/form-data`` body, given in chunks, into events.

    Feed the body with :meth:`receive_data` (``None`` marks its end) and call
    :meth:`next_event` until it returns :data:`NEED_DATA`. Part data is
    returned as it arrives, so a caller can move large files out of memory.

    Line breaks may be CRLF, LF or CR alone, as some clients send them.

    :param boundary: The ``boundary`` parameter of the ``Content-Type``.
    :param max_form_memory_size: The most bytes buffered at once, and the
        largest data of a part without a filename, across all its
        :class:`Data` events. Exceeding it raises
        :exc:`~rostzeug.exceptions.RequestEntityTooLarge`.
    :param max_parts: The most parts in the body. Exceeding it raises
        :exc:`~rostzeug.exceptions.RequestEntityTooLarge`.
    :param max_part_header_size: The largest header section of one part, in
        bytes (16 KiB); larger raises
        :exc:`~rostzeug.exceptions.RequestEntityTooLarge`. The section is
        also limited by ``max_form_memory_size``. None leaves only that
        limit, as in Werkzeug.
    :param max_part_header_lines: The most header lines of one part (64);
        more raises :exc:`~rostzeug.exceptions.RequestEntityTooLarge`. None
        for no limit, as in Werkzeug.
    :raises ValueError: From :meth:`next_event`, when the body is not valid
        ``multipart/form-data``: a part without ``Content-Disposition``,
        headers that are not UTF-8, or a body that ends early.

    .. versionadded:: 0.1
        The ``max_part_header_size`` and ``max_part_header_lines``
        parameters.
    """

    def __init__(
        self,
        boundary: bytes,
        max_form_memory_size: int | None = None,
        *,
        max_parts: int | None = None,
        max_part_header_size: int | None = _MAX_PART_HEADER_SIZE,
        max_part_header_lines: int | None = _MAX_PART_HEADER_LINES,
    ) -> None:
        self.boundary = boundary
        self.max_form_memory_size = max_form_memory_size
        self.max_parts = max_parts
        self.max_part_header_size = max_part_header_size
        self.max_part_header_lines = max_part_header_lines
        self._native = _NativeDecoder(
            boundary,
            max_form_memory_size,
            max_parts,
            max_part_header_size=max_part_header_size,
            max_part_header_lines=max_part_header_lines,
        )

    @property
    def state(self) -> State:
        """The current :class:`State`."""
        return State[self._native.state]

    @property
    def complete(self) -> bool:
        """Whether the end of the body was received."""
        return self._native.complete

    def receive_data(self, data: bytes | None) -> None:
        """Adds the next chunk of the body, or marks its end with ``None``.

        :raises ~rostzeug.exceptions.RequestEntityTooLarge: When the bytes
            not yet turned into events would exceed ``max_form_memory_size``.
        """
        self._native.receive_data(data)

    def next_event(self) -> Event:
        """Returns the next event, or :data:`NEED_DATA` when more data (or the
        end of the body) must be received first.

        :raises ValueError: When the body is malformed.
        :raises ~rostzeug.exceptions.RequestEntityTooLarge: When a limit is
            exceeded.
        """
        raw = self._native.next_event()
        if raw is None:
            return NEED_DATA
        if raw[0] == _DATA:
            return Data(data=raw[1], more_data=raw[2])
        # A part without a name has the name None, as with Werkzeug.
        if raw[0] == _FIELD:
            return Field(name=raw[1], headers=_headers(raw[2]))  # type: ignore[arg-type]
        if raw[0] == _FILE:
            return File(name=raw[1], filename=raw[2], headers=_headers(raw[3]))  # type: ignore[arg-type]
        if raw[0] == _PREAMBLE:
            return Preamble(data=raw[1])
        return Epilogue(data=raw[1])


class MultipartEncoder:
    """Builds a ``multipart/form-data`` body from events, as the test client
    does. It does not check or escape names and values, so it is meant for
    tests, not for data from untrusted sources.

    :param boundary: The boundary to delimit the parts with.
    """

    def __init__(self, boundary: bytes) -> None:
        self.boundary = boundary
        self.state = State.PREAMBLE

    def send_event(self, event: Event) -> bytes:
        """Returns the bytes of ``event``.

        :raises ValueError: When ``event`` cannot come next, such as
            :class:`Data` before the headers of a part.
        """
        if isinstance(event, Preamble) and self.state is State.PREAMBLE:
            self.state = State.PART
            return event.data
        if isinstance(event, Field | File) and self.state in {
            State.PREAMBLE,
            State.PART,
            State.DATA,
        }:
            disposition = f'form-data; name="{event.name}"'
            if isinstance(event, File):
                disposition += f'; filename="{event.filename}"'
            lines = [f"Content-Disposition: {disposition}"]
            lines.extend(
                f"{key}: {value}"
                for key, value in event.headers
                if key.lower() != "content-disposition"
            )
            self.state = State.DATA_START
            return b"\r\n--%s\r\n%s\r\n" % (
                self.boundary,
                "\r\n".join(lines).encode(),
            )
        if isinstance(event, Data) and self.state is State.DATA_START:
            self.state = State.DATA
            return b"\r\n" + event.data if event.data else b""
        if isinstance(event, Data) and self.state is State.DATA:
            return event.data
        if isinstance(event, Epilogue):
            self.state = State.COMPLETE
            return b"\r\n--%s--\r\n%s" % (self.boundary, event.data)
        raise ValueError(
            f"cannot encode {event!r} in state {self.state}: events must come"
            " in the order Preamble, then Field or File followed by Data, and"
            " Epilogue last"
        )
