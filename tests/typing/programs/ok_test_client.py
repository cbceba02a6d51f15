"""Testing an application with the test client."""

from __future__ import annotations

from typing import Any
from typing import assert_type

from rostzeug.test import Client
from rostzeug.test import EnvironBuilder
from rostzeug.test import TestResponse
from rostzeug.wrappers import Request
from rostzeug.wrappers import Response


@Request.application
def application(request: Request) -> Response:
    return Response('{"ok": true}', mimetype="application/json")


def check() -> dict[str, Any]:
    client = Client(application)
    response = client.get("/", query_string={"q": "x"}, headers={"X-Test": "1"})
    assert_type(response, TestResponse)
    assert_type(response.status_code, int)
    assert_type(response.get_data(as_text=True), str)
    assert_type(response.text, str)
    assert_type(response.request, Request)
    posted = client.post("/items", data={"name": "x"}, follow_redirects=True)
    assert_type(posted.history, tuple[TestResponse, ...])
    client.set_cookie("session", "abc")
    cookie = client.get_cookie("session")
    if cookie is not None:
        assert_type(cookie.value, str)
    environ = EnvironBuilder(path="/", method="PUT", json={"a": 1}).get_environ()
    assert_type(Request(environ).method, str)
    data = response.json
    if not isinstance(data, dict):
        raise AssertionError("expected a JSON object")
    return {"status": response.status_code, "data": data}


def smoke() -> None:
    assert check() == {"status": 200, "data": {"ok": True}}
