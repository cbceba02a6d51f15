"""The ``Range``, ``Content-Range`` and ``If-Range`` headers."""

from __future__ import annotations

import typing as t
from collections.abc import Callable
from collections.abc import Sequence
from datetime import datetime


class _HeaderObject:
    """Gives ``str()`` and ``repr()`` from :meth:`to_header`."""

    def to_header(self) -> str:
        raise NotImplementedError

    def __str__(self) -> str:
        return self.to_header()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.to_header()!r}>"


class IfRange(_HeaderObject):
    """The ``If-Range`` header: an entity tag, a date, or neither (never
    both).

    :param etag: the entity tag, unquoted.
    :param date: the date.
    """

    def __init__(self, etag: str | None = None, date: datetime | None = None):
        #: The entity tag, unquoted. Ranges only use strong tags, so whether
        #: it was weak is not kept.
        self.etag = etag
        #: The date, or None.
        self.date = date

    def to_header(self) -> str:
        """Returns the header value ("" when empty)."""
        from ..http import http_date
        from ..http import quote_etag

        # A date wins over a tag; an object with neither renders empty.
        if self.date is None:
            return "" if self.etag is None else quote_etag(self.etag)
        return http_date(self.date)


def _check_span(start: int | None, end: int | None) -> None:
    """Rejects a ``(start, stop)`` pair a ``Range`` header cannot express."""
    if start is None:
        valid = False
    elif end is None:
        valid = True  # open ("500-") or suffix ("-500") range
    else:
        valid = 0 <= start < end
    if not valid:
        raise ValueError(
            f"{(start, end)} is not a valid range: start must be given"
            " and, when stop is too, 0 <= start < stop."
        )


def _span_spec(start: int, end: int | None) -> str:
    """One range as written in the header; ``end`` is exclusive here and
    inclusive there, and a suffix range is just its negative start."""
    if end is not None:
        return f"{start}-{end - 1}"
    return str(start) if start < 0 else f"{start}-"


class Range(_HeaderObject):
    """The ``Range`` header: a unit and a list of ranges. The methods that
    compute a response range support one range of bytes only.

    :param units: the unit, usually ``bytes``.
    :param ranges: ``(start, stop)`` tuples, ``stop`` excluded; ``stop`` is
        None for an open range, and ``start`` is negative (with ``stop``
        None) for a suffix range.
    :raise ValueError: if a range is invalid.
    """

    def __init__(self, units: str, ranges: Sequence[tuple[int, int | None]]) -> None:
        #: The unit, usually ``bytes``.
        self.units = units
        #: The ``(start, stop)`` tuples, ``stop`` excluded.
        self.ranges = ranges
        for span in ranges:
            _check_span(*span)

    def range_for_length(self, length: int | None) -> tuple[int, int] | None:
        """Returns the ``(start, stop)`` to send for a body of ``length``
        bytes, or None when the unit is not bytes, the length is unknown,
        there is not exactly one range, or it cannot be satisfied."""
        from ..http import is_byte_range_valid

        if length is None or self.units != "bytes" or len(self.ranges) != 1:
            return None
        ((first, after),) = self.ranges
        if after is None:
            # Open and suffix ranges both run to the end of the body.
            first, after = (first + length if first < 0 else first), length
        if not is_byte_range_valid(first, after, length):
            return None
        return first, min(after, length)

    def make_content_range(self, length: int | None) -> ContentRange | None:
        """Returns the :class:`ContentRange` that answers this range for a
        body of ``length`` bytes, or None (see :meth:`range_for_length`)."""
        span = self.range_for_length(length)
        return None if span is None else ContentRange(self.units, *span, length)

    def to_header(self) -> str:
        """Returns the header value."""
        specs = ",".join(_span_spec(start, end) for start, end in self.ranges)
        return f"{self.units}={specs}"

    def to_content_range_header(self, length: int | None) -> str | None:
        """Returns the ``Content-Range`` value that answers this range for a
        body of ``length`` bytes, or None."""
        answer = self.make_content_range(length)
        return None if answer is None else answer.to_header()


def _tracked(slot: str, doc: str) -> t.Any:
    """A :class:`ContentRange` attribute kept in ``slot``; assigning it
    calls the object's ``on_update``."""

    def read(owner: ContentRange) -> t.Any:
        return getattr(owner, slot)

    def write(owner: ContentRange, value: t.Any) -> None:
        setattr(owner, slot, value)
        owner._notify()

    return property(read, write, doc=doc)


class ContentRange(_HeaderObject):
    """The ``Content-Range`` header.

    :param units: the unit, usually ``bytes``; None means no header.
    :param start: the first byte, or None for an unsatisfied range.
    :param stop: the byte after the last one.
    :param length: the full length, or None when unknown.
    :param on_update: called with the object after each change.
    """

    _units: str | None
    _start: int | None
    _stop: int | None
    _length: int | None

    units: str | None = _tracked(
        "_units", "The unit, usually ``bytes``; None means no header."
    )
    start: int | None = _tracked("_start", "The first byte, or None.")
    stop: int | None = _tracked(
        "_stop", "The byte after the last one; None only when ``start`` is None."
    )
    length: int | None = _tracked("_length", "The full length, or None.")

    def __init__(
        self,
        units: str | None,
        start: int | None,
        stop: int | None,
        length: int | None = None,
        on_update: Callable[[ContentRange], None] | None = None,
    ) -> None:
        self.on_update = on_update
        self.set(start, stop, length, units)

    def _notify(self) -> None:
        callback = self.on_update
        if callback is not None:
            callback(self)

    def set(
        self,
        start: int | None,
        stop: int | None,
        length: int | None = None,
        units: str | None = "bytes",
    ) -> None:
        """Sets all the values at once."""
        from ..http import is_byte_range_valid

        assert is_byte_range_valid(start, stop, length), "Bad range provided"
        self._units, self._start, self._stop, self._length = units, start, stop, length
        self._notify()

    def unset(self) -> None:
        """Sets the unit to None, which removes the header."""
        self.set(None, None, units=None)

    def to_header(self) -> str:
        """Returns the header value ("" when the unit is None)."""
        if self._units is None:
            return ""
        total = "*" if self._length is None else str(self._length)
        if self._start is None:
            return f"{self._units} */{total}"
        last = t.cast(int, self._stop) - 1
        return f"{self._units} {self._start}-{last}/{total}"

    def __bool__(self) -> bool:
        return self._units is not None
