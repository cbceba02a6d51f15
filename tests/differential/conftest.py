"""Hypothesis profiles of the differential tests.

``ci`` (the default, used by ``make test``) draws a fixed sequence of
examples (``derandomize``), sized so that the whole of ``tests/differential``
runs in about a minute on two cores; ``long`` (``make fuzz-diff``) draws many
more (``ROSTZEUG_DIFF_EXAMPLES`` per test, 5000 by default), from a random
seed each run unless ``--hypothesis-seed`` is given.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck
from hypothesis import settings

_COMMON = {
    "deadline": None,
    "database": None,
    "print_blob": True,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large],
}

settings.register_profile("ci", max_examples=300, derandomize=True, **_COMMON)
settings.register_profile(
    "long",
    max_examples=int(os.environ.get("ROSTZEUG_DIFF_EXAMPLES", "5000")),
    **_COMMON,
)
settings.load_profile(os.environ.get("ROSTZEUG_DIFF_PROFILE", "ci"))
