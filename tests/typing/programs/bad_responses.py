"""Bugs in building responses."""

from __future__ import annotations

from rostzeug.exceptions import NotFound
from rostzeug.exceptions import abort
from rostzeug.utils import redirect
from rostzeug.utils import send_file
from rostzeug.wrappers import Request
from rostzeug.wrappers import Response


def wrong(request: Request) -> Response:
    # A cookie's value is a str.
    response = Response("hello")
    response.set_cookie("visits", 3)  # expect: arg-type reportArgumentType

    # The status code is an int; the status line is the str.
    code: str = response.status_code  # expect: assignment reportAssignmentType

    # ``get_data()`` without ``as_text`` gives bytes.
    body: str = response.get_data()  # expect: assignment reportAssignmentType

    # The redirect code is an int.
    redirect("/elsewhere", code="301")  # expect: arg-type reportArgumentType

    # send_file needs the WSGI environ.
    send_file("/srv/file.txt")  # expect: call-arg reportCallIssue

    return Response(f"{code} {body}")


def gone() -> None:
    # abort takes a status code or a response, not a reason.
    abort("not found")  # expect: arg-type reportArgumentType


def not_found() -> NotFound:
    # An HTTP error's description is text.
    return NotFound(description=b"no such page")  # expect: arg-type reportArgumentType


def forgot_to_return(request: Request) -> Response:  # expect: return reportReturnType
    if request.method == "GET":
        return Response("ok")
