"""The results as a text table and as JSON."""

from __future__ import annotations

import typing as t
from collections.abc import Sequence

from .harness import RowResult
from .harness import ScenarioResult

NOT_AVAILABLE = "not available"
REASON_WIDTH = 80


def format_time(seconds: float | None) -> str:
    """A duration with three significant digits and a unit that fits."""
    if seconds is None:
        return "-"
    for unit, scale in (("s", 1.0), ("ms", 1e-3), ("µs", 1e-6)):
        if seconds >= scale:
            return f"{seconds / scale:.3g} {unit}"
    return f"{seconds / 1e-9:.3g} ns"


def format_ratio(ratio: float | None) -> str:
    return "-" if ratio is None else f"{ratio:.2f}x"


def _shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def table(results: Sequence[ScenarioResult]) -> str:
    """One line per row: the ratio to the reference first, as it is the
    figure that stays comparable between runs on a shared machine."""
    header = (
        "scenario",
        "implementation",
        "ratio",
        "best ratio",
        "median",
        "best",
        "calls",
        "note",
    )
    lines: list[tuple[str, ...]] = []
    for result in results:
        for position, row in enumerate(result.rows):
            name = result.name if position == 0 else ""
            if row.available:
                lines.append(
                    (
                        name,
                        row.label,
                        format_ratio(result.ratio(row)),
                        format_ratio(result.best_ratio(row)),
                        format_time(row.median),
                        format_time(row.best),
                        str(row.calls_per_sample),
                        "",
                    )
                )
            else:
                note = _shorten(f"{NOT_AVAILABLE}: {row.reason}", REASON_WIDTH)
                lines.append((name, row.label, "n/a", "-", "-", "-", "-", note))
    widths = [
        max(len(line[column]) for line in [header, *lines])
        for column in range(len(header))
    ]
    right_aligned = {2, 3, 4, 5, 6}

    def render(line: tuple[str, ...]) -> str:
        cells = [
            cell.rjust(width) if column in right_aligned else cell.ljust(width)
            for column, (cell, width) in enumerate(zip(line, widths))
        ]
        return "  ".join(cells).rstrip()

    out = [render(header), render(tuple("-" * width for width in widths))]
    previous_name = None
    for line, result_name in zip(
        lines, [r.name for r in results for _ in r.rows], strict=True
    ):
        if previous_name is not None and result_name != previous_name:
            out.append("")
        previous_name = result_name
        out.append(render(line))
    return "\n".join(out)


def _row_json(result: ScenarioResult, row: RowResult) -> dict[str, t.Any]:
    return {
        "label": row.label,
        "kind": row.kind,
        "available": row.available,
        "reason": row.reason,
        "median_seconds": row.median,
        "best_seconds": row.best,
        "ratio": result.ratio(row),
        "best_ratio": result.best_ratio(row),
        "calls_per_sample": row.calls_per_sample,
        "samples_seconds": list(row.samples),
    }


def to_json(
    results: Sequence[ScenarioResult], meta: dict[str, t.Any]
) -> dict[str, t.Any]:
    """Everything measured, with ``meta`` (versions, options) alongside."""
    return {
        **meta,
        "ratio": "median over rounds of reference sample / row sample",
        "best_ratio": "reference best sample / row best sample",
        "scenarios": [
            {
                "name": result.name,
                "description": result.description,
                "rows": [_row_json(result, row) for row in result.rows],
            }
            for result in results
        ],
    }
