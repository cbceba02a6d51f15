"""The ``Cache-Control`` header of requests and responses."""

from __future__ import annotations

import typing as t
from collections.abc import Callable
from collections.abc import Iterable
from collections.abc import Mapping
from inspect import cleandoc

from .mixins import ImmutableDictMixin
from .structures import CallbackDict

V = t.TypeVar("V")


def cache_control_property(
    key: str, empty: t.Any, type: type[t.Any] | None, *, doc: str | None = None
) -> t.Any:
    """Returns a property for the directive ``key`` of a cache control
    object; for subclasses that add directives.

    :param key: the directive name, as in the header.
    :param empty: the value when the directive is present without a value.
    :param type: converts the value from its string (None for strings);
        when it raises :exc:`ValueError`, the property is None. ``bool``
        makes a flag that is true when the directive is present.
    :param doc: the property's docstring; made from the other arguments
        when not given.
    """
    if doc is None:
        if type is bool:
            doc = f"The ``{key}`` directive: a ``bool``, whether it is present."
        else:
            kind = "str" if type is None else type.__name__
            doc = f"The ``{key}`` directive: a ``{kind}``,"
            if empty is not None:
                doc += f" ``{empty!r}`` when present without a value,"
            doc += " or ``None`` when not present."

    def read(owner: _CacheControl) -> t.Any:
        return owner._get_cache_value(key, empty, type)

    def write(owner: _CacheControl, value: t.Any) -> None:
        owner._set_cache_value(key, value, type)

    def remove(owner: _CacheControl) -> None:
        owner._del_cache_value(key)

    return property(read, write, remove, doc=cleandoc(doc))


# Marks a directive missing from the dict, as None means "no value".
_ABSENT: t.Any = object()


def _convert(type: type[t.Any], raw: str) -> t.Any:
    try:
        return type(raw)
    except ValueError:
        # An unusable value reads as if the directive had none.
        return None


class _DirectiveMap(CallbackDict[str, V]):
    """A dict of header directives that knows whether the header was sent
    and renders itself with :meth:`to_header`."""

    def __init__(
        self,
        values: Mapping[str, V] | Iterable[tuple[str, V]] | None = (),
        on_update: Callable[[t.Self], None] | None = None,
    ) -> None:
        super().__init__(values, on_update)
        #: Whether the header was sent.
        self.provided = values is not None

    def _discard(self, key: str) -> None:
        # Deleting a missing directive is not an error.
        if key in self:
            del self[key]

    def to_header(self) -> str:
        """Returns the directives as a header value."""
        raise NotImplementedError

    def __str__(self) -> str:
        return self.to_header()

    def __repr__(self) -> str:
        listed = " ".join(f"{name}={val!r}" for name, val in sorted(self.items()))
        return f"<{type(self).__name__} {listed}>"


class _CacheControl(_DirectiveMap[str | None]):
    """The directives of a ``Cache-Control`` header, as a dict from
    directive name to its value (a string, or None when it has no value).
    Each directive also has a property, its name with underscores for dashes
    (``max_age``), which converts the value to its type.

    Setting a property converts the value to a string; setting a flag to
    false, or another property to None or False, removes the directive.

    ``str()`` or :meth:`to_header` gives the header value.

    :param values: the directives to start with, or None when the header
        was not sent (:attr:`provided` is false then).
    :param on_update: called with the object after each change.
    """

    no_store: bool = cache_control_property("no-store", None, bool)
    max_age: int | None = cache_control_property("max-age", None, int)
    no_transform: bool = cache_control_property("no-transform", None, bool)
    stale_if_error: int | None = cache_control_property("stale-if-error", None, int)

    def _get_cache_value(
        self, key: str, empty: t.Any, type: type[t.Any] | None
    ) -> t.Any:
        raw = self.get(key, _ABSENT)
        if type is bool:
            return raw is not _ABSENT
        if raw is _ABSENT:
            return None
        if raw is None:
            return empty
        return raw if type is None else _convert(type, raw)

    def _set_cache_value(
        self, key: str, value: t.Any, type: type[t.Any] | None
    ) -> None:
        # Flags are stored as a directive without a value; None, False and
        # a false flag remove the directive.
        if value is None or value is False or (type is bool and not value):
            self.pop(key, None)
        elif value is True or type is bool:
            self[key] = None
        else:
            self[key] = str(value if type is None else type(value))

    def _del_cache_value(self, key: str) -> None:
        self._discard(key)

    def to_header(self) -> str:
        """Returns the directives as a header value."""
        from ..http import dump_header

        return dump_header(self)

    cache_property = staticmethod(cache_control_property)


class RequestCacheControl(  # type: ignore[misc]
    ImmutableDictMixin[str, str | None], _CacheControl
):
    """The read-only ``Cache-Control`` header of a request, with properties
    for the request directives."""

    no_cache: bool = cache_control_property("no-cache", None, bool)
    max_stale: int | t.Literal[True] | None = cache_control_property(
        "max-stale", True, int
    )
    min_fresh: int | None = cache_control_property("min-fresh", None, int)
    only_if_cached: bool = cache_control_property("only-if-cached", None, bool)


class ResponseCacheControl(_CacheControl):
    """The ``Cache-Control`` header of a response, with properties for the
    response directives. Changes update the response header."""

    no_cache: str | t.Literal[True] | None = cache_control_property(
        "no-cache", True, None
    )
    public: bool = cache_control_property("public", None, bool)
    private: str | t.Literal[True] | None = cache_control_property(
        "private", True, None
    )
    must_revalidate: bool = cache_control_property("must-revalidate", None, bool)
    proxy_revalidate: bool = cache_control_property("proxy-revalidate", None, bool)
    s_maxage: int | None = cache_control_property("s-maxage", None, int)
    immutable: bool = cache_control_property("immutable", None, bool)
    must_understand: bool = cache_control_property("must-understand", None, bool)
    stale_while_revalidate: int | None = cache_control_property(
        "stale-while-revalidate", None, int
    )
