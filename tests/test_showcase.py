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
    for link in ("/hello?name=Rust", "/inspect", "/static/", "/sub/", "/proxied/"):
        assert f'href="{link}'.encode() in body
    assert b'class="feature"' in body
    # The index names the site once and does not link to itself.
    assert b"<title>rostzeug showcase</title>" in body
    assert b'href="/"' not in body


def test_pages_are_titled_by_page_and_site(base: str) -> None:
    _, _, body = request(base, "/inspect")
    assert b"<title>Request inspector \xc2\xb7 rostzeug showcase</title>" in body
    assert b'<a href="/">Back to the index</a>' in body


def test_static_folder_lists_its_files(base: str) -> None:
    status, _, body = request(base, "/static/")
    assert status == 200
    assert b'<a href="/static/hello.txt">hello.txt</a>' in body
    assert b'<a href="/static/style.css">style.css</a>' in body
    status, headers, _ = request(base, "/static")
    assert status == 308
    assert headers["Location"].endswith("/static/")


def test_bare_proxied_path_leads_to_the_upstream(base: str) -> None:
    status, headers, _ = request(base, "/proxied")
    assert status == 308
    assert headers["Location"].endswith("/proxied/")
    status, _, body = request(base, "/proxied/")
    assert status == 200
    assert b"The upstream server" in body


def test_fail_raises_without_the_debugger(base: str) -> None:
    # The debugger is added by `serve --debug`; bare, the error is a 500.
    assert request(base, "/fail")[0] == 500


def test_chunked_upload_reaches_the_inspector(base: str) -> None:
    boundary = "chunkedboundary"
    body = (
        (
            f"--{boundary}\r\n"
            'Content-Disposition: form-data; name="upload"; filename="big.bin"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n"
        ).encode()
        + b"x" * 200_000
        + f"\r\n--{boundary}--\r\n".encode()
    )
    url = urllib.parse.urlsplit(base)
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=10)
    try:
        chunks = (body[i : i + 8192] for i in range(0, len(body), 8192))
        connection.request(
            "POST",
            "/inspect",
            body=chunks,
            headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
            encode_chunked=True,
        )
        response = connection.getresponse()
        page = response.read()
    finally:
        connection.close()
    assert response.status == 200
    assert b"<th>upload: big.bin</th><td>application/octet-stream, 200000 bytes" in page


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
