"""The test Client of rostzeug.test: requests, responses, redirects, cookies."""

from __future__ import annotations

import typing as t
from collections.abc import Callable
from collections.abc import Iterable
from collections.abc import Iterator
from datetime import UTC
from datetime import datetime
from io import BytesIO

import pytest

from rostzeug.datastructures import Headers
from rostzeug.test import Client
from rostzeug.test import ClientRedirectError
from rostzeug.test import Cookie
from rostzeug.test import EnvironBuilder
from rostzeug.test import TestResponse
from rostzeug.test import create_environ
from rostzeug.test import run_wsgi_app
from rostzeug.wrappers import Request
from rostzeug.wrappers import Response

Environ = dict[str, t.Any]
StartResponse = Callable[..., t.Any]


def echo_app(environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
    """Answers with the method, URL parts, cookie and body of the request."""
    length = int(environ.get("CONTENT_LENGTH") or 0)
    body = environ["wsgi.input"].read(length)
    lines = [
        environ["REQUEST_METHOD"],
        environ["HTTP_HOST"],
        environ["SCRIPT_NAME"],
        environ["PATH_INFO"],
        environ["QUERY_STRING"],
        environ.get("HTTP_COOKIE", "-"),
        environ.get("CONTENT_TYPE", "-"),
        body.decode("latin1"),
    ]
    start_response("200 OK", [("Content-Type", "text/plain; charset=utf-8")])
    return ["\n".join(lines).encode()]


def echoed(response: TestResponse) -> dict[str, str]:
    keys = ("method", "host", "root", "path", "query", "cookie", "type", "body")
    return dict(zip(keys, response.text.split("\n"), strict=True))


def redirecting_app(
    routes: dict[str, tuple[int, str]],
) -> Callable[..., Iterable[bytes]]:
    """Redirects the paths in ``routes`` (to ``(status, location)``) and
    echoes every other request."""

    def app(environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        path = environ["SCRIPT_NAME"] + environ["PATH_INFO"]
        if path in routes:
            status, location = routes[path]
            start_response(f"{status} REDIRECT", [("Location", location)])
            return [b""]
        return echo_app(environ, start_response)

    return app


@pytest.mark.parametrize(
    "method", ["get", "post", "put", "patch", "delete", "options", "trace"]
)
def test_method_shortcuts(method: str) -> None:
    response = getattr(Client(echo_app), method)("/x")
    assert echoed(response)["method"] == method.upper()
    assert response.request.method == method.upper()


def test_head() -> None:
    response = Client(echo_app).head("/")
    assert response.request.method == "HEAD"
    assert response.status_code == 200


def test_response_attributes() -> None:
    client = Client(echo_app)
    response = client.post("/a/b?c=d", data=b"payload", content_type="x/y")
    assert isinstance(response, TestResponse)
    assert response.status == "200 OK"
    assert response.history == ()
    assert response.request.path == "/a/b"
    assert response.request.args["c"] == "d"
    values = echoed(response)
    assert values["body"] == "payload"
    assert values["type"] == "x/y"
    assert values["query"] == "c=d"
    assert response.headers["Content-Type"] == "text/plain; charset=utf-8"


def test_response_json() -> None:
    def app(environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        start_response("200 OK", [("Content-Type", "application/json")])
        return [b'{"answer": 42}']

    assert Client(app).get("/").json == {"answer": 42}


def test_no_default_mimetype() -> None:
    def app(environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        start_response("204 No Content", [])
        return []

    response = Client(app).get("/")
    assert "Content-Type" not in response.headers
    assert response.mimetype is None


def test_open_with_builder_environ_and_request() -> None:
    client = Client(echo_app)
    builder = EnvironBuilder("/built", method="PUT")
    assert echoed(client.open(builder))["path"] == "/built"
    assert echoed(client.open(create_environ("/env")))["path"] == "/env"
    request = Request(create_environ("/req", method="DELETE"))
    response = client.open(request)
    assert response.request is request
    assert echoed(response)["method"] == "DELETE"


def test_full_url_and_base_url() -> None:
    client = Client(echo_app)
    # The path and query of a full URL are used; the host is the base URL's.
    values = echoed(client.get("https://api.example.com:8443/v1/items?x=1"))
    assert values["host"] == "localhost"
    assert values["path"] == "/v1/items"
    assert values["query"] == "x=1"
    values = echoed(client.get("/items", "http://localhost/mount"))
    assert values["root"] == "/mount"
    assert values["path"] == "/items"


def test_response_wrapper() -> None:
    class Plain(Response):
        pass

    class AlreadyTest(TestResponse):
        pass

    assert Client(echo_app).response_wrapper is TestResponse
    assert Client(echo_app, Response).response_wrapper is TestResponse

    response = Client(echo_app, Plain).get("/")
    assert isinstance(response, Plain)
    assert isinstance(response, TestResponse)
    assert type(response) is not Plain

    assert type(Client(echo_app, AlreadyTest).get("/")) is AlreadyTest


class ClosingBody:
    """An application body that records when it is read and closed."""

    def __init__(self, log: list[str]) -> None:
        self.log = log

    def __iter__(self) -> Iterator[bytes]:
        self.log.append("read")
        yield b"body"

    def close(self) -> None:
        self.log.append("closed")


def closing_app(log: list[str]) -> Callable[..., Iterable[bytes]]:
    def app(environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        start_response("200 OK", [("Content-Type", "text/plain")])
        return ClosingBody(log)

    return app


def test_buffered_closes_app_iter_at_once() -> None:
    log: list[str] = []
    response = Client(closing_app(log)).get("/", buffered=True)
    assert log == ["read", "closed"]
    assert response.get_data() == b"body"


def test_unbuffered_closes_app_iter_with_response() -> None:
    log: list[str] = []
    response = Client(closing_app(log)).get("/")
    assert "closed" not in log
    assert response.get_data() == b"body"
    response.close()
    assert log[-1] == "closed"


def test_run_wsgi_app_write_and_late_start_response() -> None:
    def writer(environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        write = start_response("200 OK", [("X-A", "1")])
        write(b"written ")
        return [b"returned"]

    def late(environ: Environ, start_response: StartResponse) -> Iterator[bytes]:
        yield b"early "
        start_response("201 CREATED", [("X-B", "2")])
        yield b"late"

    for buffered in (False, True):
        app_iter, status, headers = run_wsgi_app(writer, create_environ(), buffered)
        assert status == "200 OK"
        assert b"".join(app_iter) == b"written returned"
        assert isinstance(headers, Headers)
        assert headers["X-A"] == "1"

        app_iter, status, headers = run_wsgi_app(late, create_environ(), buffered)
        assert status == "201 CREATED"
        assert b"".join(app_iter) == b"early late"


def test_run_wsgi_app_copies_environ() -> None:
    def mutating(environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        environ["PATH_INFO"] = "/changed"
        start_response("200 OK", [])
        return []

    environ = create_environ("/original")
    run_wsgi_app(mutating, environ)
    assert environ["PATH_INFO"] == "/original"


def test_run_wsgi_app_without_start_response() -> None:
    def broken(environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        return [b"x"]

    with pytest.raises(RuntimeError, match="start_response"):
        run_wsgi_app(broken, create_environ())


def test_follow_redirects_with_history() -> None:
    app = redirecting_app({"/first": (302, "/second"), "/second": (301, "/third")})
    response = Client(app).get("/first", follow_redirects=True)
    assert echoed(response)["path"] == "/third"
    assert [r.status_code for r in response.history] == [302, 301]
    assert [r.request.path for r in response.history] == ["/first", "/second"]
    assert response.history[1].history == (response.history[0],)
    assert response.history[0].history == ()


def test_redirect_not_followed_by_default() -> None:
    app = redirecting_app({"/": (302, "/next")})
    response = Client(app).get("/")
    assert response.status_code == 302
    assert response.headers["Location"] == "/next"


@pytest.mark.parametrize("status", [301, 302, 303])
def test_redirect_becomes_get_without_body(status: int) -> None:
    app = redirecting_app({"/form": (status, "/done")})
    response = Client(app).post(
        "/form", data={"a": "1"}, headers={"X-Kept": "yes"}, follow_redirects=True
    )
    values = echoed(response)
    assert values["method"] == "GET"
    assert values["body"] == ""
    assert values["type"] == "-"
    assert response.request.headers["X-Kept"] == "yes"


@pytest.mark.parametrize("status", [307, 308])
def test_redirect_keeps_method_and_body(status: int) -> None:
    app = redirecting_app({"/form": (status, "/done")})
    response = Client(app).put("/form", data={"a": "1"}, follow_redirects=True)
    values = echoed(response)
    assert values["method"] == "PUT"
    assert values["body"] == "a=1"
    assert values["type"] == "application/x-www-form-urlencoded"


def test_head_stays_head_on_redirect() -> None:
    app = redirecting_app({"/": (302, "/other")})
    response = Client(app).head("/", follow_redirects=True)
    assert response.request.method == "HEAD"
    assert response.request.path == "/other"


def test_redirect_loop() -> None:
    app = redirecting_app({"/a": (302, "/b"), "/b": (302, "/a")})
    with pytest.raises(ClientRedirectError, match="redirect to '/b'"):
        Client(app).get("/a", follow_redirects=True)


def test_redirect_to_absolute_url_on_same_host() -> None:
    app = redirecting_app({"/": (302, "http://localhost/target?x=1")})
    values = echoed(Client(app).get("/", follow_redirects=True))
    assert values["path"] == "/target"
    assert values["query"] == "x=1"


def test_external_redirect_raises() -> None:
    app = redirecting_app({"/": (302, "http://example.com/")})
    with pytest.raises(RuntimeError, match="another server"):
        Client(app).get("/", follow_redirects=True)


def test_subdomain_redirects() -> None:
    app = redirecting_app({"/": (302, "http://api.example.com/in")})
    with pytest.raises(RuntimeError, match="allow_subdomain_redirects"):
        Client(app).get("/", "http://example.com/", follow_redirects=True)
    client = Client(app, allow_subdomain_redirects=True)
    values = echoed(client.get("/", "http://example.com/", follow_redirects=True))
    assert values["host"] == "api.example.com"
    assert values["path"] == "/in"


def test_redirect_relative_to_script_root() -> None:
    app = redirecting_app({"/app/start": (302, "/app/end"), "/app/out": (302, "/x")})
    client = Client(app)
    values = echoed(client.get("/start", "http://localhost/app", follow_redirects=True))
    assert (values["root"], values["path"]) == ("/app", "/end")
    values = echoed(client.get("/out", "http://localhost/app", follow_redirects=True))
    assert (values["root"], values["path"]) == ("", "/x")


def test_intermediate_responses_are_exhausted() -> None:
    log: list[str] = []

    def app(environ: Environ, start_response: StartResponse) -> Iterator[bytes]:
        log.append("start " + environ["PATH_INFO"])
        try:
            if environ["PATH_INFO"] == "/":
                start_response("302 FOUND", [("Location", "/end")])
            else:
                start_response("200 OK", [])
            yield b"x"
        finally:
            log.append("end " + environ["PATH_INFO"])

    Client(app).get("/", follow_redirects=True)
    assert log[:3] == ["start /", "end /", "start /end"]


def set_cookie_app(environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
    """Sets the cookies given as ``set`` query arguments, and echoes."""
    query = environ["QUERY_STRING"]
    headers = [
        ("Set-Cookie", value.replace("%3B", ";").replace("%3D", "="))
        for key, _, value in (item.partition("=") for item in query.split("&"))
        if key == "set"
    ]
    start_response("200 OK", headers)
    return [environ.get("HTTP_COOKIE", "-").encode()]


def test_cookies_are_stored_and_sent() -> None:
    client = Client(set_cookie_app)
    assert client.get("/").text == "-"
    assert client.get("/?set=a%3D1").text == "-"
    assert client.get("/").text == "a=1"
    cookie = client.get_cookie("a")
    assert cookie is not None
    assert (cookie.key, cookie.value, cookie.domain, cookie.path) == (
        "a",
        "1",
        "localhost",
        "/",
    )
    assert cookie.origin_only


def test_cookie_removed_by_max_age_zero() -> None:
    client = Client(set_cookie_app)
    client.get("/?set=a%3D1")
    client.get("/?set=a%3D%3B Max-Age%3D0")
    assert client.get_cookie("a") is None
    assert client.get("/").text == "-"


def test_cookie_path_matching() -> None:
    client = Client(set_cookie_app)
    client.get("/?set=p%3D1%3B Path%3D/admin")
    assert client.get("/admin").text == "p=1"
    assert client.get("/admin/users").text == "p=1"
    assert client.get("/administrator").text == "-"
    assert client.get("/").text == "-"


def test_cookie_default_path_is_request_directory() -> None:
    client = Client(set_cookie_app)
    client.get("/shop/cart?set=c%3D1")
    assert client.get_cookie("c") is None
    assert client.get_cookie("c", path="/shop") is not None


def test_cookie_domain_matching() -> None:
    client = Client(set_cookie_app)
    client.get("/?set=d%3D1%3B Domain%3Dexample.com", "http://example.com/")
    client.get("/?set=h%3D2", "http://example.com/")
    assert client.get("/", "http://www.example.com/").text == "d=1"
    assert client.get("/", "http://example.com/").text == "d=1; h=2"
    assert client.get("/", "http://badexample.com/").text == "-"


def test_set_get_delete_cookie() -> None:
    client = Client(echo_app)
    client.set_cookie("token", "abc")
    client.set_cookie("scoped", "1", domain="example.com", path="/api")
    client.set_cookie("wide", "2", domain="example.com", origin_only=False)
    assert echoed(client.get("/"))["cookie"] == "token=abc"
    assert echoed(client.get("/api/x", "http://example.com/"))["cookie"] == (
        "scoped=1; wide=2"
    )
    assert echoed(client.get("/", "http://sub.example.com/"))["cookie"] == "wide=2"

    cookie = client.get_cookie("scoped", domain="example.com", path="/api")
    assert cookie is not None and cookie.decoded_value == "1"
    client.delete_cookie("scoped", domain="example.com", path="/api")
    assert client.get_cookie("scoped", domain="example.com", path="/api") is None
    client.set_cookie("token", "", max_age=0)
    assert client.get_cookie("token") is None
    assert echoed(client.get("/"))["cookie"] == "-"


def test_set_cookie_quotes_value() -> None:
    client = Client(echo_app)
    client.set_cookie("k", "a b;c")
    cookie = client.get_cookie("k")
    assert cookie is not None
    assert cookie.decoded_value == "a b;c"
    assert cookie.value != "a b;c"


def test_cookies_disabled() -> None:
    client = Client(set_cookie_app, use_cookies=False)
    client.get("/?set=a%3D1")
    assert client.get("/", headers={"Cookie": "own=1"}).text == "own=1"
    with pytest.raises(TypeError, match="use_cookies"):
        client.get_cookie("a")
    with pytest.raises(TypeError, match="use_cookies"):
        client.set_cookie("a", "1")
    with pytest.raises(TypeError, match="use_cookies"):
        client.delete_cookie("a")


def test_cookies_across_redirects() -> None:
    def app(environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        path = environ["PATH_INFO"]
        if path == "/login":
            start_response(
                "302 FOUND", [("Location", "/home"), ("Set-Cookie", "session=s1")]
            )
            return [b""]
        if path == "/logout":
            start_response(
                "303 SEE OTHER",
                [("Location", "/home"), ("Set-Cookie", "session=; Max-Age=0")],
            )
            return [b""]
        start_response("200 OK", [])
        return [environ.get("HTTP_COOKIE", "anonymous").encode()]

    client = Client(app)
    assert client.get("/login", follow_redirects=True).text == "session=s1"
    assert client.get("/home").text == "session=s1"
    assert client.get("/logout", follow_redirects=True).text == "anonymous"


def test_cookie_from_response_header() -> None:
    cookie = Cookie._from_response_header(
        "localhost",
        "/dir/page",
        'k="a\\073b"; Domain=example.org; Path=/p; Max-Age=60; Secure; HttpOnly;'
        " SameSite=Lax; Expires=Wed, 21 Oct 2015 07:28:00 GMT",
    )
    assert cookie.key == "k"
    assert cookie.value == '"a\\073b"'
    assert cookie.decoded_value == "a;b"
    assert cookie.domain == "example.org"
    assert not cookie.origin_only
    assert cookie.path == "/p"
    assert cookie.max_age == 60
    assert cookie.secure and cookie.http_only
    assert cookie.same_site == "Lax"
    assert cookie.expires == datetime(2015, 10, 21, 7, 28, tzinfo=UTC)
    assert cookie._to_request_header() == 'k="a\\073b"'
    assert not cookie._should_delete

    bare = Cookie._from_response_header("host.test", "/a/b", "x=1")
    assert (bare.domain, bare.path, bare.origin_only) == ("host.test", "/a", True)
    assert bare.max_age is None and bare.expires is None
    assert not bare.secure and bare.same_site is None


def test_cookie_matches_request() -> None:
    cookie = Cookie._from_response_header(
        "localhost", "/", "k=v; Domain=example.com; Path=/docs/"
    )
    assert cookie._matches_request("example.com", "/docs/")
    assert cookie._matches_request("www.example.com", "/docs/intro")
    assert not cookie._matches_request("notexample.com", "/docs/")
    assert not cookie._matches_request("example.com", "/docs")
    assert not cookie._matches_request("example.com", "/other")

    exact = Cookie._from_response_header("example.com", "/", "k=v; Path=/docs")
    assert exact._matches_request("example.com", "/docs")
    assert exact._matches_request("example.com", "/docs/x")
    assert not exact._matches_request("example.com", "/docsx")
    assert not exact._matches_request("www.example.com", "/docs")


def test_expired_cookie_deletes() -> None:
    cookie = Cookie._from_response_header(
        "localhost", "/", "k=; Expires=Thu, 01 Jan 1970 00:00:00 GMT"
    )
    assert cookie._should_delete


def test_request_body_closed_with_response() -> None:
    stream = BytesIO(b"data")
    response = Client(echo_app).post("/", input_stream=stream, follow_redirects=True)
    assert echoed(response)["body"] == "data"
    assert not stream.closed
    response.close()
    assert stream.closed


def test_repr() -> None:
    assert repr(Client(echo_app)) == f"<Client {echo_app!r}>"
