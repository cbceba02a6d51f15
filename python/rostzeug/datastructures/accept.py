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


class Accept(ImmutableList[tuple[str, float]]):
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

    #: Whether the client sent the header.
    provided: bool

    def __init__(self, values: Iterable[tuple[str, float]] | None = ()) -> None:
        entries: Iterable[tuple[str, float]]
        if isinstance(values, Accept):
            # Already ranked: keep its order and whether it was sent.
            entries, sent = values, values.provided
        elif values is None:
            entries, sent = (), False
        else:
            # sorted() is stable, so entries of equal rank keep client order.
            entries = sorted(values, key=self._rank, reverse=True)
            sent = True
        super().__init__(entries)
        self.provided = sent

    def _rank(self, entry: tuple[str, float]) -> tuple[tuple[bool, ...], float]:
        return self._specificity(entry[0]), entry[1]

    def _first_match(self, value: str) -> int:
        """Position of the first client entry ``value`` matches, or -1."""
        return next(
            (
                pos
                for pos, (item, _q) in enumerate(self)
                if self._value_matches(value, item)
            ),
            -1,
        )

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
    def __getitem__(
        self, key: str | t.SupportsIndex | slice
    ) -> float | tuple[str, float] | list[tuple[str, float]]:
        if isinstance(key, str):
            return self.quality(key)
        return list.__getitem__(self, key)

    def quality(self, key: str) -> float:
        """Returns the quality the client gives a value: that of the first
        matching entry, or 0."""
        pos = self._first_match(key)
        return 0 if pos < 0 else self[pos][1]

    def __contains__(self, value: object) -> bool:
        return self._first_match(value) >= 0  # type: ignore[arg-type]

    def __repr__(self) -> str:
        pairs = ", ".join(f"({value!r}, {quality})" for value, quality in self)
        return f"{type(self).__name__}([{pairs}])"

    def index(self, key: str | tuple[str, float], *args: t.SupportsIndex) -> int:
        """Returns the position of the first entry matching a value (or of
        an exact ``(value, quality)`` tuple).

        :raise ValueError: if nothing matches.
        """
        if not isinstance(key, str):
            return list.index(self, key, *args)
        pos = self._first_match(key)
        if pos < 0:
            raise ValueError(key)
        return pos

    def find(self, key: str | tuple[str, float]) -> int:
        """Like :meth:`index`, but returns -1 when nothing matches."""
        try:
            return self.index(key)
        except ValueError:
            return -1

    def values(self) -> Iterator[str]:
        """Yields the values, without their qualities."""
        yield from (value for value, _q in self)

    def to_header(self) -> str:
        """Returns the entries as a header value."""
        # A quality of 1 is the default and is left out.
        return ",".join(
            value if quality == 1 else f"{value};q={quality}" for value, quality in self
        )

    def __str__(self) -> str:
        return self.to_header()

    def _best_single_match(self, match: str) -> tuple[str, float] | None:
        # Entries are ranked most specific first, so the first one that
        # matches is the best this value can get.
        pos = self._first_match(match)
        return None if pos < 0 else self[pos]

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
        # Rank each offer by (quality, specificity) of the client entry it
        # matches; a strictly better rank wins, so ties go to the earliest.
        chosen = default
        top: tuple[float, tuple[bool, ...]] | None = None
        for offer in matches:
            hit = self._best_single_match(offer)
            if hit is None or hit[1] <= 0:
                continue
            rank = (hit[1], self._specificity(hit[0]))
            if top is None or rank > top:
                chosen, top = offer, rank
        return chosen

    @property
    def best(self) -> str | None:
        """The value the client prefers most, or None when there is none."""
        return self[0][0] if self else None


_mime_split_re = re.compile(r"/|(?:[ \t]*;[ \t]*)")


def _offered_mime(value: str) -> tuple[str, str, list[str]]:
    """Splits a media type given by the application, rejecting malformed ones
    so the mistake is found early."""
    if "/" not in value:
        raise ValueError(
            f"invalid mimetype {value!r}: expected 'type/subtype', such as 'text/html'"
        )
    parts = _mime_parts(value)
    if parts[0] == "*" and parts[1] != "*":
        raise ValueError(f"invalid mimetype {value!r}: only '*/*' may start with '*'")
    return parts


def _mime_parts(value: str) -> tuple[str, str, list[str]]:
    """Splits a lower-cased media type into type, subtype and its sorted
    parameters (order does not matter when comparing)."""
    main, sub, *params = _mime_split_re.split(value.lower())
    return main, sub, sorted(params)


class MIMEAccept(Accept):
    """An :class:`Accept` for media types: ``text/*`` matches any text type,
    ``*/*`` anything, and parameters must match exactly, in any order."""

    def _specificity(self, value: str) -> tuple[bool, ...]:
        return tuple(segment != "*" for segment in _mime_split_re.split(value))

    def _value_matches(self, value: str, item: str) -> bool:
        # The client's entry is checked first: a malformed one (no slash)
        # simply never matches, while a malformed value from the application
        # is reported by _offered_mime.
        wanted = _mime_parts(item) if "/" in item else None
        if wanted is None:
            return False
        offered = _offered_mime(value)
        if wanted[0] == "*":
            # "*/*" matches everything; "*/subtype" is invalid, matches nothing.
            return wanted[1] == "*"
        if offered[0] == "*":
            return True
        if offered[0] != wanted[0]:
            return False
        # Same major type: a wildcard subtype on either side matches, else
        # subtype and parameters must agree.
        return "*" in (offered[1], wanted[1]) or offered[1:] == wanted[1:]

    @property
    def accept_html(self) -> bool:
        """Whether the client accepts HTML (or XHTML)."""
        # __contains__ takes a media type; mypy checks ``in`` against the
        # (value, quality) items of the list instead.
        return "text/html" in self or self.accept_xhtml  # type: ignore[comparison-overlap]

    @property
    def accept_xhtml(self) -> bool:
        """Whether the client accepts XHTML."""
        return (
            "application/xhtml+xml" in self  # type: ignore[comparison-overlap]
            or "application/xml" in self  # type: ignore[comparison-overlap]
        )

    @property
    def accept_json(self) -> bool:
        """Whether the client accepts JSON."""
        return "application/json" in self  # type: ignore[comparison-overlap]


_locale_delim_re = re.compile(r"[_-]")


def _lang_subtags(value: str) -> list[str]:
    return _locale_delim_re.split(value.lower())


def _primary_tag(value: str) -> str:
    return _locale_delim_re.split(value, 1)[0]


class LanguageAccept(Accept):
    """An :class:`Accept` for language tags, compared case-insensitively
    with ``-`` and ``_`` as the same separator."""

    def _value_matches(self, value: str, item: str) -> bool:
        return item == "*" or _lang_subtags(value) == _lang_subtags(item)

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
        found = super().best_match(matches)
        if found is None:
            # Drop the client's subtags: accepting "en-US" serves "en".
            loose = Accept([(_primary_tag(tag), q) for tag, q in self])
            found = loose.best_match(matches)
        if found is None:
            # Then drop ours: accepting "en" serves "en-US", answered as
            # spelled in ``matches``.
            short = super().best_match([_primary_tag(tag) for tag in matches])
            if short is not None:
                found = next(tag for tag in matches if tag.startswith(short))
        return default if found is None else found


class CharsetAccept(Accept):
    """An :class:`Accept` for charsets, which compares the names Python's
    codecs know by their canonical name (``UTF8`` matches ``utf-8``)."""

    def _value_matches(self, value: str, item: str) -> bool:
        return item == "*" or _codec_name(value) == _codec_name(item)


def _codec_name(name: str) -> str:
    """The canonical name of a charset Python knows, else the name
    lower-cased."""
    try:
        return codecs.lookup(name).name
    except LookupError:
        return name.lower()
