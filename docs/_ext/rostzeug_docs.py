"""The documentation's own Sphinx extension.

- ``.. deliberate-differences::`` renders ``DELIBERATE`` of
  ``tests/differential/deliberate.py``, each entry with its worked example
  from ``tests/differential/test_deliberate.py``, so the page cannot drift
  from the list the differential tests use.
- ``.. benchmark-table:: FILE`` renders a JSON file written by
  ``python -m benches --json FILE``.
- ``.. top-level-names::`` lists what ``import rostzeug`` offers, from the
  package's own table.
- Docstrings of the native module (written in Markdown style) get their
  single backticks turned into reST literals.
- A native function a module offers as its own (``parse_cookie =
  _native.parse_cookie``) carries no signature worth showing, so it gets the
  one type checkers see: the module's own typed declaration (under ``if
  t.TYPE_CHECKING:``) when it has one, else the function's entry in
  ``python/rostzeug/_native.pyi``, with the names of its type hints written
  out in full. The pages say only ``.. autofunction:: name``, so there is
  no second copy of a signature to drift.
- Cross-references resolve by what a name means in the module that uses it
  (type hints name classes by their import aliases, ``SansIOResponse``);
  a name outside rostzeug is shown as code without a link, since Python's
  documentation is not reachable offline. A name that means nothing stays a
  warning.
- After reading, every API page is checked: each public name that a module
  defines (or re-exports from the native module) must be documented on its
  page, and no private name may be. A miss is a warning, so ``make docs``
  (``-W``) fails on it.
"""

from __future__ import annotations

import ast
import builtins
import collections.abc
import functools
import importlib
import inspect
import json
import re
import sys
import types
import typing as t
from pathlib import Path

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.application import Sphinx
from sphinx.domains.python import PythonDomain
from sphinx.environment import BuildEnvironment
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import make_refnode
from sphinx.util.nodes import nested_parse_with_titles

logger = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[2]
DELIBERATE_FILE = ROOT / "tests" / "differential" / "deliberate.py"
EXAMPLES_FILE = ROOT / "tests" / "differential" / "test_deliberate.py"
STUB_FILE = ROOT / "python" / "rostzeug" / "_native.pyi"


def deliberate_differences() -> dict[str, str]:
    """The ``DELIBERATE`` dict, read from the file without importing the
    test package."""
    tree = ast.parse(DELIBERATE_FILE.read_text("utf-8"))
    for node in tree.body:
        if (
            isinstance(node, ast.AnnAssign)
            and isinstance(node.target, ast.Name)
            and node.target.id == "DELIBERATE"
            and node.value is not None
        ):
            value = ast.literal_eval(node.value)
            assert isinstance(value, dict)
            return value
    raise LookupError(f"no DELIBERATE dict in {DELIBERATE_FILE}")


def worked_examples() -> dict[str, str]:
    """Each listed case's example function, as source, by case name."""
    source = EXAMPLES_FILE.read_text("utf-8")
    tree = ast.parse(source)
    functions = {
        node.name: ast.get_source_segment(source, node) or ""
        for node in tree.body
        if isinstance(node, ast.FunctionDef)
    }
    examples: dict[str, str] = {}
    for node in tree.body:
        if (
            isinstance(node, ast.AnnAssign)
            and isinstance(node.target, ast.Name)
            and node.target.id == "EXAMPLES"
            and isinstance(node.value, ast.Dict)
        ):
            for key, value in zip(node.value.keys, node.value.values, strict=True):
                if isinstance(key, ast.Constant) and isinstance(value, ast.Name):
                    examples[key.value] = functions.get(value.id, "")
    return examples


class DeliberateDifferences(SphinxDirective):
    """Renders the list of deliberate differences with their examples."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        self.env.note_dependency(str(DELIBERATE_FILE))
        self.env.note_dependency(str(EXAMPLES_FILE))
        examples = worked_examples()
        lines: list[str] = []
        for case, reason in deliberate_differences().items():
            title = case.replace("-", " ").capitalize()
            # Backslashes in the reasons are meant literally.
            text = reason.replace("\\", "\\\\")
            lines += [f".. _deliberate-{case}:", "", title, "~" * len(title), ""]
            lines += [text, "", f"Listed as ``{case}``.", ""]
            example = examples.get(case)
            if not example:
                logger.warning(
                    "deliberate difference %r has no worked example in %s",
                    case,
                    EXAMPLES_FILE,
                    location=self.get_location(),
                )
                continue
            lines += [
                ".. code-block:: python",
                "   :caption: The worked example, from "
                "tests/differential/test_deliberate.py",
                "",
            ]
            lines += ["   " + line if line else "" for line in example.splitlines()]
            lines.append("")
        container = nodes.section()
        container.document = self.state.document
        nested_parse_with_titles(
            self.state, StringList(lines, source=str(DELIBERATE_FILE)), container
        )
        return list(container.children)


class BenchmarkTable(SphinxDirective):
    """Renders the scenarios of a ``python -m benches --json`` file as a
    table: what each times, both medians and the ratios."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        relative, path = self.env.relfn2path(self.arguments[0])
        self.env.note_dependency(relative)
        data = json.loads(Path(path).read_text("utf-8"))
        lines = [
            ".. list-table::",
            "   :header-rows: 1",
            "   :widths: 46 14 14 13 13",
            "",
            "   * - scenario",
            "     - Werkzeug",
            "     - rostzeug",
            "     - ratio",
            "     - best ratio",
        ]
        for row in benchmark_rows(data):
            lines += [
                f"   * - ``{row['name']}``: {escape_rst(row['description'])}",
                f"     - {row['werkzeug']}",
                f"     - {row['rostzeug']}",
                f"     - **{row['ratio']}**",
                f"     - {row['best_ratio']}",
            ]
        container = nodes.section()
        container.document = self.state.document
        self.state.nested_parse(StringList(lines, source=path), 0, container)
        return list(container.children)


def escape_rst(text: str) -> str:
    return re.sub(r"([\\*`_|<>])", r"\\\1", text)


def format_time(seconds: float) -> str:
    for unit, scale in (("s", 1.0), ("ms", 1e-3), ("µs", 1e-6)):
        if seconds >= scale:
            return f"{seconds / scale:.3g} {unit}"
    return f"{seconds / 1e-9:.3g} ns"


def benchmark_rows(data: t.Any) -> list[dict[str, str]]:
    """One row per scenario of a ``--json`` file: its name and description,
    the median time per call of each implementation, and the ratios
    (Werkzeug's time / rostzeug's)."""
    rows = []
    for scenario in data["scenarios"]:
        by_label = {row["label"]: row for row in scenario["rows"]}
        ours = by_label.get("rostzeug")
        theirs = by_label.get("werkzeug")
        if not ours or not theirs or ours.get("ratio") is None:
            continue
        rows.append(
            {
                "name": scenario["name"],
                "description": scenario["description"],
                "werkzeug": format_time(theirs["median_seconds"]),
                "rostzeug": format_time(ours["median_seconds"]),
                "ratio": f"{ours['ratio']:.2f}x",
                "best_ratio": f"{ours['best_ratio']:.2f}x",
            }
        )
    return rows


class TopLevelNames(SphinxDirective):
    """Lists the names ``import rostzeug`` offers, by the module that
    defines them, from the package's own table (so the list cannot drift
    from what imports)."""

    def run(self) -> list[nodes.Node]:
        import rostzeug

        table: dict[str, tuple[str, ...]] = rostzeug._EXPORTS_BY_MODULE
        lines = [
            "- ``Request``, ``Response``: :class:`rostzeug.wrappers.Request`, "
            ":class:`rostzeug.wrappers.Response`"
        ]
        for module, names in table.items():
            if module.startswith("_"):
                refs = ", ".join(f":obj:`~rostzeug.{name}`" for name in names)
                lines.append(f"- from ``rostzeug`` itself: {refs}")
                continue
            refs = ", ".join(f":obj:`~rostzeug.{module}.{name}`" for name in names)
            lines.append(f"- from :mod:`rostzeug.{module}`: {refs}")
        container = nodes.section()
        container.document = self.state.document
        self.state.nested_parse(StringList(lines, source="rostzeug"), 0, container)
        return list(container.children)


def native_docstring(
    app: Sphinx,
    what: str,
    name: str,
    obj: object,
    options: object,
    lines: list[str],
) -> None:
    # The native module's docstrings mark code with single backticks, which
    # reST reads as a title reference.
    if getattr(obj, "__module__", None) == "rostzeug._native":
        lines[:] = [
            re.sub(r"(?<!`)`([^`]+)`(?!`)", native_literal, line) for line in lines
        ]


def native_literal(match: re.Match[str]) -> str:
    text = match.group(1)
    # A literal cannot start or end with a space in reST: quote those.
    return f'``"{text}"``' if text != text.strip() else f"``{text}``"


class NoSignature(LookupError):
    """A native function has no declaration to take its signature from."""


def native_signature(module_name: str, name: str) -> tuple[str, str] | None:
    """The signature, as ``(parameters, return annotation)`` text, of
    ``name`` in module ``module_name`` when it is a native function; ``None``
    for anything else.

    The module's own typed declaration wins (what users' type checkers see
    for the name), else the stub of the native function, found by the
    function's ``__name__`` (``rostzeug.sansio.http.parse_cookie`` is
    ``_native.parse_cookie_text``). Raises :exc:`NoSignature` when neither
    declares it once."""
    module = importlib.import_module(module_name)
    obj = getattr(module, name, None)
    if getattr(obj, "__module__", None) != "rostzeug._native":
        return None
    path = getattr(module, "__file__", None)
    if path and path.endswith(".py"):
        declared = declared_functions(path).get(name)
        if declared:
            return render_declaration(
                declared, qualified_names(module_name, path), f"{path}: {name}"
            )
    native_name = getattr(obj, "__name__", name)
    stubbed = declared_functions(str(STUB_FILE), stub=True).get(native_name)
    if not stubbed:
        raise NoSignature(
            f"rostzeug._native.{native_name} (offered as {module_name}.{name}) "
            f"is not declared in {STUB_FILE}: add its stub there"
        )
    return render_declaration(
        stubbed,
        qualified_names("rostzeug._native", str(STUB_FILE)),
        f"{STUB_FILE}: {native_name}",
    )


@functools.cache
def declared_functions(
    path: str, stub: bool = False
) -> dict[str, tuple[ast.FunctionDef, ...]]:
    """The functions a module declares at its top level, by name: in a stub
    every ``def``; in a module only those inside its ``if`` blocks (the
    typed declarations of native functions under ``if t.TYPE_CHECKING:``).
    An overloaded function has several."""
    body = ast.parse(Path(path).read_text("utf-8")).body
    statements: t.Iterable[ast.stmt]
    if stub:
        statements = body
    else:
        statements = (
            node
            for block in body
            if isinstance(block, ast.If)
            for node in _module_statements([block])
        )
    found: dict[str, tuple[ast.FunctionDef, ...]] = {}
    for node in statements:
        if isinstance(node, ast.FunctionDef):
            found[node.name] = (*found.get(node.name, ()), node)
    return found


def render_declaration(
    declared: tuple[ast.FunctionDef, ...], names: dict[str, str], where: str
) -> tuple[str, str]:
    if len(declared) != 1:
        # A page has one signature per function; an overloaded one needs
        # its forms written out by hand.
        raise NoSignature(
            f"{where} is declared {len(declared)} times (overloads): this "
            "extension shows one signature per native function"
        )
    node = _copy(declared[0])
    qualify = _QualifyNames(names)
    for arg in [arg for arg in ast.walk(node.args) if isinstance(arg, ast.arg)]:
        if arg.annotation is not None:
            arg.annotation = qualify.visit(arg.annotation)
    returns = ast.unparse(qualify.visit(node.returns)) if node.returns else ""
    return f"({ast.unparse(node.args)})", returns


def _copy(node: ast.FunctionDef) -> ast.FunctionDef:
    # The parsed declarations are cached: rewrite a copy.
    copied = ast.parse(ast.unparse(node)).body[0]
    assert isinstance(copied, ast.FunctionDef)
    return copied


class _QualifyNames(ast.NodeTransformer):
    """Rewrites the names in an annotation as the full names they are
    imported from (``_MultiDict`` is ``rostzeug.datastructures.MultiDict``,
    ``_t.Any`` is ``typing.Any``), so that the page links them whatever the
    declaring module calls them."""

    def __init__(self, names: dict[str, str]) -> None:
        self.names = names

    def visit_Name(self, node: ast.Name) -> ast.expr:
        return ast.Name(id=full_name(node.id, self.names), ctx=node.ctx)

    def visit_Attribute(self, node: ast.Attribute) -> ast.expr:
        dotted = ast.unparse(node)
        if not all(part.isidentifier() for part in dotted.split(".")):
            return self.generic_visit(node)  # type: ignore[return-value]
        return ast.Name(id=full_name(dotted, self.names), ctx=node.ctx)


def full_name(dotted: str, names: dict[str, str]) -> str:
    """``dotted`` with its first part replaced by what it was imported as.
    Typing's aliases of ``collections.abc`` are shown as the latter, and a
    name of ``_typeshed`` (no module at run time) by its own name."""
    head, dot, rest = dotted.partition(".")
    source = names.get(head)
    if source is None:
        return dotted
    full = source + dot + rest
    module, _, attr = full.rpartition(".")
    if module.startswith("_typeshed"):
        return attr
    if module == "typing" and attr in collections.abc.__all__:
        return f"collections.abc.{attr}"
    return full


@functools.cache
def qualified_names(module_name: str, path: str) -> dict[str, str]:
    """What each name a module imports stands for, in full:
    ``import typing as t`` gives ``t -> typing``, ``from .datastructures
    import MultiDict`` gives ``MultiDict -> rostzeug.datastructures.MultiDict``."""
    names = {
        alias: f"{base}.{name}" if base else name
        for alias, (base, name) in _import_aliases(module_name, path).items()
    }
    for node in ast.walk(ast.parse(Path(path).read_text("utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    names[alias.asname] = alias.name
                else:
                    head = alias.name.split(".")[0]
                    names[head] = head
    return names


def native_signature_hook(
    app: Sphinx,
    what: str,
    name: str,
    obj: object,
    options: object,
    signature: str | None,
    return_annotation: str | None,
) -> tuple[str, str] | None:
    if what != "function" or getattr(obj, "__module__", None) != "rostzeug._native":
        return None
    module_name, _, attr = name.rpartition(".")
    app.env.note_dependency(str(STUB_FILE))
    try:
        found = native_signature(module_name, attr)
    except NoSignature as error:
        # Autodoc formats the signatures of imported names too before it
        # leaves them out: only the module's own re-exports are shown.
        module = sys.modules.get(module_name)
        if module is not None and attr in native_reexports(module):
            logger.warning("%s", error, location=(app.env.docname, None))
        return None
    module_file = getattr(sys.modules.get(module_name), "__file__", None)
    if module_file:
        app.env.note_dependency(module_file)
    return found


def expected_names(module_name: str, pages: set[str]) -> set[str]:
    """The public names module ``module_name`` must document: those it
    lists in ``__all__`` (less any whose own module has a page of its own),
    else those defined in it or in a submodule without a page of its own,
    and the native functions it re-exports."""
    module = importlib.import_module(module_name)
    exported = getattr(module, "__all__", None)
    native = native_reexports(module)
    names = set()
    for name, value in vars(module).items():
        if name.startswith("_") or isinstance(value, (types.ModuleType, t.TypeVar)):
            continue
        if ":meta private:" in (getattr(value, "__doc__", None) or ""):
            continue
        if exported is not None and name not in exported:
            continue
        home = getattr(value, "__module__", None)
        if not isinstance(home, str) or not isinstance(
            value, (type, types.FunctionType)
        ):
            if name in native:
                names.add(name)
            continue
        if nearest_page(home, pages) == module_name:
            names.add(name)
        elif home == "rostzeug._native" and name in native:
            names.add(name)
        elif exported is not None and home not in pages and home.startswith("rostzeug"):
            names.add(name)
    return names


def nearest_page(module_name: str, pages: set[str]) -> str | None:
    """The page a module's objects are documented on: its own, else that of
    the closest package that has one (``rostzeug.wrappers.request`` is
    documented with ``rostzeug.wrappers``)."""
    parts = module_name.split(".")
    for end in range(len(parts), 0, -1):
        name = ".".join(parts[:end])
        if name in pages:
            return name
    return None


def native_reexports(module: types.ModuleType) -> set[str]:
    """Names a module takes from the native module to offer as its own:
    ``name = _native.other`` or ``from ._native import name as name``."""
    path = getattr(module, "__file__", None)
    if not path:
        return set()
    tree = ast.parse(Path(path).read_text("utf-8"))
    names = set()
    for node in _module_statements(tree.body):
        if isinstance(node, ast.ImportFrom) and (node.module or "").endswith("_native"):
            names |= {alias.name for alias in node.names if alias.asname == alias.name}
        elif (
            isinstance(node, ast.Assign)
            and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Name)
            and isinstance(node.value, ast.Attribute)
            and isinstance(node.value.value, ast.Name)
            and node.value.value.id == "_native"
            and not node.targets[0].id.startswith("_")
        ):
            names.add(node.targets[0].id)
    return names


def _module_statements(body: list[ast.stmt]) -> t.Iterator[ast.stmt]:
    """The statements of a module's top level, with those inside its ``if``
    blocks (``parse_cookie = _native.parse_cookie`` sits in the ``else`` of
    an ``if t.TYPE_CHECKING:`` that declares its typed signature)."""
    for node in body:
        if isinstance(node, ast.If):
            yield from _module_statements(node.body)
            yield from _module_statements(node.orelse)
        else:
            yield node


def check_api_pages(app: Sphinx, env: BuildEnvironment) -> None:
    domain = env.get_domain("py")
    objects = domain.objects  # type: ignore[attr-defined]
    modules = domain.modules  # type: ignore[attr-defined]
    pages = {name for name in modules if name.startswith("rostzeug")}
    for module_name in sorted(pages):
        for name in sorted(expected_names(module_name, pages)):
            if f"{module_name}.{name}" not in objects:
                logger.warning(
                    "%s.%s is public but not documented: add it to the page "
                    "of %s (docs/api/)",
                    module_name,
                    name,
                    module_name,
                    location=modules[module_name].docname,
                )
    for fullname, entry in objects.items():
        if any(
            part.startswith("_") and not part.endswith("__")
            for part in fullname.split(".")
        ):
            logger.warning(
                "%s is private but documented: leave it out of the page",
                fullname,
                location=entry.docname,
            )


def import_aliases(module: types.ModuleType) -> dict[str, tuple[str, str]]:
    """``from X import Y as Z`` anywhere at the top of a module (also under
    ``if TYPE_CHECKING:``), as ``Z -> (absolute X, Y)``: the names its type
    hints use."""
    path = getattr(module, "__file__", None)
    if not path or not path.endswith(".py"):
        return {}
    return _import_aliases(module.__name__, path)


@functools.cache
def _import_aliases(module_name: str, path: str) -> dict[str, tuple[str, str]]:
    package = (
        module_name if path.endswith("__init__.py") else module_name.rpartition(".")[0]
    )
    aliases = {}
    for node in ast.walk(ast.parse(Path(path).read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                parts = parts[: len(parts) - node.level + 1]
                base = ".".join(parts + ([base] if base else []))
            for alias in node.names:
                aliases[alias.asname or alias.name] = (base, alias.name)
    return aliases


def locate(module_name: str | None, target: str) -> object | None:
    """The object a name in a docstring or type hint of ``module_name``
    stands for, looked up as Python would (with the module's imports under
    ``TYPE_CHECKING`` too)."""
    parts = target.split(".")
    obj: object | None = None
    if parts[0] == "rostzeug":
        for end in range(len(parts), 0, -1):
            try:
                obj = importlib.import_module(".".join(parts[:end]))
            except ImportError:
                continue
            parts = parts[end:]
            break
    elif module_name:
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            return None
        if hasattr(module, parts[0]):
            obj = getattr(module, parts[0])
        else:
            source = import_aliases(module).get(parts[0])
            if source is None:
                return None
            try:
                obj = getattr(importlib.import_module(source[0]), source[1])
            except (ImportError, AttributeError):
                return None
        parts = parts[1:]
    for part in parts:
        if obj is None:
            return None
        obj = getattr(obj, part, None)
    return obj


def context_modules(module_name: str | None, class_name: str | None) -> list[str]:
    """Where a reference's names are looked up: the module of the page, and
    the module that defines the class it sits in (a class documented on a
    package's page is defined in a submodule, with its own imports)."""
    names = [module_name] if module_name else []
    if class_name:
        owner = locate(module_name, class_name.split(".")[0])
        # An inherited signature uses the names of its base's module.
        for cls in owner.__mro__ if isinstance(owner, type) else (owner,):
            home = getattr(cls, "__module__", None)
            if isinstance(home, str) and home not in names:
                names.append(home)
    return names


@functools.cache
def bound_anywhere(name: str) -> bool:
    """Whether some rostzeug module binds ``name`` to something outside
    rostzeug (``t`` for typing, ``WSGIEnvironment`` from _typeshed): the
    names of the type hints in a signature documented on another module's
    page."""
    for module_name, module in list(sys.modules.items()):
        if not module_name.startswith("rostzeug") or module is None:
            continue
        value = vars(module).get(name)
        if value is not None:
            home = getattr(value, "__module__", None) or getattr(value, "__name__", "")
            if not str(home).startswith("rostzeug"):
                return True
        source = import_aliases(module).get(name)
        if source is not None and not source[0].startswith("rostzeug"):
            return True
    return False


@functools.cache
def meanings_anywhere(name: str) -> tuple[object, ...]:
    """What ``name`` stands for in each rostzeug module that binds it."""
    found = []
    for module_name, module in list(sys.modules.items()):
        if not module_name.startswith("rostzeug") or module is None:
            continue
        value = locate(module_name, name)
        if value is not None:
            found.append(value)
    return tuple(found)


def exists(module_name: str | None, class_name: str | None, target: str) -> bool:
    """Whether a referenced name means something in Python: a builtin, a
    module, an object reached from the referring module, or an attribute
    that the referring class (or the named one) sets on its instances."""
    head = target.split(".")[0]
    if head in dir(builtins):
        return True
    parts = target.split(".")
    for end in range(len(parts), 0, -1):
        try:
            obj: object = importlib.import_module(".".join(parts[:end]))
        except ImportError:
            continue
        for part in parts[end:]:
            obj = getattr(obj, part, None)
        if obj is not None:
            return True
        break
    candidates = [target]
    if class_name:
        candidates.insert(0, f"{class_name}.{target}")
    for context in context_modules(module_name, class_name):
        for candidate in candidates:
            if locate(context, candidate) is not None:
                return True
            owner_name, _, attr = candidate.rpartition(".")
            owner = locate(context, owner_name) if owner_name else None
            if isinstance(owner, type) and any(
                sets_attribute(cls, attr) for cls in owner.__mro__
            ):
                return True
    return bound_anywhere(head)


def sets_attribute(cls: type, name: str) -> bool:
    return (
        name in getattr(cls, "__slots__", ())
        or name in getattr(cls, "__annotations__", {})
        or name in instance_attributes(cls)
    )


@functools.cache
def instance_attributes(cls: type) -> frozenset[str]:
    """The names a class's methods assign as ``self.name``."""
    try:
        source = inspect.getsource(cls)
    except (OSError, TypeError):
        return frozenset()
    return frozenset(re.findall(r"\bself\.(\w+)\s*[:=]", source))


class ProjectPythonDomain(PythonDomain):
    """The Python domain, resolving a reference that names no documented
    object directly (or several) by what the name means in the module that
    uses it: ``SansIOResponse`` in ``rostzeug.wrappers.response`` is
    :class:`rostzeug.sansio.response.Response`, ``type`` is the builtin."""

    def resolve_xref(self, env, fromdocname, builder, type, target, node, contnode):  # type: ignore[no-untyped-def, override]
        modname = node.get("py:module")
        clsname = node.get("py:class")
        searchmode = 1 if node.hasattr("refspecific") else 0
        matches = self.find_obj(env, modname, clsname, target, type, searchmode)
        if len(matches) == 1 or len([m for m in matches if not m[1].aliased]) == 1:
            return super().resolve_xref(
                env, fromdocname, builder, type, target, node, contnode
            )
        name = self.documented_name(modname, clsname, target)
        if name is not None:
            entry = self.objects[name]
            return make_refnode(
                builder, fromdocname, entry.docname, entry.node_id, contnode, name
            )
        if exists(modname, clsname, target):
            # Python's own names (no intersphinx: the build is offline) and
            # members that have no entry of their own (an instance
            # attribute, a method without a docstring): shown as code
            # without a link. A name that exists nowhere stays a warning.
            return contnode
        return super().resolve_xref(
            env, fromdocname, builder, type, target, node, contnode
        )

    def documented_name(
        self, modname: str | None, clsname: str | None, target: str
    ) -> str | None:
        candidates = [target]
        if clsname:
            candidates.insert(0, f"{clsname}.{target}")
        for context in context_modules(modname, clsname):
            for candidate in candidates:
                head, _, attr = candidate.rpartition(".")
                for owner_name, member in ((candidate, None), (head, attr)):
                    if not owner_name:
                        continue
                    obj = locate(context, owner_name)
                    if obj is None:
                        continue
                    found = self.member_name(obj, member)
                    if found is not None:
                        return found
        # A class signature is read outside its class: fall back to what
        # the name means wherever rostzeug's modules use it, if that is one
        # thing.
        meanings = {id(obj): obj for obj in meanings_anywhere(target)}
        if len(meanings) == 1:
            return self.member_name(next(iter(meanings.values())), None)
        return None

    def member_name(self, obj: object, member: str | None) -> str | None:
        """The documented name of ``obj`` or of its attribute ``member``:
        from the class or its bases, else from a documented subclass that
        has it (the older base classes refer to what the full classes add)."""
        if member is None:
            name = self.public_name(obj)
            return name if name in self.objects else None
        if not isinstance(obj, type):
            return None
        for cls in obj.__mro__:
            name = self.public_name(cls)
            if name is not None and f"{name}.{member}" in self.objects:
                return f"{name}.{member}"
        for full in sorted(self.objects):
            owner_name, _, attr = full.rpartition(".")
            if attr != member or self.objects[full].aliased:
                continue
            owner = locate(None, owner_name)
            if isinstance(owner, type) and issubclass(owner, obj):
                return full
        return None

    def public_name(self, obj: object) -> str | None:
        qualname = getattr(obj, "__qualname__", None)
        module = getattr(obj, "__module__", None)
        if not isinstance(qualname, str) or not isinstance(module, str):
            return None
        canonical = f"{module}.{qualname}"
        entry = self.objects.get(canonical)
        if entry is None:
            return None
        if not entry.aliased:
            return canonical
        for name, other in self.objects.items():
            if not other.aliased and (other.docname, other.node_id) == (
                entry.docname,
                entry.node_id,
            ):
                return name
        return canonical


def setup(app: Sphinx) -> dict[str, t.Any]:
    app.add_domain(ProjectPythonDomain, override=True)
    app.add_directive("deliberate-differences", DeliberateDifferences)
    app.add_directive("benchmark-table", BenchmarkTable)
    app.add_directive("top-level-names", TopLevelNames)
    app.connect("autodoc-process-docstring", native_docstring)
    app.connect("autodoc-process-signature", native_signature_hook)
    app.connect("env-check-consistency", check_api_pages)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
