"""The showcase of ``make serve``, on a real server, asked by a real client."""

from __future__ import annotations

import http.client
import urllib.parse
from collections.abc import Callable

import pytest

import showcase
from showcase import app as showcase_app


@pytest.fixture
def base(serve: Callable[[object], str]) -> str:
    return serve(showcase_app._Showcase())


def request(
    base: str, path: str, method: str = "GET", body: bytes | None = None, **headers: str
) -> tuple[int, http.client.HTTPMessage, bytes]:
    url = urllib.parse.urlsplit(base)
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=10)
    try:
        connection.request(
            method,
            path,
            body=body,
            headers={k.replace("_", "-"): v for k, v in headers.items()},
        )
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


def test_importing_starts_nothing() -> None:
    assert showcase.application._app is None  # type: ignore[attr-defined]


def test_index_links_every_page_and_names_its_feature(base: str) -> None:
    status, headers, body = request(base, "/")
    assert status == 200
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    for link in (
        "/hello?name=Rust",
        "/inspect",
        "/static/hello.txt",
        "/sub/",
        "/proxied/",
    ):
        assert f'href="{link}'.encode() in body
    assert b'class="feature"' in body


def test_hello_world_stays_reachable(base: str) -> None:
    assert request(base, "/hello?name=Rust")[2] == b"Hello Rust!"
    assert request(base, "/hello")[2] == b"Hello World!!"
    # The root greets too when given a name, as before the showcase.
    status, headers, body = request(base, "/?name=Rust")
    assert (status, body) == (200, b"Hello Rust!")
    assert headers["Content-Type"] == "text/plain; charset=utf-8"


def test_static_files_are_served_with_cache_headers(base: str) -> None:
    status, headers, body = request(base, "/static/hello.txt")
    assert status == 200
    assert body.startswith(b"A static file")
    assert headers["Content-Type"] == "text/plain; charset=utf-8"
    etag = headers["ETag"]
    assert etag and headers["Last-Modified"]
    status, _, body = request(base, "/static/hello.txt", If_None_Match=etag)
    assert (status, body) == (304, b"")


def test_static_folder_never_serves_outside_itself(base: str) -> None:
    for path in ("/static/../app.py", "/static/%2e%2e/app.py", "/static/..%2fapp.py"):
        status, _, body = request(base, path)
        assert status in (403, 404), path
        assert b"compose" not in body


def test_sub_application_sees_shifted_paths(base: str) -> None:
    status, _, body = request(base, "/sub/deeper/path")
    assert status == 200
    assert b"<th>SCRIPT_NAME</th><td>/sub</td>" in body
    assert b"<th>PATH_INFO</th><td>/deeper/path</td>" in body


def test_proxied_path_reaches_the_upstream(base: str) -> None:
    status, _, body = request(base, "/proxied/some/where")
    assert status == 200
    assert b"The upstream server" in body
    assert b"<th>X-Forwarded-For</th><td>127.0.0.1</td>" in body
    assert b"<th>path</th><td>/some/where</td>" in body


def test_inspector_shows_query_cookies_and_upload(base: str) -> None:
    boundary = "showcaseboundary"
    body = (
        f"--{boundary}\r\n"
        'Content-Disposition: form-data; name="name"\r\n\r\n'
        "Rust\r\n"
        f"--{boundary}\r\n"
        'Content-Disposition: form-data; name="upload"; filename="notes.txt"\r\n'
        "Content-Type: text/plain\r\n\r\n"
        "twelve bytes\r\n"
        f"--{boundary}--\r\n"
    ).encode()
    status, headers, page = request(
        base,
        "/inspect?q=rostzeug&tag=a&tag=b",
        method="POST",
        body=body,
        Content_Type=f"multipart/form-data; boundary={boundary}",
        Cookie="flavour=oat",
        Accept_Language="de-CH, de;q=0.9, en;q=0.5",
        Authorization="Basic dXNlcjpwYXNz",
    )
    assert status == 200
    assert b"<th>tag</th><td>a</td></tr><tr><th>tag</th><td>b</td>" in page
    assert b"<th>name</th><td>Rust</td>" in page
    assert b"<th>upload: notes.txt</th><td>text/plain, 12 bytes</td>" in page
    assert b"<th>flavour</th><td>oat</td>" in page
    assert b"<td>de</td>" in page
    assert b"<th>username</th><td>user</td>" in page
    assert "visited=yes" in headers["Set-Cookie"]


def test_unknown_paths_are_not_found(base: str) -> None:
    assert request(base, "/nowhere")[0] == 404
