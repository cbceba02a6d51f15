"""Run Werkzeug 3.1.9's or Flask 3.1.3's own test suite against rostzeug.

Usage::

    .venv/bin/python tests/conformance/run.py [--suite werkzeug|flask] [FILE ...]
        [--update-expected [--refresh-reasons]] [--jobs N]
    .venv/bin/python tests/conformance/run.py [--suite ...] --write-manifest

How it works (for Werkzeug's suite; Flask's is run the same way, with its
files in ``flask/`` and the differences listed below):

- The ``werkzeug==3.1.9`` sdist is fetched with ``pip download`` into
  ``${XDG_CACHE_HOME:-~/.cache}/rostzeug/conformance/``, checked against its
  pinned sha256 and unpacked there. Nothing of Werkzeug is kept in the repo.
- Each file of :data:`TEST_FILES` runs in its own pytest process (a crash loses
  that file only) with the sdist's own configuration (``pyproject.toml``, so
  warnings are errors, and ``tests/conftest.py``), in its own process group,
  which is killed afterwards together with anything the tests left running.
  Each test has a time limit (pytest-timeout), each file too, and so does the
  whole run.
- The plugin ``conformance_shim`` makes ``werkzeug.x.y`` the very module
  ``rostzeug.x.y`` and never falls back to Werkzeug. Only ``werkzeug.routing``,
  which rostzeug does not have yet, is loaded from the sdist's source for the
  tests that need it; its imports of other modules resolve to rostzeug. The
  development server that ``test_http_proxy`` starts as an upstream runs in
  a subprocess without the shim, so it is the Werkzeug installed in the
  virtualenv.
- The plugin ``conformance_outcomes`` records every test's outcome. Tests
  that never ran (a file that cannot be collected, a process that crashed or
  timed out) are found through ``manifest.txt``, the committed list of the
  test ids per file. ``--write-manifest`` regenerates it by collecting the
  files against the sdist's own Werkzeug (collect only, never run); it is the
  only step that imports Werkzeug itself.
- ``expected_failures.txt`` is a ratchet: every test that fails today, with a
  reason. The run fails when a test outside the list fails (a regression) and
  also when a listed test no longer fails, so the list stays exact.
  ``--update-expected`` rewrites the list from the current results, keeping
  the reasons already written and generating one for new entries (with
  ``--refresh-reasons``, generating all of them anew).

Names that the suite spells out:

- ``tests/test_utils.py::test_find_modules`` expects the names of
  ``werkzeug.debug``'s modules. rostzeug's ``find_modules`` builds names from
  the package name it is given (not from the package's ``__name__``), so
  rostzeug's own ``debug`` package behind the alias gives ``werkzeug.debug.*``
  names; it has exactly Werkzeug's three modules.
- ``tests/test_debug.py::test_basic`` starts the suite's development server
  in a subprocess without the shim, as ``test_http_proxy`` does, so it shows
  the installed Werkzeug's debugger; the other tests of the file use
  rostzeug's.
- The environ keys ``werkzeug.request`` (and the other ``werkzeug.*`` environ
  keys) and the logger name ``werkzeug`` are part of Werkzeug's API, which
  applications rely on; rostzeug keeps them unchanged, and the tests check
  them as they are.

Flask's suite (``--suite flask``):

- The ``flask==3.1.3`` sdist is fetched, checked and unpacked the same way;
  its tests import Flask from the sdist's ``src``. Flask's dependencies and
  test dependencies are pinned in ``requirements/dev.txt``.
- The plugin ``flask_switch`` calls :func:`rostzeug.install_as_werkzeug`
  before Flask is imported, as a user would. While rostzeug lacks a Werkzeug
  package that Flask needs, :data:`FLASK_BORROWED` names it: it is then
  loaded from the Werkzeug sdist, and the run says so when it starts.
- ``flask/manifest.txt`` is collected against the real Werkzeug, and
  ``flask/expected_failures.txt`` is its ratchet.

Exit status: 0 when the results match ``expected_failures.txt`` exactly, 1
when they do not (or when the manifest no longer matches the suite), 2 when
the run could not be set up. The last line a run prints is
``conformance-werkzeug: P passed, F failed`` (or ``conformance-flask: ...``;
errors and tests that did not run count as failed; skipped tests count as
neither).
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import importlib.metadata
import importlib.util
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
from collections.abc import Iterable
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from dataclasses import field
from pathlib import Path

HERE = Path(__file__).resolve().parent

# The Werkzeug test files in scope, relative to the sdist. To add a file, add
# it here, then run `run.py --write-manifest` and `run.py --update-expected`.
TEST_FILES = (
    "tests/middleware/test_dispatcher.py",
    "tests/middleware/test_http_proxy.py",
    "tests/middleware/test_lint.py",
    "tests/middleware/test_profiler.py",
    "tests/middleware/test_proxy_fix.py",
    "tests/middleware/test_shared_data.py",
    "tests/sansio/test_multipart.py",
    "tests/sansio/test_request.py",
    "tests/sansio/test_utils.py",
    "tests/test_datastructures.py",
    "tests/test_debug.py",
    "tests/test_exceptions.py",
    "tests/test_formparser.py",
    "tests/test_http.py",
    "tests/test_internal.py",
    "tests/test_local.py",
    "tests/test_security.py",
    "tests/test_send_file.py",
    "tests/test_test.py",
    "tests/test_urls.py",
    "tests/test_utils.py",
    "tests/test_wrappers.py",
    "tests/test_wsgi.py",
)

WERKZEUG_VERSION = "3.1.9"
SDIST_SHA256 = "55ca7c70a75689be937aa27f8ff4b018f06ff4838fc73045560bf0f5a1291060"

# Flask's whole suite. To add a file, as for TEST_FILES.
FLASK_TEST_FILES = (
    "tests/test_appctx.py",
    "tests/test_async.py",
    "tests/test_basic.py",
    "tests/test_blueprints.py",
    "tests/test_cli.py",
    "tests/test_config.py",
    "tests/test_converters.py",
    "tests/test_helpers.py",
    "tests/test_instance_config.py",
    "tests/test_json.py",
    "tests/test_json_tag.py",
    "tests/test_logging.py",
    "tests/test_regression.py",
    "tests/test_reqctx.py",
    "tests/test_request.py",
    "tests/test_session_interface.py",
    "tests/test_signals.py",
    "tests/test_subclassing.py",
    "tests/test_templating.py",
    "tests/test_testing.py",
    "tests/test_user_error_handler.py",
    "tests/test_views.py",
)
FLASK_VERSION = "3.1.3"
FLASK_SDIST_SHA256 = "0ef0e52b8a9cd932855379197dd8f94047b359ca0a78695144304cb45f87c9eb"
# Werkzeug packages that rostzeug does not have yet: Flask's suite loads them
# from the Werkzeug sdist (their own imports resolve to rostzeug), and the run
# says so. Empty once rostzeug has them all.
FLASK_BORROWED: tuple[str, ...] = ("routing", "serving")
REASON_SEPARATOR = "  # "  # written between a test id and its reason
REASON_START = re.compile(r"\s#(?:\s|$)")  # read: any blank, "#", blank

TEST_TIMEOUT = 20  # seconds per test; Werkzeug's whole suite takes a few seconds
FILE_TIMEOUT = 120  # seconds per test file
RUN_BUDGET = 270  # seconds for all files, to keep `make test` bounded
UPSTREAM_ENV = "ROSTZEUG_CONFORMANCE_UPSTREAM"  # read by conformance_shim
SHOW_LIMIT = 50  # test ids printed per list; the rest are counted

FAILING = ("failed", "error", "not run")


class SetupError(Exception):
    """The run cannot start; the message says what to do."""


@dataclass(frozen=True)
class Suite:
    """A project's test suite, run against rostzeug standing in for Werkzeug."""

    name: str  # the distribution whose sdist holds the tests
    version: str
    sha256: str
    test_files: tuple[str, ...]
    directory: Path  # holds this suite's manifest.txt and expected_failures.txt
    plugin: str  # the pytest plugin that makes ``werkzeug`` rostzeug
    borrowed: tuple[str, ...] = ()  # see FLASK_BORROWED

    @property
    def title(self) -> str:
        return f"{self.name.capitalize()} {self.version}"

    @property
    def manifest(self) -> Path:
        return self.directory / "manifest.txt"

    @property
    def expected(self) -> Path:
        return self.directory / "expected_failures.txt"


WERKZEUG_SUITE = Suite(
    "werkzeug",
    WERKZEUG_VERSION,
    SDIST_SHA256,
    TEST_FILES,
    HERE,
    "conformance_shim",
)
FLASK_SUITE = Suite(
    "flask",
    FLASK_VERSION,
    FLASK_SDIST_SHA256,
    FLASK_TEST_FILES,
    HERE / "flask",
    "flask_switch",
    FLASK_BORROWED,
)
SUITES = {suite.name: suite for suite in (WERKZEUG_SUITE, FLASK_SUITE)}
BORROW_ENV = "ROSTZEUG_CONFORMANCE_BORROW"  # read by flask_switch


# -- the sdist -----------------------------------------------------------------


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "rostzeug" / "conformance"


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        for chunk in iter(lambda: file.read(1 << 16), b""):
            digest.update(chunk)
    return digest.hexdigest()


def download_sdist(suite: Suite, cache: Path) -> Path:
    """Fetch the sdist with pip from its default index into ``cache``."""
    requirement = f"{suite.name}=={suite.version}"
    archive = cache / f"{suite.name}-{suite.version}.tar.gz"
    if archive.is_file() and sha256_of(archive) == suite.sha256:
        return archive
    with tempfile.TemporaryDirectory(dir=cache) as download:
        command = [
            sys.executable,
            "-m",
            "pip",
            "download",
            "--no-deps",
            "--no-binary",
            ":all:",
            "--disable-pip-version-check",
            "--quiet",
            requirement,
            "-d",
            download,
        ]
        print(f"downloading the {requirement} sdist", flush=True)
        result = subprocess.run(command, stdin=subprocess.DEVNULL, check=False)
        if result.returncode != 0:
            raise SetupError(
                f"`pip download {requirement}` failed with exit code"
                f" {result.returncode}; the conformance run needs the package"
                f" index to fetch {suite.title}'s test suite"
            )
        found = sorted(Path(download).glob("*.tar.gz"))
        if len(found) != 1:
            names = ", ".join(p.name for p in Path(download).iterdir()) or "nothing"
            raise SetupError(f"expected one sdist from pip download, got {names}")
        actual = sha256_of(found[0])
        if actual != suite.sha256:
            raise SetupError(
                f"{found[0].name} has sha256 {actual}, expected {suite.sha256};"
                " refusing to run tests from an archive that is not the pinned one"
            )
        os.replace(found[0], archive)
    return archive


def extract_safely(tar: tarfile.TarFile, destination: Path) -> None:
    """Extract regular files and directories only, all inside ``destination``."""
    if hasattr(tarfile, "data_filter"):  # Python 3.11.4 and later
        tar.extractall(destination, filter="data")
        return
    root = destination.resolve()
    for member in tar.getmembers():
        inside = (root / member.name).resolve().is_relative_to(root)
        if not inside or not (member.isfile() or member.isdir()):
            raise SetupError(f"refusing to extract {member.name!r} from the sdist")
    tar.extractall(destination)


def ensure_sdist(suite: Suite) -> Path:
    """Return the unpacked, hash-checked sdist, downloading it if needed."""
    cache = cache_dir()
    cache.mkdir(parents=True, exist_ok=True)
    root = cache / f"{suite.name}-{suite.version}"
    marker = root / ".rostzeug-sha256"
    if marker.is_file() and marker.read_text().strip() == suite.sha256:
        return root
    archive = download_sdist(suite, cache)
    with tempfile.TemporaryDirectory(dir=cache) as unpack:
        with tarfile.open(archive) as tar:
            extract_safely(tar, Path(unpack))
        unpacked = Path(unpack) / root.name
        if not (unpacked / "tests").is_dir():
            raise SetupError(f"{archive} has no {root.name}/tests")
        (unpacked / marker.name).write_text(suite.sha256 + "\n")
        if marker.is_file():
            return root  # another run unpacked it meanwhile
        if root.exists():
            shutil.rmtree(root)  # an unpacking that did not finish
        os.replace(unpacked, root)
    return root


# -- manifest and expected failures --------------------------------------------


def file_of(test_id: str) -> str:
    return test_id.split("::", 1)[0]


def read_lines(path: Path) -> Iterator[tuple[int, str]]:
    """Yield numbered lines that are neither blank nor comments."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip() and not line.lstrip().startswith("#"):
            yield number, line.rstrip()


def load_manifest(suite: Suite) -> dict[str, list[str]]:
    if not suite.manifest.is_file():
        raise SetupError(
            f"{suite.manifest} is missing; create it with"
            f" `run.py --suite {suite.name} --write-manifest`"
        )
    manifest: dict[str, list[str]] = {}
    for _, test_id in read_lines(suite.manifest):
        manifest.setdefault(file_of(test_id), []).append(test_id)
    stale = sorted(set(manifest) ^ set(suite.test_files))
    if stale:
        raise SetupError(
            f"the {suite.name} manifest and its test files disagree about"
            f" {', '.join(stale)}; run `run.py --suite {suite.name} --write-manifest`"
        )
    return manifest


def load_expected(suite: Suite, known: set[str], lenient: bool) -> dict[str, str]:
    """Read expected_failures.txt as ``{test id: reason}``.

    Unknown ids are an error, unless ``lenient`` (when the list is about to be
    rewritten), in which case they are dropped with a notice.
    """
    expected: dict[str, str] = {}
    if not suite.expected.is_file():
        return expected
    problems = []
    for number, line in read_lines(suite.expected):
        test_id, reason, *_ = [*REASON_START.split(line, maxsplit=1), ""]
        test_id, reason = test_id.strip(), reason.strip()
        where = f"{suite.expected.relative_to(HERE)}:{number}"
        if not reason:
            problems.append(f'{where}: no reason; write it after " # "')
        elif test_id not in known:
            if lenient:
                print(f"{where}: dropping {test_id}, not in the manifest")
            else:
                problems.append(f"{where}: {test_id} is not in the manifest")
        elif test_id in expected:
            problems.append(f"{where}: {test_id} is listed twice")
        else:
            expected[test_id] = reason
    if problems:
        raise SetupError("\n".join(problems))
    return expected


# -- running pytest ------------------------------------------------------------


@dataclass
class FileRun:
    """What one pytest process reported for one test file."""

    path: str
    log: Path
    outcomes: dict[str, tuple[str, str]] = field(default_factory=dict)
    collected: list[str] | None = None
    collect_errors: list[str] = field(default_factory=list)
    problem: str = ""  # why tests may be missing: timeout, crash, exit code


class ProcessGroups:
    """The process groups started so far, to kill them all on an interrupt."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pids: set[int] = set()
        self.stopped = False

    def add(self, pid: int) -> None:
        with self._lock:
            self._pids.add(pid)
            stopped = self.stopped
        if stopped:
            self.kill(pid)

    def kill(self, pid: int) -> None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(pid, signal.SIGKILL)
        with self._lock:
            self._pids.discard(pid)

    def stop(self) -> None:
        """Kill every group, and any group added from now on."""
        with self._lock:
            self.stopped = True
            pids = list(self._pids)
        for pid in pids:
            self.kill(pid)


def pytest_env(
    pythonpath: Iterable[Path], upstream: Path | None, borrowed: Iterable[str] = ()
) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key
        not in (
            "PYTEST_ADDOPTS",
            "PYTEST_PLUGINS",
            "PYTHONPATH",
            "ROSTZEUG_AS_WERKZEUG",
            UPSTREAM_ENV,
            BORROW_ENV,
        )
    }
    env["PYTHONPATH"] = os.pathsep.join(os.fspath(p) for p in pythonpath)
    # Only the plugins named on the command line: nothing else may import
    # werkzeug before the shim is in place.
    env["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
    if upstream is not None:
        env[UPSTREAM_ENV] = os.fspath(upstream)
    env[BORROW_ENV] = ",".join(borrowed)
    return env


def pytest_command(sdist: Path, outcomes: Path, *args: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "pytest",
        "-c",
        os.fspath(sdist / "pyproject.toml"),
        "--rootdir",
        os.fspath(sdist),
        "-p",
        "no:cacheprovider",
        "-p",
        "conformance_outcomes",
        "--outcomes-file",
        os.fspath(outcomes),
        "--color=no",
        *args,
    ]


def wait_without_reaping(pid: int, deadline: float) -> bool:
    """Wait until ``pid`` exits or ``deadline`` passes; True if it exited.

    The process is left a zombie, so its process group id cannot be reused
    before the group is killed.
    """
    while True:
        flags = os.WEXITED | os.WNOWAIT | os.WNOHANG
        if os.waitid(os.P_PID, pid, flags) is not None:
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.05)


def run_pytest(
    command: list[str],
    env: dict[str, str],
    cwd: Path,
    log: Path,
    deadline: float,
    groups: ProcessGroups,
) -> tuple[int | None, bool]:
    """Run pytest in its own process group; return (exit code, timed out)."""
    with open(log, "wb") as output:
        process = subprocess.Popen(
            command,
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        groups.add(process.pid)
        try:
            exited = wait_without_reaping(process.pid, deadline)
        finally:
            # Kills the leftovers (servers the tests started), or pytest itself.
            groups.kill(process.pid)
            code = process.wait()
    return (code if exited else None), not exited


def read_outcomes(run: FileRun, outcomes: Path) -> None:
    if not outcomes.is_file():
        return
    for line in outcomes.read_text(encoding="utf-8").splitlines():
        try:
            record = json.loads(line)
        except json.JSONDecodeError:
            continue  # a line cut short by a killed process
        if record["kind"] == "collected":
            run.collected = record["ids"]
        elif record["kind"] == "collect_error":
            run.collect_errors.append(record["message"])
        elif record["kind"] == "test":
            run.outcomes[record["nodeid"]] = (record["outcome"], record["message"])


def describe_exit(code: int | None, timed_out: bool, run: FileRun, limit: int) -> str:
    if timed_out:
        return f"pytest was stopped after {limit}s"
    if code is None or code < 0:
        return f"pytest was killed by signal {-(code or 0)}"
    if code in (0, 1) or (code == 2 and run.collect_errors):
        return ""
    meaning = {
        2: "interrupted",
        3: "internal error",
        4: "usage error",
        5: "no tests collected",
    }.get(code, "unknown exit code")
    return f"pytest exited with code {code} ({meaning})"


def run_file(
    suite: Suite,
    path: str,
    sdist: Path,
    werkzeug_sdist: Path,
    work: Path,
    run_deadline: float,
    groups: ProcessGroups,
) -> FileRun:
    slug = path.replace("/", "_").removesuffix(".py")
    run = FileRun(path=path, log=work / f"{slug}.log")
    outcomes = work / f"{slug}.jsonl"
    command = pytest_command(
        sdist,
        outcomes,
        "-p",
        suite.plugin,
        "-p",
        "pytest_timeout",
        f"--timeout={TEST_TIMEOUT}",
        "--timeout-method=signal",
        f"--basetemp={work / (slug + '.tmp')}",
        "-q",
        "--tb=short",
        path,
    )
    # Flask's suite imports Flask from its own sdist.
    pythonpath = [HERE] if suite is WERKZEUG_SUITE else [HERE, sdist / "src"]
    env = pytest_env(pythonpath, werkzeug_sdist / "src" / "werkzeug", suite.borrowed)
    started = time.monotonic()
    if started >= run_deadline:
        run.problem = f"not started, the run's {RUN_BUDGET}s budget was used up"
        return run
    deadline = min(started + FILE_TIMEOUT, run_deadline)
    code, timed_out = run_pytest(command, env, sdist, run.log, deadline, groups)
    read_outcomes(run, outcomes)
    run.problem = describe_exit(code, timed_out, run, round(deadline - started))
    return run


def write_manifest(suite: Suite, sdist: Path) -> int:
    """Collect the files against the real Werkzeug (the sdist's own, for
    Werkzeug's suite) and save the ids."""
    with tempfile.TemporaryDirectory(prefix="rostzeug-manifest-") as work:
        outcomes = Path(work) / "collect.jsonl"
        log = Path(work) / "collect.log"
        # pytest-timeout registers the ``timeout`` mark some tests carry.
        command = pytest_command(
            sdist,
            outcomes,
            "-p",
            "pytest_timeout",
            "--collect-only",
            "-q",
            *suite.test_files,
        )
        env = pytest_env([HERE, sdist / "src"], upstream=None)
        deadline = time.monotonic() + FILE_TIMEOUT
        code, timed_out = run_pytest(
            command, env, sdist, log, deadline, ProcessGroups()
        )
        run = FileRun(path="(all)", log=log)
        read_outcomes(run, outcomes)
        if code != 0 or run.collect_errors or run.collected is None:
            sys.stdout.write(log.read_text(encoding="utf-8", errors="replace"))
            raise SetupError(
                f"collecting {suite.title}'s suite failed (exit code {code},"
                f" timed out: {timed_out}); the manifest was not changed"
            )
        ids = run.collected
    bad = [i for i in ids if REASON_START.search(i) or i != i.strip()]
    if bad:
        raise SetupError(
            f"test ids that {suite.expected.name} could not hold (containing"
            f' " # ", or blanks at either end): {bad}'
        )
    counts = {path: sum(file_of(i) == path for i in ids) for path in suite.test_files}
    empty = [path for path, count in counts.items() if count == 0]
    if empty:
        raise SetupError(f"no tests collected from {', '.join(empty)}")
    order = {path: index for index, path in enumerate(suite.test_files)}
    ids = sorted(ids, key=lambda test_id: order[file_of(test_id)])
    header = (
        f"# The test ids of {suite.title}'s suite that the conformance run\n"
        "# expects, one per line. Generated by collecting (not running) its test\n"
        "# files against the real Werkzeug:\n"
        f"#   .venv/bin/python tests/conformance/run.py --suite {suite.name}"
        " --write-manifest\n"
    )
    suite.directory.mkdir(parents=True, exist_ok=True)
    suite.manifest.write_text(header + "".join(i + "\n" for i in ids), encoding="utf-8")
    for path, count in counts.items():
        print(f"{count:5d}  {path}")
    print(
        f"manifest: {len(ids)} tests in {len(suite.test_files)} files"
        f" -> {suite.manifest}"
    )
    return 0


# -- results -------------------------------------------------------------------


def status_of(run: FileRun, test_id: str) -> tuple[str, str]:
    """(outcome, reason) for one manifest id, ``not run`` if it never ran."""
    if test_id in run.outcomes:
        outcome, message = run.outcomes[test_id]
        if outcome == "error":
            message = f"error: {message}"
        return outcome, message
    if run.collect_errors:
        return "not run", f"not collected: {run.collect_errors[0]}"
    return "not run", f"not run: {run.problem or 'missing from the results'}"


def generated_reason(message: str, places: dict[Path, str]) -> str:
    """A one-line reason from a failure message, without machine-specific
    paths: the directories in ``places`` become their short names."""
    # Drop the file paths of ImportError messages and the shim's note on
    # which werkzeug name was imported.
    message = re.sub(r" \((?:/|[A-Za-z]:\\|imported as )[^()]*\)", "", message)
    message = re.sub(r" at 0x[0-9a-fA-F]+", "", message)  # object addresses
    for directory, name in places.items():
        message = message.replace(os.fspath(directory), name)
    reason = " ".join(message.split())
    reason = reason or "fails"
    return reason if len(reason) <= 100 else reason[:97] + "..."


def print_ids(title: str, items: list[tuple[str, str]]) -> None:
    print(f"\n{title}")
    for test_id, reason in items[:SHOW_LIMIT]:
        print(f"  {test_id}{REASON_SEPARATOR}{reason}")
    if len(items) > SHOW_LIMIT:
        print(f"  ... and {len(items) - SHOW_LIMIT} more")


def print_table(
    runs: list[FileRun], statuses: dict[str, dict[str, tuple[str, str]]]
) -> None:
    columns = ("tests", "passed", "failed", "errors", "skipped", "not run")
    keys = ("passed", "failed", "error", "skipped", "not run")
    width = max(len(run.path) for run in runs)
    print(f"{'file':<{width}}  " + "  ".join(f"{c:>7}" for c in columns))
    totals = [0] * len(columns)
    for run in runs:
        outcomes = [s for s, _ in statuses[run.path].values()]
        row = [len(outcomes), *(outcomes.count(k) for k in keys)]
        totals = [a + b for a, b in zip(totals, row)]
        note = f"  ({run.problem})" if run.problem else ""
        print(f"{run.path:<{width}}  " + "  ".join(f"{n:>7}" for n in row) + note)
    print(f"{'total':<{width}}  " + "  ".join(f"{n:>7}" for n in totals))


def write_expected(
    suite: Suite,
    statuses: dict[str, dict[str, tuple[str, str]]],
    manifest: dict[str, list[str]],
    expected: dict[str, str],
    places: dict[Path, str],
    keep_reasons: bool,
) -> None:
    """Rewrite expected_failures.txt: today's failures of the files that ran,
    the old entries of the files that did not."""
    lines = [
        f"# {suite.title} tests that fail against rostzeug today,",
        '# one per line, with the reason after " # ". tests/conformance/run.py',
        "# fails when a test outside this list fails, and when a listed test no",
        "# longer fails. Regenerate it after a change (the reasons written here",
        "# are kept, new ones are generated from the error):",
        f"#   .venv/bin/python tests/conformance/run.py --suite {suite.name}"
        " --update-expected",
    ]
    for path in suite.test_files:
        if path in statuses:
            entries = [
                (
                    test_id,
                    (keep_reasons and expected.get(test_id))
                    or generated_reason(reason, places),
                )
                for test_id, (outcome, reason) in statuses[path].items()
                if outcome in FAILING
            ]
        else:
            entries = [(i, expected[i]) for i in manifest[path] if i in expected]
        if entries:
            lines.append("")
            lines.append(f"# {path}: {len(entries)} of {len(manifest[path])} fail")
            lines.extend(f"{test_id}{REASON_SEPARATOR}{r}" for test_id, r in entries)
    suite.expected.write_text("\n".join(lines) + "\n", encoding="utf-8")


def installed_version(name: str) -> str:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return "none"


def check_installed(suite: Suite) -> None:
    if importlib.util.find_spec("rostzeug") is None:
        raise SetupError(
            f"rostzeug is not importable from {sys.executable}; run `make dev`"
        )
    # Werkzeug's test_http_proxy runs Werkzeug's development server as the
    # upstream; Flask reads Werkzeug's version from its metadata.
    required = {"werkzeug": WERKZEUG_VERSION}
    if suite is FLASK_SUITE:
        required["flask"] = FLASK_VERSION
    for name, version in required.items():
        found = installed_version(name)
        if found != version:
            raise SetupError(
                f"{name} {version} must be installed (found {found}) for"
                f" {suite.title}'s suite; install requirements/dev.txt"
            )


def run_suite(suite: Suite, args: argparse.Namespace) -> int:
    check_installed(suite)
    files = args.files or list(suite.test_files)
    unknown = [path for path in files if path not in suite.test_files]
    if unknown:
        raise SetupError(
            f"not among the test files of {suite.title}: {', '.join(unknown)}"
        )
    manifest = load_manifest(suite)
    known = {test_id for ids in manifest.values() for test_id in ids}
    expected = load_expected(suite, known, lenient=args.update_expected)
    sdist = ensure_sdist(suite)
    werkzeug_sdist = ensure_sdist(WERKZEUG_SUITE)
    missing = [path for path in files if not (sdist / path).is_file()]
    if missing:
        raise SetupError(f"not in the {suite.title} sdist: {', '.join(missing)}")
    if suite.borrowed:
        print(
            f"{suite.title}: loading werkzeug.{{{','.join(suite.borrowed)}}} from the"
            f" Werkzeug {WERKZEUG_VERSION} sdist, which rostzeug does not have yet",
            flush=True,
        )

    groups = ProcessGroups()
    work = Path(tempfile.mkdtemp(prefix="rostzeug-conformance-"))
    started = time.monotonic()
    run_deadline = started + RUN_BUDGET
    pool = ThreadPoolExecutor(max_workers=args.jobs)
    try:
        runs = list(
            pool.map(
                lambda path: run_file(
                    suite, path, sdist, werkzeug_sdist, work, run_deadline, groups
                ),
                files,
            )
        )
    except BaseException:
        groups.stop()  # on Ctrl-C, so that the workers return at once
        raise
    finally:
        pool.shutdown(cancel_futures=True)
    elapsed = time.monotonic() - started

    statuses = {
        run.path: {test_id: status_of(run, test_id) for test_id in manifest[run.path]}
        for run in runs
    }
    print_table(runs, statuses)
    print(f"{len(files)} files in {elapsed:.1f}s")

    unexpected_ids = sorted(
        (test_id, "collected, but not in the manifest")
        for run in runs
        for test_id in {*(run.collected or ()), *run.outcomes}
        if test_id not in known
    )
    failing = {
        test_id: reason
        for per_file in statuses.values()
        for test_id, (outcome, reason) in per_file.items()
        if outcome in FAILING
    }
    regressions = [(i, r) for i, r in failing.items() if i not in expected]
    fixed = [
        (test_id, f"now {statuses[file_of(test_id)][test_id][0]}")
        for test_id in expected
        if file_of(test_id) in statuses and test_id not in failing
    ]

    status = 0
    if unexpected_ids:
        print_ids(
            "Tests that ran but are not in the manifest; run `run.py --write-manifest`"
            " if the suite changed, else their ids differ from Werkzeug's:",
            unexpected_ids,
        )
        status = 1
    if args.update_expected:
        places = {work: "<tmp>", sdist: "<sdist>", HERE.parent.parent: "<repo>"}
        write_expected(
            suite, statuses, manifest, expected, places, not args.refresh_reasons
        )
        print(
            f"\nrewrote {suite.expected.relative_to(HERE)}: {len(failing)} failing"
            " tests in the files run"
            f" ({len(regressions)} added, {len(fixed)} removed)"
        )
    else:
        if regressions:
            print_ids(
                "REGRESSIONS: these tests fail and are not in expected_failures.txt:",
                regressions,
            )
            status = 1
        if fixed:
            print_ids(
                "FIXED: these tests are listed in expected_failures.txt but no longer"
                " fail; remove them from the list (or run `run.py --update-expected`):",
                fixed,
            )
            status = 1
    if status == 0:
        shutil.rmtree(work, ignore_errors=True)
    else:
        print(f"\npytest's output for each file is in {work}")
    passed = sum(
        outcome == "passed"
        for per_file in statuses.values()
        for outcome, _ in per_file.values()
    )
    print(f"conformance-{suite.name}: {passed} passed, {len(failing)} failed")
    return status


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Run Werkzeug's or Flask's test suite against rostzeug."
    )
    parser.add_argument(
        "--suite",
        choices=sorted(SUITES),
        default=WERKZEUG_SUITE.name,
        help="whose test suite to run (default: werkzeug)",
    )
    parser.add_argument(
        "files",
        nargs="*",
        metavar="FILE",
        help="test files to run (default: all of the suite's), e.g. tests/test_http.py",
    )
    parser.add_argument(
        "--update-expected",
        action="store_true",
        help="rewrite the suite's expected_failures.txt from this run's results",
    )
    parser.add_argument(
        "--refresh-reasons",
        action="store_true",
        help="with --update-expected: generate every reason anew from the errors",
    )
    parser.add_argument(
        "--write-manifest",
        action="store_true",
        help="regenerate the suite's manifest.txt by collecting it against Werkzeug",
    )
    parser.add_argument(
        "-j",
        "--jobs",
        type=int,
        default=max(2, os.cpu_count() or 1),
        help="test files run at the same time (default: CPU count, at least 2)",
    )
    return parser.parse_args(argv)


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    if args.refresh_reasons and not args.update_expected:
        print("conformance: --refresh-reasons needs --update-expected", file=sys.stderr)
        return 2
    suite = SUITES[args.suite]
    try:
        if args.write_manifest:
            return write_manifest(suite, ensure_sdist(suite))
        return run_suite(suite, args)
    except SetupError as error:
        print(f"conformance: cannot run: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("conformance: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
