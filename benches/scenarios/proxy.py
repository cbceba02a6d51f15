"""``middleware.http_proxy.ProxyMiddleware``: small GET requests relayed to
a local upstream server, one at a time and from 8 threads at once.

The upstream runs in a subprocess (``python -m benches.scenarios.proxy``),
so its work does not hold this process's GIL. It speaks HTTP/1.1 with
keep-alive and answers every request with a small body that repeats the
request line, so the check also compares the path and query that reached
it. Werkzeug's middleware opens a connection per request (and asks for it
to be closed); rostzeug's reuses kept-alive ones.
"""

from __future__ import annotations

import asyncio
import atexit
import concurrent.futures
import importlib
import subprocess
import sys
import typing as t
from pathlib import Path

from ..harness import Scenario
from ._data import QUERY_STRING
from ._data import REQUEST_HEADERS
from ._data import base_environ
from ._data import environ_copy
from ._data import wsgi_call

THREADS = 8
#: Requests per thread in one call of the threaded scenario.
REQUESTS_PER_THREAD = 16
#: The size of the upstream's answer: a small JSON or HTML fragment.
BODY_SIZE = 512

#: The upstream subprocess's URL and the thread pool, made on first use.
_shared: dict[str, t.Any] = {}


class _UpstreamProtocol(asyncio.Protocol):
    """Answers each request head with a fixed-size body that starts with
    the request line; closes when the client asks for it."""

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = t.cast(asyncio.Transport, transport)
        self.buffer = b""

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while True:
            end = self.buffer.find(b"\r\n\r\n")
            if end < 0:
                return
            head = self.buffer[:end]
            self.buffer = self.buffer[end + 4 :]
            request_line = head.split(b"\r\n", 1)[0]
            body = (request_line + b"\n").ljust(BODY_SIZE, b".")
            close = b"\r\nconnection: close" in head.lower()
            self.transport.write(
                b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n"
                b"Content-Length: %d\r\n%s\r\n%s"
                % (len(body), b"Connection: close\r\n" if close else b"", body)
            )
            if close:
                self.transport.close()
                return


async def _serve_upstream() -> None:
    loop = asyncio.get_running_loop()
    server = await loop.create_server(_UpstreamProtocol, "127.0.0.1", 0, backlog=1024)
    port = server.sockets[0].getsockname()[1]
    print(port, flush=True)
    # The parent closes stdin when it ends; so does the upstream then.
    await loop.run_in_executor(None, sys.stdin.read)
    server.close()


def upstream_url() -> str:
    """The base URL of the upstream subprocess, started on first use and
    stopped when this process exits."""
    if "url" not in _shared:
        process = subprocess.Popen(
            [sys.executable, "-m", "benches.scenarios.proxy"],
            cwd=Path(__file__).resolve().parents[2],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert process.stdout is not None
        port = process.stdout.readline().strip()
        if not port.isdigit():
            process.kill()
            raise RuntimeError("the upstream server for the proxy scenarios failed")
        atexit.register(_stop_upstream, process)
        _shared["url"] = f"http://127.0.0.1:{port}"
    return t.cast(str, _shared["url"])


def _stop_upstream(process: subprocess.Popen[str]) -> None:
    assert process.stdin is not None
    process.stdin.close()
    try:
        process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        process.kill()


def _executor() -> concurrent.futures.ThreadPoolExecutor:
    if "executor" not in _shared:
        _shared["executor"] = concurrent.futures.ThreadPoolExecutor(THREADS)
    return t.cast(concurrent.futures.ThreadPoolExecutor, _shared["executor"])


def _proxy_environ() -> dict[str, t.Any]:
    upstream_url()
    return base_environ(
        path="/api/products", query_string=QUERY_STRING, headers=REQUEST_HEADERS
    )


def _not_proxied(environ: t.Any, start_response: t.Any) -> list[bytes]:
    start_response("404 NOT FOUND", [("Content-Type", "text/plain")])
    return [b"not proxied"]


def _middleware(ns: t.Any) -> t.Any:
    module = importlib.import_module(f"{ns.middleware.__name__}.http_proxy")
    return module.ProxyMiddleware(_not_proxied, {"/api/": {"target": upstream_url()}})


def _status_and_body(result: tuple[str, t.Any, bytes]) -> tuple[str, bytes]:
    status, _headers, body = result
    return status, body


def _bind_sequential(ns: t.Any) -> t.Callable[[dict[str, t.Any]], t.Any]:
    app = _middleware(ns)

    def request(environ: dict[str, t.Any]) -> t.Any:
        return wsgi_call(app, environ)

    return request


def _bind_threaded(ns: t.Any) -> t.Callable[[dict[str, t.Any]], t.Any]:
    app = _middleware(ns)
    executor = _executor()

    def requests_of_one_thread(environ: dict[str, t.Any]) -> list[t.Any]:
        return [
            _status_and_body(wsgi_call(app, environ_copy(environ)))
            for _ in range(REQUESTS_PER_THREAD)
        ]

    def requests(environ: dict[str, t.Any]) -> list[t.Any]:
        futures = [
            executor.submit(requests_of_one_thread, environ) for _ in range(THREADS)
        ]
        return [future.result() for future in futures]

    return requests


SCENARIOS = [
    Scenario(
        name="proxy.get_sequential",
        description=(
            "ProxyMiddleware: one GET with 20 headers to a local keep-alive"
            f" upstream, {BODY_SIZE} B answer"
        ),
        bind=_bind_sequential,
        setup=_proxy_environ,
        fresh=environ_copy,
        normalise=_status_and_body,
    ),
    Scenario(
        name="proxy.get_8_threads",
        description=(
            f"ProxyMiddleware: {THREADS} threads x {REQUESTS_PER_THREAD} GETs"
            f" to a local keep-alive upstream, {BODY_SIZE} B answers"
        ),
        bind=_bind_threaded,
        setup=_proxy_environ,
    ),
]


if __name__ == "__main__":
    asyncio.run(_serve_upstream())
