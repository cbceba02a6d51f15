"""rostzeug: Werkzeug's WSGI toolkit, rebuilt on a Rust core.

The API follows Werkzeug 3.1, module for module, so code written for
Werkzeug runs with ``import rostzeug as werkzeug``.
"""

from .wrappers import Request as Request
from .wrappers import Response as Response

__version__ = "0.1.0"
