"""Dicts and lists for HTTP data: the :class:`MultiDict` family."""

from __future__ import annotations

import typing as t
from collections.abc import Callable
from collections.abc import Iterable
from collections.abc import Iterator
from collections.abc import Mapping
from collections.abc import MutableSet
from contextlib import suppress
from copy import deepcopy

from .. import exceptions
from .mixins import ImmutableDictMixin
from .mixins import ImmutableListMixin
from .mixins import ImmutableMultiDictMixin
from .mixins import UpdateDictMixin
from .mixins import _missing

K = t.TypeVar("K")
V = t.TypeVar("V")
T = t.TypeVar("T")


def iter_multi_items(
    mapping: (
        MultiDict[K, V]
        | Mapping[K, V | list[V] | tuple[V, ...] | set[V]]
        | Iterable[tuple[K, V]]
    ),
) -> Iterator[tuple[K, V]]:
    """Iterates over the items of a mapping, yielding every value of a
    :class:`MultiDict` and each item of a list or tuple value separately.
    """
    if isinstance(mapping, MultiDict):
        yield from mapping.items(multi=True)
    elif isinstance(mapping, Mapping):
        for key, value in mapping.items():
            if isinstance(value, (list, tuple, set)):
                for item in value:
                    yield key, item
            else:
                yield key, value
    else:
        yield from mapping


def _group_values(mapping: t.Any) -> dict[t.Any, list[t.Any]]:
    """Builds the storage of a :class:`MultiDict`: each key with the list of
    its values. In a plain mapping a list, tuple or set value stands for
    several values, and an empty one drops the key."""
    if mapping is None:
        return {}
    if isinstance(mapping, MultiDict):
        return {key: list(values) for key, values in mapping.lists()}
    grouped: dict[t.Any, list[t.Any]] = {}
    if isinstance(mapping, Mapping):
        for key, given in mapping.items():
            several = isinstance(given, (list, tuple, set))
            values = list(given) if several else [given]
            if values:
                grouped[key] = values
        return grouped
    for key, value in mapping:
        grouped.setdefault(key, []).append(value)
    return grouped


def _convert_each(
    values: list[t.Any],
    convert: Callable[[t.Any], t.Any] | None,
    rejected: tuple[type[Exception], ...] = (ValueError, TypeError),
) -> list[t.Any]:
    """Applies ``convert`` to each value, leaving out the values it rejects
    by raising one of ``rejected`` (the ``type=`` argument of the lookup
    methods). Without ``convert``, returns ``values`` itself."""
    if convert is None:
        return values
    converted = []
    for value in values:
        try:
            converted.append(convert(value))
        except rejected:
            continue
    return converted


class ImmutableList(ImmutableListMixin, list[V]):  # type: ignore[misc]
    """A :class:`list` that raises :exc:`TypeError` on any change."""

    def __repr__(self) -> str:
        return f"{type(self).__name__}({list.__repr__(self)})"


class TypeConversionDict(dict[K, V]):
    """A :class:`dict` whose :meth:`get` can convert the value with a
    ``type`` callable, falling back to the default when that raises
    :exc:`ValueError` or :exc:`TypeError`.
    """

    @t.overload  # type: ignore[override]
    def get(self, key: K) -> V | None: ...
    @t.overload
    def get(self, key: K, default: V) -> V: ...
    @t.overload
    def get(self, key: K, default: T) -> V | T: ...
    @t.overload
    def get(self, key: K, *, type: Callable[[V], T]) -> T | None: ...
    @t.overload
    def get(self, key: K, default: T, type: Callable[[V], T]) -> T: ...
    def get(
        self,
        key: K,
        default: V | T | None = None,
        type: Callable[[V], T] | None = None,
    ) -> V | T | None:
        """Returns the value of ``key``, or ``default`` when it is missing.

        :param default: returned when the key is missing or ``type``
            rejects the value.
        :param type: converts the value; when it raises :exc:`ValueError`
            or :exc:`TypeError`, ``default`` is returned instead.
        """
        try:
            found = self[key]
        except KeyError:
            return default
        converted = _convert_each([found], type)
        return converted[0] if converted else default


class ImmutableTypeConversionDict(  # type: ignore[misc]
    ImmutableDictMixin[K, V], TypeConversionDict[K, V]
):
    """A read-only :class:`TypeConversionDict`."""

    def copy(self) -> TypeConversionDict[K, V]:
        """Returns a mutable copy."""
        return TypeConversionDict(self)

    def __copy__(self) -> t.Self:
        return self


class MultiDict(TypeConversionDict[K, V]):
    """A :class:`dict` that keeps every value given for a key.

    Indexing returns the first value of a key; :meth:`getlist` returns all of
    them. Internally each key maps to the list of its values, which is why
    ``dict`` methods called on the class itself see lists.

    :param mapping: a mapping, a :class:`MultiDict`, or an iterable of
        ``(key, value)`` pairs.
    """

    def __init__(
        self,
        mapping: (
            MultiDict[K, V]
            | Mapping[K, V | list[V] | tuple[V, ...] | set[V]]
            | Iterable[tuple[K, V]]
            | None
        ) = None,
    ) -> None:
        super().__init__(_group_values(mapping))

    @classmethod
    def _from_lists(cls, lists: dict[K, list[V]]) -> t.Self:
        """Makes an instance from a dict of non-empty value lists, the layout
        the instance stores, without copying it item by item. The lists are
        taken over, not copied: the caller must not use them afterwards.

        Subclasses that store their data differently override this.
        """
        rv = cls.__new__(cls)
        dict.update(rv, lists)  # type: ignore[misc]
        return rv

    def __getstate__(self) -> t.Any:
        return dict(self.lists())

    def __setstate__(self, value: t.Any) -> None:
        dict.clear(self)
        dict.update(self, value)

    def __iter__(self) -> Iterator[K]:
        return dict.__iter__(self)

    def __getitem__(self, key: K) -> V:
        if key in self:
            # The dict stores each key's values as a list.
            lst: list[V] = dict.__getitem__(self, key)  # type: ignore[index]
            if lst:
                return lst[0]
        raise exceptions.BadRequestKeyError(key)

    def __setitem__(self, key: K, value: V) -> None:
        dict.__setitem__(self, key, [value])  # type: ignore[misc]

    def add(self, key: K, value: V) -> None:
        """Adds a value for a key, after the values it already has."""
        dict.setdefault(self, key, []).append(value)  # type: ignore[misc]

    @t.overload
    def getlist(self, key: K) -> list[V]: ...
    @t.overload
    def getlist(self, key: K, type: Callable[[V], T]) -> list[T]: ...
    def getlist(
        self, key: K, type: Callable[[V], T] | None = None
    ) -> list[V] | list[T]:
        """Returns the list of values for a key, empty when it is missing.

        :param type: converts each value; values it rejects with
            :exc:`ValueError` or :exc:`TypeError` are left out.
        """
        return _convert_each(list(dict.get(self, key, ())), type)  # type: ignore[arg-type]

    def setlist(self, key: K, new_list: Iterable[V]) -> None:
        """Replaces the values of a key with the items of ``new_list``."""
        dict.__setitem__(self, key, list(new_list))  # type: ignore[misc]

    @t.overload
    def setdefault(self, key: K) -> None: ...
    @t.overload
    def setdefault(self, key: K, default: V) -> V: ...
    def setdefault(self, key: K, default: V | None = None) -> V | None:
        """Returns the first value of a key, setting it to ``default`` first
        when the key is missing."""
        if key not in self:
            self[key] = default  # type: ignore[assignment]
        return self[key]

    def setlistdefault(
        self, key: K, default_list: Iterable[V] | None = None
    ) -> list[V]:
        """Like :meth:`setdefault`, for the list of values; the list returned
        is the stored one, so changing it changes the dict."""
        if key not in self:
            dict.__setitem__(self, key, list(default_list or ()))  # type: ignore[misc]
        return dict.__getitem__(self, key)  # type: ignore[index]

    def items(self, multi: bool = False) -> Iterable[tuple[K, V]]:  # type: ignore[override]
        """Yields ``(key, value)`` pairs: the first value of each key, or
        every value when ``multi`` is true."""
        if not multi:
            return ((key, values[0]) for key, values in dict.items(self))  # type: ignore[index]
        return ((key, value) for key, values in dict.items(self) for value in values)  # type: ignore[attr-defined]

    def lists(self) -> Iterable[tuple[K, list[V]]]:
        """Yields each key with a copy of the list of its values."""
        for key, values in dict.items(self):
            yield key, list(values)  # type: ignore[call-overload]

    def values(self) -> Iterable[V]:  # type: ignore[override]
        """Yields the first value of each key."""
        for values in dict.values(self):
            yield values[0]  # type: ignore[index]

    def listvalues(self) -> Iterable[list[V]]:
        """Yields the list of values of each key."""
        return iter(dict.values(self))  # type: ignore[return-value]

    def copy(self) -> t.Self:
        """Returns a shallow copy."""
        return self.__class__(self)

    def deepcopy(self, memo: t.Any = None) -> t.Self:
        """Returns a deep copy."""
        return self.__class__(deepcopy(self.to_dict(flat=False), memo))

    @t.overload
    def to_dict(self, flat: t.Literal[True] = ...) -> dict[K, V]: ...
    @t.overload
    def to_dict(self, flat: t.Literal[False]) -> dict[K, list[V]]: ...
    def to_dict(self, flat: bool = True) -> dict[K, V] | dict[K, list[V]]:
        """Returns a plain dict: the first value of each key, or the lists of
        values when ``flat`` is false."""
        if flat:
            return dict(self.items())
        return dict(self.lists())

    def update(  # type: ignore[override]
        self,
        mapping: (
            MultiDict[K, V]
            | Mapping[K, V | list[V] | tuple[V, ...] | set[V]]
            | Iterable[tuple[K, V]]
        ),
    ) -> None:
        """Adds the values of ``mapping`` after the values already there,
        unlike :meth:`dict.update`, which replaces them. A key whose list of
        values is empty is not created."""
        for key, value in iter_multi_items(mapping):
            self.add(key, value)

    def __or__(  # type: ignore[override]
        self, other: Mapping[K, V | list[V] | tuple[V, ...] | set[V]]
    ) -> MultiDict[K, V]:
        if not isinstance(other, Mapping):
            return NotImplemented
        rv = self.copy()
        rv.update(other)
        return rv

    def __ior__(  # type: ignore[override]
        self,
        other: (
            Mapping[K, V | list[V] | tuple[V, ...] | set[V]] | Iterable[tuple[K, V]]
        ),
    ) -> t.Self:
        if not isinstance(other, (Mapping, Iterable)):
            return NotImplemented
        self.update(other)
        return self

    @t.overload
    def pop(self, key: K) -> V: ...
    @t.overload
    def pop(self, key: K, default: V) -> V: ...
    @t.overload
    def pop(self, key: K, default: T) -> V | T: ...
    def pop(self, key: K, default: V | T = _missing) -> V | T:
        """Removes a key and returns its first value."""
        values: list[V] | None = dict.pop(self, key, None)  # type: ignore[assignment]
        if values:
            return values[0]
        if default is _missing:
            raise exceptions.BadRequestKeyError(key)
        return default

    def popitem(self) -> tuple[K, V]:
        """Removes an item and returns its key and first value."""
        try:
            key, values = dict.popitem(self)
        except KeyError as e:
            raise exceptions.BadRequestKeyError(e.args[0]) from None
        if not values:
            raise exceptions.BadRequestKeyError(key)
        return key, values[0]  # type: ignore[index]

    def poplist(self, key: K) -> list[V]:
        """Removes a key and returns all its values (empty when missing)."""
        return dict.pop(self, key, [])  # type: ignore[arg-type]

    def popitemlist(self) -> tuple[K, list[V]]:
        """Removes an item and returns its key with all its values."""
        try:
            return dict.popitem(self)  # type: ignore[arg-type]
        except KeyError as e:
            raise exceptions.BadRequestKeyError(e.args[0]) from None

    def __copy__(self) -> t.Self:
        return self.copy()

    def __deepcopy__(self, memo: t.Any) -> t.Self:
        return self.deepcopy(memo=memo)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({list(self.items(multi=True))!r})"


class ImmutableMultiDict(ImmutableMultiDictMixin[K, V], MultiDict[K, V]):  # type: ignore[misc]
    """A read-only :class:`MultiDict`: what request data is stored in."""

    def copy(self) -> MultiDict[K, V]:  # type: ignore[override]
        """Returns a mutable copy."""
        return MultiDict(self)

    def __copy__(self) -> t.Self:
        return self


class ImmutableDict(ImmutableDictMixin[K, V], dict[K, V]):  # type: ignore[misc]
    """A read-only :class:`dict`."""

    def __repr__(self) -> str:
        return f"{type(self).__name__}({dict.__repr__(self)})"

    def copy(self) -> dict[K, V]:
        """Returns a mutable copy."""
        return dict(self)

    def __copy__(self) -> t.Self:
        return self


class _omd_bucket(t.Generic[K, V]):
    """One value of an :class:`_OrderedMultiDict`. Buckets hash by identity,
    so the dict that records the order of all values can drop one in O(1)."""

    __slots__ = ("key", "value")

    def __init__(self, key: K, value: V) -> None:
        self.key = key
        self.value = value


_OMD_DEPRECATED = (
    "'OrderedMultiDict' is deprecated and will be removed, as in Werkzeug 3.2."
    " Use 'MultiDict' instead."
)


def _bucket_values(buckets: Iterable[_omd_bucket[K, V]]) -> list[V]:
    return [bucket.value for bucket in buckets]


class _OrderedMultiDict(MultiDict[K, V]):
    """A :class:`MultiDict` that keeps the order of all values across keys:
    ``items(multi=True)`` yields them in the order they were added.

    Each key maps to a list of buckets, so ``dict(omd)`` shows those buckets;
    use :meth:`to_dict` instead.

    .. deprecated:: 3.1
        Use :class:`MultiDict`, which keeps the order of keys and of the
        values of each key.
    """

    # The grouped value lists have lost the order across keys that this class
    # exists to keep, so callers holding such lists must build the instance
    # from ``(key, value)`` pairs instead.
    _from_lists = None  # type: ignore[assignment]

    def __init__(
        self,
        mapping: (
            MultiDict[K, V]
            | Mapping[K, V | list[V] | tuple[V, ...] | set[V]]
            | Iterable[tuple[K, V]]
            | None
        ) = None,
    ) -> None:
        import warnings

        warnings.warn(_OMD_DEPRECATED, DeprecationWarning, stacklevel=2)
        super().__init__()
        # Every bucket of every key, in the order they were added; a dict
        # rather than a list so that removing one does not shift the rest.
        self._sequence: dict[_omd_bucket[K, V], None] = {}
        if mapping is not None:
            self.update(mapping)

    def _buckets_of(self, key: K) -> list[_omd_bucket[K, V]]:
        return dict.get(self, key, [])  # type: ignore[arg-type]

    def _forget(self, buckets: Iterable[_omd_bucket[K, V]]) -> list[V]:
        """Drops removed buckets from the order and returns their values."""
        for bucket in buckets:
            del self._sequence[bucket]
        return _bucket_values(buckets)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, MultiDict):
            return NotImplemented
        if isinstance(other, _OrderedMultiDict):
            # Between two ordered dicts the order across keys matters too.
            ours = list(self.items(multi=True))
            theirs = list(other.items(multi=True))
            return ours == theirs
        return len(self) == len(other) and all(
            other.getlist(key) == values for key, values in self.lists()
        )

    __hash__ = None  # type: ignore[assignment]

    def __getstate__(self) -> t.Any:
        # All pairs in order: the one form that keeps the order across keys.
        return [(bucket.key, bucket.value) for bucket in self._sequence]

    def __reduce_ex__(self, protocol: t.SupportsIndex) -> t.Any:
        return type(self), (self.__getstate__(),)

    def __setstate__(self, values: t.Any) -> None:
        self.clear()
        self.update(values)

    def clear(self) -> None:
        dict.clear(self)
        self._sequence.clear()

    def __getitem__(self, key: K) -> V:
        buckets = self._buckets_of(key)
        if not buckets:
            raise exceptions.BadRequestKeyError(key)
        return buckets[0].value

    def __setitem__(self, key: K, value: V) -> None:
        self.setlist(key, (value,))

    def __delitem__(self, key: K) -> None:
        self.pop(key)

    def items(self, multi: bool = False) -> Iterable[tuple[K, V]]:  # type: ignore[override]
        if multi:
            return ((bucket.key, bucket.value) for bucket in self._sequence)
        return ((key, self[key]) for key in self)

    # Keys leave only with all their buckets, so the dict's own key order is
    # the order of each key's first value still present.
    def keys(self) -> Iterable[K]:  # type: ignore[override]
        return iter(self)

    def values(self) -> Iterable[V]:  # type: ignore[override]
        return (self[key] for key in self)

    def lists(self) -> Iterable[tuple[K, list[V]]]:
        return ((key, self.getlist(key)) for key in self)

    def listvalues(self) -> Iterable[list[V]]:
        return (self.getlist(key) for key in self)

    def add(self, key: K, value: V) -> None:
        bucket = _omd_bucket(key, value)
        dict.setdefault(self, key, []).append(bucket)  # type: ignore[misc]
        self._sequence[bucket] = None

    @t.overload
    def getlist(self, key: K) -> list[V]: ...
    @t.overload
    def getlist(self, key: K, type: Callable[[V], T]) -> list[T]: ...
    def getlist(
        self, key: K, type: Callable[[V], T] | None = None
    ) -> list[V] | list[T]:
        return _convert_each(_bucket_values(self._buckets_of(key)), type)

    def setlist(self, key: K, new_list: Iterable[V]) -> None:
        self.poplist(key)
        self.update([(key, value) for value in new_list])

    def setlistdefault(self, key: t.Any, default_list: t.Any = None) -> t.NoReturn:
        raise TypeError("setlistdefault is unsupported for ordered multi dicts")

    def update(  # type: ignore[override]
        self,
        mapping: (
            MultiDict[K, V]
            | Mapping[K, V | list[V] | tuple[V, ...] | set[V]]
            | Iterable[tuple[K, V]]
        ),
    ) -> None:
        for key, value in iter_multi_items(mapping):
            self.add(key, value)

    def poplist(self, key: K) -> list[V]:
        return self._forget(dict.pop(self, key, []))  # type: ignore[arg-type]

    @t.overload
    def pop(self, key: K) -> V: ...
    @t.overload
    def pop(self, key: K, default: V) -> V: ...
    @t.overload
    def pop(self, key: K, default: T) -> V | T: ...
    def pop(self, key: K, default: V | T = _missing) -> V | T:
        if key not in self:
            if default is _missing:
                raise exceptions.BadRequestKeyError(key)
            return default
        return self.poplist(key)[0]

    def popitemlist(self) -> tuple[K, list[V]]:
        try:
            key, buckets = dict.popitem(self)
        except KeyError as empty:
            raise exceptions.BadRequestKeyError(empty.args[0]) from None
        return key, self._forget(buckets)  # type: ignore[arg-type]

    def popitem(self) -> tuple[K, V]:
        key, values = self.popitemlist()
        return key, values[0]


class CombinedMultiDict(ImmutableMultiDictMixin[K, V], MultiDict[K, V]):  # type: ignore[misc]
    """A read-only view over several :class:`MultiDict` instances: lookups
    try each in order, and :meth:`getlist` joins their values.

    >>> combined = CombinedMultiDict([MultiDict(a="1"), MultiDict(b="2")])
    >>> combined["b"]
    '2'

    :param dicts: the dicts to combine, searched in this order.
    """

    def __reduce_ex__(self, protocol: t.SupportsIndex) -> t.Any:
        return type(self), (self.dicts,)

    def __init__(self, dicts: Iterable[MultiDict[K, V]] | None = None) -> None:
        super().__init__()
        self.dicts: list[MultiDict[K, V]] = list(dicts or ())

    @classmethod
    def _from_lists(cls, lists: dict[K, list[V]]) -> t.Self:
        return cls([MultiDict._from_lists(lists)])

    @classmethod
    def fromkeys(cls, keys: t.Any, value: t.Any = None) -> t.NoReturn:
        raise TypeError(f"cannot create {cls.__name__!r} instances by fromkeys")

    def _holding(self, key: K) -> Iterator[MultiDict[K, V]]:
        """The combined dicts that have ``key``, in search order."""
        return (source for source in self.dicts if key in source)

    def __getitem__(self, key: K) -> V:
        source = next(self._holding(key), None)
        if source is None:
            raise exceptions.BadRequestKeyError(key)
        return source[key]

    @t.overload  # type: ignore[override]
    def get(self, key: K) -> V | None: ...
    @t.overload
    def get(self, key: K, default: V) -> V: ...
    @t.overload
    def get(self, key: K, default: T) -> V | T: ...
    @t.overload
    def get(self, key: K, *, type: Callable[[V], T]) -> T | None: ...
    @t.overload
    def get(self, key: K, default: T, type: Callable[[V], T]) -> T: ...
    def get(
        self,
        key: K,
        default: V | T | None = None,
        type: Callable[[V], T] | None = None,
    ) -> V | T | None:
        # A value the conversion rejects lets the next dict answer.
        for source in self._holding(key):
            converted: list[V | T] = _convert_each([source[key]], type)
            if converted:
                return converted[0]
        return default

    @t.overload
    def getlist(self, key: K) -> list[V]: ...
    @t.overload
    def getlist(self, key: K, type: Callable[[V], T]) -> list[T]: ...
    def getlist(
        self, key: K, type: Callable[[V], T] | None = None
    ) -> list[V] | list[T]:
        rv: list[t.Any] = []
        for d in self.dicts:
            rv.extend(d.getlist(key, type))  # type: ignore[arg-type]
        return rv

    def _key_set(self) -> set[K]:
        return set().union(*self.dicts)

    def keys(self) -> set[K]:  # type: ignore[override]
        return self._key_set()

    def __iter__(self) -> Iterator[K]:
        return iter(self._key_set())

    def items(self, multi: bool = False) -> Iterable[tuple[K, V]]:  # type: ignore[override]
        pairs = (pair for source in self.dicts for pair in source.items(multi))
        if multi:
            return pairs
        # Earlier dicts win, as in a lookup.
        first_values: dict[K, V] = {}
        for key, value in pairs:
            first_values.setdefault(key, value)
        return iter(first_values.items())

    def values(self) -> Iterable[V]:  # type: ignore[override]
        return (value for _, value in self.items())

    def lists(self) -> Iterable[tuple[K, list[V]]]:
        rv: dict[K, list[V]] = {}
        for d in self.dicts:
            for key, values in d.lists():
                rv.setdefault(key, []).extend(values)
        return rv.items()

    def listvalues(self) -> Iterable[list[V]]:
        return (x[1] for x in self.lists())

    def copy(self) -> MultiDict[K, V]:  # type: ignore[override]
        """Returns a mutable :class:`MultiDict` with the data as it is now;
        it does not follow later changes of the combined dicts."""
        return MultiDict(self)

    def __len__(self) -> int:
        return len(self._key_set())

    def __contains__(self, key: object) -> bool:
        return any(key in source for source in self.dicts)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.dicts!r})"


class _ImmutableOrderedMultiDict(  # type: ignore[misc]
    ImmutableMultiDictMixin[K, V], _OrderedMultiDict[K, V]
):
    """A read-only :class:`_OrderedMultiDict`.

    .. deprecated:: 3.1
        Use :class:`ImmutableMultiDict`.
    """

    def __init__(
        self,
        mapping: (
            MultiDict[K, V]
            | Mapping[K, V | list[V] | tuple[V, ...] | set[V]]
            | Iterable[tuple[K, V]]
            | None
        ) = None,
    ) -> None:
        super().__init__()
        if mapping is not None:
            for key, value in iter_multi_items(mapping):
                _OrderedMultiDict.add(self, key, value)

    def _iter_hashitems(self) -> t.Iterable[t.Any]:
        return enumerate(self.items(multi=True))

    def copy(self) -> _OrderedMultiDict[K, V]:  # type: ignore[override]
        """Returns a mutable copy."""
        return _OrderedMultiDict(self)

    def __copy__(self) -> t.Self:
        return self


class CallbackDict(UpdateDictMixin[K, V], dict[K, V]):
    """A :class:`dict` that calls ``on_update`` with itself after every
    change.

    :param initial: the items to start with.
    :param on_update: called with the dict after each change.
    """

    def __init__(
        self,
        initial: Mapping[K, V] | Iterable[tuple[K, V]] | None = None,
        on_update: Callable[[t.Self], None] | None = None,
    ) -> None:
        super().__init__(() if initial is None else initial)
        self.on_update = on_update

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {dict.__repr__(self)}>"


class HeaderSet(MutableSet[str]):
    """An ordered set of header values compared case-insensitively, as in the
    ``Vary``, ``Allow`` or ``Content-Language`` headers. The original casing
    is kept for output.

    >>> HeaderSet(["foo", "bar"])
    HeaderSet(['foo', 'bar'])

    :param headers: the values to start with.
    :param on_update: called with the set after each change.
    """

    def __init__(
        self,
        headers: Iterable[str] | None = None,
        on_update: Callable[[HeaderSet], None] | None = None,
    ) -> None:
        self._headers = list(headers or ())
        self._set = {x.lower() for x in self._headers}
        self.on_update = on_update

    def _changed(self) -> None:
        if self.on_update is not None:
            self.on_update(self)

    def add(self, header: str) -> None:
        """Adds a value, unless an equal one is there already."""
        self.update((header,))

    def remove(self, header: str) -> None:
        """Removes a value.

        :raise KeyError: if the value is not in the set.
        """
        try:
            position = self.index(header)
        except IndexError:
            raise KeyError(header) from None
        del self[position]  # keeps the lower-cased set in step, reports it

    def update(self, iterable: Iterable[str]) -> None:
        """Adds every value of ``iterable`` that is not there yet."""
        size_before = len(self._headers)
        for header in iterable:
            folded = header.lower()
            if folded in self._set:
                continue
            self._set.add(folded)
            self._headers.append(header)
        if len(self._headers) != size_before:
            self._changed()

    def discard(self, header: str) -> None:
        """Removes a value if it is there."""
        with suppress(KeyError):
            self.remove(header)

    def find(self, header: str) -> int:
        """Returns the position of a value, or -1 when it is not there."""
        wanted = header.lower()
        matches = (
            pos for pos, item in enumerate(self._headers) if item.lower() == wanted
        )
        return next(matches, -1)

    def index(self, header: str) -> int:
        """Returns the position of a value.

        :raise IndexError: if the value is not in the set.
        """
        position = self.find(header)
        if position == -1:
            raise IndexError(header)
        return position

    def clear(self) -> None:
        """Removes every value."""
        self._set.clear()
        self._headers.clear()
        self._changed()

    def as_set(self, preserve_casing: bool = False) -> set[str]:
        """Returns the values as a :class:`set`, lower-cased unless
        ``preserve_casing`` is true."""
        if preserve_casing:
            return set(self._headers)
        return set(self._set)

    def to_header(self) -> str:
        """Returns the set as a header value."""
        from ..http import quote_header_value

        return ", ".join(map(quote_header_value, self._headers))

    def __getitem__(self, idx: t.SupportsIndex) -> str:
        return self._headers[idx]

    def __delitem__(self, idx: t.SupportsIndex) -> None:
        rv = self._headers.pop(idx)
        self._set.remove(rv.lower())
        self._changed()

    def __setitem__(self, idx: t.SupportsIndex, value: str) -> None:
        old = self._headers[idx]
        self._set.remove(old.lower())
        self._headers[idx] = value
        self._set.add(value.lower())
        self._changed()

    def __contains__(self, header: object) -> bool:
        return isinstance(header, str) and header.lower() in self._set

    def __len__(self) -> int:
        return len(self._set)

    def __bool__(self) -> bool:
        return len(self._headers) > 0

    def __iter__(self) -> Iterator[str]:
        return iter(self._headers)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._headers!r})"

    def __str__(self) -> str:
        return self.to_header()  # subclasses may change the header form


_DEPRECATED_NAMES: dict[str, tuple[str, str]] = {
    # old name -> (what it resolves to here, the warning)
    "OrderedMultiDict": ("_OrderedMultiDict", _OMD_DEPRECATED),
    "ImmutableOrderedMultiDict": (
        "_ImmutableOrderedMultiDict",
        "'ImmutableOrderedMultiDict' is deprecated and will be removed, as"
        " in Werkzeug 3.2. Use 'ImmutableMultiDict' instead.",
    ),
}


def __getattr__(name: str) -> t.Any:
    if name not in _DEPRECATED_NAMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import warnings

    target, message = _DEPRECATED_NAMES[name]
    warnings.warn(message, DeprecationWarning, stacklevel=2)
    return globals()[target]
