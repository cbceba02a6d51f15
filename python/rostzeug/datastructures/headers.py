"""HTTP header collections: :class:`Headers` and :class:`EnvironHeaders`."""

from __future__ import annotations

import typing as t
from collections.abc import Callable
from collections.abc import Iterable
from collections.abc import Iterator
from collections.abc import Mapping

from .structures import iter_multi_items

_missing = object()


def _str_header_value(value: t.Any) -> str:
    if not isinstance(value, str):
        value = str(value)
    if "\n" in value or "\r" in value:
        raise ValueError(
            "Header values must not contain newline characters; got"
            f" {value!r}. Remove CR and LF before setting the header."
        )
    return value  # type: ignore[no-any-return]


def _options_value(value: t.Any, kwargs: Mapping[str, t.Any]) -> str:
    if not kwargs:
        return _str_header_value(value)
    from ..http import dump_options_header

    return _str_header_value(dump_options_header(value, kwargs))


class Headers:
    """An ordered, case-insensitive collection of HTTP headers that may
    repeat: a list of ``(key, value)`` tuples with a dict-like interface.

    :param defaults: headers to start with, as a mapping, a list of pairs or
        another :class:`Headers`.
    """

    def __init__(self, defaults: t.Any = None) -> None:
        self._list: list[tuple[str, str]] = []
        if defaults is not None:
            self.extend(defaults)

    def __getitem__(self, key: t.Any) -> t.Any:
        if isinstance(key, str):
            ikey = key.lower()
            for k, v in self._list:
                if k.lower() == ikey:
                    return v
            from ..exceptions import BadRequestKeyError

            raise BadRequestKeyError(key)
        if isinstance(key, int):
            return self._list[key]
        return self.__class__(self._list[key])

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented

        def lowered(item: tuple[str, str]) -> tuple[str, str]:
            return item[0].lower(), item[1]

        return set(map(lowered, other._list)) == set(map(lowered, self._list))  # type: ignore[attr-defined]

    __hash__ = None  # type: ignore[assignment]

    def get(
        self,
        key: str,
        default: t.Any = None,
        type: Callable[[str], t.Any] | None = None,
    ) -> t.Any:
        """Returns the first value of a header, or ``default``.

        :param type: converts the value; when it raises :exc:`ValueError` or
            :exc:`TypeError`, ``default`` is returned instead.
        """
        ikey = key.lower()
        for k, v in self._list:
            if k.lower() == ikey:
                if type is None:
                    return v
                try:
                    return type(v)
                except (ValueError, TypeError):
                    return default
        return default

    def getlist(
        self, key: str, type: Callable[[str], t.Any] | None = None
    ) -> list[t.Any]:
        """Returns every value of a header, in order."""
        ikey = key.lower()
        if type is None:
            return [v for k, v in self._list if k.lower() == ikey]
        result = []
        for k, v in self._list:
            if k.lower() == ikey:
                try:
                    result.append(type(v))
                except (ValueError, TypeError):
                    continue
        return result

    def get_all(self, name: str) -> list[str]:
        """Alias of :meth:`getlist`, as :mod:`wsgiref` names it."""
        return self.getlist(name)

    def items(self, lower: bool = False) -> Iterator[tuple[str, str]]:
        for key, value in self:
            yield (key.lower() if lower else key), value

    def keys(self, lower: bool = False) -> Iterator[str]:
        for key, _ in self.items(lower):
            yield key

    def values(self) -> Iterator[str]:
        for _, value in self.items():
            yield value

    def extend(self, arg: t.Any = None, /, **kwargs: t.Any) -> None:
        """Adds every header of a mapping, list of pairs or :class:`Headers`,
        keeping the ones already there."""
        if arg is not None:
            for key, value in iter_multi_items(arg):
                self.add(key, value)
        for key, value in iter_multi_items(kwargs):
            self.add(key, value)

    def __delitem__(self, key: t.Any) -> None:
        if isinstance(key, str):
            self.remove(key)
        else:
            del self._list[key]

    def remove(self, key: str) -> None:
        """Removes every value of a header."""
        ikey = key.lower()
        self._list[:] = [item for item in self._list if item[0].lower() != ikey]

    def pop(self, key: t.Any = None, default: t.Any = _missing) -> t.Any:
        """Removes a header and returns its first value, or removes and
        returns the item at an index (the last when ``key`` is None)."""
        if key is None:
            return self._list.pop()
        if isinstance(key, int):
            return self._list.pop(key)
        try:
            rv = self[key]
        except KeyError:
            if default is not _missing:
                return default
            raise
        self.remove(key)
        return rv

    def popitem(self) -> tuple[str, str]:
        """Removes and returns the last header."""
        return self._list.pop()

    def __contains__(self, key: object) -> bool:
        if not isinstance(key, str):
            return False
        ikey = key.lower()
        return any(k.lower() == ikey for k, _ in self._list)

    def __iter__(self) -> Iterator[tuple[str, str]]:
        return iter(self._list)

    def __len__(self) -> int:
        return len(self._list)

    def add(self, key: str, value: t.Any, /, **kwargs: t.Any) -> None:
        """Adds a header after those already there. Keyword arguments become
        header parameters: ``add("Content-Disposition", "attachment",
        filename="a.txt")``."""
        self._list.append((key, _options_value(value, kwargs)))

    def add_header(self, key: str, value: t.Any, /, **kwargs: t.Any) -> None:
        """Alias of :meth:`add`, as :mod:`wsgiref` names it."""
        self.add(key, value, **kwargs)

    def clear(self) -> None:
        """Removes every header."""
        self._list.clear()

    def set(self, key: str, value: t.Any, /, **kwargs: t.Any) -> None:
        """Replaces every value of a header with one value, kept at the place
        of the first one it replaces."""
        value_str = _options_value(value, kwargs)
        ikey = key.lower()
        for idx, (old_key, _) in enumerate(self._list):
            if old_key.lower() == ikey:
                self._list[idx] = (key, value_str)
                self._list[idx + 1 :] = [
                    item for item in self._list[idx + 1 :] if item[0].lower() != ikey
                ]
                return
        self._list.append((key, value_str))

    def setlist(self, key: str, values: Iterable[t.Any]) -> None:
        """Replaces every value of a header with ``values``."""
        values = list(values)
        if not values:
            self.remove(key)
            return
        self.set(key, values[0])
        for value in values[1:]:
            self.add(key, value)

    def setdefault(self, key: str, default: t.Any) -> t.Any:
        """Returns the first value of a header, adding ``default`` first when
        the header is missing."""
        if key in self:
            return self[key]
        self.set(key, default)
        return self[key]

    def __setitem__(self, key: t.Any, value: t.Any) -> None:
        if isinstance(key, str):
            self.set(key, value)
        elif isinstance(key, int):
            self._list[key] = (value[0], _str_header_value(value[1]))
        else:
            self._list[key] = [(k, _str_header_value(v)) for k, v in value]

    def update(self, arg: t.Any = None, /, **kwargs: t.Any) -> None:
        """Replaces the headers named in ``arg`` and ``kwargs``."""
        for source in (arg, kwargs):
            if not source:
                continue
            if isinstance(source, Headers):
                source = source._list
            if isinstance(source, Mapping):
                for key, value in source.items():
                    if isinstance(value, (list, tuple, set)):
                        self.setlist(key, value)
                    else:
                        self.set(key, value)
            else:
                for key, value in source:
                    self.set(key, value)

    def to_wsgi_list(self) -> list[tuple[str, str]]:
        """Returns the headers as the list of pairs WSGI expects."""
        return list(self)

    def copy(self) -> t.Self:
        return self.__class__(self._list)

    def __copy__(self) -> t.Self:
        return self.copy()

    def __str__(self) -> str:
        lines = [f"{key}: {value}" for key, value in self.to_wsgi_list()]
        lines.append("\r\n")
        return "\r\n".join(lines)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({list(self)!r})"


class EnvironHeaders(Headers):
    """A read-only view of the HTTP headers of a WSGI environ.

    :param environ: the WSGI environ to read from.
    """

    def __init__(self, environ: Mapping[str, t.Any]) -> None:
        self.environ = environ

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, EnvironHeaders):
            return NotImplemented
        return self.environ is other.environ

    __hash__ = None  # type: ignore[assignment]

    def __getitem__(self, key: t.Any) -> str:
        if not isinstance(key, str):
            from ..exceptions import BadRequestKeyError

            raise BadRequestKeyError(key)
        ukey = key.upper().replace("-", "_")
        if ukey in ("CONTENT_TYPE", "CONTENT_LENGTH"):
            return self.environ[ukey]  # type: ignore[no-any-return]
        return self.environ[f"HTTP_{ukey}"]  # type: ignore[no-any-return]

    def get(
        self,
        key: str,
        default: t.Any = None,
        type: Callable[[str], t.Any] | None = None,
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

    def __contains__(self, key: object) -> bool:
        try:
            self[key]
        except KeyError:
            return False
        return True

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def __iter__(self) -> Iterator[tuple[str, str]]:
        for key, value in self.environ.items():
            if key.startswith("HTTP_") and key not in (
                "HTTP_CONTENT_TYPE",
                "HTTP_CONTENT_LENGTH",
            ):
                yield key[5:].replace("_", "-").title(), value
            elif key in ("CONTENT_TYPE", "CONTENT_LENGTH") and value:
                yield key.replace("_", "-").title(), value

    def copy(self) -> t.NoReturn:
        raise TypeError(f"cannot create {type(self).__name__!r} copies")

    def _immutable(self, *args: t.Any, **kwargs: t.Any) -> t.NoReturn:
        raise TypeError(f"{type(self).__name__!r} objects are immutable")

    add = add_header = set = setlist = setdefault = extend = update = _immutable
    remove = pop = popitem = clear = __setitem__ = __delitem__ = _immutable  # type: ignore[assignment]
