"""Bugs in tests that use the test client."""

from __future__ import annotations

from rostzeug.test import Client
from rostzeug.wrappers import Request
from rostzeug.wrappers import Response


def handler(request: Request) -> Response:
    return Response("ok")


def check() -> None:
    # The client wraps a WSGI application, not a request handler.
    client = Client(handler)  # expect: arg-type reportArgumentType

    response = client.get("/")
    # The status code is an int: this comparison is always false.
    if response.status_code == "200":  # expect: comparison-overlap reportUnnecessaryComparison
        print("ok")

    # ``as_text=True`` gives a str.
    text: bytes = response.get_data(as_text=True)  # expect: assignment reportAssignmentType

    # ``get_cookie`` may find no cookie.
    print(client.get_cookie("session").value)  # expect: union-attr reportOptionalMemberAccess
    print(text)
