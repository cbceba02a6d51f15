"""Sphinx configuration of rostzeug's documentation (``make docs``)."""

from __future__ import annotations

import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parent
# The project's own extension (docs/_ext/rostzeug_docs.py).
sys.path.insert(0, str(DOCS / "_ext"))

import rostzeug  # noqa: E402

project = "rostzeug"
author = "the rostzeug authors"
copyright = "rostzeug authors, BSD-3-Clause"
release = rostzeug.__version__
version = release

extensions = [
    "sphinx.ext.autodoc",
    "rostzeug_docs",
]

# _data holds the benchmark run the Performance page includes.
exclude_patterns = ["_build", "_data"]
templates_path: list[str] = []

# The API pages: members in the order of the source, each class with its
# bases; the type hints stay in the signatures.
autodoc_default_options = {
    "members": True,
    "member-order": "bysource",
    "show-inheritance": True,
}
autodoc_typehints = "signature"
autodoc_preserve_defaults = True
autodoc_inherit_docstrings = False

# Every cross-reference must resolve (`make docs` passes -n). Python's own
# documentation is not linked (no intersphinx: the build runs offline);
# docs/_ext/rostzeug_docs.py shows a reference to a name outside rostzeug as
# code without a link, and resolves the names type hints use by what they
# mean in their module. Left: aliases that exist only for type checkers.
nitpick_ignore = [
    # formparser's aliases under TYPE_CHECKING (the stream factory protocol
    # and the parse result tuple); no object at run time to document.
    ("py:class", "TStreamFactory"),
    ("py:class", "t_parse_result"),
    # Headers' aliases for type checkers (the sources its constructor, extend
    # and update take, and the values of update's mapping); no object at run
    # time to document.
    ("py:class", "_HeadersSource"),
    ("py:class", "_Values"),
]

# Quotes stay as typed: the pages quote code and header values.
smartquotes = False

html_theme = "furo"
html_title = f"rostzeug {release}"
html_static_path: list[str] = []
html_show_sourcelink = False
html_copy_source = False
html_last_updated_fmt = None
