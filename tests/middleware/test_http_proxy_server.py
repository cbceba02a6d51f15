"""ProxyMiddleware between real servers on 127.0.0.1: a keep-alive HTTP/1.1
upstream (Werkzeug's threaded development server), upstreams on raw sockets
that misbehave on purpose, and the proxy itself served by rostzeug's server
or by Werkzeug's (which decodes chunked request bodies)."""

from __future__ import annotations

import hashlib
import http.client
import http.server
import json
import os
import shutil
import socket
import socketserver
import ssl
import struct
import subprocess
import threading
import typing as t
from collections.abc import Callable
from collections.abc import Iterator
from pathlib import Path

import pytest
from werkzeug.serving import make_server as make_werkzeug_server

from rostzeug.middleware.http_proxy import ProxyMiddleware
from rostzeug.test import Client
from rostzeug.test import EnvironBuilder

Serve = Callable[[object], str]


class Upstream:
    """An HTTP/1.1 upstream that keeps connections alive, on
    :mod:`http.server`, counting the connections it accepts.

    ``/stream/N`` answers N bytes, chunked; ``/redirect`` a 301; any other
    path a JSON echo of the request: method, target, headers, and the size
    and digest of the body (with a length or chunked), read in pieces.
    """

    def __init__(self, ssl_context: ssl.SSLContext | None = None) -> None:
        self.connections = 0
        upstream = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # The head and the body are written separately; without this,
            # the body waits for the proxy's delayed acknowledgement.
            disable_nagle_algorithm = True

            def setup(self) -> None:
                super().setup()
                upstream.connections += 1

            def log_message(self, format: str, *args: t.Any) -> None:
                pass

            def do_GET(self) -> None:
                if self.path.startswith("/up/stream/"):
                    self.send_stream(int(self.path.rsplit("/", 1)[1]))
                elif self.path == "/up/redirect":
                    self.send_response(301)
                    self.send_header("Location", "/new")
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                else:
                    self.send_echo()

            do_POST = do_PUT = do_DELETE = do_GET

            def body_pieces(self) -> Iterator[bytes]:
                if "chunked" in self.headers.get("Transfer-Encoding", ""):
                    while size := int(self.rfile.readline().split(b";")[0], 16):
                        yield self.rfile.read(size)
                        self.rfile.readline()
                    while self.rfile.readline() not in (b"\r\n", b""):
                        pass
                    return
                remaining = int(self.headers.get("Content-Length") or 0)
                while remaining:
                    data = self.rfile.read(min(remaining, 65536))
                    remaining -= len(data)
                    yield data

            def send_echo(self) -> None:
                digest = hashlib.sha256()
                size = 0
                for data in self.body_pieces():
                    digest.update(data)
                    size += len(data)
                received = {
                    "method": self.command,
                    "uri": self.path,
                    "headers": {
                        name.lower(): value for name, value in self.headers.items()
                    },
                    "body_size": size,
                    "body_sha256": digest.hexdigest(),
                }
                body = json.dumps(received).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def send_stream(self, size: int) -> None:
                self.send_response(200)
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                piece = b"z" * 65536
                while size > 0:
                    data = piece[:size]
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
                    size -= len(data)
                self.wfile.write(b"0\r\n\r\n")

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        origin = "http://127.0.0.1"
        if ssl_context is not None:
            self.server.socket = ssl_context.wrap_socket(
                self.server.socket, server_side=True
            )
            # The name the certificate is made out to.
            origin = "https://localhost"
        self.thread = threading.Thread(
            target=self.server.serve_forever, args=(0.05,), daemon=True
        )
        self.thread.start()
        self.url = f"{origin}:{self.server.server_address[1]}"

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


def serve_with_werkzeug(app: t.Any) -> tuple[str, Callable[[], None]]:
    server = make_werkzeug_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()

    def stop() -> None:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)

    return f"http://127.0.0.1:{server.server_port}", stop


def no_start(status: str, headers: list[tuple[str, str]]) -> None:
    pass


@pytest.fixture
def upstream() -> Iterator[tuple[Upstream, str]]:
    server = Upstream()
    yield server, server.url
    server.stop()


@pytest.fixture
def proxied(
    upstream: tuple[Upstream, str], serve: Serve
) -> Iterator[tuple[Upstream, ProxyMiddleware, str]]:
    """The upstream, the middleware forwarding ``/up/`` to it, and the
    middleware served by rostzeug's server."""
    app, url = upstream
    middleware = ProxyMiddleware(not_found, {"/up/": {"target": url}})
    yield app, middleware, serve(middleware)
    middleware.close()


def not_found(environ: dict[str, t.Any], start_response: t.Any) -> list[bytes]:
    start_response("404 Not Found", [])
    return [b""]


def request(
    base_url: str,
    method: str,
    path: str,
    body: t.Any = None,
    headers: dict[str, str] | None = None,
) -> tuple[http.client.HTTPResponse, bytes]:
    host, port = base_url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=30)
    try:
        headers = headers or {}
        connection.request(
            method,
            path,
            body=body,
            headers=headers,
            encode_chunked="Transfer-Encoding" in headers,
        )
        response = connection.getresponse()
        return response, response.read()
    finally:
        connection.close()


def test_connections_are_kept_alive_and_reused(
    proxied: tuple[Upstream, ProxyMiddleware, str],
) -> None:
    upstream, _, base_url = proxied
    for number in range(20):
        response, body = request(base_url, "GET", f"/up/item/{number}")
        assert response.status == 200
        assert json.loads(body)["uri"] == f"/up/item/{number}"
    assert upstream.connections == 1


def test_connections_are_shared_by_threads(
    proxied: tuple[Upstream, ProxyMiddleware, str],
) -> None:
    upstream, middleware, _ = proxied
    errors: list[BaseException] = []

    def worker(number: int) -> None:
        client = Client(middleware)
        try:
            for index in range(25):
                response = client.get(f"/up/{number}/{index}")
                assert response.json is not None
                assert response.json["uri"] == f"/up/{number}/{index}"
        except BaseException as e:
            errors.append(e)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert 1 <= upstream.connections <= 8


def test_idle_connections_are_bounded_and_expire(
    upstream: tuple[Upstream, str],
) -> None:
    _, url = upstream
    middleware = ProxyMiddleware(not_found, {"/up/": {"target": url}})
    middleware.max_idle_connections = 2
    # Bodies too large to arrive with their heads keep their connections
    # busy until they are read.
    bodies = [
        middleware(EnvironBuilder("/up/stream/1000000").get_environ(), no_start)
        for _ in range(4)
    ]
    # Four responses open at once need four connections; two stay idle.
    for body in bodies:
        assert len(b"".join(body)) == 1000000
        body.close()  # type: ignore[attr-defined]
    pool = next(iter(middleware._pools.values()))
    assert len(pool) == 2
    pool.idle_timeout = 0.0
    response = Client(middleware).get("/up/")
    response.get_data()
    response.close()
    assert len(pool) == 1
    middleware.close()
    assert len(pool) == 0


def test_redirects_are_not_followed(
    proxied: tuple[Upstream, ProxyMiddleware, str],
) -> None:
    _, _, base_url = proxied
    response, _ = request(base_url, "GET", "/up/redirect")
    assert response.status == 301
    assert response.getheader("Location") == "/new"


def test_request_target_keeps_url_characters(
    proxied: tuple[Upstream, ProxyMiddleware, str],
) -> None:
    _, _, base_url = proxied
    _, body = request(base_url, "GET", "/up/$a%20b/c;d?x=1&y=%2F")
    assert json.loads(body)["uri"] == "/up/$a%20b/c;d?x=1&y=%2F"


def test_forwarded_and_hop_by_hop_request_headers(
    proxied: tuple[Upstream, ProxyMiddleware, str],
) -> None:
    _, _, base_url = proxied
    _, body = request(
        base_url,
        "GET",
        "/up/",
        headers={
            "Connection": "X-Private",
            "X-Private": "secret",
            "Proxy-Authorization": "Basic abc",
            "X-Kept": "1",
        },
    )
    headers = json.loads(body)["headers"]
    assert "x-private" not in headers
    assert "proxy-authorization" not in headers
    assert headers["x-kept"] == "1"
    assert headers["x-forwarded-for"] == "127.0.0.1"
    assert headers["x-forwarded-proto"] == "http"
    assert headers["x-forwarded-host"] == base_url.removeprefix("http://")


def test_large_upload_with_length(
    proxied: tuple[Upstream, ProxyMiddleware, str],
) -> None:
    _, _, base_url = proxied
    body = os.urandom(1024) * 32 * 1024  # 32 MiB
    _, answer = request(base_url, "POST", "/up/upload", body=body)
    received = json.loads(answer)
    assert received["body_size"] == len(body)
    assert received["body_sha256"] == hashlib.sha256(body).hexdigest()
    assert received["headers"]["content-length"] == str(len(body))


def current_rss() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


needs_proc = pytest.mark.skipif(
    not os.path.exists("/proc/self/statm"), reason="reads the RSS from /proc"
)


@needs_proc
def test_chunked_upload_is_streamed(upstream: tuple[Upstream, str]) -> None:
    _, url = upstream
    middleware = ProxyMiddleware(not_found, {"/up/": {"target": url}})
    # Werkzeug's server decodes the chunked body and marks the input as
    # terminated, as servers that support chunked requests do.
    front_url, stop = serve_with_werkzeug(middleware)
    size = 100 * 1024 * 1024
    digest = hashlib.sha256()
    baseline = current_rss()
    peak = [baseline]

    def pieces() -> Iterator[bytes]:
        piece = os.urandom(65536)
        for _ in range(size // len(piece)):
            digest.update(piece)
            peak[0] = max(peak[0], current_rss())
            yield piece

    try:
        _, answer = request(
            front_url,
            "POST",
            "/up/chunked",
            body=pieces(),
            headers={"Transfer-Encoding": "chunked"},
        )
    finally:
        stop()
        middleware.close()
    received = json.loads(answer)
    assert received["headers"]["transfer-encoding"] == "chunked"
    assert received["body_size"] == size
    assert received["body_sha256"] == digest.hexdigest()
    assert peak[0] - baseline < 40 * 1024 * 1024


@needs_proc
def test_large_download_is_streamed(
    proxied: tuple[Upstream, ProxyMiddleware, str],
) -> None:
    _, _, base_url = proxied
    size = 200 * 1024 * 1024
    host, port = base_url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=30)
    baseline = current_rss()
    peak = baseline
    total = 0
    try:
        connection.request("GET", f"/up/stream/{size}")
        response = connection.getresponse()
        assert response.status == 200
        while data := response.read(1024 * 1024):
            total += len(data)
            peak = max(peak, current_rss())
    finally:
        connection.close()
    assert total == size
    assert peak - baseline < 40 * 1024 * 1024


class RawUpstream:
    """An upstream on a raw socket: ``handle`` gets each accepted
    connection and its reader, and may answer as badly as it likes."""

    def __init__(self, handle: Callable[[socket.socket, t.BinaryIO], None]) -> None:
        self.connections = 0
        outer = self

        class Handler(socketserver.StreamRequestHandler):
            def handle(self) -> None:
                outer.connections += 1
                handle(self.connection, self.rfile)

        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(
            target=self.server.serve_forever, args=(0.05,), daemon=True
        )
        self.thread.start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


def read_head(reader: t.BinaryIO) -> bytes:
    """The request line and headers of the next request; empty at EOF."""
    lines = []
    while line := reader.readline():
        if line == b"\r\n":
            break
        lines.append(line)
    return b"".join(lines)


@pytest.fixture
def raw_upstream() -> Iterator[Callable[..., RawUpstream]]:
    started: list[RawUpstream] = []

    def start(handle: Callable[[socket.socket, t.BinaryIO], None]) -> RawUpstream:
        server = RawUpstream(handle)
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


def proxy_client(url: str, **options: t.Any) -> Client:
    return Client(ProxyMiddleware(not_found, {"/up/": {"target": url}}, **options))


def test_invalid_response_answers_502(raw_upstream: t.Any) -> None:
    def garbage(sock: socket.socket, reader: t.BinaryIO) -> None:
        read_head(reader)
        sock.sendall(b"this is not HTTP\r\n\r\n")

    response = proxy_client(raw_upstream(garbage).url).get("/up/")
    assert response.status_code == 502
    assert b"invalid response" in response.get_data()


def test_reset_connection_answers_502(raw_upstream: t.Any) -> None:
    def reset(sock: socket.socket, reader: t.BinaryIO) -> None:
        read_head(reader)
        # Linger with a zero timeout: close() sends a reset.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        sock.close()

    response = proxy_client(raw_upstream(reset).url).get("/up/")
    assert response.status_code == 502
    assert b"reset the connection" in response.get_data()


def test_hop_by_hop_response_headers_are_removed(raw_upstream: t.Any) -> None:
    def answer(sock: socket.socket, reader: t.BinaryIO) -> None:
        read_head(reader)
        sock.sendall(
            b"HTTP/1.1 200 OK\r\nConnection: X-Internal\r\nX-Internal: 1\r\n"
            b"Keep-Alive: timeout=5\r\nX-Visible: 2\r\nTransfer-Encoding: chunked"
            b"\r\n\r\n5\r\nhello\r\n0\r\n\r\n"
        )

    response = proxy_client(raw_upstream(answer).url).get("/up/")
    assert response.status_code == 200
    assert response.get_data() == b"hello"
    assert response.headers["X-Visible"] == "2"
    for name in ("Connection", "X-Internal", "Keep-Alive", "Transfer-Encoding"):
        assert name not in response.headers


def keep_alive_once_then_drop(sock: socket.socket, reader: t.BinaryIO) -> None:
    """Answers the first request and keeps the connection open, then closes
    it without answering as the second request arrives: a server ending an
    idle connection just as the proxy reuses it."""
    head = read_head(reader)
    length = 0
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":")[1])
    reader.read(length)
    sock.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
    read_head(reader)


def test_dropped_keep_alive_connection_is_retried_for_get(raw_upstream: t.Any) -> None:
    server = raw_upstream(keep_alive_once_then_drop)
    client = proxy_client(server.url)
    assert client.get("/up/").get_data() == b"ok"
    assert client.get("/up/").get_data() == b"ok"
    assert server.connections == 2


def test_dropped_keep_alive_connection_is_not_retried_for_post(
    raw_upstream: t.Any,
) -> None:
    server = raw_upstream(keep_alive_once_then_drop)
    client = proxy_client(server.url)
    assert client.post("/up/", data=b"first").get_data() == b"ok"
    response = client.post("/up/", data=b"second")
    assert response.status_code == 502
    assert server.connections == 1


def test_truncated_response_body_is_an_error(raw_upstream: t.Any) -> None:
    def truncated(sock: socket.socket, reader: t.BinaryIO) -> None:
        read_head(reader)
        sock.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly half")

    middleware = ProxyMiddleware(
        not_found, {"/up/": {"target": raw_upstream(truncated).url}}
    )
    body = middleware(EnvironBuilder("/up/").get_environ(), lambda *args: None)
    with pytest.raises(ConnectionError, match="91 bytes before the end"):
        b"".join(body)


def serve_requests(
    answer: Callable[[bytes], bytes],
) -> Callable[[socket.socket, t.BinaryIO], None]:
    """A raw handler that answers every request of a kept-alive connection
    with ``answer(head)``; the requests have no body."""

    def handle(sock: socket.socket, reader: t.BinaryIO) -> None:
        while head := read_head(reader):
            sock.sendall(answer(head))

    return handle


def test_head_response_leaves_the_connection_usable(raw_upstream: t.Any) -> None:
    def answer(head: bytes) -> bytes:
        if head.startswith(b"HEAD "):
            # The length of the body a GET would get, and no body.
            return b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n"
        return b"HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nget"

    server = raw_upstream(serve_requests(answer))
    client = proxy_client(server.url)
    head = client.head("/up/")
    assert head.status_code == 200
    assert head.headers["Content-Length"] == "1000"
    assert head.get_data() == b""
    assert client.get("/up/").get_data() == b"get"
    assert server.connections == 1


def test_interim_responses_are_skipped(raw_upstream: t.Any) -> None:
    def answer(head: bytes) -> bytes:
        return (
            b"HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n"
            b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nfinal"
        )

    server = raw_upstream(serve_requests(answer))
    client = proxy_client(server.url)
    for _ in range(2):
        response = client.get("/up/")
        assert response.status_code == 200
        assert response.get_data() == b"final"
        assert "Link" not in response.headers
    assert server.connections == 1


def test_connection_closed_by_the_upstream_is_not_reused(raw_upstream: t.Any) -> None:
    closed = threading.Semaphore(0)

    def answer_and_close(sock: socket.socket, reader: t.BinaryIO) -> None:
        head = read_head(reader)
        reader.read(int(head.lower().split(b"content-length: ")[1].split(b"\r")[0]))
        sock.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
        # Closed without saying so, as a server ends an idle connection:
        # the proxy must see that before it sends a request on it.
        sock.shutdown(socket.SHUT_RDWR)
        closed.release()

    server = raw_upstream(answer_and_close)
    middleware = ProxyMiddleware(not_found, {"/up/": {"target": server.url}})
    client = Client(middleware)
    for _ in range(3):
        assert client.post("/up/", data=b"not idempotent").get_data() == b"ok"
        assert closed.acquire(timeout=5)
    assert server.connections == 3
    middleware.close()


@pytest.fixture
def certificate(tmp_path: Path) -> Path:
    """A self-signed certificate for ``localhost``, with its key, in one
    file."""
    if shutil.which("openssl") is None:
        pytest.skip("needs the openssl command to make a certificate")
    pem = tmp_path / "localhost.pem"
    subprocess.run(
        [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
            "-days", "1", "-subj", "/CN=localhost",
            "-addext", "subjectAltName=DNS:localhost",
            "-keyout", str(pem), "-out", str(pem),
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return pem


def test_https_target_with_ssl_context(certificate: Path) -> None:
    server_context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_context.load_cert_chain(certificate)
    server = Upstream(server_context)
    trusting = ssl.create_default_context(cafile=str(certificate))
    middleware = ProxyMiddleware(
        not_found, {"/up/": {"target": server.url, "ssl_context": trusting}}
    )
    try:
        client = Client(middleware)
        for number in range(5):
            response = client.get(f"/up/{number}")
            assert response.json is not None
            assert response.json["uri"] == f"/up/{number}"
            assert response.json["headers"]["host"] == "localhost"
        assert server.connections == 1

        # The system's trusted certificates do not include this one.
        untrusting = ProxyMiddleware(not_found, {"/up/": {"target": server.url}})
        response = Client(untrusting).get("/up/")
        assert response.status_code == 502
        assert b"Could not connect" in response.get_data()
    finally:
        middleware.close()
        server.stop()
