"""Bugs with the multi-value dicts and headers."""

from __future__ import annotations

from io import BytesIO

from rostzeug.datastructures import FileStorage
from rostzeug.datastructures import Headers
from rostzeug.datastructures import ImmutableMultiDict
from rostzeug.datastructures import MultiDict


def needs_text(value: str) -> str:
    return value.strip()


def multidicts() -> None:
    # The declared value type is int: a str value is wrong.
    counts = MultiDict[str, int]({"a": "1"})  # expect: arg-type reportArgumentType
    other: MultiDict[str, int] = MultiDict([("a", "1")])  # expect: list-item reportAssignmentType
    counts.add("b", "2")  # expect: arg-type reportArgumentType
    counts["c"] = "3"  # expect: assignment reportArgumentType
    needs_text(counts["a"])  # expect: arg-type reportArgumentType

    # Without a default, ``get`` may give None.
    names: MultiDict[str, str] = MultiDict()
    needs_text(names.get("name"))  # expect: arg-type reportArgumentType

    # ``to_dict(flat=False)`` maps to lists.
    flat: dict[str, str] = names.to_dict(flat=False)  # expect: assignment reportAssignmentType

    # The items of ``getlist`` with a ``type`` are what ``type`` returns.
    for number in names.getlist("n", type=int):
        needs_text(number)  # expect: arg-type reportArgumentType

    # An immutable dict of str values read as ints.
    frozen: ImmutableMultiDict[str, str] = ImmutableMultiDict([("x", "1")])
    port: int = frozen["x"]  # expect: assignment reportAssignmentType
    print(flat, other, port)


def headers() -> None:
    result = Headers()
    # Header names are str.
    result.add(42, "x")  # expect: arg-type reportArgumentType
    result.set(b"X-Raw", "x")  # expect: arg-type reportArgumentType
    needs_text(result.get("X-Missing"))  # expect: arg-type reportArgumentType
    size = result.get("Content-Length", type=int)
    needs_text(size)  # expect: arg-type reportArgumentType


def uploads() -> None:
    report = FileStorage(BytesIO(b"a,b\n"), filename="report.csv")
    # The client may send no file name.
    report.filename.lower()  # expect: union-attr reportOptionalMemberAccess
    # Files are saved from their stream, not given as bytes.
    report.save(b"contents", buffer_size=1024)  # expect: arg-type reportArgumentType
