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


def iter_multi_items(mapping: t.Any) -> Iterator[tuple[t.Any, t.Any]]:
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


class ImmutableList(ImmutableListMixin, list[t.Any]):  # type: ignore[misc]
    """A :class:`list` that raises :exc:`TypeError` on any change."""

    def __repr__(self) -> str:
        return f"{type(self).__name__}({list.__repr__(self)})"


class TypeConversionDict(dict[t.Any, t.Any]):
    """A :class:`dict` whose :meth:`get` can convert the value with a
    ``type`` callable, falling back to the default when that raises
    :exc:`ValueError` or :exc:`TypeError`.
    """

    def get(  # type: ignore[override]
        self,
        key: t.Any,
        default: t.Any = None,
        type: Callable[[t.Any], t.Any] | None = None,
    ) -> t.Any:
        try:
            found = self[key]
        except KeyError:
            return default
        converted = _convert_each([found], type)
        return converted[0] if converted else default


class ImmutableTypeConversionDict(ImmutableDictMixin, TypeConversionDict):  # type: ignore[misc]
    """A read-only :class:`TypeConversionDict`."""

    def copy(self) -> TypeConversionDict:
        """Returns a mutable copy."""
        return TypeConversionDict(self)

    def __copy__(self) -> t.Self:
        return self


class MultiDict(TypeConversionDict):
    """A :class:`dict` that keeps every value given for a key.

    Indexing returns the first value of a key; :meth:`getlist` returns all of
    them. Internally each key maps to the list of its values, which is why
    ``dict`` methods called on the class itself see lists.

    :param mapping: a mapping, a :class:`MultiDict`, or an iterable of
        ``(key, value)`` pairs.
    """

    def __init__(self, mapping: t.Any = None) -> None:
        super().__init__(_group_values(mapping))

    @classmethod
    def _from_lists(cls, lists: dict[t.Any, list[t.Any]]) -> t.Self:
        """Makes an instance from a dict of non-empty value lists, the layout
        the instance stores, without copying it item by item. The lists are
        taken over, not copied: the caller must not use them afterwards.

        Subclasses that store their data differently override this.
        """
        rv = cls.__new__(cls)
        dict.update(rv, lists)
        return rv

    def __getstate__(self) -> t.Any:
        return dict(self.lists())

    def __setstate__(self, value: t.Any) -> None:
        dict.clear(self)
        dict.update(self, value)

    def __iter__(self) -> Iterator[t.Any]:
        return dict.__iter__(self)

    def __getitem__(self, key: t.Any) -> t.Any:
        if key in self:
            lst = dict.__getitem__(self, key)
            if lst:
                return lst[0]
        raise exceptions.BadRequestKeyError(key)

    def __setitem__(self, key: t.Any, value: t.Any) -> None:
        dict.__setitem__(self, key, [value])

    def add(self, key: t.Any, value: t.Any) -> None:
        """Adds a value for a key, after the values it already has."""
        dict.setdefault(self, key, []).append(value)

    def getlist(
        self, key: t.Any, type: Callable[[t.Any], t.Any] | None = None
    ) -> list[t.Any]:
        """Returns the list of values for a key, empty when it is missing.

        :param type: converts each value; values it rejects with
            :exc:`ValueError` or :exc:`TypeError` are left out.
        """
        return _convert_each(list(dict.get(self, key, ())), type)

    def setlist(self, key: t.Any, new_list: Iterable[t.Any]) -> None:
        """Replaces the values of a key with the items of ``new_list``."""
        dict.__setitem__(self, key, list(new_list))

    def setdefault(self, key: t.Any, default: t.Any = None) -> t.Any:
        """Returns the first value of a key, setting it to ``default`` first
        when the key is missing."""
        if key not in self:
            self[key] = default
        return self[key]

    def setlistdefault(
        self, key: t.Any, default_list: Iterable[t.Any] | None = None
    ) -> list[t.Any]:
        """Like :meth:`setdefault`, for the list of values; the list returned
        is the stored one, so changing it changes the dict."""
        if key not in self:
            dict.__setitem__(self, key, list(default_list or ()))
        return dict.__getitem__(self, key)  # type: ignore[no-any-return]

    def items(self, multi: bool = False) -> Iterator[tuple[t.Any, t.Any]]:  # type: ignore[override]
        """Yields ``(key, value)`` pairs: the first value of each key, or
        every value when ``multi`` is true."""
        if not multi:
            return ((key, values[0]) for key, values in dict.items(self))
        return ((key, value) for key, values in dict.items(self) for value in values)

    def lists(self) -> Iterator[tuple[t.Any, list[t.Any]]]:
        """Yields each key with a copy of the list of its values."""
        for key, values in dict.items(self):
            yield key, list(values)

    def values(self) -> Iterator[t.Any]:  # type: ignore[override]
        """Yields the first value of each key."""
        for values in dict.values(self):
            yield values[0]

    def listvalues(self) -> Iterator[list[t.Any]]:
        """Yields the list of values of each key."""
        return iter(dict.values(self))

    def copy(self) -> t.Self:
        """Returns a shallow copy."""
        return self.__class__(self)

    def deepcopy(self, memo: t.Any = None) -> t.Self:
        """Returns a deep copy."""
        return self.__class__(deepcopy(self.to_dict(flat=False), memo))

    def to_dict(self, flat: bool = True) -> dict[t.Any, t.Any]:
        """Returns a plain dict: the first value of each key, or the lists of
        values when ``flat`` is false."""
        if flat:
            return dict(self.items())
        return dict(self.lists())

    def update(self, mapping: t.Any) -> None:  # type: ignore[override]
        """Adds the values of ``mapping`` after the values already there,
        unlike :meth:`dict.update`, which replaces them. A key whose list of
        values is empty is not created."""
        for key, value in iter_multi_items(mapping):
            self.add(key, value)

    def __or__(self, other: t.Any) -> t.Self:  # type: ignore[override]
        if not isinstance(other, Mapping):
            return NotImplemented
        rv = self.copy()
        rv.update(other)
        return rv

    def __ior__(self, other: t.Any) -> t.Self:  # type: ignore[override]
        if not isinstance(other, (Mapping, Iterable)):
            return NotImplemented
        self.update(other)
        return self

    def pop(self, key: t.Any, default: t.Any = _missing) -> t.Any:
        """Removes a key and returns its first value."""
        values = dict.pop(self, key, None)
        if values:
            return values[0]
        if default is _missing:
            raise exceptions.BadRequestKeyError(key)
        return default

    def popitem(self) -> tuple[t.Any, t.Any]:
        """Removes an item and returns its key and first value."""
        try:
            key, values = dict.popitem(self)
        except KeyError as e:
            raise exceptions.BadRequestKeyError(e.args[0]) from None
        if not values:
            raise exceptions.BadRequestKeyError(key)
        return key, values[0]

    def poplist(self, key: t.Any) -> list[t.Any]:
        """Removes a key and returns all its values (empty when missing)."""
        return dict.pop(self, key, [])  # type: ignore[no-any-return]

    def popitemlist(self) -> tuple[t.Any, list[t.Any]]:
        """Removes an item and returns its key with all its values."""
        try:
            return dict.popitem(self)  # type: ignore[no-any-return]
        except KeyError as e:
            raise exceptions.BadRequestKeyError(e.args[0]) from None

    def __copy__(self) -> t.Self:
        return self.copy()

    def __deepcopy__(self, memo: t.Any) -> t.Self:
        return self.deepcopy(memo=memo)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({list(self.items(multi=True))!r})"


class ImmutableMultiDict(ImmutableMultiDictMixin, MultiDict):  # type: ignore[misc]
    """A read-only :class:`MultiDict`: what request data is stored in."""

    def copy(self) -> MultiDict:  # type: ignore[override]
        """Returns a mutable copy."""
        return MultiDict(self)

    def __copy__(self) -> t.Self:
        return self


class ImmutableDict(ImmutableDictMixin, dict[t.Any, t.Any]):  # type: ignore[misc]
    """A read-only :class:`dict`."""

    def __repr__(self) -> str:
        return f"{type(self).__name__}({dict.__repr__(self)})"

    def copy(self) -> dict[t.Any, t.Any]:
        """Returns a mutable copy."""
        return dict(self)

    def __copy__(self) -> t.Self:
        return self


class _omd_bucket:
    """One value of an :class:`_OrderedMultiDict`. Buckets hash by identity,
    so the dict that records the order of all values can drop one in O(1)."""

    __slots__ = ("key", "value")

    def __init__(self, key: t.Any, value: t.Any) -> None:
        self.key = key
        self.value = value


_OMD_DEPRECATED = (
    "'OrderedMultiDict' is deprecated and will be removed, as in Werkzeug 3.2."
    " Use 'MultiDict' instead."
)


def _bucket_values(buckets: Iterable[_omd_bucket]) -> list[t.Any]:
    return [bucket.value for bucket in buckets]


class _OrderedMultiDict(MultiDict):
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

    def __init__(self, mapping: t.Any = None) -> None:
        import warnings

        warnings.warn(_OMD_DEPRECATED, DeprecationWarning, stacklevel=2)
        super().__init__()
        # Every bucket of every key, in the order they were added; a dict
        # rather than a list so that removing one does not shift the rest.
        self._sequence: dict[_omd_bucket, None] = {}
        if mapping is not None:
            self.update(mapping)

    def _buckets_of(self, key: t.Any) -> list[_omd_bucket]:
        return dict.get(self, key, [])  # type: ignore[no-any-return]

    def _forget(self, buckets: Iterable[_omd_bucket]) -> list[t.Any]:
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

    def __getitem__(self, key: t.Any) -> t.Any:
        buckets = self._buckets_of(key)
        if not buckets:
            raise exceptions.BadRequestKeyError(key)
        return buckets[0].value

    def __setitem__(self, key: t.Any, value: t.Any) -> None:
        self.setlist(key, (value,))

    def __delitem__(self, key: t.Any) -> None:
        self.pop(key)

    def items(self, multi: bool = False) -> Iterator[tuple[t.Any, t.Any]]:  # type: ignore[override]
        if multi:
            return ((bucket.key, bucket.value) for bucket in self._sequence)
        return ((key, self[key]) for key in self)

    # Keys leave only with all their buckets, so the dict's own key order is
    # the order of each key's first value still present.
    def keys(self) -> Iterator[t.Any]:  # type: ignore[override]
        return iter(self)

    def values(self) -> Iterator[t.Any]:  # type: ignore[override]
        return (self[key] for key in self)

    def lists(self) -> Iterator[tuple[t.Any, list[t.Any]]]:
        return ((key, self.getlist(key)) for key in self)

    def listvalues(self) -> Iterator[list[t.Any]]:
        return (self.getlist(key) for key in self)

    def add(self, key: t.Any, value: t.Any) -> None:
        bucket = _omd_bucket(key, value)
        dict.setdefault(self, key, []).append(bucket)
        self._sequence[bucket] = None

    def getlist(
        self, key: t.Any, type: Callable[[t.Any], t.Any] | None = None
    ) -> list[t.Any]:
        return _convert_each(_bucket_values(self._buckets_of(key)), type)

    def setlist(self, key: t.Any, new_list: Iterable[t.Any]) -> None:
        self.poplist(key)
        self.update([(key, value) for value in new_list])

    def setlistdefault(self, key: t.Any, default_list: t.Any = None) -> t.NoReturn:
        raise TypeError("setlistdefault is unsupported for ordered multi dicts")

    def update(self, mapping: t.Any) -> None:  # type: ignore[override]
        for key, value in iter_multi_items(mapping):
            self.add(key, value)

    def poplist(self, key: t.Any) -> list[t.Any]:
        return self._forget(dict.pop(self, key, []))

    def pop(self, key: t.Any, default: t.Any = _missing) -> t.Any:
        if key not in self:
            if default is _missing:
                raise exceptions.BadRequestKeyError(key)
            return default
        return self.poplist(key)[0]

    def popitemlist(self) -> tuple[t.Any, list[t.Any]]:
        try:
            key, buckets = dict.popitem(self)
        except KeyError as empty:
            raise exceptions.BadRequestKeyError(empty.args[0]) from None
        return key, self._forget(buckets)

    def popitem(self) -> tuple[t.Any, t.Any]:
        key, values = self.popitemlist()
        return key, values[0]


class CombinedMultiDict(ImmutableMultiDictMixin, MultiDict):  # type: ignore[misc]
    """A read-only view over several :class:`MultiDict` instances: lookups
    try each in order, and :meth:`getlist` joins their values.

    >>> combined = CombinedMultiDict([MultiDict(a="1"), MultiDict(b="2")])
    >>> combined["b"]
    '2'

    :param dicts: the dicts to combine, searched in this order.
    """

    def __reduce_ex__(self, protocol: t.SupportsIndex) -> t.Any:
        return type(self), (self.dicts,)

    def __init__(self, dicts: Iterable[MultiDict] | None = None) -> None:
        super().__init__()
        self.dicts: list[MultiDict] = list(dicts or ())

    @classmethod
    def _from_lists(cls, lists: dict[t.Any, list[t.Any]]) -> t.Self:
        return cls([MultiDict._from_lists(lists)])

    @classmethod
    def fromkeys(cls, keys: t.Any, value: t.Any = None) -> t.NoReturn:
        raise TypeError(f"cannot create {cls.__name__!r} instances by fromkeys")

    def _holding(self, key: t.Any) -> Iterator[MultiDict]:
        """The combined dicts that have ``key``, in search order."""
        return (source for source in self.dicts if key in source)

    def __getitem__(self, key: t.Any) -> t.Any:
        source = next(self._holding(key), None)
        if source is None:
            raise exceptions.BadRequestKeyError(key)
        return source[key]

    def get(  # type: ignore[override]
        self,
        key: t.Any,
        default: t.Any = None,
        type: Callable[[t.Any], t.Any] | None = None,
    ) -> t.Any:
        # A value the conversion rejects lets the next dict answer.
        for source in self._holding(key):
            converted = _convert_each([source[key]], type)
            if converted:
                return converted[0]
        return default

    def getlist(
        self, key: t.Any, type: Callable[[t.Any], t.Any] | None = None
    ) -> list[t.Any]:
        rv = []
        for d in self.dicts:
            rv.extend(d.getlist(key, type))
        return rv

    def _key_set(self) -> set[t.Any]:
        return set().union(*self.dicts)

    def keys(self) -> set[t.Any]:  # type: ignore[override]
        return self._key_set()

    def __iter__(self) -> Iterator[t.Any]:
        return iter(self._key_set())

    def items(self, multi: bool = False) -> Iterator[tuple[t.Any, t.Any]]:  # type: ignore[override]
        pairs = (pair for source in self.dicts for pair in source.items(multi))
        if multi:
            return pairs
        # Earlier dicts win, as in a lookup.
        first_values: dict[t.Any, t.Any] = {}
        for key, value in pairs:
            first_values.setdefault(key, value)
        return iter(first_values.items())

    def values(self) -> Iterator[t.Any]:  # type: ignore[override]
        return (value for _, value in self.items())

    def lists(self) -> t.Any:
        rv: dict[t.Any, list[t.Any]] = {}
        for d in self.dicts:
            for key, values in d.lists():
                rv.setdefault(key, []).extend(values)
        return rv.items()

    def listvalues(self) -> Iterator[list[t.Any]]:
        return (x[1] for x in self.lists())

    def copy(self) -> MultiDict:  # type: ignore[override]
        """Returns a mutable :class:`MultiDict` with the data as it is now;
        it does not follow later changes of the combined dicts."""
        return MultiDict(self)

    def __len__(self) -> int:
        return len(self._key_set())

    def __contains__(self, key: object) -> bool:
        return any(key in source for source in self.dicts)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.dicts!r})"


class _ImmutableOrderedMultiDict(ImmutableMultiDictMixin, _OrderedMultiDict):  # type: ignore[misc]
    """A read-only :class:`_OrderedMultiDict`.

    .. deprecated:: 3.1
        Use :class:`ImmutableMultiDict`.
    """

    def __init__(self, mapping: t.Any = None) -> None:
        super().__init__()
        if mapping is not None:
            for key, value in iter_multi_items(mapping):
                _OrderedMultiDict.add(self, key, value)

    def _iter_hashitems(self) -> t.Iterable[t.Any]:
        return enumerate(self.items(multi=True))

    def copy(self) -> _OrderedMultiDict:  # type: ignore[override]
        """Returns a mutable copy."""
        return _OrderedMultiDict(self)

    def __copy__(self) -> t.Self:
        return self


class CallbackDict(UpdateDictMixin, dict[t.Any, t.Any]):
    """A :class:`dict` that calls ``on_update`` with itself after every
    change.

    :param initial: the items to start with.
    :param on_update: called with the dict after each change.
    """

    def __init__(
        self,
        initial: t.Any = None,
        on_update: Callable[[t.Any], None] | None = None,
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
