"""The sans-IO request and response, which other servers than WSGI use:
built from their parts, with plain Headers."""

from __future__ import annotations

import pytest

from rostzeug.datastructures import Headers
from rostzeug.datastructures import MultiDict
from rostzeug.sansio.request import Request
from rostzeug.sansio.response import Response


def make_request(headers: Headers | None = None, **parts: object) -> Request:
    values: dict[str, object] = {
        "method": "get",
        "scheme": "https",
        "server": ("example.org", 443),
        "root_path": "/app/",
        "path": "//items",
        "query_string": b"a=1&a=2",
        "headers": headers if headers is not None else Headers(),
        "remote_addr": "192.0.2.9",
    }
    values.update(parts)
    return Request(**values)  # type: ignore[arg-type]


def test_parts_are_normalised() -> None:
    request = make_request()
    assert request.method == "GET"
    assert request.root_path == "/app"
    assert request.path == "/items"
    assert request.args.getlist("a") == ["1", "2"]
    assert request.host == "example.org"
    assert request.url == "https://example.org/app/items?a=1&a=2"
    assert request.is_secure
    assert request.access_route == ["192.0.2.9"]


def test_host_without_server_or_header() -> None:
    request = make_request(server=None)
    assert request.host == ""
    assert make_request(server=("example.org", 8443)).host == "example.org:8443"


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"Content-Length": "12"}, 12),
        ({"Content-Length": "12", "Transfer-Encoding": "chunked"}, None),
        ({"Content-Length": "1_0"}, 0),
        ({"Content-Length": " 7 "}, 7),
        ({}, None),
    ],
)
def test_content_length(headers: dict[str, str], expected: int | None) -> None:
    assert make_request(Headers(headers)).content_length == expected


def test_header_properties_with_plain_headers() -> None:
    headers = Headers(
        [
            ("Accept-Language", "fr;q=0.5, en"),
            ("If-None-Match", '"x"'),
            ("Content-Type", "application/merge-patch+json"),
            ("User-Agent", "Tool/2"),
        ]
    )
    request = make_request(headers)
    assert request.accept_languages.best == "en"
    assert request.if_none_match.contains("x")
    assert request.is_json
    assert request.mimetype == "application/merge-patch+json"
    assert request.user_agent.string == "Tool/2"


def test_storage_class_of_args() -> None:
    class MyRequest(Request):
        parameter_storage_class = MultiDict

    args = MyRequest("GET", "http", None, "", "/", b"x=1", Headers(), None).args
    assert type(args) is MultiDict


def test_response_status_and_headers() -> None:
    response = Response(status=418, mimetype="text/html")
    assert response.status == "418 I'M A TEAPOT"
    assert response.content_type == "text/html; charset=utf-8"
    assert repr(response) == "<Response [418 I'M A TEAPOT]>"
    response.set_cookie("k", "v", httponly=True)
    assert response.headers["Set-Cookie"] == "k=v; HttpOnly; Path=/"
    response.set_etag("t")
    assert response.get_etag() == ("t", False)
    response.vary.add("Origin")
    assert response.headers["Vary"] == "Origin"


def test_response_mimetype_keeps_case() -> None:
    response = Response(content_type="Text/HTML; charset=utf-8")
    assert response.mimetype == "Text/HTML"
    assert response.mimetype_params == {"charset": "utf-8"}
