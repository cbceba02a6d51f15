"""The WSGI response: construction, status, body, headers sent, cookies,
conditional and range requests, the typed header properties, freezing,
pickling and copying."""

from __future__ import annotations

import copy
import io
import pickle
import typing as t
from datetime import UTC
from datetime import datetime
from datetime import timedelta
from http import HTTPStatus

import pytest

from rostzeug import exceptions
from rostzeug.datastructures import ContentSecurityPolicy
from rostzeug.datastructures import Headers
from rostzeug.datastructures import WWWAuthenticate
from rostzeug.http import COEP
from rostzeug.http import COOP
from rostzeug.http import generate_etag
from rostzeug.test import Client
from rostzeug.wrappers import Request
from rostzeug.wrappers import Response
from rostzeug.wrappers import ResponseStream
from rostzeug.wsgi import ClosingIterator


def environ(method: str = "GET", **headers: str) -> dict[str, t.Any]:
    env: dict[str, t.Any] = {
        "REQUEST_METHOD": method,
        "SCRIPT_NAME": "",
        "PATH_INFO": "/files/a",
        "QUERY_STRING": "x=1",
        "SERVER_NAME": "example.org",
        "SERVER_PORT": "80",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
    }
    for name, value in headers.items():
        env["HTTP_" + name.upper()] = value
    return env


def call(
    response: Response, env: dict[str, t.Any] | None = None
) -> tuple[str, list[tuple[str, str]], bytes]:
    started: list[tuple[str, list[tuple[str, str]]]] = []

    def start_response(status: str, headers: t.Any, exc_info: t.Any = None) -> None:
        started.append((status, headers))

    app_iter = response(env or environ(), start_response)
    try:
        body = b"".join(app_iter)
    finally:
        app_iter.close()  # type: ignore[attr-defined]
    status, headers = started[0]
    return status, headers, body


def test_construction_from_text() -> None:
    response = Response("h\u00e9llo")
    assert response.status == "200 OK"
    assert response.status_code == 200
    assert response.mimetype == "text/plain"
    assert response.content_type == "text/plain; charset=utf-8"
    assert response.data == "h\u00e9llo".encode()
    assert response.content_length == 6
    assert response.get_data(as_text=True) == "h\u00e9llo"
    assert repr(response) == "<Response 6 bytes [200 OK]>"


def test_construction_options() -> None:
    response = Response(
        b"<p/>", status=201, headers=[("X-One", "1")], mimetype="text/html"
    )
    assert response.status == "201 CREATED"
    assert response.headers["X-One"] == "1"
    assert response.content_type == "text/html; charset=utf-8"
    assert Response(content_type="image/png").content_type == "image/png"
    assert Response(mimetype="application/json").content_type == "application/json"
    given = Headers({"Content-Type": "text/csv"})
    response = Response("a,b", headers=given)
    assert response.headers is given
    assert response.content_type == "text/csv"
    assert given["Content-Length"] == "3"


def test_default_mimetype_and_status_of_subclass() -> None:
    class HTMLResponse(Response):
        default_mimetype = "text/html"
        default_status = 404

    response = HTMLResponse("x")
    assert response.content_type == "text/html; charset=utf-8"
    assert response.status == "404 NOT FOUND"

    class NoType(Response):
        default_mimetype = None

    assert "Content-Type" not in NoType("x").headers


@pytest.mark.parametrize(
    ("value", "status", "code"),
    [
        (404, "404 NOT FOUND", 404),
        (HTTPStatus.IM_A_TEAPOT, "418 I'M A TEAPOT", 418),
        ("299", "299 UNKNOWN", 299),
        ("202 Accepted Later", "202 Accepted Later", 202),
        ("custom words", "0 custom words", 0),
        (999, "999 UNKNOWN", 999),
    ],
)
def test_status_values(value: t.Any, status: str, code: int) -> None:
    response = Response(status=value)
    assert response.status == status
    assert response.status_code == code


def test_status_code_setter_and_empty_status() -> None:
    response = Response()
    response.status_code = 500
    assert response.status == "500 INTERNAL SERVER ERROR"
    with pytest.raises(ValueError, match="Empty status"):
        Response(status="  ")


def test_iterable_and_generator_bodies() -> None:
    response = Response(["a", b"b"])
    assert response.is_sequence and not response.is_streamed
    assert response.content_length is None
    assert response.calculate_content_length() == 2
    assert list(response.iter_encoded()) == [b"a", b"b"]

    def generate() -> t.Iterator[str]:
        yield "x"
        yield "y"

    streamed = Response(generate())
    assert streamed.is_streamed and not streamed.is_sequence
    assert repr(streamed) == "<Response streamed [200 OK]>"
    _status, headers, body = call(streamed)
    assert body == b"xy"
    assert "Content-Length" not in dict(headers)


def test_implicit_sequence_conversion() -> None:
    closed = []

    class Body:
        def __iter__(self) -> t.Iterator[bytes]:
            return iter([b"a", b"b"])

        def __len__(self) -> int:
            return 2

        def close(self) -> None:
            closed.append(True)

    response = Response(Body())
    assert repr(response) == "<Response likely-streamed [200 OK]>"
    assert response.data == b"ab"
    assert response.is_sequence
    response.close()
    assert closed == [True]

    class Strict(Response):
        implicit_sequence_conversion = False

    with pytest.raises(RuntimeError, match="make_sequence"):
        Strict(iter([b"a"])).get_data()
    passthrough = Response(iter([b"a"]), direct_passthrough=True)
    with pytest.raises(RuntimeError, match="passthrough"):
        passthrough.get_data()
    assert passthrough.calculate_content_length() is None


def test_set_data_and_automatic_content_length() -> None:
    response = Response()
    response.data = "abc"
    assert response.response == [b"abc"]
    assert response.headers["Content-Length"] == "3"

    class Manual(Response):
        automatically_set_content_length = False

    manual = Manual("abc")
    assert "Content-Length" not in manual.headers
    assert "Content-Length" not in dict(call(manual)[1])


def test_wsgi_headers_compute_content_length() -> None:
    response = Response([b"ab", "c"])
    headers = response.get_wsgi_headers(environ())
    assert isinstance(headers, Headers)
    assert headers["Content-Length"] == "3"
    assert "Content-Length" not in response.headers
    _status, sent, body = call(response)
    assert ("Content-Length", "3") in sent and body == b"abc"


@pytest.mark.parametrize("status", [101, 204, 304])
def test_bodiless_statuses(status: int) -> None:
    response = Response("body", status=status, headers={"Content-Language": "en"})
    _sent_status, headers, body = call(response)
    names = {name.lower() for name, _ in headers}
    assert body == b""
    assert "content-length" not in names
    # 304 drops the entity headers too.
    assert ("content-language" in names) == (status != 304)


def test_head_request_has_no_body_but_length() -> None:
    _status, headers, body = call(Response("hello"), environ("HEAD"))
    assert body == b""
    assert ("Content-Length", "5") in headers


def test_location_headers() -> None:
    response = Response(status=302)
    response.location = "/caf\u00e9?q=\u00e9"
    response.headers["Content-Location"] = "/\u00fcber"
    headers = dict(call(response)[1])
    assert headers["Location"] == "/caf%C3%A9?q=%C3%A9"
    assert headers["Content-Location"] == "/%C3%BCber"

    class Absolute(Response):
        autocorrect_location_header = True

    redirect = Absolute(status=302)
    redirect.location = "other"
    assert dict(call(redirect)[1])["Location"] == "http://example.org/files/other"


def test_autocorrect_location_is_read_at_call_time(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    response = Response(status=302)
    response.location = "/target"
    monkeypatch.setattr(Response, "autocorrect_location_header", True)
    assert dict(call(response)[1])["Location"] == "http://example.org/target"


def test_overridden_get_wsgi_headers_is_used() -> None:
    class Tagged(Response):
        def get_wsgi_headers(self, environ: t.Any) -> Headers:
            headers = super().get_wsgi_headers(environ)
            headers["X-Tag"] = "1"
            return headers

    assert ("X-Tag", "1") in call(Tagged("x"))[1]


def test_one_chunk_body_with_location_headers_is_fixed() -> None:
    response = Response(b"moved", status=301)
    response.headers["Location"] = "/caf\u00e9"
    status, headers, body = call(response)
    assert status == "301 MOVED PERMANENTLY" and body == b"moved"
    assert ("Location", "/caf%C3%A9") in headers
    assert ("Content-Length", "5") in headers


def test_one_chunk_body_without_content_length_gets_one() -> None:
    response = Response(b"abc")
    del response.headers["Content-Length"]
    assert ("Content-Length", "3") in call(response)[1]
    response.automatically_set_content_length = False
    assert "Content-Length" not in dict(call(response)[1])


def test_one_chunk_body_with_unusual_header_keys() -> None:
    # Keys that are not plain ASCII strings take the generic path, which
    # still finds Location and Content-Length case-insensitively.
    response = Response(b"abc", status=302)
    response.headers.add("CONTENT-LOCATION", "/caf\u00e9")
    response.headers.add("X-\u00c9t\u00e9", "1")
    headers = call(response)[1]
    assert ("Content-Location", "/caf%C3%A9") in headers
    assert [key for key, _ in headers].count("Content-Length") == 1


def test_constructor_of_a_class_between_base_response_and_sansio_runs() -> None:
    from rostzeug.sansio.response import Response as SansIOResponse

    made = []

    class Counted(SansIOResponse):
        def __init__(self, *args: t.Any, **kwargs: t.Any) -> None:
            made.append(args)
            super().__init__(*args, **kwargs)

    class Mixed(Response, Counted):
        pass

    response = Mixed(b"x", status=201)
    assert made == [(201, None, None, None)]
    assert response.status_code == 201 and response.get_data() == b"x"
    Response(b"y")
    assert len(made) == 1


def test_overridden_get_app_iter_and_response_are_used() -> None:
    class Upper(Response):
        def get_app_iter(self, environ: t.Any) -> t.Any:
            body = b"".join(super().get_app_iter(environ))
            return ClosingIterator([body.upper()], self.close)

    class Status(Response):
        def get_wsgi_response(self, environ: t.Any) -> t.Any:
            app_iter, _status, headers = super().get_wsgi_response(environ)
            return app_iter, "299 CUSTOM", headers

    assert call(Upper(b"shout"))[2] == b"SHOUT"
    assert call(Status(b"x"))[0] == "299 CUSTOM"


def test_status_setter_of_subclass_runs_on_construction() -> None:
    class Counted(Response):
        @Response.status.setter  # type: ignore[attr-defined,untyped-decorator]
        def status(self, value: t.Any) -> None:
            Response.status.fset(self, value)  # type: ignore[attr-defined]
            self.set_by = value

    assert Counted(b"x").set_by == 200  # type: ignore[attr-defined]
    assert Counted(b"x", status=404).status == "404 NOT FOUND"


def test_set_cookie_rejects_a_newline_and_uses_the_headers_add() -> None:
    response = Response()
    with pytest.raises(ValueError, match="newline"):
        response.set_cookie("a", "1", expires="Thu\r\nX-Injected: 1")
    assert "Set-Cookie" not in response.headers

    class Recording(Headers):
        def add(self, key: str, value: t.Any, /, **kwargs: t.Any) -> None:
            super().add(key, value.upper(), **kwargs)

    response.headers = Recording()
    response.set_cookie("a", "b")
    assert response.headers.getlist("Set-Cookie") == ["A=B; PATH=/"]


def test_close_and_call_on_close() -> None:
    events = []
    response = Response(["x"])
    returned = response.call_on_close(lambda: events.append("closed"))
    assert callable(returned)
    call(response)
    assert events == ["closed"]
    with Response() as managed:
        managed.call_on_close(lambda: events.append("with"))
    assert events == ["closed", "with"]


@pytest.mark.parametrize("method", ["GET", "HEAD"])
def test_buffered_body_iterable_is_an_iterator_that_closes(method: str) -> None:
    # Servers iterate the body, or call next() on it, then close it; closing
    # runs the callbacks registered even after the response was called.
    events: list[str] = []
    response = Response(b"chunk")
    app_iter = response(environ(method), lambda status, headers: None)
    response.call_on_close(lambda: events.append("closed"))
    expected = [] if method == "HEAD" else [b"chunk"]
    assert iter(app_iter) is app_iter
    assert list(app_iter) == expected
    with pytest.raises(StopIteration):
        next(app_iter)  # type: ignore[call-overload]
    assert events == []
    app_iter.close()  # type: ignore[attr-defined]
    assert events == ["closed"]


def test_mimetype_with_newline_is_rejected() -> None:
    with pytest.raises(ValueError, match="newline"):
        Response("x", mimetype="text/plain\r\nX-Injected: 1")


def test_same_response_answers_several_requests() -> None:
    response = Response("again")
    response.set_cookie("a", "1")
    first = call(response)
    second = call(response)
    assert first == second
    assert first[2] == b"again"
    assert response.headers.getlist("Set-Cookie") == ["a=1; Path=/"]


def test_set_and_delete_cookie() -> None:
    response = Response()
    response.set_cookie(
        "session",
        "v a",
        max_age=timedelta(hours=1),
        path="/app",
        domain="example.org",
        secure=True,
        httponly=True,
        samesite="Lax",
        partitioned=True,
    )
    response.set_cookie("t", "1", expires=datetime(2030, 1, 2, 3, 4, 5, tzinfo=UTC))
    response.delete_cookie("old", path="/x")
    cookies = response.headers.getlist("Set-Cookie")
    session = cookies[0]
    assert session.startswith('session="v a"; Domain=example.org; Expires=')
    for part in ("Max-Age=3600", "Secure", "HttpOnly", "Path=/app", "SameSite=Lax"):
        assert part in session
    assert "Partitioned" in session
    assert "Expires=Wed, 02 Jan 2030 03:04:05 GMT" in cookies[1]
    assert cookies[2].startswith("old=; Expires=Thu, 01 Jan 1970 00:00:00 GMT")
    assert "Max-Age=0" in cookies[2] and "Path=/x" in cookies[2]


def test_max_cookie_size_warns() -> None:
    class Small(Response):
        max_cookie_size = 20

    with pytest.warns(UserWarning, match="size"):
        Small().set_cookie("name", "x" * 50)


def test_etags() -> None:
    response = Response("body")
    assert response.get_etag() == (None, None)
    response.set_etag("abc", weak=True)
    assert response.headers["ETag"] == 'W/"abc"'
    assert response.get_etag() == ("abc", True)
    response.add_etag()
    assert response.get_etag() == ("abc", True)
    response.add_etag(overwrite=True)
    assert response.get_etag() == (generate_etag(b"body"), False)


def test_make_conditional_304_and_412() -> None:
    response = Response("body")
    response.set_etag("v1")
    response.make_conditional(environ(IF_NONE_MATCH='"v1"'))
    assert response.status_code == 304
    assert "Date" in response.headers
    assert call(response)[2] == b""

    failed = Response("body")
    failed.set_etag("v1")
    failed.make_conditional(environ(IF_MATCH='"v0"', IF_NONE_MATCH='"v1"'))
    assert failed.status_code == 412

    post = Response("body")
    post.set_etag("v1")
    post.make_conditional(environ("POST", IF_NONE_MATCH='"v1"'))
    assert post.status_code == 200 and "Date" not in post.headers


def test_make_conditional_last_modified_with_request() -> None:
    response = Response("body")
    response.last_modified = datetime(2020, 1, 1, tzinfo=UTC)
    request = Request(environ(IF_MODIFIED_SINCE="Wed, 01 Jan 2020 00:00:00 GMT"))
    assert response.make_conditional(request) is response
    assert response.status_code == 304


def test_single_range() -> None:
    response = Response(b"0123456789")
    response.make_conditional(
        environ(RANGE="bytes=2-5"), accept_ranges=True, complete_length=10
    )
    assert response.status_code == 206
    assert response.headers["Accept-Ranges"] == "bytes"
    assert response.headers["Content-Range"] == "bytes 2-5/10"
    assert response.content_length == 4
    assert call(response)[2] == b"2345"


def test_range_with_complete_length_and_if_range() -> None:
    data = io.BytesIO(b"0123456789")
    response = Response(data, direct_passthrough=True)
    response.set_etag("v1")
    response.make_conditional(
        environ(RANGE="bytes=-3", IF_RANGE='"v1"'),
        accept_ranges="bytes",
        complete_length=10,
    )
    assert response.status_code == 206
    assert response.content_range.to_header() == "bytes 7-9/10"
    assert b"".join(response.response) == b"789"  # type: ignore[arg-type]

    changed = Response(b"0123456789")
    changed.set_etag("v2")
    changed.make_conditional(
        environ(RANGE="bytes=0-1", IF_RANGE='"v1"'),
        accept_ranges=True,
        complete_length=10,
    )
    assert changed.status_code == 200


def test_unsatisfiable_and_unparsable_ranges() -> None:
    with pytest.raises(exceptions.RequestedRangeNotSatisfiable) as info:
        Response(b"0123").make_conditional(
            environ(RANGE="bytes=10-20"), accept_ranges=True, complete_length=4
        )
    assert info.value.length == 4
    with pytest.raises(exceptions.RequestedRangeNotSatisfiable):
        Response(b"0123").make_conditional(
            environ(RANGE="bytes=2-1"), accept_ranges=True, complete_length=4
        )
    # Multiple ranges are not answered with a single 206.
    with pytest.raises(exceptions.RequestedRangeNotSatisfiable):
        Response(b"0123").make_conditional(
            environ(RANGE="bytes=0-0,2-3"), accept_ranges=True, complete_length=4
        )


def test_accept_ranges_without_range_request() -> None:
    response = Response(b"0123")
    response.make_conditional(environ(), accept_ranges="none", complete_length=4)
    assert response.accept_ranges == "none"
    assert response.status_code == 200


def test_freeze() -> None:
    def generate() -> t.Iterator[str]:
        yield "a"
        yield "b"

    response = Response(generate(), direct_passthrough=True)
    response.freeze()
    assert response.response == [b"a", b"b"]
    assert response.headers["Content-Length"] == "2"
    assert response.get_etag() == (generate_etag(b"ab"), False)

    plain = Response(iter([b"x"]))
    plain.freeze(no_etag=True)
    assert "ETag" not in plain.headers


def test_pickle_copy_and_deepcopy() -> None:
    response = Response(iter([b"data"]), headers={"X-A": "1"})
    with pytest.raises(TypeError, match="freeze"):
        pickle.dumps(response)
    response.freeze()
    restored = pickle.loads(pickle.dumps(response))
    assert type(restored) is Response
    assert restored.get_data() == b"data"
    assert restored.headers == response.headers
    assert call(restored)[2] == b"data"

    # The close functions belong to the original: the copies do not run them.
    closed = []
    consumed = Response(iter([b"ab"]))
    consumed.call_on_close(lambda: closed.append(True))
    consumed.stream.write(b"c")
    consumed.freeze()
    restored = pickle.loads(pickle.dumps(consumed))
    assert restored.get_data() == b"abc"
    assert restored.stream.response is restored
    restored.close()
    assert closed == []
    consumed.close()
    assert closed == [True]

    shallow = copy.copy(response)
    assert shallow.headers is response.headers
    deep = copy.deepcopy(response)
    deep.headers["X-A"] = "2"
    assert response.headers["X-A"] == "1"
    assert deep.get_data() == b"data"


def test_force_type_and_from_app() -> None:
    class MyResponse(Response):
        pass

    response = Response("x")
    assert MyResponse.force_type(response) is response
    assert type(response) is MyResponse
    with pytest.raises(TypeError, match="environ"):
        MyResponse.force_type(call)  # type: ignore[arg-type]

    def app(env: t.Any, start_response: t.Any) -> list[bytes]:
        start_response("202 ACCEPTED", [("X-App", "1")])
        return [b"from app"]

    converted = MyResponse.force_type(app, environ())  # type: ignore[arg-type]
    assert type(converted) is MyResponse
    assert converted.status_code == 202
    made = MyResponse.from_app(app, environ(), buffered=True)
    assert made.headers["X-App"] == "1"
    assert made.get_data() == b"from app"


def test_json() -> None:
    response = Response('{"a": 1}', mimetype="application/json")
    assert response.is_json
    assert response.json == {"a": 1}
    assert Response("{}").json is None
    assert Response("{}").get_json(force=True) == {}
    bad = Response("{", mimetype="application/problem+json")
    with pytest.raises(ValueError):
        bad.get_json()
    assert bad.get_json(silent=True) is None


def test_stream() -> None:
    response = Response()
    assert isinstance(response.stream, ResponseStream)
    assert response.stream is response.stream
    response.stream.write(b"ab")
    response.stream.writelines([b"c", "d"])  # type: ignore[list-item]
    assert response.stream.tell() == 4
    assert response.get_data() == b"abcd"
    assert response.stream.encoding == "utf-8"
    assert response.stream.mode == "wb+"
    response.stream.close()
    with pytest.raises(ValueError, match="closed"):
        response.stream.write(b"x")


def test_content_descriptors() -> None:
    response = Response()
    response.mimetype = "text/html"
    assert response.content_type == "text/html; charset=utf-8"
    params = response.mimetype_params
    params["level"] = "1"
    assert response.headers["Content-Type"] == "text/html; charset=utf-8; level=1"
    response.content_type = "application/xml"
    assert response.mimetype == "application/xml"
    response.content_length = 10
    assert response.headers["Content-Length"] == "10"
    response.content_encoding = "gzip"
    response.content_location = "/here"
    response.content_md5 = "md5"
    assert response.headers["Content-Encoding"] == "gzip"
    assert response.content_location == "/here"
    assert response.content_md5 == "md5"
    response.age = timedelta(seconds=90)
    assert response.headers["Age"] == "90"
    assert response.age == timedelta(seconds=90)


def test_date_descriptors() -> None:
    response = Response()
    moment = datetime(2024, 5, 6, 7, 8, 9, tzinfo=UTC)
    for name, header in (
        ("date", "Date"),
        ("expires", "Expires"),
        ("last_modified", "Last-Modified"),
    ):
        setattr(response, name, moment)
        assert response.headers[header] == "Mon, 06 May 2024 07:08:09 GMT"
        assert getattr(response, name) == moment
    response.retry_after = moment
    assert response.retry_after == moment
    response.retry_after = 120
    assert response.headers["Retry-After"] == "120"
    retry = response.retry_after
    assert retry is not None
    assert timedelta(seconds=100) < retry - datetime.now(UTC) <= timedelta(seconds=120)
    response.retry_after = None
    assert "Retry-After" not in response.headers


def test_set_headers() -> None:
    response = Response()
    response.vary.add("Accept")
    response.vary.add("Cookie")
    assert response.headers["Vary"] == "Accept, Cookie"
    response.allow = ["GET", "HEAD"]
    assert response.headers["Allow"] == "GET, HEAD"
    assert "head" in response.allow
    response.content_language = "de"
    assert list(response.content_language) == ["de"]
    response.vary = None
    assert "Vary" not in response.headers


def test_cache_control_and_content_range() -> None:
    response = Response()
    response.cache_control.max_age = 60
    response.cache_control.public = True
    assert response.headers["Cache-Control"] in (
        "max-age=60, public",
        "public, max-age=60",
    )
    response.content_range = "bytes 0-9/100"
    assert response.content_range.stop == 10
    response.content_range.unset()
    assert "Content-Range" not in response.headers
    response.accept_ranges = "bytes"
    assert response.headers["Accept-Ranges"] == "bytes"


def test_content_security_policy() -> None:
    response = Response()
    response.content_security_policy.default_src = "'self'"
    assert response.headers["Content-Security-Policy"] == "default-src 'self'"
    response.content_security_policy_report_only = ContentSecurityPolicy(
        {"img-src": "*"}
    )
    assert response.headers["Content-Security-Policy-Report-Only"] == "img-src *"
    assert response.content_security_policy_report_only.img_src == "*"
    response.content_security_policy = None
    assert "Content-Security-Policy" not in response.headers


def test_www_authenticate() -> None:
    response = Response(status=401)
    assert response.www_authenticate.type == "basic"
    response.www_authenticate = WWWAuthenticate("basic", {"realm": "my area"})
    assert response.headers["WWW-Authenticate"] == 'Basic realm="my area"'
    response.www_authenticate.parameters["realm"] = "other area"
    assert response.headers["WWW-Authenticate"] == 'Basic realm="other area"'
    response.www_authenticate = [
        WWWAuthenticate("basic", {"realm": "a"}),
        WWWAuthenticate("bearer"),
    ]
    assert len(response.headers.getlist("WWW-Authenticate")) == 2
    del response.www_authenticate
    assert "WWW-Authenticate" not in response.headers


def test_cors_and_cross_origin_policies() -> None:
    response = Response()
    assert response.access_control_allow_credentials is False
    response.access_control_allow_credentials = True
    assert response.headers["Access-Control-Allow-Credentials"] == "true"
    response.access_control_allow_credentials = False
    assert "Access-Control-Allow-Credentials" not in response.headers
    response.access_control_allow_headers = ["X-A", "X-B"]  # type: ignore[assignment]
    assert response.headers["Access-Control-Allow-Headers"] == "X-A, X-B"
    response.access_control_allow_methods = ["GET"]  # type: ignore[assignment]
    response.access_control_allow_origin = "*"
    response.access_control_expose_headers = ["X-C"]  # type: ignore[assignment]
    response.access_control_max_age = 600
    assert response.access_control_max_age == 600
    assert "x-c" in response.access_control_expose_headers
    assert response.cross_origin_opener_policy is COOP.UNSAFE_NONE
    response.cross_origin_opener_policy = COOP.SAME_ORIGIN
    response.cross_origin_embedder_policy = COEP.REQUIRE_CORP
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response.cross_origin_embedder_policy is COEP.REQUIRE_CORP


@pytest.mark.parametrize(
    ("status", "body", "assigned", "expected"),
    [
        (418, "x", {"X-A": "1"}, [("X-A", "1"), ("Content-Length", "1")]),
        (200, "x", [("X-B", "2")], [("X-B", "2"), ("Content-Length", "1")]),
        (200, ["a", "b"], {"X": "1"}, [("X", "1"), ("Content-Length", "2")]),
        (302, "x", {"Location": "/y"}, [("Location", "/y"), ("Content-Length", "1")]),
        (204, "", {"X": "1"}, [("X", "1")]),
    ],
)
def test_plain_dict_or_list_assigned_to_headers_is_sent(
    status: int, body: t.Any, assigned: t.Any, expected: list[tuple[str, str]]
) -> None:
    # Werkzeug copies response.headers into Headers when sending, so a
    # plain mapping or list of pairs assigned to it works there.
    response = Response(body, status=status)
    response.headers = assigned
    sent = Client(response).get("/")
    assert sent.status_code == status
    assert sent.headers.to_wsgi_list() == expected


def test_streamed_body_headers_are_sent_as_they_are() -> None:
    response = Response(iter([b"a", b"b"]), headers={"X-One": "1"})
    _status, headers, body = call(response)
    assert headers == [("X-One", "1"), ("Content-Type", "text/plain; charset=utf-8")]
    assert body == b"ab"


def test_streamed_body_with_location_headers_is_fixed() -> None:
    response = Response(iter([b"moved"]), status=302)
    response.headers["Location"] = "/caf\u00e9"
    response.headers["Content-Location"] = "/d\u00e9j\u00e0"
    headers = dict(call(response)[1])
    assert headers["Location"] == "/caf%C3%A9"
    assert headers["Content-Location"] == "/d%C3%A9j%C3%A0"
    assert "Content-Length" not in headers


def test_streamed_body_of_a_class_calling_itself_a_sequence() -> None:
    class Counted(Response):
        @property
        def is_sequence(self) -> bool:
            return True

    response = Counted(iter([b"abc"]))
    assert ("Content-Length", "3") in call(response)[1]


def test_streamed_body_with_headers_that_are_not_headers() -> None:
    response = Response(iter([b"x"]))
    response.headers = [("X-Plain", "1")]  # type: ignore[assignment]
    assert call(response)[1] == [("X-Plain", "1")]
