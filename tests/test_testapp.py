"""``rostzeug.testapp``: the page that shows the environ, the interpreter,
``sys.path`` and the installed distributions."""

from __future__ import annotations

import importlib.metadata
import os
import sys
from pathlib import Path

import pytest

from rostzeug import testapp
from rostzeug.test import Client


def test_page_shows_the_request_environ_escaped() -> None:
    client = Client(testapp.test_app)
    response = client.get(
        "/some/path?q=1", headers={"X-Probe": "<script>alert(1)</script>"}
    )
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert "<th>PATH_INFO</th><td><code>&#x27;/some/path&#x27;</code>" in page
    assert "<th>QUERY_STRING</th><td><code>&#x27;q=1&#x27;</code>" in page
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert sys.version.splitlines()[0].split()[0] in page


def test_page_lists_installed_distributions() -> None:
    page = Client(testapp.test_app).get("/").get_data(as_text=True)
    version = importlib.metadata.version("werkzeug")
    assert f"<li>Werkzeug <span class='note'>{version}</span></li>" in page


def test_iter_sys_path_marks_relative_and_missing_entries(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "present").mkdir()
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(
        sys, "path", ["present", str(tmp_path / "missing.zip"), str(tmp_path)]
    )
    monkeypatch.setenv("HOME", str(tmp_path.parent))
    entries = list(testapp.iter_sys_path())
    short = "~" + os.sep + tmp_path.name if os.name == "posix" else str(tmp_path)
    assert entries == [
        (short + os.sep + "present", False, True),
        (short + os.sep + "missing.zip", True, False),
        (short, False, False),
    ]
