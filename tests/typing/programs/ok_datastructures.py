"""Building and reading the multi-value dicts and headers."""

from __future__ import annotations

import tempfile
from io import BytesIO
from typing import assert_type

from rostzeug.datastructures import CombinedMultiDict
from rostzeug.datastructures import FileStorage
from rostzeug.datastructures import Headers
from rostzeug.datastructures import ImmutableMultiDict
from rostzeug.datastructures import MultiDict
from rostzeug.datastructures import TypeConversionDict


def multidicts() -> dict[str, list[int]]:
    names: MultiDict[str, str] = MultiDict([("name", "ada"), ("name", "grace")])
    names.add("name", "edsger")
    names.setlist("lang", ["en", "de"])
    assert_type(names["name"], str)
    assert_type(names.get("name"), str | None)
    assert_type(names.get("missing", "nobody"), str)
    assert_type(names.getlist("name"), list[str])
    assert_type(names.to_dict(), dict[str, str])
    assert_type(names.to_dict(flat=False), dict[str, list[str]])
    assert_type(names.pop("lang"), str)
    assert_type(names.poplist("name"), list[str])
    assert_type(names.setdefault("lang", "fr"), str)
    assert_type(names.setlistdefault("tag", ["x"]), list[str])
    assert_type(names.pop("gone", None), str | None)
    assert_type(names.popitem(), tuple[str, str])
    assert_type(names.deepcopy(), MultiDict[str, str])
    assert_type(names.copy(), MultiDict[str, str])
    for key, value in names.items(multi=True):
        assert_type(key, str)
        assert_type(value, str)
    for _key, values in names.lists():
        assert_type(values, list[str])

    counts: MultiDict[str, int] = MultiDict([("a", 1), ("b", 2), ("b", 3)])
    counts.add("a", 4)
    assert_type(counts.get("a", type=str), str | None)
    assert_type(counts.getlist("b", type=float), list[float])
    total = sum(counts.getlist("a")) + counts.get("b", 0)

    frozen: ImmutableMultiDict[str, str] = ImmutableMultiDict([("x", "1")])
    assert_type(frozen.get("x", type=int), int | None)
    assert_type(frozen.copy(), MultiDict[str, str])

    both = CombinedMultiDict([frozen, names])
    assert_type(both, CombinedMultiDict[str, str])
    assert_type(both.get("z"), str | None)
    assert_type(both.getlist("x", type=int), list[int])
    # items(multi=True) gives (key, value) pairs here as on every MultiDict;
    # Werkzeug annotates this one's values as lists, so both checkers see a
    # list where the value is a str.
    for _key, item in both.items(multi=True):
        assert_type(item, str)  # expect[werkzeug]: assert-type reportAssertTypeFailure

    converted: TypeConversionDict[str, str] = TypeConversionDict(port="8080")
    assert_type(converted.get("port", type=int), int | None)
    assert_type(converted.get("port", 80, type=int), int)

    return {"total": [total], **counts.to_dict(flat=False)}


def headers() -> Headers:
    result = Headers([("Content-Type", "text/plain")])
    result.add("Content-Disposition", "attachment", filename="notes.txt")
    result.set("Cache-Control", "no-store")
    result.setdefault("X-Frame-Options", "DENY")
    result["X-Count"] = "3"
    assert_type(result["Content-Type"], str)
    assert_type(result.get("X-Count"), str | None)
    assert_type(result.get("X-Count", type=int), int | None)
    assert_type(result.getlist("Set-Cookie"), list[str])
    assert_type(result[0], tuple[str, str])
    assert_type(result[1:], Headers)
    assert_type(result.pop("X-Count"), str)
    assert_type(result.pop("X-Gone", None), str | None)
    for name, value in result:
        assert_type(name, str)
        assert_type(value, str)
    result.extend({"Vary": "Accept"})
    assert_type(result.to_wsgi_list(), list[tuple[str, str]])
    return result


def uploads(directory: str) -> MultiDict[str, FileStorage]:
    report = FileStorage(BytesIO(b"a,b\n"), filename="report.csv", name="report")
    assert_type(report.filename, str | None)
    assert_type(report.name, str | None)
    assert_type(report.content_type, str | None)
    if report.filename is not None:
        report.save(f"{directory}/{report.filename.lower()}")
    files: MultiDict[str, FileStorage] = MultiDict()
    files.add("report", report)
    assert_type(files.getlist("report"), list[FileStorage])
    return files


def smoke() -> None:
    assert multidicts() == {"total": [7], "a": [1, 4], "b": [2, 3]}
    assert headers().get("Vary") == "Accept"
    with tempfile.TemporaryDirectory() as directory:
        files = uploads(directory)
        with open(f"{directory}/report.csv", "rb") as saved:
            assert saved.read() == b"a,b\n"
    assert [item.filename for item in files.getlist("report")] == ["report.csv"]
