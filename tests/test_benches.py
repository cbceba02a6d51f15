"""The benchmark harness's logic: checks, "not available" rows, ratios and
the table. Sample counts and times are tiny; nothing here is a timing."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benches import cli  # noqa: E402
from benches.harness import Extra  # noqa: E402
from benches.harness import Implementation  # noqa: E402
from benches.harness import Options  # noqa: E402
from benches.harness import PackageNamespace  # noqa: E402
from benches.harness import RowResult  # noqa: E402
from benches.harness import Scenario  # noqa: E402
from benches.harness import ScenarioResult  # noqa: E402
from benches.harness import check_row  # noqa: E402
from benches.harness import run_scenario  # noqa: E402
from benches.report import format_time  # noqa: E402
from benches.report import table  # noqa: E402
from benches.scenarios import all_scenarios  # noqa: E402

TINY = Options(samples=2, sample_time=0.0005)


def implementation(label: str, double: object) -> Implementation:
    """An implementation whose ``mod.double`` is the given object."""
    return Implementation(label, SimpleNamespace(mod=SimpleNamespace(double=double)))


REFERENCE = implementation("reference", lambda x: x * 2)

DOUBLE = Scenario(
    name="test.double",
    description="doubles a number",
    bind=lambda ns: ns.mod.double,
    setup=lambda: 21,
)


def rows_by_label(result: ScenarioResult) -> dict[str, RowResult]:
    return {row.label: row for row in result.rows}


def test_equal_results_are_timed_round_robin() -> None:
    result = run_scenario(
        DOUBLE, REFERENCE, [implementation("same", lambda x: x + x)], TINY
    )
    for row in result.rows:
        assert row.available, row.reason
        assert len(row.samples) == TINY.samples
        assert row.calls_per_sample >= 1
        assert all(sample > 0 for sample in row.samples)


def test_different_result_is_a_mismatch_and_not_timed() -> None:
    result = run_scenario(
        DOUBLE, REFERENCE, [implementation("wrong", lambda x: x * 3)], TINY
    )
    wrong = rows_by_label(result)["wrong"]
    assert not wrong.available
    assert wrong.reason is not None and wrong.reason.startswith("result differs")
    assert "42" in wrong.reason and "63" in wrong.reason
    assert wrong.samples == []
    assert result.ratio(wrong) is None
    assert len(result.reference.samples) == TINY.samples


def not_implemented(x: int) -> int:
    raise NotImplementedError("coming soon")


def type_error(x: int) -> int:
    raise TypeError("bad argument")


def test_missing_features_print_as_not_available() -> None:
    candidates = [
        Implementation("no attribute", SimpleNamespace(mod=SimpleNamespace())),
        Implementation("no module", PackageNamespace("json")),
        implementation("not implemented", not_implemented),
        implementation("broken", type_error),
    ]
    result = run_scenario(DOUBLE, REFERENCE, candidates, TINY)
    rows = rows_by_label(result)
    assert rows["no attribute"].reason == "missing SimpleNamespace.double"
    assert rows["no module"].reason == "missing module json.mod"
    assert rows["not implemented"].reason == "NotImplementedError: coming soon"
    assert rows["broken"].reason == "error: TypeError: bad argument"

    lines = table([result]).splitlines()
    for label in candidates:
        (line,) = [line for line in lines if label.label in line]
        assert "not available" in line
        assert "n/a" in line


def test_a_value_that_changes_once_passes_the_second_check() -> None:
    calls = []

    def first_call_differs(x: int) -> int:
        calls.append(x)
        return x * 2 if len(calls) > 1 else -1

    reason = check_row(DOUBLE, 21, lambda x: x * 2, first_call_differs)
    assert reason is None
    assert check_row(DOUBLE, 21, lambda x: x * 2, lambda x: -1) is not None


def test_reference_that_is_not_deterministic_is_an_error() -> None:
    counter = iter(range(100))
    flaky = implementation("flaky", lambda x: next(counter))
    with pytest.raises(RuntimeError, match="make the scenario deterministic"):
        run_scenario(DOUBLE, flaky, [], TINY)


def test_each_call_gets_a_fresh_input() -> None:
    # The call consumes its input: a shared input would fail on reuse.
    scenario = Scenario(
        name="test.consume",
        description="pops from a fresh list",
        bind=lambda ns: ns.mod.double,
        setup=lambda: [1, 2],
        fresh=list,
    )
    reference = implementation("reference", lambda items: items.pop() * 2)
    result = run_scenario(scenario, reference, [], TINY)
    assert len(result.reference.samples) == TINY.samples


def test_extras_are_checked_and_timed() -> None:
    scenario = Scenario(
        name="test.extras",
        description="floors",
        bind=lambda ns: ns.mod.double,
        setup=lambda: 21,
        normalise=lambda value: {"value": value},
        extras=(
            Extra("good floor", lambda x: x << 1),
            Extra("bad floor", lambda x: x),
            Extra("raw floor", lambda x: {"value": 42}, normalise=lambda v: v),
            Extra("unchecked", lambda x: None, compare=False),
        ),
    )
    rows = rows_by_label(run_scenario(scenario, REFERENCE, [], TINY))
    assert rows["good floor"].available
    assert rows["raw floor"].available
    assert rows["unchecked"].available
    assert len(rows["unchecked"].samples) == TINY.samples
    assert not rows["bad floor"].available


def test_median_best_and_ratios() -> None:
    reference = RowResult("werkzeug", "reference", samples=[4e-6, 9e-6, 6e-6])
    faster = RowResult("rostzeug", "implementation", samples=[1e-6, 3e-6, 1e-6])
    unpaired = RowResult("floor", "extra", samples=[8e-6, 12e-6])
    result = ScenarioResult("test.ratio", "", [reference, faster, unpaired])
    assert faster.median == pytest.approx(1e-6)
    assert faster.best == pytest.approx(1e-6)
    # Per round: 4/1, 9/3, 6/1; the median of those, not 6/1 (the medians).
    assert result.ratio(faster) == pytest.approx(4.0)
    assert result.best_ratio(faster) == pytest.approx(4.0)
    assert result.ratio(reference) == pytest.approx(1.0)
    # Different sample counts cannot be paired: the medians' quotient.
    assert result.ratio(unpaired) == pytest.approx(6e-6 / 10e-6)
    assert result.best_ratio(unpaired) == pytest.approx(0.5)

    text = table([result])
    (line,) = [line for line in text.splitlines() if "rostzeug" in line]
    assert line.split()[1:6] == ["4.00x", "4.00x", "1", "µs", "1"]
    (line,) = [line for line in text.splitlines() if "floor" in line]
    assert line.split()[1:4] == ["0.60x", "0.50x", "10"]


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(2.5, "2.5 s"), (0.0025, "2.5 ms"), (62.5e-6, "62.5 µs"), (750e-9, "750 ns")],
)
def test_format_time(seconds: float, text: str) -> None:
    assert format_time(seconds) == text


def test_every_scenario_gives_werkzeug_equal_results() -> None:
    # Werkzeug against itself must match, and so must every floor that is
    # compared: otherwise a scenario or its normalisation is wrong.
    werkzeug = PackageNamespace("werkzeug")
    scenarios = all_scenarios()
    assert len(scenarios) >= 13
    for scenario in scenarios:
        data = scenario.setup()
        reference_call = scenario.bind(werkzeug)
        other_call = scenario.bind(PackageNamespace("werkzeug"))
        assert check_row(scenario, data, reference_call, other_call) is None
        for extra in scenario.extras:
            if extra.compare:
                reason = check_row(scenario, data, reference_call, extra.call, extra)
                assert reason is None, f"{scenario.name} / {extra.label}: {reason}"


def test_cli_self_check_writes_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "results.json"
    argv = ["--self-check", "--quick", "--filter", "http.http_date"]
    status = cli.main([*argv, "--sample-time", "0.001", "--json", str(out)])
    assert status == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    (scenario,) = data["scenarios"]
    assert scenario["name"] == "http.http_date"
    labels = [row["label"] for row in scenario["rows"]]
    assert labels[:2] == ["werkzeug", "werkzeug (again)"]
    for row in scenario["rows"]:
        assert row["available"]
        assert len(row["samples_seconds"]) == 3
        assert row["ratio"] > 0
    assert "http.http_date" in capsys.readouterr().out


def test_cli_exits_zero_with_rows_not_available(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # A candidate package that lacks everything: every row is "not available",
    # which is not a failure unless --strict asks for it.
    monkeypatch.setattr(cli, "CANDIDATE_PACKAGE", "json")
    argv = ["--quick", "--sample-time", "0.001", "--filter", "http.parse_date"]
    assert cli.main(argv) == 0
    output = capsys.readouterr().out
    assert "not available: missing module json.http" in output
    assert cli.main([*argv, "--strict"]) == 1


def test_cli_unknown_filter_fails(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["--filter", "no-such-scenario"]) == 2
    assert "--list" in capsys.readouterr().err


def test_peak_memory_body_is_generated_whole_and_measured() -> None:
    from benches import peak_memory

    body = peak_memory.GeneratedBody(3 * 1024 * 1024 + 7)
    data = b"".join(iter(lambda: body.read(100_000), b""))
    assert len(data) == body.length
    assert data.endswith(f"\r\n--{peak_memory.BOUNDARY}--\r\n".encode())
    result = peak_memory.measure("rostzeug", 4 * 1024 * 1024)
    assert result["peak_kib"] >= result["baseline_kib"] > 0
