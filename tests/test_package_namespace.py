"""The top-level package: Werkzeug 3.1's exports, the names of Werkzeug's
original documentation, submodules as attributes, and lazy loading."""

from __future__ import annotations

import importlib
import subprocess
import sys
import textwrap

import pytest

import rostzeug

# Modules that rostzeug does not provide yet; their names raise
# AttributeError until they land.
PENDING_MODULES: set[str] = set()

EXPORTS = sorted(rostzeug._LAZY_EXPORTS.items())


@pytest.mark.parametrize(("name", "module_name"), EXPORTS)
def test_each_documented_name_imports_from_the_package(
    name: str, module_name: str
) -> None:
    if module_name in PENDING_MODULES:
        assert not hasattr(rostzeug, name)
        return
    module = importlib.import_module(f"rostzeug.{module_name}")
    if name.startswith(("OrderedMultiDict", "ImmutableOrderedMultiDict")):
        with pytest.warns(DeprecationWarning):
            value = getattr(rostzeug, name)
        with pytest.warns(DeprecationWarning):
            assert value is getattr(module, name)
        return
    namespace: dict[str, object] = {}
    exec(f"from rostzeug import {name}", namespace)
    assert namespace[name] is getattr(module, name)


def test_the_original_documentation_imports() -> None:
    from rostzeug import AcceptMixin
    from rostzeug import BaseRequest
    from rostzeug import BaseResponse
    from rostzeug import Request
    from rostzeug import Response

    assert issubclass(Request, BaseRequest)
    assert issubclass(Response, BaseResponse)
    assert issubclass(Request, AcceptMixin)


def test_hasattr_never_raises() -> None:
    assert not hasattr(rostzeug, "no_such_name")
    assert not hasattr(rostzeug, "_private_missing")
    assert not hasattr(rostzeug, "not an identifier")
    for module_name in PENDING_MODULES:
        assert not hasattr(rostzeug, module_name)
    with pytest.raises(AttributeError, match="has no attribute 'no_such_name'"):
        rostzeug.no_such_name  # noqa: B018


def test_dir_lists_the_lazy_names() -> None:
    names = dir(rostzeug)
    for name in ("Request", "BaseRequest", "run_simple", "test_app", "MultiDict"):
        assert name in names


def run_python(code: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_import_stays_cheap() -> None:
    # Only what Request and Response need is imported with the package.
    loaded = run_python(
        """
        import sys
        import rostzeug
        print(" ".join(sorted(sys.modules)))
        """
    ).split()
    for module_name in ("test", "testapp", "formparser", "middleware", "_alias"):
        assert f"rostzeug.{module_name}" not in loaded


def test_submodules_are_attributes_as_after_import_werkzeug() -> None:
    output = run_python(
        """
        import rostzeug
        print(rostzeug.test.__name__, rostzeug.wrappers.__name__,
              rostzeug.middleware.__name__)
        """
    )
    assert output == "rostzeug.test rostzeug.wrappers rostzeug.middleware"
