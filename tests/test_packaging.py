"""The package's metadata and the checks of ``make wheels``, without building:
the metadata names each supported Python, the README starts with what a user
needs, and the wheel check rejects a wheel that lacks a file it must ship."""

from __future__ import annotations

import importlib.util
import re
import tomllib
import zipfile
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent


def load_check_wheels() -> ModuleType:
    path = ROOT / "tests" / "wheels" / "check_wheels.py"
    spec = importlib.util.spec_from_file_location("check_wheels", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


check_wheels = load_check_wheels()
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


def test_license_file_is_bsd_3_clause_with_our_copyright() -> None:
    assert PROJECT["license"] == "BSD-3-Clause"
    assert PROJECT["license-files"] == ["LICENSE"]
    text = (ROOT / "LICENSE").read_text()
    assert text.startswith("Copyright 2026 the rostzeug authors\n")
    assert "Neither the name of the copyright holder" in text


def test_classifiers_name_exactly_the_supported_versions() -> None:
    versions = {
        classifier.rsplit(" :: ", 1)[1]
        for classifier in PROJECT["classifiers"]
        if re.fullmatch(r"Programming Language :: Python :: 3\.\d+", classifier)
    }
    assert versions == set(check_wheels.SUPPORTED)
    lowest = min(check_wheels.SUPPORTED, key=lambda v: int(v.split(".")[1]))
    assert PROJECT["requires-python"] == f">={lowest}"
    assert "Typing :: Typed" in PROJECT["classifiers"]
    assert (ROOT / "python" / "rostzeug" / "py.typed").is_file()


def test_readme_starts_with_install_then_the_hello_world() -> None:
    readme = (ROOT / PROJECT["readme"]).read_text()
    blocks = re.findall(r"```(\w+)\n(.*?)```", readme, re.DOTALL)
    assert blocks[0] == ("sh", "pip install rostzeug\n")
    assert blocks[1][0] == "python" and "Client(application)" in blocks[1][1]
    assert "install_as_werkzeug()" in readme
    assert "ROSTZEUG_AS_WERKZEUG=1" in readme
    # Contributor commands come after the user's part, under "Contributing".
    assert readme.index("make test") > readme.index("## Contributing")


def test_readme_hello_world_runs_and_prints_what_it_says(
    capsys: pytest.CaptureFixture[str],
) -> None:
    source = check_wheels.readme_hello()
    exec(compile(source, "README.md", "exec"), {"__name__": "readme"})
    assert capsys.readouterr().out == "200 OK Hello Rust!\n"


def make_wheel(path: Path, leave_out: str) -> Path:
    """A wheel-shaped archive with the repository's files, less one."""
    wheel = path / (
        "rostzeug-0.1.0-cp311-cp311-manylinux2014_x86_64.manylinux_2_17_x86_64.whl"
    )
    metadata = (
        "Metadata-Version: 2.4\nName: rostzeug\nVersion: 0.1.0\n"
        "License-Expression: BSD-3-Clause\nLicense-File: LICENSE\n"
        "Author: the rostzeug authors\n"
        + "".join(f"Classifier: {c}\n" for c in PROJECT["classifiers"])
        + "Project-URL: Source, https://example.invalid/\n\n"
        + (ROOT / "README.md").read_text()
    )
    files = {
        check_wheels.PTH: (ROOT / "python" / check_wheels.PTH).read_text(),
        "rostzeug/py.typed": "",
        "rostzeug/_native.pyi": "",
        "rostzeug/_native.cpython-311-x86_64-linux-gnu.so": "",
        "rostzeug-0.1.0.dist-info/licenses/LICENSE": (ROOT / "LICENSE").read_text(),
        "rostzeug-0.1.0.dist-info/METADATA": metadata,
    }
    with zipfile.ZipFile(wheel, "w") as archive:
        for name, text in files.items():
            if name != leave_out:
                archive.writestr(name, text)
    return wheel


def test_wheel_check_accepts_a_complete_wheel(tmp_path: Path) -> None:
    wheel = make_wheel(tmp_path, leave_out="")
    assert check_wheels.check_wheel(wheel, release=False) == "3.11"


@pytest.mark.parametrize(
    "missing",
    [
        "rostzeug_as_werkzeug.pth",
        "rostzeug-0.1.0.dist-info/licenses/LICENSE",
        "rostzeug/py.typed",
    ],
)
def test_wheel_check_rejects_a_wheel_without(tmp_path: Path, missing: str) -> None:
    wheel = make_wheel(tmp_path, leave_out=missing)
    with pytest.raises(check_wheels.Failed, match=re.escape(missing)):
        check_wheels.check_wheel(wheel, release=False)
