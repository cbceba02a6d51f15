"""The notes example, written only against the documented API, under a real
WSGI server: forms, uploads, cookies, JSON, conditional responses and
redirects, asked by a real HTTP client."""

from __future__ import annotations

import hashlib
import http.client
import json
import urllib.parse
from collections.abc import Callable

import pytest

from examples.notes_app import NotesApp


@pytest.fixture
def base(serve: Callable[[object], str]) -> str:
    return serve(NotesApp())


def call(
    base: str, method: str, path: str, body: bytes | None = None, **headers: str
) -> http.client.HTTPResponse:
    url = urllib.parse.urlsplit(base)
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=10)
    connection.request(
        method,
        path,
        body=body,
        headers={k.replace("_", "-"): v for k, v in headers.items()},
    )
    response = connection.getresponse()
    response.body = response.read()  # type: ignore[attr-defined]
    connection.close()
    return response


def multipart(
    fields: dict[str, str], files: dict[str, tuple[str, bytes]]
) -> tuple[bytes, str]:
    boundary = "notesboundary"
    parts = []
    for name, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
            f"{value}\r\n".encode()
        )
    for name, (filename, data) in files.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}";'
            f' filename="{filename}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n".encode()
            + data
            + b"\r\n"
        )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def test_form_with_upload_redirects_to_the_note(base: str) -> None:
    attachment = bytes(range(256)) * 4096  # 1 MiB, every byte value
    body, content_type = multipart(
        {"text": "caf\u00e9 notes"}, {"attachment": ("a.bin", attachment)}
    )
    response = call(base, "POST", "/notes", body, Content_Type=content_type)
    assert response.status == 303
    assert response.headers["Location"] == "/notes/1"

    note = call(base, "GET", "/notes/1")
    assert note.status == 200
    assert note.headers["Content-Type"] == "application/json"
    data = json.loads(note.body)  # type: ignore[attr-defined]
    assert data["text"] == "caf\u00e9 notes"
    assert data["attachment"] == "a.bin"
    assert data["attachment_sha256"] == hashlib.sha256(attachment).hexdigest()


def test_conditional_get_and_ranges(base: str) -> None:
    call(
        base,
        "POST",
        "/api/notes",
        b'{"text": "hello"}',
        Content_Type="application/json",
    )
    first = call(base, "GET", "/notes/1")
    etag = first.headers["ETag"]
    assert etag and first.headers["Accept-Ranges"] == "bytes"

    not_modified = call(base, "GET", "/notes/1", If_None_Match=etag)
    assert not_modified.status == 304
    assert not_modified.body == b""  # type: ignore[attr-defined]

    partial = call(base, "GET", "/notes/1", Range="bytes=0-4")
    full = first.body  # type: ignore[attr-defined]
    assert partial.status == 206
    assert partial.body == full[:5]  # type: ignore[attr-defined]
    assert partial.headers["Content-Range"] == f"bytes 0-4/{len(full)}"

    unsatisfiable = call(base, "GET", "/notes/1", Range=f"bytes={len(full) + 10}-")
    assert unsatisfiable.status == 416


def test_json_api(base: str) -> None:
    created = call(
        base,
        "POST",
        "/api/notes",
        b'{"text": "\\u2603"}',
        Content_Type="application/json",
    )
    assert created.status == 201
    assert created.headers["Location"].endswith("/notes/1")
    assert json.loads(created.body)["text"] == "\u2603"  # type: ignore[attr-defined]

    bad = call(
        base, "POST", "/api/notes", b"{not json", Content_Type="application/json"
    )
    assert bad.status == 400
    wrong_shape = call(
        base, "POST", "/api/notes", b"[1]", Content_Type="application/json"
    )
    assert wrong_shape.status == 400
    assert b"JSON object" in wrong_shape.body  # type: ignore[attr-defined]


def test_cookies_round_trip(base: str) -> None:
    assert call(base, "GET", "/whoami").body == b"anonymous"  # type: ignore[attr-defined]
    login = call(
        base,
        "POST",
        "/login",
        b"user=ada",
        Content_Type="application/x-www-form-urlencoded",
    )
    assert login.status == 302
    assert login.headers["Location"] == "/whoami"
    cookie = login.headers["Set-Cookie"]
    assert cookie.startswith("user=ada;") and "HttpOnly" in cookie
    again = call(base, "GET", "/whoami", Cookie="user=ada")
    assert again.body == b"ada"  # type: ignore[attr-defined]


def test_errors_are_http_errors(base: str) -> None:
    assert call(base, "GET", "/notes/99").status == 404
    wrong_method = call(base, "GET", "/notes")
    assert wrong_method.status == 405
    assert wrong_method.headers["Allow"] == "POST"
    empty = call(
        base,
        "POST",
        "/notes",
        b"text=",
        Content_Type="application/x-www-form-urlencoded",
    )
    assert empty.status == 400
