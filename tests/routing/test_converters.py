"""Converters: what each built-in matches and converts at its edges, and
user converters with and without part isolation."""

from __future__ import annotations

import typing as t
import uuid

import pytest

from rostzeug.exceptions import NotFound
from rostzeug.routing import BaseConverter
from rostzeug.routing import Map
from rostzeug.routing import RequestRedirect
from rostzeug.routing import Rule
from rostzeug.routing import ValidationError
from rostzeug.routing.converters import DEFAULT_CONVERTERS
from rostzeug.routing.converters import PathConverter


def match(rule: str, path: str, **map_options: t.Any) -> dict[str, t.Any]:
    url_map = Map([Rule(rule, endpoint="x")], **map_options)
    return dict(url_map.bind("example.org").match(path)[1])


def no_match(rule: str, path: str) -> None:
    with pytest.raises(NotFound):
        match(rule, path)


@pytest.mark.parametrize(
    ("path", "value"),
    [("/n/0", 0), ("/n/7", 7), ("/n/007", 7), ("/n/18446744073709551616", 2**64)],
)
def test_int_unsigned(path: str, value: int) -> None:
    result = match("/n/<int:v>", path)
    assert result == {"v": value}
    assert type(result["v"]) is int


@pytest.mark.parametrize("path", ["/n/-1", "/n/+1", "/n/1.5", "/n/", "/n/1a", "/n/ 1"])
def test_int_unsigned_rejects(path: str) -> None:
    no_match("/n/<int:v>", path)


@pytest.mark.parametrize(
    ("path", "value"), [("/n/-5", -5), ("/n/5", 5), ("/n/-0", 0), ("/n/-007", -7)]
)
def test_int_signed(path: str, value: int) -> None:
    assert match("/n/<int(signed=True):v>", path) == {"v": value}


def test_int_signed_rejects_double_sign() -> None:
    no_match("/n/<int(signed=True):v>", "/n/--5")


def test_int_fixed_digits() -> None:
    rule = "/n/<int(fixed_digits=4):v>"
    assert match(rule, "/n/0042") == {"v": 42}
    no_match(rule, "/n/042")
    no_match(rule, "/n/00042")


def test_int_min_max() -> None:
    rule = "/n/<int(min=2, max=5):v>"
    assert match(rule, "/n/2") == {"v": 2}
    assert match(rule, "/n/5") == {"v": 5}
    no_match(rule, "/n/1")
    no_match(rule, "/n/6")


def test_int_unicode_digits() -> None:
    # Python's \d and int() both accept every decimal digit, as Werkzeug.
    assert match("/n/<int:v>", "/n/\u0663\u0664") == {"v": 34}


@pytest.mark.parametrize("digits", [4300])
def test_int_longest_accepted_digit_string(digits: int) -> None:
    assert match("/n/<int:v>", "/n/" + "9" * digits) == {"v": int("9" * digits)}


@pytest.mark.parametrize("digits", [4301, 100_000])
def test_int_too_long_digit_string_is_not_found(digits: int) -> None:
    # int() refuses more digits than its limit: the rule does not match,
    # and the request is a 404, not an error.
    no_match("/n/<int:v>", "/n/" + "1" * digits)


def test_int_too_long_falls_to_404_not_to_other_rules() -> None:
    url_map = Map([Rule("/n/<int:v>", endpoint="int"), Rule("/n/<v>", endpoint="str")])
    adapter = url_map.bind("example.org")
    with pytest.raises(NotFound):
        adapter.match("/n/" + "1" * 5000)
    assert adapter.match("/n/abc") == ("str", {"v": "abc"})


@pytest.mark.parametrize(
    ("path", "value"), [("/f/1.5", 1.5), ("/f/0.0", 0.0), ("/f/01.250", 1.25)]
)
def test_float(path: str, value: float) -> None:
    result = match("/f/<float:v>", path)
    assert result == {"v": value}
    assert type(result["v"]) is float


@pytest.mark.parametrize(
    "path", ["/f/1", "/f/.5", "/f/1.", "/f/-1.5", "/f/1e5", "/f/inf"]
)
def test_float_rejects(path: str) -> None:
    no_match("/f/<float:v>", path)


def test_float_signed_and_limits() -> None:
    assert match("/f/<float(signed=True):v>", "/f/-2.5") == {"v": -2.5}
    rule = "/f/<float(min=1.0, max=2.0):v>"
    assert match(rule, "/f/1.5") == {"v": 1.5}
    no_match(rule, "/f/2.5")


def test_float_long_digit_strings() -> None:
    text = "1" * 400 + "." + "5" * 400
    assert match("/f/<float:v>", "/f/" + text) == {"v": float(text)}


@pytest.mark.parametrize(
    "text",
    [
        "a8098c1a-f86e-11da-bd1a-00112444be1e",
        "A8098C1A-F86E-11DA-BD1A-00112444BE1E",
        "a8098C1A-f86e-11DA-bd1a-00112444Be1e",
    ],
)
def test_uuid_either_case(text: str) -> None:
    assert match("/u/<uuid:v>", "/u/" + text) == {"v": uuid.UUID(text)}


@pytest.mark.parametrize(
    "text",
    [
        "a8098c1af86e11dabd1a00112444be1e",
        "a8098c1a-f86e-11da-bd1a-00112444be1",
        "g8098c1a-f86e-11da-bd1a-00112444be1e",
        "{a8098c1a-f86e-11da-bd1a-00112444be1e}",
    ],
)
def test_uuid_rejects(text: str) -> None:
    no_match("/u/<uuid:v>", "/u/" + text)


def test_string_lengths_count_characters() -> None:
    assert match("/s/<string(length=3):v>", "/s/äöü") == {"v": "äöü"}
    no_match("/s/<string(length=3):v>", "/s/ab")
    rule = "/s/<string(minlength=2, maxlength=3):v>"
    assert match(rule, "/s/ab") == {"v": "ab"}
    no_match(rule, "/s/a")
    no_match(rule, "/s/abcd")


def test_string_takes_percent_encoded_and_non_ascii_text_as_given() -> None:
    # The WSGI server decodes the path; what arrives is matched as it is.
    assert match("/s/<v>", "/s/a%2Fb") == {"v": "a%2Fb"}
    assert match("/s/<v>", "/s/日本語") == {"v": "日本語"}
    assert match("/s/<v>", "/s/a\nb") == {"v": "a\nb"}


def test_path_takes_slashes() -> None:
    assert match("/p/<path:v>", "/p/a/b/c") == {"v": "a/b/c"}
    assert match("/p/<path:v>/edit", "/p/a/b/edit") == {"v": "a/b"}
    # An empty first segment does not match; merging the slashes does.
    with pytest.raises(RequestRedirect) as info:
        match("/p/<path:v>", "/p//a")
    assert info.value.new_url == "http://example.org/p/a"


def test_path_stops_at_newlines_as_python_re_dot() -> None:
    # The path regex is "[^/].*?" without DOTALL: a decoded %0A ends it.
    no_match("/p/<path:v>", "/p/a\n/b")
    no_match("/p/<path:v>", "/p/a/b\n")


def test_any_with_special_characters() -> None:
    rule = '/a/<any(about, "a.b", "c+d", "x|y", "1,2"):v>'
    for item in ("about", "a.b", "c+d", "x|y", "1,2"):
        assert match(rule, "/a/" + item) == {"v": item}
    # The dot and the plus are literal: "aXb" and "cd" are not items.
    no_match(rule, "/a/aXb")
    no_match(rule, "/a/cd")
    no_match(rule, "/a/x")


def test_any_prefers_the_first_alternative_as_python_re() -> None:
    assert match("/a/<any(ab, abc):v><rest>", "/a/abcd") == {"v": "ab", "rest": "cd"}


def test_several_converters_in_one_segment_backtrack_as_python_re() -> None:
    assert match("/x/<a>-<b>", "/x/1-2-3") == {"a": "1-2", "b": "3"}
    assert match("/x/item<int:i>.<int:j>", "/x/item12.345") == {"i": 12, "j": 345}
    assert match("/x/<a>.<path:b>", "/x/a.b.c/d") == {"a": "a.b", "b": "c/d"}


class LowerConverter(BaseConverter):
    """Takes lower-case words, gives upper-case values."""

    regex = "[a-z]+"

    def to_python(self, value: str) -> str:
        if value == "forbidden":
            raise ValidationError()
        return value.upper()

    def to_url(self, value: str) -> str:
        return value.lower()


class TwoSegments(BaseConverter):
    """Two path segments: a regex with a slash."""

    regex = "[^/]+/[^/]+"


class TwoSegmentsIsolated(BaseConverter):
    regex = "[^/]+/[^/]+"
    part_isolating = True


def test_part_isolating_is_set_from_the_regex() -> None:
    assert LowerConverter.part_isolating is True
    assert TwoSegments.part_isolating is False
    assert TwoSegmentsIsolated.part_isolating is True
    assert PathConverter.part_isolating is False

    class Inherits(TwoSegments):
        pass

    class InheritsWithOwnRegex(TwoSegments):
        regex = "[a-z]+"

    assert Inherits.part_isolating is False
    assert InheritsWithOwnRegex.part_isolating is True


def test_custom_converter_is_called_for_its_segment() -> None:
    url_map = Map(
        [Rule("/w/<lower:word>", endpoint="w")], converters={"lower": LowerConverter}
    )
    adapter = url_map.bind("example.org")
    assert adapter.match("/w/abc") == ("w", {"word": "ABC"})
    with pytest.raises(NotFound):
        adapter.match("/w/ABC")
    with pytest.raises(NotFound):
        adapter.match("/w/forbidden")
    assert adapter.build("w", {"word": "XyZ"}) == "/w/xyz"


def test_custom_converter_spanning_segments() -> None:
    url_map = Map(
        [
            Rule("/t/<two:v>", endpoint="two"),
            Rule("/t/<two:v>/end", endpoint="end"),
        ],
        converters={"two": TwoSegments},
    )
    adapter = url_map.bind("example.org")
    assert adapter.match("/t/a/b") == ("two", {"v": "a/b"})
    assert adapter.match("/t/a/b/end") == ("end", {"v": "a/b"})
    with pytest.raises(NotFound):
        adapter.match("/t/a")


def test_subclass_of_builtin_with_own_regex_is_matched_by_python() -> None:
    class HexConverter(BaseConverter):
        regex = "[0-9a-f]+"

        def to_python(self, value: str) -> int:
            return int(value, 16)

    url_map = Map([Rule("/h/<hex:v>", endpoint="h")], converters={"hex": HexConverter})
    assert url_map.bind("example.org").match("/h/ff") == ("h", {"v": 255})


def test_subclass_overriding_to_python_of_int_is_called() -> None:
    calls = []

    class Counted(DEFAULT_CONVERTERS["int"]):  # type: ignore[misc,valid-type]
        def to_python(self, value: str) -> t.Any:
            calls.append(value)
            return super().to_python(value) * 2

    url_map = Map([Rule("/n/<int:v>", endpoint="n")], converters={"int": Counted})
    assert url_map.bind("example.org").match("/n/21") == ("n", {"v": 42})
    assert calls == ["21"]


def test_to_python_set_on_the_converter_instance_is_called() -> None:
    int_converter = DEFAULT_CONVERTERS["int"]

    class Tripled(int_converter):  # type: ignore[misc,valid-type]
        def __init__(self, map: Map, *args: t.Any, **kwargs: t.Any) -> None:
            super().__init__(map, *args, **kwargs)
            self.to_python = lambda value: int(value) * 3

    class Rebound(int_converter):  # type: ignore[misc,valid-type]
        def __init__(self, map: Map, *args: t.Any, **kwargs: t.Any) -> None:
            super().__init__(map, *args, **kwargs)
            # The built-in method, bound to another converter (with a limit).
            self.to_python = int_converter(map, max=5).to_python

    url_map = Map(
        [Rule("/t/<tripled:v>", endpoint="t"), Rule("/r/<rebound:v>", endpoint="r")],
        converters={"tripled": Tripled, "rebound": Rebound},
    )
    adapter = url_map.bind("example.org")
    assert adapter.match("/t/7") == ("t", {"v": 21})
    assert adapter.match("/r/4") == ("r", {"v": 4})
    with pytest.raises(NotFound):
        adapter.match("/r/6")


def test_converter_errors_other_than_validation_propagate() -> None:
    class Broken(BaseConverter):
        def to_python(self, value: str) -> str:
            raise KeyError(value)

    url_map = Map([Rule("/b/<broken:v>", endpoint="b")], converters={"broken": Broken})
    with pytest.raises(KeyError):
        url_map.bind("example.org").match("/b/x")


def test_default_converters_are_the_documented_names() -> None:
    assert set(DEFAULT_CONVERTERS) == {
        "default",
        "string",
        "any",
        "path",
        "int",
        "float",
        "uuid",
    }
    assert dict(Map.default_converters) == dict(DEFAULT_CONVERTERS)
