"""Accept*, Cache-Control, CSP, entity tags, ranges and conditional requests."""

from __future__ import annotations

import hashlib
import time
from datetime import UTC
from datetime import datetime

import pytest

from rostzeug import _native
from rostzeug import datastructures as ds
from rostzeug import http
from rostzeug.sansio import http as sansio_http


class TestAccept:
    def test_missing_header_is_not_provided(self) -> None:
        for value in (None, ""):
            accept = http.parse_accept_header(value)
            assert not accept.provided
            assert list(accept) == []

    def test_qualities_and_order(self) -> None:
        accept = http.parse_accept_header("a;q=0.5, *, b, c;q=0.5, d;q=0.9")
        assert accept.provided
        assert list(accept) == [("b", 1), ("d", 0.9), ("a", 0.5), ("c", 0.5), ("*", 1)]
        # Without q the quality is the int 1, as Werkzeug keeps it.
        assert type(accept[0][1]) is int
        assert type(http.parse_accept_header("a;q=1")[0][1]) is float

    @pytest.mark.parametrize(
        "q",
        [
            "q=.5",
            "q=+0.5",
            "q=0.5_1",
            "q=1.",
            "q=1.5",
            "q=-1",
            "q=x",
            "q*=UTF-8''%F0%9F%AF%B0",
        ],
    )
    def test_invalid_quality_drops_the_item(self, q: str) -> None:
        accept = http.parse_accept_header(f"en,jp;{q}")
        assert list(accept.values()) == ["en"]

    def test_quoted_and_encoded_quality(self) -> None:
        assert list(http.parse_accept_header('a;q="0.5"')) == [("a", 0.5)]
        assert list(http.parse_accept_header("a;q*=UTF-8''0.25")) == [("a", 0.25)]
        # "q =" is not a parameter, so the default quality applies.
        assert list(http.parse_accept_header("a; q = 0.5")) == [("a", 1)]

    def test_parameters_are_written_back(self) -> None:
        accept = http.parse_accept_header(
            'text/html;Level=1;junk;x="a b";q=0.7, b;y*0=c;y*1=d', ds.MIMEAccept
        )
        assert list(accept) == [('text/html; level=1; x="a b"', 0.7), ("b; y=cd", 1)]

    def test_unclosed_quote_empties_the_list(self) -> None:
        accept = http.parse_accept_header('a, "b')
        assert accept.provided
        assert list(accept) == []

    def test_mime_specificity_order(self) -> None:
        accept = http.parse_accept_header(
            "*/*, text/*, text/html, text/html;level=1", ds.MIMEAccept
        )
        assert list(accept.values()) == [
            "text/html; level=1",
            "text/html",
            "text/*",
            "*/*",
        ]
        assert accept.best_match(["text/html", "text/html; level=1"]) == (
            "text/html; level=1"
        )

    def test_subclass_with_own_ranking_sorts_itself(self) -> None:
        class Reversed(ds.Accept):
            def _specificity(self, value: str) -> tuple[bool, ...]:
                return (value == "*",)

        accept = http.parse_accept_header("a, *;q=0.5", Reversed)
        assert type(accept) is Reversed
        assert list(accept.values()) == ["*", "a"]

    def test_result_types(self) -> None:
        for cls in (ds.Accept, ds.MIMEAccept, ds.LanguageAccept, ds.CharsetAccept):
            accept = http.parse_accept_header("x/y", cls)
            assert type(accept) is cls
            assert accept.provided

    def test_language_and_charset(self) -> None:
        lang = http.parse_accept_header("de-AT,de;q=0.8,en;q=0.5", ds.LanguageAccept)
        assert lang.best == "de-AT"
        assert lang["de_at"] == 1
        charset = http.parse_accept_header("UTF8, *;q=0.3", ds.CharsetAccept)
        assert charset["utf-8"] == 1
        assert charset["latin1"] == 0.3

    def test_repeated_values_give_separate_equal_instances(self) -> None:
        # Parsed values are reused for a header seen before: each call must
        # still return its own instance, with the same items as a first parse.
        value = "de-DE,de;q=0.9,en-US;q=0.8,en;q=0.7,fr;q=0.5"
        first = http.parse_accept_header(value, ds.LanguageAccept)
        second = http.parse_accept_header("".join(value), ds.LanguageAccept)
        assert first is not second
        assert list(first) == list(second)
        assert [type(q) for _v, q in second] == [int, float, float, float, float]
        assert second.provided
        assert second.best_match(["fr", "en"]) == "en"
        mime = http.parse_accept_header(value, ds.MIMEAccept)
        assert type(mime) is ds.MIMEAccept
        assert list(mime) == list(first)

    def test_many_distinct_values_parse_correctly(self) -> None:
        values = [f"v{n};q=0.{n % 10}, w{n}" for n in range(600)]
        for _round in range(2):
            for n, value in enumerate(values):
                accept = http.parse_accept_header(value, ds.LanguageAccept)
                expected_q = float(f"0.{n % 10}")
                assert list(accept) == [(f"w{n}", 1), (f"v{n}", expected_q)]

    def test_str_subclass_value(self) -> None:
        class Text(str):
            def __hash__(self) -> int:
                return 0

        accept = http.parse_accept_header(Text("a;q=0.5, b"), ds.LanguageAccept)
        assert list(accept) == [("b", 1), ("a", 0.5)]

    def test_long_hostile_values_are_fast(self) -> None:
        values = [
            "," * 300_000,
            '"' + "\\\\" * 100_000,
            "a;" + 'x="' * 60_000,
            "a;" + "".join(f"k{i}=v;" for i in range(40_000)),
            "*/*" + ";" * 300_000,
        ]
        started = time.perf_counter()
        for value in values:
            http.parse_accept_header(value, ds.MIMEAccept)
        assert time.perf_counter() - started < 2


class TestBestMatch:
    @pytest.mark.parametrize(
        ("header", "offered", "expected"),
        [
            ("de-AT,de;q=0.8,en;q=0.5", ["en", "de"], "de"),
            ("de-AT,de;q=0.8,en;q=0.5", ["en", "de_at"], "de_at"),
            ("en-US", ["en", "fr"], "en"),
            ("en", ["fr", "en-GB", "en-US"], "en-GB"),
            ("de-CH", ["en-US", "de-DE"], None),
            ("*;q=0.1,fr", ["en", "fr"], "fr"),
            ("fr;q=0", ["fr"], None),
        ],
    )
    def test_native_language_matcher(
        self, header: str, offered: list[str], expected: str | None
    ) -> None:
        accept = http.parse_accept_header(header, ds.LanguageAccept)
        assert _native.accept_best_match(accept, offered, None, True) == expected
        assert accept.best_match(offered) == expected

    def test_native_plain_matcher(self) -> None:
        accept = http.parse_accept_header("gzip;q=0.5, BR, *;q=0.1")
        assert (
            _native.accept_best_match(accept, ["zstd", "gzip"], None, False) == "gzip"
        )
        assert _native.accept_best_match(accept, ("zstd", "br"), None, False) == "br"
        assert _native.accept_best_match(accept, iter(["zstd"]), "x", False) == "zstd"
        empty = http.parse_accept_header("")
        assert _native.accept_best_match(empty, ["a"], "dflt", False) == "dflt"

    def test_native_matcher_rejects_non_str(self) -> None:
        accept = http.parse_accept_header("a")
        with pytest.raises(TypeError, match="iterable of str"):
            _native.accept_best_match(accept, [b"a"], None, False)  # type: ignore[list-item]


class TestCacheControlAndCsp:
    def test_cache_control(self) -> None:
        cc = http.parse_cache_control_header("max-age=0, no-cache, max-age=5")
        assert isinstance(cc, ds.RequestCacheControl)
        assert cc.max_age == 5
        assert cc.no_cache is True
        assert dict(cc) == {"max-age": "5", "no-cache": None}

    def test_cache_control_cls_and_on_update(self) -> None:
        updates: list[object] = []
        cc = http.parse_cache_control_header(
            "private, community=\"UCI\", x*=UTF-8''%C3%A9",
            updates.append,
            ds.ResponseCacheControl,
        )
        assert isinstance(cc, ds.ResponseCacheControl)
        assert cc["community"] == "UCI"
        assert cc["x"] == "é"
        cc.public = True
        assert updates == [cc]

    def test_cache_control_empty_and_unclosed(self) -> None:
        assert dict(http.parse_cache_control_header(None)) == {}
        assert dict(http.parse_cache_control_header('a=1, b="2')) == {}

    def test_csp(self) -> None:
        csp = http.parse_csp_header("default-src 'self'; script-src 'a' *; img-src")
        assert csp.default_src == "'self'"
        assert csp.script_src == "'a' *"
        assert csp.img_src is None
        assert http.dump_csp_header(csp) == "default-src 'self'; script-src 'a' *"
        assert dict(http.parse_csp_header("")) == {}


class TestEtags:
    def test_quote_and_unquote(self) -> None:
        assert http.quote_etag("foo") == '"foo"'
        assert http.quote_etag("foo", weak=True) == 'W/"foo"'
        with pytest.raises(ValueError, match="cannot contain"):
            http.quote_etag('a"b')
        assert http.unquote_etag('W/"foo"') == ("foo", True)
        assert http.unquote_etag('w/"foo"') == ("foo", True)
        assert http.unquote_etag("bare") == ("bare", False)
        assert http.unquote_etag("") == (None, None)
        assert http.unquote_etag(None) == (None, None)

    def test_parse_etags(self) -> None:
        tags = http.parse_etags('"foo", W/"baz", blar, "a, b" , junk"x", w/q')
        assert sorted(tags) == ["a, b", "blar", "foo"]
        assert tags.is_weak("baz") and tags.is_weak("q")
        assert not tags.contains("junk")
        assert http.parse_etags("*").star_tag
        assert not http.parse_etags("")
        assert http.parse_etags(' W/ , "x"').as_set() == {"W/", "x"}

    def test_generate_etag(self) -> None:
        assert http.generate_etag(b"data") == hashlib.sha1(b"data").hexdigest()

    def test_long_hostile_values_are_fast(self) -> None:
        started = time.perf_counter()
        for value in ('"a,' * 100_000, 'W/"' * 100_000, "a" * 300_000 + '"'):
            http.parse_etags(value)
        assert time.perf_counter() - started < 2


class TestRanges:
    @pytest.mark.parametrize(
        ("value", "units", "ranges"),
        [
            ("bytes=52-", "bytes", [(52, None)]),
            ("bytes=0-0,2-4,-10", "bytes", [(0, 1), (2, 5), (-10, None)]),
            ("Bytes = 1 - 100", "bytes", [(1, 101)]),
            ("bytes=0-99999999999999999999", "bytes", [(0, 10**20)]),
            ("bytes=-99999999999999999999", "bytes", [(-(10**20) + 1, None)]),
        ],
    )
    def test_range(
        self, value: str, units: str, ranges: list[tuple[int, int | None]]
    ) -> None:
        parsed = http.parse_range_header(value)
        assert parsed is not None
        assert parsed.units == units
        assert parsed.ranges == ranges

    @pytest.mark.parametrize(
        "value",
        [
            None,
            "",
            "bytes",
            "bytes=5",
            "bytes=-0",
            "bytes=5-4",
            "bytes=0-5,5-6",
            "bytes=-5,0-1",
            "bytes=5-,7-8",
            "bytes=+1-2",
            "bytes=1_0-20",
            "bytes=\U0001fbf1-2",
        ],
    )
    def test_invalid_range(self, value: str | None) -> None:
        assert http.parse_range_header(value) is None

    def test_content_range(self) -> None:
        updates: list[object] = []
        parsed = http.parse_content_range_header("bytes 0-99/1000", updates.append)
        assert parsed is not None
        assert (parsed.units, parsed.start, parsed.stop, parsed.length) == (
            "bytes",
            0,
            100,
            1000,
        )
        # The constructor reports its first state too.
        assert updates == [parsed]
        parsed.length = 2000
        assert updates == [parsed, parsed]
        star = http.parse_content_range_header("bytes */*")
        assert star is not None and star.start is None and star.length is None

    @pytest.mark.parametrize(
        "value",
        [
            None,
            "",
            "bytes 0-98/*x",
            "bytes */-1",
            "bytes 5-4/10",
            "bytes 10-11/10",
            "bytes 1-+2/3",
        ],
    )
    def test_invalid_content_range(self, value: str | None) -> None:
        assert http.parse_content_range_header(value) is None

    def test_is_byte_range_valid(self) -> None:
        assert http.is_byte_range_valid(0, 10, 20)
        assert http.is_byte_range_valid(None, None, None)
        assert not http.is_byte_range_valid(None, 5, 10)
        assert not http.is_byte_range_valid(5, 5, 10)
        assert not http.is_byte_range_valid(10, 11, 10)

    def test_if_range(self) -> None:
        assert http.parse_if_range_header('W/"tag"').etag == "tag"
        date = http.parse_if_range_header("Thu, 01 Jan 1970 00:00:00 GMT").date
        assert date == datetime(1970, 1, 1, tzinfo=UTC)
        empty = http.parse_if_range_header(None)
        assert empty.etag is None and empty.date is None


class TestIsResourceModified:
    def test_etag_and_dates(self) -> None:
        etag = http.quote_etag(http.generate_etag(b"body"))
        assert not sansio_http.is_resource_modified(http_if_none_match=etag, etag=etag)
        assert not sansio_http.is_resource_modified(
            http_if_none_match=etag, data=b"body"
        )
        assert sansio_http.is_resource_modified(http_if_none_match=etag, data=b"other")
        # A tag If-Match does not hold strongly counts as unchanged.
        assert not sansio_http.is_resource_modified(http_if_match='"x"', etag='"y"')
        assert sansio_http.is_resource_modified(http_if_match='"y"', etag='"y"')
        since = "Tue, 01 Jan 2008 12:30:00 GMT"
        earlier = datetime(2008, 1, 1, 12, 0, 0, 999)
        assert not sansio_http.is_resource_modified(
            http_if_modified_since=since, last_modified=earlier
        )
        assert sansio_http.is_resource_modified(
            http_if_modified_since=since, last_modified="Tue, 01 Jan 2008 13:00:00 GMT"
        )
        with pytest.raises(TypeError, match="not both"):
            sansio_http.is_resource_modified(etag='"a"', data=b"a")

    def test_if_range_needs_range(self) -> None:
        env = {"HTTP_IF_RANGE": http.quote_etag(http.generate_etag(b"a"))}
        # Without Range, If-Range is ignored even when it matches.
        assert http.is_resource_modified(env, data=b"a", ignore_if_range=False)
        env["HTTP_RANGE"] = "bytes=0-1"
        assert not http.is_resource_modified(env, data=b"a", ignore_if_range=False)
        assert http.is_resource_modified(env, data=b"b", ignore_if_range=False)
