"""rostzeug: Werkzeug's WSGI toolkit, rebuilt on a Rust core.

The API follows Werkzeug 3.1, module for module, so code written for
Werkzeug runs with ``import rostzeug as werkzeug``.
"""

from __future__ import annotations

import typing as t

from .wrappers import Request as Request
from .wrappers import Response as Response

__version__ = "0.1.0"

# The other names Werkzeug's package exports, imported on first use so that
# importing the package stays cheap.
_LAZY_EXPORTS = {
    "Client": "test",
    "install_as_werkzeug": "_alias",
    "run_simple": "serving",
}


def __getattr__(name: str) -> t.Any:
    module_name = _LAZY_EXPORTS.get(name)
    if module_name is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    return getattr(import_module(f".{module_name}", __name__), name)
