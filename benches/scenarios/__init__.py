"""The scenarios, one module per group. A new group is a module with a
``SCENARIOS`` list, added to :data:`GROUPS`."""

from __future__ import annotations

import importlib

from ..harness import Scenario

#: The modules of this package that hold scenarios, in the order they run.
GROUPS = (
    "wrappers",
    "forms",
    "http",
    "middleware",
    "proxy",
    "local",
    "flask_apps",
)


def all_scenarios() -> list[Scenario]:
    """Every scenario of every group, in order."""
    scenarios: list[Scenario] = []
    for group in GROUPS:
        module = importlib.import_module(f"{__name__}.{group}")
        scenarios.extend(module.SCENARIOS)
    names = [scenario.name for scenario in scenarios]
    duplicates = sorted({name for name in names if names.count(name) > 1})
    if duplicates:
        raise ValueError(f"scenario names must be unique; repeated: {duplicates}")
    return scenarios
