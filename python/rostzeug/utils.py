"""Assorted helpers for WSGI applications."""

from __future__ import annotations

import typing as t
from collections.abc import Callable

_T = t.TypeVar("_T")

_missing = object()


class cached_property(property, t.Generic[_T]):
    """A :func:`property` computed once per instance, then stored in the
    instance's ``__dict__``. Setting or deleting the attribute replaces or
    clears the stored value; the class must not use ``__slots__``.
    """

    def __init__(
        self,
        fget: Callable[[t.Any], _T],
        name: str | None = None,
        doc: str | None = None,
    ) -> None:
        super().__init__(fget, doc=doc)
        self.__name__ = name or fget.__name__
        self.slot_name = f"_cache_{self.__name__}"
        self.__module__ = fget.__module__

    def __set__(self, obj: object, value: _T) -> None:
        if hasattr(obj, "__dict__"):
            obj.__dict__[self.__name__] = value
        else:
            setattr(obj, self.slot_name, value)

    def __delete__(self, obj: object) -> None:
        if hasattr(obj, "__dict__"):
            del obj.__dict__[self.__name__]
        else:
            setattr(obj, self.slot_name, _missing)

    def __get__(self, obj: object, type: type | None = None) -> _T:  # type: ignore[override]
        if obj is None:
            return self  # type: ignore[return-value]
        obj_dict = getattr(obj, "__dict__", None)
        if obj_dict is not None:
            value = obj_dict.get(self.__name__, _missing)
        else:
            value = getattr(obj, self.slot_name, _missing)
        if value is _missing:
            value = self.fget(obj)  # type: ignore[misc]
            if obj_dict is not None:
                obj.__dict__[self.__name__] = value
            else:
                setattr(obj, self.slot_name, value)
        return value  # type: ignore[no-any-return]


def get_content_type(mimetype: str, charset: str) -> str:
    """Returns the Content-Type for a mimetype, adding ``; charset=...`` for
    text types and the XML and JavaScript types that carry text."""
    if (
        mimetype.startswith("text/")
        or mimetype in _charset_mimetypes
        or mimetype.endswith("+xml")
    ):
        mimetype += f"; charset={charset}"
    return mimetype


_charset_mimetypes = {
    "application/ecmascript",
    "application/javascript",
    "application/sql",
    "application/xml",
    "application/xml-dtd",
    "application/xml-external-parsed-entity",
}
