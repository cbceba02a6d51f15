"""A small WSGI application that shows what it runs on: the request's WSGI
environ, the Python interpreter, ``sys.path`` and the installed
distributions. Serve it to check that a server passes requests through as
it should::

    python -m rostzeug.testapp

or, from Python::

    from rostzeug.serving import run_simple
    from rostzeug.testapp import test_app

    run_simple("localhost", 5000, test_app)
"""

from __future__ import annotations

import importlib.metadata
import os
import sys
import typing as t
from html import escape

from .wrappers.request import Request
from .wrappers.response import Response

_PAGE = """\
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>rostzeug test application</title>
<style>
  :root {{ color-scheme: light dark; --accent: #b7410e; --muted: #6b6b6b;
          --line: rgba(127, 127, 127, 0.25); }}
  body {{ margin: 0; font: 15px/1.5 system-ui, sans-serif; }}
  header {{ padding: 1.5rem 2rem 1rem; border-bottom: 3px solid var(--accent); }}
  header h1 {{ margin: 0; font-size: 1.6rem; }}
  header h1 span {{ color: var(--accent); }}
  header p {{ margin: 0.25rem 0 0; color: var(--muted); }}
  main {{ padding: 0 2rem 2rem; max-width: 70rem; }}
  h2 {{ font-size: 1.1rem; margin: 1.75rem 0 0.5rem; }}
  table {{ border-collapse: collapse; width: 100%; table-layout: fixed; }}
  th, td {{ text-align: left; vertical-align: top; padding: 0.3rem 0.5rem;
           border-bottom: 1px solid var(--line); }}
  th {{ width: 16rem; font-weight: 600; overflow-wrap: anywhere; }}
  td code, li code {{ font: 13px/1.4 ui-monospace, monospace;
                      overflow-wrap: anywhere; white-space: pre-wrap; }}
  ul {{ margin: 0; padding-left: 1.25rem; }}
  ul.columns {{ columns: 16rem; }}
  .note {{ color: var(--muted); font-size: 0.9em; }}
  .flag {{ font-size: 0.75em; border: 1px solid var(--line); border-radius: 3px;
          padding: 0 0.3em; margin-left: 0.4em; color: var(--muted); }}
</style>
</head>
<body>
<header>
  <h1><span>rostzeug</span> test application</h1>
  <p>If you can read this, the server passed the request to a WSGI application.</p>
</header>
<main>
  <h2>Interpreter</h2>
  <table>
    <tr><th>Python</th><td><code>{python_version}</code></td></tr>
    <tr><th>Platform</th><td><code>{platform}</code> ({os_name},
      {byteorder}-endian)</td></tr>
    <tr><th>rostzeug</th><td><code>{rostzeug_version}</code></td></tr>
  </table>
  <h2>WSGI environ</h2>
  <table>
{environ_rows}
  </table>
  <h2>sys.path</h2>
  <p class="note">Entries are shown as absolute paths; <em>relative</em> marks
    one given relative to the working directory, <em>not a directory</em> one
    that is a zip file or does not exist.</p>
  <ul>
{path_items}
  </ul>
  <h2>Installed distributions</h2>
  <ul class="columns">
{distribution_items}
  </ul>
</main>
</body>
</html>
"""


def iter_sys_path() -> t.Iterator[tuple[str, bool, bool]]:
    """Yields each entry of :data:`sys.path` as ``(path, virtual,
    expanded)``: the absolute path (with the home directory shortened to
    ``~`` on POSIX), whether it is not a directory (a zip file, or missing),
    and whether it was given relative to the working directory."""
    home = os.path.expanduser("~") if os.name == "posix" else None
    cwd = os.path.abspath(os.getcwd())
    for entry in sys.path:
        path = os.path.join(cwd, entry or os.path.curdir)
        shown = os.path.normpath(path)
        if home and shown.startswith(home):
            shown = "~" + shown[len(home) :]
        yield shown, not os.path.isdir(path), path != entry


def _distributions() -> list[tuple[str, str]]:
    found: dict[str, str] = {}
    for distribution in importlib.metadata.distributions():
        name = distribution.metadata["Name"]
        if name:
            found.setdefault(name, distribution.version or "unknown")
    return sorted(found.items(), key=lambda item: item[0].lower())


def _version() -> str:
    try:
        return importlib.metadata.version("rostzeug")
    except importlib.metadata.PackageNotFoundError:
        from . import __version__

        return __version__


def render_testapp(request: Request) -> str:
    """The test application's page for ``request``, as HTML."""
    environ_rows = "\n".join(
        f"    <tr><th>{escape(str(key))}</th>"
        f"<td><code>{escape(repr(value))}</code></td></tr>"
        for key, value in sorted(
            request.environ.items(), key=lambda item: str(item[0]).lower()
        )
    )
    path_items = []
    for path, virtual, expanded in iter_sys_path():
        flags = "".join(
            f'<span class="flag">{label}</span>'
            for label, present in (("relative", expanded), ("not a directory", virtual))
            if present
        )
        path_items.append(f"    <li><code>{escape(path)}</code>{flags}</li>")
    distribution_items = "\n".join(
        f"    <li>{escape(name)} <span class='note'>{escape(version)}</span></li>"
        for name, version in _distributions()
    )
    return _PAGE.format(
        python_version=escape(sys.version),
        platform=escape(sys.platform),
        os_name=escape(os.name),
        byteorder=sys.byteorder,
        rostzeug_version=escape(_version()),
        environ_rows=environ_rows,
        path_items="\n".join(path_items),
        distribution_items=distribution_items,
    )


@Request.application
def test_app(request: Request) -> Response:
    """A WSGI application that answers every request with a page showing
    the request's WSGI environ, the interpreter, ``sys.path`` and the
    installed distributions."""
    return Response(render_testapp(request), mimetype="text/html")


if __name__ == "__main__":
    from .serving import run_simple  # type: ignore[import-not-found]

    run_simple("localhost", 5000, test_app, use_reloader=True)
