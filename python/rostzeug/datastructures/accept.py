"""Parsed ``Accept*`` headers: the values a client accepts, with qualities."""

from __future__ import annotations

import codecs
import re
import typing as t
from collections.abc import Iterable
from collections.abc import Iterator

from .. import _native
from .structures import ImmutableList


def _uses_default_matching(cls: type[Accept], base: type[Accept]) -> bool:
    """Whether ``cls`` matches values as ``base`` does, so the native matcher
    (which implements ``base``'s rules) gives the same answer."""
    return (
        cls._value_matches is base._value_matches
        and cls._specificity is base._specificity
        and cls._best_single_match is Accept._best_single_match
    )


class Accept(ImmutableList):
    """The values of an ``Accept*`` header as a read-only list of
    ``(value, quality)`` tuples, most specific and best quality first; values
    of equal rank keep the order the client sent.

    Indexing with a string returns the quality of that value (0 when it is
    not accepted), and ``in`` tells whether a value is accepted. Matching
    follows the rules of the header: see :class:`MIMEAccept`,
    :class:`LanguageAccept` and :class:`CharsetAccept`.

    >>> accept = Accept([("gzip", 1), ("br", 0.5)])
    >>> accept["br"]
    0.5
    >>> accept.best_match(["br", "zstd"])
    'br'

    :param values: the ``(value, quality)`` pairs, or None when the client
        sent no header (:attr:`provided` is false then).
    """

    def __init__(self, values: Iterable[tuple[str, float]] | None = ()) -> None:
        if values is None:
            super().__init__()
            #: Whether the client sent the header.
            self.provided = False
        elif isinstance(values, Accept):
            self.provided = values.provided
            super().__init__(values)
        else:
            self.provided = True
            values = sorted(
                values,
                key=lambda item: (self._specificity(item[0]), item[1]),
                reverse=True,
            )
            super().__init__(values)

    def _specificity(self, value: str) -> tuple[bool, ...]:
        """Ranks a value: more specific values sort first."""
        return (value != "*",)

    def _value_matches(self, value: str, item: str) -> bool:
        """Tells whether ``value`` (from the application) matches ``item``
        (from the client)."""
        return item == "*" or item.lower() == value.lower()

    @t.overload
    def __getitem__(self, key: str) -> float: ...
    @t.overload
    def __getitem__(self, key: t.SupportsIndex) -> tuple[str, float]: ...
    @t.overload
    def __getitem__(self, key: slice) -> list[tuple[str, float]]: ...
    def __getitem__(self, key: t.Any) -> t.Any:
        if isinstance(key, str):
            return self.quality(key)
        return list.__getitem__(self, key)

    def quality(self, key: str) -> float:
        """Returns the quality the client gives a value: that of the first
        matching entry, or 0."""
        for item, quality in self:
            if self._value_matches(key, item):
                return quality  # type: ignore[no-any-return]
        return 0

    def __contains__(self, value: object) -> bool:
        for item, _quality in self:
            if self._value_matches(value, item):  # type: ignore[arg-type]
                return True
        return False

    def __repr__(self) -> str:
        pairs = ", ".join(f"({value!r}, {quality})" for value, quality in self)
        return f"{type(self).__name__}([{pairs}])"

    def index(self, key: t.Any, *args: t.Any) -> int:  # type: ignore[override]
        """Returns the position of the first entry matching a value (or of
        an exact ``(value, quality)`` tuple).

        :raise ValueError: if nothing matches.
        """
        if isinstance(key, str):
            for idx, (item, _quality) in enumerate(self):
                if self._value_matches(key, item):
                    return idx
            raise ValueError(key)
        return list.index(self, key, *args)

    def find(self, key: t.Any) -> int:
        """Like :meth:`index`, but returns -1 when nothing matches."""
        try:
            return self.index(key)
        except ValueError:
            return -1

    def values(self) -> Iterator[str]:
        """Yields the values, without their qualities."""
        for item in self:
            yield item[0]

    def to_header(self) -> str:
        """Returns the entries as a header value."""
        result = []
        for value, quality in self:
            if quality != 1:
                value = f"{value};q={quality}"
            result.append(value)
        return ",".join(result)

    def __str__(self) -> str:
        return self.to_header()

    def _best_single_match(self, match: str) -> tuple[str, float] | None:
        # The entries are sorted most specific first, so the first match is
        # the best one for this value.
        for client_item, quality in self:
            if self._value_matches(match, client_item):
                return client_item, quality
        return None

    @t.overload
    def best_match(self, matches: Iterable[str]) -> str | None: ...
    @t.overload
    def best_match(self, matches: Iterable[str], default: str = ...) -> str: ...
    def best_match(
        self, matches: Iterable[str], default: str | None = None
    ) -> str | None:
        """Returns the value of ``matches`` the client prefers: the best
        quality, then the most specific client entry, then the earliest in
        ``matches``. Values the client gives quality 0 never match.

        :param matches: the values the application can provide.
        :param default: returned when none of them is accepted.
        """
        if not isinstance(matches, (list, tuple)):
            matches = list(matches)
        if _uses_default_matching(type(self), Accept):
            try:
                return _native.accept_best_match(self, matches, default, False)
            except TypeError:
                pass  # values that are not text: compare them in Python
        result = default
        best_quality: float = -1
        best_specificity: tuple[bool, ...] | tuple[int] = (-1,)
        for server_item in matches:
            match = self._best_single_match(server_item)
            if not match:
                continue
            client_item, quality = match
            specificity = self._specificity(client_item)
            if quality <= 0 or quality < best_quality:
                continue
            if quality > best_quality or specificity > best_specificity:
                result = server_item
                best_quality = quality
                best_specificity = specificity
        return result

    @property
    def best(self) -> str | None:
        """The value the client prefers most, or None when there is none."""
        if self:
            return self[0][0]
        return None


_mime_split_re = re.compile(r"/|(?:[ \t]*;[ \t]*)")


def _normalize_mime(value: str) -> list[str]:
    return _mime_split_re.split(value.lower())


class MIMEAccept(Accept):
    """An :class:`Accept` for media types: ``text/*`` matches any text type,
    ``*/*`` anything, and parameters must match exactly, in any order."""

    def _specificity(self, value: str) -> tuple[bool, ...]:
        return tuple(part != "*" for part in _mime_split_re.split(value))

    def _value_matches(self, value: str, item: str) -> bool:
        # A client entry without a slash is invalid and matches nothing.
        if "/" not in item:
            return False
        # An invalid value is a mistake in the application: say so.
        if "/" not in value:
            raise ValueError(
                f"invalid mimetype {value!r}: expected 'type/subtype', such as"
                " 'text/html'"
            )
        normalized_value = _normalize_mime(value)
        value_type, value_subtype = normalized_value[:2]
        value_params = sorted(normalized_value[2:])
        if value_type == "*" and value_subtype != "*":
            raise ValueError(
                f"invalid mimetype {value!r}: only '*/*' may start with '*'"
            )

        normalized_item = _normalize_mime(item)
        item_type, item_subtype = normalized_item[:2]
        item_params = sorted(normalized_item[2:])
        # "*/subtype" from the client is invalid and matches nothing.
        if item_type == "*" and item_subtype != "*":
            return False

        if (item_type == "*" and item_subtype == "*") or (
            value_type == "*" and value_subtype == "*"
        ):
            return True
        return item_type == value_type and (
            item_subtype == "*"
            or value_subtype == "*"
            or (item_subtype == value_subtype and item_params == value_params)
        )

    @property
    def accept_html(self) -> bool:
        """Whether the client accepts HTML (or XHTML)."""
        return "text/html" in self or self.accept_xhtml

    @property
    def accept_xhtml(self) -> bool:
        """Whether the client accepts XHTML."""
        return "application/xhtml+xml" in self or "application/xml" in self

    @property
    def accept_json(self) -> bool:
        """Whether the client accepts JSON."""
        return "application/json" in self


_locale_delim_re = re.compile(r"[_-]")


def _normalize_lang(value: str) -> list[str]:
    return _locale_delim_re.split(value.lower())


class LanguageAccept(Accept):
    """An :class:`Accept` for language tags, compared case-insensitively
    with ``-`` and ``_`` as the same separator."""

    def _value_matches(self, value: str, item: str) -> bool:
        return item == "*" or _normalize_lang(value) == _normalize_lang(item)

    @t.overload
    def best_match(self, matches: Iterable[str]) -> str | None: ...
    @t.overload
    def best_match(self, matches: Iterable[str], default: str = ...) -> str: ...
    def best_match(
        self, matches: Iterable[str], default: str | None = None
    ) -> str | None:
        """Returns the supported language the client prefers, as spelled in
        ``matches``.

        Without an exact match, primary tags are compared: first the
        client's (a client accepting ``en-US`` matches ``en``), then those of
        ``matches`` (a client accepting ``en`` matches ``en-US``). Other
        subtags are never dropped.

        :param matches: the languages the application supports.
        :param default: returned when none of them is accepted.
        """
        # The native matcher reads a plain list or tuple as it is; anything
        # else (a list subclass included, which may iterate its own way) is
        # copied, as the Python fallback below iterates it several times.
        if type(matches) is not list and type(matches) is not tuple:
            matches = list(matches)
        # The plain class is checked first: it is what requests build, and
        # for it the comparisons of ``_uses_default_matching`` come down to
        # the one on ``_best_single_match``.
        cls = type(self)
        if (
            cls._best_single_match is Accept._best_single_match
            if cls is LanguageAccept
            else _uses_default_matching(cls, LanguageAccept)
        ):
            try:
                return _native.accept_best_match(self, matches, default, True)
            except TypeError:
                pass  # values that are not text: compare them in Python
        result = super().best_match(matches)
        if result is not None:
            return result

        primary = Accept(
            [(_locale_delim_re.split(item[0], 1)[0], item[1]) for item in self]
        )
        result = primary.best_match(matches)
        if result is not None:
            return result

        primary_matches = [_locale_delim_re.split(item, 1)[0] for item in matches]
        result = super().best_match(primary_matches)
        if result is not None:
            return next(item for item in matches if item.startswith(result))
        return default


class CharsetAccept(Accept):
    """An :class:`Accept` for charsets, which compares the names Python's
    codecs know by their canonical name (``UTF8`` matches ``utf-8``)."""

    def _value_matches(self, value: str, item: str) -> bool:
        def normalize(name: str) -> str:
            try:
                return codecs.lookup(name).name
            except LookupError:
                return name.lower()

        return item == "*" or normalize(value) == normalize(item)
