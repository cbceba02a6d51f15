"""Parsing user agents: rostzeug against Werkzeug 2.0.3, the last Werkzeug
with a parser.

Werkzeug 2.0.3 cannot be installed beside Werkzeug 3.1 under the same name,
so this script takes the path of its sdist (``Werkzeug-2.0.3.tar.gz``), its
wheel, or an unpacked copy, extracts ``werkzeug/user_agent.py`` and
``werkzeug/useragents.py`` into a temporary directory and imports them as a
package of another name. On the strings of ``tests/data/user_agents.tsv`` it
first checks that both give the same answers (apart from the corrections the
corpus lists), then times, best of several rounds over the whole corpus:

- the parsers alone: 2.0.3's ``_UserAgentParser`` instance against
  ``rostzeug._native.parse_user_agent``;
- the objects a request makes: 2.0.3's ``_UserAgent(string)`` (what its
  ``Request.user_agent`` built) against ``rostzeug.useragents.UserAgent``.

Run with ``python -m benches.user_agents PATH [--rounds N]``, for example
after ``pip download --no-deps --no-binary :all: werkzeug==2.0.3 -d /tmp/wz``.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import tarfile
import tempfile
import time
import types
import typing as t
import zipfile
from collections.abc import Callable
from pathlib import Path

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "data" / "user_agents.tsv"
FILES = ("user_agent.py", "useragents.py")
PACKAGE = "_werkzeug_2_0_3"


def corpus() -> list[tuple[str, tuple[str | None, ...], bool]]:
    """The strings, 2.0.3's answers, and whether rostzeug corrects them."""
    rows = []
    lines = [
        line
        for line in CORPUS.read_text("utf-8").splitlines()
        if not line.startswith("#")
    ]
    for line in lines[1:]:
        string, *werkzeug, ours, _reason = line.split("\t")
        answers = tuple(None if value == "-" else value for value in werkzeug)
        rows.append((string, answers, bool(ours)))
    return rows


def extract(source: Path, target: Path) -> None:
    """Copies 2.0.3's two user agent modules from ``source`` into ``target``."""
    wanted = {f"werkzeug/{name}": name for name in FILES}

    def pick(member: str) -> str | None:
        for suffix, name in wanted.items():
            if member.endswith(suffix):
                return name
        return None

    if source.is_dir():
        for path in source.rglob("*.py"):
            name = pick(path.as_posix())
            if name:
                (target / name).write_bytes(path.read_bytes())
    elif source.name.endswith(".whl"):
        with zipfile.ZipFile(source) as wheel:
            for member in wheel.namelist():
                name = pick(member)
                if name:
                    (target / name).write_bytes(wheel.read(member))
    else:
        with tarfile.open(source) as sdist:
            for info in sdist.getmembers():
                name = pick(info.name)
                handle = sdist.extractfile(info) if name else None
                if name and handle:
                    (target / name).write_bytes(handle.read())
    missing = [name for name in FILES if not (target / name).exists()]
    if missing:
        raise SystemExit(f"{source} has no werkzeug/{missing[0]}: pass 2.0.3's sdist")


def load(directory: Path) -> types.ModuleType:
    """Imports the extracted modules as :data:`PACKAGE`, without running
    2.0.3's package ``__init__`` (which would clash with Werkzeug 3.1)."""
    package = types.ModuleType(PACKAGE)
    package.__path__ = [str(directory)]
    sys.modules[PACKAGE] = package
    return importlib.import_module(f"{PACKAGE}.useragents")


def best(
    calls: tuple[Callable[[str], t.Any], ...], strings: list[str], rounds: int
) -> list[float]:
    """The fastest of ``rounds`` passes over ``strings`` of each call, per
    string, in µs. The calls take turns in each round, so that a change of
    load on the machine affects them alike."""
    times: list[list[float]] = [[] for _ in calls]
    for _ in range(rounds):
        for call, samples in zip(calls, times):
            start = time.perf_counter()
            for string in strings:
                call(string)
            samples.append(time.perf_counter() - start)
    return [min(samples) / len(strings) * 1e6 for samples in times]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("source", type=Path, help="Werkzeug 2.0.3's sdist")
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args(argv)

    from rostzeug._native import parse_user_agent
    from rostzeug.useragents import UserAgent

    with tempfile.TemporaryDirectory() as temporary:
        extract(args.source, Path(temporary))
        old = load(Path(temporary))
    old_parser = old._UserAgentParser()
    old_agent = old._UserAgent

    rows = corpus()
    strings = [string for string, _, _ in rows]
    for string, answers, corrected in rows:
        if tuple(old_parser(string)) != answers:
            raise SystemExit(f"2.0.3 answers otherwise than the corpus for {string!r}")
        same = tuple(parse_user_agent(string)) == answers
        if same == corrected:
            raise SystemExit(f"rostzeug does not match the corpus for {string!r}")
    corrections = sum(1 for _, _, changed in rows if changed)
    print(
        f"{len(rows)} strings: the same answers, "
        f"apart from the {corrections} the corpus lists as corrected"
    )

    print(f"{'per string':<22}{'werkzeug 2.0.3':>16}{'rostzeug':>12}{'ratio':>9}")
    for label, theirs, ours in (
        ("parser", old_parser, parse_user_agent),
        ("UserAgent(string)", old_agent, UserAgent),
    ):
        slow, fast = best((theirs, ours), strings, args.rounds)
        print(f"{label:<22}{slow:>13.2f} µs{fast:>9.2f} µs{slow / fast:>8.1f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
