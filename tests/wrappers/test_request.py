"""The WSGI request: every property, the body, JSON, form data through the
parser hook, shallow requests and pickling."""

from __future__ import annotations

import copy
import io
import json
import pickle
import typing as t
from datetime import UTC
from datetime import datetime

import pytest

from rostzeug import exceptions
from rostzeug.datastructures import CombinedMultiDict
from rostzeug.datastructures import EnvironHeaders
from rostzeug.datastructures import ImmutableList
from rostzeug.datastructures import ImmutableMultiDict
from rostzeug.datastructures import LanguageAccept
from rostzeug.datastructures import MIMEAccept
from rostzeug.datastructures import MultiDict
from rostzeug.sansio.request import Request as SansIORequest
from rostzeug.user_agent import UserAgent
from rostzeug.utils import cached_property
from rostzeug.wrappers import Request
from rostzeug.wrappers import Response


def make_environ(
    method: str = "GET",
    path: str = "/",
    query: str = "",
    headers: dict[str, str] | None = None,
    body: bytes = b"",
    **extra: t.Any,
) -> dict[str, t.Any]:
    environ: dict[str, t.Any] = {
        "REQUEST_METHOD": method,
        "SCRIPT_NAME": "",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": "example.org",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "192.0.2.1",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(body),
        "wsgi.errors": io.StringIO(),
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    if body:
        environ["CONTENT_LENGTH"] = str(len(body))
    for name, value in (headers or {}).items():
        key = name.upper().replace("-", "_")
        if key not in ("CONTENT_TYPE", "CONTENT_LENGTH"):
            key = "HTTP_" + key
        environ[key] = value
    environ.update(extra)
    return environ


def test_url_parts() -> None:
    environ = make_environ(
        path="/caf\xc3\xa9/page",
        query="a=1&b=%C3%A9",
        headers={"Host": "shop.example.org:8080"},
        SCRIPT_NAME="/app/",
    )
    request = Request(environ)
    assert request.method == "GET"
    assert request.scheme == "http"
    assert request.server == ("example.org", 80)
    assert request.root_path == request.script_root == "/app"
    assert request.path == "/caf\u00e9/page"
    assert request.full_path == "/caf\u00e9/page?a=1&b=%C3%A9"
    assert request.query_string == b"a=1&b=%C3%A9"
    assert request.host == "shop.example.org:8080"
    assert request.host_url == "http://shop.example.org:8080/"
    assert request.root_url == request.url_root == "http://shop.example.org:8080/app/"
    # URLs are IRIs, as Werkzeug gives them.
    assert request.base_url == "http://shop.example.org:8080/app/caf\u00e9/page"
    assert request.url == request.base_url + "?a=1&b=\u00e9"
    assert request.is_secure is False
    assert repr(request) == f"<Request {request.url!r} [GET]>"


def test_host_from_server_and_trusted_hosts() -> None:
    request = Request(make_environ(SERVER_PORT="8000"))
    assert request.host == "example.org:8000"

    class Strict(Request):
        trusted_hosts = ["good.example"]

    with pytest.raises(exceptions.SecurityError):
        Strict(make_environ(headers={"Host": "evil.example"})).host  # noqa: B018


def test_method_is_upper_cased_and_https_is_secure() -> None:
    request = Request(make_environ(method="post", **{"wsgi.url_scheme": "https"}))
    assert request.method == "POST"
    assert request.is_secure is True


def test_args_keep_order_repeats_and_invalid_escapes() -> None:
    request = Request(make_environ(query="b=2&a=1&b=3&c=%FF&d=caf%C3%A9&e"))
    assert isinstance(request.args, ImmutableMultiDict)
    assert list(request.args.items(multi=True)) == [
        ("b", "2"),
        ("b", "3"),
        ("a", "1"),
        ("c", "%FF"),
        ("d", "caf\u00e9"),
        ("e", ""),
    ]
    assert request.args is request.args


def test_args_storage_class_without_from_lists() -> None:
    class Plain(MultiDict):  # type: ignore[type-arg]
        _from_lists = None  # type: ignore[assignment]

    class MyRequest(Request):
        parameter_storage_class = Plain

    args = MyRequest(make_environ(query="x=1&y=2&x=3")).args
    assert type(args) is Plain
    assert args.getlist("x") == ["1", "3"]


def test_legacy_url_charset_decodes_query() -> None:
    class Latin1Request(Request):
        charset = "latin-1"

    request = Latin1Request(make_environ(query="name=caf%E9"))
    assert request.url_charset == "latin-1"
    assert request.args["name"] == "caf\u00e9"


def test_cookies_and_storage_classes() -> None:
    request = Request(make_environ(headers={"Cookie": 'a=1; b="x y"; a=2'}))
    assert isinstance(request.cookies, ImmutableMultiDict)
    assert request.cookies.getlist("a") == ["1", "2"]
    assert request.cookies["b"] == "x y"

    class MutableRequest(Request):
        dict_storage_class = MultiDict
        list_storage_class = list

    request = MutableRequest(make_environ(headers={"Cookie": "a=1"}))
    assert type(request.cookies) is MultiDict
    assert type(request.access_route) is list


def test_sansio_cookies_join_several_headers() -> None:
    from rostzeug.datastructures import Headers

    headers = Headers([("Cookie", "a=1"), ("Cookie", "b=2")])
    request = SansIORequest("GET", "http", None, "", "", b"", headers, None)
    assert dict(request.cookies) == {"a": "1", "b": "2"}


def test_access_route_and_remote_addr() -> None:
    request = Request(
        make_environ(headers={"X-Forwarded-For": "203.0.113.7, 10.0.0.1"})
    )
    assert request.access_route == ["203.0.113.7", "10.0.0.1"]
    assert isinstance(request.access_route, ImmutableList)
    assert request.remote_addr == "192.0.2.1"
    assert Request(make_environ()).access_route == ["192.0.2.1"]


def test_environ_properties() -> None:
    request = Request(make_environ(REMOTE_USER="alice"))
    assert request.remote_user == "alice"
    assert request.is_multithread is False
    assert request.is_multiprocess is True
    assert request.is_run_once is False
    assert isinstance(request.headers, EnvironHeaders)
    with pytest.raises(AttributeError):
        request.remote_user = "bob"  # type: ignore[misc]


def test_accept_headers() -> None:
    request = Request(
        make_environ(
            headers={
                "Accept": "text/html, application/json;q=0.5",
                "Accept-Language": "de-DE,de;q=0.9,en;q=0.5",
                "Accept-Charset": "utf-8, latin-1;q=0.2",
                "Accept-Encoding": "gzip, br;q=0.8",
            }
        )
    )
    assert isinstance(request.accept_mimetypes, MIMEAccept)
    assert request.accept_mimetypes.best == "text/html"
    assert isinstance(request.accept_languages, LanguageAccept)
    assert request.accept_languages.best_match(["en", "de"]) == "de"
    assert request.accept_charsets.best == "utf-8"
    assert request.accept_encodings.best_match(["br", "gzip"]) == "gzip"
    assert not Request(make_environ()).accept_mimetypes.provided


def test_conditional_headers() -> None:
    request = Request(
        make_environ(
            headers={
                "Cache-Control": "no-cache, max-age=10",
                "If-Match": '"a", W/"b"',
                "If-None-Match": "*",
                "If-Modified-Since": "Sun, 06 Nov 1994 08:49:37 GMT",
                "If-Unmodified-Since": "Mon, 07 Nov 1994 08:49:37 GMT",
                "If-Range": '"etag"',
                "Range": "bytes=0-99,200-",
            }
        )
    )
    assert request.cache_control.no_cache
    assert request.cache_control.max_age == 10
    assert request.if_match.contains("a")
    assert request.if_match.contains_weak("b")
    assert request.if_none_match.star_tag
    assert request.if_modified_since == datetime(1994, 11, 6, 8, 49, 37, tzinfo=UTC)
    assert request.if_unmodified_since == datetime(1994, 11, 7, 8, 49, 37, tzinfo=UTC)
    assert request.if_range.etag == "etag"
    assert request.range is not None
    assert request.range.ranges == [(0, 100), (200, None)]

    empty = Request(make_environ())
    assert not empty.if_match
    assert empty.if_modified_since is None
    assert empty.range is None


def test_user_agent_and_class() -> None:
    request = Request(make_environ(headers={"User-Agent": "Agent/1.0"}))
    assert isinstance(request.user_agent, UserAgent)
    assert request.user_agent.string == "Agent/1.0"

    class ParsedAgent(UserAgent):
        def __init__(self, string: str) -> None:
            super().__init__(string)
            self.browser = string.partition("/")[0].lower()

    class MyRequest(Request):
        user_agent_class = ParsedAgent

    agent = MyRequest(make_environ(headers={"User-Agent": "Agent/1.0"})).user_agent
    assert agent.browser == "agent"  # type: ignore[attr-defined]


def test_authorization() -> None:
    request = Request(make_environ(headers={"Authorization": "Basic dXNlcjpwYXNz"}))
    assert request.authorization is not None
    assert request.authorization.type == "basic"
    assert request.authorization.username == "user"
    assert request.authorization.password == "pass"
    assert Request(make_environ()).authorization is None


def test_common_descriptors() -> None:
    request = Request(
        make_environ(
            method="POST",
            body=b"12345",
            headers={
                "Content-Type": "Text/HTML; Charset=utf-8",
                "Content-Encoding": "gzip",
                "Content-MD5": "abc",
                "Referer": "https://example.org/from",
                "Date": "Thu, 02 Sep 2021 13:14:15 GMT",
                "Max-Forwards": "3",
                "Pragma": "no-cache",
                "Origin": "https://other.example",
                "Access-Control-Request-Headers": "X-One, X-Two",
                "Access-Control-Request-Method": "PUT",
                "X-Requested-With": "XMLHttpRequest",
            },
        )
    )
    assert request.content_type == "Text/HTML; Charset=utf-8"
    assert request.mimetype == "text/html"
    assert request.mimetype_params == {"charset": "utf-8"}
    assert request.content_length == 5
    assert request.content_encoding == "gzip"
    assert request.content_md5 == "abc"
    assert request.referrer == "https://example.org/from"
    assert request.date == datetime(2021, 9, 2, 13, 14, 15, tzinfo=UTC)
    assert request.max_forwards == 3
    assert "no-cache" in request.pragma
    assert request.origin == "https://other.example"
    assert request.access_control_request_headers is not None
    assert "x-one" in request.access_control_request_headers
    assert list(request.access_control_request_headers) == ["X-One", "X-Two"]
    assert request.access_control_request_method == "PUT"
    assert request.is_xhr is True
    assert Request(make_environ()).is_xhr is False
    with pytest.raises(AttributeError):
        request.content_type = "text/plain"  # type: ignore[misc]


def test_content_length_invalid_and_chunked() -> None:
    assert Request(make_environ(CONTENT_LENGTH="-5")).content_length == 0
    chunked = make_environ(CONTENT_LENGTH="5", HTTP_TRANSFER_ENCODING="chunked")
    assert Request(chunked).content_length is None


def test_get_data_caches_and_decodes() -> None:
    body = "caf\u00e9 \xff".encode("latin-1")
    request = Request(make_environ(method="POST", body=body))
    assert request.get_data() == body
    assert request.get_data() == body
    assert request.get_data(as_text=True) == "caf\ufffd \ufffd"
    assert request.data == body


def test_get_data_without_cache_reads_once() -> None:
    request = Request(make_environ(method="POST", body=b"abc"))
    assert request.get_data(cache=False) == b"abc"
    assert request.get_data(cache=False) == b""


def test_stream_stops_at_content_length() -> None:
    environ = make_environ(method="POST", body=b"abc")
    environ["wsgi.input"] = io.BytesIO(b"abcdef")
    request = Request(environ)
    assert request.stream.read() == b"abc"
    assert request.input_stream is environ["wsgi.input"]


def test_max_content_length() -> None:
    class SmallRequest(Request):
        max_content_length = 2

    request = SmallRequest(make_environ(method="POST", body=b"abc"))
    with pytest.raises(exceptions.RequestEntityTooLarge):
        request.get_data()


def test_disable_data_descriptor() -> None:
    class NoData(Request):
        disable_data_descriptor = True

    request = NoData(make_environ(method="POST", body=b"abc"))
    with pytest.raises(AttributeError, match="get_data"):
        request.data  # noqa: B018
    assert request.get_data() == b"abc"


def test_json() -> None:
    request = Request(
        make_environ(
            method="POST",
            body=b'{"a": [1, 2]}',
            headers={"Content-Type": "application/vnd.api+json"},
        )
    )
    assert request.is_json
    assert request.json == {"a": [1, 2]}
    assert request.get_json() is request.get_json()


def test_json_wrong_mimetype_and_bad_body() -> None:
    request = Request(make_environ(method="POST", body=b"{}"))
    with pytest.raises(exceptions.UnsupportedMediaType):
        request.json  # noqa: B018
    assert request.get_json(silent=True) is None
    assert request.get_json(force=True) == {}

    bad = Request(
        make_environ(
            method="POST", body=b"{nope", headers={"Content-Type": "application/json"}
        )
    )
    with pytest.raises(exceptions.BadRequest, match="Failed to decode JSON"):
        bad.get_json()
    assert bad.get_json(silent=True) is None


def test_json_hooks_and_module() -> None:
    class Tolerant(Request):
        def on_json_loading_failed(self, e: ValueError | None) -> t.Any:
            return {"error": e is None}

    request = Tolerant(make_environ(method="POST", body=b"[]"))
    assert request.get_json() == {"error": True}

    class Loader:
        @staticmethod
        def loads(data: bytes) -> t.Any:
            return ("loaded", json.loads(data))

    class CustomJSON(Request):
        json_module = Loader

    custom = CustomJSON(
        make_environ(
            method="POST", body=b"1", headers={"Content-Type": "application/json"}
        )
    )
    assert custom.json == ("loaded", 1)


class RecordingParser:
    """A form data parser with Werkzeug's interface that records its calls."""

    calls: t.ClassVar[list[dict[str, t.Any]]] = []

    def __init__(self, **kwargs: t.Any) -> None:
        self.kwargs = kwargs

    def parse(
        self,
        stream: t.IO[bytes],
        mimetype: str,
        content_length: int | None,
        options: dict[str, str],
    ) -> tuple[t.IO[bytes], MultiDict, MultiDict]:  # type: ignore[type-arg]
        self.calls.append(
            {
                "body": stream.read(),
                "mimetype": mimetype,
                "content_length": content_length,
                "options": options,
                **self.kwargs,
            }
        )
        cls = self.kwargs["cls"]
        return stream, cls({"field": "value"}), cls({"upload": "file"})


class ParsingRequest(Request):
    form_data_parser_class = RecordingParser
    max_form_memory_size = 1234
    max_form_parts = 7


def test_form_data_goes_through_the_parser_hook() -> None:
    RecordingParser.calls.clear()
    request = ParsingRequest(
        make_environ(
            method="POST",
            query="q=1",
            body=b"field=value",
            headers={
                "Content-Type": "Application/X-WWW-Form-Urlencoded; charset=utf-8"
            },
        )
    )
    assert request.form["field"] == "value"
    assert request.files["upload"] == "file"
    assert request.values.to_dict() == {"q": "1", "field": "value"}
    assert isinstance(request.values, CombinedMultiDict)
    (call,) = RecordingParser.calls
    assert call["body"] == b"field=value"
    assert call["mimetype"] == "application/x-www-form-urlencoded"
    assert call["content_length"] == 11
    assert call["options"] == {"charset": "utf-8"}
    assert call["max_form_memory_size"] == 1234
    assert call["max_form_parts"] == 7
    assert call["cls"] is ImmutableMultiDict
    assert call["stream_factory"] == request._get_file_stream
    # The form was parsed, so the data descriptor has nothing left.
    assert request.data == b""


def test_form_after_get_data_parses_the_cached_body() -> None:
    RecordingParser.calls.clear()
    request = ParsingRequest(
        make_environ(
            method="POST",
            body=b"field=value",
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
    )
    assert request.get_data() == b"field=value"
    assert request.form["field"] == "value"
    assert RecordingParser.calls[0]["body"] == b"field=value"


def test_values_of_get_request_ignore_the_body() -> None:
    request = ParsingRequest(
        make_environ(
            query="q=1",
            body=b"field=value",
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
    )
    assert request.values.to_dict() == {"q": "1"}


def test_without_content_type_form_is_empty_and_body_stays() -> None:
    request = Request(make_environ(method="POST", body=b"raw"))
    assert not request.want_form_data_parsed
    assert len(request.form) == 0
    assert len(request.files) == 0
    assert request.data == b"raw"


def test_close_closes_uploaded_files() -> None:
    closed = []

    class Upload:
        def close(self) -> None:
            closed.append(True)

    request = Request(make_environ())
    request.__dict__["files"] = MultiDict({"a": Upload(), "b": Upload()})
    with request:
        pass
    assert closed == [True, True]


def test_shallow_request_refuses_the_body() -> None:
    environ = make_environ(
        method="POST",
        query="a=1",
        body=b"x=1",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    request = Request(environ, shallow=True)
    assert request.args["a"] == "1"
    assert "werkzeug.request" not in environ
    for name in ("stream", "data", "form", "files", "values"):
        with pytest.raises(RuntimeError, match="shallow"):
            getattr(request, name)
    with pytest.raises(RuntimeError, match="shallow"):
        request.get_data()
    # Nothing was read.
    assert environ["wsgi.input"].read() == b"x=1"


def test_populate_request() -> None:
    environ = make_environ()
    request = Request(environ)
    assert environ["werkzeug.request"] is request
    other = make_environ()
    Request(other, populate_request=False)
    assert "werkzeug.request" not in other


def test_request_is_not_picklable_but_copyable() -> None:
    request = Request(make_environ(query="a=1"))
    with pytest.raises(TypeError, match="cannot be pickled"):
        pickle.dumps(request)
    duplicate = copy.copy(request)
    assert type(duplicate) is Request
    assert duplicate.environ is request.environ
    assert duplicate.args["a"] == "1"


def test_subclass_attributes_and_cached_properties() -> None:
    class MyRequest(Request):
        parameter_storage_class = MultiDict

        @cached_property
        def page(self) -> int:
            return int(self.args.get("page", "1"))

    request = MyRequest(make_environ(query="page=3"))
    assert type(request.args) is MultiDict
    request.args["extra"] = "1"
    assert request.args["extra"] == "1"
    assert request.page == 3
    request.page = 5
    assert request.page == 5
    del request.args
    assert "extra" not in request.args


def test_application_decorator() -> None:
    closed = []

    class TrackedRequest(Request):
        def close(self) -> None:
            closed.append(True)
            super().close()

    @TrackedRequest.application
    def app(request: Request) -> Response:
        if request.path == "/missing":
            raise exceptions.NotFound()
        return Response(f"hello {request.args.get('name', 'world')}")

    started: list[str] = []

    def start_response(status: str, headers: t.Any, exc_info: t.Any = None) -> None:
        started.append(status)

    body = b"".join(app(make_environ(query="name=you"), start_response))
    assert body == b"hello you"
    assert started == ["200 OK"]
    b"".join(app(make_environ(path="/missing"), start_response))
    assert started[-1] == "404 NOT FOUND"
    assert closed == [True, True]


def test_from_values() -> None:
    request = Request.from_values("/path?x=1", method="POST", data=b"abc")
    assert isinstance(request, Request)
    assert request.path == "/path"
    assert request.args["x"] == "1"
    assert request.get_data() == b"abc"


def test_get_file_stream_spools_large_uploads() -> None:
    pytest.importorskip("rostzeug.formparser")
    request = Request(make_environ())
    small = request._get_file_stream(100, "text/plain", "a.txt")
    small.write(b"x" * 100)
    small.seek(0)
    assert small.read() == b"x" * 100
    # Kept in memory: a BytesIO, or a spooled file that has not rolled over.
    assert not getattr(small, "_rolled", False)
    small.close()

    large = request._get_file_stream(600_000, "application/octet-stream")
    large.write(b"x" * 600_000)
    # On disk: a temporary file, or a spooled file that rolled over.
    assert getattr(large, "_rolled", True)
    large.close()
