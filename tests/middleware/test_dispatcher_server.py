"""DispatcherMiddleware on a real server: mounts at several depths, asked by
a real HTTP client."""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Callable

import pytest

from rostzeug.middleware.dispatcher import DispatcherMiddleware
from rostzeug.wrappers import Request
from rostzeug.wrappers import Response


def reporter(name: str) -> Callable[..., object]:
    @Request.application
    def app(request: Request) -> Response:
        info = {
            "app": name,
            "script_name": request.environ.get("SCRIPT_NAME", ""),
            "path_info": request.environ.get("PATH_INFO", ""),
            "url": request.url,
        }
        return Response(json.dumps(info), mimetype="application/json")

    return app


@pytest.fixture
def base(serve: Callable[[object], str]) -> str:
    mounts = {
        "/a": reporter("a"),
        "/a/b": reporter("a/b"),
        "/a/b/c": reporter("a/b/c"),
        "/x/y": DispatcherMiddleware(reporter("x/y"), {"/z": reporter("x/y + z")}),
    }
    return serve(DispatcherMiddleware(reporter("root"), mounts))


def get(url: str) -> dict[str, str]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.loads(response.read())  # type: ignore[no-any-return]


@pytest.mark.parametrize(
    ("path", "app", "script_name", "path_info"),
    [
        ("/", "root", "", "/"),
        ("/elsewhere/deep", "root", "", "/elsewhere/deep"),
        ("/a", "a", "/a", ""),
        ("/a/", "a", "/a", "/"),
        ("/a/other", "a", "/a", "/other"),
        ("/ab", "root", "", "/ab"),
        ("/a/b", "a/b", "/a/b", ""),
        ("/a/b/d/e", "a/b", "/a/b", "/d/e"),
        ("/a/b/c/d", "a/b/c", "/a/b/c", "/d"),
        ("/a/b/cd", "a/b", "/a/b", "/cd"),
        ("/x/y/q", "x/y", "/x/y", "/q"),
        ("/x/y/z/w", "x/y + z", "/x/y/z", "/w"),
    ],
)
def test_longest_prefix_wins_and_paths_shift(
    base: str, path: str, app: str, script_name: str, path_info: str
) -> None:
    info = get(base + path)
    assert info["app"] == app
    assert info["script_name"] == script_name
    assert info["path_info"] == path_info
    # The mounted application still sees the URL the client asked for; as in
    # Werkzeug, an empty PATH_INFO reads as "/" in the request's URL.
    assert info["url"] == base + path + ("/" if not path_info else "")
