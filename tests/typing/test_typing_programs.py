"""The typing test: small user programs in ``programs/`` checked with
``mypy --strict`` and ``basedpyright`` (strict mode), against rostzeug and
against Werkzeug.

Each program is written once, importing ``rostzeug``. For Werkzeug, a copy
has the module name replaced (``rostzeug`` -> ``werkzeug``), so both
toolkits are held to the same lines. Programs named ``ok_*.py`` are correct
and must give no diagnostic. Programs named ``bad_*.py`` hold deliberate
bugs, each marked on its line::

    cookie.strip()  # expect: union-attr reportOptionalMemberAccess

A marker lists what the checkers report on that line: kebab-case words are
mypy error codes, ``report...`` words are basedpyright rule names; a checker
without words in the marker must report nothing there. ``# expect[rostzeug]:``
holds only for rostzeug and ``# expect[werkzeug]:`` only for Werkzeug: for a
bug that one toolkit's types cannot catch, or correct code that they reject
(the comment above the line says why; a correct program has only these).
Every checker must report exactly what is marked: a missed bug and an error
in correct code both fail.

The correct programs also run: each defines ``smoke()``, which drives it
with the test client and checks what it answers, on both toolkits. So a
type that the checkers accept is one that the code really has.

Each checker runs once per toolkit over the whole directory (the checkers
start slowly, the programs check fast). mypy keeps its cache inside the
virtual environment, so a second run only checks what changed.
"""

from __future__ import annotations

import dataclasses
import functools
import importlib.util
import json
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

PROGRAMS = Path(__file__).parent / "programs"
TOOLKITS = ("rostzeug", "werkzeug")
CHECKERS = ("mypy", "basedpyright")

# The four checker runs take 10-25 s together on this 2-core machine, without
# a mypy cache; the first test of each checker and toolkit pays for its run,
# and the limit leaves room for a loaded machine.
CHECKER_TIMEOUT = 240

_MARKER = re.compile(r"#\s*expect(?:\[(?P<toolkit>\w+)\])?:(?P<words>[^#]*)")
_MYPY_CODE = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")
_PYRIGHT_RULE = re.compile(r"report[A-Z][A-Za-z]*")


@dataclasses.dataclass(frozen=True)
class Diagnostic:
    """One diagnostic of a checker: where and which code or rule."""

    program: str
    line: int
    code: str
    message: str = dataclasses.field(default="", compare=False)

    def __str__(self) -> str:
        text = f"{self.program}:{self.line}: {self.code}"
        if self.message:
            text += f"  ({self.message.splitlines()[0]})"
        return text


def program_names() -> list[str]:
    return sorted(path.name for path in PROGRAMS.glob("*.py"))


def parse_markers(source: str, toolkit: str, checker: str) -> set[tuple[int, str]]:
    """The ``(line, code)`` pairs that the markers in ``source`` expect from
    ``checker`` on ``toolkit``."""
    result = set()
    for number, line in enumerate(source.splitlines(), start=1):
        for marker in _MARKER.finditer(line):
            only = marker["toolkit"]
            if only is not None and only not in TOOLKITS:
                raise ValueError(
                    f"line {number}: unknown toolkit {only!r} in a marker;"
                    f" use one of {', '.join(TOOLKITS)}"
                )
            words = marker["words"].split()
            if not words:
                raise ValueError(f"line {number}: a marker without codes")
            for word in words:
                if _PYRIGHT_RULE.fullmatch(word):
                    wanted_by = "basedpyright"
                elif _MYPY_CODE.fullmatch(word):
                    wanted_by = "mypy"
                else:
                    raise ValueError(
                        f"line {number}: {word!r} is neither a mypy error code"
                        " (kebab-case) nor a basedpyright rule (report...)"
                    )
                if wanted_by == checker and only in (None, toolkit):
                    result.add((number, word))
    return result


def expected(program: str, toolkit: str, checker: str) -> set[Diagnostic]:
    """The diagnostics that the markers of ``program`` expect."""
    source = (PROGRAMS / program).read_text(encoding="utf-8")
    try:
        pairs = parse_markers(source, toolkit, checker)
    except ValueError as error:
        raise ValueError(f"{program}: {error}") from None
    return {Diagnostic(program, line, code) for line, code in pairs}


def _copy_programs(toolkit: str, target: Path) -> None:
    target.mkdir(parents=True)
    for name in program_names():
        source = (PROGRAMS / name).read_text(encoding="utf-8")
        if toolkit != "rostzeug":
            source = re.sub(r"\brostzeug\b", toolkit, source)
        (target / name).write_text(source, encoding="utf-8")


def _cache_root() -> Path:
    # mypy checks its cache against the sources itself; inside the virtual
    # environment it stays out of the work tree and goes with the checkers.
    if sys.prefix != sys.base_prefix:
        return Path(sys.prefix) / "cache" / "typing-programs"
    return Path(tempfile.gettempdir()) / f"rostzeug-typing-programs-{os.getuid()}"


def _tool(name: str) -> Path:
    path = Path(sys.executable).parent / name
    if not path.exists():
        raise AssertionError(
            f"{name} is not installed next to {sys.executable}; it is pinned in"
            " requirements/dev.txt: run `make build` (or pip install -r"
            " requirements/dev.txt) to install it"
        )
    return path


def _run(command: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=CHECKER_TIMEOUT,
        check=False,
    )


def _run_mypy(directory: Path, toolkit: str) -> list[Diagnostic]:
    _tool("mypy")
    cache = _cache_root() / f"mypy-{toolkit}"
    process = _run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            # No configuration file: the checks are --strict and nothing else.
            "--config-file=",
            "--python-version=3.11",
            "--python-executable",
            sys.executable,
            "--cache-dir",
            str(cache),
            "--output=json",
            *program_names(),
        ],
        directory,
    )
    # mypy exits 1 when it found errors and 2 when it could not run.
    if process.returncode not in (0, 1):
        raise AssertionError(
            f"mypy failed to run (exit {process.returncode}):\n"
            f"{process.stdout}\n{process.stderr}"
        )
    diagnostics = []
    for line in process.stdout.splitlines():
        if not line.startswith("{"):
            continue
        item = json.loads(line)
        if item["severity"] != "error":
            continue
        diagnostics.append(
            Diagnostic(
                Path(item["file"]).name,
                item["line"],
                item["code"] or "error-without-code",
                item["message"],
            )
        )
    return diagnostics


def _run_basedpyright(directory: Path) -> list[Diagnostic]:
    config = {
        "typeCheckingMode": "strict",
        "pythonVersion": "3.11",
        "pythonPlatform": "Linux",
        "include": ["."],
    }
    (directory / "pyrightconfig.json").write_text(json.dumps(config))
    process = _run(
        [
            str(_tool("basedpyright")),
            "--outputjson",
            "--pythonpath",
            sys.executable,
            "--project",
            str(directory),
        ],
        directory,
    )
    # basedpyright exits 1 when it found errors, 2 and more when it failed.
    if process.returncode not in (0, 1):
        raise AssertionError(
            f"basedpyright failed to run (exit {process.returncode}):\n"
            f"{process.stdout}\n{process.stderr}"
        )
    report = json.loads(process.stdout)
    analyzed = report["summary"]["filesAnalyzed"]
    if analyzed != len(list(directory.glob("*.py"))):
        raise AssertionError(
            f"basedpyright analyzed {analyzed} files in {directory}, not every"
            " program; check the include setting of pyrightconfig.json"
        )
    diagnostics = []
    for item in report["generalDiagnostics"]:
        if item["severity"] not in ("error", "warning"):
            continue
        diagnostics.append(
            Diagnostic(
                Path(item["file"]).name,
                item["range"]["start"]["line"] + 1,
                item.get("rule") or "error-without-rule",
                item["message"],
            )
        )
    return diagnostics


@functools.cache
def _diagnostics(toolkit: str, checker: str) -> tuple[Diagnostic, ...]:
    with tempfile.TemporaryDirectory(prefix="typing-programs-") as temp:
        directory = Path(temp) / toolkit
        _copy_programs(toolkit, directory)
        if checker == "mypy":
            return tuple(_run_mypy(directory, toolkit))
        return tuple(_run_basedpyright(directory))


def _load(path: Path, name: str) -> object:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _report(title: str, diagnostics: set[Diagnostic]) -> Iterator[str]:
    if diagnostics:
        yield title
        for diagnostic in sorted(diagnostics, key=lambda d: (d.line, d.code)):
            yield f"    {diagnostic}"


@pytest.mark.timeout(CHECKER_TIMEOUT + 30)
@pytest.mark.parametrize("program", program_names())
@pytest.mark.parametrize("checker", CHECKERS)
@pytest.mark.parametrize("toolkit", TOOLKITS)
def test_program(toolkit: str, checker: str, program: str) -> None:
    want = expected(program, toolkit, checker)
    got = {d for d in _diagnostics(toolkit, checker) if d.program == program}
    missing = want - got
    unexpected = got - want
    lines = [
        *_report(f"expected but not reported by {checker}:", missing),
        *_report(f"reported by {checker} but not expected:", unexpected),
    ]
    if lines:
        pytest.fail(f"{program} on {toolkit}\n" + "\n".join(lines), pytrace=False)


def test_every_program_is_named_for_its_kind() -> None:
    """Correct programs mark only what one toolkit gets wrong; wrong ones
    expect something from each checker on each toolkit."""
    names = program_names()
    assert any(name.startswith("ok_") for name in names)
    assert any(name.startswith("bad_") for name in names)
    for name in names:
        if name.startswith("ok_"):
            source = (PROGRAMS / name).read_text(encoding="utf-8")
            for number, line in enumerate(source.splitlines(), start=1):
                for marker in _MARKER.finditer(line):
                    assert marker["toolkit"] is not None, (
                        f"{name}:{number}: a correct program expects an error"
                        " from both toolkits; fix the line or move it to a"
                        " bad_ program"
                    )
        elif name.startswith("bad_"):
            for toolkit in TOOLKITS:
                for checker in CHECKERS:
                    assert expected(name, toolkit, checker), (
                        f"{name} is a wrong program but expects nothing from"
                        f" {checker} on {toolkit}"
                    )
        else:
            raise AssertionError(f"{name}: name programs ok_*.py or bad_*.py")


def test_markers() -> None:
    source = (
        "a = 1\n"
        "b: str = a  # expect: assignment reportAssignmentType\n"
        "c = d  # expect: name-defined  # expect[rostzeug]: reportUndefinedVariable\n"
        "e.f  # expect[werkzeug]: attr-defined reportAttributeAccessIssue\n"
    )
    assert parse_markers(source, "rostzeug", "mypy") == {
        (2, "assignment"),
        (3, "name-defined"),
    }
    assert parse_markers(source, "rostzeug", "basedpyright") == {
        (2, "reportAssignmentType"),
        (3, "reportUndefinedVariable"),
    }
    assert parse_markers(source, "werkzeug", "mypy") == {
        (2, "assignment"),
        (3, "name-defined"),
        (4, "attr-defined"),
    }
    assert parse_markers(source, "werkzeug", "basedpyright") == {
        (2, "reportAssignmentType"),
        (4, "reportAttributeAccessIssue"),
    }
    with pytest.raises(ValueError, match="neither a mypy error code"):
        parse_markers("x  # expect: Assignment\n", "rostzeug", "mypy")
    with pytest.raises(ValueError, match="unknown toolkit 'flask'"):
        parse_markers("x  # expect[flask]: misc\n", "rostzeug", "mypy")
    with pytest.raises(ValueError, match="without codes"):
        parse_markers("x  # expect:\n", "rostzeug", "mypy")


@pytest.mark.parametrize(
    "program", [name for name in program_names() if name.startswith("ok_")]
)
@pytest.mark.parametrize("toolkit", TOOLKITS)
def test_correct_program_runs(toolkit: str, program: str, tmp_path: Path) -> None:
    _copy_programs(toolkit, tmp_path / toolkit)
    module = _load(tmp_path / toolkit / program, f"_typing_{toolkit}_{program[:-3]}")
    smoke = getattr(module, "smoke", None)
    assert callable(smoke), f"{program} has no smoke() that runs it"
    smoke()
