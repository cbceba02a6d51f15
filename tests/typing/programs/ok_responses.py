"""Responses, redirects, files and HTTP errors."""

from __future__ import annotations

from typing import assert_type

from rostzeug.exceptions import HTTPException
from rostzeug.exceptions import NotFound
from rostzeug.exceptions import abort
from rostzeug.test import EnvironBuilder
from rostzeug.utils import redirect
from rostzeug.utils import send_file
from rostzeug.wrappers import Request
from rostzeug.wrappers import Response

DOCUMENTS = {"readme": "/srv/docs/README.txt"}


def text(request: Request) -> Response:
    response = Response(
        "hello", status=201, headers={"X-Id": "1"}, mimetype="text/plain"
    )
    response.set_cookie("session", "abc", max_age=3600, httponly=True, samesite="Lax")
    response.delete_cookie("old")
    response.headers["X-Path"] = request.path
    assert_type(response.status_code, int)
    assert_type(response.status, str)
    assert_type(response.get_data(), bytes)
    assert_type(response.get_data(as_text=True), str)
    return response


def moved() -> Response:
    response = redirect("/new-place", code=301)
    assert_type(response, Response)
    return response


def document(request: Request, name: str) -> Response:
    path = DOCUMENTS.get(name)
    if path is None:
        abort(404)
    # abort never returns, so path is a str here.
    return send_file(path, request.environ, as_attachment=True, max_age=60)


def missing(request: Request) -> Response:
    error = NotFound(description=f"No page at {request.path}.")
    try:
        raise error
    except HTTPException as caught:
        return caught.get_response(request.environ)


def smoke() -> None:
    request = Request(EnvironBuilder(path="/docs/nothing").get_environ())
    response = text(request)
    assert (response.status_code, response.headers["X-Path"]) == (201, "/docs/nothing")
    assert moved().headers["Location"] == "/new-place"
    try:
        document(request, "nothing")
    except NotFound:
        pass
    else:
        raise AssertionError("abort(404) did not raise NotFound")
    assert missing(request).status_code == 404
