"""Form uploads to an application behind rostzeug's server on 127.0.0.1,
sent with ``http.client`` as a browser submits an HTML form."""

from __future__ import annotations

import hashlib
import http.client
import json
import os
import typing as t
from urllib.parse import urlsplit

from rostzeug.exceptions import HTTPException
from rostzeug.wrappers import Request
from rostzeug.wrappers import Response

BOUNDARY = "----WebKitFormBoundaryQ7kV3mTz9XcB2pLe"


@Request.application
def report_form(request: Request) -> Response:
    """Answers the parsed fields, and the size and digest of each file."""
    request.max_form_parts = int(request.args.get("max_parts", "1000"))
    try:
        fields = list(request.form.items(multi=True))
        files = [
            {
                "name": name,
                "filename": storage.filename,
                "content_type": storage.content_type,
                "size": len(data := storage.read()),
                "sha256": hashlib.sha256(data).hexdigest(),
            }
            for name, storage in request.files.items(multi=True)
        ]
    except HTTPException as e:
        return e.get_response()
    finally:
        request.close()
    return Response(
        json.dumps({"fields": fields, "files": files}), mimetype="application/json"
    )


def form_body(
    fields: list[tuple[str, str]], files: list[tuple[str, str, str, bytes]]
) -> bytes:
    """A body as a browser builds it for ``<form enctype=multipart/form-data>``."""
    chunks = []
    for name, value in fields:
        disposition = f'Content-Disposition: form-data; name="{name}"'
        chunks.append(f"--{BOUNDARY}\r\n{disposition}\r\n\r\n{value}\r\n".encode())
    for name, filename, content_type, content in files:
        chunks.append(
            f"--{BOUNDARY}\r\n"
            f'Content-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            f"Content-Type: {content_type}\r\n\r\n".encode()
            + content
            + b"\r\n"
        )
    chunks.append(f"--{BOUNDARY}--\r\n".encode())
    return b"".join(chunks)


def post(base_url: str, path: str, body: bytes) -> tuple[int, bytes]:
    url = urlsplit(base_url)
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
    try:
        connection.putrequest("POST", path)
        connection.putheader(
            "Content-Type", f"multipart/form-data; boundary={BOUNDARY}"
        )
        connection.putheader("Content-Length", str(len(body)))
        connection.endheaders()
        # In pieces, as a client streams a large upload.
        for start in range(0, len(body), 100_000):
            connection.send(body[start : start + 100_000])
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def test_html_form_upload(serve: t.Callable[[object], str]) -> None:
    base_url = serve(report_form)
    photo = os.urandom(2 * 1024 * 1024 + 3)
    notes = b"Zeile eins\r\nZeile zwei\r\n"
    body = form_body(
        [
            ("title", "Urlaub in Köln"),
            ("tags", "city"),
            ("tags", "rhine"),
            ("empty", ""),
        ],
        [
            ("photo", "dom.jpg", "image/jpeg", photo),
            ("notes", "notizen.txt", "text/plain", notes),
            ("extra", "", "application/octet-stream", b""),
        ],
    )
    status, answer = post(base_url, "/upload", body)
    assert status == 200
    result = json.loads(answer)
    assert result["fields"] == [
        ["title", "Urlaub in Köln"],
        ["tags", "city"],
        ["tags", "rhine"],
        ["empty", ""],
    ]
    assert result["files"] == [
        {
            "name": "photo",
            "filename": "dom.jpg",
            "content_type": "image/jpeg",
            "size": len(photo),
            "sha256": hashlib.sha256(photo).hexdigest(),
        },
        {
            "name": "notes",
            "filename": "notizen.txt",
            "content_type": "text/plain",
            "size": len(notes),
            "sha256": hashlib.sha256(notes).hexdigest(),
        },
        {
            "name": "extra",
            "filename": "",
            "content_type": "application/octet-stream",
            "size": 0,
            "sha256": hashlib.sha256(b"").hexdigest(),
        },
    ]


def test_too_many_parts_is_413(serve: t.Callable[[object], str]) -> None:
    base_url = serve(report_form)
    body = form_body([(f"f{i}", "v") for i in range(6)], [])
    status, _ = post(base_url, "/upload?max_parts=6", body)
    assert status == 200
    status, answer = post(base_url, "/upload?max_parts=5", body)
    assert status == 413
    assert b"Request Entity Too Large" in answer
