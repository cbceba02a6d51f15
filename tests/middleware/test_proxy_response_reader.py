"""How ProxyMiddleware reads upstream responses off the wire: heads that are
malformed, oversized or arrive in pieces, bodies framed by a length, by
chunked coding or by the end of the connection, responses without a body,
interim responses, and when a connection is reused. The upstreams are raw
sockets on 127.0.0.1 that send exactly the bytes each test gives them."""

from __future__ import annotations

import contextlib
import socketserver
import threading
import time
import typing as t
from collections.abc import Callable
from collections.abc import Iterator
from collections.abc import Sequence

import pytest

from rostzeug.middleware.http_proxy import ProxyMiddleware
from rostzeug.test import Client
from rostzeug.test import EnvironBuilder

#: One answer: the bytes to send, or pieces sent with a pause between them.
Answer = bytes | Sequence[bytes]


def read_request(reader: t.BinaryIO) -> bytes:
    """The head of the next request (its requests have no body here);
    empty when the proxy has closed the connection."""
    lines = []
    while line := reader.readline():
        if line == b"\r\n":
            break
        lines.append(line)
    return b"".join(lines)


class ScriptedUpstream:
    """Answers the requests on each connection with the given answers in
    turn (the last one repeats), then waits for the proxy to close the
    connection, noting whether it did within five seconds."""

    def __init__(self, *answers: Answer, pause: float = 0.01) -> None:
        self.connections = 0
        self.requests: list[bytes] = []
        #: One entry per connection that ended: whether the proxy closed it.
        self.closed_by_proxy: list[bool] = []
        self.ended = threading.Semaphore(0)
        upstream = self

        class Handler(socketserver.StreamRequestHandler):
            def handle(self) -> None:
                upstream.connections += 1
                self.connection.settimeout(5)
                try:
                    while head := read_request(self.rfile):
                        upstream.requests.append(head)
                        index = min(len(upstream.requests), len(answers)) - 1
                        answer = answers[index]
                        pieces = [answer] if isinstance(answer, bytes) else answer
                        for number, piece in enumerate(pieces):
                            if number:
                                time.sleep(pause)
                            self.connection.sendall(piece)
                    upstream.closed_by_proxy.append(True)
                except ConnectionError:
                    # Reset by the proxy, which closed it with data unread.
                    upstream.closed_by_proxy.append(True)
                except TimeoutError:
                    upstream.closed_by_proxy.append(False)
                finally:
                    upstream.ended.release()

        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(
            target=self.server.serve_forever, args=(0.05,), daemon=True
        )
        self.thread.start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def wait_for_ended(self, count: int = 1) -> list[bool]:
        for _ in range(count):
            assert self.ended.acquire(timeout=10), "the connection stayed open"
        return self.closed_by_proxy

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


@contextlib.contextmanager
def serving(handler: type[socketserver.BaseRequestHandler]) -> Iterator[str]:
    """Serves ``handler`` on 127.0.0.1 while the block runs; yields the URL."""
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture
def scripted() -> Iterator[Callable[..., ScriptedUpstream]]:
    started: list[ScriptedUpstream] = []

    def start(*answers: Answer, pause: float = 0.01) -> ScriptedUpstream:
        server = ScriptedUpstream(*answers, pause=pause)
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


def not_proxied(environ: dict[str, t.Any], start_response: t.Any) -> list[bytes]:
    start_response("404 Not Found", [])
    return [b""]


def middleware_for(upstream: ScriptedUpstream, **options: t.Any) -> ProxyMiddleware:
    options.setdefault("timeout", 5)
    return ProxyMiddleware(not_proxied, {"/up/": {"target": upstream.url}}, **options)


def call(
    middleware: ProxyMiddleware, method: str = "GET"
) -> tuple[str, list[tuple[str, str]], t.Iterable[bytes]]:
    """Calls the middleware; returns the status, the headers and the body
    iterable, not consumed."""
    started: list[t.Any] = []

    def start_response(status: str, headers: t.Any, exc_info: t.Any = None) -> None:
        started.append((status, headers))

    body = middleware(
        EnvironBuilder("/up/", method=method).get_environ(), start_response
    )
    return started[0][0], started[0][1], body


def consume(body: t.Iterable[bytes]) -> bytes:
    try:
        return b"".join(body)
    finally:
        close = getattr(body, "close", None)
        if close is not None:
            close()


@pytest.mark.parametrize(
    "answer",
    [
        pytest.param(b"HTTP/1.1 2OO OK\r\n\r\n", id="letters in the status"),
        pytest.param(b"HTTP/1.1 20 OK\r\n\r\n", id="two-digit status"),
        pytest.param(b"HTTP/1.1 099 Low\r\n\r\n", id="status below 100"),
        pytest.param(b"HTTP/1.1200 OK\r\n\r\n", id="no space"),
        pytest.param(b"HTTP/2.0 200 OK\r\n\r\n", id="version 2"),
        pytest.param(b"HTTP/1.1 200 O\x00K\r\n\r\n", id="NUL in the reason"),
        pytest.param(b"ICY 200 OK\r\n\r\n", id="not HTTP"),
        pytest.param(b"HTTP/1.1 200 OK\r\nNo colon\r\n\r\n", id="line without colon"),
        pytest.param(b"HTTP/1.1 200 OK\r\nA B: 1\r\n\r\n", id="space in a name"),
        pytest.param(b"HTTP/1.1 200 OK\r\nA: 1\r\n 2\r\n\r\n", id="folded line"),
        pytest.param(b"HTTP/1.1 200 OK\r\nA: 1\r2\r\n\r\n", id="bare CR"),
        pytest.param(
            b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nabc",
            id="conflicting lengths",
        ),
        pytest.param(
            b"HTTP/1.1 200 OK\r\nContent-Length: -2\r\n\r\nab", id="negative length"
        ),
    ],
)
def test_malformed_heads_answer_502_and_close(
    scripted: Callable[..., ScriptedUpstream], answer: bytes
) -> None:
    upstream = scripted(answer)
    started = time.monotonic()
    response = Client(middleware_for(upstream)).get("/up/")
    assert response.status_code == 502
    assert b"invalid response" in response.get_data()
    assert upstream.wait_for_ended() == [True]
    assert time.monotonic() - started < 3


def test_what_cannot_be_a_response_is_refused_without_waiting(
    scripted: Callable[..., ScriptedUpstream],
) -> None:
    # No line break: a reader waiting for the end of the line would wait
    # for the timeout.
    upstream = scripted(b"SSH-2.0-OpenSSH_9.6")
    started = time.monotonic()
    response = Client(middleware_for(upstream)).get("/up/")
    assert response.status_code == 502
    assert time.monotonic() - started < 3
    assert upstream.wait_for_ended() == [True]


def test_oversized_head_answers_502(scripted: Callable[..., ScriptedUpstream]) -> None:
    filler = b"X-Filler: " + b"f" * 1000 + b"\r\n"
    # The head never ends: the proxy must give up at the limit, not wait.
    upstream = scripted([b"HTTP/1.1 200 OK\r\n"] + [filler] * 70, pause=0.001)
    started = time.monotonic()
    response = Client(middleware_for(upstream)).get("/up/")
    assert response.status_code == 502
    assert time.monotonic() - started < 3
    assert upstream.wait_for_ended() == [True]


def test_too_many_header_lines_answer_502(
    scripted: Callable[..., ScriptedUpstream],
) -> None:
    lines = b"".join(b"X-%d: 1\r\n" % number for number in range(101))
    upstream = scripted(b"HTTP/1.1 200 OK\r\n" + lines + b"Content-Length: 0\r\n\r\n")
    assert Client(middleware_for(upstream)).get("/up/").status_code == 502
    lines = b"".join(b"X-%d: 1\r\n" % number for number in range(99))
    upstream = scripted(b"HTTP/1.1 200 OK\r\n" + lines + b"Content-Length: 0\r\n\r\n")
    assert Client(middleware_for(upstream)).get("/up/").status_code == 200


def test_connection_closed_in_the_head_answers_502() -> None:
    class Closing(socketserver.StreamRequestHandler):
        def handle(self) -> None:
            read_request(self.rfile)
            self.connection.sendall(b"HTTP/1.1 200 OK\r\nContent-")

    with serving(Closing) as url:
        response = Client(ProxyMiddleware(not_proxied, {"/up/": {"target": url}}))
        answer = response.get("/up/")
    assert answer.status_code == 502
    assert b"invalid response" in answer.get_data()


def test_head_that_never_ends_is_a_timeout(
    scripted: Callable[..., ScriptedUpstream],
) -> None:
    upstream = scripted(b"HTTP/1.1 200 OK\r\nContent-")
    response = Client(middleware_for(upstream, timeout=0.5)).get("/up/")
    assert response.status_code == 504


def test_head_in_pieces_and_latin1_values(
    scripted: Callable[..., ScriptedUpstream],
) -> None:
    answer = (
        b"HTTP/1.1 200 \xc4rger\r\ncontent-type: text/plain\r\n"
        b"x-note: caf\xe9\r\nX-Empty:\r\nx-1a: \t padded \t\r\n"
        b"Content-Length: 4\r\n\r\n"
        b"body"
    )
    # One byte at a time: the head is parsed once it is complete.
    upstream = scripted([answer[i : i + 1] for i in range(len(answer))], pause=0)
    status, headers, body = call(middleware_for(upstream))
    assert consume(body) == b"body"
    assert status == "200 \xc4rger"
    assert headers == [
        ("Content-Type", "text/plain"),
        ("X-Note", "caf\xe9"),
        ("X-Empty", ""),
        ("X-1A", "padded"),
        ("Content-Length", "4"),
    ]


def test_empty_reason_gets_the_standard_phrase(
    scripted: Callable[..., ScriptedUpstream],
) -> None:
    upstream = scripted(
        b"HTTP/1.1 404\r\nContent-Length: 0\r\n\r\n",
        b"HTTP/1.1 599 \r\nContent-Length: 0\r\n\r\n",
    )
    client = Client(middleware_for(upstream))
    assert client.get("/up/").status == "404 Not Found"
    assert client.get("/up/").status == "599 Unknown"


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(b"zz\r\nhello\r\n0\r\n\r\n", id="size not hex"),
        pytest.param(b"5\r\nhelloXX0\r\n\r\n", id="no line end after data"),
        pytest.param(b"5;" + b"e" * 5000 + b"\r\nhello\r\n", id="chunk line too long"),
        pytest.param(b"1" * 17 + b"\r\n", id="size too large"),
        pytest.param(b"5;\x01\r\nhello\r\n0\r\n\r\n", id="control in extension"),
        pytest.param(b"5\r\nhello\r\n0\r\nA: \x00\r\n\r\n", id="NUL in a trailer"),
    ],
)
def test_bad_chunked_framing_aborts_and_closes(
    scripted: Callable[..., ScriptedUpstream], body: bytes
) -> None:
    head = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
    # The upstream keeps the connection open after the bad framing: the
    # proxy must not wait for more.
    upstream = scripted([head, body])
    started = time.monotonic()
    status, _, response_body = call(middleware_for(upstream))
    assert status == "200 OK"
    with pytest.raises(ConnectionError, match="malformed chunked"):
        consume(response_body)
    assert time.monotonic() - started < 3
    assert upstream.wait_for_ended() == [True]


def test_chunked_body_cut_short_is_an_error() -> None:
    class Closing(socketserver.StreamRequestHandler):
        def handle(self) -> None:
            read_request(self.rfile)
            self.connection.sendall(
                b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel"
            )

    with serving(Closing) as url:
        middleware = ProxyMiddleware(not_proxied, {"/up/": {"target": url}})
        status, _, body = call(middleware)
        assert status == "200 OK"
        with pytest.raises(ConnectionError, match="chunked body"):
            consume(body)


def test_body_until_close_is_relayed_whole() -> None:
    class UntilClose(socketserver.StreamRequestHandler):
        def handle(self) -> None:
            read_request(self.rfile)
            self.connection.sendall(
                b"HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\n"
            )
            for number in range(50):
                self.connection.sendall(b"%d," % number * 1000)

    with serving(UntilClose) as url:
        middleware = ProxyMiddleware(
            not_proxied, {"/up/": {"target": url}}, chunk_size=4096
        )
        for _ in range(2):
            status, headers, body = call(middleware)
            pieces = list(body)
            t.cast(t.Any, body).close()
            assert status == "200 OK"
            assert headers == [("Content-Type", "text/plain")]
            assert b"".join(pieces) == b"".join(b"%d," % n * 1000 for n in range(50))
            assert max(map(len, pieces)) <= 4096
        # A connection read to its end is not reused.
        assert sum(len(pool) for pool in middleware._pools.values()) == 0


def test_http11_response_without_framing_is_read_until_close() -> None:
    class UntilClose(socketserver.StreamRequestHandler):
        def handle(self) -> None:
            read_request(self.rfile)
            self.connection.sendall(b"HTTP/1.1 200 OK\r\n\r\nall of it")

    with serving(UntilClose) as url:
        client = Client(ProxyMiddleware(not_proxied, {"/up/": {"target": url}}))
        assert client.get("/up/").get_data() == b"all of it"


def chunked(data: bytes, size: int) -> bytes:
    pieces = [
        b"%x\r\n%s\r\n" % (len(data[i : i + size]), data[i : i + size])
        for i in range(0, len(data), size)
    ]
    return b"".join(pieces) + b"0\r\n\r\n"


def test_keep_alive_reuse_after_each_kind_of_body(
    scripted: Callable[..., ScriptedUpstream],
) -> None:
    large = bytes(range(256)) * 1024
    answers: list[Answer] = [
        b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nsmall",
        [b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n" % len(large), large],
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
        + chunked(b"chunked body", 5),
        [
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r",
            b"\nabc\r",
            b"\n0\r\n",
            b"Trailer-Field: 1\r\n\r",
            b"\n",
        ],
        [
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n",
            chunked(large, 7000),
        ],
        b"HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nlast",
    ]
    upstream = scripted(*answers)
    client = Client(middleware_for(upstream))
    expected = [b"small", large, b"chunked body", b"abc", large, b"last"]
    for body in expected:
        response = client.get("/up/")
        assert response.get_data() == body
        assert "Transfer-Encoding" not in response.headers
    assert upstream.connections == 1


@pytest.mark.parametrize(
    ("method", "answer"),
    [
        ("HEAD", b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n"),
        ("HEAD", b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"),
        ("GET", b"HTTP/1.1 204 No Content\r\nContent-Length: 7\r\n\r\n"),
        ("GET", b'HTTP/1.1 304 Not Modified\r\nETag: "x"\r\n\r\n'),
    ],
)
def test_responses_without_body(
    scripted: Callable[..., ScriptedUpstream], method: str, answer: bytes
) -> None:
    upstream = scripted(answer, b"HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nnext")
    middleware = middleware_for(upstream)
    status, _, body = call(middleware, method)
    assert consume(body) == b""
    assert status == answer[9:].split(b"\r\n")[0].decode()
    client = Client(middleware)
    assert client.get("/up/").get_data() == b"next"
    # Had the proxy waited for a body, the second answer would have been
    # taken for it, or the request would have timed out.
    assert upstream.connections == 1


def test_interim_responses_are_skipped_in_any_pieces(
    scripted: Callable[..., ScriptedUpstream],
) -> None:
    upstream = scripted(
        [
            b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early",
            b" Hints\r\nLink: </a.css>; rel=preload\r\n",
            b"\r\nHTTP/1.1 102 Processing\r\n\r\n",
            b"HTTP/1.1 201 Created\r\nContent-Length: 4\r\n\r\ndone",
        ]
    )
    client = Client(middleware_for(upstream))
    for _ in range(2):
        response = client.get("/up/")
        assert response.status == "201 Created"
        assert response.get_data() == b"done"
        assert "Link" not in response.headers
    assert upstream.connections == 1


def test_endless_interim_responses_answer_502(
    scripted: Callable[..., ScriptedUpstream],
) -> None:
    # Each interim head is small and arrives at once, so neither the head
    # limit nor the timeout would end this: the count of them does.
    final = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"
    upstream = scripted(b"HTTP/1.1 102 Processing\r\n\r\n" * 16 + final)
    assert Client(middleware_for(upstream)).get("/up/").status_code == 200
    upstream = scripted([b"HTTP/1.1 102 Processing\r\n\r\n"] * 2000 + [final])
    started = time.monotonic()
    assert Client(middleware_for(upstream)).get("/up/").status_code == 502
    assert time.monotonic() - started < 3
    assert upstream.wait_for_ended() == [True]


@pytest.mark.parametrize(
    "answer",
    [
        pytest.param(
            b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok",
            id="connection close",
        ),
        pytest.param(b"HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok", id="HTTP/1.0"),
        pytest.param(
            b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokHTTP/1.1 200 OK\r\n\r\n",
            id="bytes after the body",
        ),
        pytest.param(
            b"HTTP/1.1 200 OK\r\nContent-Length: 99\r\nTransfer-Encoding: chunked"
            b"\r\n\r\n2\r\nok\r\n0\r\n\r\n",
            id="length and chunked",
        ),
        pytest.param(
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
            b"2\r\nok\r\n0\r\n\r\nextra",
            id="bytes after a chunked body",
        ),
    ],
)
def test_connections_that_cannot_be_reused_are_closed(
    scripted: Callable[..., ScriptedUpstream], answer: bytes
) -> None:
    upstream = scripted(answer)
    client = Client(middleware_for(upstream))
    for _ in range(2):
        response = client.get("/up/")
        assert response.get_data() == b"ok"
        assert response.headers.get("Content-Length") in (None, "2")
    assert upstream.connections == 2
    assert upstream.wait_for_ended(2) == [True, True]


def test_keep_alive_in_http10(scripted: Callable[..., ScriptedUpstream]) -> None:
    upstream = scripted(
        b"HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 2\r\n\r\nok"
    )
    client = Client(middleware_for(upstream))
    for _ in range(3):
        assert client.get("/up/").get_data() == b"ok"
    assert upstream.connections == 1


def test_body_larger_than_the_chunk_size_is_split(
    scripted: Callable[..., ScriptedUpstream],
) -> None:
    data = bytes(range(256)) * 40
    upstream = scripted(
        b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n%s" % (len(data), data)
    )
    middleware = middleware_for(upstream, chunk_size=1000)
    _, _, body = call(middleware)
    pieces = list(body)
    assert b"".join(pieces) == data
    assert max(map(len, pieces)) <= 1000


def test_client_headers_that_cannot_be_sent_are_a_bad_request(
    scripted: Callable[..., ScriptedUpstream],
) -> None:
    upstream = scripted(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
    middleware = middleware_for(upstream)
    for key, value, message in [
        ("HTTP_X_EURO", "\u20ac", b"not latin-1"),
        ("HTTP_X_NUL", "a\x00b", b"line break"),
        ("HTTP_X_BAD:NAME", "1", b"name is not valid"),
    ]:
        environ = EnvironBuilder("/up/").get_environ()
        environ[key] = value
        status, _, body = call_environ(middleware, environ)
        assert status.startswith("400")
        assert message in consume(body)
    environ = EnvironBuilder("/up/").get_environ()
    environ["REQUEST_METHOD"] = "GE T"
    status, _, body = call_environ(middleware, environ)
    assert status.startswith("400")
    answer = consume(body)
    assert b"request method" in answer
    assert b"GE T" in answer
    # None of them reached the upstream.
    assert upstream.requests == []


def call_environ(
    middleware: ProxyMiddleware, environ: dict[str, t.Any]
) -> tuple[str, list[tuple[str, str]], t.Iterable[bytes]]:
    started: list[t.Any] = []

    def start_response(status: str, headers: t.Any, exc_info: t.Any = None) -> None:
        started.append((status, headers))

    body = middleware(environ, start_response)
    return started[0][0], started[0][1], body


def test_latin1_client_header_values_are_sent_as_bytes(
    scripted: Callable[..., ScriptedUpstream],
) -> None:
    upstream = scripted(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
    environ = EnvironBuilder("/up/").get_environ()
    environ["HTTP_X_NOTE"] = "caf\xe9"
    environ["HTTP_X_UA_COMPATIBLE"] = "1"
    _, _, body = call_environ(middleware_for(upstream), environ)
    assert consume(body) == b"ok"
    assert b"\r\nX-Note: caf\xe9\r\n" in b"\r\n" + upstream.requests[0]
    assert b"\r\nX-Ua-Compatible: 1\r\n" in b"\r\n" + upstream.requests[0]
