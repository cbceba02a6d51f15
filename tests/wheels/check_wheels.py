"""Builds and checks the release artifacts: ``make wheels``.

With ``--build``, builds into DIST one manylinux2014 (glibc 2.17) x86_64
wheel per supported CPython, one at a time, the source distribution, and a
wheel from that source distribution (in DIST/from-sdist/). Then checks
them: each wheel's tags, auditwheel's verdict, the files and metadata both
artifacts must carry, and a smoke test of each wheel in a fresh virtualenv
of its Python: the documentation's hello-world (``examples/hello.py``)
through ``rostzeug.test.Client``, and ``ROSTZEUG_AS_WERKZEUG=1``.

Minutes long, so not part of ``make test``; ``make wheels-check`` runs the
checks alone on what DIST holds.
"""

from __future__ import annotations

import argparse
import email
import email.message
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SUPPORTED = ("3.11", "3.12", "3.13")
PLATFORM_TAG = "manylinux2014_x86_64.manylinux_2_17_x86_64"
PTH = "rostzeug_as_werkzeug.pth"

SMOKE = """
import importlib.util, os, sys, sysconfig
import rostzeug._native
from rostzeug.test import Client

site = sysconfig.get_paths()["purelib"]
assert rostzeug._native.__file__.startswith(site), rostzeug._native.__file__
assert os.path.isfile(os.path.join(site, "rostzeug_as_werkzeug.pth"))
spec = importlib.util.spec_from_file_location("hello", sys.argv[1])
hello = importlib.util.module_from_spec(spec)
spec.loader.exec_module(hello)
client = Client(hello.application)
for query, text in (("?name=Rust", "Hello Rust!"), ("", "Hello World!!")):
    response = client.get("/" + query)
    assert response.status_code == 200, response.status
    assert response.get_data(as_text=True) == text, response.get_data()
    assert response.headers["Content-Type"] == "text/plain; charset=utf-8"
    print(f"examples/hello.py GET /{query}:", response.status, repr(text))
"""

SWITCH = """
import sys
import werkzeug.wrappers
import rostzeug.wrappers
assert werkzeug.wrappers is rostzeug.wrappers
print("ROSTZEUG_AS_WERKZEUG=1: werkzeug.wrappers is rostzeug.wrappers")
"""


def readme_hello() -> str:
    """The README's first Python example: the hello-world and a request to
    it through the test client."""
    readme = (ROOT / "README.md").read_text()
    match = re.search(r"```python\n(.*?)```", readme, re.DOTALL)
    if match is None or "Client(application)" not in match[1]:
        raise Failed("README.md's first Python example is not the hello-world")
    return match[1]


class Failed(Exception):
    """A check that did not pass; the message says which and why."""


def run(
    command: list[str | Path], *, env: dict[str, str] | None = None, cwd: Path = ROOT
) -> str:
    shown = " ".join(str(part) for part in command)
    print("$", shown, flush=True)
    result = subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise Failed(f"{shown} failed ({result.returncode}):\n{result.stdout}")
    return result.stdout


def version_of(python: str) -> str | None:
    try:
        result = subprocess.run(
            [python, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
    except OSError:
        return None
    return result.stdout.strip() if result.returncode == 0 else None


def find_python(version: str) -> Path | None:
    """``pythonX.Y`` on PATH, else the newest pyenv installation of X.Y."""
    candidates: list[Path] = []
    on_path = shutil.which(f"python{version}")
    if on_path:
        candidates.append(Path(on_path))
    pyenv_root = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv"))

    def patch_level(path: Path) -> tuple[int, ...]:
        name = path.parents[1].name
        return tuple(int(part) for part in re.findall(r"\d+", name))

    installed = (pyenv_root / "versions").glob(f"{version}.*/bin/python{version}")
    candidates.extend(sorted(installed, key=patch_level, reverse=True))
    for candidate in candidates:
        if version_of(str(candidate)) == version:
            return candidate
    return None


def pythons() -> dict[str, Path]:
    found = {version: find_python(version) for version in SUPPORTED}
    missing = [version for version, path in found.items() if path is None]
    if missing:
        names = ", ".join(f"python{version}" for version in missing)
        raise Failed(
            f"{names} not found on PATH nor in pyenv: each supported Python "
            "is needed to build and test its wheel; install it (for example "
            "`pyenv install 3.12`) and run again"
        )
    return {version: path for version, path in found.items() if path is not None}


def build(dist: Path, interpreters: dict[str, Path]) -> None:
    dist.mkdir(parents=True, exist_ok=True)
    for python in interpreters.values():
        run(
            [
                "maturin",
                "build",
                "--release",
                "--zig",
                "--compatibility",
                "manylinux2014",
                "--interpreter",
                python,
                "--out",
                dist,
            ]
        )
    run(["maturin", "sdist", "--out", dist])
    (sdist,) = dist.glob("rostzeug-*.tar.gz")
    # As a user's pip builds it: in an isolated environment from the
    # build-system table, with maturin held to the pinned version.
    env = dict(os.environ, PIP_CONSTRAINT=str(ROOT / "requirements" / "build.txt"))
    run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--disable-pip-version-check",
            "--wheel-dir",
            dist / "from-sdist",
            sdist,
        ],
        env=env,
    )


def read_metadata(text: str) -> email.message.Message:
    return email.message_from_string(text)


def check_metadata(where: str, metadata: email.message.Message) -> None:
    expected = {
        "License-Expression": ["BSD-3-Clause"],
        "License-File": ["LICENSE"],
    }
    for field, values in expected.items():
        if metadata.get_all(field) != values:
            raise Failed(f"{where}: {field} is {metadata.get_all(field)}")
    classifiers = set(metadata.get_all("Classifier") or [])
    wanted = {f"Programming Language :: Python :: {v}" for v in SUPPORTED}
    wanted |= {"Typing :: Typed", "Development Status :: 3 - Alpha"}
    if not wanted <= classifiers:
        raise Failed(f"{where}: classifiers lack {sorted(wanted - classifiers)}")
    if not metadata.get_all("Project-URL"):
        raise Failed(f"{where}: no Project-URL")
    if not metadata.get("Author"):
        raise Failed(f"{where}: no Author")
    description = metadata.get_payload()
    assert isinstance(description, str)
    first_block = description.find("```")
    if not description[first_block:].startswith("```sh\npip install rostzeug\n"):
        raise Failed(f"{where}: the description does not start with pip install")
    if "install_as_werkzeug()" not in description:
        raise Failed(f"{where}: the description has no Flask example")


def check_wheel(wheel: Path, *, release: bool) -> str:
    """Checks one wheel's name, files and metadata; returns its Python
    version, X.Y."""
    match = re.fullmatch(r"rostzeug-[^-]+-cp3(\d+)-cp3(\d+)-(.+)\.whl", wheel.name)
    if match is None or match[1] != match[2]:
        raise Failed(f"{wheel.name}: not a CPython version-specific wheel")
    version = f"3.{match[1]}"
    if release and match[3] != PLATFORM_TAG:
        raise Failed(f"{wheel.name}: platform tag is not {PLATFORM_TAG}")
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        dist_info = next(n.split("/")[0] for n in names if ".dist-info/" in n)
        for required in (
            PTH,
            "rostzeug/py.typed",
            "rostzeug/_native.pyi",
            f"{dist_info}/licenses/LICENSE",
        ):
            if required not in names:
                raise Failed(f"{wheel.name}: {required} is missing")
        native = [n for n in names if re.fullmatch(r"rostzeug/_native\..*\.so", n)]
        if native != [f"rostzeug/_native.cpython-3{match[1]}-x86_64-linux-gnu.so"]:
            raise Failed(f"{wheel.name}: native module {native}")
        license_text = archive.read(f"{dist_info}/licenses/LICENSE").decode()
        if license_text != (ROOT / "LICENSE").read_text():
            raise Failed(f"{wheel.name}: LICENSE differs from the repository's")
        if archive.read(PTH).decode() != (ROOT / "python" / PTH).read_text():
            raise Failed(f"{wheel.name}: {PTH} differs from python/{PTH}")
        metadata = archive.read(f"{dist_info}/METADATA").decode()
    check_metadata(wheel.name, read_metadata(metadata))
    if release:
        report = run(["auditwheel", "show", wheel])
        print(report)
        if '"manylinux_2_17_x86_64"' not in report.replace("\n", " "):
            raise Failed(f"{wheel.name}: auditwheel does not find it manylinux_2_17")
    print(f"ok: {wheel.name}: tags, {PTH}, LICENSE, py.typed, metadata")
    return version


def check_sdist(sdist: Path) -> None:
    with tarfile.open(sdist) as archive:
        names = archive.getnames()
        top = names[0].split("/")[0]
        for required in (
            "LICENSE",
            "README.md",
            "Cargo.lock",
            "pyproject.toml",
            f"python/{PTH}",
            "python/rostzeug/py.typed",
        ):
            if f"{top}/{required}" not in names:
                raise Failed(f"{sdist.name}: {required} is missing")
        member = archive.extractfile(f"{top}/LICENSE")
        assert member is not None
        if member.read().decode() != (ROOT / "LICENSE").read_text():
            raise Failed(f"{sdist.name}: LICENSE differs from the repository's")
        info = archive.extractfile(f"{top}/PKG-INFO")
        assert info is not None
        check_metadata(sdist.name, read_metadata(info.read().decode()))
    print(f"ok: {sdist.name}: LICENSE, README.md, {PTH}, metadata")


def smoke(wheel: Path, python: Path) -> None:
    """Installs the wheel in a fresh virtualenv of ``python`` and runs the
    hello-world through the test client there, from a directory outside the
    repository so that only the installed package can be imported."""
    with tempfile.TemporaryDirectory(prefix="rostzeug-smoke-") as scratch:
        venv = Path(scratch) / "venv"
        run([python, "-m", "venv", venv])
        venv_python = venv / "bin" / "python"
        constraints = ROOT / "requirements" / "dev.txt"
        run(
            [
                venv_python,
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
                "--constraint",
                constraints,
                wheel,
            ]
        )
        env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
        env.pop("VIRTUAL_ENV", None)
        hello = ROOT / "examples" / "hello.py"
        cwd = Path(scratch)
        output = run([venv_python, "-I", "-c", SMOKE, hello], env=env, cwd=cwd)
        readme = run([venv_python, "-I", "-c", readme_hello()], env=env, cwd=cwd)
        if readme.strip() != "200 OK Hello Rust!":
            raise Failed(f"{wheel.name}: README's hello-world printed {readme!r}")
        output += f"README.md hello-world: {readme}"
        output += run(
            [venv_python, "-I", "-c", SWITCH],
            env=dict(env, ROSTZEUG_AS_WERKZEUG="1"),
            cwd=cwd,
        )
        version = run([venv_python, "-V"], cwd=cwd).strip()
    for line in output.splitlines():
        print(f"ok: {wheel.name} on {version}: {line}")


def check(dist: Path, interpreters: dict[str, Path]) -> None:
    wheels = sorted(dist.glob("*.whl"))
    versions = {check_wheel(wheel, release=True): wheel for wheel in wheels}
    if len(versions) != len(wheels) or sorted(versions) != sorted(SUPPORTED):
        raise Failed(
            f"{dist} holds wheels for {sorted(versions)} ({len(wheels)} files),"
            f" not one for each of {list(SUPPORTED)}: run `make wheels`"
        )
    sdists = sorted(dist.glob("rostzeug-*.tar.gz"))
    if len(sdists) != 1:
        raise Failed(f"{dist} holds {len(sdists)} source distributions, not 1")
    check_sdist(sdists[0])
    from_sdist = sorted((dist / "from-sdist").glob("*.whl"))
    if len(from_sdist) != 1:
        raise Failed(f"{dist}/from-sdist holds {len(from_sdist)} wheels, not 1")
    sdist_version = check_wheel(from_sdist[0], release=False)
    for version, wheel in sorted(versions.items()):
        smoke(wheel, interpreters[version])
    smoke(from_sdist[0], interpreters[sdist_version])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dist", type=Path, help="the directory of the artifacts")
    parser.add_argument("--build", action="store_true", help="build them first")
    options = parser.parse_args()
    try:
        interpreters = pythons()
        if options.build:
            build(options.dist, interpreters)
        check(options.dist, interpreters)
    except Failed as error:
        print(f"check_wheels: {error}", file=sys.stderr)
        return 1
    print("all wheels and the source distribution passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
