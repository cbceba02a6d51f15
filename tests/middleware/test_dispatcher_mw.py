from __future__ import annotations

import json
import typing as t

import pytest

from rostzeug.middleware.dispatcher import DispatcherMiddleware
from rostzeug.test import create_environ
from rostzeug.test import run_wsgi_app


def reporting_app(name: str) -> t.Callable[..., list[bytes]]:
    """An application that answers with its name and the paths it got."""

    def app(environ: dict[str, t.Any], start_response: t.Any) -> list[bytes]:
        start_response("200 OK", [("Content-Type", "application/json")])
        body = {
            "app": name,
            "script_name": environ["SCRIPT_NAME"],
            "path_info": environ["PATH_INFO"],
        }
        return [json.dumps(body).encode()]

    return app


def call(app: t.Any, environ: dict[str, t.Any]) -> dict[str, str]:
    app_iter, status, _headers = run_wsgi_app(app, environ, buffered=True)
    assert status == "200 OK"
    result: dict[str, str] = json.loads(b"".join(app_iter))
    return result


@pytest.fixture
def dispatcher() -> DispatcherMiddleware:
    return DispatcherMiddleware(
        reporting_app("default"),
        {
            "/api": reporting_app("api"),
            "/api/v2": reporting_app("api-v2"),
            "/api/v2/admin/tools": reporting_app("tools"),
            "/static": reporting_app("static"),
        },
    )


@pytest.mark.parametrize(
    ("path", "app", "script_name", "path_info"),
    [
        # One level deep.
        ("/api", "api", "/api", ""),
        ("/api/", "api", "/api", "/"),
        ("/api/users/7", "api", "/api", "/users/7"),
        # A deeper mount under a shallower one wins.
        ("/api/v2", "api-v2", "/api/v2", ""),
        ("/api/v2/users", "api-v2", "/api/v2", "/users"),
        ("/api/v2/admin", "api-v2", "/api/v2", "/admin"),
        # Four segments deep.
        ("/api/v2/admin/tools", "tools", "/api/v2/admin/tools", ""),
        ("/api/v2/admin/tools/run/now", "tools", "/api/v2/admin/tools", "/run/now"),
        # A prefix matches whole segments only.
        ("/apis", "default", "", "/apis"),
        ("/api2/x", "default", "", "/api2/x"),
        ("/api/v20", "api", "/api", "/v20"),
        # Nothing mounted.
        ("/", "default", "", "/"),
        ("/other/page", "default", "", "/other/page"),
        ("/static/css/site.css", "static", "/static", "/css/site.css"),
    ],
)
def test_longest_prefix_wins(
    dispatcher: DispatcherMiddleware,
    path: str,
    app: str,
    script_name: str,
    path_info: str,
) -> None:
    result = call(dispatcher, create_environ(path))
    assert result == {"app": app, "script_name": script_name, "path_info": path_info}


def test_mounts_extend_existing_script_name(dispatcher: DispatcherMiddleware) -> None:
    environ = create_environ("/api/v2/users", "http://localhost/site")
    assert environ["SCRIPT_NAME"] == "/site"
    result = call(dispatcher, environ)
    assert result == {
        "app": "api-v2",
        "script_name": "/site/api/v2",
        "path_info": "/users",
    }


def test_unmatched_request_keeps_paths(dispatcher: DispatcherMiddleware) -> None:
    environ = create_environ("/elsewhere/a", "http://localhost/site")
    result = call(dispatcher, environ)
    assert result == {
        "app": "default",
        "script_name": "/site",
        "path_info": "/elsewhere/a",
    }


def test_missing_path_info_goes_to_default() -> None:
    app = DispatcherMiddleware(reporting_app("default"), {"/a": reporting_app("a")})
    environ = create_environ("/")
    del environ["PATH_INFO"]
    assert call(app, environ) == {"app": "default", "script_name": "", "path_info": ""}


def test_no_mounts() -> None:
    app = DispatcherMiddleware(reporting_app("default"))
    assert app.mounts == {}
    result = call(app, create_environ("/x/y"))
    assert result == {"app": "default", "script_name": "", "path_info": "/x/y"}


def test_nested_dispatchers_shift_paths_twice() -> None:
    inner = DispatcherMiddleware(
        reporting_app("inner-default"), {"/child": reporting_app("child")}
    )
    outer = DispatcherMiddleware(reporting_app("outer-default"), {"/parent": inner})
    result = call(outer, create_environ("/parent/child/leaf"))
    assert result == {
        "app": "child",
        "script_name": "/parent/child",
        "path_info": "/leaf",
    }
    result = call(outer, create_environ("/parent/other"))
    assert result == {
        "app": "inner-default",
        "script_name": "/parent",
        "path_info": "/other",
    }


def test_mounts_added_later_are_used() -> None:
    mounts: dict[str, t.Any] = {"/a": reporting_app("a")}
    app = DispatcherMiddleware(reporting_app("default"), mounts)
    app.mounts["/b"] = reporting_app("b")
    assert call(app, create_environ("/b/c"))["app"] == "b"
