"""Flask on rostzeug, switched on by ``ROSTZEUG_AS_WERKZEUG=1`` without
touching the application, under the servers users start it with: ``flask
run`` and gunicorn, each a real process serving on 127.0.0.1."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import textwrap
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from collections.abc import Iterator
from pathlib import Path

import pytest

BIN = Path(sys.executable).parent

APP = """\
import flask
import werkzeug

app = flask.Flask(__name__)


@app.route("/where/<int:number>")
def where(number):
    import rostzeug

    request = flask.request._get_current_object()
    return {
        "number": number,
        "werkzeug_is_rostzeug": werkzeug is rostzeug,
        "request_is_rostzeug": isinstance(request, rostzeug.wrappers.Request),
        "language": flask.request.accept_languages.best_match(["en", "de"]),
    }
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def app_dir(tmp_path: Path) -> Path:
    (tmp_path / "hello.py").write_text(APP)
    return tmp_path


def switched_env(app_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["ROSTZEUG_AS_WERKZEUG"] = "1"
    env["PYTHONPATH"] = str(app_dir)
    env.pop("FLASK_APP", None)
    env.pop("WERKZEUG_RUN_MAIN", None)
    return env


def get_json(
    url: str, server: subprocess.Popen[bytes], deadline: float
) -> dict[str, object]:
    """GET ``url`` until the server answers or ``deadline`` passes; fail at
    once, with what it printed, if the server exits."""
    while True:
        if server.poll() is not None:
            assert server.stderr is not None
            output = server.stderr.read().decode(errors="replace")
            pytest.fail(f"the server exited with {server.returncode}:\n{output}")
        try:
            request = urllib.request.Request(url, headers={"Accept-Language": "de"})
            with urllib.request.urlopen(request, timeout=5) as response:
                data: dict[str, object] = json.loads(response.read())
                return data
        except (urllib.error.URLError, ConnectionError):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


StartServer = Callable[[list[str], Path, dict[str, str]], "subprocess.Popen[bytes]"]


@pytest.fixture
def start_server() -> Iterator[StartServer]:
    """Starts server processes; each is stopped, with its children, when the
    test ends."""
    processes: list[subprocess.Popen[bytes]] = []

    def start(
        command: list[str], cwd: Path, env: dict[str, str]
    ) -> subprocess.Popen[bytes]:
        process = subprocess.Popen(
            command,
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
        processes.append(process)
        return process

    yield start
    for process in processes:
        # The whole group: flask run's reloader and gunicorn's workers too.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
        if process.stderr is not None:
            process.stderr.close()


EXPECTED = {
    "number": 7,
    "werkzeug_is_rostzeug": True,
    "request_is_rostzeug": True,
    "language": "de",
}


def test_flask_run_serves_on_rostzeug(app_dir: Path, start_server: StartServer) -> None:
    port = free_port()
    server = start_server(
        [str(BIN / "flask"), "--app", "hello", "run", "--port", str(port)],
        app_dir,
        switched_env(app_dir),
    )
    url = f"http://127.0.0.1:{port}/where/7"
    assert get_json(url, server, time.monotonic() + 30) == EXPECTED


def test_gunicorn_serves_flask_on_rostzeug(
    app_dir: Path, start_server: StartServer
) -> None:
    port = free_port()
    server = start_server(
        [
            str(BIN / "gunicorn"),
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "hello:app",
        ],
        app_dir,
        switched_env(app_dir),
    )
    url = f"http://127.0.0.1:{port}/where/7"
    assert get_json(url, server, time.monotonic() + 30) == EXPECTED


def test_without_the_variable_flask_keeps_werkzeug(app_dir: Path) -> None:
    env = switched_env(app_dir)
    del env["ROSTZEUG_AS_WERKZEUG"]
    code = textwrap.dedent(
        """
        import hello
        client = hello.app.test_client()
        print(client.get("/where/1").get_json()["werkzeug_is_rostzeug"])
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=app_dir,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"
