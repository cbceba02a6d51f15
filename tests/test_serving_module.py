"""rostzeug.serving's servers over real sockets on 127.0.0.1, and its helpers."""

from __future__ import annotations

import contextlib
import http.client
import io
import json
import logging
import os
import socket
import ssl
import sys
import threading
import time
import typing as t
from collections.abc import Callable
from collections.abc import Iterator
from pathlib import Path

import pytest

import rostzeug
from rostzeug import serving
from rostzeug.exceptions import ClientDisconnected
from rostzeug.serving import BaseWSGIServer
from rostzeug.serving import DechunkedInput
from rostzeug.serving import ForkingWSGIServer
from rostzeug.serving import ThreadedWSGIServer
from rostzeug.serving import WSGIRequestHandler
from rostzeug.serving import make_server
from rostzeug.wsgi import get_input_stream

if t.TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse
    from _typeshed.wsgi import WSGIEnvironment

SERVER_KINDS = {
    "base": {},
    "threaded": {"threaded": True},
    "forking": {"processes": 2},
}


def echo_app(environ: WSGIEnvironment, start_response: StartResponse) -> list[bytes]:
    """Answers JSON describing the request, with its body."""
    body = get_input_stream(environ).read()
    data = {
        "method": environ["REQUEST_METHOD"],
        "path": environ["PATH_INFO"],
        "query": environ["QUERY_STRING"],
        "body": body.decode("latin-1"),
        "terminated": environ.get("wsgi.input_terminated", False),
        "scheme": environ["wsgi.url_scheme"],
        "multithread": environ["wsgi.multithread"],
        "multiprocess": environ["wsgi.multiprocess"],
        "content_length": environ.get("CONTENT_LENGTH"),
        "custom": environ.get("test.custom"),
    }
    out = json.dumps(data).encode()
    start_response(
        "200 OK",
        [("Content-Type", "application/json"), ("Content-Length", str(len(out)))],
    )
    return [out]


def streaming_app(
    environ: WSGIEnvironment, start_response: StartResponse
) -> Iterator[bytes]:
    start_response("200 OK", [("Content-Type", "text/plain")])
    yield b"one,"
    yield b"two"


def failing_app(environ: WSGIEnvironment, start_response: StartResponse) -> list[bytes]:
    raise RuntimeError("the application broke")


Serve = Callable[..., BaseWSGIServer]


@pytest.fixture
def serve() -> Iterator[Serve]:
    """Starts servers from make_server() in threads; stops them afterwards."""
    started: list[tuple[BaseWSGIServer, threading.Thread]] = []

    def start(app: t.Any = echo_app, **kwargs: t.Any) -> BaseWSGIServer:
        server = make_server("127.0.0.1", 0, app, **kwargs)
        thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        thread.start()
        started.append((server, thread))
        return server

    yield start
    for server, thread in started:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()


def wait_for_record(caplog: pytest.LogCaptureFixture, text: str) -> None:
    deadline = time.monotonic() + 10
    while not any(text in r.getMessage() for r in caplog.records):
        assert time.monotonic() < deadline, f"nothing logged {text!r}"
        time.sleep(0.01)


def connect(server: BaseWSGIServer) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", server.port), timeout=10)
    return sock


def read_all(sock: socket.socket) -> bytes:
    chunks = []
    while True:
        data = sock.recv(65536)
        if not data:
            return b"".join(chunks)
        chunks.append(data)


def split_response(raw: bytes) -> tuple[str, dict[str, str], bytes]:
    head, _, body = raw.partition(b"\r\n\r\n")
    status, *lines = head.decode("latin-1").split("\r\n")
    headers = {}
    for line in lines:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return status, headers, body


@pytest.fixture(params=sorted(SERVER_KINDS))
def kind(request: pytest.FixtureRequest) -> str:
    if request.param == "forking" and not serving.can_fork:
        pytest.skip("this platform cannot fork")
    return t.cast(str, request.param)


def test_server_classes(serve: Serve) -> None:
    assert type(serve()) is BaseWSGIServer
    assert type(serve(threaded=True)) is ThreadedWSGIServer
    assert type(serve(processes=2)) is ForkingWSGIServer
    with pytest.raises(ValueError, match="multi-thread and multi-process"):
        make_server("127.0.0.1", 0, echo_app, threaded=True, processes=2)


def test_get(serve: Serve, kind: str) -> None:
    server = serve(**SERVER_KINDS[kind])
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    conn.request("GET", "/a%20b?x=1")
    response = conn.getresponse()
    data = json.loads(response.read())
    assert response.status == 200
    assert response.getheader("Server", "").startswith(
        f"rostzeug/{rostzeug.__version__}"
    )
    assert data["path"] == "/a b"
    assert data["query"] == "x=1"
    assert data["multithread"] is (kind == "threaded")
    assert data["multiprocess"] is (kind == "forking")
    conn.close()


def test_keep_alive_request_gets_one_response_and_close(
    serve: Serve, kind: str
) -> None:
    # Werkzeug's server ends every connection after one response, since
    # http.server cannot skip an unread body before the next request line.
    server = serve(**SERVER_KINDS[kind])
    with connect(server) as sock:
        request = b"GET /first HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\n\r\n"
        sock.sendall(request + request.replace(b"first", b"second"))
        raw = read_all(sock)
    status, headers, body = split_response(raw)
    assert status.endswith("200 OK")
    assert headers["connection"] == "close"
    assert json.loads(body)["path"] == "/first"
    assert b"/second" not in raw


def test_chunked_request_body(serve: Serve, kind: str) -> None:
    server = serve(**SERVER_KINDS[kind])
    with connect(server) as sock:
        sock.sendall(
            b"POST /upload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
            b"5\r\nhello\r\n7;ext=1\r\n, world\r\n0\r\n\r\n"
        )
        status, _, body = split_response(read_all(sock))
    data = json.loads(body)
    assert status.endswith("200 OK")
    assert data["body"] == "hello, world"
    assert data["terminated"] is True
    assert data["content_length"] is None


def test_expect_100_continue(serve: Serve, kind: str) -> None:
    server = serve(**SERVER_KINDS[kind])
    with connect(server) as sock:
        sock.sendall(
            b"POST /form HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n"
            b"Expect: 100-continue\r\n\r\n"
        )
        interim = b""
        while not interim.endswith(b"\r\n\r\n"):
            interim += sock.recv(1)
        assert interim == b"HTTP/1.1 100 Continue\r\n\r\n"
        sock.sendall(b"data")
        status, _, body = split_response(read_all(sock))
    assert status.endswith("200 OK")
    assert json.loads(body)["body"] == "data"


def test_head_has_no_body(serve: Serve, kind: str) -> None:
    server = serve(streaming_app, **SERVER_KINDS[kind])
    with connect(server) as sock:
        sock.sendall(b"HEAD / HTTP/1.1\r\nHost: x\r\n\r\n")
        status, headers, body = split_response(read_all(sock))
    assert status.endswith("200 OK")
    assert body == b""
    assert "transfer-encoding" not in headers


def test_streaming_response_framing(serve: Serve, kind: str) -> None:
    server = serve(streaming_app, **SERVER_KINDS[kind])
    with connect(server) as sock:
        sock.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        status, headers, body = split_response(read_all(sock))
    if kind == "base":
        # HTTP/1.0: no chunked encoding; the end of the body is the close.
        assert status.startswith("HTTP/1.0 200")
        assert body == b"one,two"
    else:
        assert status.startswith("HTTP/1.1 200")
        assert headers["transfer-encoding"] == "chunked"
        assert body == b"4\r\none,\r\n3\r\ntwo\r\n0\r\n\r\n"


def test_client_disconnecting_mid_body(serve: Serve, kind: str) -> None:
    dropped = threading.Event()
    bodies: list[bytes] = []

    def app(environ: WSGIEnvironment, start_response: StartResponse) -> list[bytes]:
        try:
            bodies.append(get_input_stream(environ).read())
        except ClientDisconnected as error:
            return error(environ, start_response)  # type: ignore[no-any-return]
        start_response("200 OK", [("Content-Length", "2")])
        return [b"ok"]

    class Handler(WSGIRequestHandler):
        def connection_dropped(
            self, error: BaseException, environ: WSGIEnvironment | None = None
        ) -> None:
            dropped.set()

    server = serve(app, request_handler=Handler, **SERVER_KINDS[kind])
    with connect(server) as sock:
        sock.sendall(
            b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\npartial"
        )
        sock.shutdown(socket.SHUT_WR)
        # Whatever the server answers to a cut-short body, it must go on.
        read_all(sock)
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    conn.request("GET", "/after")
    assert conn.getresponse().read() == b"ok"
    conn.close()
    if kind != "forking":  # the forked child's list is its own
        # The short body was an error for the first request, not a body.
        assert bodies == [b""]


def test_client_gone_before_the_response(serve: Serve) -> None:
    dropped = threading.Event()
    release = threading.Event()

    def app(environ: WSGIEnvironment, start_response: StartResponse) -> list[bytes]:
        release.wait(10)
        start_response("200 OK", [])
        return [b"x" * 1_000_000]

    class Handler(WSGIRequestHandler):
        def connection_dropped(
            self, error: BaseException, environ: WSGIEnvironment | None = None
        ) -> None:
            dropped.set()

    server = serve(app, request_handler=Handler, threaded=True)
    sock = connect(server)
    sock.setsockopt(
        socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00"
    )
    sock.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
    sock.close()  # a reset, thanks to the zero linger time
    release.set()
    assert dropped.wait(10)


def test_ssl_adhoc(serve: Serve, kind: str) -> None:
    server = serve(ssl_context="adhoc", **SERVER_KINDS[kind])
    assert isinstance(server.ssl_context, ssl.SSLContext)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    conn = http.client.HTTPSConnection(
        "127.0.0.1", server.port, timeout=10, context=context
    )
    conn.request("POST", "/secure", body=b"secret")
    data = json.loads(conn.getresponse().read())
    conn.close()
    assert data["scheme"] == "https"
    assert data["body"] == "secret"


def test_plain_http_to_https_server_is_logged_not_raised(
    serve: Serve, caplog: pytest.LogCaptureFixture
) -> None:
    server = serve(ssl_context="adhoc", threaded=True)
    with caplog.at_level(logging.INFO, logger="werkzeug"), connect(server) as sock:
        sock.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        with contextlib.suppress(ConnectionResetError):
            assert read_all(sock)[:5] != b"HTTP/"
    # The handshake fails in the handler thread; the server goes on.
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    conn = http.client.HTTPSConnection(
        "127.0.0.1", server.port, timeout=10, context=context
    )
    conn.request("GET", "/")
    assert conn.getresponse().status == 200
    conn.close()


def test_application_error_is_500_and_logged(
    serve: Serve, caplog: pytest.LogCaptureFixture
) -> None:
    server = serve(failing_app)
    with caplog.at_level(logging.INFO, logger="werkzeug"):
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
        conn.request("GET", "/boom")
        response = conn.getresponse()
        body = response.read()
        conn.close()
        assert response.status == 500
        assert b"Internal Server Error" in body
        # The error is logged after the 500 response went out.
        wait_for_record(caplog, "Error on request")
    errors = [r.getMessage() for r in caplog.records if r.levelname == "ERROR"]
    assert any("RuntimeError: the application broke" in m for m in errors)


def test_passthrough_errors_reach_the_server() -> None:
    server = make_server("127.0.0.1", 0, failing_app, passthrough_errors=True)
    try:
        errors: list[BaseException] = []

        def run() -> None:
            try:
                server.handle_request()
            except BaseException as error:
                errors.append(error)

        thread = threading.Thread(target=run, daemon=True)
        thread.start()
        with connect(server) as sock:
            sock.sendall(b"GET / HTTP/1.0\r\n\r\n")
            thread.join(10)
        assert len(errors) == 1
        assert isinstance(errors[0], RuntimeError)
    finally:
        server.server_close()


def test_request_log_line(serve: Serve, caplog: pytest.LogCaptureFixture) -> None:
    def app(environ: WSGIEnvironment, start_response: StartResponse) -> list[bytes]:
        status = "404 NOT FOUND" if environ["PATH_INFO"] == "/missing" else "200 OK"
        start_response(status, [("Content-Length", "0")])
        return []

    server = serve(app)
    with caplog.at_level(logging.INFO, logger="werkzeug"):
        for path in ("/ok", "/missing", "/a%0Ab", "/%C2%85"):
            conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
            conn.request("GET", path)
            conn.getresponse().read()
            conn.close()
    lines = [r.getMessage() for r in caplog.records if r.name == "werkzeug"]
    assert any(line.startswith("127.0.0.1 - - [") for line in lines)
    assert any(line.endswith('"GET /ok HTTP/1.1" 200 -') for line in lines)
    # 404 in yellow; a decoded newline is escaped, never a new log line.
    assert any('"\x1b[33mGET /missing HTTP/1.1\x1b[0m" 404 -' in line for line in lines)
    # Percent-encoded control characters stay encoded in the logged path.
    assert any('"GET /a%0Ab HTTP/1.1" 200 -' in line for line in lines)
    # A decoded C1 control character is escaped, never written to a terminal.
    assert any('"GET /\\x85 HTTP/1.1" 200 -' in line for line in lines)


def test_handler_subclass(serve: Serve) -> None:
    class Handler(WSGIRequestHandler):
        def make_environ(self) -> WSGIEnvironment:
            environ = super().make_environ()
            environ["test.custom"] = "added"
            return environ

        @property
        def server_version(self) -> str:  # type: ignore[override]
            return "Custom/1.0"

    server = serve(request_handler=Handler)
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    conn.request("GET", "/")
    response = conn.getresponse()
    assert json.loads(response.read())["custom"] == "added"
    assert response.getheader("Server", "").startswith("Custom/1.0")
    conn.close()


@pytest.mark.skipif(not hasattr(socket, "AF_UNIX"), reason="needs Unix sockets")
def test_unix_socket(tmp_path: Path) -> None:
    path = tmp_path / "app.sock"
    path.write_text("a leftover file from an earlier run")
    server = make_server(f"unix://{path}", 0, echo_app)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with socket.socket(socket.AF_UNIX) as sock:
            sock.settimeout(10)
            sock.connect(os.fspath(path))
            sock.sendall(b"GET /unix HTTP/1.0\r\n\r\n")
            status, _, body = split_response(read_all(sock))
        assert status.endswith("200 OK")
        assert json.loads(body)["path"] == "/unix"
    finally:
        server.shutdown()
        thread.join(10)
        server.server_close()


def test_port_in_use_exits_with_a_message(
    serve: Serve, capsys: pytest.CaptureFixture[str]
) -> None:
    taken = serve()
    with pytest.raises(SystemExit) as exit_info:
        BaseWSGIServer("127.0.0.1", taken.port, echo_app)
    assert exit_info.value.code == 1
    err = capsys.readouterr().err
    assert f"Port {taken.port} is in use by another program" in err


def test_server_from_an_inherited_socket(serve: Serve) -> None:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        server = make_server("127.0.0.1", 0, echo_app, fd=listener.fileno())
        try:
            assert server.port == listener.getsockname()[1]
            thread = threading.Thread(target=server.handle_request, daemon=True)
            thread.start()
            conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
            conn.request("GET", "/fd")
            assert json.loads(conn.getresponse().read())["path"] == "/fd"
            conn.close()
            thread.join(10)
        finally:
            server.socket.close()


def test_dechunked_input_rejects_bad_framing() -> None:
    assert DechunkedInput(io.BytesIO(b"3\r\nabc\r\n0\r\n\r\n")).read() == b"abc"
    with pytest.raises(OSError, match="Invalid chunk header"):
        DechunkedInput(io.BytesIO(b"zz\r\nabc\r\n0\r\n\r\n")).read()
    with pytest.raises(OSError, match="Invalid chunk header"):
        DechunkedInput(io.BytesIO(b"1" * 40 + b"\r\n")).read()
    with pytest.raises(OSError, match="terminating newline"):
        DechunkedInput(io.BytesIO(b"3\r\nabcX\r\n0\r\n\r\n")).read()
    with pytest.raises(OSError, match="ended before its last chunk"):
        DechunkedInput(io.BytesIO(b"10\r\nabc")).read()


def test_address_helpers() -> None:
    assert serving.select_address_family("127.0.0.1", 0) == socket.AF_INET
    assert serving.select_address_family("::1", 0) == socket.AF_INET6
    assert serving.select_address_family("unix:///tmp/s", 0) == socket.AF_UNIX
    assert serving.get_sockaddr("127.0.0.1", 80, socket.AF_INET) == ("127.0.0.1", 80)
    assert serving.get_sockaddr(
        "unix://rel.sock", 0, socket.AF_UNIX
    ) == os.path.abspath("rel.sock")
    # A name that does not resolve is passed on for bind() to report.
    assert serving.get_sockaddr("no-such-host.invalid", 80, socket.AF_INET) == (
        "no-such-host.invalid",
        80,
    )
    assert serving.get_interface_ip(socket.AF_INET).count(".") == 3


def test_ssl_helpers(tmp_path: Path) -> None:
    cert, key = serving.make_ssl_devcert(
        os.fspath(tmp_path / "dev"), host="example.test"
    )
    assert cert.endswith("dev.crt") and key.endswith("dev.key")
    assert b"BEGIN CERTIFICATE" in Path(cert).read_bytes()
    context = serving.load_ssl_context(cert, key)
    assert isinstance(context, ssl.SSLContext)
    assert serving.is_ssl_error(ssl.SSLError()) is True
    assert serving.is_ssl_error(OSError()) is False


def test_run_simple_checks_the_port_type() -> None:
    with pytest.raises(TypeError, match="port must be an integer"):
        serving.run_simple("127.0.0.1", "8000", echo_app)  # type: ignore[arg-type]


def test_run_simple_is_exported_and_knows_the_reloader(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert rostzeug.run_simple is serving.run_simple
    monkeypatch.delenv("WERKZEUG_RUN_MAIN", raising=False)
    assert serving.is_running_from_reloader() is False
    monkeypatch.setenv("WERKZEUG_RUN_MAIN", "true")
    assert serving.is_running_from_reloader() is True


def test_banner(caplog: pytest.LogCaptureFixture) -> None:
    server = make_server("0.0.0.0", 0, echo_app)
    try:
        with caplog.at_level(logging.INFO, logger="werkzeug"):
            server.log_startup()
    finally:
        server.server_close()
    text = caplog.records[-1].getMessage()
    assert "WARNING: This is a development server." in text
    assert " * Running on all addresses (0.0.0.0)" in text
    assert f" * Running on http://127.0.0.1:{server.port}" in text


def test_run_simple_serves_until_interrupted(tmp_path: Path) -> None:
    script = tmp_path / "serve.py"
    script.write_text(
        "import sys\n"
        "from rostzeug import run_simple\n"
        "def app(environ, start_response):\n"
        "    start_response('200 OK', [('Content-Length', '5')])\n"
        "    return [b'hello']\n"
        "run_simple('127.0.0.1', int(sys.argv[1]), app, threaded=True)\n"
    )
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    import subprocess
    import time

    process = subprocess.Popen(
        [sys.executable, os.fspath(script), str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                conn.request("GET", "/")
                assert conn.getresponse().read() == b"hello"
                conn.close()
                break
            except ConnectionRefusedError:
                assert time.monotonic() < deadline, "the server did not start"
                time.sleep(0.05)
    finally:
        process.send_signal(2)  # SIGINT, as Ctrl-C
        output, _ = process.communicate(timeout=10)
    assert process.returncode == 0
    assert f"Running on http://127.0.0.1:{port}" in output
    assert "Press CTRL+C to quit" in output
    assert "Traceback" not in output
