"""SharedDataMiddleware behind rostzeug's threaded server on 127.0.0.1,
spoken to with ``http.client``."""

from __future__ import annotations

import gzip
import hashlib
import http.client
import os
import random
import socket
import struct
import time
import typing as t
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from rostzeug.middleware.shared_data import SharedDataMiddleware

SECRET = b"TOP-SECRET-OUTSIDE-THE-EXPORT"
CSS = b"main { display: grid; }\n" * 100
BIG_SIZE = 3 * 1024 * 1024 + 17


def not_found(environ: dict[str, t.Any], start_response: t.Any) -> list[bytes]:
    start_response("404 Not Found", [("Content-Type", "text/plain")])
    return [b"not found by the app"]


def write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


@pytest.fixture
def site(tmp_path: Path) -> Path:
    write(tmp_path / "secret.txt", SECRET)
    static = tmp_path / "static"
    write(static / "style.css", CSS)
    write(static / "style.css.gz", gzip.compress(CSS))
    write(static / "style.css.br", b"pretend brotli")
    write(static / "plain.txt", b"plain text\n")
    write(static / "big.bin", random.Random(7).randbytes(BIG_SIZE))
    if hasattr(os, "symlink") and os.name != "nt":
        os.symlink(tmp_path / "secret.txt", static / "link-out.txt")
    return static


@pytest.fixture
def connect(
    site: Path, serve: t.Callable[[object], str]
) -> t.Callable[..., http.client.HTTPConnection]:
    """Returns connections to a server of the export, with or without
    caching headers."""
    servers: dict[bool, tuple[str, int]] = {}

    def open_connection(cache: bool = True) -> http.client.HTTPConnection:
        if cache not in servers:
            app = SharedDataMiddleware(not_found, {"/static": str(site)}, cache=cache)
            url = urlsplit(serve(app))
            assert url.hostname is not None and url.port is not None
            servers[cache] = (url.hostname, url.port)
        host, port = servers[cache]
        return http.client.HTTPConnection(host, port, timeout=10)

    return open_connection


def fetch(
    connection: http.client.HTTPConnection,
    path: str,
    method: str = "GET",
    headers: dict[str, str] | None = None,
) -> tuple[int, http.client.HTTPMessage, bytes]:
    connection.request(method, path, headers=headers or {})
    response = connection.getresponse()
    body = response.read()
    return response.status, response.headers, body


def test_file_with_cache_headers(connect: t.Any) -> None:
    connection = connect()
    status, headers, body = fetch(connection, "/static/style.css")
    assert (status, body) == (200, CSS)
    assert headers["Content-Type"] == "text/css; charset=utf-8"
    assert headers["Content-Length"] == str(len(CSS))
    assert headers["Cache-Control"] == "max-age=43200, public"
    for name in ("ETag", "Last-Modified", "Expires", "Date"):
        assert headers[name], name
    assert headers["Accept-Ranges"] == "bytes"
    # The same connection serves the next request.
    assert fetch(connection, "/static/plain.txt")[2] == b"plain text\n"


def test_file_without_cache_headers(connect: t.Any) -> None:
    status, headers, body = fetch(connect(cache=False), "/static/style.css")
    assert (status, body) == (200, CSS)
    for name in ("ETag", "Last-Modified", "Expires", "Cache-Control"):
        assert headers[name] is None, name


def test_not_modified(connect: t.Any) -> None:
    connection = connect()
    _, headers, _ = fetch(connection, "/static/style.css")
    etag, last_modified = headers["ETag"], headers["Last-Modified"]
    for conditional in (
        {"If-None-Match": etag},
        {"If-Modified-Since": last_modified},
        {"If-None-Match": f'"x", {etag}', "If-Modified-Since": last_modified},
    ):
        status, answer_headers, body = fetch(
            connection, "/static/style.css", headers=conditional
        )
        assert (status, body) == (304, b""), conditional
        assert answer_headers["ETag"] == etag
    status, _, body = fetch(
        connection, "/static/style.css", headers={"If-None-Match": '"stale"'}
    )
    assert (status, body) == (200, CSS)


def test_head(connect: t.Any) -> None:
    connection = connect()
    status, headers, body = fetch(connection, "/static/big.bin", method="HEAD")
    assert (status, body) == (200, b"")
    assert headers["Content-Length"] == str(BIG_SIZE)
    # Nothing of a body was sent: the connection goes on with the next answer.
    assert fetch(connection, "/static/plain.txt")[2] == b"plain text\n"


def test_whole_big_file(connect: t.Any, site: Path) -> None:
    status, headers, body = fetch(connect(), "/static/big.bin")
    assert status == 200
    assert headers["Content-Length"] == str(BIG_SIZE)
    expected = hashlib.sha256((site / "big.bin").read_bytes()).hexdigest()
    assert hashlib.sha256(body).hexdigest() == expected


def test_ranges(connect: t.Any, site: Path) -> None:
    content = (site / "big.bin").read_bytes()
    connection = connect()
    status, headers, body = fetch(
        connection, "/static/big.bin", headers={"Range": "bytes=1000-199999"}
    )
    assert (status, body) == (206, content[1000:200000])
    assert headers["Content-Range"] == f"bytes 1000-199999/{BIG_SIZE}"
    status, headers, body = fetch(
        connection, "/static/big.bin", headers={"Range": "bytes=-10"}
    )
    assert (status, body) == (206, content[-10:])
    status, headers, body = fetch(
        connection, "/static/style.css", headers={"Range": "bytes=5-9"}
    )
    assert (status, body) == (206, CSS[5:10])
    status, headers, body = fetch(
        connection, "/static/style.css", headers={"Range": f"bytes={len(CSS)}-"}
    )
    assert (status, body) == (416, b"")
    assert headers["Content-Range"] == f"bytes */{len(CSS)}"
    etag = fetch(connection, "/static/style.css")[1]["ETag"]
    status, _, body = fetch(
        connection,
        "/static/style.css",
        headers={"Range": "bytes=0-1", "If-Range": etag},
    )
    assert (status, body) == (206, CSS[:2])
    status, _, body = fetch(
        connection,
        "/static/style.css",
        headers={"Range": "bytes=0-1", "If-Range": '"old"'},
    )
    assert (status, body) == (200, CSS)


@pytest.mark.parametrize(
    ("accept", "coding"),
    [
        ("gzip, deflate, br", "br"),
        ("gzip", "gzip"),
        ("br;q=0, gzip;q=0.9", "gzip"),
        ("identity", None),
        (None, None),
    ],
)
def test_precompressed(connect: t.Any, accept: str | None, coding: str | None) -> None:
    headers = {"Accept-Encoding": accept} if accept is not None else {}
    connection = connect()
    # http.client sends "Accept-Encoding: identity" unless told otherwise.
    connection.putrequest("GET", "/static/style.css", skip_accept_encoding=True)
    for name, value in headers.items():
        connection.putheader(name, value)
    connection.endheaders()
    response = connection.getresponse()
    body = response.read()
    assert response.status == 200
    assert response.headers["Content-Encoding"] == coding
    assert response.headers["Vary"] == "Accept-Encoding"
    if coding == "gzip":
        assert gzip.decompress(body) == CSS
    elif coding == "br":
        assert body == b"pretend brotli"
    else:
        assert body == CSS


TRAVERSALS = [
    "/static/../secret.txt",
    "/static/..",
    "/static/%2e%2e/secret.txt",
    "/static/%2E%2E/secret.txt",
    "/static/.%2e/secret.txt",
    "/static/%2e./secret.txt",
    "/static/..%2fsecret.txt",
    "/static/..%2Fsecret.txt",
    "/static/%2e%2e%2fsecret.txt",
    "/static/%2e%2e%5csecret.txt",
    "/static/..%5csecret.txt",
    "/static/..\\secret.txt",
    "/static/%5c..%5csecret.txt",
    "/static/sub/..%2f..%2fsecret.txt",
    "/static/%252e%252e/secret.txt",
    "/static/%c0%ae%c0%ae/secret.txt",
    "/static/%c0%ae%c0%ae%c0%afsecret.txt",
    "/static/%e0%80%ae%e0%80%ae/secret.txt",
    "/static/%ef%bc%8e%ef%bc%8e/secret.txt",
    "/static/..%c0%afsecret.txt",
    "/static/..%e2%88%95secret.txt",
    "/static/....//secret.txt",
    "/static/..;/secret.txt",
    "/static/secret.txt%00.css",
    "/static/%00../secret.txt",
    "/static/style.css%00",
    "/static/C:%5csecret.txt",
    "/static/C:/secret.txt",
    "/static/%5c%5c127.0.0.1%5cc$%5csecret.txt",
    "/static/CON",
    "/static/nul.txt",
    "/static/link-out.txt",
    "/../secret.txt",
    "/static/../../../../../../etc/passwd",
    "/static/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "/static//etc/passwd",
    "/static/%2fetc%2fpasswd",
]


def test_traversal_attempts(connect: t.Any, site: Path) -> None:
    connection = connect()
    secret_path = str(site.parent / "secret.txt")
    attempts = [*TRAVERSALS, f"/static/{secret_path}", f"/static{secret_path}"]
    for path in attempts:
        status, _, body = fetch(connection, path)
        assert status in (403, 404), path
        assert SECRET not in body, path
        assert b"root:" not in body, path


def test_concurrent_clients(connect: t.Any, site: Path) -> None:
    expected = {
        "/static/style.css": CSS,
        "/static/plain.txt": b"plain text\n",
        "/static/big.bin": (site / "big.bin").read_bytes(),
    }

    def client(number: int) -> list[bool]:
        connection = connect()
        try:
            results = []
            for i in range(15):
                path = list(expected)[(number + i) % len(expected)]
                status, _, body = fetch(connection, path)
                results.append(status == 200 and body == expected[path])
            return results
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=6) as pool:
        outcomes = [ok for results in pool.map(client, range(6)) for ok in results]
    assert len(outcomes) == 90
    assert all(outcomes)


def test_early_disconnect_closes_the_file(connect: t.Any, site: Path) -> None:
    fd_dir = Path("/proc/self/fd")
    if not fd_dir.is_dir():
        pytest.skip("needs /proc/self/fd")
    # Sparse: large, so the server is still sending when the client leaves.
    huge = site / "huge.bin"
    with open(huge, "wb") as file:
        file.truncate(256 * 1024 * 1024)
    big = str(huge)

    def open_on_big() -> int:
        count = 0
        for entry in fd_dir.iterdir():
            try:
                count += os.readlink(entry) == big
            except OSError:
                pass
        return count

    connection = connect()
    with socket.socket() as client:
        # A small receive buffer, so the server cannot send it all at once.
        client.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        client.settimeout(10)
        client.connect((connection.host, connection.port))
        client.sendall(b"GET /static/huge.bin HTTP/1.1\r\nHost: x\r\n\r\n")
        assert client.recv(1024).startswith(b"HTTP/1.")
        deadline = time.monotonic() + 5
        while open_on_big() == 0 and time.monotonic() < deadline:
            time.sleep(0.01)
        assert open_on_big() == 1
        # Close with a reset, as a client that goes away does.
        client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    deadline = time.monotonic() + 10
    while open_on_big() and time.monotonic() < deadline:
        time.sleep(0.02)
    assert open_on_big() == 0
