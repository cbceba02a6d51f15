"""The documentation's Sphinx extension (``docs/_ext/rostzeug_docs.py``):
which names each API page must show, how references are looked up, and the
tables it renders from the repository's own lists."""

from __future__ import annotations

import importlib
import importlib.util
import re
import sys
import typing as t
from pathlib import Path

import pytest

import rostzeug.sansio.response
from tests.differential.deliberate import DELIBERATE

EXTENSION = Path(__file__).resolve().parents[2] / "docs" / "_ext" / "rostzeug_docs.py"


@pytest.fixture(scope="module")
def ext() -> t.Any:
    spec = importlib.util.spec_from_file_location("rostzeug_docs", EXTENSION)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["rostzeug_docs"] = module
    try:
        spec.loader.exec_module(module)
        yield module
    finally:
        del sys.modules["rostzeug_docs"]


PAGES = {
    "rostzeug",
    "rostzeug.http",
    "rostzeug.sansio.http",
    "rostzeug.sansio.request",
    "rostzeug.sansio.response",
    "rostzeug.wrappers",
    "rostzeug.serving",
    "rostzeug.debug",
    "rostzeug.debug.tbtools",
}


def test_a_module_must_show_what_it_defines_and_its_native_functions(
    ext: t.Any,
) -> None:
    names = ext.expected_names("rostzeug.http", PAGES)
    assert {"parse_set_header", "parse_cookie", "dump_header", "COEP"} <= names
    assert not {name for name in names if name.startswith("_")}
    assert "t" not in names and "Enum" not in names
    # A native function offered under another name.
    assert "parse_cookie" in ext.expected_names("rostzeug.sansio.http", PAGES)


def test_a_package_shows_its_private_submodules_names_only(ext: t.Any) -> None:
    names = ext.expected_names("rostzeug.wrappers", PAGES)
    assert {"Request", "Response", "BaseRequest", "ResponseStreamMixin"} <= names
    # Defined in rostzeug.sansio.request, which has a page of its own.
    assert "AcceptMixin" not in names
    # Nothing is owed by the package itself for what its modules define.
    assert "Request" not in ext.expected_names("rostzeug", PAGES)


def test_all_and_meta_private_are_respected(ext: t.Any) -> None:
    debug = ext.expected_names("rostzeug.debug", PAGES)
    assert "DebuggedApplication" in debug
    # Listed in rostzeug.debug.__all__ but documented with tbtools.
    assert "DebugTraceback" not in debug
    assert "get_interface_ip" not in ext.expected_names("rostzeug.serving", PAGES)


def test_names_are_looked_up_as_their_module_sees_them(ext: t.Any) -> None:
    # An import alias used only by type hints.
    located = ext.locate("rostzeug.exceptions", "SansIOResponse")
    assert located is rostzeug.sansio.response.Response
    assert ext.locate("rostzeug.http", "no_such_name") is None
    assert ext.exists("rostzeug.routing", None, "re.error")
    assert ext.exists("rostzeug.http", None, "str.format")
    assert ext.exists("rostzeug.test", "EnvironBuilder", "host")  # set in __init__
    assert not ext.exists("rostzeug.http", None, "rostzeug.http.no_such_name")
    assert not ext.exists("rostzeug.test", "EnvironBuilder", "no_such_attribute")


def test_the_differences_come_from_the_differential_tests(ext: t.Any) -> None:
    assert ext.deliberate_differences() == DELIBERATE
    examples = ext.worked_examples()
    assert set(examples) == set(DELIBERATE)
    for case, source in examples.items():
        assert source.startswith("def "), case


def test_benchmark_rows(ext: t.Any) -> None:
    def row(label: str, median: float, ratio: float | None) -> dict[str, t.Any]:
        return {
            "label": label,
            "median_seconds": median,
            "ratio": ratio,
            "best_ratio": ratio,
        }

    data = {
        "scenarios": [
            {
                "name": "http.x",
                "description": "parse *one* value",
                "rows": [
                    row("werkzeug", 2.5e-6, 1.0),
                    row("rostzeug", 2.5e-7, 10.0),
                    row("floor: stdlib", 1e-6, 2.5),
                ],
            },
            {
                "name": "not.available",
                "description": "",
                "rows": [row("werkzeug", 1.0, 1.0), row("rostzeug", 0.0, None)],
            },
        ]
    }
    assert ext.benchmark_rows(data) == [
        {
            "name": "http.x",
            "description": "parse *one* value",
            "werkzeug": "2.5 µs",
            "rostzeug": "250 ns",
            "ratio": "10.00x",
            "best_ratio": "10.00x",
        }
    ]
    assert ext.escape_rst("parse *one* value") == "parse \\*one\\* value"


DOCS = EXTENSION.parents[1]


def page_modules() -> dict[str, Path]:
    """Each API page's module, with the page."""
    found = {}
    for page in sorted((DOCS / "api").glob("*.rst")):
        match = re.search(r"^\.\. automodule:: (\S+)$", page.read_text("utf-8"), re.M)
        if match:
            found[match.group(1)] = page
    return found


def test_native_functions_show_what_type_checkers_see(ext: t.Any) -> None:
    # The module's own declaration: the environ's type and the full name of
    # the dict class, whatever the module imports them as.
    args, returns = ext.native_signature("rostzeug.http", "parse_cookie")
    assert args == (
        "(header: WSGIEnvironment | str | None,"
        " cls: type[rostzeug.datastructures.MultiDict[str, str]] | None=None)"
    )
    assert returns == "rostzeug.datastructures.MultiDict[str, str]"
    # Offered under another name than the native one, and declared with
    # different parameters than rostzeug.http's.
    args, _ = ext.native_signature("rostzeug.sansio.http", "parse_cookie")
    assert args.startswith("(cookie: str | None=None, cls: ")
    # No declaration in the module: the stub's, with typing's alias of
    # collections.abc shown as the latter.
    args, returns = ext.native_signature("rostzeug.http", "dump_options_header")
    assert args == (
        "(header: str | None, options: collections.abc.Mapping[str, typing.Any])"
    )
    assert returns == "str"
    # Not a native function.
    assert ext.native_signature("rostzeug.http", "parse_set_header") is None


def test_the_stub_is_where_a_native_signature_comes_from(
    ext: t.Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stub = tmp_path / "_native.pyi"
    stub.write_text(
        "import typing as _t\n"
        "from datetime import datetime as _datetime\n"
        "from .datastructures import Headers as _Headers\n"
        "def quote_header_value(\n"
        "    value: _t.Sequence[_datetime], extra: _Headers | None = None, /\n"
        ") -> _t.Iterator[str]: ...\n"
        "@_t.overload\n"
        "def parse_date(value: str) -> _datetime: ...\n"
        "@_t.overload\n"
        "def parse_date(value: None) -> None: ...\n",
        "utf-8",
    )
    monkeypatch.setattr(ext, "STUB_FILE", stub)
    args, returns = ext.native_signature("rostzeug.http", "quote_header_value")
    assert args == (
        "(value: collections.abc.Sequence[datetime.datetime],"
        " extra: rostzeug.datastructures.Headers | None=None, /)"
    )
    assert returns == "collections.abc.Iterator[str]"
    with pytest.raises(ext.NoSignature, match="declared 2 times"):
        ext.native_signature("rostzeug.http", "parse_date")
    with pytest.raises(ext.NoSignature, match=r"_native.dump_header .*add its stub"):
        ext.native_signature("rostzeug.http", "dump_header")


def test_typed_declarations_agree_with_the_stub(ext: t.Any) -> None:
    """A module's declaration of a native function (what type checkers see)
    and the stub (what stubtest checks against the built function) must
    say the same: names, kinds, defaults and annotations."""
    stub = ext.declared_functions(str(ext.STUB_FILE), stub=True)
    stub_names = ext.qualified_names("rostzeug._native", str(ext.STUB_FILE))
    compared = []
    for module_name in page_modules():
        module = importlib.import_module(module_name)
        path = module.__file__
        declared = ext.declared_functions(path)
        for name in sorted(ext.native_reexports(module)):
            if name not in declared:
                continue
            native_name = getattr(module, name).__name__
            ours = ext.render_declaration(
                declared[name], ext.qualified_names(module_name, path), name
            )
            theirs = ext.render_declaration(stub[native_name], stub_names, name)
            assert ours == theirs, f"{module_name}.{name} and _native.{native_name}"
            compared.append(f"{module_name}.{name}")
    assert {"rostzeug.http.parse_cookie", "rostzeug.sansio.http.parse_cookie"} <= set(
        compared
    )


def test_pages_do_not_repeat_native_signatures(ext: t.Any) -> None:
    shown = []
    for module_name, page in page_modules().items():
        module = importlib.import_module(module_name)
        native = ext.native_reexports(module)
        for name in native:
            # Every one has a signature to show.
            assert ext.native_signature(module_name, name) is not None, name
        written = re.findall(
            r"^\.\. autofunction:: (\w+)\(", page.read_text("utf-8"), re.M
        )
        assert sorted(set(written) & native) == [], (
            f"{page.name} writes out signatures of native functions: say only"
            " `.. autofunction:: name`, the extension shows the declared one"
        )
        shown += [f"{module_name}.{name}" for name in native]
    assert "rostzeug.http.dump_cookie" in shown
