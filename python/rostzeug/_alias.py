"""Make ``import werkzeug`` give rostzeug, for code that imports Werkzeug by
name: Flask, its extensions and the libraries built on Werkzeug.

:func:`install_as_werkzeug` puts a finder first on :data:`sys.meta_path`.
From then on ``werkzeug`` and every ``werkzeug.x.y`` is the very module
object ``rostzeug.x.y``: one module under two names in :data:`sys.modules`,
so ``isinstance`` and ``except`` work across both names, patching
``"werkzeug.x.NAME"`` patches what rostzeug uses, and objects pickled with
Werkzeug's class paths unpickle as rostzeug's classes.

The installed Werkzeug distribution is left alone: its metadata still
answers ``importlib.metadata.version("werkzeug")``, which Flask reads.
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

ALIAS = "werkzeug"
TARGET = "rostzeug"
ENVIRONMENT_VARIABLE = "ROSTZEUG_AS_WERKZEUG"
"""Set to ``1`` to switch at interpreter start (read by the ``.pth`` file
that the wheel installs)."""


class _AliasLoader(importlib.abc.Loader):
    """Hands out the rostzeug module for its ``werkzeug`` name."""

    def __init__(self, target: str) -> None:
        self.target = target
        self._target_spec: importlib.machinery.ModuleSpec | None = None

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> types.ModuleType:
        module = importlib.import_module(self.target)
        self._target_spec = module.__spec__
        return module

    def exec_module(self, module: types.ModuleType) -> None:
        # The import system has just set the alias spec on the module; put
        # its own back, so relative imports, resources and reloads keep
        # working under the rostzeug name.
        module.__spec__ = self._target_spec


class WerkzeugAliasFinder(importlib.abc.MetaPathFinder):
    """Finds ``werkzeug.*`` modules as the ``rostzeug.*`` module of the same
    name. It never falls back to the real Werkzeug: a module rostzeug does
    not have raises :exc:`ModuleNotFoundError` naming both names.

    :param target: the package that stands in for Werkzeug.
    """

    def __init__(self, target: str = TARGET) -> None:
        self.target = target

    def find_spec(
        self,
        fullname: str,
        path: Sequence[str] | None,
        target: types.ModuleType | None = None,
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname != ALIAS and not fullname.startswith(ALIAS + "."):
            return None
        return self._alias_spec(fullname)

    def _alias_spec(self, fullname: str) -> importlib.machinery.ModuleSpec:
        target_name = self.target + fullname[len(ALIAS) :]
        try:
            target_spec = importlib.util.find_spec(target_name)
        except ModuleNotFoundError as error:
            # Only a missing module on the way to the target means "missing";
            # an import failing inside rostzeug is reported as it is.
            if error.name is None or not (target_name + ".").startswith(
                error.name + "."
            ):
                raise
            target_spec = None
        if target_spec is None:
            raise ModuleNotFoundError(
                f"No module named {target_name!r} (imported as {fullname!r}):"
                f" {self.target} does not provide this Werkzeug module",
                name=fullname,
            )
        return importlib.machinery.ModuleSpec(
            fullname,
            _AliasLoader(target_name),
            origin=target_spec.origin,
            is_package=target_spec.submodule_search_locations is not None,
        )


def _installed_finder() -> WerkzeugAliasFinder | None:
    for finder in sys.meta_path:
        if isinstance(finder, WerkzeugAliasFinder):
            return finder
    return None


def install_as_werkzeug() -> None:
    """Make ``import werkzeug`` and every ``werkzeug.x.y`` import give the
    rostzeug module of the same name, for the rest of the process. Call it
    before anything imports Werkzeug: first thing in the program, or in a
    ``conftest.py``. Calling it again does nothing.

    .. code-block:: python

        import rostzeug

        rostzeug.install_as_werkzeug()

        from flask import Flask  # Flask now runs on rostzeug

    To switch without editing code (``flask run``, gunicorn, a reloader's
    child process), set the environment variable ``ROSTZEUG_AS_WERKZEUG=1``:
    the ``.pth`` file installed with rostzeug calls this function when the
    interpreter starts.

    :raises RuntimeError: if a ``werkzeug`` module was imported already.
        That is the real Werkzeug, and objects made by it would not be
        rostzeug's.

    .. versionadded:: 0.1
    """
    if _installed_finder() is not None:
        return
    imported = sorted(
        name
        for name, module in sys.modules.items()
        if (name == ALIAS or name.startswith(ALIAS + "."))
        and getattr(module, "__name__", name).split(".")[0] != TARGET
    )
    if imported:
        shown = ", ".join(imported[:5]) + (", ..." if len(imported) > 5 else "")
        raise RuntimeError(
            f"Werkzeug is already imported ({shown}), so rostzeug cannot stand"
            " in for it. Call rostzeug.install_as_werkzeug() before anything"
            " imports werkzeug or Flask, or set ROSTZEUG_AS_WERKZEUG=1 in the"
            " environment to switch when the interpreter starts."
        )
    sys.meta_path.insert(0, WerkzeugAliasFinder())


def uninstall_as_werkzeug() -> None:
    """Remove the finder of :func:`install_as_werkzeug`. Modules already
    imported under the ``werkzeug`` name stay in :data:`sys.modules`.

    .. versionadded:: 0.1
    """
    finder = _installed_finder()
    if finder is not None:
        sys.meta_path.remove(finder)


def install_from_environment() -> None:
    """Call :func:`install_as_werkzeug` when ``ROSTZEUG_AS_WERKZEUG`` is set
    to anything but empty or ``0``. Run by the ``.pth`` file at startup,
    where an exception would only print a traceback and go on, so a failure
    is reported on stderr in one line instead."""
    if os.environ.get(ENVIRONMENT_VARIABLE, "") in ("", "0"):
        return
    try:
        install_as_werkzeug()
    except RuntimeError as error:
        print(f"rostzeug: {ENVIRONMENT_VARIABLE} is set, but {error}", file=sys.stderr)
