"""The ``Range``, ``Content-Range`` and ``If-Range`` headers."""

from __future__ import annotations

import typing as t
from collections.abc import Callable
from collections.abc import Sequence
from datetime import datetime


class IfRange:
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

        if self.date is not None:
            return http_date(self.date)
        if self.etag is not None:
            return quote_etag(self.etag)
        return ""

    def __str__(self) -> str:
        return self.to_header()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {str(self)!r}>"


class Range:
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

        for start, end in ranges:
            if start is None or (end is not None and (start < 0 or start >= end)):
                raise ValueError(
                    f"{(start, end)} is not a valid range: start must be given"
                    " and, when stop is too, 0 <= start < stop."
                )

    def range_for_length(self, length: int | None) -> tuple[int, int] | None:
        """Returns the ``(start, stop)`` to send for a body of ``length``
        bytes, or None when the unit is not bytes, the length is unknown,
        there is not exactly one range, or it cannot be satisfied."""
        from ..http import is_byte_range_valid

        if self.units != "bytes" or length is None or len(self.ranges) != 1:
            return None
        start, end = self.ranges[0]
        if end is None:
            end = length
            if start < 0:
                start += length
        if is_byte_range_valid(start, end, length):
            return start, min(end, length)
        return None

    def make_content_range(self, length: int | None) -> ContentRange | None:
        """Returns the :class:`ContentRange` that answers this range for a
        body of ``length`` bytes, or None (see :meth:`range_for_length`)."""
        rng = self.range_for_length(length)
        if rng is not None:
            return ContentRange(self.units, rng[0], rng[1], length)
        return None

    def to_header(self) -> str:
        """Returns the header value."""
        ranges = []
        for begin, end in self.ranges:
            if end is None:
                ranges.append(f"{begin}-" if begin >= 0 else str(begin))
            else:
                ranges.append(f"{begin}-{end - 1}")
        return f"{self.units}={','.join(ranges)}"

    def to_content_range_header(self, length: int | None) -> str | None:
        """Returns the ``Content-Range`` value that answers this range for a
        body of ``length`` bytes, or None."""
        rng = self.range_for_length(length)
        if rng is not None:
            return f"{self.units} {rng[0]}-{rng[1] - 1}/{length}"
        return None

    def __str__(self) -> str:
        return self.to_header()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {str(self)!r}>"


class _CallbackProperty:
    """An attribute of :class:`ContentRange` whose changes call its
    ``on_update``."""

    def __set_name__(self, owner: type[ContentRange], name: str) -> None:
        self.attr = f"_{name}"

    def __get__(self, instance: ContentRange | None, owner: t.Any = None) -> t.Any:
        if instance is None:
            return self
        return instance.__dict__[self.attr]

    def __set__(self, instance: ContentRange, value: t.Any) -> None:
        instance.__dict__[self.attr] = value
        if instance.on_update is not None:
            instance.on_update(instance)


class ContentRange:
    """The ``Content-Range`` header.

    :param units: the unit, usually ``bytes``; None means no header.
    :param start: the first byte, or None for an unsatisfied range.
    :param stop: the byte after the last one.
    :param length: the full length, or None when unknown.
    :param on_update: called with the object after each change.
    """

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

    #: The unit, usually ``bytes``; None means no header.
    units: str | None = _CallbackProperty()  # type: ignore[assignment]
    #: The first byte, or None.
    start: int | None = _CallbackProperty()  # type: ignore[assignment]
    #: The byte after the last one; None only when ``start`` is None.
    stop: int | None = _CallbackProperty()  # type: ignore[assignment]
    #: The full length, or None.
    length: int | None = _CallbackProperty()  # type: ignore[assignment]

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
        self._units: str | None = units
        self._start: int | None = start
        self._stop: int | None = stop
        self._length: int | None = length
        if self.on_update is not None:
            self.on_update(self)

    def unset(self) -> None:
        """Sets the unit to None, which removes the header."""
        self.set(None, None, units=None)

    def to_header(self) -> str:
        """Returns the header value ("" when the unit is None)."""
        if self._units is None:
            return ""
        length: str | int = "*" if self._length is None else self._length
        if self._start is None:
            return f"{self._units} */{length}"
        return f"{self._units} {self._start}-{self._stop - 1}/{length}"  # type: ignore[operator]

    def __bool__(self) -> bool:
        return self._units is not None

    def __str__(self) -> str:
        return self.to_header()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {str(self)!r}>"
