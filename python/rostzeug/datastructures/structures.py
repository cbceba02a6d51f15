"""Dicts and lists for HTTP data: the :class:`MultiDict` family."""

from __future__ import annotations

import typing as t
from collections.abc import Callable
from collections.abc import Iterable
from collections.abc import Iterator
from collections.abc import Mapping
from collections.abc import MutableSet
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
            rv = self[key]
        except KeyError:
            return default
        if type is None:
            return rv
        try:
            return type(rv)
        except (ValueError, TypeError):
            return default


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
        if mapping is None:
            super().__init__()
        elif isinstance(mapping, MultiDict):
            super().__init__((k, vs[:]) for k, vs in mapping.lists())
        elif isinstance(mapping, Mapping):
            tmp = {}
            for key, value in mapping.items():
                if isinstance(value, (list, tuple, set)):
                    value = list(value)
                    if not value:
                        continue
                else:
                    value = [value]
                tmp[key] = value
            super().__init__(tmp)
        else:
            tmp = {}
            for key, value in mapping:
                tmp.setdefault(key, []).append(value)
            super().__init__(tmp)

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
        try:
            rv = list(dict.__getitem__(self, key))
        except KeyError:
            return []
        if type is None:
            return rv
        result = []
        for item in rv:
            try:
                result.append(type(item))
            except (ValueError, TypeError):
                pass
        return result

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
        for key, values in dict.items(self):
            if multi:
                for value in values:
                    yield key, value
            else:
                yield key, values[0]

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
        lst: list[t.Any] | None
        try:
            lst = dict.pop(self, key)
            if not lst:
                raise KeyError(key)
            return lst[0]
        except KeyError:
            if default is not _missing:
                return default
            raise exceptions.BadRequestKeyError(key) from None

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
    """One value of an :class:`_OrderedMultiDict`, linked to the values
    before and after it across all keys, so that the order of every value is
    kept while lookups stay O(1)."""

    __slots__ = ("key", "next", "prev", "value")

    def __init__(self, omd: _OrderedMultiDict, key: t.Any, value: t.Any) -> None:
        self.prev: _omd_bucket | None = omd._last_bucket
        self.key = key
        self.value = value
        self.next: _omd_bucket | None = None

        if omd._first_bucket is None:
            omd._first_bucket = self
        if omd._last_bucket is not None:
            omd._last_bucket.next = self
        omd._last_bucket = self

    def unlink(self, omd: _OrderedMultiDict) -> None:
        if self.prev:
            self.prev.next = self.next
        if self.next:
            self.next.prev = self.prev
        if omd._first_bucket is self:
            omd._first_bucket = self.next
        if omd._last_bucket is self:
            omd._last_bucket = self.prev


_OMD_DEPRECATED = (
    "'OrderedMultiDict' is deprecated and will be removed, as in Werkzeug 3.2."
    " Use 'MultiDict' instead."
)


class _OrderedMultiDict(MultiDict):
    """A :class:`MultiDict` that keeps the order of all values across keys:
    ``items(multi=True)`` yields them in the order they were added.

    Each key maps to a list of linked buckets, so ``dict(omd)`` shows those
    buckets; use :meth:`to_dict` instead.

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
        self._first_bucket: _omd_bucket | None = None
        self._last_bucket: _omd_bucket | None = None
        if mapping is not None:
            self.update(mapping)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, MultiDict):
            return NotImplemented
        if isinstance(other, _OrderedMultiDict):
            iter1 = iter(self.items(multi=True))
            iter2 = iter(other.items(multi=True))
            try:
                for k1, v1 in iter1:
                    k2, v2 = next(iter2)
                    if k1 != k2 or v1 != v2:
                        return False
            except StopIteration:
                return False
            try:
                next(iter2)
            except StopIteration:
                return True
            return False
        if len(self) != len(other):
            return False
        for key, values in self.lists():
            if other.getlist(key) != values:
                return False
        return True

    __hash__ = None  # type: ignore[assignment]

    def __reduce_ex__(self, protocol: t.SupportsIndex) -> t.Any:
        return type(self), (list(self.items(multi=True)),)

    def __getstate__(self) -> t.Any:
        return list(self.items(multi=True))

    def __setstate__(self, values: t.Any) -> None:
        self.clear()
        for key, value in values:
            self.add(key, value)

    def clear(self) -> None:
        dict.clear(self)
        self._first_bucket = self._last_bucket = None

    def __getitem__(self, key: t.Any) -> t.Any:
        if key in self:
            return dict.__getitem__(self, key)[0].value
        raise exceptions.BadRequestKeyError(key)

    def __setitem__(self, key: t.Any, value: t.Any) -> None:
        self.poplist(key)
        self.add(key, value)

    def __delitem__(self, key: t.Any) -> None:
        self.pop(key)

    def keys(self) -> Iterator[t.Any]:  # type: ignore[override]
        return (key for key, _ in self.items())

    def __iter__(self) -> Iterator[t.Any]:
        return iter(self.keys())

    def values(self) -> Iterator[t.Any]:  # type: ignore[override]
        return (value for _, value in self.items())

    def items(self, multi: bool = False) -> Iterator[tuple[t.Any, t.Any]]:  # type: ignore[override]
        ptr = self._first_bucket
        if multi:
            while ptr is not None:
                yield ptr.key, ptr.value
                ptr = ptr.next
        else:
            returned_keys = set()
            while ptr is not None:
                if ptr.key not in returned_keys:
                    returned_keys.add(ptr.key)
                    yield ptr.key, ptr.value
                ptr = ptr.next

    def lists(self) -> Iterator[tuple[t.Any, list[t.Any]]]:
        returned_keys = set()
        ptr = self._first_bucket
        while ptr is not None:
            if ptr.key not in returned_keys:
                yield ptr.key, self.getlist(ptr.key)
                returned_keys.add(ptr.key)
            ptr = ptr.next

    def listvalues(self) -> Iterator[list[t.Any]]:
        for _, values in self.lists():
            yield values

    def add(self, key: t.Any, value: t.Any) -> None:
        dict.setdefault(self, key, []).append(_omd_bucket(self, key, value))

    def getlist(
        self, key: t.Any, type: Callable[[t.Any], t.Any] | None = None
    ) -> list[t.Any]:
        try:
            buckets = dict.__getitem__(self, key)
        except KeyError:
            return []
        if type is None:
            return [x.value for x in buckets]
        result = []
        for bucket in buckets:
            try:
                result.append(type(bucket.value))
            except (ValueError, TypeError):
                pass
        return result

    def setlist(self, key: t.Any, new_list: Iterable[t.Any]) -> None:
        self.poplist(key)
        for value in new_list:
            self.add(key, value)

    def setlistdefault(self, key: t.Any, default_list: t.Any = None) -> t.NoReturn:
        raise TypeError("setlistdefault is unsupported for ordered multi dicts")

    def update(self, mapping: t.Any) -> None:  # type: ignore[override]
        for key, value in iter_multi_items(mapping):
            self.add(key, value)

    def poplist(self, key: t.Any) -> list[t.Any]:
        buckets = dict.pop(self, key, ())
        for bucket in buckets:
            bucket.unlink(self)
        return [x.value for x in buckets]

    def pop(self, key: t.Any, default: t.Any = _missing) -> t.Any:
        try:
            buckets = dict.pop(self, key)
        except KeyError:
            if default is not _missing:
                return default
            raise exceptions.BadRequestKeyError(key) from None
        for bucket in buckets:
            bucket.unlink(self)
        return buckets[0].value

    def popitem(self) -> tuple[t.Any, t.Any]:
        try:
            key, buckets = dict.popitem(self)
        except KeyError as e:
            raise exceptions.BadRequestKeyError(e.args[0]) from None
        for bucket in buckets:
            bucket.unlink(self)
        return key, buckets[0].value

    def popitemlist(self) -> tuple[t.Any, list[t.Any]]:
        try:
            key, buckets = dict.popitem(self)
        except KeyError as e:
            raise exceptions.BadRequestKeyError(e.args[0]) from None
        for bucket in buckets:
            bucket.unlink(self)
        return key, [x.value for x in buckets]


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

    def __getitem__(self, key: t.Any) -> t.Any:
        for d in self.dicts:
            if key in d:
                return d[key]
        raise exceptions.BadRequestKeyError(key)

    def get(  # type: ignore[override]
        self,
        key: t.Any,
        default: t.Any = None,
        type: Callable[[t.Any], t.Any] | None = None,
    ) -> t.Any:
        for d in self.dicts:
            if key in d:
                if type is not None:
                    try:
                        return type(d[key])
                    except (ValueError, TypeError):
                        continue
                return d[key]
        return default

    def getlist(
        self, key: t.Any, type: Callable[[t.Any], t.Any] | None = None
    ) -> list[t.Any]:
        rv = []
        for d in self.dicts:
            rv.extend(d.getlist(key, type))
        return rv

    def _keys_impl(self) -> set[t.Any]:
        return {k for d in self.dicts for k in d}

    def keys(self) -> set[t.Any]:  # type: ignore[override]
        return self._keys_impl()

    def __iter__(self) -> Iterator[t.Any]:
        return iter(self._keys_impl())

    def items(self, multi: bool = False) -> Iterator[tuple[t.Any, t.Any]]:  # type: ignore[override]
        found = set()
        for d in self.dicts:
            for key, value in d.items(multi):
                if multi:
                    yield key, value
                elif key not in found:
                    found.add(key)
                    yield key, value

    def values(self) -> Iterator[t.Any]:  # type: ignore[override]
        for _, value in self.items():
            yield value

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
        return len(self._keys_impl())

    def __contains__(self, key: object) -> bool:
        for d in self.dicts:
            if key in d:
                return True
        return False

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
        if initial is None:
            super().__init__()
        else:
            super().__init__(initial)
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
        key = header.lower()
        if key not in self._set:
            raise KeyError(header)
        self._set.remove(key)
        for idx, item in enumerate(self._headers):
            if item.lower() == key:
                del self._headers[idx]
                break
        self._changed()

    def update(self, iterable: Iterable[str]) -> None:
        """Adds every value of ``iterable`` that is not there yet."""
        inserted_any = False
        for header in iterable:
            key = header.lower()
            if key not in self._set:
                self._headers.append(header)
                self._set.add(key)
                inserted_any = True
        if inserted_any:
            self._changed()

    def discard(self, header: str) -> None:
        """Removes a value if it is there."""
        try:
            self.remove(header)
        except KeyError:
            pass

    def find(self, header: str) -> int:
        """Returns the position of a value, or -1 when it is not there."""
        header = header.lower()
        for idx, item in enumerate(self._headers):
            if item.lower() == header:
                return idx
        return -1

    def index(self, header: str) -> int:
        """Returns the position of a value.

        :raise IndexError: if the value is not in the set.
        """
        rv = self.find(header)
        if rv < 0:
            raise IndexError(header)
        return rv

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

    def __iter__(self) -> Iterator[str]:
        return iter(self._headers)

    def __bool__(self) -> bool:
        return bool(self._set)

    def __str__(self) -> str:
        return self.to_header()

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._headers!r})"


def __getattr__(name: str) -> t.Any:
    import warnings

    if name == "OrderedMultiDict":
        warnings.warn(_OMD_DEPRECATED, DeprecationWarning, stacklevel=2)
        return _OrderedMultiDict
    if name == "ImmutableOrderedMultiDict":
        warnings.warn(
            "'ImmutableOrderedMultiDict' is deprecated and will be removed, as"
            " in Werkzeug 3.2. Use 'ImmutableMultiDict' instead.",
            DeprecationWarning,
            stacklevel=2,
        )
        return _ImmutableOrderedMultiDict
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
