from __future__ import annotations

import gc
import io
import typing as t
import warnings

import pytest

from rostzeug.datastructures import Headers
from rostzeug.middleware.lint import ErrorStream
from rostzeug.middleware.lint import GuardedIterator
from rostzeug.middleware.lint import HTTPWarning
from rostzeug.middleware.lint import InputStream
from rostzeug.middleware.lint import LintMiddleware
from rostzeug.middleware.lint import WSGIWarning
from rostzeug.test import create_environ
from rostzeug.wsgi import FileWrapper

Caught = list[tuple[type[Warning], str]]


def respond(
    status: str = "200 OK",
    headers: t.Any = None,
    body: t.Any = (b"Hello",),
) -> t.Callable[..., t.Any]:
    """An application that sends the given status, headers and body."""
    if headers is None:
        headers = [("Content-Type", "text/plain")]

    def app(environ: dict[str, t.Any], start_response: t.Any) -> t.Any:
        start_response(status, headers)
        return body if isinstance(body, str | bytes) else list(body)

    return app


def run_lint(
    app: t.Callable[..., t.Any], environ: dict[str, t.Any] | None = None
) -> tuple[Caught, bytes, list[t.Any]]:
    """Runs ``app`` behind the linter as a server would (iterate, close)
    and returns the warnings, the body and the start_response calls."""
    if environ is None:
        environ = create_environ("/test")
    calls: list[t.Any] = []
    written: list[bytes] = []

    def start_response(*args: t.Any) -> t.Callable[[bytes], None]:
        calls.append(args)
        return written.append

    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        app_iter = LintMiddleware(app)(environ, start_response)
        chunks = list(app_iter)
        app_iter.close()  # type: ignore[attr-defined]

    caught = [(w.category, str(w.message)) for w in record]
    return (
        caught,
        b"".join(written)
        + b"".join(c.encode() if isinstance(c, str) else c for c in chunks),
        calls,
    )


def test_valid_application_passes_without_warnings() -> None:
    app = respond(headers=[("Content-Type", "text/plain"), ("Content-Length", "5")])
    caught, body, calls = run_lint(app)
    assert caught == []
    assert body == b"Hello"
    assert calls == [
        ("200 OK", [("Content-Type", "text/plain"), ("Content-Length", "5")], None)
    ]


# environ


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("wsgi.version", (2, 0), "Environ is not a WSGI 1.0 environ."),
        ("SCRIPT_NAME", "app", "'SCRIPT_NAME' does not start with a slash: 'app'"),
        ("PATH_INFO", "test", "'PATH_INFO' does not start with a slash: 'test'"),
    ],
)
def test_bad_environ_values(key: str, value: t.Any, message: str) -> None:
    environ = create_environ("/test")
    environ[key] = value
    caught, _, _ = run_lint(respond(), environ)
    assert caught == [(WSGIWarning, message)]


def test_missing_environ_keys() -> None:
    environ = create_environ("/test")
    del environ["SERVER_PORT"]
    del environ["wsgi.run_once"]
    caught, _, _ = run_lint(respond(), environ)
    assert caught == [
        (WSGIWarning, "Required environment key 'SERVER_PORT' not found"),
        (WSGIWarning, "Required environment key 'wsgi.run_once' not found"),
    ]


def test_environ_that_is_not_a_dict() -> None:
    class EnvironDict(dict[str, t.Any]):
        pass

    caught, _, _ = run_lint(respond(), EnvironDict(create_environ("/test")))
    assert caught == [(WSGIWarning, "WSGI environment is not a standard Python dict.")]


def test_streams_and_file_wrapper_are_replaced() -> None:
    seen: dict[str, t.Any] = {}

    def app(environ: dict[str, t.Any], start_response: t.Any) -> list[bytes]:
        seen.update(environ)
        start_response("200 OK", [])
        return []

    run_lint(app)
    assert isinstance(seen["wsgi.input"], InputStream)
    assert isinstance(seen["wsgi.errors"], ErrorStream)
    assert seen["wsgi.file_wrapper"] is FileWrapper


# calling conventions


def test_app_called_with_wrong_arguments() -> None:
    lint = LintMiddleware(respond())
    environ = create_environ("/test")
    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        lint(environ, lambda *a: None, extra=1).close()  # type: ignore[attr-defined]
    assert [str(w.message) for w in record] == [
        "A WSGI app does not take keyword arguments."
    ]

    with pytest.warns(WSGIWarning, match="A WSGI app takes two arguments."):
        iterator = lint(environ, lambda *a: None, None)
        iterator.close()  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("args", "kwargs", "message"),
    [
        (
            ("200 OK", [], None, "extra"),
            {},
            "Invalid number of arguments: 4, expected 2 or 3.",
        ),
        (
            ("200 OK", []),
            {"exc_info": None},
            "'start_response' does not take keyword arguments.",
        ),
    ],
)
def test_start_response_called_wrongly(
    args: tuple[t.Any, ...], kwargs: dict[str, t.Any], message: str
) -> None:
    def app(environ: dict[str, t.Any], start_response: t.Any) -> list[bytes]:
        start_response(*args, **kwargs)
        return []

    caught, _, calls = run_lint(app)
    assert caught == [(WSGIWarning, message)]
    # The server gets the arguments WSGI defines.
    assert calls == [("200 OK", [], None)]


# status and headers


def test_invalid_status_warns_three_times() -> None:
    caught, _, _ = run_lint(respond(status="20 OK"))
    assert caught == [
        (WSGIWarning, "Status code must be three digits."),
        (
            WSGIWarning,
            "Invalid value for status '20 OK'. Valid status strings are three"
            " digits, a space and a status explanation.",
        ),
        (WSGIWarning, "Status code < 100 detected."),
    ]


def test_status_without_reason() -> None:
    caught, _, _ = run_lint(respond(status="200"))
    assert [message for _, message in caught] == [
        "Invalid value for status '200'. Valid status strings are three digits,"
        " a space and a status explanation."
    ]


def test_status_of_wrong_type() -> None:
    class Status(str):
        pass

    caught, _, _ = run_lint(respond(status=Status("200 OK")))
    assert caught == [(WSGIWarning, "'status' requires 'str', got 'Status'.")]


@pytest.mark.parametrize(
    ("headers", "message"),
    [
        (("Content-Type", "text/plain"), "Header list is not a list."),
        (["ab"], "Header items must be 2-item tuples."),
        ([("X-Count", 3)], "Header keys and values must be strings."),
        (
            [("Status", "200")],
            "The status header is not supported due to conflicts with the CGI spec.",
        ),
    ],
)
def test_bad_headers(headers: t.Any, message: str) -> None:
    if isinstance(headers, tuple):
        headers = (headers,)
    caught, _, _ = run_lint(respond(headers=headers))
    assert (WSGIWarning, message) in caught


def test_invalid_exc_info() -> None:
    def app(environ: dict[str, t.Any], start_response: t.Any) -> list[bytes]:
        start_response("200 OK", [], "error")
        return []

    caught, _, calls = run_lint(app)
    assert caught == [(WSGIWarning, "Invalid value for exc_info.")]
    assert calls == [("200 OK", [], "error")]


@pytest.mark.parametrize(
    ("etag", "messages"),
    [
        ('"abc"', []),
        ('W/"abc"', []),
        ("abc", ["Unquoted etag emitted."]),
        ('"abc', ["Unquoted etag emitted."]),
        ("W/abc", ["Unquoted etag emitted."]),
        ('w/"abc"', ["Weak etag indicator should be upper case."]),
        (
            "w/abc",
            ["Weak etag indicator should be upper case.", "Unquoted etag emitted."],
        ),
    ],
)
def test_etag(etag: str, messages: list[str]) -> None:
    caught, _, _ = run_lint(respond(headers=[("ETag", etag)]))
    assert caught == [(HTTPWarning, message) for message in messages]


@pytest.mark.parametrize(
    ("location", "warns"),
    [
        ("https://example.org/next", False),
        ("//example.org/next", False),
        ("/next", True),
        ("next", True),
    ],
)
def test_location(location: str, warns: bool) -> None:
    caught, _, _ = run_lint(
        respond(status="302 Found", headers=[("Location", location)])
    )
    expected = [(HTTPWarning, "Absolute URLs required for location header.")]
    assert caught == (expected if warns else [])


def test_check_headers_directly() -> None:
    lint = LintMiddleware(respond())
    with pytest.warns(HTTPWarning, match="Unquoted etag emitted."):
        lint.check_headers(Headers([("ETag", "x")]))


def test_check_start_response_returns_code_and_headers() -> None:
    lint = LintMiddleware(respond())
    code, headers = lint.check_start_response("404 Not Found", [("A", "b")], None)
    assert code == 404
    assert isinstance(headers, Headers)
    assert headers["a"] == "b"


# bodies


def test_string_returned_as_body() -> None:
    caught, body, _ = run_lint(respond(body="Hi"))
    assert body == b"Hi"
    item_warning = (
        WSGIWarning,
        "'application iterator items' requires 'bytes', got 'str'.",
    )
    assert caught == [
        (
            WSGIWarning,
            "The application returned a string. The response will send one"
            " character at a time to the client, which will kill performance."
            " Return a list or iterable instead.",
        ),
        # One per character.
        item_warning,
        item_warning,
    ]


def test_write_of_non_bytes() -> None:
    def app(environ: dict[str, t.Any], start_response: t.Any) -> list[bytes]:
        write = start_response("200 OK", [("Content-Length", "6")])
        write(bytearray(b"abc"))
        write(b"def")
        return []

    caught, body, _ = run_lint(app)
    assert caught == [(WSGIWarning, "'write()' requires 'bytes', got 'bytearray'.")]
    assert body == b"abcdef"


def test_content_length_mismatch_counts_written_and_iterated_bytes() -> None:
    def app(environ: dict[str, t.Any], start_response: t.Any) -> list[bytes]:
        write = start_response("200 OK", [("Content-Length", "10")])
        write(b"abc")
        return [b"defg"]

    caught, _, _ = run_lint(app)
    assert caught == [
        (
            WSGIWarning,
            "Content-Length and the number of bytes sent to the client do not match.",
        )
    ]


def test_not_modified_with_entity_headers_and_body() -> None:
    app = respond(
        status="304 Not Modified",
        headers=[
            ("Content-Type", "text/plain"),
            ("Expires", "Thu, 01 Jan 2026 00:00:00 GMT"),
            ("Content-Location", "/x"),
            ("ETag", '"a"'),
        ],
        body=[b"x"],
    )
    caught, _, _ = run_lint(app)
    assert caught == [
        (HTTPWarning, "Entity header 'content-type' found in 304 response."),
        (HTTPWarning, "304 responses must not have a body."),
    ]


@pytest.mark.parametrize("status", ["204 No Content", "101 Switching Protocols"])
def test_responses_without_body(status: str) -> None:
    code = status[:3]
    caught, _, _ = run_lint(respond(status=status, headers=[], body=[b"x"]))
    assert caught == [
        (HTTPWarning, f"{code} responses must have an empty content length."),
        (HTTPWarning, f"{code} responses must not have a body."),
    ]
    caught, _, _ = run_lint(
        respond(status=status, headers=[("Content-Length", "0")], body=[])
    )
    assert caught == []


def test_body_before_start_response() -> None:
    def app(environ: dict[str, t.Any], start_response: t.Any) -> t.Iterator[bytes]:
        yield b"early"
        start_response("200 OK", [])

    caught, _, _ = run_lint(app)
    assert caught == [
        (WSGIWarning, "The application returned before it started the response.")
    ]


def test_iterating_after_close_and_closing_the_app_iter() -> None:
    closed: list[bool] = []

    class Body:
        def __init__(self) -> None:
            self.items = iter([b"a", b"b"])

        def __iter__(self) -> t.Iterator[bytes]:
            return self.items

        def close(self) -> None:
            closed.append(True)

    iterator = GuardedIterator(Body(), (200, Headers()), [])
    assert next(iterator) == b"a"
    iterator.close()
    assert closed == [True]
    with pytest.warns(WSGIWarning, match="Iterated over closed 'app_iter'."):
        assert next(iterator) == b"b"


def test_iterator_garbage_collected_before_close() -> None:
    iterator = GuardedIterator([b"a"], (200, Headers()), [])
    with pytest.warns(
        WSGIWarning, match="Iterator was garbage collected before it was closed."
    ):
        del iterator
        gc.collect()


# input and error streams


def test_input_stream() -> None:
    stream = InputStream(io.BytesIO(b"line one\nline two\nrest"))
    with pytest.warns(WSGIWarning, match="without arguments are unsafe"):
        assert stream.readline() == b"line one\n"
    with pytest.warns(WSGIWarning, match="called with a size hint"):
        assert stream.readline(4) == b"line"
    with pytest.raises(TypeError, match="Too many arguments"):
        stream.readline(1, 2)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert stream.read(5) == b" two\n"
    with pytest.warns(WSGIWarning, match="does not guarantee an EOF marker"):
        assert stream.read() == b"rest"
    assert list(stream) == []
    with pytest.warns(WSGIWarning, match="closed the input stream"):
        stream.close()


def test_input_stream_read_with_too_many_arguments() -> None:
    class Raw:
        def read(self, *args: t.Any) -> bytes:
            return b"x"

    with pytest.warns(WSGIWarning, match="Too many parameters"):
        assert InputStream(Raw()).read(1, 2) == b"x"  # type: ignore[arg-type]


def test_input_stream_that_is_not_iterable() -> None:
    with pytest.warns(WSGIWarning, match="'wsgi.input' is not iterable."):
        assert list(InputStream(object())) == []  # type: ignore[arg-type]


def test_error_stream() -> None:
    class Raw(io.StringIO):
        def write(self, s: t.Any) -> int:
            return super().write(s if isinstance(s, str) else repr(s))

    raw = Raw()
    stream = ErrorStream(raw)
    stream.write("one\n")
    stream.writelines(["two\n", "three\n"])
    stream.flush()
    assert raw.getvalue() == "one\ntwo\nthree\n"
    with pytest.warns(
        WSGIWarning, match=r"'wsgi.error.write\(\)' requires 'str', got 'bytes'."
    ):
        stream.write(b"four")  # type: ignore[arg-type]
    # The value is passed on all the same.
    assert raw.getvalue().endswith("b'four'")
    with pytest.warns(WSGIWarning, match="closed the error stream"):
        stream.close()
    assert raw.closed


def test_application_reads_input_through_the_guard() -> None:
    def app(environ: dict[str, t.Any], start_response: t.Any) -> list[bytes]:
        data = environ["wsgi.input"].read(int(environ["CONTENT_LENGTH"]))
        start_response("200 OK", [("Content-Length", str(len(data)))])
        return [data]

    environ = create_environ("/", method="POST", data=b"payload")
    caught, body, _ = run_lint(app, environ)
    assert caught == []
    assert body == b"payload"
