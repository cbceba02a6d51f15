"""HTTP header collections: :class:`Headers` and :class:`EnvironHeaders`."""

from __future__ import annotations

import typing as t
from collections.abc import Callable
from collections.abc import Iterable
from collections.abc import Iterator
from collections.abc import Mapping
from operator import itemgetter

from .. import exceptions
from .._native import set_in_short_header_list as _set_in_short_list
from .mixins import ImmutableHeadersMixin
from .mixins import _missing
from .structures import MultiDict
from .structures import _convert_each
from .structures import iter_multi_items

T = t.TypeVar("T")


def _str_header_value(value: object) -> str:
    if not isinstance(value, str):
        value = str(value)
    if "\n" in value or "\r" in value:
        raise ValueError(
            "Header values must not contain newline characters (CR or LF); got"
            f" {value!r}. Remove them, or send each line as its own header."
        )
    return value


def _validated_pairs(pairs: Iterable[t.Any]) -> list[tuple[str, str]]:
    """Turns a sequence of ``(key, value)`` pairs into tuples whose values
    are checked strings, checking all the values at once when they are
    already strings, the common case."""
    # tuple() returns a tuple unchanged, so this copies no pair that is one.
    result = list(map(tuple, pairs))
    values = [value for _, value in result]
    try:
        joined = "".join(values)
    except TypeError:  # values that are not strings yet
        pass
    else:
        if "\n" not in joined and "\r" not in joined:
            return result
    return [(key, _str_header_value(value)) for key, value in result]


def _options_header_vkw(value: t.Any, kwargs: Mapping[str, t.Any]) -> str:
    """Appends keyword arguments to a header value as ``; key=value``
    parameters, with underscores in the keys turned into dashes."""
    from ..http import dump_options_header

    return dump_options_header(
        value, {key.replace("_", "-"): v for key, v in kwargs.items()}
    )


#: Lists of pairs shorter than this are scanned for a key instead of being
#: indexed: for a few pairs, as most responses have, lower-casing each key
#: is quicker than building the index.
_SCAN_MAX = 8


class _HeaderList(list[tuple[str, str]]):
    """The ``(key, value)`` pairs of a :class:`Headers`, with a lookup index
    by lower-cased key that is built on first use once there are
    :data:`_SCAN_MAX` pairs or more; shorter lists are scanned.

    :class:`Headers` keeps the index up to date as it changes the list.
    Changing the list through its own methods (as code that reaches into
    ``headers._list`` does) drops the index, to be rebuilt when next needed.
    """

    # Class-level defaults rather than an ``__init__``: creating the list
    # then costs no Python call, which matters as every response makes one.
    #: The lower-cased key of each pair, in list order; set with the index.
    #: The default is a tuple so that changing it before then fails loudly.
    _lkeys: list[str] = ()  # type: ignore[assignment]
    #: The position of the first pair of each lower-cased key; None when the
    #: index is not built.
    _first: dict[str, int] | None = None
    #: Whether some key appears more than once.
    _dups = False

    def _build_index(self) -> dict[str, int]:
        try:
            self._lkeys = list(map(str.lower, map(_pair_key, self)))
        except TypeError:  # keys that are not str
            self._lkeys = [key.lower() for key, _ in self]
        return self._reindex()

    def _reindex(self) -> dict[str, int]:
        # All in C, which matters as this runs after every removal. With
        # repeated keys the last position would win: build it right to left.
        lkeys = self._lkeys
        size = len(lkeys)
        first = dict(zip(lkeys, range(size)))
        self._dups = len(first) != size
        if self._dups:
            first = dict(zip(reversed(lkeys), range(size - 1, -1, -1)))
        self._first = first
        return first

    def __reduce__(self) -> t.Any:
        return _HeaderList, (list(self),)


_pair_key = itemgetter(0)


def _converted(values: list[str], convert: Callable[[str], T] | None) -> list[T]:
    """The ``type=`` conversion of header lookups, which skips only the
    values that raise :exc:`ValueError`."""
    return _convert_each(values, convert, (ValueError,))


def _position(items: _HeaderList, ikey: str) -> int | None:
    """The position of the first pair whose lower-cased key is ``ikey``, or
    None; from the index, built if needed, unless the list is short."""
    first = items._first
    if first is None:
        if len(items) < _SCAN_MAX:
            pos = 0
            for key, _ in items:
                if key.lower() == ikey:
                    return pos
                pos += 1
            return None
        first = items._build_index()
    return first.get(ikey)


def _dropping_index(name: str) -> t.Any:
    method = getattr(list, name)

    def wrapper(self: _HeaderList, *args: t.Any) -> t.Any:
        self._first = None
        return method(self, *args)

    wrapper.__name__ = wrapper.__qualname__ = name
    wrapper.__doc__ = method.__doc__
    return wrapper


for _name in (
    "__setitem__",
    "__delitem__",
    "__iadd__",
    "__imul__",
    "append",
    "extend",
    "insert",
    "pop",
    "remove",
    "clear",
    "sort",
    "reverse",
):
    setattr(_HeaderList, _name, _dropping_index(_name))
del _name


class Headers:
    """An ordered collection of HTTP headers with a dict-like interface:
    keys are compared case-insensitively, a key may appear several times,
    and iterating yields ``(key, value)`` tuples.

    Indexing with a string returns the first value of that header and raises
    a :exc:`KeyError` (that is also a :exc:`~rostzeug.exceptions.BadRequest`)
    when it is missing; indexing with an integer or a slice works on the list
    of pairs.

    Values are stored as strings; other values are converted with
    :class:`str`. A value with a newline (CR or LF) raises :exc:`ValueError`,
    which prevents header injection. Keys are trusted: they must not come
    from user input.

    :param defaults: headers to start with: a list of ``(key, value)``
        pairs, a mapping (list, tuple or set values give several headers),
        a :class:`MultiDict` or another :class:`Headers`.
    """

    def __init__(self, defaults: _HeadersSource | None = None) -> None:
        self._items = _HeaderList()
        if defaults is not None:
            self.extend(defaults)

    @property
    def _list(self) -> list[tuple[str, str]]:
        # The list of ``(key, value)`` pairs itself, as code written for
        # Werkzeug may reach into it.
        return self._items

    @_list.setter
    def _list(self, value: Iterable[tuple[str, str]]) -> None:
        if not isinstance(value, _HeaderList):
            value = _HeaderList(value)
        self._items = value

    def _get_key(self, key: str) -> str:
        items = self._items
        pos = _position(items, key.lower())
        if pos is None:
            raise exceptions.BadRequestKeyError(key)
        return items[pos][1]

    @t.overload
    def __getitem__(self, key: str) -> str: ...
    @t.overload
    def __getitem__(self, key: int) -> tuple[str, str]: ...
    @t.overload
    def __getitem__(self, key: slice) -> t.Self: ...
    def __getitem__(self, key: str | int | slice) -> str | tuple[str, str] | t.Self:
        if isinstance(key, str):
            # The lookup through a built index, inlined: lookups are the
            # hottest use of headers, and each Python call costs as much.
            first = self._items._first
            if first is None:
                return self._get_key(key)
            pos = first.get(key.lower())
            if pos is None:
                raise exceptions.BadRequestKeyError(key)
            return self._items[pos][1]
        if not isinstance(key, int):
            # A slice: an instance of the same class holding those pairs.
            return type(self)(self._items[key])
        return self._items[key]

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        mine = {(key.lower(), value) for key, value in self._items}
        theirs = {(key.lower(), value) for key, value in other._items}
        return mine == theirs

    __hash__ = None  # type: ignore[assignment]

    @t.overload
    def get(self, key: str) -> str | None: ...
    @t.overload
    def get(self, key: str, default: str) -> str: ...
    @t.overload
    def get(self, key: str, default: T) -> str | T: ...
    @t.overload
    def get(self, key: str, *, type: Callable[[str], T]) -> T | None: ...
    @t.overload
    def get(self, key: str, default: T, type: Callable[[str], T]) -> T: ...
    def get(
        self,
        key: str,
        default: str | T | None = None,
        type: Callable[[str], T] | None = None,
    ) -> str | T | None:
        """Returns the first value of a header, or ``default`` when it is
        missing.

        :param key: the header name, in any case.
        :param default: returned when the header is missing or ``type``
            rejects its value.
        :param type: converts the value; when it raises :exc:`ValueError`,
            ``default`` is returned instead.
        """
        items = self._items
        pos = _position(items, key.lower())
        if pos is None:
            return default
        converted = _converted([items[pos][1]], type)
        return converted[0] if converted else default

    @t.overload
    def getlist(self, key: str) -> list[str]: ...
    @t.overload
    def getlist(self, key: str, type: Callable[[str], T]) -> list[T]: ...
    def getlist(
        self, key: str, type: Callable[[str], T] | None = None
    ) -> list[str] | list[T]:
        """Returns every value of a header in order, or an empty list.

        :param key: the header name, in any case.
        :param type: converts each value; values it rejects with
            :exc:`ValueError` are left out.
        """
        items = self._items
        ikey = key.lower()
        if items._first is None and len(items) < _SCAN_MAX:
            values = [value for k, value in items if k.lower() == ikey]
        else:
            values = self._indexed_values(ikey)
        return _converted(values, type)

    def _indexed_values(self, ikey: str) -> list[str]:
        items = self._items
        first = items._first
        if first is None:
            first = items._build_index()
        pos = first.get(ikey)
        if pos is None:
            return []
        if items._dups:
            lkeys = items._lkeys
            values = [items[i][1] for i in range(pos, len(lkeys)) if lkeys[i] == ikey]
        else:
            values = [items[pos][1]]
        return values

    def get_all(self, name: str) -> list[str]:
        """Returns every value of a header: :meth:`getlist` under the name
        :mod:`wsgiref` uses."""
        return self.getlist(name)

    def items(self, lower: bool = False) -> Iterator[tuple[str, str]]:
        """Yields the ``(key, value)`` pairs, with lower-cased keys if
        ``lower`` is true."""
        for key, value in self:
            yield (key.lower() if lower else key), value

    def keys(self, lower: bool = False) -> Iterator[str]:
        """Yields the key of every pair (repeated keys included), lower-cased
        if ``lower`` is true."""
        for key, _ in self.items(lower):
            yield key

    def values(self) -> Iterator[str]:
        """Yields the value of every pair."""
        for _, value in self.items():
            yield value

    def _append_pairs(self, pairs: list[tuple[str, str]]) -> None:
        # Appends validated pairs, keeping the lookup index up to date.
        items = self._items
        first = items._first
        if first is None:
            list.extend(items, pairs)
            return
        new_lkeys = [key.lower() for key, _ in pairs]
        pos = len(items)
        list.extend(items, pairs)
        items._lkeys.extend(new_lkeys)
        for lkey in new_lkeys:
            if first.setdefault(lkey, pos) != pos:
                items._dups = True
            pos += 1

    def extend(self, arg: _HeadersSource | None = None, /, **kwargs: t.Any) -> None:
        """Adds headers after those already there, keeping existing values
        (:meth:`update` replaces them instead).

        :param arg: a list of ``(key, value)`` pairs, a mapping (list, tuple
            or set values give several headers), a :class:`MultiDict` or
            another :class:`Headers`.
        :param kwargs: more headers, given as keyword arguments.
        """
        pairs: list[tuple[str, str]] = []
        if arg is not None:
            if arg.__class__ is Headers:
                arg = arg._items
            if arg.__class__ is _HeaderList:
                # Values of another Headers were validated when they were set.
                pairs.extend(arg)
            elif isinstance(arg, (list, tuple)):
                pairs = _validated_pairs(arg)
            else:
                for key, value in iter_multi_items(arg):
                    pairs.append((key, _str_header_value(value)))
        for key, value in iter_multi_items(kwargs):
            pairs.append((key, _str_header_value(value)))
        self._append_pairs(pairs)

    def __delitem__(self, key: str | int | slice) -> None:
        if isinstance(key, str):
            self._del_key(key)
        else:
            del self._items[key]

    def _del_key(self, key: str) -> None:
        items = self._items
        ikey = key.lower()
        first = items._first
        if first is None:
            if len(items) < _SCAN_MAX:
                kept = [pair for pair in items if pair[0].lower() != ikey]
                if len(kept) != len(items):
                    list.__setitem__(items, slice(None), kept)
                return
            first = items._build_index()
        pos = first.get(ikey)
        if pos is None:
            return
        lkeys = items._lkeys
        if items._dups and lkeys.count(ikey) > 1:
            kept = [pair for pair, lkey in zip(items, lkeys) if lkey != ikey]
            list.__setitem__(items, slice(None), kept)
            lkeys[:] = [lkey for lkey in lkeys if lkey != ikey]
        else:
            list.__delitem__(items, pos)
            del lkeys[pos]
            if pos == len(lkeys):
                # The last pair: no other position moved.
                del first[ikey]
                return
        items._reindex()

    def remove(self, key: str) -> None:
        """Removes every value of a header; a missing header is ignored."""
        self._del_key(key)

    @t.overload
    def pop(self) -> tuple[str, str]: ...
    @t.overload
    def pop(self, key: str) -> str: ...
    @t.overload
    def pop(self, key: int | None = ...) -> tuple[str, str]: ...
    @t.overload
    def pop(self, key: str, default: str) -> str: ...
    @t.overload
    def pop(self, key: str, default: T) -> str | T: ...
    def pop(
        self, key: str | int | None = None, default: str | T = _missing
    ) -> str | tuple[str, str] | T:
        """Removes a header and returns its first value, or removes and
        returns the pair at an index (the last pair when ``key`` is None).

        :raise KeyError: if the header is missing and no ``default`` is
            given.
        """
        if key is None:
            return self._items.pop()
        if isinstance(key, int):
            return self._items.pop(key)
        if default is not _missing and key not in self:
            # Skips building the KeyError that a missing key would cost.
            return default
        rv = self._get_key(key)
        self._del_key(key)
        return rv

    def popitem(self) -> tuple[str, str]:
        """Removes and returns the last ``(key, value)`` pair."""
        return self._items.pop()

    def __contains__(self, key: object) -> bool:
        if not isinstance(key, str):
            return False
        return _position(self._items, key.lower()) is not None

    def __iter__(self) -> Iterator[tuple[str, str]]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def add(self, key: str, value: t.Any, /, **kwargs: t.Any) -> None:
        """Adds a header after those already there.

        Keyword arguments become parameters of the value, with underscores
        turned into dashes::

            headers.add("Content-Disposition", "attachment", filename="a.png")

        :param key: the header name, trusted: not from user input.
        :param value: the value; converted with :class:`str`.
        :raise ValueError: if the value contains a newline.
        """
        if kwargs:
            value = _options_header_vkw(value, kwargs)
        # The check of _str_header_value, inline for the common plain string.
        if value.__class__ is str and "\n" not in value and "\r" not in value:
            value_str = value
        else:
            value_str = _str_header_value(value)
        items = self._items
        first = items._first
        if first is None:
            list.append(items, (key, value_str))
            return
        lkey = key.lower()
        pos = len(items)
        list.append(items, (key, value_str))
        items._lkeys.append(lkey)
        if first.setdefault(lkey, pos) != pos:
            items._dups = True

    def add_header(self, key: str, value: t.Any, /, **kwargs: t.Any) -> None:
        """Adds a header: :meth:`add` under the name :mod:`wsgiref` uses."""
        self.add(key, value, **kwargs)

    def clear(self) -> None:
        """Removes every header."""
        self._items.clear()

    def set(self, key: str, value: t.Any, /, **kwargs: t.Any) -> None:
        """Sets a header to one value. The first existing value is replaced
        in place and the others removed; a new header goes at the end.

        Takes the same arguments as :meth:`add`.
        """
        if kwargs:
            value = _options_header_vkw(value, kwargs)
        items = self._items
        first = items._first
        if first is None and _set_in_short_list(items, key, value, _SCAN_MAX):
            # Done natively: a short list without index, plain strings.
            return
        # The check of _str_header_value, inline for the common plain string.
        if value.__class__ is str and "\n" not in value and "\r" not in value:
            value_str = value
        else:
            value_str = _str_header_value(value)
        ikey = key.lower()
        if first is None:
            if len(items) < _SCAN_MAX:
                # A short list is scanned (as _position does, inline as this
                # runs for most responses): replace the first match and drop
                # the others, or append.
                match = 0
                for item_key, _ in items:
                    if item_key.lower() == ikey:
                        break
                    match += 1
                else:
                    list.append(items, (key, value_str))
                    return
                list.__setitem__(items, match, (key, value_str))
                # From the end, so that the positions still to look at hold.
                for i in range(len(items) - 1, match, -1):
                    if items[i][0].lower() == ikey:
                        list.__delitem__(items, i)
                return
            first = items._build_index()
        lkeys = items._lkeys
        pos = first.get(ikey)
        if pos is None:
            first[ikey] = len(items)
            list.append(items, (key, value_str))
            lkeys.append(ikey)
            return
        list.__setitem__(items, pos, (key, value_str))
        if items._dups and lkeys.count(ikey) > 1:
            start = pos + 1
            tail = [
                pair for pair, lkey in zip(items[start:], lkeys[start:]) if lkey != ikey
            ]
            list.__setitem__(items, slice(start, None), tail)
            lkeys[start:] = [lkey for lkey in lkeys[start:] if lkey != ikey]
            items._reindex()

    def setlist(self, key: str, values: Iterable[t.Any]) -> None:
        """Replaces every value of a header with ``values``: the first takes
        the place of the first existing value, the others go at the end. An
        empty ``values`` removes the header.

        :raise ValueError: if a value contains a newline; nothing changes
            then.
        """
        value_strs = [_str_header_value(value) for value in values]
        if not value_strs:
            self._del_key(key)
            return
        self.set(key, value_strs[0])
        if len(value_strs) > 1:
            self._append_pairs([(key, value) for value in value_strs[1:]])

    def setdefault(self, key: str, default: t.Any) -> str:
        """Returns the first value of a header, setting it to ``default``
        first when it is missing."""
        if key not in self:
            self.set(key, default)
        return self._get_key(key)

    def setlistdefault(self, key: str, default: Iterable[t.Any]) -> list[str]:
        """Returns the values of a header, setting them to ``default`` first
        when it is missing. Unlike :meth:`MultiDict.setlistdefault`, the
        list returned is a copy: changing it does not change the headers."""
        present = self.getlist(key)
        if present:
            return present
        self.setlist(key, default)
        return self.getlist(key)

    @t.overload
    def __setitem__(self, key: str, value: t.Any) -> None: ...
    @t.overload
    def __setitem__(self, key: int, value: tuple[str, t.Any]) -> None: ...
    @t.overload
    def __setitem__(self, key: slice, value: Iterable[tuple[str, t.Any]]) -> None: ...
    def __setitem__(self, key: str | int | slice, value: t.Any) -> None:
        if isinstance(key, str):
            self.set(key, value)
        elif isinstance(key, int):
            self._items[key] = value[0], _str_header_value(value[1])
        else:
            self._items[key] = [(k, _str_header_value(v)) for k, v in value]

    def update(
        self,
        arg: _HeadersSource | None = None,
        /,
        **kwargs: _Values,
    ) -> None:
        """Replaces the headers named in ``arg`` and ``kwargs`` (:meth:`extend`
        keeps existing values instead). Takes the same arguments as
        :meth:`extend`; a list, tuple or set value sets several values.
        """
        # A plain mapping and the keyword arguments read a list, tuple or
        # set value as several values; the other forms name one per pair.
        by_name: list[Iterable[tuple[str, t.Any]]] = [kwargs.items()]
        if isinstance(arg, (Headers, MultiDict)):
            for name in arg.keys():
                self.setlist(name, arg.getlist(name))
        elif isinstance(arg, Mapping):
            by_name.insert(0, arg.items())
        elif arg is not None:
            for name, value in arg:
                self.set(name, value)
        for pairs in by_name:
            for name, value in pairs:
                if isinstance(value, (list, tuple, set)):
                    self.setlist(name, value)
                else:
                    self.set(name, value)

    def __or__(
        self,
        other: Mapping[str, _Values],
    ) -> t.Self:
        if not isinstance(other, Mapping):
            return NotImplemented
        rv = self.copy()
        rv.update(other)
        return rv

    def __ior__(
        self,
        other: Mapping[str, _Values] | Iterable[tuple[str, t.Any]],
    ) -> t.Self:
        if not isinstance(other, (Mapping, Iterable)):
            return NotImplemented
        self.update(other)
        return self

    def to_wsgi_list(self) -> list[tuple[str, str]]:
        """Returns the headers as the list of ``(key, value)`` pairs that
        WSGI's ``start_response`` takes."""
        return list(self._items)

    def copy(self) -> t.Self:
        """Returns a copy; changing one does not change the other."""
        return self.__class__(self._items)

    def __copy__(self) -> t.Self:
        return self.copy()

    def __str__(self) -> str:
        """Returns the headers as they are sent in HTTP, ending with the
        empty line."""
        lines = [f"{key}: {value}" for key, value in self.to_wsgi_list()]
        lines.append("\r\n")
        return "\r\n".join(lines)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({list(self)!r})"


if t.TYPE_CHECKING:
    #: A header value, or several values of one header (named out here as
    #: ``set`` in the body of :class:`Headers` is its method).
    _Values: t.TypeAlias = t.Any | list[t.Any] | tuple[t.Any, ...] | set[t.Any]

    #: What :class:`Headers` is built from, extended and updated with.
    _HeadersSource: t.TypeAlias = (
        Headers
        | MultiDict[str, t.Any]
        | Mapping[str, _Values]
        | Iterable[tuple[str, t.Any]]
    )


# Environ keys of header names seen so far. Bounded, as names can come from
# user input.
_environ_keys: dict[str, str] = {}
_ENVIRON_KEYS_MAX = 512


def _environ_key(key: str) -> str:
    """Returns the WSGI environ key of a header name:
    ``Content-Type`` -> ``CONTENT_TYPE``, ``X-Foo`` -> ``HTTP_X_FOO``."""
    ekey = _environ_keys.get(key)
    if ekey is None:
        ukey = key.upper().replace("-", "_")
        if ukey == "CONTENT_TYPE" or ukey == "CONTENT_LENGTH":
            ekey = ukey
        else:
            ekey = f"HTTP_{ukey}"
        if len(_environ_keys) < _ENVIRON_KEYS_MAX and type(key) is str:
            _environ_keys[key] = ekey
    return ekey


class EnvironHeaders(ImmutableHeadersMixin, Headers):
    """A read-only view of the HTTP headers in a WSGI environ, with the
    interface of :class:`Headers`.

    A missing header raises the :exc:`KeyError` of the environ lookup.

    :param environ: the WSGI environ to read.
    """

    def __init__(self, environ: Mapping[str, t.Any]) -> None:
        # Every method reads the environ: the pair list of Headers.__init__
        # would go unused.
        self.environ = environ

    def __eq__(self, other: object) -> bool:
        # Two views are equal when they read the very same environ.
        if isinstance(other, EnvironHeaders):
            return self.environ is other.environ
        return NotImplemented

    __hash__ = None

    def __getitem__(self, key: str) -> str:  # type: ignore[override]
        if not isinstance(key, str):
            raise exceptions.BadRequestKeyError(key)
        ekey = _environ_keys.get(key) or _environ_key(key)
        # WSGI gives the HTTP_* values of the environ as str.
        value: str = self.environ[ekey]
        return value

    def _get_key(self, key: str) -> str:
        if not isinstance(key, str):
            raise exceptions.BadRequestKeyError(key)
        value: str = self.environ[_environ_key(key)]
        return value

    @t.overload
    def get(self, key: str) -> str | None: ...
    @t.overload
    def get(self, key: str, default: str) -> str: ...
    @t.overload
    def get(self, key: str, default: T) -> str | T: ...
    @t.overload
    def get(self, key: str, *, type: Callable[[str], T]) -> T | None: ...
    @t.overload
    def get(self, key: str, default: T, type: Callable[[str], T]) -> T: ...
    def get(
        self,
        key: str,
        default: str | T | None = None,
        type: Callable[[str], T] | None = None,
    ) -> str | T | None:
        """Returns the value of a header, or ``default``; see
        :meth:`Headers.get`."""
        if key not in self:
            return default
        converted = _converted([self._get_key(key)], type)
        return converted[0] if converted else default

    @t.overload
    def getlist(self, key: str) -> list[str]: ...
    @t.overload
    def getlist(self, key: str, type: Callable[[str], T]) -> list[T]: ...
    def getlist(
        self, key: str, type: Callable[[str], T] | None = None
    ) -> list[str] | list[T]:
        """Returns the values of a header that iterating yields; see
        :meth:`Headers.getlist`."""
        wanted = key.lower()
        matching = [value for name, value in self if name.lower() == wanted]
        return _converted(matching, type)

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and _environ_key(key) in self.environ

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def __iter__(self) -> Iterator[tuple[str, str]]:
        for key, value in self.environ.items():
            if key.startswith("HTTP_"):
                if key != "HTTP_CONTENT_TYPE" and key != "HTTP_CONTENT_LENGTH":
                    yield key[5:].replace("_", "-").title(), value
            elif (key == "CONTENT_TYPE" or key == "CONTENT_LENGTH") and value:
                yield key.replace("_", "-").title(), value

    def to_wsgi_list(self) -> list[tuple[str, str]]:
        return list(self)

    def copy(self) -> t.NoReturn:
        raise TypeError(f"cannot create {type(self).__name__!r} copies")

    def __or__(self, other: t.Any) -> t.NoReturn:
        raise TypeError(f"cannot create {type(self).__name__!r} copies")
