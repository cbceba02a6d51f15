"""Pytest plugin that records every test's outcome for ``run.py``.

Load it with ``-p conformance_outcomes --outcomes-file PATH``. It appends one
JSON object per line to ``PATH`` and flushes after each, so the outcomes of a
process that crashes or is killed halfway are kept:

- ``{"kind": "collected", "ids": [...]}`` once collection is done;
- ``{"kind": "collect_error", "nodeid": ..., "message": ...}`` for a module
  (or class) that could not be collected;
- ``{"kind": "test", "nodeid": ..., "outcome": ..., "message": ...}`` per
  test, with ``outcome`` one of ``passed``, ``failed``, ``error`` (setup or
  teardown failed) and ``skipped`` (including expected failures).
"""

from __future__ import annotations

import json
from typing import IO
from typing import Any

import pytest

MESSAGE_LIMIT = 200


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--outcomes-file",
        metavar="PATH",
        help="append per-test outcomes to PATH as JSON lines",
    )


def pytest_configure(config: pytest.Config) -> None:
    path = config.getoption("outcomes_file")
    if path:
        config.pluginmanager.register(OutcomeRecorder(path), "outcome-recorder")


def first_line(report: pytest.CollectReport | pytest.TestReport) -> str:
    """The line that says what went wrong: the exception type and message."""
    longrepr = report.longrepr
    crash = getattr(longrepr, "reprcrash", None)
    if crash is not None:
        text = str(crash.message)
    else:
        # Collection errors are plain text ending with "E   Error: message".
        lines = [line for line in report.longreprtext.splitlines() if line.strip()]
        marked = [line[1:].strip() for line in lines if line.startswith("E ")]
        text = marked[-1] if marked else (lines[-1] if lines else "")
    text = text.strip().splitlines()[0] if text.strip() else ""
    return text[:MESSAGE_LIMIT]


#: Stands for the directory of the unpacked sdist in recorded test ids.
SDIST_PLACEHOLDER = "<sdist>"


class OutcomeRecorder:
    def __init__(self, path: str) -> None:
        self._file: IO[str] = open(path, "a", encoding="utf-8")
        self._outcomes: dict[str, tuple[str, str]] = {}
        self._root = ""

    def _write(self, record: dict[str, Any]) -> None:
        # Parametrized ids can hold the path of the unpacked sdist (the suite
        # parametrizes over its own resource files); a placeholder keeps the
        # ids the same wherever the cache is.
        text = json.dumps(record)
        if self._root:
            text = text.replace(json.dumps(self._root)[1:-1], SDIST_PLACEHOLDER)
        self._file.write(text + "\n")
        self._file.flush()

    def pytest_sessionstart(self, session: pytest.Session) -> None:
        self._root = str(session.config.rootpath)

    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        if report.failed:
            self._write(
                {
                    "kind": "collect_error",
                    "nodeid": report.nodeid,
                    "message": first_line(report),
                }
            )

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        self._write({"kind": "collected", "ids": [i.nodeid for i in session.items]})

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        previous = self._outcomes.get(report.nodeid)
        if report.when == "setup":
            if report.failed:
                self._outcomes[report.nodeid] = ("error", first_line(report))
            elif report.skipped:
                self._outcomes[report.nodeid] = ("skipped", "")
        elif report.when == "call":
            if report.failed:
                self._outcomes[report.nodeid] = ("failed", first_line(report))
            elif report.skipped:
                self._outcomes[report.nodeid] = ("skipped", "")
            else:
                self._outcomes[report.nodeid] = ("passed", "")
        elif report.failed and (previous is None or previous[0] == "passed"):
            # A failing teardown turns a passed test into an error.
            self._outcomes[report.nodeid] = ("error", first_line(report))

    def pytest_runtest_logfinish(self, nodeid: str) -> None:
        outcome, message = self._outcomes.pop(nodeid, ("error", "no outcome reported"))
        self._write(
            {"kind": "test", "nodeid": nodeid, "outcome": outcome, "message": message}
        )

    def pytest_unconfigure(self) -> None:
        self._file.close()
