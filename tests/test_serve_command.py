"""``python -m rostzeug serve MODULE:APP`` as a user runs it."""

from __future__ import annotations

import os
import pathlib
import signal
import socket
import subprocess
import sys
import time
import urllib.request

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


def test_serves_an_app_and_stops_on_ctrl_c() -> None:
    port = free_port()
    process = subprocess.Popen(
        [
            *(sys.executable, "-m", "rostzeug", "serve", "examples.hello:application"),
            *("--host", "127.0.0.1", "--port", str(port)),
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
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
    assert '"GET /?name=Rust HTTP/1.1" 200 11' in output
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
