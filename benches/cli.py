"""The command line: ``python -m benches [options]``."""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import platform
import sys
import typing as t
from collections.abc import Sequence

from .harness import Implementation
from .harness import Options
from .harness import PackageNamespace
from .harness import ScenarioResult
from .harness import loop_overhead
from .harness import run_scenario
from .report import format_time
from .report import table
from .report import to_json
from .scenarios import all_scenarios

#: The package measured against Werkzeug.
CANDIDATE_PACKAGE = "rostzeug"
QUICK_SAMPLES = 3
QUICK_SAMPLE_TIME = 0.01


def _version(distribution: str) -> str:
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m benches",
        description=(
            "Times rostzeug against Werkzeug, scenario by scenario, in one"
            " process. The ratio is Werkzeug's time divided by the row's:"
            " above 1.00x the row is faster than Werkzeug."
        ),
    )
    parser.add_argument(
        "--filter",
        action="append",
        metavar="SUBSTRING",
        help="run only scenarios whose name contains SUBSTRING (repeatable)",
    )
    parser.add_argument(
        "--samples",
        type=int,
        metavar="N",
        help="samples per row (default 20; 3 with --quick)",
    )
    parser.add_argument(
        "--sample-time",
        type=float,
        metavar="SECONDS",
        help="target duration of one sample (default 0.025; 0.01 with --quick)",
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="few short samples: a smoke run, not a measurement",
    )
    parser.add_argument("--json", metavar="FILE", help="also write the results here")
    parser.add_argument(
        "--keep-gc",
        action="store_true",
        help="leave the cyclic garbage collector on while timing",
    )
    parser.add_argument(
        "--strict",
        action="store_true",
        help="exit with status 1 when a row is not available",
    )
    parser.add_argument(
        "--list", action="store_true", help="list the scenarios and exit"
    )
    # Werkzeug against itself: every ratio should come out near 1.00x, which
    # shows how much the harness itself adds in noise and bias.
    parser.add_argument("--self-check", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.samples is not None and args.samples < 1:
        parser.error("--samples must be at least 1")
    if args.sample_time is not None and args.sample_time <= 0:
        parser.error("--sample-time must be positive")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    scenarios = all_scenarios()
    if args.filter:
        scenarios = [s for s in scenarios if any(f in s.name for f in args.filter)]
    if args.list:
        for scenario in scenarios:
            print(f"{scenario.name:32}  {scenario.description}")
        return 0
    if not scenarios:
        print(
            "No scenario matches --filter; `python -m benches --list` shows the names.",
            file=sys.stderr,
        )
        return 2

    default_samples, default_time = (
        (QUICK_SAMPLES, QUICK_SAMPLE_TIME)
        if args.quick
        else (Options.samples, Options.sample_time)
    )
    options = Options(
        samples=args.samples or default_samples,
        sample_time=args.sample_time or default_time,
        disable_gc=not args.keep_gc,
    )
    reference = Implementation("werkzeug", PackageNamespace("werkzeug"))
    if args.self_check:
        candidate = Implementation("werkzeug (again)", PackageNamespace("werkzeug"))
    else:
        candidate = Implementation(
            CANDIDATE_PACKAGE, PackageNamespace(CANDIDATE_PACKAGE)
        )

    meta: dict[str, t.Any] = {
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "machine": platform.machine(),
        "werkzeug": _version("werkzeug"),
        "candidate": candidate.label,
        "candidate_version": _version(CANDIDATE_PACKAGE),
        "self_check": args.self_check,
        "samples": options.samples,
        "sample_time_seconds": options.sample_time,
        "gc_disabled_while_timing": options.disable_gc,
    }
    candidate_version = "" if args.self_check else f" {meta['candidate_version']}"
    print(
        f"{candidate.label}{candidate_version} vs werkzeug {meta['werkzeug']}"
        f" on {meta['python']} ({meta['machine']}); {options.samples} samples"
        f" of ~{options.sample_time * 1000:g} ms per row; per-call median and"
        " best sample."
    )
    meta["loop_overhead_seconds"] = overhead = loop_overhead(options)
    print(
        f"The timing loop adds ~{format_time(overhead)} per call to every row"
        " (not subtracted)."
    )
    print(
        "ratio: werkzeug time / row time, median over rounds of back-to-back"
        " samples (above 1.00x: faster than werkzeug);\nbest ratio: werkzeug"
        " best sample / row best sample. Absolute times drift on a shared"
        " machine; compare ratios.\n"
    )

    results: list[ScenarioResult] = []
    for scenario in scenarios:
        print(f"  running {scenario.name} ...", file=sys.stderr, flush=True)
        results.append(run_scenario(scenario, reference, [candidate], options))
    print(table(results))

    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(to_json(results, meta), f, indent=2)
            f.write("\n")
    missing = sum(not row.available for r in results for row in r.rows)
    if missing:
        print(f"\n{missing} row(s) not available.")
    return 1 if args.strict and missing else 0
