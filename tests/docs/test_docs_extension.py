"""The documentation's Sphinx extension (``docs/_ext/rostzeug_docs.py``):
which names each API page must show, how references are looked up, and the
tables it renders from the repository's own lists."""

from __future__ import annotations

import importlib.util
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
