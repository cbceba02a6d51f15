"""Bugs with locals, cached properties and the development server."""

from __future__ import annotations

from contextvars import ContextVar

from rostzeug.local import LocalProxy
from rostzeug.local import LocalStack
from rostzeug.serving import run_simple
from rostzeug.utils import cached_property
from rostzeug.wrappers import Request
from rostzeug.wrappers import Response

_user_id: ContextVar[int] = ContextVar("user_id")
# The proxy's type comes from the context variable.
user_name: LocalProxy[str] = LocalProxy(_user_id)  # expect: arg-type reportAssignmentType

_requests: LocalStack[Request] = LocalStack()


class Page:
    def __init__(self, path: str) -> None:
        self.path = path

    @cached_property
    def depth(self) -> int:
        return self.path.count("/")


@Request.application
def application(request: Request) -> Response:
    # Only requests go on this stack.
    _requests.push("request")  # expect: arg-type reportArgumentType
    # The stack may be empty.
    path = _requests.top.path  # expect: union-attr reportOptionalMemberAccess
    # A cached property has the type its function returns.
    label: str = Page(path).depth  # expect: assignment reportAssignmentType
    return Response(label)


def serve() -> None:
    # The port is an int.
    run_simple("127.0.0.1", "5000", application)  # expect: arg-type reportArgumentType
    # run_simple takes a WSGI application, not a request handler.
    run_simple("127.0.0.1", 5000, Page)  # expect: arg-type reportArgumentType
    # There is no such option.
    run_simple("127.0.0.1", 5000, application, reload=True)  # expect: call-arg reportCallIssue
