"""``Response.force_type`` of an HTTP error, as Flask converts an error a
view raised: the response is made from the error's ``get_response``
without running the error as a WSGI application, unless a class on the
way overrides what that run would call. Either way the result is
Werkzeug's: same status, headers, body, streaming and closing."""

from __future__ import annotations

import typing as t

import pytest
import werkzeug.exceptions
import werkzeug.wrappers

from rostzeug import exceptions
from rostzeug.datastructures import Headers
from rostzeug.wrappers import Response


def environ(method: str = "GET") -> dict[str, t.Any]:
    return {
        "REQUEST_METHOD": method,
        "SCRIPT_NAME": "",
        "PATH_INFO": "/missing",
        "QUERY_STRING": "",
        "SERVER_NAME": "example.org",
        "SERVER_PORT": "80",
        "wsgi.url_scheme": "http",
    }


def sent(response: t.Any, method: str = "GET") -> tuple[str, list[t.Any], bytes]:
    """What a server gets from ``response`` as a WSGI application."""
    started: list[t.Any] = []
    body = response(environ(method), lambda s, h, e=None: started.append((s, h)))
    try:
        data = b"".join(body)
    finally:
        body.close()
    return started[0][0], started[0][1], data


def outcome(response: t.Any) -> dict[str, t.Any]:
    """What a user can see of a forced response, before sending it."""
    return {
        "status": response.status,
        "status_code": response.status_code,
        "headers": list(response.headers.items()),
        "is_streamed": response.is_streamed,
        "is_sequence": response.is_sequence,
    }


def generic(error: t.Any, method: str = "GET") -> Response:
    """The generic path: the error run as a WSGI application."""
    return Response.from_app(error, environ(method))


class Mine(Response):
    pass


@pytest.mark.parametrize("method", ["GET", "HEAD", "POST"])
@pytest.mark.parametrize(
    "name", ["NotFound", "BadRequest", "Forbidden", "ImATeapot", "InternalServerError"]
)
def test_forced_error_equals_werkzeugs(name: str, method: str) -> None:
    ours = Mine.force_type(getattr(exceptions, name)(), environ(method))
    theirs = werkzeug.wrappers.Response.force_type(
        getattr(werkzeug.exceptions, name)(), environ(method)
    )
    assert type(ours) is Mine
    assert outcome(ours) == outcome(theirs)
    assert sent(ours, method) == sent(theirs, method)


def test_forced_error_with_headers_of_its_own_equals_werkzeugs() -> None:
    ours = Response.force_type(
        exceptions.MethodNotAllowed(["GET", "POST"], "only <these>"), environ()
    )
    theirs = werkzeug.wrappers.Response.force_type(
        werkzeug.exceptions.MethodNotAllowed(["GET", "POST"], "only <these>"),
        environ(),
    )
    assert outcome(ours) == outcome(theirs)
    assert sent(ours) == sent(theirs)


def test_forced_error_equals_the_generic_path() -> None:
    error = exceptions.NotFound("no <such> page\nat all")
    forced = Response.force_type(error, environ())
    assert outcome(forced) == outcome(generic(error))
    assert sent(forced) == sent(generic(error))


@pytest.mark.parametrize("read_first", [False, True])
def test_closing_the_forced_response_closes_the_errors_response(
    read_first: bool,
) -> None:
    def run(toolkit_response: t.Any, toolkit_exceptions: t.Any) -> list[str]:
        closed: list[str] = []
        page = toolkit_response("gone", status=410)
        page.call_on_close(lambda: closed.append("page"))
        error = toolkit_exceptions.Gone(response=page)
        forced = toolkit_response.force_type(error, environ())
        forced.call_on_close(lambda: closed.append("forced"))
        assert forced.status == "410 GONE"
        if read_first:
            assert forced.get_data() == b"gone"
        assert closed == []
        forced.close()
        return closed

    ours = run(Response, exceptions)
    assert ours == run(werkzeug.wrappers.Response, werkzeug.exceptions)
    assert sorted(ours) == ["forced", "page"]


def test_error_response_with_a_streamed_body_takes_the_generic_path() -> None:
    closed: list[bool] = []

    def chunks() -> t.Iterator[bytes]:
        try:
            yield b"a"
            yield b"b"
        finally:
            closed.append(True)

    error = exceptions.NotFound(response=Response(chunks(), status=404))
    forced = Response.force_type(error, environ())
    assert forced.status_code == 404 and forced.is_streamed
    assert b"".join(forced.response) == b"ab"
    forced.close()
    assert closed == [True]


def test_unusual_status_line_is_kept() -> None:
    page = Response(b"odd", status="404 Not Here")
    forced = Response.force_type(exceptions.NotFound(response=page), environ())
    assert (forced.status, forced.status_code) == ("404 Not Here", 404)


def test_headers_of_the_forced_response_are_its_own() -> None:
    page = Response(b"x", status=404)
    forced = Response.force_type(exceptions.NotFound(response=page), environ())
    forced.headers["X-Late"] = "1"
    assert "X-Late" not in page.headers
    assert isinstance(forced.headers, Headers)
    assert forced.headers["content-length"] == "1"


def test_overridden_error_call_is_run() -> None:
    class Custom(exceptions.NotFound):
        def __call__(self, environ: t.Any, start_response: t.Any) -> t.Any:
            start_response("404 NOT FOUND", [("X-Mine", "yes")])
            return [b"mine"]

    forced = Response.force_type(Custom(), environ())
    assert forced.headers["X-Mine"] == "yes"
    assert forced.get_data() == b"mine"


@pytest.mark.parametrize(
    "method", ["get_response", "get_body", "get_description", "get_headers"]
)
def test_overridden_error_methods_are_called(method: str) -> None:
    calls: list[str] = []
    base = getattr(exceptions.NotFound, method)

    def override(self: t.Any, *args: t.Any, **kwargs: t.Any) -> t.Any:
        calls.append(method)
        result = base(self, *args, **kwargs)
        if method == "get_headers":
            return [*result, ("X-Extra", "1")]
        if method == "get_response":
            result.headers["X-Extra"] = "1"
            return result
        return result.replace("Not Found", "Nope") if method == "get_body" else result

    Custom = type("Custom", (exceptions.NotFound,), {method: override})
    forced = Response.force_type(Custom(), environ())
    assert calls == [method]
    assert outcome(forced) == outcome(generic(Custom()))
    assert sent(forced) == sent(generic(Custom()))
    if method in ("get_headers", "get_response"):
        assert forced.headers["X-Extra"] == "1"
    if method == "get_body":
        assert b"Nope" in Response.force_type(Custom(), environ()).get_data()


def test_overridden_name_is_on_the_page() -> None:
    class Renamed(exceptions.NotFound):
        name = "Lost & Found"  # type: ignore[assignment]

    page = Response.force_type(Renamed(), environ()).get_data()
    assert b"<title>404 Lost &amp; Found</title>" in page


@pytest.mark.parametrize(
    "method", ["__call__", "get_wsgi_response", "get_wsgi_headers", "get_app_iter"]
)
def test_overridden_methods_of_the_error_response_are_called(method: str) -> None:
    calls: list[str] = []
    base = getattr(Response, method)

    def override(self: t.Any, *args: t.Any) -> t.Any:
        calls.append(method)
        return base(self, *args)

    Page = type("Page", (Response,), {method: override})
    error = exceptions.NotFound(response=Page(b"page", status=404))
    forced = Response.force_type(error, environ())
    assert calls == [method]
    assert forced.get_data() == b"page"
    assert forced.headers["Content-Length"] == "4"


def test_overridden_iter_encoded_of_the_error_response_is_called() -> None:
    class Upper(Response):
        def iter_encoded(self) -> t.Iterator[bytes]:
            return (chunk.upper() for chunk in super().iter_encoded())

    error = exceptions.NotFound(response=Upper(b"page", status=404))
    assert Response.force_type(error, environ()).get_data() == b"PAGE"


def test_the_error_gets_a_copy_of_the_environ() -> None:
    seen: list[dict[str, t.Any]] = []

    class Looking(exceptions.NotFound):
        def get_response(self, environ: t.Any = None, scope: t.Any = None) -> t.Any:
            seen.append(environ)
            environ["changed"] = True
            return super().get_response(environ, scope)

    env = environ()
    Response.force_type(Looking(), env)
    assert seen[0] is not env and "changed" not in env


def test_a_sansio_response_from_the_error_fails_as_in_the_generic_path() -> None:
    from rostzeug.sansio.response import Response as SansIOResponse

    error = exceptions.NotFound(response=SansIOResponse(status=404))
    with pytest.raises(TypeError, match="not callable"):
        Response.force_type(error, environ())


def test_forced_redirect_equals_werkzeugs() -> None:
    from werkzeug.routing import RequestRedirect as TheirRedirect

    from rostzeug.routing import RequestRedirect

    ours = Response.force_type(RequestRedirect("/caf\u00e9?x=1"), environ())
    theirs = werkzeug.wrappers.Response.force_type(
        TheirRedirect("/caf\u00e9?x=1"), environ()
    )
    assert outcome(ours) == outcome(theirs)
    assert sent(ours) == sent(theirs)


@pytest.mark.parametrize("method", ["GET", "HEAD"])
@pytest.mark.parametrize(
    "change",
    ["nothing", "no_content", "not_modified", "location", "passthrough", "on_close"],
)
def test_sending_a_forced_error_after_changes_equals_werkzeugs(
    change: str, method: str
) -> None:
    def run(toolkit_response: t.Any, toolkit_exceptions: t.Any) -> t.Any:
        closed: list[str] = []
        forced = toolkit_response.force_type(
            toolkit_exceptions.NotFound("gone <now>"), environ(method)
        )
        if change == "no_content":
            forced.status_code = 204
        elif change == "not_modified":
            forced.status_code = 304
        elif change == "location":
            forced.headers["Location"] = "/caf\u00e9"
        elif change == "passthrough":
            forced.direct_passthrough = True
        elif change == "on_close":
            forced.call_on_close(lambda: closed.append("closed"))
        return sent(forced, method), closed

    ours = run(Response, exceptions)
    assert ours == run(werkzeug.wrappers.Response, werkzeug.exceptions)


@pytest.mark.parametrize(
    "method", ["get_wsgi_response", "get_wsgi_headers", "get_app_iter", "iter_encoded"]
)
def test_overridden_methods_of_the_forced_class_are_called(method: str) -> None:
    calls: list[str] = []
    base = getattr(Response, method)

    def override(self: t.Any, *args: t.Any) -> t.Any:
        calls.append(method)
        return base(self, *args)

    Forced = type("Forced", (Response,), {method: override})
    forced = Forced.force_type(exceptions.NotFound(), environ())
    status, headers, body = sent(forced)
    assert method in calls
    assert status == "404 NOT FOUND" and b"<h1>Not Found</h1>" in body
    assert ("Content-Type", "text/html; charset=utf-8") in headers


def test_a_forced_error_body_is_sent_once() -> None:
    def run(toolkit_response: t.Any, toolkit_exceptions: t.Any) -> t.Any:
        forced = toolkit_response.force_type(toolkit_exceptions.NotFound(), environ())
        return sent(forced), sent(forced)

    first, second = run(Response, exceptions)
    assert b"Not Found" in first[2]
    # The body is an iterator: a second send has an empty body.
    assert second[2] == b""
    assert (first, second) == run(werkzeug.wrappers.Response, werkzeug.exceptions)
