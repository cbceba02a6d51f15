"""FileStorage and FileMultiDict."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

import pytest

from rostzeug import datastructures as ds


class TestFileStorage:
    def test_defaults(self) -> None:
        storage = ds.FileStorage()
        assert storage.filename is None
        assert not storage
        assert storage.read() == b""
        assert storage.content_type is None
        assert storage.content_length == 0
        assert storage.mimetype == ""
        assert storage.mimetype_params == {}
        assert repr(storage) == "<FileStorage: None (None)>"

    def test_headers_and_mimetype(self) -> None:
        storage = ds.FileStorage(
            io.BytesIO(b"x"),
            filename="a.txt",
            name="field",
            content_type="Text/HTML; charset=utf-8",
            content_length=1,
        )
        assert storage
        assert storage.name == "field"
        assert storage.headers["Content-Type"] == "Text/HTML; charset=utf-8"
        assert storage.mimetype == "text/html"
        assert storage.mimetype_params == {"charset": "utf-8"}
        assert storage.content_length == 1
        assert repr(storage) == "<FileStorage: 'a.txt' ('Text/HTML; charset=utf-8')>"

    @pytest.mark.parametrize("value", ["+1", "1_0", "x", "\u0661"])
    def test_content_length_must_be_plain_digits(self, value: str) -> None:
        storage = ds.FileStorage(headers=ds.Headers({"Content-Length": value}))
        assert storage.content_length == 0

    def test_filename_from_stream(self, tmp_path: Path) -> None:
        path = tmp_path / "data.bin"
        path.write_bytes(b"abc")
        with path.open("rb") as f:
            assert ds.FileStorage(f).filename == str(path)
        special = io.BytesIO()
        special.name = "<stdin>"  # type: ignore[attr-defined]
        assert ds.FileStorage(special).filename is None
        assert ds.FileStorage(io.BytesIO(), filename=b"b.txt").filename == "b.txt"  # type: ignore[arg-type]

    def test_proxies_and_iterates_the_stream(self) -> None:
        storage = ds.FileStorage(io.BytesIO(b"one\ntwo"))
        assert list(storage) == [b"one\n", b"two"]
        storage.seek(0)
        assert storage.read(3) == b"one"
        assert storage.seekable()
        with pytest.raises(AttributeError):
            storage.no_such_attribute  # noqa: B018
        spooled = ds.FileStorage(tempfile.SpooledTemporaryFile())
        assert spooled.readable()
        spooled.close()
        storage.close()
        assert storage.stream.closed

    def test_save(self, tmp_path: Path) -> None:
        storage = ds.FileStorage(io.BytesIO(b"payload"))
        storage.save(tmp_path / "path")
        assert (tmp_path / "path").read_bytes() == b"payload"
        storage.stream.seek(0)
        storage.save(str(tmp_path / "str"), buffer_size=2)
        assert (tmp_path / "str").read_bytes() == b"payload"
        storage.stream.seek(0)
        target = io.BytesIO()
        storage.save(target)
        assert target.getvalue() == b"payload"
        assert not target.closed


class TestFileMultiDict:
    def test_add_file(self, tmp_path: Path) -> None:
        path = tmp_path / "pic.png"
        path.write_bytes(b"png")
        files = ds.FileMultiDict()
        files.add_file("a", path)
        files.add_file("b", io.BytesIO(b"x"), "doc.unknownext")
        files.add_file("b", io.BytesIO(b"y"), "c.txt", content_type="text/x")
        existing = ds.FileStorage(io.BytesIO(b"z"), "z.txt")
        files.add_file("c", existing)
        first = files["a"]
        assert first.filename == str(path)
        assert first.content_type == "image/png"
        assert first.name == "a"
        assert first.read() == b"png"
        first.close()
        assert [f.content_type for f in files.getlist("b")] == [
            "application/octet-stream",
            "text/x",
        ]
        assert files["c"] is existing
