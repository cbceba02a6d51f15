"""Sets of entity tags, as in the ``If-Match`` and ``If-None-Match`` headers."""

from __future__ import annotations

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
        if not star_tag and strong_etags:
            self._strong = frozenset(strong_etags)
        else:
            self._strong = frozenset()
        self._weak = frozenset(weak_etags or ())
        self.star_tag = star_tag

    def as_set(self, include_weak: bool = False) -> set[str]:
        """Returns the strong tags (and the weak ones if ``include_weak``) as
        a :class:`set`."""
        rv = set(self._strong)
        if include_weak:
            rv.update(self._weak)
        return rv

    def is_weak(self, etag: str) -> bool:
        """Whether ``etag`` is one of the weak tags."""
        return etag in self._weak

    def is_strong(self, etag: str) -> bool:
        """Whether ``etag`` is one of the strong tags."""
        return etag in self._strong

    def contains_weak(self, etag: str) -> bool:
        """Whether ``etag`` matches, weak tags included."""
        return self.is_weak(etag) or self.contains(etag)

    def contains(self, etag: str) -> bool:
        """Whether ``etag`` matches a strong tag, or the set is ``*``. Same
        as ``etag in etags``."""
        if self.star_tag:
            return True
        return self.is_strong(etag)

    def contains_raw(self, etag: str) -> bool:
        """Like :meth:`contains` for a quoted tag as it appears in a header;
        a weak one (``W/"..."``) is matched against the weak tags too."""
        from ..http import unquote_etag

        tag, weak = unquote_etag(etag)
        if weak:
            return self.contains_weak(tag)  # type: ignore[arg-type]
        return self.contains(tag)  # type: ignore[arg-type]

    def to_header(self) -> str:
        """Returns the set as a header value."""
        if self.star_tag:
            return "*"
        return ", ".join(
            [f'"{x}"' for x in self._strong] + [f'W/"{x}"' for x in self._weak]
        )

    def __call__(
        self,
        etag: str | None = None,
        data: bytes | None = None,
        include_weak: bool = False,
    ) -> bool:
        """Whether ``etag``, or the tag generated for ``data``, is in the
        set; ``*`` is not taken into account."""
        if etag is None:
            if data is None:
                raise TypeError(
                    "'data' is required when 'etag' is not given: pass the tag"
                    " or the data to generate it from."
                )
            from ..http import generate_etag

            etag = generate_etag(data)
        if include_weak and etag in self._weak:
            return True
        return etag in self._strong

    def __bool__(self) -> bool:
        return bool(self.star_tag or self._strong or self._weak)

    def __str__(self) -> str:
        return self.to_header()

    def __len__(self) -> int:
        return len(self._strong)

    def __iter__(self) -> Iterator[str]:
        return iter(self._strong)

    def __contains__(self, etag: object) -> bool:
        return self.contains(etag)  # type: ignore[arg-type]

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {str(self)!r}>"
