"""Checks and times scenarios side by side, in one process.

Every scenario is first run once per implementation and the normalised
results are compared with the reference's (Werkzeug). Only the rows whose
result matches are timed: round-robin, one sample per row in turn, each
sample a loop over prepared per-call inputs whose length is calibrated to
take about ``sample_time`` seconds.
"""

from __future__ import annotations

import gc
import importlib
import math
import statistics
import time
import types
import typing as t
from collections.abc import Callable
from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import field

#: Exceptions that mean an implementation lacks the feature a scenario uses.
NOT_AVAILABLE_ERRORS: tuple[type[BaseException], ...] = (
    ImportError,
    AttributeError,
    NotImplementedError,
)

#: Upper bound for the calls of one sample, so the prepared inputs fit in
#: memory even for calls that take a few nanoseconds.
MAX_CALLS_PER_SAMPLE = 1_000_000


def _no_setup() -> None:
    return None


def _shared_input(data: t.Any) -> t.Any:
    return data


def _identity(result: t.Any) -> t.Any:
    return result


@dataclass(frozen=True)
class Extra:
    """A row timed next to the implementations that does not depend on
    them, such as a hand-written standard library version (a floor).

    :param label: the row's name in the table.
    :param call: called with one per-call input, like the function that
        :attr:`Scenario.bind` returns.
    :param compare: whether the row's normalised result must equal the
        reference's before it is timed.
    :param normalise: how to normalise the row's result, when it differs
        from the scenario's (a floor usually returns plain values already).
    """

    label: str
    call: Callable[[t.Any], t.Any]
    compare: bool = True
    normalise: Callable[[t.Any], t.Any] | None = None


@dataclass(frozen=True)
class Scenario:
    """One benchmark: how to build its input and what to call.

    :param name: a dotted name, ``group.scenario``; ``--filter`` matches it.
    :param description: one line saying what is measured.
    :param bind: called once per implementation with its module namespace
        (``ns.wrappers``, ``ns.http``, ...); returns the function to time,
        which takes one per-call input. Attribute lookups belong here, so
        they are neither timed nor repeated.
    :param setup: builds the shared data once, outside the timed region.
    :param fresh: returns one per-call input from the shared data. Inputs
        for a whole sample are prepared before its timer starts, so a copy
        made here costs nothing in the timing and the same for every row.
        By default all calls share the data itself.
    :param normalise: turns a result into plain values (lists, tuples,
        bytes, str) that can be compared across implementations.
    :param finish: releases what a result holds (closes uploaded files),
        as an application does when the request ends. Called after every
        timed call, and after normalising in the check.
    :param extras: more rows, such as a standard library floor.
    """

    name: str
    description: str
    bind: Callable[[t.Any], Callable[[t.Any], t.Any]]
    setup: Callable[[], t.Any] = _no_setup
    fresh: Callable[[t.Any], t.Any] = _shared_input
    normalise: Callable[[t.Any], t.Any] = _identity
    finish: Callable[[t.Any], None] | None = None
    extras: tuple[Extra, ...] = ()


class PackageNamespace:
    """The submodules of a package as attributes, imported on first use:
    ``PackageNamespace("werkzeug").http`` is ``werkzeug.http``.

    A submodule that does not exist raises :exc:`ImportError`, which the
    harness reports as "not available".
    """

    def __init__(self, package: str) -> None:
        self.package = package

    def __getattr__(self, name: str) -> types.ModuleType:
        if name.startswith("_"):
            raise AttributeError(name)
        module = importlib.import_module(f"{self.package}.{name}")
        setattr(self, name, module)
        return module

    def __repr__(self) -> str:
        return f"PackageNamespace({self.package!r})"


@dataclass(frozen=True)
class Implementation:
    """A library under test: its label in the table and its namespace."""

    label: str
    namespace: t.Any


@dataclass
class RowResult:
    """The outcome of one row of a scenario.

    :attr:`samples` holds seconds per call, one value per sample; it is empty
    when the row is not available, and :attr:`reason` then says why.
    """

    label: str
    kind: str  # "reference", "implementation" or "extra"
    samples: list[float] = field(default_factory=list)
    calls_per_sample: int = 0
    reason: str | None = None

    @property
    def available(self) -> bool:
        return self.reason is None

    @property
    def median(self) -> float | None:
        return statistics.median(self.samples) if self.samples else None

    @property
    def best(self) -> float | None:
        return min(self.samples) if self.samples else None


@dataclass
class ScenarioResult:
    """The rows of one scenario; the first row is the reference."""

    name: str
    description: str
    rows: list[RowResult]

    @property
    def reference(self) -> RowResult:
        return self.rows[0]

    def ratio(self, row: RowResult) -> float | None:
        """How many times faster than the reference the row is (above 1:
        faster): the median over the rounds of the reference's sample time
        divided by the row's. The samples of one round are taken one right
        after the other, so a slow phase of a shared machine affects both
        sides of a quotient alike. Without paired samples, the quotient of
        the medians."""
        reference = self.reference.samples
        if not reference or not row.samples or min(row.samples) <= 0:
            return None
        if len(reference) == len(row.samples):
            return statistics.median(a / b for a, b in zip(reference, row.samples))
        return statistics.median(reference) / statistics.median(row.samples)

    def best_ratio(self, row: RowResult) -> float | None:
        """The reference's best sample divided by the row's. Noise on a
        shared machine only ever adds time, so this is a second estimate
        that noise hardly moves."""
        reference, best = self.reference.best, row.best
        if reference is None or best is None or best <= 0:
            return None
        return reference / best


@dataclass(frozen=True)
class Options:
    """How long to measure.

    :param samples: samples per row; the median of them is reported.
    :param sample_time: the target duration of one sample, in seconds.
    :param disable_gc: switch the cyclic garbage collector off while a
        sample runs (it collects between samples instead).
    """

    samples: int = 20
    sample_time: float = 0.025
    disable_gc: bool = True


def describe_error(error: BaseException) -> str:
    """A one-line reason: what is missing, or the exception's type and
    message."""
    if isinstance(error, AttributeError) and error.name and error.obj is not None:
        owner = error.obj
        if isinstance(owner, types.ModuleType):
            owner_name = owner.__name__
        elif isinstance(owner, type):
            owner_name = owner.__qualname__
        else:
            owner_name = type(owner).__qualname__
        return f"missing {owner_name}.{error.name}"
    if isinstance(error, ModuleNotFoundError) and error.name:
        return f"missing module {error.name}"
    message = str(error).strip().splitlines()
    first = message[0] if message else ""
    name = type(error).__name__
    if isinstance(error, NOT_AVAILABLE_ERRORS):
        return f"{name}: {first}" if first else name
    return f"error: {name}: {first}" if first else f"error: {name}"


def describe_mismatch(expected: t.Any, actual: t.Any, limit: int = 60) -> str:
    """Says where two normalised results first differ, shortly."""
    expected_text, actual_text = repr(expected), repr(actual)
    index = next(
        (i for i, (a, b) in enumerate(zip(expected_text, actual_text)) if a != b),
        min(len(expected_text), len(actual_text)),
    )
    start = max(0, index - 10)
    return (
        f"result differs at char {index}: "
        f"expected {expected_text[start : start + limit]!r}, "
        f"got {actual_text[start : start + limit]!r}"
    )


def _normalised(
    scenario: Scenario,
    normalise: Callable[[t.Any], t.Any],
    call: Callable[[t.Any], t.Any],
    data: t.Any,
    finish: Callable[[t.Any], None] | None,
) -> t.Any:
    result = call(scenario.fresh(data))
    try:
        return normalise(result)
    finally:
        if finish is not None:
            finish(result)


def _finishing(
    call: Callable[[t.Any], t.Any], finish: Callable[[t.Any], None] | None
) -> Callable[[t.Any], t.Any]:
    """The function to time: ``call``, followed by ``finish`` if given."""
    if finish is None:
        return call
    return lambda item: finish(call(item))


def check_row(
    scenario: Scenario,
    data: t.Any,
    reference_call: Callable[[t.Any], t.Any],
    call: Callable[[t.Any], t.Any],
    extra: Extra | None = None,
) -> str | None:
    """Runs ``call`` and the reference once each on fresh inputs and returns
    why the row cannot be timed, or None when the results are equal.
    ``extra`` is given for an extra row: its result is normalised as it
    says, and :attr:`Scenario.finish` does not apply to it.

    A mismatch is checked a second time, so values that depend on the clock
    (a cookie's Expires) do not fail when a second boundary falls between
    the two calls.
    """
    reason = None
    extra_normalise = None
    if extra is not None:
        extra_normalise = extra.normalise or scenario.normalise
    for _attempt in range(2):
        expected = _normalised(
            scenario, scenario.normalise, reference_call, data, scenario.finish
        )
        try:
            if extra_normalise is None:
                actual = _normalised(
                    scenario, scenario.normalise, call, data, scenario.finish
                )
            else:
                actual = _normalised(scenario, extra_normalise, call, data, None)
        except Exception as e:
            return describe_error(e)
        if actual == expected:
            return None
        reason = describe_mismatch(expected, actual)
    return reason


def _time_sample(
    call: Callable[[t.Any], t.Any], inputs: Sequence[t.Any], disable_gc: bool
) -> float:
    """Seconds for calling ``call`` once per input."""
    gc.collect()
    gc_was_enabled = gc.isenabled()
    if disable_gc:
        gc.disable()
    try:
        start = time.perf_counter()
        for item in inputs:
            call(item)
        return time.perf_counter() - start
    finally:
        if gc_was_enabled:
            gc.enable()


def _prepare(scenario: Scenario, data: t.Any, count: int) -> list[t.Any]:
    fresh = scenario.fresh
    if fresh is _shared_input:
        return [data] * count
    return [fresh(data) for _ in range(count)]


def calibrate(
    scenario: Scenario,
    data: t.Any,
    call: Callable[[t.Any], t.Any],
    options: Options,
) -> int:
    """The number of calls that takes about ``options.sample_time``; the
    runs it makes also warm the row up."""
    target = options.sample_time
    count = 1
    while True:
        elapsed = _time_sample(
            call, _prepare(scenario, data, count), options.disable_gc
        )
        if elapsed >= target / 4 or count >= MAX_CALLS_PER_SAMPLE:
            break
        if elapsed <= 0 or elapsed < target / 100:
            count *= 10
        else:
            count = math.ceil(count * target / (2 * elapsed))
        count = min(count, MAX_CALLS_PER_SAMPLE)
    estimate = count * target / elapsed if elapsed > 0 else MAX_CALLS_PER_SAMPLE
    return max(1, min(MAX_CALLS_PER_SAMPLE, round(estimate)))


def run_scenario(
    scenario: Scenario,
    reference: Implementation,
    candidates: Sequence[Implementation],
    options: Options,
) -> ScenarioResult:
    """Checks every row of ``scenario`` against the reference, then times the
    rows that match. The reference must run: its failures propagate."""
    data = scenario.setup()
    reference_call = scenario.bind(reference.namespace)
    rows = [RowResult(reference.label, "reference")]
    calls: dict[int, Callable[[t.Any], t.Any]] = {
        0: _finishing(reference_call, scenario.finish)
    }

    # The reference itself goes through the check too: a normalisation that
    # is not deterministic shows up as a mismatch of Werkzeug with itself.
    reference_reason = check_row(scenario, data, reference_call, reference_call)
    if reference_reason is not None:
        raise RuntimeError(
            f"{scenario.name}: the reference gives different results on two"
            f" calls ({reference_reason}); make the scenario deterministic."
        )

    for implementation in candidates:
        row = RowResult(implementation.label, "implementation")
        rows.append(row)
        try:
            call = scenario.bind(implementation.namespace)
        except Exception as e:
            row.reason = describe_error(e)
            continue
        row.reason = check_row(scenario, data, reference_call, call)
        if row.reason is None:
            calls[len(rows) - 1] = _finishing(call, scenario.finish)

    for extra in scenario.extras:
        row = RowResult(extra.label, "extra")
        rows.append(row)
        if extra.compare:
            row.reason = check_row(scenario, data, reference_call, extra.call, extra)
        if row.reason is None:
            calls[len(rows) - 1] = extra.call

    timed = list(calls)
    for index in list(timed):
        try:
            rows[index].calls_per_sample = calibrate(
                scenario, data, calls[index], options
            )
        except Exception as e:
            if index == 0:
                raise
            rows[index].reason = "while timing: " + describe_error(e)
            timed.remove(index)

    for sample in range(options.samples):
        # Rotating the order keeps any effect of running first or last
        # (caches, CPU frequency) from always landing on the same row.
        shift = sample % len(timed)
        for index in timed[shift:] + timed[:shift]:
            row = rows[index]
            if not row.available:
                continue
            inputs = _prepare(scenario, data, row.calls_per_sample)
            try:
                elapsed = _time_sample(calls[index], inputs, options.disable_gc)
            except Exception as e:
                if index == 0:
                    raise
                row.reason = "while timing: " + describe_error(e)
                row.samples.clear()
                continue
            del inputs
            row.samples.append(elapsed / row.calls_per_sample)
    return ScenarioResult(scenario.name, scenario.description, rows)


def loop_overhead(options: Options) -> float:
    """Seconds per call that the timing loop itself adds: the loop over the
    prepared inputs and one call of a built-in that does nothing useful.
    It is part of every row's time and is not subtracted, so for calls of
    a few hundred nanoseconds it narrows the ratios a little."""
    noop = Scenario(name="overhead", description="", bind=lambda ns: id)
    count = calibrate(noop, None, id, options)
    inputs = _prepare(noop, None, count)
    best = min(
        _time_sample(id, inputs, options.disable_gc) for _ in range(options.samples)
    )
    return best / count
