"""Two copies of Flask in one process: one on Werkzeug, one on rostzeug.

The benchmarks time Flask applications on both toolkits side by side, in
one process and one run, as every other scenario. Flask imports ``werkzeug``
by name, so each copy is imported with ``sys.modules`` set up for its
toolkit, and the modules it loaded are kept aside afterwards; from then on
each copy reaches its own toolkit through its own module globals.

The rostzeug copy is imported under rostzeug's alias finder (what
:func:`rostzeug.install_as_werkzeug` installs), without the check that
Werkzeug is not imported yet: here both must live side by side.
"""

from __future__ import annotations

import importlib
import sys
import types

_COPIES: dict[str, types.ModuleType] = {}


def _is_under(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")


def _take(package: str) -> dict[str, types.ModuleType]:
    """Remove ``package`` and its submodules from sys.modules; return them."""
    names = [name for name in sys.modules if _is_under(name, package)]
    return {name: sys.modules.pop(name) for name in names}


def flask_on(toolkit: str) -> types.ModuleType:
    """The ``flask`` package imported on ``toolkit`` ("werkzeug" or
    "rostzeug"), imported once per process."""
    if toolkit in _COPIES:
        return _COPIES[toolkit]
    if toolkit not in ("werkzeug", "rostzeug"):
        raise ValueError(f"unknown toolkit {toolkit!r}")
    saved_flask = _take("flask")
    finder = None
    if toolkit == "rostzeug":
        from rostzeug._alias import WerkzeugAliasFinder

        saved_werkzeug = _take("werkzeug")
        finder = WerkzeugAliasFinder()
        sys.meta_path.insert(0, finder)
    try:
        flask = importlib.import_module("flask")
        # Import what Flask would otherwise import on first use, while the
        # toolkit is in place.
        importlib.import_module("flask.testing")
        importlib.import_module("flask.json.provider")
    finally:
        _take("flask")
        sys.modules.update(saved_flask)
        if finder is not None:
            sys.meta_path.remove(finder)
            _take("werkzeug")
            sys.modules.update(saved_werkzeug)
    _COPIES[toolkit] = flask
    return flask


def toolkit_of(namespace: object) -> str:
    """The toolkit a benchmark namespace stands for: its package name."""
    package = getattr(namespace, "package", None)
    if package not in ("werkzeug", "rostzeug"):
        raise ImportError(f"no Flask copy for {namespace!r}")
    return package
