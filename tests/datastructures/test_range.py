"""Range, ContentRange and IfRange."""

from __future__ import annotations

from datetime import UTC
from datetime import datetime

import pytest

from rostzeug import datastructures as ds


class TestRange:
    @pytest.mark.parametrize(
        ("ranges", "header"),
        [
            ([(0, 500)], "bytes=0-499"),
            ([(100, None)], "bytes=100-"),
            ([(-50, None)], "bytes=-50"),
            ([(0, 1), (5, 10)], "bytes=0-0,5-9"),
        ],
    )
    def test_to_header(self, ranges, header) -> None:  # type: ignore[no-untyped-def]
        rng = ds.Range("bytes", ranges)
        assert rng.to_header() == header
        assert str(rng) == header
        assert repr(rng) == f"<Range {header!r}>"

    @pytest.mark.parametrize("ranges", [[(None, 1)], [(5, 5)], [(5, 1)], [(-1, 5)]])
    def test_invalid_ranges_raise(self, ranges) -> None:  # type: ignore[no-untyped-def]
        with pytest.raises(ValueError, match="not a valid range"):
            ds.Range("bytes", ranges)

    def test_range_for_length(self) -> None:
        assert ds.Range("bytes", [(0, 10)]).range_for_length(5) == (0, 5)
        assert ds.Range("bytes", [(-3, None)]).range_for_length(10) == (7, 10)
        assert ds.Range("bytes", [(2, None)]).range_for_length(10) == (2, 10)
        assert ds.Range("bytes", [(20, None)]).range_for_length(10) is None
        assert ds.Range("bytes", [(0, 1)]).range_for_length(None) is None
        assert ds.Range("items", [(0, 1)]).range_for_length(10) is None
        assert ds.Range("bytes", [(0, 1), (2, 3)]).range_for_length(10) is None

    def test_content_range(self) -> None:
        rng = ds.Range("bytes", [(2, None)])
        assert rng.to_content_range_header(10) == "bytes 2-9/10"
        content_range = rng.make_content_range(10)
        assert content_range is not None
        assert (content_range.start, content_range.stop) == (2, 10)
        assert ds.Range("bytes", [(20, None)]).make_content_range(10) is None
        assert ds.Range("bytes", [(20, None)]).to_content_range_header(10) is None


class TestContentRange:
    def test_header_and_updates(self) -> None:
        calls: list[object] = []
        cr = ds.ContentRange("bytes", 0, 10, 100, on_update=calls.append)
        assert cr.to_header() == "bytes 0-9/100"
        assert cr
        cr.stop = 20
        assert str(cr) == "bytes 0-19/100"
        cr.length = None
        assert cr.to_header() == "bytes 0-19/*"
        cr.set(None, None, 50)
        assert cr.to_header() == "bytes */50"
        cr.unset()
        assert not cr
        assert cr.to_header() == ""
        # The constructor reports too.
        assert len(calls) == 5
        assert repr(ds.ContentRange("bytes", 0, 1)) == "<ContentRange 'bytes 0-0/*'>"

    def test_invalid_range_is_refused(self) -> None:
        with pytest.raises(AssertionError):
            ds.ContentRange("bytes", 5, 1, 10)


class TestIfRange:
    def test_header(self) -> None:
        assert ds.IfRange(etag="abc").to_header() == '"abc"'
        date = datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC)
        assert ds.IfRange(date=date).to_header() == "Tue, 02 Jan 2024 03:04:05 GMT"
        assert str(ds.IfRange()) == ""
        assert repr(ds.IfRange(etag="x")) == "<IfRange '\"x\"'>"
