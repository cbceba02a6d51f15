from __future__ import annotations

import io
import json
import sys
import types
import typing as t

import pytest

from rostzeug import wsgi
from rostzeug.exceptions import BadRequest
from rostzeug.exceptions import ClientDisconnected
from rostzeug.exceptions import RequestEntityTooLarge
from rostzeug.exceptions import SecurityError
from rostzeug.wsgi import ClosingIterator
from rostzeug.wsgi import FileWrapper
from rostzeug.wsgi import LimitedStream
from rostzeug.wsgi import _RangeWrapper


def make_environ(**values: t.Any) -> dict[str, t.Any]:
    environ: dict[str, t.Any] = {
        "wsgi.url_scheme": "http",
        "SERVER_NAME": "server.test",
        "SERVER_PORT": "80",
        "SCRIPT_NAME": "",
        "PATH_INFO": "/",
        "QUERY_STRING": "",
    }
    environ.update(values)
    return environ


# get_host


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({"HTTP_HOST": "example.org"}, "example.org"),
        ({"HTTP_HOST": "example.org:80"}, "example.org"),
        ({"HTTP_HOST": "example.org:8080"}, "example.org:8080"),
        ({"wsgi.url_scheme": "https", "HTTP_HOST": "example.org:443"}, "example.org"),
        ({}, "server.test"),
        ({"SERVER_PORT": "8000"}, "server.test:8000"),
        ({"wsgi.url_scheme": "https", "SERVER_PORT": "443"}, "server.test"),
        ({"SERVER_NAME": "::1", "SERVER_PORT": "8000"}, "[::1]:8000"),
        ({"SERVER_PORT": ""}, ""),
        ({"SERVER_PORT": None}, ""),
        ({"HTTP_HOST": "exa mple.org"}, ""),
        ({"HTTP_HOST": "a.test", "HTTP_X_FORWARDED_HOST": "b.test"}, "a.test"),
    ],
)
def test_get_host(values: dict[str, t.Any], expected: str) -> None:
    assert wsgi.get_host(make_environ(**values)) == expected


def test_get_host_without_server_name_or_port() -> None:
    environ = make_environ()
    del environ["SERVER_NAME"]
    assert wsgi.get_host(environ) == ""

    environ = make_environ()
    del environ["SERVER_PORT"]
    assert wsgi.get_host(environ) == ""


def test_get_host_trusted_hosts() -> None:
    environ = make_environ(HTTP_HOST="www.example.org:8080")
    assert wsgi.get_host(environ, [".example.org"]) == "www.example.org:8080"
    with pytest.raises(SecurityError):
        wsgi.get_host(environ, ["example.org"])


def test_host_is_trusted_is_exported() -> None:
    assert wsgi.host_is_trusted("example.org", ["example.org"])
    assert not wsgi.host_is_trusted("example.org", ["example.com"])


# get_current_url


def test_get_current_url_parts() -> None:
    environ = make_environ(
        HTTP_HOST="example.org:8080",
        SCRIPT_NAME="/app",
        PATH_INFO="/items/1",
        QUERY_STRING="a=1&b=%20",
    )
    assert (
        wsgi.get_current_url(environ) == "http://example.org:8080/app/items/1?a=1&b=%20"
    )
    assert wsgi.get_current_url(environ, strip_querystring=True) == (
        "http://example.org:8080/app/items/1"
    )
    assert (
        wsgi.get_current_url(environ, root_only=True) == "http://example.org:8080/app/"
    )
    assert wsgi.get_current_url(environ, host_only=True) == "http://example.org:8080/"
    with pytest.raises(SecurityError):
        wsgi.get_current_url(environ, trusted_hosts=["example.com"])


def test_get_current_url_missing_parts() -> None:
    environ = {"wsgi.url_scheme": "https", "HTTP_HOST": "example.org"}
    assert wsgi.get_current_url(environ) == "https://example.org/"


def test_get_current_url_query_string_is_utf8() -> None:
    # The environ holds the query's bytes as latin-1 characters.
    query = "q=\u2603&r=%E2%98%83".encode().decode("latin1")
    environ = make_environ(QUERY_STRING=query)
    assert wsgi.get_current_url(environ) == "http://server.test/?q=\u2603&r=\u2603"

    environ["QUERY_STRING"] = "q=\xcf"
    assert wsgi.get_current_url(environ) == "http://server.test/?q=%CF"


# get_content_length, get_path_info


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({}, None),
        ({"CONTENT_LENGTH": "12"}, 12),
        ({"CONTENT_LENGTH": ""}, 0),
        ({"CONTENT_LENGTH": "-5"}, 0),
        ({"CONTENT_LENGTH": "12", "HTTP_TRANSFER_ENCODING": "chunked"}, None),
    ],
)
def test_get_content_length(values: dict[str, str], expected: int | None) -> None:
    assert wsgi.get_content_length(values) == expected


def test_get_path_info() -> None:
    assert wsgi.get_path_info({}) == ""
    path = "/caf\xe9/\u2603".encode().decode("latin1")
    assert wsgi.get_path_info({"PATH_INFO": path}) == "/caf\xe9/\u2603"
    assert wsgi.get_path_info({"PATH_INFO": "/\xff"}) == "/\ufffd"


# get_input_stream


def test_get_input_stream_limited_to_content_length() -> None:
    environ = {"wsgi.input": io.BytesIO(b"hello world"), "CONTENT_LENGTH": "5"}
    stream = wsgi.get_input_stream(environ)
    assert isinstance(stream, LimitedStream)
    assert stream.read() == b"hello"
    assert stream.read() == b""


def test_get_input_stream_without_content_length() -> None:
    body = io.BytesIO(b"data")
    stream = wsgi.get_input_stream({"wsgi.input": body})
    assert stream is not body
    assert stream.read() == b""

    assert wsgi.get_input_stream({"wsgi.input": body}, safe_fallback=False) is body

    # Chunked without a server that decodes it: no usable length either.
    environ = {
        "wsgi.input": body,
        "CONTENT_LENGTH": "4",
        "HTTP_TRANSFER_ENCODING": "chunked",
    }
    assert wsgi.get_input_stream(environ).read() == b""


def test_get_input_stream_content_length_over_maximum() -> None:
    environ = {"wsgi.input": io.BytesIO(b"x" * 10), "CONTENT_LENGTH": "10"}
    with pytest.raises(RequestEntityTooLarge):
        wsgi.get_input_stream(environ, max_content_length=9)
    assert wsgi.get_input_stream(environ, max_content_length=10).read() == b"x" * 10


def test_get_input_stream_terminated_by_server() -> None:
    body = io.BytesIO(b"x" * 10)
    environ = {"wsgi.input": body, "wsgi.input_terminated": False}
    # The key's presence counts, not its value.
    assert wsgi.get_input_stream(environ) is body

    stream = wsgi.get_input_stream(environ, max_content_length=4)
    assert stream.read(4) == b"xxxx"
    with pytest.raises(RequestEntityTooLarge):
        stream.read(1)

    # A body shorter than the maximum ends without an error.
    environ = {"wsgi.input": io.BytesIO(b"abc"), "wsgi.input_terminated": True}
    stream = wsgi.get_input_stream(environ, max_content_length=10)
    assert stream.read() == b"abc"
    assert stream.read() == b""


# LimitedStream


class ShortReads(io.RawIOBase):
    """A stream that gives at most ``chunk`` bytes per read, like a socket."""

    def __init__(self, data: bytes, chunk: int) -> None:
        super().__init__()
        self.data = data
        self.chunk = chunk
        self.pos = 0
        self.sizes: list[int] = []

    def readable(self) -> bool:
        return True

    def readinto(self, b: t.Any) -> int:
        self.sizes.append(len(b))
        n = min(len(b), self.chunk, len(self.data) - self.pos)
        b[:n] = self.data[self.pos : self.pos + n]
        self.pos += n
        return n


class ReadOnly:
    """A stream with nothing but ``read``, as WSGI requires at the least."""

    def __init__(self, data: bytes) -> None:
        self.stream = io.BytesIO(data)
        self.sizes: list[int] = []

    def read(self, size: int = -1) -> bytes:
        self.sizes.append(size)
        return self.stream.read(size)


class Failing:
    def __init__(self, error: Exception) -> None:
        self.error = error

    def read(self, size: int = -1) -> bytes:
        raise self.error

    def readinto(self, b: t.Any) -> int:
        raise self.error


def test_limited_stream_reads_up_to_limit() -> None:
    stream = LimitedStream(io.BytesIO(b"0123456789"), 6)
    assert stream.readable()
    assert stream.tell() == 0
    assert not stream.is_exhausted
    assert stream.read(2) == b"01"
    assert stream.tell() == 2
    assert stream.read(100) == b"2345"
    assert stream.is_exhausted
    assert stream.tell() == 6
    assert stream.read(1) == b""
    assert stream.read() == b""
    assert stream.read(None) == b""


def test_limited_stream_read_all() -> None:
    assert LimitedStream(io.BytesIO(b"0123456789"), 4).read() == b"0123"
    assert LimitedStream(io.BytesIO(b"0123456789"), 4).read(-1) == b"0123"
    assert LimitedStream(io.BytesIO(b"0123456789"), 0).read() == b""


def test_limited_stream_read_all_in_chunks() -> None:
    data = bytes(range(256)) * 1024
    source = ShortReads(data, 1000)
    stream = LimitedStream(t.cast(t.Any, source), len(data))
    assert stream.read() == data
    # Never asked for more than the limit left.
    assert max(source.sizes) <= len(data)


def test_limited_stream_short_reads() -> None:
    stream = LimitedStream(t.cast(t.Any, ShortReads(b"abcdefgh", 3)), 8)
    assert stream.read(8) == b"abc"
    assert stream.read(8) == b"def"
    assert stream.read(8) == b"gh"
    assert stream.read(8) == b""


def test_limited_stream_never_asks_past_limit() -> None:
    source = ReadOnly(b"abcdefgh")
    stream = LimitedStream(t.cast(t.Any, source), 3)
    assert stream.read(100) == b"abc"
    assert source.sizes == [3]
    assert source.stream.read() == b"defgh"


def test_limited_stream_read_zero() -> None:
    stream = LimitedStream(io.BytesIO(b"abc"), 3)
    assert stream.read(0) == b""
    assert stream.read() == b"abc"


def test_limited_stream_truncates_overlong_reads() -> None:
    class Overlong:
        def read(self, size: int = -1) -> bytes:
            return b"x" * 10

    stream = LimitedStream(Overlong(), 4)  # type: ignore[arg-type]
    assert stream.read(2) == b"xx"
    assert stream.read(10) == b"xx"
    assert stream.is_exhausted


def test_limited_stream_readinto() -> None:
    source = ShortReads(b"abcdefgh", 100)
    stream = LimitedStream(t.cast(t.Any, source), 5)
    buffer = bytearray(8)
    assert stream.readinto(buffer) == 5
    assert buffer == b"abcde\x00\x00\x00"
    assert source.sizes == [5]
    assert stream.readinto(bytearray(4)) == 0

    stream = LimitedStream(ReadOnly(b"abcdefgh"), 5)  # type: ignore[arg-type]
    view = memoryview(bytearray(3))
    assert stream.readinto(view) == 3
    assert view.tobytes() == b"abc"
    assert stream.readinto(view) == 2
    assert view.tobytes() == b"dec"


def test_limited_stream_disconnect() -> None:
    stream = LimitedStream(io.BytesIO(b"abc"), 10)
    assert stream.read(5) == b"abc"
    with pytest.raises(ClientDisconnected):
        stream.read(5)

    with pytest.raises(ClientDisconnected):
        LimitedStream(io.BytesIO(b"abc"), 10).read()

    with pytest.raises(ClientDisconnected):
        LimitedStream(io.BytesIO(), 10).readinto(bytearray(4))

    closed = io.BytesIO(b"abc")
    closed.close()
    with pytest.raises(ClientDisconnected):
        LimitedStream(closed, 3).read()


@pytest.mark.parametrize("error", [OSError("reset"), ValueError("closed")])
@pytest.mark.parametrize("is_max", [False, True])
def test_limited_stream_read_error(error: Exception, is_max: bool) -> None:
    stream = LimitedStream(Failing(error), 10, is_max=is_max)  # type: ignore[arg-type]
    with pytest.raises(ClientDisconnected) as exc_info:
        stream.read(1)
    assert exc_info.value.__context__ is error
    with pytest.raises(ClientDisconnected):
        stream.readinto(bytearray(1))
    with pytest.raises(ClientDisconnected):
        stream.readline()


def test_limited_stream_maximum() -> None:
    # Reaching the maximum with more to read: the body is too large.
    stream = LimitedStream(io.BytesIO(b"0123456789"), 4, is_max=True)
    assert stream.read(10) == b"0123"
    with pytest.raises(RequestEntityTooLarge):
        stream.read(1)
    with pytest.raises(RequestEntityTooLarge):
        stream.readinto(bytearray(1))
    with pytest.raises(RequestEntityTooLarge):
        stream.read()

    # An empty read before the maximum is the end of the body.
    stream = LimitedStream(io.BytesIO(b"01"), 4, is_max=True)
    assert stream.read() == b"01"
    assert stream.read(1) == b""
    assert stream.tell() == 2


def test_limited_stream_hooks() -> None:
    events: list[str] = []

    class Recording(LimitedStream):
        def on_exhausted(self) -> None:
            events.append("exhausted")

        def on_disconnect(self, error: Exception | None = None) -> None:
            events.append(f"disconnect {type(error).__name__}")

    stream = Recording(io.BytesIO(b"ab"), 2)
    assert stream.read() == b"ab"
    assert stream.read() == b""
    assert events == ["exhausted"]

    events.clear()
    stream = Recording(io.BytesIO(b"ab"), 4)
    assert stream.read(4) == b"ab"
    assert stream.read(4) == b""
    assert events == ["disconnect NoneType"]

    events.clear()
    stream = Recording(Failing(OSError()), 4)  # type: ignore[arg-type]
    assert stream.read(4) == b""
    assert events == ["disconnect OSError"]


def test_limited_stream_exhaust() -> None:
    source = io.BytesIO(b"0123456789")
    stream = LimitedStream(t.cast(t.Any, source), 6)
    assert stream.read(2) == b"01"
    assert stream.exhaust() == b"2345"
    assert stream.is_exhausted
    assert stream.exhaust() == b""
    assert source.read() == b"6789"

    # exhaust does not raise for a maximum that is already reached.
    stream = LimitedStream(io.BytesIO(b"0123"), 2, is_max=True)
    assert stream.read() == b"01"
    assert stream.exhaust() == b""

    with pytest.raises(ClientDisconnected):
        LimitedStream(io.BytesIO(b"01"), 6).exhaust()


def make_line_streams(data: bytes, limit: int) -> list[LimitedStream]:
    """The same data behind a standard stream, whose readline is used, and
    behind a stream with only read, which is read a byte at a time."""
    return [
        LimitedStream(io.BytesIO(data), limit),
        LimitedStream(ReadOnly(data), limit),  # type: ignore[arg-type]
        LimitedStream(t.cast(t.Any, ShortReads(data, 2)), limit),
    ]


@pytest.mark.parametrize("index", [0, 1, 2])
def test_limited_stream_readline(index: int) -> None:
    stream = make_line_streams(b"one\ntwo\nthree\nfour\n", 16)[index]
    assert stream.readline() == b"one\n"
    assert stream.readline(2) == b"tw"
    assert stream.readline(None) == b"o\n"
    assert stream.readline(100) == b"three\n"
    assert stream.readline() == b"fo"
    assert stream.tell() == 16
    assert stream.readline() == b""


@pytest.mark.parametrize("index", [0, 1, 2])
def test_limited_stream_readlines_and_iteration(index: int) -> None:
    data = b"a\nbb\nccc\ndddd\n"
    assert make_line_streams(data, 9)[index].readlines() == [b"a\n", b"bb\n", b"ccc\n"]
    assert make_line_streams(data, 12)[index].readlines(3) == [b"a\n", b"bb\n"]
    assert list(make_line_streams(data, 11)[index]) == [
        b"a\n",
        b"bb\n",
        b"ccc\n",
        b"dd",
    ]


@pytest.mark.parametrize("index", [0, 1, 2])
def test_limited_stream_readline_disconnect(index: int) -> None:
    stream = make_line_streams(b"abc\nde", 10)[index]
    assert stream.readline() == b"abc\n"
    with pytest.raises(ClientDisconnected):
        stream.readline()


def test_limited_stream_readline_maximum() -> None:
    stream = LimitedStream(io.BytesIO(b"abc\ndef\n"), 6, is_max=True)
    assert stream.readline() == b"abc\n"
    with pytest.raises(RequestEntityTooLarge):
        stream.readline()

    stream = LimitedStream(io.BytesIO(b"abc"), 6, is_max=True)
    assert stream.readline() == b"abc"


def test_limited_stream_readline_uses_subclass_read() -> None:
    class Upper(LimitedStream):
        def read(self, size: int | None = -1) -> bytes:
            return super().read(size).upper()

    assert Upper(io.BytesIO(b"ab\ncd"), 5).readline() == b"AB\n"


def test_limited_stream_text_wrapper() -> None:
    data = json.dumps({"snowman": "\u2603"}).encode()
    stream = LimitedStream(io.BytesIO(data + b"garbage"), len(data))
    text = io.TextIOWrapper(io.BufferedReader(stream), "utf-8")
    assert json.load(text) == {"snowman": "\u2603"}


# ClosingIterator, FileWrapper, wrap_file, responder


def test_closing_iterator() -> None:
    calls: list[str] = []

    class Body:
        def __iter__(self) -> t.Iterator[bytes]:
            yield b"a"
            yield b"b"

        def close(self) -> None:
            calls.append("body")

    iterator = ClosingIterator(
        Body(), [lambda: calls.append("first"), lambda: calls.append("second")]
    )
    assert iter(iterator) is iterator
    assert list(iterator) == [b"a", b"b"]
    assert calls == []
    iterator.close()
    assert calls == ["body", "first", "second"]


def test_closing_iterator_callbacks() -> None:
    calls: list[str] = []
    iterator = ClosingIterator([b"x"], lambda: calls.append("one"))
    assert next(iterator) == b"x"
    with pytest.raises(StopIteration):
        next(iterator)
    iterator.close()
    assert calls == ["one"]

    ClosingIterator([b"x"]).close()
    ClosingIterator(iter([b"x"]), (f for f in [lambda: calls.append("gen")])).close()
    assert calls == ["one", "gen"]


def test_file_wrapper() -> None:
    file = io.BytesIO(b"0123456789")
    wrapper = FileWrapper(file, 4)
    assert wrapper.seekable()
    wrapper.seek(1)
    assert wrapper.tell() == 1
    assert iter(wrapper) is wrapper
    assert list(wrapper) == [b"1234", b"5678", b"9"]
    wrapper.close()
    assert file.closed


def test_file_wrapper_minimal_file() -> None:
    class Minimal:
        def __init__(self) -> None:
            self.data = io.BytesIO(b"abc")

        def read(self, size: int) -> bytes:
            return self.data.read(size)

    wrapper = FileWrapper(Minimal(), 2)  # type: ignore[arg-type]
    assert not wrapper.seekable()
    wrapper.seek(2)
    assert wrapper.tell() is None
    wrapper.close()
    assert list(wrapper) == [b"ab", b"c"]

    class SeekOnly(Minimal):
        def seek(self, offset: int) -> None:
            self.data.seek(offset)

    wrapper = FileWrapper(SeekOnly(), 2)  # type: ignore[arg-type]
    assert wrapper.seekable()
    wrapper.seek(1)
    assert list(wrapper) == [b"bc"]


def test_wrap_file() -> None:
    file = io.BytesIO(b"abc")
    wrapped = wsgi.wrap_file({}, file, 2)
    assert isinstance(wrapped, FileWrapper)
    assert list(wrapped) == [b"ab", b"c"]

    class ServerWrapper:
        def __init__(self, file: t.IO[bytes], size: int) -> None:
            self.args = (file, size)

    wrapped = wsgi.wrap_file({"wsgi.file_wrapper": ServerWrapper}, file)
    assert isinstance(wrapped, ServerWrapper)
    assert wrapped.args == (file, 8192)


def test_responder() -> None:
    seen: list[tuple[t.Any, ...]] = []

    def body_app(environ: t.Any, start_response: t.Any) -> list[bytes]:
        start_response("200 OK", [])
        return [environ["PATH_INFO"].encode()]

    @wsgi.responder
    def application(*args: t.Any) -> t.Any:
        """Docs."""
        seen.append(args)
        return body_app

    app = t.cast(t.Any, application)
    statuses: list[str] = []
    body = app({"PATH_INFO": "/x"}, lambda s, h: statuses.append(s))
    assert body == [b"/x"]
    assert statuses == ["200 OK"]
    assert application.__name__ == "application"
    assert application.__doc__ == "Docs."

    # As a method, the instance comes first.
    app("self", {"PATH_INFO": "/y"}, lambda s, h: None)
    assert seen[-1][0] == "self"


# _RangeWrapper


def chunks(*parts: bytes) -> t.Iterator[bytes]:
    yield from parts


@pytest.mark.parametrize(
    ("start", "length", "expected"),
    [
        (0, None, [b"ab", b"cde", b"f", b"ghij"]),
        (0, 3, [b"ab", b"c"]),
        (1, 1, [b"b"]),
        (2, 2, [b"cd"]),
        (3, 4, [b"de", b"f", b"g"]),
        (5, None, [b"f", b"ghij"]),
        (6, 100, [b"ghij"]),
        (1, 0, []),
        (9, 1, [b"j"]),
    ],
)
def test_range_wrapper_iterable(
    start: int, length: int | None, expected: list[bytes]
) -> None:
    wrapper = _RangeWrapper(chunks(b"ab", b"cde", b"f", b"ghij"), start, length)
    assert not wrapper.seekable
    assert list(wrapper) == expected
    with pytest.raises(StopIteration):
        next(wrapper)


def test_range_wrapper_start_past_end() -> None:
    wrapper = _RangeWrapper([b"abc"], 5, 2)
    assert list(wrapper) == []


@pytest.mark.parametrize(
    ("start", "length", "expected"),
    [
        (0, None, [b"abcd", b"efgh", b"ij"]),
        (1, 2, [b"bc"]),
        (3, 5, [b"defg", b"h"]),
        (8, None, [b"ij"]),
    ],
)
def test_range_wrapper_seekable(
    start: int, length: int | None, expected: list[bytes]
) -> None:
    file = io.BytesIO(b"abcdefghij")
    wrapper = _RangeWrapper(FileWrapper(file, 4), start, length)
    assert wrapper.seekable
    assert list(wrapper) == expected
    wrapper.close()
    assert file.closed


def test_range_wrapper_close_generator() -> None:
    closed: list[bool] = []

    def body() -> t.Iterator[bytes]:
        try:
            yield b"abc"
            yield b"def"
        finally:
            closed.append(True)

    wrapper = _RangeWrapper(body(), 1, 1)
    assert next(wrapper) == b"b"
    wrapper.close()
    assert closed == [True]


# Middleware names of older documentation


def test_unknown_attribute() -> None:
    with pytest.raises(AttributeError, match="no attribute 'missing'"):
        wsgi.missing  # noqa: B018


def test_middleware_names_resolve_lazily(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = types.ModuleType("rostzeug.middleware.shared_data")

    class SharedDataMiddleware:
        pass

    fake.SharedDataMiddleware = SharedDataMiddleware  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "rostzeug.middleware.shared_data", fake)

    from rostzeug.wsgi import SharedDataMiddleware as imported

    assert imported is SharedDataMiddleware


@pytest.mark.parametrize(
    ("name", "module"),
    [
        ("SharedDataMiddleware", "rostzeug.middleware.shared_data"),
        ("DispatcherMiddleware", "rostzeug.middleware.dispatcher"),
        ("ProxyMiddleware", "rostzeug.middleware.http_proxy"),
    ],
)
def test_middleware_names_missing_module(
    monkeypatch: pytest.MonkeyPatch, name: str, module: str
) -> None:
    # None in sys.modules makes the import fail as for a missing module.
    monkeypatch.setitem(sys.modules, module, None)
    with pytest.raises(ImportError, match=module) as exc_info:
        getattr(wsgi, name)
    assert not isinstance(exc_info.value, ModuleNotFoundError)


def test_security_error_is_bad_request() -> None:
    # Callers catch untrusted hosts as bad requests.
    with pytest.raises(BadRequest):
        wsgi.get_host(make_environ(HTTP_HOST="evil.test"), ["example.org"])


def test_middleware_module_failing_inside(monkeypatch: pytest.MonkeyPatch) -> None:
    # A module the middleware itself needs is missing: that error stays.
    def import_module(name: str) -> types.ModuleType:
        raise ModuleNotFoundError("No module named 'yaml'", name="yaml")

    monkeypatch.setattr(wsgi.importlib, "import_module", import_module)
    with pytest.raises(ModuleNotFoundError) as exc_info:
        wsgi.DispatcherMiddleware  # noqa: B018
    assert exc_info.value.name == "yaml"


def test_closing_iterator_callback_forms_run_in_order() -> None:
    calls: list[str] = []

    class Body(list[bytes]):
        def close(self) -> None:
            calls.append("body")

    class Both:
        # Callable and iterable: taken as one function, as a callable is.
        def __call__(self) -> None:
            calls.append("both")

        def __iter__(self) -> t.Iterator[t.Any]:
            return iter([lambda: calls.append("never")])

    ClosingIterator(Body([b"x"]), lambda: calls.append("one")).close()
    assert calls == ["body", "one"]
    calls.clear()
    ClosingIterator([b"x"], Both()).close()
    assert calls == ["both"]
    calls.clear()
    ClosingIterator(
        Body(), [lambda: calls.append("a"), lambda: calls.append("b")]
    ).close()
    assert calls == ["body", "a", "b"]
    calls.clear()
    ClosingIterator(Body()).close()
    assert calls == ["body"]
