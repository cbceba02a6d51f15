"""Mixins that make dicts, lists and headers read-only, or report changes."""

from __future__ import annotations

import typing as t
from collections.abc import Callable


class _Missing:
    """The sentinel of arguments that were not given (``None`` is a value)."""

    def __repr__(self) -> str:
        return "no value"

    def __reduce__(self) -> str:
        return "_missing"


_missing: t.Any = _Missing()

_Cls = t.TypeVar("_Cls", bound=type)


def _refuse_changes(*method_names: str) -> Callable[[_Cls], _Cls]:
    """Class decorator: install every named method as one that raises
    :exc:`TypeError`, whatever arguments it is called with."""

    def install(cls: _Cls) -> _Cls:
        for method_name in method_names:

            def refuse(self: object, *args: t.Any, **kwargs: t.Any) -> t.NoReturn:
                raise TypeError(f"{type(self).__name__!r} objects are immutable")

            refuse.__name__ = method_name
            refuse.__qualname__ = f"{cls.__qualname__}.{method_name}"
            setattr(cls, method_name, refuse)
        return cls

    return install


class _CachedHash:
    """Hashes the contents once; read-only containers never change."""

    _hash_cache: int | None = None

    def _hash_source(self) -> t.Any:
        raise NotImplementedError

    def __hash__(self) -> int:
        cached = self._hash_cache
        if cached is None:
            cached = hash(self._hash_source())
            self._hash_cache = cached
        return cached


_LIST_CHANGES = (
    "__delitem__ __setitem__ __iadd__ __imul__ append extend insert remove pop "
    "reverse sort"
).split()
_DICT_CHANGES = (
    "__setitem__ __delitem__ __ior__ clear pop popitem setdefault update"
).split()
_MULTIDICT_CHANGES = "add poplist popitemlist setlist setlistdefault".split()
_HEADERS_CHANGES = (
    "__setitem__ __delitem__ __ior__ add add_header extend insert pop popitem "
    "remove set setdefault setlist setlistdefault update"
).split()


@_refuse_changes(*_LIST_CHANGES)
class ImmutableListMixin(_CachedHash):
    """Makes a :class:`list` read-only and hashable: every method that would
    change it raises :exc:`TypeError`."""

    def _hash_source(self) -> t.Any:
        return tuple(self)  # type: ignore[arg-type]

    def __reduce_ex__(self, protocol: t.SupportsIndex) -> t.Any:
        return type(self), (list(self),)  # type: ignore[call-overload]


@_refuse_changes(*_DICT_CHANGES)
class ImmutableDictMixin(_CachedHash):
    """Makes a :class:`dict` read-only and hashable: every method that would
    change it raises :exc:`TypeError`, ``|=`` included."""

    @classmethod
    def fromkeys(cls, keys: t.Any, value: t.Any = None) -> t.Any:
        return cls([(key, value) for key in keys])  # type: ignore[call-arg]

    def _iter_hashitems(self) -> t.Iterable[t.Any]:
        return self.items()  # type: ignore[attr-defined,no-any-return]

    def _hash_source(self) -> t.Any:
        return frozenset(self._iter_hashitems())

    def __reduce_ex__(self, protocol: t.SupportsIndex) -> t.Any:
        return type(self), (dict(self),)  # type: ignore[call-overload]


@_refuse_changes(*_MULTIDICT_CHANGES)
class ImmutableMultiDictMixin(ImmutableDictMixin):
    """Makes a :class:`MultiDict` read-only and hashable."""

    def _iter_hashitems(self) -> t.Iterable[t.Any]:
        return self.items(multi=True)  # type: ignore[attr-defined,no-any-return]

    def __reduce_ex__(self, protocol: t.SupportsIndex) -> t.Any:
        return type(self), (list(self.items(multi=True)),)  # type: ignore[attr-defined]


@_refuse_changes(*_HEADERS_CHANGES)
class ImmutableHeadersMixin:
    """Makes a :class:`Headers` read-only. Unlike the other immutable mixins
    it does not make the object hashable: read-only headers are views of data
    that may still change."""


class UpdateDictMixin(dict[t.Any, t.Any]):
    """Calls ``self.on_update(self)`` after every change to the dict.

    Methods that may change it but did not (``pop`` of a missing key with a
    default, ``setdefault`` of a present key) do not call it.
    """

    on_update: Callable[[t.Any], None] | None = None

    def _changed(self) -> None:
        callback = self.on_update
        if callback is not None:
            callback(self)

    def setdefault(self, key: t.Any, default: t.Any = None) -> t.Any:
        if key in self:
            return self[key]
        super().__setitem__(key, default)
        self._changed()
        return default

    def pop(self, key: t.Any, default: t.Any = _missing) -> t.Any:
        if key not in self:
            if default is _missing:
                raise KeyError(key)
            return default
        value = super().pop(key)
        self._changed()
        return value

    def __setitem__(self, key: t.Any, value: t.Any) -> None:
        super().__setitem__(key, value)
        self._changed()

    def __delitem__(self, key: t.Any) -> None:
        super().__delitem__(key)
        self._changed()

    def clear(self) -> None:
        super().clear()
        self._changed()

    def popitem(self) -> t.Any:
        item = super().popitem()
        self._changed()
        return item

    def update(self, arg: t.Any = None, /, **kwargs: t.Any) -> None:
        super().update(() if arg is None else arg, **kwargs)
        self._changed()

    def __ior__(self, other: t.Any) -> t.Any:  # type: ignore[misc]
        super().__ior__(other)
        self._changed()
        return self
