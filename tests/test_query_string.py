"""The query-string parser of the native core, against the standard library's
``parse_qsl`` with Werkzeug's rule for invalid UTF-8 (re-quote the bytes)."""

from __future__ import annotations

import codecs
import random
from urllib.parse import parse_qsl
from urllib.parse import quote

import pytest

from rostzeug import _native
from rostzeug.datastructures import ImmutableMultiDict
from rostzeug.datastructures import MultiDict
from rostzeug.wrappers import Request


def _requote(error: UnicodeError) -> tuple[str, int]:
    bad = error.object[error.start : error.end]  # type: ignore[attr-defined]
    return quote(bad, safe=""), error.end  # type: ignore[attr-defined]


codecs.register_error("test.requote", _requote)


def reference(query: bytes) -> list[tuple[str, str]]:
    return parse_qsl(query.decode(), keep_blank_values=True, errors="test.requote")


CASES = [
    b"",
    b"a=1",
    b"a=1&b=2&a=3",
    b"a=1;b=2",
    b"&&a&&b=&=c&",
    b"a=b=c",
    b"name=R%C3%BCst&x=caf%c3%a9",
    b"plus=a+b&enc=a%2Bb&space=a%20b",
    b"only+plus=x++y+&a+%2B=+",
    b"bad=%FF%FE&half=%C3&trunc=%E2%98",
    b"pct=100%&odd=%4&junk=%zz%4g&double=%%41",
    b"surrogate=%ED%A0%80&overlong=%C0%80",
    "raw=\u00e9t\u00e9&mix=%C3\u00e9%A9".encode(),
    b"%3D=%26&%26=%3D",
    b"a",
    b"=",
]


@pytest.mark.parametrize("query", CASES)
def test_pairs_match_stdlib(query: bytes) -> None:
    assert _native.parse_query_pairs(query) == reference(query)


@pytest.mark.parametrize("query", CASES)
def test_lists_keep_order_of_values(query: bytes) -> None:
    expected: dict[str, list[str]] = {}
    for name, value in reference(query):
        expected.setdefault(name, []).append(value)
    result = _native.parse_query_lists(query)
    assert result == expected
    assert list(result) == list(expected)


def test_random_queries_match_stdlib() -> None:
    rng = random.Random(1234)
    alphabet = b"ab=&;+%0123456789ABCDEFcdefxz \x7f"
    for _ in range(2000):
        query = bytes(rng.choice(alphabet) for _ in range(rng.randrange(0, 24)))
        assert _native.parse_query_pairs(query) == reference(query), query
    for _ in range(500):
        text = "".join(rng.choice("a=&%C3\u00e9\u2603+9F") for _ in range(16))
        query = text.encode()
        assert _native.parse_query_pairs(query) == reference(query), query


@pytest.mark.parametrize("names", [1, 9, 16, 17, 40])
def test_lists_group_any_number_of_names(names: int) -> None:
    # Few names are grouped by comparing, many through a hash map: both
    # must give the layout of a dict built pair by pair, repeats included.
    rng = random.Random(names)
    pairs = [(f"n{rng.randrange(names)}", str(i)) for i in range(3 * names)]
    query = "&".join(f"{name}={value}" for name, value in pairs).encode()
    expected: dict[str, list[str]] = {}
    for name, value in pairs:
        expected.setdefault(name, []).append(value)
    result = _native.parse_query_lists(query)
    assert result == expected
    assert list(result) == list(expected)


def test_raw_invalid_utf8_raises_like_bytes_decode() -> None:
    with pytest.raises(UnicodeDecodeError) as native_error:
        _native.parse_query_pairs(b"a=\xff")
    with pytest.raises(UnicodeDecodeError) as python_error:
        b"a=\xff".decode()
    assert str(native_error.value) == str(python_error.value)


def test_only_bytes_accepted() -> None:
    with pytest.raises(TypeError):
        _native.parse_query_pairs("a=1")  # type: ignore[arg-type]


def test_long_inputs_are_linear() -> None:
    # Many separators and many escapes: both must stay fast and exact.
    assert _native.parse_query_pairs(b"&" * 1_000_000) == []
    values = _native.parse_query_lists(b"a=" + b"%41" * 100_000)
    assert values == {"a": ["A" * 100_000]}


def environ_with(query: str) -> dict[str, object]:
    return {"REQUEST_METHOD": "GET", "QUERY_STRING": query, "SERVER_NAME": "x"}


def test_request_args_is_an_immutable_multidict() -> None:
    request = Request(environ_with("a=1&b=2&a=3"))
    args = request.args
    assert type(args) is ImmutableMultiDict
    assert isinstance(args, dict)
    assert args["a"] == "1"
    assert args.getlist("a") == ["1", "3"]
    assert list(args.items(multi=True)) == [("a", "1"), ("a", "3"), ("b", "2")]
    with pytest.raises(TypeError):
        args["c"] = "4"  # type: ignore[index]
    assert request.args is args


def test_request_args_reads_the_environ_as_latin1() -> None:
    # WSGI carries raw bytes as latin-1 characters.
    query = "name=" + "\u00fc".encode().decode("latin1")
    assert Request(environ_with(query)).args["name"] == "\u00fc"


def test_parameter_storage_class_is_honoured() -> None:
    class MutableArgsRequest(Request):
        parameter_storage_class = MultiDict

    args = MutableArgsRequest(environ_with("a=1")).args
    assert type(args) is MultiDict
    args.add("a", "2")
    assert args.getlist("a") == ["1", "2"]


def test_storage_class_without_fast_path() -> None:
    class PairsDict(dict):  # type: ignore[type-arg]
        pass

    class PairsRequest(Request):
        parameter_storage_class = PairsDict  # type: ignore[assignment]

    assert PairsRequest(environ_with("a=1&a=2")).args == {"a": "2"}
