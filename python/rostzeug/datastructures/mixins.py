"""Mixins that make dicts, lists and headers read-only, or report changes."""

from __future__ import annotations

import typing as t
from collections.abc import Callable
from collections.abc import Iterable
from collections.abc import Mapping

K = t.TypeVar("K")
V = t.TypeVar("V")
T = t.TypeVar("T")


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

    if t.TYPE_CHECKING:
        # What the class decorator installs, as the type checker sees it.
        def __delitem__(self, key: t.Any) -> t.NoReturn: ...
        def __setitem__(self, key: t.Any, value: t.Any) -> t.NoReturn: ...
        def __iadd__(self, other: t.Any) -> t.NoReturn: ...
        def __imul__(self, other: t.Any) -> t.NoReturn: ...
        def append(self, item: t.Any) -> t.NoReturn: ...
        def extend(self, iterable: t.Any) -> t.NoReturn: ...
        def insert(self, pos: t.Any, value: t.Any) -> t.NoReturn: ...
        def remove(self, item: t.Any) -> t.NoReturn: ...
        def pop(self, index: t.Any = -1) -> t.NoReturn: ...
        def reverse(self) -> t.NoReturn: ...
        def sort(self, key: t.Any = None, reverse: t.Any = False) -> t.NoReturn: ...


@_refuse_changes(*_DICT_CHANGES)
class ImmutableDictMixin(_CachedHash, t.Generic[K, V]):
    """Makes a :class:`dict` read-only and hashable: every method that would
    change it raises :exc:`TypeError`, ``|=`` included."""

    @t.overload
    @classmethod
    def fromkeys(
        cls, keys: Iterable[K], value: None = None
    ) -> ImmutableDictMixin[K, t.Any | None]: ...
    @t.overload
    @classmethod
    def fromkeys(cls, keys: Iterable[K], value: V) -> ImmutableDictMixin[K, V]: ...
    @classmethod
    def fromkeys(
        cls, keys: Iterable[K], value: V | None = None
    ) -> ImmutableDictMixin[K, t.Any | None] | ImmutableDictMixin[K, V]:
        return cls([(key, value) for key in keys])  # type: ignore[call-arg]

    def _iter_hashitems(self) -> t.Iterable[t.Any]:
        # The mixin is only used with dict classes.
        items: t.Iterable[t.Any] = self.items()  # type: ignore[attr-defined]
        return items

    def _hash_source(self) -> t.Any:
        return frozenset(self._iter_hashitems())

    def __reduce_ex__(self, protocol: t.SupportsIndex) -> t.Any:
        return type(self), (dict(self),)  # type: ignore[call-overload]

    if t.TYPE_CHECKING:
        # What the class decorator installs, as the type checker sees it.
        def __setitem__(self, key: t.Any, value: t.Any) -> t.NoReturn: ...
        def __delitem__(self, key: t.Any) -> t.NoReturn: ...
        def __ior__(self, other: t.Any) -> t.NoReturn: ...
        def clear(self) -> t.NoReturn: ...
        def pop(self, key: t.Any, default: t.Any = None) -> t.NoReturn: ...
        def popitem(self) -> t.NoReturn: ...
        def setdefault(self, key: t.Any, default: t.Any = None) -> t.NoReturn: ...
        def update(self, arg: t.Any = None, /, **kwargs: t.Any) -> t.NoReturn: ...


@_refuse_changes(*_MULTIDICT_CHANGES)
class ImmutableMultiDictMixin(ImmutableDictMixin[K, V]):
    """Makes a :class:`MultiDict` read-only and hashable."""

    def _iter_hashitems(self) -> t.Iterable[t.Any]:
        items: t.Iterable[t.Any] = self.items(multi=True)  # type: ignore[attr-defined]
        return items

    def __reduce_ex__(self, protocol: t.SupportsIndex) -> t.Any:
        return type(self), (list(self.items(multi=True)),)  # type: ignore[attr-defined]

    if t.TYPE_CHECKING:
        # What the class decorator installs, as the type checker sees it.
        def add(self, key: t.Any, value: t.Any) -> t.NoReturn: ...
        def poplist(self, key: t.Any) -> t.NoReturn: ...
        def popitemlist(self) -> t.NoReturn: ...
        def setlist(self, key: t.Any, new_list: t.Any) -> t.NoReturn: ...
        def setlistdefault(
            self, key: t.Any, default_list: t.Any = None
        ) -> t.NoReturn: ...


@_refuse_changes(*_HEADERS_CHANGES)
class ImmutableHeadersMixin:
    """Makes a :class:`Headers` read-only. Unlike the other immutable mixins
    it does not make the object hashable: read-only headers are views of data
    that may still change."""

    if t.TYPE_CHECKING:
        # What the class decorator installs, as the type checker sees it.
        def __setitem__(self, key: t.Any, value: t.Any) -> t.NoReturn: ...
        def __delitem__(self, key: t.Any) -> t.NoReturn: ...
        def __ior__(self, other: t.Any) -> t.NoReturn: ...
        def add(self, key: t.Any, value: t.Any, /, **kwargs: t.Any) -> t.NoReturn: ...
        def add_header(
            self, key: t.Any, value: t.Any, /, **kwargs: t.Any
        ) -> t.NoReturn: ...
        def extend(self, arg: t.Any = None, /, **kwargs: t.Any) -> t.NoReturn: ...
        def insert(self, pos: t.Any, value: t.Any) -> t.NoReturn: ...
        def pop(self, key: t.Any = None, default: t.Any = None) -> t.NoReturn: ...
        def popitem(self) -> t.NoReturn: ...
        def remove(self, key: t.Any) -> t.NoReturn: ...
        def set(self, key: t.Any, value: t.Any, /, **kwargs: t.Any) -> t.NoReturn: ...
        def setdefault(self, key: t.Any, default: t.Any) -> t.NoReturn: ...
        def setlist(self, key: t.Any, values: t.Any) -> t.NoReturn: ...
        def setlistdefault(self, key: t.Any, default: t.Any) -> t.NoReturn: ...
        def update(self, arg: t.Any = None, /, **kwargs: t.Any) -> t.NoReturn: ...


class UpdateDictMixin(dict[K, V]):
    """Calls ``self.on_update(self)`` after every change to the dict.

    Methods that may change it but did not (``pop`` of a missing key with a
    default, ``setdefault`` of a present key) do not call it.
    """

    on_update: Callable[[t.Self], None] | None = None

    def _changed(self: t.Self) -> None:
        callback = self.on_update
        if callback is not None:
            callback(self)

    def setdefault(self, key: K, default: V | None = None) -> V:
        if key in self:
            return self[key]
        super().__setitem__(key, default)  # type: ignore[assignment]
        self._changed()
        return default  # type: ignore[return-value]

    @t.overload
    def pop(self, key: K) -> V: ...
    @t.overload
    def pop(self, key: K, default: V) -> V: ...
    @t.overload
    def pop(self, key: K, default: T) -> V | T: ...
    def pop(self, key: K, default: V | T = _missing) -> V | T:
        if key not in self:
            if default is _missing:
                raise KeyError(key)
            return default
        value = super().pop(key)
        self._changed()
        return value

    def __setitem__(self, key: K, value: V) -> None:
        super().__setitem__(key, value)
        self._changed()

    def __delitem__(self, key: K) -> None:
        super().__delitem__(key)
        self._changed()

    def clear(self) -> None:
        super().clear()
        self._changed()

    def popitem(self) -> tuple[K, V]:
        item = super().popitem()
        self._changed()
        return item

    def update(  # type: ignore[override]
        self,
        arg: Mapping[K, V] | Iterable[tuple[K, V]] | None = None,
        /,
        **kwargs: V,
    ) -> None:
        super().update(() if arg is None else arg, **kwargs)
        self._changed()

    def __ior__(  # type: ignore[override,misc]
        self, other: Mapping[K, V] | Iterable[tuple[K, V]]
    ) -> t.Self:
        super().__ior__(other)
        self._changed()
        return self
