"""Flask on Werkzeug and on rostzeug under real servers, driven by ``wrk``.

``python -m benches.e2e`` (or ``make bench-e2e``) serves the Flask
application of :mod:`benches.scenarios.flask_apps` with gunicorn (gthread, 2
workers) and granian (WSGI, 2 workers) on 127.0.0.1, once on each toolkit:
Werkzeug as installed, and rostzeug through ``ROSTZEUG_AS_WERKZEUG=1``, the
switch a user would set. For each server, scenario and toolkit it runs
``wrk`` for a fixed time, alternating the toolkits round by round, and
reports requests per second, the 99th percentile latency and the servers'
CPU time per request (user + system of the server and its workers, from
``/proc``), with the ratio rostzeug / werkzeug of requests per second.

Every run is bounded: ``--duration`` seconds of load per measurement, after
``--warmup`` seconds, and only ever against 127.0.0.1. Not part of ``make
test``: it needs ``wrk`` (Debian's package) and takes minutes.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote_plus

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
TOOLKITS = ("werkzeug", "rostzeug")
FORM_FIELDS = 50

APP_MODULE = """\
import flask

from benches.scenarios.flask_apps import make_app

app = make_app(flask)
"""


@dataclass(frozen=True)
class Load:
    name: str
    path: str
    lua: str  # a wrk script setting the method, body and headers, or ""


def _form_lua() -> str:
    body = "&".join(
        f"field{i:02d}={quote_plus(f'value {i} (ok?)')}" for i in range(FORM_FIELDS)
    )
    return (
        'wrk.method = "POST"\n'
        f'wrk.body = "{body}"\n'
        'wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"\n'
    )


LOADS = (
    Load(
        "json_view",
        "/users/42/posts/hello-world?page=3&ref=home",
        'wrk.headers["Accept-Language"] = "de-DE,de;q=0.9,en;q=0.7"\n',
    ),
    Load("form_post", "/submit", _form_lua()),
)


def server_command(server: str, port: int) -> list[str]:
    if server == "gunicorn":
        return [
            str(BIN / "gunicorn"),
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--worker-class",
            "gthread",
            "--threads",
            "4",
            "--log-level",
            "warning",
            "bench_app:app",
        ]
    if server == "granian":
        return [
            str(BIN / "granian"),
            "--interface",
            "wsgi",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            "2",
            "--log-level",
            "warning",
            "bench_app:app",
        ]
    raise ValueError(f"unknown server {server!r}")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def process_tree(pid: int) -> list[int]:
    """``pid`` and its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        with contextlib.suppress(OSError, IndexError, ValueError):
            stat = Path(f"/proc/{entry}/stat").read_text()
            parent = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(parent, []).append(int(entry))
    tree, pending = [], [pid]
    while pending:
        current = pending.pop()
        tree.append(current)
        pending.extend(children.get(current, ()))
    return tree


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time of the processes, in seconds."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        with contextlib.suppress(OSError, IndexError, ValueError):
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks


@contextlib.contextmanager
def serving(server: str, toolkit: str, app_dir: Path) -> Iterator[tuple[int, int]]:
    """Start ``server`` with the app on ``toolkit``; yield (port, pid)."""
    port = free_port()
    env = dict(os.environ)
    env.pop("ROSTZEUG_AS_WERKZEUG", None)
    if toolkit == "rostzeug":
        env["ROSTZEUG_AS_WERKZEUG"] = "1"
    env["PYTHONPATH"] = os.pathsep.join([str(app_dir), str(ROOT)])
    process = subprocess.Popen(
        server_command(server, port),
        cwd=app_dir,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        wait_ready(f"http://127.0.0.1:{port}/", process)
        yield port, process.pid
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=15)


def wait_ready(url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                response.read()
                return
        except (urllib.error.URLError, ConnectionError):
            if time.monotonic() > deadline:
                raise RuntimeError(f"the server did not answer {url} in 30 s") from None
            time.sleep(0.1)


@dataclass
class Sample:
    requests_per_second: float
    p99_ms: float
    cpu_us_per_request: float


_DURATION = re.compile(r"([\d.]+)(us|ms|s)\b")


def _milliseconds(text: str) -> float:
    match = _DURATION.match(text)
    if match is None:
        raise ValueError(f"cannot read the duration {text!r} from wrk")
    value, unit = float(match.group(1)), match.group(2)
    return value * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def run_wrk(url: str, lua: str, seconds: float, work: Path) -> tuple[float, float, int]:
    """(requests/s, p99 ms, requests) of one bounded wrk run."""
    script = work / "load.lua"
    script.write_text(lua)
    command = [
        "wrk",
        "--threads",
        "2",
        "--connections",
        "16",
        "--duration",
        f"{max(1, round(seconds))}s",
        "--timeout",
        "5s",
        "--latency",
        "--script",
        str(script),
        url,
    ]
    output = subprocess.run(
        command, capture_output=True, text=True, timeout=seconds + 30, check=True
    ).stdout
    rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
    p99 = re.search(r"^\s+99%\s+(\S+)", output, re.MULTILINE)
    total = re.search(r"(\d+) requests in", output)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if rate is None or p99 is None or total is None:
        raise RuntimeError(f"cannot read wrk's output:\n{output}")
    if errors is not None:
        raise RuntimeError(f"the server answered with errors:\n{output}")
    return float(rate.group(1)), _milliseconds(p99.group(1)), int(total.group(1))


def measure(
    server: str, toolkit: str, load: Load, args: argparse.Namespace, work: Path
) -> Sample:
    with serving(server, toolkit, work) as (port, pid):
        url = f"http://127.0.0.1:{port}{load.path}"
        run_wrk(url, load.lua, args.warmup, work)
        tree = process_tree(pid)
        cpu_before = cpu_seconds(tree)
        rate, p99, total = run_wrk(url, load.lua, args.duration, work)
        cpu = cpu_seconds(tree) - cpu_before
    return Sample(rate, p99, cpu / max(total, 1) * 1e6)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benches.e2e", description=__doc__)
    parser.add_argument("--servers", default="granian,gunicorn")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--duration", type=float, default=5.0, help="seconds")
    parser.add_argument("--warmup", type=float, default=1.0, help="seconds")
    args = parser.parse_args(argv)
    if shutil.which("wrk") is None:
        print("benches.e2e: wrk is missing; install it: apt-get install wrk")
        return 2
    servers = args.servers.split(",")
    for server in servers:
        if not (BIN / server).exists():
            print(f"benches.e2e: {server} is missing; run `make bench-e2e`")
            return 2
    results: dict[tuple[str, str, str], list[Sample]] = {}
    with tempfile.TemporaryDirectory(prefix="rostzeug-e2e-") as directory:
        work = Path(directory)
        (work / "bench_app.py").write_text(APP_MODULE)
        for round_number in range(args.rounds):
            for server in servers:
                for load in LOADS:
                    # Alternate which toolkit goes first, round by round.
                    order = TOOLKITS if round_number % 2 == 0 else TOOLKITS[::-1]
                    for toolkit in order:
                        sample = measure(server, toolkit, load, args, work)
                        results.setdefault((server, load.name, toolkit), []).append(
                            sample
                        )
                        print(
                            f"  round {round_number + 1} {server:8} {load.name:9}"
                            f" {toolkit:8} {sample.requests_per_second:9.0f} req/s",
                            flush=True,
                        )
    print()
    print(
        f"{'server':8}  {'scenario':9}  {'toolkit':8}  {'req/s':>8}  {'p99':>8}"
        f"  {'CPU/req':>9}  ratio"
    )
    for server in servers:
        for load in LOADS:
            medians = {}
            for toolkit in TOOLKITS:
                samples = results[(server, load.name, toolkit)]
                medians[toolkit] = Sample(
                    statistics.median(s.requests_per_second for s in samples),
                    statistics.median(s.p99_ms for s in samples),
                    statistics.median(s.cpu_us_per_request for s in samples),
                )
            base = medians["werkzeug"].requests_per_second
            for toolkit in TOOLKITS:
                sample = medians[toolkit]
                ratio = sample.requests_per_second / base if base else float("nan")
                print(
                    f"{server:8}  {load.name:9}  {toolkit:8}"
                    f"  {sample.requests_per_second:8.0f}  {sample.p99_ms:6.1f}ms"
                    f"  {sample.cpu_us_per_request:7.0f}µs  {ratio:.2f}x"
                )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
