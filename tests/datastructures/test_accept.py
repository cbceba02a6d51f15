"""Accept, MIMEAccept, LanguageAccept and CharsetAccept."""

from __future__ import annotations

import pickle

import pytest

from rostzeug import datastructures as ds


class TestAccept:
    def test_sorted_by_specificity_then_quality_keeping_order(self) -> None:
        accept = ds.Accept([("*", 1), ("b", 0.5), ("a", 0.5), ("c", 1)])
        assert list(accept) == [("c", 1), ("b", 0.5), ("a", 0.5), ("*", 1)]
        assert accept.best == "c"
        assert list(accept.values()) == ["c", "b", "a", "*"]
        assert accept.provided

    def test_quality_contains_index_find(self) -> None:
        accept = ds.Accept([("gzip", 1), ("br", 0.5), ("zstd", 0)])
        assert accept["BR"] == accept.quality("br") == 0.5
        assert accept["deflate"] == 0
        assert accept[0] == ("gzip", 1)
        assert accept[1:] == [("br", 0.5), ("zstd", 0)]
        assert "Gzip" in accept and "deflate" not in accept
        assert accept.index("zstd") == 2
        assert accept.index(("br", 0.5)) == 1
        with pytest.raises(ValueError):
            accept.index("deflate")
        assert accept.find("deflate") == -1
        assert accept.find("br") == 1

    def test_best_match(self) -> None:
        accept = ds.Accept([("a", 0.5), ("b", 1), ("c", 0)])
        assert accept.best_match(["a", "b"]) == "b"
        assert accept.best_match(["a", "c"]) == "a"
        assert accept.best_match(["c"]) is None
        assert accept.best_match(["c", "z"], default="d") == "d"
        wildcard = ds.Accept([("*", 1), ("a", 0.5)])
        # A specific entry of lower quality loses to the wildcard.
        assert wildcard.best_match(["a", "z"]) == "z"
        assert ds.Accept([("*", 1)]).best_match(["x", "y"]) == "x"

    def test_no_header(self) -> None:
        accept = ds.Accept(None)
        assert not accept.provided
        assert accept.best is None
        assert accept.best_match(["a"], default="d") == "d"
        assert ds.Accept(accept).provided is False

    def test_header_repr_and_immutability(self) -> None:
        accept = ds.Accept([("a", 1), ("b", 0.25)])
        assert accept.to_header() == "a,b;q=0.25"
        assert str(accept) == accept.to_header()
        assert repr(accept) == "Accept([('a', 1), ('b', 0.25)])"
        with pytest.raises(TypeError):
            accept.append(("c", 1))  # type: ignore[call-arg]
        loaded = pickle.loads(pickle.dumps(accept))
        assert type(loaded) is ds.Accept
        assert loaded == accept


class TestMIMEAccept:
    @pytest.mark.parametrize(
        ("values", "matches", "expect"),
        [
            ([("text/*", 1)], ["image/png", "text/css"], "text/css"),
            ([("*/*", 0.1), ("image/*", 1)], ["text/html", "image/png"], "image/png"),
            ([("*/*", 1), ("text/html", 0.5)], ["text/html", "a/b"], "a/b"),
            ([("text/html;level=1", 1)], ["text/html"], None),
            (
                [("text/html; level=1; x=2", 1)],
                ["text/html;x=2;level=1"],
                "text/html;x=2;level=1",
            ),
            ([("invalid", 1), ("*/html", 1)], ["text/html"], None),
            ([("TEXT/HTML", 1)], ["text/html"], "text/html"),
        ],
    )
    def test_best_match(self, values, matches, expect) -> None:  # type: ignore[no-untyped-def]
        assert ds.MIMEAccept(values).best_match(matches) == expect

    def test_specificity_orders_entries(self) -> None:
        accept = ds.MIMEAccept([("*/*", 1), ("text/*", 1), ("text/html", 1)])
        assert accept.values() is not None
        assert list(accept.values()) == ["text/html", "text/*", "*/*"]

    @pytest.mark.parametrize("value", ["html", "*/html"])
    def test_invalid_application_value_raises(self, value: str) -> None:
        with pytest.raises(ValueError, match="invalid mimetype"):
            ds.MIMEAccept([("text/html", 1)]).quality(value)

    def test_convenience_properties(self) -> None:
        html = ds.MIMEAccept([("text/html", 1)])
        xhtml = ds.MIMEAccept([("application/xhtml+xml", 1)])
        json = ds.MIMEAccept([("application/json", 1)])
        assert html.accept_html and not html.accept_json
        assert xhtml.accept_html and xhtml.accept_xhtml
        assert json.accept_json and not json.accept_html
        assert ds.MIMEAccept([("*/*", 1)]).accept_json


class TestLanguageAccept:
    @pytest.mark.parametrize(
        ("values", "matches", "expect"),
        [
            ([("en-US", 1)], ["en_us"], "en_us"),
            ([("en-US", 1)], ["de", "en"], "en"),
            ([("en", 1)], ["de", "en-GB"], "en-GB"),
            # An exact match wins over a primary-tag match of better quality.
            ([("fr", 1), ("en", 0.5)], ["en", "fr-CA"], "en"),
            ([("fr", 1), ("en", 0.5)], ["de", "fr-CA"], "fr-CA"),
            ([("en-GB", 1)], ["de"], None),
        ],
    )
    def test_best_match_falls_back_to_primary_tags(
        self, values, matches, expect
    ) -> None:  # type: ignore[no-untyped-def]
        accept = ds.LanguageAccept(values)
        assert accept.best_match(matches) == expect
        assert accept.best_match(iter(matches)) == expect

    def test_default(self) -> None:
        assert ds.LanguageAccept([("en", 1)]).best_match(["de"], "fr") == "fr"


class TestCharsetAccept:
    def test_codec_names_are_normalized(self) -> None:
        accept = ds.CharsetAccept([("UTF8", 1), ("latin1", 0.5)])
        assert "utf-8" in accept
        assert accept["ISO-8859-1"] == 0.5
        assert "unknown-charset" not in accept
        assert ds.CharsetAccept([("X-Custom", 1)])["x-custom"] == 1


class _PythonLanguageAccept(ds.LanguageAccept):
    """Same rules, but overriding a hook takes best_match off the native path."""

    def _value_matches(self, value: str, item: str) -> bool:
        return ds.LanguageAccept._value_matches(self, value, item)


class _PythonAccept(ds.Accept):
    def _value_matches(self, value: str, item: str) -> bool:
        return ds.Accept._value_matches(self, value, item)


def test_native_best_match_agrees_with_python_rules() -> None:
    import random

    rng = random.Random(7)
    tags = [
        "en",
        "en-US",
        "en_gb",
        "EN-us",
        "de",
        "de-CH",
        "fr",
        "*",
        "zh-Hant-TW",
        "pt-br",
    ]
    qualities = [1, 0.9, 0.5, 0.1, 0]
    for _ in range(3000):
        values = [
            (rng.choice(tags), rng.choice(qualities)) for _ in range(rng.randrange(5))
        ]
        offered = rng.sample(tags, rng.randrange(1, 5))
        default = rng.choice([None, "xx"])
        assert ds.LanguageAccept(values).best_match(
            offered, default
        ) == _PythonLanguageAccept(values).best_match(offered, default), (
            values,
            offered,
        )
        assert ds.Accept(values).best_match(offered, default) == _PythonAccept(
            values
        ).best_match(offered, default), (values, offered)


def test_best_match_reads_an_iterator_once() -> None:
    accept = ds.LanguageAccept([("de", 1), ("en", 0.5)])
    assert accept.best_match(iter(["en", "de"])) == "de"
