"""The import shim of the conformance run (tests/conformance/conformance_shim.py):
``werkzeug.*`` names are rostzeug's modules themselves, nothing falls back to
Werkzeug, and the packages rostzeug lacks come from a given sdist directory."""

from __future__ import annotations

import importlib
import importlib.util
import sys
import types
from collections.abc import Iterator
from pathlib import Path

import pytest

import rostzeug

SHIM_PATH = Path(__file__).parent / "conformance" / "conformance_shim.py"


def load_shim() -> types.ModuleType:
    spec = importlib.util.spec_from_file_location("conformance_shim", SHIM_PATH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def is_alias_name(name: str) -> bool:
    return name == "werkzeug" or name.startswith("werkzeug.")


@pytest.fixture
def shim() -> Iterator[types.ModuleType]:
    """The shim module; whatever it installs and imports is undone afterwards,
    including a real Werkzeug that other tests may have imported."""
    module = load_shim()
    saved = {name: mod for name, mod in sys.modules.items() if is_alias_name(name)}
    for name in saved:
        del sys.modules[name]
    rostzeug_attributes = set(vars(rostzeug))
    meta_path = list(sys.meta_path)
    try:
        yield module
    finally:
        sys.meta_path[:] = meta_path
        for name in [name for name in sys.modules if is_alias_name(name)]:
            del sys.modules[name]
        sys.modules.update(saved)
        # Importing werkzeug.X sets ``X`` on its parent, rostzeug.
        for name in set(vars(rostzeug)) - rostzeug_attributes:
            delattr(rostzeug, name)


def write_files(root: Path, files: dict[str, str]) -> None:
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def test_werkzeug_modules_are_the_rostzeug_modules(
    shim: types.ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    shim.install(None)
    import werkzeug.datastructures
    from werkzeug.wrappers import Request

    import rostzeug.datastructures
    import rostzeug.wrappers

    assert werkzeug is rostzeug
    assert sys.modules["werkzeug.datastructures"] is rostzeug.datastructures
    assert sys.modules["werkzeug.wrappers"] is rostzeug.wrappers
    assert Request is rostzeug.wrappers.Request
    # The module keeps its own spec, so its relative imports still work.
    assert rostzeug.datastructures.__spec__ is not None
    assert rostzeug.datastructures.__spec__.name == "rostzeug.datastructures"
    # Patching by the werkzeug name changes what rostzeug itself sees.
    codes = {200: "Fine"}
    monkeypatch.setattr("werkzeug.http.HTTP_STATUS_CODES", codes)
    assert importlib.import_module("rostzeug.http").HTTP_STATUS_CODES is codes


def test_never_falls_back_to_another_werkzeug(
    shim: types.ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_files(
        tmp_path,
        {"werkzeug/__init__.py": "FAKE = True\n", "werkzeug/only_there.py": ""},
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    shim.install(None)

    werkzeug = importlib.import_module("werkzeug")
    assert werkzeug is rostzeug
    assert not hasattr(werkzeug, "FAKE")
    with pytest.raises(ModuleNotFoundError, match=r"rostzeug\.only_there") as info:
        importlib.import_module("werkzeug.only_there")
    assert info.value.name == "werkzeug.only_there"
    with pytest.raises(ImportError, match="only_there"):
        exec("from werkzeug import only_there", {})
    assert "werkzeug.only_there" not in sys.modules


# A package name neither rostzeug nor Werkzeug has, borrowed from a made-up
# sdist, so that these tests keep testing the mechanism whatever rostzeug
# still borrows.
BORROWED = "borrowedpkg"


def test_upstream_packages_need_the_sdist(
    shim: types.ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(shim, "UPSTREAM_PACKAGES", (BORROWED,))
    shim.install(None)
    with pytest.raises(ModuleNotFoundError, match=shim.UPSTREAM_ENV):
        importlib.import_module(f"werkzeug.{BORROWED}")


def test_upstream_packages_load_from_the_sdist_and_import_rostzeug(
    shim: types.ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(shim, "UPSTREAM_PACKAGES", (BORROWED,))
    upstream = tmp_path / "src" / "werkzeug"
    write_files(
        upstream,
        {
            f"{BORROWED}/__init__.py": (
                "from ..datastructures import MultiDict\nfrom .rules import RULE\n"
            ),
            f"{BORROWED}/rules.py": "from ..http import HTTP_STATUS_CODES\nRULE = 1\n",
        },
    )
    shim.install(upstream)

    package = importlib.import_module(f"werkzeug.{BORROWED}")
    rules = sys.modules[f"werkzeug.{BORROWED}.rules"]

    import rostzeug.datastructures
    import rostzeug.http

    assert package.__name__ == f"werkzeug.{BORROWED}"
    assert package.__file__ == str(upstream / BORROWED / "__init__.py")
    assert package.RULE == 1
    assert package.MultiDict is rostzeug.datastructures.MultiDict
    assert rules.HTTP_STATUS_CODES is rostzeug.http.HTTP_STATUS_CODES
    assert f"rostzeug.{BORROWED}" not in sys.modules
    with pytest.raises(ModuleNotFoundError, match=rf"werkzeug\.{BORROWED}\.missing"):
        importlib.import_module(f"werkzeug.{BORROWED}.missing")


def test_packages_not_borrowed_are_rostzeugs(shim: types.ModuleType) -> None:
    # rostzeug has its own debug package: it is never taken from the sdist.
    assert "debug" not in shim.UPSTREAM_PACKAGES
    shim.install(None)
    import werkzeug.debug

    import rostzeug.debug

    assert werkzeug.debug is rostzeug.debug


def test_errors_inside_the_target_module_surface_unchanged(
    shim: types.ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_files(
        tmp_path,
        {
            "shimtarget/__init__.py": "",
            "shimtarget/broken.py": "import shim_test_no_such_module\n",
        },
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(shim, "TARGET", "shimtarget")
    shim.install(None)

    assert importlib.import_module("werkzeug") is importlib.import_module("shimtarget")
    with pytest.raises(ModuleNotFoundError) as info:
        importlib.import_module("werkzeug.broken")
    assert info.value.name == "shim_test_no_such_module"


def test_refuses_to_install_after_werkzeug_was_imported(
    shim: types.ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "werkzeug", types.ModuleType("werkzeug"))
    meta_path = list(sys.meta_path)
    with pytest.raises(RuntimeError, match="imported before the conformance shim"):
        shim.install(None)
    assert sys.meta_path == meta_path


def test_uninstall_removes_the_finder(shim: types.ModuleType) -> None:
    finder = shim.install(None)
    assert sys.meta_path[0] is finder
    shim.uninstall(finder)
    assert finder not in sys.meta_path
