"""The Werkzeug 2.0.3 user agent benchmark's loading and corpus reading;
nothing here is a timing."""

from __future__ import annotations

import io
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benches import user_agents  # noqa: E402

# Stand-ins for 2.0.3's two modules: the second imports the first
# relatively, as 2.0.3's does.
BASE = "class UserAgent:\n    pass\n"
PARSING = (
    "from .user_agent import UserAgent as _Base\n"
    "class _UserAgentParser:\n"
    "    def __call__(self, s):\n"
    "        return (None, s, None, None)\n"
)


def test_reads_the_corpus() -> None:
    rows = user_agents.corpus()
    assert len(rows) >= 300
    string, answers, _ = rows[0]
    assert string.startswith("Mozilla/5.0")
    assert len(answers) == 4
    assert any(changed for _, _, changed in rows)


def _tar(path: Path) -> None:
    with tarfile.open(path, "w:gz") as sdist:
        for name, text in (("user_agent.py", BASE), ("useragents.py", PARSING)):
            data = text.encode()
            info = tarfile.TarInfo(f"Werkzeug-2.0.3/src/werkzeug/{name}")
            info.size = len(data)
            sdist.addfile(info, io.BytesIO(data))


def _wheel(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as wheel:
        wheel.writestr("werkzeug/user_agent.py", BASE)
        wheel.writestr("werkzeug/useragents.py", PARSING)


@pytest.mark.parametrize(
    ("name", "make"), [("Werkzeug-2.0.3.tar.gz", _tar), ("w.whl", _wheel)]
)
def test_loads_the_modules_under_another_name(
    tmp_path: Path, name: str, make: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / name
    make(source)  # type: ignore[operator]
    target = tmp_path / "extracted"
    target.mkdir()
    user_agents.extract(source, target)
    monkeypatch.delitem(sys.modules, user_agents.PACKAGE, raising=False)
    monkeypatch.delitem(sys.modules, f"{user_agents.PACKAGE}.useragents", raising=False)
    monkeypatch.delitem(sys.modules, f"{user_agents.PACKAGE}.user_agent", raising=False)
    module = user_agents.load(target)
    assert module.__name__ == f"{user_agents.PACKAGE}.useragents"
    assert module._UserAgentParser()("x") == (None, "x", None, None)


def test_refuses_an_archive_without_the_modules(tmp_path: Path) -> None:
    source = tmp_path / "other.whl"
    with zipfile.ZipFile(source, "w") as wheel:
        wheel.writestr("werkzeug/__init__.py", "")
    with pytest.raises(SystemExit, match=r"2\.0\.3"):
        user_agents.extract(source, tmp_path)
