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
        # Spaces inside an item stay; commas inside quotes do not split.
        ("en gb", ["en gb"]),
        ("one,two", ["one", "two"]),
        ('gzip, "x, y"', ["gzip", "x, y"]),
        ('"q\\"r", s', ['q"r', "s"]),
        # A quote that does not open the item is kept as it is.
        ('p"q,r", "s t"', ['p"q,r"', "s t"]),
        ("x, ,,y,", ["x", "y"]),
        # An unterminated quoted item voids the whole header.
        ('x, "y, z", "w, v', []),
        ("", []),
        (" \t, \t", []),
    ],
)
def test_parse_list_header(value: str, expect: list[str]) -> None:
    assert http.parse_list_header(value) == expect


@pytest.mark.parametrize(
    ("value", "expect"),
    [
        ('realm="my site", nc=00000001', {"realm": "my site", "nc": "00000001"}),
        ("flag, empty=", {"flag": None, "empty": ""}),
        ("=x, =", {}),
        ('k=1, m="2, 3", n="4, z=5', {}),
        ("t*=UTF-8''%E2%82%AC, u*=NOPE''%41", {"t": "€", "u": "%41"}),
        ("t*=iso-8859-1''%E9", {"t": "é"}),
        # The last of a repeated key wins, at the place it first appeared.
        ("k=1, m=2, k=3", {"k": "3", "m": "2"}),
    ],
)
def test_parse_dict_header(value: str, expect: dict[str, str | None]) -> None:
    result = http.parse_dict_header(value)
    assert result == expect
    assert list(result) == list(expect)


def test_parse_set_header() -> None:
    encodings = http.parse_set_header('gzip, Deflate, "Weird thing", br')
    # Membership ignores case; iteration keeps the spelling and order given.
    assert "weird thing" in encodings
    assert "DEFLATE" in encodings
    assert "zstd" not in encodings
    assert list(encodings) == ["gzip", "Deflate", "Weird thing", "br"]
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
        (";q=1", ("", {})),
        ("t;", ("t", {})),
        (" , q ", (", q", {})),
        ("t;p=1;r=2;", ("t", {"p": "1", "r": "2"})),
        ("t;  ; p=1 ; ", ("t", {"p": "1"})),
        # Parameters without a name or value, or with a non-token value, drop.
        ("t;p", ("t", {})),
        ("t;p=", ("t", {})),
        ("t;=1", ("t", {})),
        ("t;p=é", ("t", {})),
        ("t;p=1 2;r=3", ("t", {"p": "1", "r": "3"})),
        ('t;p="\';\'";r="é";', ("t", {"p": "';'", "r": "é"})),
        # Backslash escapes, a dangling backslash, and %22 as used by forms.
        ('t;p="x\\"y";r=3', ("t", {"p": 'x"y', "r": "3"})),
        ('t;p="d:\\\\"', ("t", {"p": "d:\\"})),
        ('t;p="d:\\"', ("t", {})),
        ('t;p="x%22y"', ("t", {"p": 'x"y'})),
        # RFC 2231 extended values and continuations.
        ("t;p*=US-ASCII''%C3%A9", ("t", {"p": "\ufffd\ufffd"})),
        ("t;p*=NOPE''%41", ("t", {"p": "%41"})),
        ('t;p*="q"', ("t", {"p": '"q"'})),
        ("t;p*0=x;p*1=y;r=3", ("t", {"r": "3", "p": "xy"})),
        ("t;p*0*=UTF-8''x;p*1=y;p*2*=%C3%A9", ("t", {"p": "xyé"})),
        ("t;p*0=x;p=y", ("t", {"p": "y"})),
        ('image/png; NaMe="Pic.PNG"', ("image/png", {"name": "Pic.PNG"})),
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
    dump = http.dump_options_header
    assert dump("text/html", {"level": 1}) == "text/html; level=1"
    # A None value leaves the option out.
    assert dump("text/html", {"level": 1, "q": None}) == "text/html; level=1"
    assert dump(None, {"p": "x y"}) == 'p="x y"'
    assert dump("t", {"n*": "UTF-8''%C3%A9"}) == "t; n*=UTF-8''%C3%A9"
    # Only the first value of a repeated key is written.
    assert dump("t", MultiDict([("p", "1"), ("p", "2")])) == "t; p=1"


def test_dump_header() -> None:
    assert http.dump_header([7, 8]) == "7, 8"
    assert http.dump_header(["gzip", "x y"]) == 'gzip, "x y"'
    assert http.dump_header({"realm": "api"}) == "realm=api"
    assert (
        http.dump_header({"realm": "my api", "stale": None}) == 'realm="my api", stale'
    )
    assert http.dump_header({"t*": "UTF-8''%E2%82%AC"}) == "t*=UTF-8''%E2%82%AC"


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
