"""rostzeug._reloader: each reloader restarting a real server process on a
file change, exclude_patterns, and the native watcher on its own."""

from __future__ import annotations

import http.client
import logging
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from collections.abc import Iterator
from pathlib import Path

import pytest

from rostzeug import _reloader
from rostzeug._native import FileWatcher

RELOADER_TYPES = ["stat", "watchdog", "native"]

SERVE = """\
import sys
from rostzeug import run_simple
import app_module

def app(environ, start_response):
    try:
        value = app_module.VALUE
    except Exception as error:
        value = type(error).__name__
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [str(value).encode()]

run_simple(
    "127.0.0.1", int(sys.argv[1]), app, use_reloader=True,
    reloader_type=sys.argv[2], reloader_interval=0.1,
    exclude_patterns=[sys.argv[3]] if len(sys.argv) > 3 else None,
)
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Served:
    """A run_simple process with the reloader, and its output."""

    def __init__(self, directory: Path, port: int, log: Path) -> None:
        self.directory = directory
        self.port = port
        self.log = log

    def get(self) -> str | None:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
            conn.request("GET", "/")
            body = conn.getresponse().read().decode()
            conn.close()
            return body
        except OSError:
            return None

    def wait_for(self, value: str, timeout: float = 20) -> None:
        deadline = time.monotonic() + timeout
        while self.get() != value:
            assert time.monotonic() < deadline, (
                f"the server never answered {value!r}; its log:\n{self.output()}"
            )
            time.sleep(0.05)

    def output(self) -> str:
        return self.log.read_text(errors="replace")


StartServer = Callable[..., Served]


@pytest.fixture
def start_server(tmp_path: Path) -> Iterator[StartServer]:
    processes: list[subprocess.Popen[bytes]] = []

    def start(reloader_type: str, *extra: str) -> Served:
        (tmp_path / "serve.py").write_text(SERVE)
        (tmp_path / "app_module.py").write_text("VALUE = 1\n")
        (tmp_path / "other.py").write_text("")
        port = free_port()
        log = tmp_path / "log.txt"
        with open(log, "wb") as output:
            process = subprocess.Popen(
                [sys.executable, "serve.py", str(port), reloader_type, *extra],
                cwd=tmp_path,
                stdout=output,
                stderr=subprocess.STDOUT,
                env={**os.environ, "PYTHONUNBUFFERED": "1"},
            )
        processes.append(process)
        served = Served(tmp_path, port, log)
        served.wait_for("1")
        return served

    yield start
    for process in processes:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def save(path: Path, text: str) -> None:
    """Writes a file so that its modification time surely changes."""
    before = path.stat().st_mtime if path.exists() else 0
    path.write_text(text)
    if path.stat().st_mtime <= before:  # a coarse clock
        os.utime(path, (before + 1, before + 1))


@pytest.mark.parametrize("reloader_type", RELOADER_TYPES)
def test_restarts_on_a_change(start_server: StartServer, reloader_type: str) -> None:
    served = start_server(reloader_type)
    time.sleep(0.5)  # the first scan or the watches are in place
    module = served.directory / "app_module.py"
    save(module, "VALUE = 2\n")
    served.wait_for("2")
    output = served.output()
    assert f"Detected change in {str(module)!r}, reloading" in output
    assert output.count(" * Restarting with ") == 2
    assert f" * Restarting with {reloader_type}" in output
    assert "Traceback" not in output


# The stat reloader takes a file it has not seen before as its first look,
# not as a change, as Werkzeug's does.
@pytest.mark.parametrize("reloader_type", ["watchdog", "native"])
def test_restarts_when_a_missing_module_appears(
    start_server: StartServer, reloader_type: str
) -> None:
    served = start_server(reloader_type)
    time.sleep(0.5)
    save(
        served.directory / "app_module.py",
        "def __getattr__(name):\n    import helper\n    return helper.X\n",
    )
    served.wait_for("ModuleNotFoundError")
    time.sleep(0.5)
    save(served.directory / "helper.py", "X = 3\n")
    served.wait_for("3")


@pytest.mark.parametrize("reloader_type", RELOADER_TYPES)
def test_exclude_patterns(start_server: StartServer, reloader_type: str) -> None:
    served = start_server(reloader_type, "*/app_module.py")
    time.sleep(0.5)
    save(served.directory / "app_module.py", "VALUE = 2\n")
    time.sleep(1.5)
    assert "Detected change" not in served.output()
    assert served.get() == "1"
    # Another file under the watched directory still counts.
    save(served.directory / "other.py", "")
    served.wait_for("2")


@pytest.mark.parametrize(
    "find", [_reloader._find_stat_paths, _reloader._find_watchdog_paths]
)
def test_find_paths_exclude(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    find: Callable[[set[str], set[str]], set[str]],
) -> None:
    (tmp_path / "keep").mkdir()
    (tmp_path / "keep" / "a.py").write_text("")
    (tmp_path / "drop").mkdir()
    (tmp_path / "drop" / "b.py").write_text("")
    monkeypatch.setattr(sys, "path", [str(tmp_path / "keep"), str(tmp_path / "drop")])
    found = set(find(set(), set()))
    assert any(p.startswith(str(tmp_path / "drop")) for p in found)
    found = set(find(set(), {f"{tmp_path / 'drop'}*"}))
    assert not any(p.startswith(str(tmp_path / "drop")) for p in found)
    assert any(p.startswith(str(tmp_path / "keep")) for p in found)


def test_native_paths_follow_the_stat_reloader(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = tmp_path / "project"
    (project / "pkg").mkdir(parents=True)
    extra = tmp_path / "settings.cfg"
    extra.write_text("")
    monkeypatch.setattr(sys, "path", [str(project), str(project / "pkg"), sys.prefix])
    trees, singles = _reloader._find_native_paths({str(extra)}, set())
    # Nested entries become one tree; the environment's prefix is no tree,
    # only the directories of modules imported from it are watched.
    assert trees == {str(project)}
    assert str(tmp_path) in singles
    assert sys.prefix not in trees
    trees, _ = _reloader._find_native_paths(set(), {f"{project}*"})
    assert trees == set()


def test_common_roots() -> None:
    roots = _reloader._find_common_roots(["/a/b", "/a", "/a/c/d", "/b/c", "/bc", ""])
    assert set(roots) == {"/a", "/b/c", "/bc"}


@pytest.fixture
def watcher() -> FileWatcher:
    return FileWatcher(
        ["*.py"], ["*/__pycache__/*", "*/skipped.py"], [], ["__pycache__"]
    )


def next_change(watcher: FileWatcher, timeout: float = 5) -> str | None:
    return watcher.wait(timeout)


def drain(watcher: FileWatcher) -> None:
    """Consumes the further events of one change (created, written, closed)."""
    while watcher.wait(0.2) is not None:
        pass


def test_native_watcher_filters(tmp_path: Path, watcher: FileWatcher) -> None:
    watcher.watch(str(tmp_path))
    (tmp_path / "notes.txt").write_text("x")
    (tmp_path / "skipped.py").write_text("x")
    (tmp_path / "__pycache__").mkdir()
    (tmp_path / "__pycache__" / "m.cpython-311.pyc").write_text("x")
    assert watcher.wait(0.3) is None
    (tmp_path / "m.py").write_text("x")
    assert next_change(watcher) == str(tmp_path / "m.py")


def test_native_watcher_editor_rename(tmp_path: Path, watcher: FileWatcher) -> None:
    module = tmp_path / "m.py"
    module.write_text("VALUE = 1\n")
    watcher.watch(str(tmp_path))
    # Editors save to a temporary file and rename it over the original.
    temporary = tmp_path / ".m.py.swp"
    temporary.write_text("VALUE = 2\n")
    os.replace(temporary, module)
    assert next_change(watcher) == str(module)


def test_native_watcher_deleted_directory(tmp_path: Path, watcher: FileWatcher) -> None:
    package = tmp_path / "pkg"
    (package / "sub").mkdir(parents=True)
    (package / "sub" / "m.py").write_text("x")
    other = tmp_path / "other"
    other.mkdir()
    watcher.watch(str(package))
    watcher.watch(str(other))
    assert str(package / "sub") in watcher.watched()
    shutil.rmtree(package)
    # Deleting the module is a change.
    assert next_change(watcher) == str(package / "sub" / "m.py")
    drain(watcher)
    # The watcher goes on for the rest, and forgets the deleted tree quietly.
    (other / "n.py").write_text("x")
    assert next_change(watcher) == str(other / "n.py")
    watcher.unwatch(str(package))
    assert watcher.watched() == [str(other)]


def test_native_watcher_new_directory(tmp_path: Path, watcher: FileWatcher) -> None:
    watcher.watch(str(tmp_path))
    # A package moved in with its files is a change at once.
    staging = tmp_path.parent / f"{tmp_path.name}-staging"
    staging.mkdir()
    (staging / "new.py").write_text("x")
    try:
        os.rename(staging, tmp_path / "moved")
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    assert next_change(watcher) == str(tmp_path / "moved" / "new.py")
    drain(watcher)
    # A new directory is watched: a file written in it later is reported.
    (tmp_path / "later").mkdir()
    assert watcher.wait(0.3) is None
    (tmp_path / "later" / "m.py").write_text("x")
    assert next_change(watcher) == str(tmp_path / "later" / "m.py")


def test_native_watcher_skips_prefixes_and_names(tmp_path: Path) -> None:
    (tmp_path / "venv" / "lib").mkdir(parents=True)
    (tmp_path / ".git").mkdir()
    (tmp_path / "src").mkdir()
    watcher = FileWatcher(["*.py"], [], [str(tmp_path / "venv")], [".git"])
    watcher.watch(str(tmp_path))
    assert sorted(watcher.watched()) == [str(tmp_path), str(tmp_path / "src")]
    (tmp_path / "venv" / "lib" / "m.py").write_text("x")
    assert watcher.wait(0.3) is None


def test_native_watcher_errors(tmp_path: Path, watcher: FileWatcher) -> None:
    with pytest.raises(OSError, match="cannot watch"):
        watcher.watch(str(tmp_path / "missing"))
    with pytest.raises(ValueError, match="timeout"):
        watcher.wait(-1)
    started = time.monotonic()
    assert watcher.wait(0.1) is None
    assert time.monotonic() - started < 2


def test_auto_is_native() -> None:
    assert _reloader.reloader_loops["auto"] is _reloader.NativeReloaderLoop
    loop = _reloader.NativeReloaderLoop()
    assert loop.name.startswith("native (")


def test_unknown_reloader_type() -> None:
    with pytest.raises(ValueError, match="unknown reloader_type 'nope'"):
        _reloader.run_with_reloader(lambda: None, reloader_type="nope")


def test_auto_falls_back_to_stat(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    class Unavailable(_reloader.NativeReloaderLoop):
        def __init__(self, *args: object, **kwargs: object) -> None:
            raise OSError("cannot start watching files for changes: no instances")

    used: list[type[_reloader.ReloaderLoop]] = []

    def run_once(self: _reloader.ReloaderLoop) -> None:
        used.append(type(self))
        raise KeyboardInterrupt  # run_with_reloader's way out

    monkeypatch.setitem(_reloader.reloader_loops, "auto", Unavailable)
    monkeypatch.setattr(_reloader.StatReloaderLoop, "run", run_once)
    monkeypatch.setenv("WERKZEUG_RUN_MAIN", "true")
    previous = signal.getsignal(signal.SIGTERM)
    try:
        with caplog.at_level(logging.INFO, logger="werkzeug"):
            _reloader.run_with_reloader(lambda: None, reloader_type="auto")
        assert used == [_reloader.StatReloaderLoop]
        assert "no instances; using the stat reloader instead" in caplog.text
        # Asked for by name, the native reloader's failure is the caller's.
        monkeypatch.setitem(_reloader.reloader_loops, "native", Unavailable)
        with pytest.raises(OSError, match="no instances"):
            _reloader.run_with_reloader(lambda: None, reloader_type="native")
    finally:
        signal.signal(signal.SIGTERM, previous)
