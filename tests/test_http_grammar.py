"""Header grammar: quoting, list, dict, set and options headers, and the
entity / hop-by-hop header helpers."""

from __future__ import annotations

import urllib.parse

import pytest

from rostzeug import http
from rostzeug.datastructures import Headers
from rostzeug.datastructures import MultiDict


@pytest.mark.parametrize(
    ("value", "allow_token", "expect"),
    [
        ("token", True, "token"),
        ("token", False, '"token"'),
        ("", True, '""'),
        ("a b", True, '"a b"'),
        ('a"b\\c', True, '"a\\"b\\\\c"'),
        (42, True, "42"),
        ("µ", True, '"µ"'),
    ],
)
def test_quote_header_value(value: object, allow_token: bool, expect: str) -> None:
    assert http.quote_header_value(value, allow_token=allow_token) == expect


@pytest.mark.parametrize(
    ("value", "expect"),
    [
        ('"a b"', "a b"),
        ('"a\\"b\\\\c"', 'a"b\\c'),
        ('"a\\xb"', "axb"),
        ('"a\\\nb"', "a\\\nb"),
        ('""', ""),
        ('"', '"'),
        ("plain", "plain"),
        ('a"', 'a"'),
    ],
)
def test_unquote_header_value(value: str, expect: str) -> None:
    assert http.unquote_header_value(value) == expect


@pytest.mark.parametrize("value", ["", "a", 'a "b" \\ c', "µ\\"])
def test_quote_round_trip(value: str) -> None:
    quoted = http.quote_header_value(value, allow_token=False)
    assert http.unquote_header_value(quoted) == value


@pytest.mark.parametrize(
    ("value", "expect"),
    [
        ("a b", ["a b"]),
        ('a b, "c, d"', ["a b", "c, d"]),
        ('"a\\"b", c', ['a"b', "c"]),
        ('a"b,c", "d e"', ['a"b,c"', "d e"]),
        ("a, ,,b,", ["a", "b"]),
        ('a, "b, c", "d, e', []),
        ("", []),
        (" \t, \t", []),
    ],
)
def test_parse_list_header(value: str, expect: list[str]) -> None:
    assert http.parse_list_header(value) == expect


@pytest.mark.parametrize(
    ("value", "expect"),
    [
        ('foo="bar baz", blah=42', {"foo": "bar baz", "blah": "42"}),
        ("foo, bar=", {"foo": None, "bar": ""}),
        ("=foo, =", {}),
        ('a=1, b="2, 3", c="4, d=5', {}),
        ("a*=UTF-8''%C2%B5, b*=BAD''%62", {"a": "µ", "b": "%62"}),
        ("a*=iso-8859-1''%B5", {"a": "µ"}),
        ("a=1, b=2, a=3", {"a": "3", "b": "2"}),
    ],
)
def test_parse_dict_header(value: str, expect: dict[str, str | None]) -> None:
    result = http.parse_dict_header(value)
    assert result == expect
    assert list(result) == list(expect)


def test_parse_set_header() -> None:
    header_set = http.parse_set_header('foo, Bar, "Blah baz", Hehe')
    assert "blah baz" in header_set
    assert "BAR" in header_set
    assert "foobar" not in header_set
    assert list(header_set) == ["foo", "Bar", "Blah baz", "Hehe"]
    assert len(http.parse_set_header(None)) == 0

    changes = []
    header_set = http.parse_set_header("a", on_update=changes.append)
    header_set.add("b")
    assert changes == [header_set]


@pytest.mark.parametrize(
    ("value", "expect"),
    [
        (None, ("", {})),
        ("", ("", {})),
        (";a=b", ("", {})),
        ("v;", ("v", {})),
        (" , a ", (", a", {})),
        ("v;a=b;c=d;", ("v", {"a": "b", "c": "d"})),
        ("v;  ; a=b ; ", ("v", {"a": "b"})),
        ("v;a", ("v", {})),
        ("v;a=", ("v", {})),
        ("v;=b", ("v", {})),
        ("v;a=µ", ("v", {})),
        ("v;a=b c;d=e", ("v", {"a": "b", "d": "e"})),
        ('v;a="\';\'";b="µ";', ("v", {"a": "';'", "b": "µ"})),
        ('v;a="b\\"c";d=e', ("v", {"a": 'b"c', "d": "e"})),
        ('v;a="c:\\\\"', ("v", {"a": "c:\\"})),
        ('v;a="c:\\"', ("v", {})),
        ('v;a="b%22c"', ("v", {"a": 'b"c'})),
        ("v;a*=US-ASCII''%C2%B5", ("v", {"a": "\ufffd\ufffd"})),
        ("v;a*=BAD''%62", ("v", {"a": "%62"})),
        ('v;a*="x"', ("v", {"a": '"x"'})),
        ("v;a*0=b;a*1=c;d=e", ("v", {"d": "e", "a": "bc"})),
        ("v;a*0*=UTF-8''b;a*1=c;a*2*=%C2%B5", ("v", {"a": "bcµ"})),
        ("v;a*0=b;a=c", ("v", {"a": "c"})),
        ('text/plain; FileName="File.ext"', ("text/plain", {"filename": "File.ext"})),
    ],
)
def test_parse_options_header(
    value: str | None, expect: tuple[str, dict[str, str]]
) -> None:
    result = http.parse_options_header(value)
    assert result == expect
    assert list(result[1]) == list(expect[1])


def test_parse_options_header_rfc2231_filename() -> None:
    name = "naïve résumé 🐍.txt"
    encoded = urllib.parse.quote(name)
    header = f"form-data; name=file; filename*=UTF-8''{encoded}"
    assert http.parse_options_header(header)[1]["filename"] == name


@pytest.mark.parametrize(
    "value",
    [
        'v;a="' + "\\" * 100_000,
        "v" + ";" * 100_000,
        "v;" + "a=" * 50_000,
        "v;" + ' a="x\\";' * 20_000,
    ],
)
def test_parse_options_header_long_input(value: str) -> None:
    # Linear parsing: these used to be slow in regex-based parsers.
    value_part, options = http.parse_options_header(value)
    assert value_part == "v"
    assert isinstance(options, dict)


def test_dump_options_header() -> None:
    assert http.dump_options_header("foo", {"bar": 42}) == "foo; bar=42"
    assert http.dump_options_header("foo", {"bar": 42, "fizz": None}) == "foo; bar=42"
    assert http.dump_options_header(None, {"a": "b c"}) == 'a="b c"'
    assert http.dump_options_header("x", {"f*": "UTF-8''a%20b"}) == "x; f*=UTF-8''a%20b"
    assert (
        http.dump_options_header("x", MultiDict([("a", "1"), ("a", "2")])) == "x; a=1"
    )


def test_dump_header() -> None:
    assert http.dump_header([1, 2, 3]) == "1, 2, 3"
    assert http.dump_header(["foo", "bar baz"]) == 'foo, "bar baz"'
    assert http.dump_header({"foo": "bar"}) == "foo=bar"
    assert http.dump_header({"foo": "bar baz", "flag": None}) == 'foo="bar baz", flag'
    assert http.dump_header({"foo*": "UTF-8''bar"}) == "foo*=UTF-8''bar"


@pytest.mark.parametrize(
    "value",
    ["a", 'a="b c"', "a=1, b", "a*=UTF-8''%C2%B5, b=2"],
)
def test_dict_header_round_trip(value: str) -> None:
    parsed = http.parse_dict_header(value)
    assert http.parse_dict_header(http.dump_header(parsed)) == parsed


def test_entity_and_hop_by_hop_headers() -> None:
    assert http.is_entity_header("Content-Type")
    assert not http.is_entity_header("Date")
    assert http.is_hop_by_hop_header("Keep-Alive")
    assert not http.is_hop_by_hop_header("Content-Length")

    pairs = [("Date", "x"), ("Content-Type", "text/html"), ("Expires", "y")]
    http.remove_entity_headers(pairs)
    assert pairs == [("Date", "x"), ("Expires", "y")]
    pairs = [("Content-Type", "text/html"), ("Expires", "y")]
    http.remove_entity_headers(pairs, allowed=["CONTENT-TYPE"])
    assert pairs == [("Content-Type", "text/html")]

    headers = Headers([("Connection", "close"), ("Foo", "bar"), ("TE", "x")])
    http.remove_hop_by_hop_headers(headers)
    assert headers == Headers([("Foo", "bar")])


def test_policies() -> None:
    assert http.COEP("require-corp") is http.COEP.REQUIRE_CORP
    assert http.COOP.SAME_ORIGIN_ALLOW_POPUPS.value == "same-origin-allow-popups"
