"""Misuse of the native module's functions and of the public functions in
front of them: wrong ints, re-entered parsers and wrong classes raise
TypeError or ValueError naming the argument (native) or what Werkzeug raises
(public), never PyO3's OverflowError or RuntimeError."""

from __future__ import annotations

import io
import typing as t
import warnings

import pytest
import werkzeug.formparser
import werkzeug.http

import rostzeug.datastructures
import rostzeug.formparser
import rostzeug.http
from rostzeug import _native

HUGE = 2**70
BODY = b"--b\r\nContent-Disposition: form-data; name=a\r\n\r\nv\r\n--b--\r\n"
FILE_BODY = (
    b"--b\r\nContent-Disposition: form-data; name=f; filename=f.bin\r\n\r\n"
    + b"x" * 200_000
    + b"\r\n--b--\r\n"
)

NATIVE_INT_CALLS: dict[str, tuple[str, t.Callable[[object], object]]] = {
    "parse_accept": ("order", lambda n: _native.parse_accept("a", n)),
    "parse_accept_into": (
        "order",
        lambda n: _native.parse_accept_into(rostzeug.datastructures.Accept, "a", n),
    ),
    "ChunkedFraming.feed": (
        "position",
        lambda n: _native.ChunkedFraming().feed(b"0\r\n\r\n", n),
    ),
    "plain_wsgi_header_list": (
        "body_length",
        lambda n: _native.plain_wsgi_header_list([("A", "b")], n),
    ),
}


@pytest.mark.parametrize("value", [HUGE, -HUGE, -1])
@pytest.mark.parametrize("call", NATIVE_INT_CALLS.values(), ids=NATIVE_INT_CALLS.keys())
def test_out_of_range_ints_are_value_errors_naming_the_argument(
    call: tuple[str, t.Callable[[object], object]], value: int
) -> None:
    name, function = call
    with pytest.raises(ValueError, match=f"^{name} is out of range"):
        function(value)


@pytest.mark.parametrize("call", NATIVE_INT_CALLS.values(), ids=NATIVE_INT_CALLS.keys())
def test_non_ints_are_type_errors_naming_the_argument(
    call: tuple[str, t.Callable[[object], object]],
) -> None:
    name, function = call
    with pytest.raises(TypeError, match=f"^{name} must be an int, not str"):
        function("1")


@pytest.mark.parametrize(
    "make",
    [
        lambda n: _native.MultipartParser(b"b", max_form_memory_size=n),
        lambda n: _native.MultipartParser(b"b", max_parts=n),
        lambda n: _native.MultipartParser(b"b", buffer_size=n),
        lambda n: _native.MultipartDecoder(b"b", max_form_memory_size=n),
        lambda n: _native.MultipartDecoder(b"b", max_parts=n),
    ],
)
def test_limits_beyond_the_native_range_saturate(
    make: t.Callable[[int], object],
) -> None:
    # A limit larger than any size allows everything; a negative one allows
    # nothing, as the same int compares in Python.
    assert make(HUGE) is not None
    assert make(-HUGE) is not None
    with pytest.raises(TypeError, match="must be an int, not str"):
        make("1")  # type: ignore[arg-type]


def test_size_limit_of_set_in_short_header_list_saturates() -> None:
    items = [("A", "b")]
    assert _native.set_in_short_header_list(items, "A", "c", HUGE)
    assert items == [("A", "c")]
    assert not _native.set_in_short_header_list(items, "A", "d", -HUGE)


def _parse_form(module: t.Any, **limits: int) -> object:
    parser = module.FormDataParser(**limits)
    stream = io.BytesIO(BODY)
    try:
        return parser.parse(
            stream, "multipart/form-data", len(BODY), {"boundary": "b"}
        )[1]
    except Exception as error:
        return type(error).__name__


@pytest.mark.parametrize("value", [HUGE, -HUGE, 2**64, 2**63])
@pytest.mark.parametrize("limit", ["max_form_memory_size", "max_form_parts"])
def test_form_limits_out_of_native_range_act_as_in_werkzeug(
    limit: str, value: int
) -> None:
    ours = _parse_form(rostzeug.formparser, **{limit: value})
    theirs = _parse_form(werkzeug.formparser, **{limit: value})
    assert str(ours).replace("rostzeug", "") == str(theirs).replace("werkzeug", "")


@pytest.mark.parametrize("value", [HUGE, -HUGE, 2**64])
def test_dump_cookie_max_size_out_of_native_range(value: int) -> None:
    with warnings.catch_warnings(record=True) as ours_warned:
        warnings.simplefilter("always")
        ours = rostzeug.http.dump_cookie("a", "b", max_size=value)
    with warnings.catch_warnings(record=True) as theirs_warned:
        warnings.simplefilter("always")
        theirs = werkzeug.http.dump_cookie("a", "b", max_size=value)
    assert ours == theirs
    assert len(ours_warned) == len(theirs_warned)


def _accept_outcome(module: t.Any, *args: object) -> object:
    try:
        return module.parse_accept_header(*args)
    except Exception as error:
        return type(error)


@pytest.mark.parametrize(
    "args",
    [
        ("a", int),
        ("a", 5),
        ("", int),
        ("a", [1]),
        ("a;q=0.5,b", dict),
        ("a,b;q=0.5", list),
        ("a;q=0.5,b", tuple),
    ],
    ids=repr,
)
def test_parse_accept_header_with_other_classes_as_werkzeug(
    args: tuple[object, ...],
) -> None:
    ours = _accept_outcome(rostzeug.http, *args)
    assert ours == _accept_outcome(werkzeug.http, *args)


@pytest.mark.parametrize(
    "reenter",
    [
        lambda parser: parser.parse([], None),
        lambda parser: parser.receive_data(b"x"),
        lambda parser: parser.read_size(),
        lambda parser: parser.finished,
    ],
    ids=["parse", "receive_data", "read_size", "finished"],
)
def test_multipart_parser_refuses_calls_from_its_write_callback(
    reenter: t.Callable[[t.Any], object],
) -> None:
    parser = _native.MultipartParser(b"b")
    errors: list[Exception] = []

    def write(data: bytes) -> None:
        try:
            reenter(parser)
        except Exception as error:
            errors.append(error)

    parser.receive_data(FILE_BODY)
    parser.receive_data(None)
    assert parser.parse([], write) is not None
    assert parser.parse([], write) is None
    assert errors
    assert all(type(error) is ValueError for error in errors)
    assert "MultipartParser is already running a call" in str(errors[0])
    # The parser works again once the call has returned.
    assert parser.finished
