"""ProxyMiddleware called in-process, forwarding to upstream applications
served on 127.0.0.1 by rostzeug's threaded server (HTTP/1.0, one
connection per request)."""

from __future__ import annotations

import hashlib
import io
import json
import socket
import threading
import time
import typing as t
from collections.abc import Callable

import pytest

from rostzeug.middleware.http_proxy import ProxyMiddleware
from rostzeug.test import Client
from rostzeug.test import EnvironBuilder

Serve = Callable[[object], str]


def root_app(environ: dict[str, t.Any], start_response: t.Any) -> list[bytes]:
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"ROOT"]


def echo_app(environ: dict[str, t.Any], start_response: t.Any) -> list[bytes]:
    """Answers with what it received: method, path, query, headers, and the
    size and digest of the body, read in pieces."""
    stream = environ["wsgi.input"]
    remaining = int(environ.get("CONTENT_LENGTH") or 0)
    digest = hashlib.sha256()
    size = 0
    while remaining:
        data = stream.read(min(remaining, 65536))
        if not data:
            break
        digest.update(data)
        size += len(data)
        remaining -= len(data)
    received = {
        "method": environ["REQUEST_METHOD"],
        "path": environ["PATH_INFO"],
        "query": environ["QUERY_STRING"],
        "headers": {
            key[5:].replace("_", "-").lower(): value
            for key, value in environ.items()
            if key.startswith("HTTP_")
        },
        "content_type": environ.get("CONTENT_TYPE"),
        "body_size": size,
        "body_sha256": digest.hexdigest(),
    }
    start_response("200 OK", [("Content-Type", "application/json")])
    return [json.dumps(received).encode()]


@pytest.fixture
def echo_url(serve: Serve) -> str:
    return serve(echo_app)


def proxy(url: str, **options: t.Any) -> ProxyMiddleware:
    return ProxyMiddleware(root_app, {"/up/": {"target": url, **options}})


def received_by_upstream(response: t.Any) -> dict[str, t.Any]:
    assert response.status_code == 200, response.get_data()
    return t.cast(dict[str, t.Any], json.loads(response.get_data()))


def test_requests_outside_the_prefixes_go_to_the_app(echo_url: str) -> None:
    client = Client(proxy(echo_url))
    assert client.get("/").get_data() == b"ROOT"
    # The prefix is matched as a whole path segment.
    assert client.get("/up").get_data() == b"ROOT"
    assert client.get("/upper/x").get_data() == b"ROOT"


def test_prefixes_are_normalised_with_slashes(echo_url: str) -> None:
    middleware = ProxyMiddleware(root_app, {"api": {"target": echo_url}})
    assert list(middleware.targets) == ["/api/"]
    assert middleware.targets["/api/"]["host"] == "<auto>"
    assert middleware.targets["/api/"]["remove_prefix"] is False
    received = received_by_upstream(Client(middleware).get("/api/items"))
    assert received["path"] == "/api/items"


def test_get_keeps_path_and_query(echo_url: str) -> None:
    received = received_by_upstream(
        Client(proxy(echo_url)).get("/up/a/b", query_string="x=1&y=%20z")
    )
    assert received["method"] == "GET"
    assert received["path"] == "/up/a/b"
    assert received["query"] == "x=1&y=%20z"
    assert received["body_size"] == 0


def test_remove_prefix_puts_the_target_path_in_its_place(echo_url: str) -> None:
    client = Client(proxy(echo_url + "/base/", remove_prefix=True))
    assert received_by_upstream(client.get("/up/a/b"))["path"] == "/base/a/b"
    client = Client(proxy(echo_url, remove_prefix=True))
    assert received_by_upstream(client.get("/up/c"))["path"] == "/c"


def test_host_header_options(echo_url: str) -> None:
    port = echo_url.rsplit(":", 1)[1]
    auto = received_by_upstream(Client(proxy(echo_url)).get("/up/"))
    assert auto["headers"]["host"] == "127.0.0.1"
    assert port not in auto["headers"]["host"]

    kept = received_by_upstream(
        Client(proxy(echo_url, host=None)).get(
            "/up/", headers={"Host": "client.example"}
        )
    )
    assert kept["headers"]["host"] == "client.example"

    fixed = received_by_upstream(
        Client(proxy(echo_url, host="fixed.example")).get("/up/")
    )
    assert fixed["headers"]["host"] == "fixed.example"


def test_configured_headers_are_added(echo_url: str) -> None:
    received = received_by_upstream(
        Client(proxy(echo_url, headers={"X-Special": "yes"})).get("/up/")
    )
    assert received["headers"]["x-special"] == "yes"


def test_forwarded_headers_are_set(echo_url: str) -> None:
    client = Client(proxy(echo_url))
    received = received_by_upstream(
        client.get(
            "/up/",
            base_url="https://shop.example:8443",
            headers={
                "X-Forwarded-For": "203.0.113.9",
                "X-Forwarded-Proto": "gopher",
                "X-Forwarded-Host": "spoofed.example",
            },
            environ_overrides={"REMOTE_ADDR": "198.51.100.7"},
        )
    )
    headers = received["headers"]
    assert headers["x-forwarded-for"] == "203.0.113.9, 198.51.100.7"
    assert headers["x-forwarded-proto"] == "https"
    assert headers["x-forwarded-host"] == "shop.example:8443"


def test_hop_by_hop_request_headers_are_removed(echo_url: str) -> None:
    received = received_by_upstream(
        Client(proxy(echo_url)).get(
            "/up/",
            headers={
                "Connection": "keep-alive, X-Private",
                "X-Private": "secret",
                "Keep-Alive": "timeout=5",
                "TE": "trailers",
                "Upgrade": "websocket",
                "Proxy-Authorization": "Basic abc",
                "X-Public": "kept",
            },
        )
    )
    headers = received["headers"]
    for name in ("x-private", "keep-alive", "te", "upgrade", "proxy-authorization"):
        assert name not in headers
    # The upstream's server sees this request's own connection header.
    assert headers.get("connection", "close").lower() != "keep-alive, x-private"
    assert headers["x-public"] == "kept"


def test_post_body_is_forwarded_with_its_length(echo_url: str) -> None:
    body = bytes(range(256)) * 40_000  # 10 MiB
    received = received_by_upstream(
        Client(proxy(echo_url)).post(
            "/up/form", data=body, content_type="application/octet-stream"
        )
    )
    assert received["method"] == "POST"
    assert received["content_type"] == "application/octet-stream"
    assert received["body_size"] == len(body)
    assert received["body_sha256"] == hashlib.sha256(body).hexdigest()


class CountingStream(io.RawIOBase):
    """A request body of ``size`` bytes made up as it is read, recording
    the largest read."""

    def __init__(self, size: int) -> None:
        self.remaining = size
        self.digest = hashlib.sha256()
        self.largest_read = 0

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        if size < 0:
            raise AssertionError("the body must not be read as a whole")
        self.largest_read = max(self.largest_read, size)
        data = b"x" * min(size, self.remaining)
        self.remaining -= len(data)
        self.digest.update(data)
        return data


def body_environ(method: str, stream: t.IO[bytes], length: int) -> dict[str, t.Any]:
    """The environ of a request whose body stream claims ``length`` bytes."""
    environ = EnvironBuilder("/up/upload", method=method).get_environ()
    environ["wsgi.input"] = stream
    environ["CONTENT_LENGTH"] = str(length)
    return environ


def call(app: t.Any, environ: dict[str, t.Any]) -> tuple[str, t.Any, t.Any]:
    """Calls a WSGI application; returns the status, the headers and the
    body iterable, not consumed."""
    started: list[t.Any] = []

    def start_response(status: str, headers: t.Any, exc_info: t.Any = None) -> None:
        started.append((status, headers))

    body = app(environ, start_response)
    return started[0][0], started[0][1], body


def test_upload_is_streamed_in_chunks(echo_url: str) -> None:
    size = 64 * 1024 * 1024
    stream = CountingStream(size)
    environ = body_environ("PUT", stream, size)
    status, _, body = call(proxy(echo_url), environ)
    try:
        received = json.loads(b"".join(body))
    finally:
        body.close()
    assert status == "200 OK"
    assert received["body_size"] == size
    assert received["body_sha256"] == stream.digest.hexdigest()
    assert 0 < stream.largest_read <= 16384


def test_download_is_streamed_as_the_server_reads_it(serve: Serve) -> None:
    produced = [0]
    piece = b"y" * 65536

    def big_app(environ: dict[str, t.Any], start_response: t.Any) -> t.Any:
        start_response("200 OK", [("Content-Length", str(len(piece) * 2048))])
        for _ in range(2048):  # 128 MiB
            produced[0] += len(piece)
            yield piece

    middleware = ProxyMiddleware(
        root_app, {"/up/": {"target": serve(big_app)}}, chunk_size=8192
    )
    environ = EnvironBuilder("/up/big").get_environ()
    status, headers, body = call(middleware, environ)
    assert status == "200 OK"
    assert ("Content-Length", str(len(piece) * 2048)) in headers
    consumed = 0
    largest_lead = 0
    for data in body:
        assert len(data) <= 8192
        consumed += len(data)
        largest_lead = max(largest_lead, produced[0] - consumed)
    body.close()
    assert consumed == len(piece) * 2048
    # The upstream can only be ahead by what the socket buffers hold.
    assert largest_lead < 16 * 1024 * 1024


def test_redirects_are_passed_on(serve: Serve) -> None:
    def redirect_app(environ: dict[str, t.Any], start_response: t.Any) -> t.Any:
        start_response("302 Found", [("Location", "/elsewhere"), ("X-Up", "1")])
        return [b"moved"]

    response = Client(proxy(serve(redirect_app))).get("/up/old")
    assert response.status_code == 302
    assert response.headers["Location"] == "/elsewhere"
    assert response.headers["X-Up"] == "1"
    assert response.get_data() == b"moved"


def test_upstream_errors_are_relayed(serve: Serve) -> None:
    def error_app(environ: dict[str, t.Any], start_response: t.Any) -> t.Any:
        start_response("418 I'm a teapot", [("Content-Type", "text/plain")])
        return [b"short and stout"]

    response = Client(proxy(serve(error_app))).get("/up/")
    assert response.status == "418 I'm a teapot"
    assert response.get_data() == b"short and stout"


def closed_port() -> int:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port: int = sock.getsockname()[1]
    sock.close()
    return port


def test_upstream_down_answers_502() -> None:
    started = time.monotonic()
    response = Client(proxy(f"http://127.0.0.1:{closed_port()}")).get("/up/")
    assert response.status_code == 502
    assert b"connection refused" in response.get_data()
    assert time.monotonic() - started < 5


def test_slow_upstream_answers_504_within_the_timeout(serve: Serve) -> None:
    release = threading.Event()

    def slow_app(environ: dict[str, t.Any], start_response: t.Any) -> t.Any:
        release.wait(10)
        start_response("200 OK", [])
        return [b"late"]

    middleware = ProxyMiddleware(
        root_app, {"/up/": {"target": serve(slow_app)}}, timeout=0.5
    )
    started = time.monotonic()
    try:
        response = Client(middleware).get("/up/")
    finally:
        release.set()
    elapsed = time.monotonic() - started
    assert response.status_code == 504
    assert b"did not answer within 0.5 seconds" in response.get_data()
    assert 0.4 < elapsed < 3


def test_client_body_shorter_than_its_length_is_a_bad_request(echo_url: str) -> None:
    environ = body_environ("POST", io.BytesIO(b"abc"), 10)
    status, _, body = call(proxy(echo_url), environ)
    b"".join(body)
    assert status.startswith("400")


def test_target_must_be_http(echo_url: str) -> None:
    middleware = ProxyMiddleware(root_app, {"/up/": {"target": "ftp://127.0.0.1/"}})
    with pytest.raises(RuntimeError, match="http or https"):
        Client(middleware).get("/up/")


def test_configured_header_with_a_line_break_is_refused(echo_url: str) -> None:
    client = Client(proxy(echo_url, headers={"X-Bad": "a\r\nInjected: 1"}))
    with pytest.raises(ValueError, match="X-Bad"):
        client.get("/up/")


def test_client_header_with_a_line_break_is_a_bad_request(echo_url: str) -> None:
    environ = EnvironBuilder("/up/").get_environ()
    environ["HTTP_X_SMUGGLED"] = "a\r\nInjected: 1"
    status, _, body = call(proxy(echo_url), environ)
    b"".join(body)
    assert status.startswith("400")


def test_chunked_body_the_server_did_not_decode_is_refused(echo_url: str) -> None:
    environ = EnvironBuilder("/up/", method="POST").get_environ()
    environ["HTTP_TRANSFER_ENCODING"] = "chunked"
    environ["wsgi.input"] = io.BytesIO(b"5\r\nhello\r\n0\r\n\r\n")
    environ.pop("CONTENT_LENGTH", None)
    status, _, body = call(proxy(echo_url), environ)
    b"".join(body)
    assert status.startswith("411")
