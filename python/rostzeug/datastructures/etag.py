"""Sets of entity tags, as in the ``If-Match`` and ``If-None-Match`` headers."""

from __future__ import annotations

import typing as t
from collections.abc import Collection
from collections.abc import Iterable
from collections.abc import Iterator


class ETags(Collection[str]):
    """A set of entity tags, strong and weak, or the ``*`` that matches any.

    ``in``, :meth:`contains`, ``len`` and iteration consider the strong tags
    only (and ``*``); use :meth:`contains_weak` to include the weak ones.

    :param strong_etags: the strong tags, unquoted.
    :param weak_etags: the weak tags, unquoted.
    :param star_tag: whether the header was ``*``.
    """

    def __init__(
        self,
        strong_etags: Iterable[str] | None = None,
        weak_etags: Iterable[str] | None = None,
        star_tag: bool = False,
    ) -> None:
        self.star_tag = star_tag
        # "*" matches everything, so strong tags given with it are dropped.
        self._strong_tags = frozenset(() if star_tag else strong_etags or ())
        self._weak_tags = frozenset(weak_etags or ())

    def __bool__(self) -> bool:
        return bool(self.star_tag) or bool(self._strong_tags or self._weak_tags)

    def __len__(self) -> int:
        return len(self._strong_tags)

    def __iter__(self) -> Iterator[str]:
        return iter(self._strong_tags)

    def __contains__(self, etag: object) -> bool:
        return self.contains(etag)  # type: ignore[arg-type]

    def is_strong(self, etag: str) -> bool:
        """Whether ``etag`` is one of the strong tags."""
        return etag in self._strong_tags

    def is_weak(self, etag: str) -> bool:
        """Whether ``etag`` is one of the weak tags."""
        return etag in self._weak_tags

    def contains(self, etag: str) -> bool:
        """Whether ``etag`` matches a strong tag, or the set is ``*``. Same
        as ``etag in etags``."""
        return bool(self.star_tag) or self.is_strong(etag)

    def contains_weak(self, etag: str) -> bool:
        """Whether ``etag`` matches, weak tags included."""
        return self.is_weak(etag) or self.contains(etag)

    def contains_raw(self, etag: str) -> bool:
        """Like :meth:`contains` for a quoted tag as it appears in a header;
        a weak one (``W/"..."``) is matched against the weak tags too."""
        from ..http import unquote_etag

        tag, weak = unquote_etag(etag)
        matcher = self.contains_weak if weak else self.contains
        return matcher(tag)

    def as_set(self, include_weak: bool = False) -> set[str]:
        """Returns the strong tags (and the weak ones if ``include_weak``) as
        a :class:`set`."""
        return set(
            self._strong_tags | self._weak_tags if include_weak else self._strong_tags
        )

    def __call__(
        self,
        etag: str | None = None,
        data: bytes | None = None,
        include_weak: bool = False,
    ) -> bool:
        """Whether ``etag``, or the tag generated for ``data``, is in the
        set; ``*`` is not taken into account."""
        if etag is None and data is None:
            raise TypeError(
                "'data' is required when 'etag' is not given: pass the tag"
                " or the data to generate it from."
            )
        if etag is None:
            from ..http import generate_etag

            etag = generate_etag(t.cast(bytes, data))
        return etag in self._strong_tags or (
            bool(include_weak) and etag in self._weak_tags
        )

    def to_header(self) -> str:
        """Returns the set as a header value."""
        if self.star_tag:
            return "*"
        quoted = [f'"{tag}"' for tag in self._strong_tags]
        quoted.extend(f'W/"{tag}"' for tag in self._weak_tags)
        return ", ".join(quoted)

    def __str__(self) -> str:
        return self.to_header()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.to_header()!r}>"
