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
    # However many names, repeats included, the layout must be that of a
    # dict built pair by pair.
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


class _RecordingDict(MultiDict):
    """A storage class that records how the parser built it."""

    built_from: str = ""

    @classmethod
    def _from_lists(cls, lists: dict[str, list[str]]) -> _RecordingDict:
        rv = super()._from_lists(lists)
        rv.built_from = "lists"
        return rv


class _PairsOnlyDict(MultiDict):
    """A storage class without the lists fast path, as the ordered one."""

    _from_lists = None  # type: ignore[assignment]

    def __init__(self, mapping: object = None) -> None:
        self.given = mapping
        super().__init__(mapping)  # type: ignore[arg-type]


@pytest.mark.parametrize("query", CASES)
def test_parse_query_fills_multidicts_directly(query: bytes) -> None:
    for cls in (MultiDict, ImmutableMultiDict):
        result = _native.parse_query(query, cls)
        assert type(result) is cls
        assert dict(result.lists()) == _native.parse_query_lists(query)
        assert list(result.items(multi=True)) == list(
            cls._from_lists(_native.parse_query_lists(query)).items(multi=True)
        )


def test_parse_query_uses_from_lists_of_subclasses() -> None:
    result = _native.parse_query(b"a=1&b=2&a=3", _RecordingDict)
    assert type(result) is _RecordingDict
    assert result.built_from == "lists"
    assert result.getlist("a") == ["1", "3"]


def test_parse_query_builds_from_pairs_without_from_lists() -> None:
    result = _native.parse_query(b"a=1&b=2&a=3", _PairsOnlyDict)
    assert type(result) is _PairsOnlyDict
    assert result.given == [("a", "1"), ("b", "2"), ("a", "3")]

    class PlainDict(dict):  # type: ignore[type-arg]
        pass

    assert _native.parse_query(b"a=1&a=2", PlainDict) == {"a": "2"}


def test_parse_query_raises_for_invalid_utf8() -> None:
    for cls in (MultiDict, _RecordingDict, _PairsOnlyDict):
        with pytest.raises(UnicodeDecodeError):
            _native.parse_query(b"a=\xff", cls)


def test_names_are_shared_across_parses() -> None:
    first = _native.parse_query_lists(b"shared_name=1")
    second = _native.parse_query_lists(b"shared_name=2&other=3")
    (name,) = first
    assert next(iter(second)) is name
    # Values are never shared.
    assert _native.parse_query_lists(b"v=same")["v"][0] == "same"


def test_many_names_stay_exact_through_the_name_cache() -> None:
    # More names than the cache has slots, some longer than it keeps, and
    # names that only differ late: every parse must still give the
    # reference layout, the second time through the cache too.
    names = [f"field{i}" for i in range(3000)] + [
        "long" * 20 + str(i) for i in range(5)
    ]
    query = "&".join(f"{name}={i}&{name}=x" for i, name in enumerate(names)).encode()
    expected: dict[str, list[str]] = {}
    for name, value in reference(query):
        expected.setdefault(name, []).append(value)
    for _ in range(2):
        result = _native.parse_query_lists(query)
        assert result == expected
        assert list(result) == list(expected)


def test_cookie_names_are_grouped_like_query_names() -> None:
    header = "; ".join(f"c{i % 23}=v{i}" for i in range(60))
    cookies = _native.parse_cookie_text(header)
    expected: dict[str, list[str]] = {}
    for i in range(60):
        expected.setdefault(f"c{i % 23}", []).append(f"v{i}")
    assert dict(cookies.lists()) == expected
    assert list(cookies) == list(expected)
