""".ci/run installs what the browser test needs, and stops with a clear
message when it cannot, rather than letting that test skip in CI."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / ".ci" / "run"


def run_script(path: str) -> subprocess.CompletedProcess[str]:
    bash = shutil.which("bash")
    assert bash is not None
    return subprocess.run(
        [bash, str(SCRIPT)],
        env={"PATH": path},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        stdin=subprocess.DEVNULL,
    )


@pytest.fixture
def bin_dir(tmp_path: Path) -> Path:
    """A PATH with only what the script needs before it installs anything:
    no chromium, no chromedriver, no apt-get, no make."""
    directory = tmp_path / "bin"
    directory.mkdir()
    dirname = shutil.which("dirname")
    assert dirname is not None
    (directory / "dirname").symlink_to(dirname)
    return directory


def test_without_chromium_and_apt_get_it_fails_loudly(bin_dir: Path) -> None:
    result = run_script(str(bin_dir))
    assert result.returncode == 1
    assert "apt-get is not available" in result.stderr
    assert "chromium-driver" in result.stderr


def test_a_failing_apt_get_stops_ci(bin_dir: Path, tmp_path: Path) -> None:
    fake = bin_dir / "apt-get"
    log = tmp_path / "apt.log"
    fake.write_text(f'#!/bin/sh\necho "$@" >> {log}\nexit 100\n')
    fake.chmod(0o755)
    result = run_script(str(bin_dir))
    assert result.returncode == 1
    assert "installing chromium and chromium-driver with apt-get failed" in (
        result.stderr
    )
    assert log.read_text().splitlines() == ["update"]
