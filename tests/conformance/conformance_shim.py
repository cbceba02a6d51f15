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
tests in scope need them as helpers (the utility tests import the debugger's
modules), so they are loaded from the unpacked Werkzeug sdist named by the environment
variable :data:`UPSTREAM_ENV`, under their ``werkzeug.*`` names. Their own
imports of other Werkzeug modules go through the finder again and so resolve
to rostzeug. Remove a package from the tuple once rostzeug provides it.

The suite's ``dev_server`` fixture runs ``tests/live_apps/run.py`` in a
subprocess whose ``PYTHONPATH`` is the test's ``tmp_path`` only. When
:data:`DEV_SERVER_ENV` is ``"rostzeug"``, the plugin writes a
``sitecustomize.py`` into ``tmp_path`` before such a test runs; Python imports
it at startup, and it installs the same finder, so the development server
under test (and the child its reloader starts) is rostzeug's. Without the
variable the subprocess imports the real Werkzeug, as ``test_http_proxy``
needs for its upstream.
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

from rostzeug import _alias

ALIAS = "werkzeug"
TARGET = "rostzeug"
UPSTREAM_PACKAGES: tuple[str, ...] = ()
UPSTREAM_ENV = "ROSTZEUG_CONFORMANCE_UPSTREAM"
"""Path of the sdist's ``src/werkzeug`` directory, set by ``run.py``."""
DEV_SERVER_ENV = "ROSTZEUG_CONFORMANCE_DEV_SERVER"
"""``"rostzeug"`` to make the ``dev_server`` subprocesses import rostzeug as
``werkzeug``; set by ``run.py``."""


class WerkzeugAliasFinder(_alias.WerkzeugAliasFinder):
    """rostzeug's own alias finder (what ``install_as_werkzeug`` installs),
    which also loads the packages in :data:`UPSTREAM_PACKAGES` from the sdist.

    :param upstream_dir: the sdist's ``src/werkzeug`` directory, from which the
        packages in :data:`UPSTREAM_PACKAGES` are loaded; ``None`` makes
        importing them an error.
    """

    def __init__(self, upstream_dir: Path | None) -> None:
        super().__init__(TARGET)
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
        return self._alias_spec(fullname)

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


_SITECUSTOMIZE = """\
# Written by the conformance shim: the development server started from this
# directory imports rostzeug under the name werkzeug.
import os as _os
import sys as _sys
from pathlib import Path as _Path

_sys.path.append({shim_dir!r})
import conformance_shim as _shim

_upstream = _os.environ.get(_shim.UPSTREAM_ENV)
_shim.install(_Path(_upstream) if _upstream else None)
"""


def write_sitecustomize(directory: Path) -> Path:
    """Write the ``sitecustomize.py`` that installs the finder into
    ``directory`` and return its path."""
    path = directory / "sitecustomize.py"
    shim_dir = os.fspath(Path(__file__).resolve().parent)
    path.write_text(_SITECUSTOMIZE.format(shim_dir=shim_dir), encoding="utf-8")
    return path


@pytest.fixture(autouse=True)
def _dev_server_imports_rostzeug(request: pytest.FixtureRequest) -> None:
    if os.environ.get(DEV_SERVER_ENV) != "rostzeug":
        return
    if "dev_server" not in request.fixturenames:
        return
    write_sitecustomize(request.getfixturevalue("tmp_path"))
