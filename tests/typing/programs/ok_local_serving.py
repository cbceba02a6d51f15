"""Context locals, cached properties and the development server."""

from __future__ import annotations

from contextvars import ContextVar
from typing import assert_type
from typing import cast

from rostzeug.local import Local
from rostzeug.local import LocalProxy
from rostzeug.local import LocalStack
from rostzeug.serving import run_simple
from rostzeug.test import Client
from rostzeug.utils import cached_property
from rostzeug.wrappers import Request
from rostzeug.wrappers import Response

_current_user: ContextVar[str] = ContextVar("current_user")
current_user: LocalProxy[str] = LocalProxy(_current_user)

_requests: LocalStack[Request] = LocalStack()
# Typed as what it stands for, as Flask does for its request proxy.
current_request = cast(Request, LocalProxy(_requests))

_state = Local()
settings: LocalProxy[dict[str, str]] = LocalProxy(_state, "settings")


class Page:
    def __init__(self, path: str) -> None:
        self.path = path

    @cached_property
    def parts(self) -> list[str]:
        return self.path.strip("/").split("/")


@Request.application
def application(request: Request) -> Response:
    token = _current_user.set(request.args.get("user", "anonymous"))
    _requests.push(request)
    try:
        page = Page(request.path)
        assert_type(page.parts, list[str])
        assert_type(_requests.top, Request | None)
        assert_type(current_user, LocalProxy[str])
        # The proxy forwards attribute reads through a descriptor that mypy
        # does not follow (so ``current_user.upper()`` is an error there):
        # typed code converts it, or casts it as done for the request above.
        name = str(current_user).upper()
        return Response(f"{name} {current_request.path} {len(page.parts)}")
    finally:
        _requests.pop()
        _current_user.reset(token)


def serve() -> None:
    run_simple(
        "127.0.0.1",
        5000,
        application,
        use_reloader=True,
        use_debugger=True,
        extra_files=["settings.toml"],
        threaded=True,
    )


def smoke() -> None:
    response = Client(application).get("/some/page?user=ada")
    assert response.get_data(as_text=True) == "ADA /some/page 2"
