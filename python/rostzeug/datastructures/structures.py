"""Dicts and lists for HTTP data: the :class:`MultiDict` family."""

from __future__ import annotations

import typing as t
from collections.abc import Callable
from collections.abc import Iterable
from collections.abc import Iterator
from collections.abc import Mapping
from copy import deepcopy

from .mixins import ImmutableDictMixin
from .mixins import ImmutableListMixin
from .mixins import ImmutableMultiDictMixin

_missing = object()


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
        """Wraps a dict of value lists, already in storage layout, without
        copying it item by item.
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
        from ..exceptions import BadRequestKeyError

        raise BadRequestKeyError(key)

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
            elif values:
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

    def update(self, mapping: t.Any = None, /, **kwargs: t.Any) -> None:  # type: ignore[override]
        """Adds the values of ``mapping`` and ``kwargs``, keeping the values
        already there (unlike :meth:`dict.update`)."""
        if mapping is not None:
            for key, value in iter_multi_items(mapping):
                self.add(key, value)
        for key, value in iter_multi_items(kwargs):
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
            from ..exceptions import BadRequestKeyError

            raise BadRequestKeyError(key) from None

    def popitem(self) -> tuple[t.Any, t.Any]:
        """Removes an item and returns its key and first value."""
        try:
            key, values = dict.popitem(self)
        except KeyError as e:
            from ..exceptions import BadRequestKeyError

            raise BadRequestKeyError(e.args[0]) from None
        return key, values[0]

    def poplist(self, key: t.Any) -> list[t.Any]:
        """Removes a key and returns all its values (empty when missing)."""
        return dict.pop(self, key, [])  # type: ignore[no-any-return]

    def popitemlist(self) -> tuple[t.Any, list[t.Any]]:
        """Removes an item and returns its key with all its values."""
        try:
            return dict.popitem(self)  # type: ignore[no-any-return]
        except KeyError as e:
            from ..exceptions import BadRequestKeyError

            raise BadRequestKeyError(e.args[0]) from None

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
