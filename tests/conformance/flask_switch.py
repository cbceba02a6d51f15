"""Pytest plugin that runs Flask's test suite on rostzeug.

Load it with ``-p flask_switch`` (with this directory on ``PYTHONPATH``).
Before any conftest is loaded, so before Flask is imported, it switches
``werkzeug`` to rostzeug with the public :func:`rostzeug.install_as_werkzeug`,
the way a user would.

While rostzeug lacks some of Werkzeug's packages, ``run.py`` names them in
the environment variable :data:`BORROW_ENV`; they are then loaded from the
Werkzeug sdist by :mod:`conformance_shim` (their own imports of other Werkzeug
modules resolve to rostzeug), and the run prints what it borrowed.
"""

from __future__ import annotations

import importlib
import os
import sys
from pathlib import Path

import pytest

BORROW_ENV = "ROSTZEUG_CONFORMANCE_BORROW"


@pytest.hookimpl(tryfirst=True)
def pytest_load_initial_conftests(early_config: pytest.Config) -> None:
    borrowed = tuple(filter(None, os.environ.get(BORROW_ENV, "").split(",")))
    if borrowed:
        import conformance_shim

        conformance_shim.UPSTREAM_PACKAGES = borrowed
        upstream = os.environ.get(conformance_shim.UPSTREAM_ENV)
        try:
            conformance_shim.install(Path(upstream) if upstream else None)
        except RuntimeError as error:
            raise pytest.UsageError(str(error)) from None
        # ``from werkzeug import run_simple`` is resolved by rostzeug's own
        # package, which imports ``rostzeug.serving``: give it the borrowed one.
        for package in borrowed:
            module = importlib.import_module(f"werkzeug.{package}")
            sys.modules.setdefault(f"rostzeug.{package}", module)
        return

    import rostzeug

    try:
        rostzeug.install_as_werkzeug()
    except RuntimeError as error:
        raise pytest.UsageError(str(error)) from None
