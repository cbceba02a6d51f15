"""``python -m rostzeug serve MODULE:APP`` as a user runs it."""

from __future__ import annotations

import json
import os
import pathlib
import re
import signal
import socket
import ssl
import subprocess
import sys
import textwrap
import time
import urllib.error
import urllib.request

import pytest

from rostzeug.serving import make_ssl_devcert

ROOT = pathlib.Path(__file__).parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until_serving(url: str, process: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        assert process.poll() is None, process.communicate()
        try:
            urllib.request.urlopen(url, timeout=1).close()
            return
        except OSError:
            time.sleep(0.05)
    raise AssertionError(f"server did not answer at {url}")


def start_serve(
    app: str, port: int, *options: str, **env: str
) -> subprocess.Popen[str]:
    """``python -m rostzeug serve APP`` on 127.0.0.1, its output in a pipe."""
    return subprocess.Popen(
        [
            *(sys.executable, "-m", "rostzeug", "serve", app),
            *("--host", "127.0.0.1", "--port", str(port), *options),
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1", **env},
    )


def test_serves_an_app_and_stops_on_ctrl_c() -> None:
    port = free_port()
    process = start_serve("examples.hello:application", port)
    try:
        base = f"http://127.0.0.1:{port}"
        wait_until_serving(base + "/ready", process)
        with urllib.request.urlopen(base + "/?name=Rust", timeout=10) as response:
            assert response.read() == b"Hello Rust!"
    finally:
        process.send_signal(signal.SIGINT)
        output, _ = process.communicate(timeout=10)
    assert process.returncode == 0
    assert f"on http://127.0.0.1:{port}" in output
    # One log line per request: the readiness probe and the greeting.
    assert '"GET /ready HTTP/1.1" 200' in output
    assert '"GET /?name=Rust HTTP/1.1" 200 -' in output
    assert "Traceback" not in output


def test_bad_app_spec_is_a_clear_error() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "rostzeug", "serve", "examples.hello"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 2
    assert "expected MODULE:APP" in result.stderr


def test_missing_attribute_is_a_clear_error() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "rostzeug", "serve", "examples.hello:nope"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 2
    assert "has no attribute 'nope'" in result.stderr


def run_command(
    *args: str, cwd: pathlib.Path = ROOT
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "rostzeug", "serve", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=30,
        env={**os.environ, "PYTHONPATH": os.fspath(ROOT)},
    )


def test_port_in_use_is_one_line() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_command(
            "examples.hello:application", "--host", "127.0.0.1", "--port", str(port)
        )
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        f"port {port} is in use on 127.0.0.1; stop the program using it or pass"
        " another --port"
    ]


@pytest.mark.parametrize("port", ["70000", "http", "-1"])
def test_bad_port_is_a_usage_error(port: str) -> None:
    result = run_command("examples.hello:application", "--port", port)
    assert result.returncode == 2
    assert "is not a port; pass a number from 0 to 65535" in result.stderr
    assert "Traceback" not in result.stderr


def test_unknown_host_is_one_line() -> None:
    result = run_command("examples.hello:application", "--host", "no-such-host.invalid")
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "cannot find the host 'no-such-host.invalid'; pass --host with a name or"
        " address of this machine, such as 127.0.0.1"
    ]


def test_failing_import_says_where(tmp_path: pathlib.Path) -> None:
    (tmp_path / "broken.py").write_text("import os\nraise RuntimeError('no config')\n")
    result = run_command("broken:app", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "cannot import the application 'broken:app': RuntimeError: no config"
        f" ({tmp_path / 'broken.py'}, line 2)"
    ]


def start(args: list[str], cwd: pathlib.Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "rostzeug", "serve", *args],
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1", "PYTHONPATH": os.fspath(ROOT)},
    )


def stop(process: subprocess.Popen[str]) -> str:
    process.send_signal(signal.SIGINT)
    try:
        output, _ = process.communicate(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        output, _ = process.communicate()
    return output


def test_threaded_https(tmp_path: pathlib.Path) -> None:
    cert, key = make_ssl_devcert(os.fspath(tmp_path / "dev"), host="localhost")
    port = free_port()
    process = start(
        [
            "examples.hello:application",
            *("--port", str(port), "--threaded", "--cert", cert, "--key", key),
        ],
        ROOT,
    )
    try:
        context = ssl.create_default_context(cafile=cert)
        context.check_hostname = False
        deadline = time.monotonic() + 20
        while True:
            assert process.poll() is None, process.communicate()
            try:
                url = f"https://127.0.0.1:{port}/?name=TLS"
                with urllib.request.urlopen(url, context=context, timeout=2) as r:
                    assert r.read() == b"Hello TLS!"
                break
            except OSError:
                assert time.monotonic() < deadline
                time.sleep(0.05)
    finally:
        output = stop(process)
    assert f"Running on https://127.0.0.1:{port}" in output


def test_reload(tmp_path: pathlib.Path) -> None:
    app = tmp_path / "live.py"
    source = textwrap.dedent(
        """\
        def app(environ, start_response):
            start_response("200 OK", [("Content-Type", "text/plain")])
            return [b"VERSION"]
        """
    )
    app.write_text(source.replace("VERSION", "one"))
    port = free_port()
    process = start(["live:app", "--port", str(port), "--reload"], tmp_path)
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_until_serving(url, process)
        time.sleep(0.5)
        app.write_text(source.replace("VERSION", "two"))
        deadline = time.monotonic() + 20
        while True:
            try:
                with urllib.request.urlopen(url, timeout=2) as response:
                    if response.read() == b"two":
                        break
            except OSError:
                pass
            assert time.monotonic() < deadline, "the server did not reload"
            time.sleep(0.05)
    finally:
        output = stop(process)
    assert "Restarting with native" in output
    assert f"Detected change in {str(app)!r}" in output


def test_debug_shows_the_debugger_and_logs_its_pin() -> None:
    port = free_port()
    process = start_serve(
        "showcase:application", port, "--debug", WERKZEUG_DEBUG_PIN="123456"
    )
    try:
        base = f"http://127.0.0.1:{port}"
        wait_until_serving(base + "/hello", process)
        with pytest.raises(urllib.error.HTTPError) as info:
            urllib.request.urlopen(base + "/fail", timeout=10)
        page = info.value.read().decode()
        assert info.value.code == 500
        assert "RuntimeError" in page and "no price for an item of" in page
        assert "basket_total" in page  # the frames of the traceback
        assert 'id="debugger-config"' in page
        # The PIN is logged when the page asks the server for it.
        with urllib.request.urlopen(
            base + "/fail?__debugger__=yes&cmd=printpin&s=" + _secret(page),
            timeout=10,
        ):
            pass
    finally:
        process.send_signal(signal.SIGINT)
        output, _ = process.communicate(timeout=10)
    assert "123-456" in output or "123456" in output, output
    # Served on 127.0.0.1: no warning about other machines reaching it.
    assert "other machines may reach" not in output


def _secret(page: str) -> str:
    match = re.search(r'id="debugger-config">(.*?)</script>', page, re.S)
    assert match is not None
    secret: str = json.loads(match.group(1))["secret"]
    return secret


def test_debug_on_a_reachable_address_warns(caplog: pytest.LogCaptureFixture) -> None:
    from rostzeug.serving import is_loopback_host
    from rostzeug.serving import warn_if_debugger_is_exposed

    for host in ("127.0.0.1", "localhost", "::1", "[::1]", "app.localhost"):
        assert is_loopback_host(host), host
    for host in ("0.0.0.0", "::", "192.0.2.7", "example.com"):
        assert not is_loopback_host(host), host
    with caplog.at_level("WARNING", logger="werkzeug"):
        warn_if_debugger_is_exposed("0.0.0.0")
        warn_if_debugger_is_exposed("127.0.0.1")
    warnings = [r.getMessage() for r in caplog.records]
    assert len(warnings) == 1
    assert "listens on 0.0.0.0" in warnings[0]
    assert "Never use the debugger in production" in warnings[0]
