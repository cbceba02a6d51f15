"""The hello-world examples of Werkzeug's original documentation, served on a
real HTTP server and asked by a real HTTP client."""

from __future__ import annotations

import importlib.util
import pathlib
import urllib.request
from collections.abc import Callable
from types import ModuleType
from urllib.parse import quote

import pytest

EXAMPLES = pathlib.Path(__file__).parent.parent / "examples"


def load_hello() -> ModuleType:
    spec = importlib.util.spec_from_file_location("hello", EXAMPLES / "hello.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


hello = load_hello()


def get(url: str) -> tuple[int, dict[str, str], bytes]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, dict(response.headers), response.read()


def test_plain_response_is_an_application(serve: Callable[[object], str]) -> None:
    base = serve(hello.plain)
    status, headers, body = get(base + "/anything?name=ignored")
    assert status == 200
    assert body == b"Hello World!"
    assert headers["Content-Type"] == "text/plain; charset=utf-8"
    assert headers["Content-Length"] == "12"


@pytest.mark.parametrize("app_name", ["explicit", "application"])
@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (None, "Hello World!!"),
        ("Rust", "Hello Rust!"),
        ("R\u00fcst und Gr\u00fc\u00dfe", "Hello R\u00fcst und Gr\u00fc\u00dfe!"),
        ("\u2603 & = ; +", "Hello \u2603 & = ; +!"),
    ],
)
def test_greets_by_name(
    serve: Callable[[object], str], app_name: str, name: str | None, expected: str
) -> None:
    base = serve(getattr(hello, app_name))
    url = base + "/" if name is None else f"{base}/?name={quote(name)}"
    status, headers, body = get(url)
    assert status == 200
    assert body.decode() == expected
    assert headers["Content-Type"] == "text/plain; charset=utf-8"
    assert headers["Content-Length"] == str(len(expected.encode()))


def test_plus_is_a_space_and_first_value_wins(serve: Callable[[object], str]) -> None:
    base = serve(hello.application)
    _, _, body = get(base + "/?name=Rust+Lang&name=other")
    assert body == b"Hello Rust Lang!"


def test_invalid_escapes_stay_quoted(serve: Callable[[object], str]) -> None:
    base = serve(hello.application)
    _, _, body = get(base + "/?name=%FFx")
    assert body == b"Hello %FFx!"


def test_head_request_has_no_body(serve: Callable[[object], str]) -> None:
    base = serve(hello.application)
    request = urllib.request.Request(base + "/?name=Rust", method="HEAD")
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == 200
        assert response.headers["Content-Length"] == "11"
        assert response.read() == b""
