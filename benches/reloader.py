"""The reloader's cost: CPU used while the server is idle, and the time from
saving a file to the restarted server answering with the new code.

A project of ``--files`` Python modules (5,000 by default, 50 packages of
100) is generated in a temporary directory with a small WSGI application that
imports one of them. For each reloader type, ``run_simple(use_reloader=True)``
serves it in a subprocess on 127.0.0.1; then

- the CPU time (user + system, from ``/proc``) of the reloader's two
  processes is read before and after ``--idle`` seconds without requests;
- ``--saves`` times, the imported module is rewritten with a new value, and
  three times are taken from the save: until the log says the change was
  detected, until it says a new process was started ("Restarting with"),
  and until a request gets the new value (polling every 5 ms). The last one
  includes the new interpreter's start and its imports of the application.

Linux only (``/proc``). Run by hand: ``python -m benches.reloader
[--files N] [--idle SECONDS] [--saves N] [--types stat,native,...]``.
"""

from __future__ import annotations

import argparse
import http.client
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SERVE = """\
import sys
from rostzeug import run_simple
import pkg0.mod0

def app(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [str(pkg0.mod0.VALUE).encode()]

run_simple("127.0.0.1", int(sys.argv[1]), app, use_reloader=True,
           reloader_type=sys.argv[2])
"""


def make_project(root: Path, files: int) -> None:
    per_package = 100
    for index in range(files):
        package = root / f"pkg{index // per_package}"
        if index % per_package == 0:
            package.mkdir()
            (package / "__init__.py").write_text("")
        module = package / f"mod{index % per_package}.py"
        module.write_text(f"VALUE = 0\n\n\ndef f{index}(x):\n    return x + {index}\n")
    (root / "serve.py").write_text(SERVE)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def get(port: int) -> str | None:
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
        conn.request("GET", "/")
        body = conn.getresponse().read().decode()
        conn.close()
        return body
    except OSError:
        return None


def wait_for(port: int, value: str, timeout: float) -> float:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if get(port) == value:
            return time.monotonic()
        time.sleep(0.005)
    raise RuntimeError(f"the server did not answer {value!r} within {timeout}s")


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    # utime and stime are fields 14 and 15 of the line, 12 and 13 after ")".
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def child_of(pid: int) -> int:
    for _ in range(200):
        path = Path(f"/proc/{pid}/task/{pid}/children")
        children = path.read_text().split()
        if children:
            return int(children[0])
        time.sleep(0.05)
    raise RuntimeError(f"process {pid} started no reloaded child")


def wait_for_log(log: Path, text: str, start: int, timeout: float) -> float:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if text in log.read_text(errors="replace")[start:]:
            return time.monotonic()
        time.sleep(0.002)
    raise RuntimeError(f"{text!r} did not appear in the log within {timeout}s")


def measure(root: Path, kind: str, idle: float, saves: int) -> dict[str, float]:
    port = free_port()
    module = root / "pkg0" / "mod0.py"
    module.write_text("VALUE = 0\n")
    log = root / f"{kind}.log"
    with open(log, "wb") as output:
        server = subprocess.Popen(
            [sys.executable, "serve.py", str(port), kind],
            cwd=root,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_for(port, "0", 60)
        time.sleep(2)  # let the first scan or the watches settle
        pids = [server.pid, child_of(server.pid)]
        before = sum(cpu_seconds(pid) for pid in pids)
        time.sleep(idle)
        used = sum(cpu_seconds(pid) for pid in pids) - before

        to_detect = []
        to_restart = []
        to_answer = []
        for value in range(1, saves + 1):
            size = log.stat().st_size
            saved = time.monotonic()
            module.write_text(f"VALUE = {value}\n")
            detected = wait_for_log(log, "Detected change", size, 30)
            restarted = wait_for_log(log, "Restarting with", size, 30)
            served = wait_for(port, str(value), 30)
            to_detect.append(detected - saved)
            to_restart.append(restarted - saved)
            to_answer.append(served - saved)
            time.sleep(1.5)
        return {
            "idle_cpu": used,
            "detect": statistics.median(to_detect),
            "restart": statistics.median(to_restart),
            "answer": statistics.median(to_answer),
            "answer_max": max(to_answer),
        }
    finally:
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benches.reloader")
    parser.add_argument("--files", type=int, default=5000)
    parser.add_argument("--idle", type=float, default=60.0)
    parser.add_argument("--saves", type=int, default=5)
    parser.add_argument("--types", default="stat,native")
    args = parser.parse_args(argv)
    if not Path("/proc/self/stat").exists():
        parser.error("this benchmark reads CPU times from /proc (Linux)")

    root = Path(tempfile.mkdtemp(prefix="rostzeug-reloader-bench-"))
    try:
        make_project(root, args.files)
        results = {}
        for kind in args.types.split(","):
            print(f"{kind}: {args.idle:.0f}s idle, {args.saves} saves ...", flush=True)
            results[kind] = measure(root, kind, args.idle, args.saves)
    finally:
        shutil.rmtree(root, ignore_errors=True)

    print(f"\n{args.files} Python files, {args.idle:.0f}s idle")
    print("times from the save, median of the saves (answer: also the worst)")
    print(
        f"{'reloader':<10} {'idle CPU s':>10} {'detect ms':>10}"
        f" {'restart ms':>11} {'answer ms':>10} {'worst ms':>9}"
    )
    for kind, r in results.items():
        print(
            f"{kind:<10} {r['idle_cpu']:>10.2f} {r['detect'] * 1000:>10.0f}"
            f" {r['restart'] * 1000:>11.0f} {r['answer'] * 1000:>10.0f}"
            f" {r['answer_max'] * 1000:>9.0f}"
        )
    load = os.getloadavg()[0]
    print(f"load average at the end: {load:.1f} on {os.cpu_count()} CPUs")
    if "stat" in results and "native" in results:
        native = max(results["native"]["idle_cpu"], 1 / os.sysconf("SC_CLK_TCK"))
        ratio = results["stat"]["idle_cpu"] / native
        print(
            f"\nidle CPU, stat / native: {ratio:.0f}x"
            " (less than one clock tick counts as one)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
