"""Bugs in reading a request, each marked with what the checkers report."""

from __future__ import annotations

from rostzeug.wrappers import Request
from rostzeug.wrappers import Response


def shout(text: str) -> str:
    return text.upper() + "!"


def parse_flag(value: bytes) -> bool:
    return value == b"1"


@Request.application
def application(request: Request) -> Response:
    # The query argument may be missing.
    query = request.args.get("q")
    shout(query)  # expect: arg-type reportArgumentType

    # ``type=int`` converts: the value is an int (or None), not a str.
    page = request.args.get("page", 1, type=int)
    shout(page)  # expect: arg-type reportArgumentType

    # The items of ``getlist(type=int)`` are ints.
    ids = request.args.getlist("id", type=int)
    first: str = ids[0]  # expect: assignment reportAssignmentType

    # A converter must take the str value.
    request.args.get("flag", type=parse_flag)  # expect: arg-type reportArgumentType

    # A file without a filename has ``None`` there.
    upload = request.files["upload"]
    name = upload.filename.upper()  # expect: union-attr reportOptionalMemberAccess

    # Form values are str, not bytes.
    data: bytes = request.form["body"]  # expect: assignment reportAssignmentType

    # Headers may be missing too.
    agent = request.headers.get("User-Agent")
    shout(agent)  # expect: arg-type reportArgumentType

    cookie = request.cookies.get("session")
    cookie.strip()  # expect: union-attr reportOptionalMemberAccess

    return Response(f"{name} {data!r} {first}")


# The decorated function is given the request, not a str.
@Request.application  # expect: arg-type reportArgumentType
def wrong_argument(path: str) -> Response:
    return Response(path)


# And it must return a WSGI application, such as a Response.
@Request.application  # expect: arg-type reportArgumentType
def wrong_return(request: Request) -> str:
    return request.path
