"""Pytest plugin that lets Werkzeug's test suite import rostzeug as ``werkzeug``.

Load it with ``-p conformance_shim`` (with this directory on ``PYTHONPATH``).
Before any conftest is loaded it puts :class:`WerkzeugAliasFinder` first on
:data:`sys.meta_path`. From then on ``werkzeug`` and every ``werkzeug.x.y``
is the very module object ``rostzeug.x.y``: both names in :data:`sys.modules`
point to one module, so patching by string (``"werkzeug.formparser.X"``)
changes the module rostzeug itself uses.

The finder never falls back to the real Werkzeug. A name whose rostzeug
module does not exist raises :class:`ModuleNotFoundError`.

The packages in :data:`UPSTREAM_PACKAGES` are not part of rostzeug yet. Some
tests in scope need them as helpers (the ProxyFix tests build a routing map),
so they are loaded from the unpacked Werkzeug sdist named by the environment
variable :data:`UPSTREAM_ENV`, under their ``werkzeug.*`` names. Their own
imports of other Werkzeug modules go through the finder again and so resolve
to rostzeug. Remove a package from the tuple once rostzeug provides it.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import importlib.util
import os
import sys
import types
from collections.abc import Sequence
from pathlib import Path

import pytest

ALIAS = "werkzeug"
TARGET = "rostzeug"
UPSTREAM_PACKAGES = ("routing",)
UPSTREAM_ENV = "ROSTZEUG_CONFORMANCE_UPSTREAM"
"""Path of the sdist's ``src/werkzeug`` directory, set by ``run.py``."""


class _AliasLoader(importlib.abc.Loader):
    """Returns an already imported rostzeug module for its ``werkzeug`` name."""

    def __init__(self, target: str) -> None:
        self.target = target
        self._target_spec: importlib.machinery.ModuleSpec | None = None

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> types.ModuleType:
        module = importlib.import_module(self.target)
        self._target_spec = module.__spec__
        return module

    def exec_module(self, module: types.ModuleType) -> None:
        # The import machinery has just replaced ``__spec__`` with the alias
        # spec; restore the module's own so that relative imports, resources
        # and reloads keep working under the rostzeug name.
        module.__spec__ = self._target_spec


class WerkzeugAliasFinder(importlib.abc.MetaPathFinder):
    """Maps ``werkzeug.*`` to ``rostzeug.*``, and upstream packages to the sdist.

    :param upstream_dir: the sdist's ``src/werkzeug`` directory, from which the
        packages in :data:`UPSTREAM_PACKAGES` are loaded; ``None`` makes
        importing them an error.
    """

    def __init__(self, upstream_dir: Path | None) -> None:
        self.upstream_dir = upstream_dir

    def find_spec(
        self,
        fullname: str,
        path: Sequence[str] | None,
        target: types.ModuleType | None = None,
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname != ALIAS and not fullname.startswith(ALIAS + "."):
            return None
        parts = fullname.split(".")
        if len(parts) > 1 and parts[1] in UPSTREAM_PACKAGES:
            return self._upstream_spec(fullname, parts, path)
        target_name = ".".join([TARGET, *parts[1:]])
        try:
            target_spec = importlib.util.find_spec(target_name)
        except ModuleNotFoundError as error:
            # Only a missing module on the way to the target means "missing";
            # a failing import inside rostzeug is reported as it is.
            if error.name is None or not (target_name + ".").startswith(
                error.name + "."
            ):
                raise
            target_spec = None
        if target_spec is None:
            raise ModuleNotFoundError(
                f"No module named {target_name!r} (imported as {fullname!r})",
                name=fullname,
            )
        return importlib.machinery.ModuleSpec(
            fullname,
            _AliasLoader(target_name),
            origin=target_spec.origin,
            is_package=target_spec.submodule_search_locations is not None,
        )

    def _upstream_spec(
        self, fullname: str, parts: list[str], path: Sequence[str] | None
    ) -> importlib.machinery.ModuleSpec:
        if self.upstream_dir is None:
            raise ModuleNotFoundError(
                f"No module named {fullname!r}: it is loaded from the Werkzeug"
                f" sdist, and {UPSTREAM_ENV} does not name its src/werkzeug"
                " directory",
                name=fullname,
            )
        # The top package is looked up in the sdist; its submodules in the
        # parent's ``__path__``, which then points into the sdist as well.
        search = [os.fspath(self.upstream_dir)] if len(parts) == 2 else path
        spec = importlib.machinery.PathFinder.find_spec(fullname, search)
        if spec is None:
            raise ModuleNotFoundError(
                f"No module named {fullname!r} in the Werkzeug sdist at"
                f" {self.upstream_dir}",
                name=fullname,
            )
        return spec


def install(upstream_dir: Path | None) -> WerkzeugAliasFinder:
    """Put a :class:`WerkzeugAliasFinder` first on :data:`sys.meta_path`.

    :raises RuntimeError: if some ``werkzeug`` module is imported already; it
        would be the real Werkzeug, and tests would silently use it.
    """
    imported = sorted(
        name for name in sys.modules if name == ALIAS or name.startswith(ALIAS + ".")
    )
    if imported:
        raise RuntimeError(
            f"{', '.join(imported)} imported before the conformance shim was"
            " installed; load the shim first (pytest -p conformance_shim) and"
            " make sure no other plugin imports werkzeug"
        )
    finder = WerkzeugAliasFinder(upstream_dir)
    sys.meta_path.insert(0, finder)
    return finder


def uninstall(finder: WerkzeugAliasFinder) -> None:
    """Remove ``finder`` from :data:`sys.meta_path` (modules stay imported)."""
    sys.meta_path.remove(finder)


@pytest.hookimpl(tryfirst=True)
def pytest_load_initial_conftests(early_config: pytest.Config) -> None:
    upstream = os.environ.get(UPSTREAM_ENV)
    try:
        install(Path(upstream) if upstream else None)
    except RuntimeError as error:
        raise pytest.UsageError(str(error)) from None
