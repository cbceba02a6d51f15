"""Middleware, passwords, file names and HTTP header helpers."""

from __future__ import annotations

from datetime import UTC
from datetime import datetime
from typing import assert_type

from rostzeug.http import dump_cookie
from rostzeug.http import http_date
from rostzeug.http import parse_date
from rostzeug.http import parse_options_header
from rostzeug.middleware.dispatcher import DispatcherMiddleware
from rostzeug.middleware.proxy_fix import ProxyFix
from rostzeug.middleware.shared_data import SharedDataMiddleware
from rostzeug.security import check_password_hash
from rostzeug.security import generate_password_hash
from rostzeug.test import Client
from rostzeug.urls import iri_to_uri
from rostzeug.utils import secure_filename
from rostzeug.wrappers import Request
from rostzeug.wrappers import Response

USERS = {"ada": generate_password_hash("correct horse", method="scrypt")}


@Request.application
def api(request: Request) -> Response:
    user = request.form.get("user", "")
    stored = USERS.get(user)
    if stored is None or not check_password_hash(stored, request.form.get("pw", "")):
        return Response("who are you?", status=401)
    mimetype, options = parse_options_header(request.headers.get("Content-Type", ""))
    assert_type(options, dict[str, str])
    since = parse_date(request.headers.get("If-Modified-Since"))
    assert_type(since, datetime | None)
    response = Response(f"{mimetype} {options.get('charset')}")
    response.headers["Last-Modified"] = http_date(datetime.now(UTC))
    response.headers.add("Set-Cookie", dump_cookie("seen", "1", max_age=60))
    response.headers["Link"] = iri_to_uri("https://example.com/über")
    return response


@Request.application
def site(request: Request) -> Response:
    return Response(secure_filename(request.path))


application = ProxyFix(
    DispatcherMiddleware(
        SharedDataMiddleware(site, {"/static": "/srv/static"}),
        {"/api": api},
    ),
    x_for=1,
    x_proto=1,
)


def smoke() -> None:
    client = Client(application)
    response = client.post("/api/", data={"user": "ada", "pw": "correct horse"})
    text = response.get_data(as_text=True)
    assert text == "application/x-www-form-urlencoded None", text
    assert "Set-Cookie" in response.headers
    response = client.post("/api/", data={"user": "ada", "pw": "wrong"})
    assert response.status_code == 401
    assert client.get("/a note.txt").get_data(as_text=True) == "a_note.txt"
