"""EnvironBuilder, create_environ and the multipart encoder of rostzeug.test."""

from __future__ import annotations

import base64
import json
import sys
from io import BytesIO
from io import StringIO

import pytest

from rostzeug.datastructures import Authorization
from rostzeug.datastructures import FileStorage
from rostzeug.datastructures import Headers
from rostzeug.datastructures import MultiDict
from rostzeug.sansio.multipart import Data
from rostzeug.sansio.multipart import Epilogue
from rostzeug.sansio.multipart import Field
from rostzeug.sansio.multipart import File
from rostzeug.sansio.multipart import MultipartDecoder
from rostzeug.sansio.multipart import NeedData
from rostzeug.test import EnvironBuilder
from rostzeug.test import create_environ
from rostzeug.test import encode_multipart
from rostzeug.test import stream_encode_multipart
from rostzeug.wrappers import Request


def decode_multipart(body: bytes, boundary: str) -> list[tuple[str, str | None, bytes]]:
    """Splits a multipart body into ``(name, filename, content)`` with the
    decoder of rostzeug.sansio.multipart."""
    decoder = MultipartDecoder(boundary.encode())
    decoder.receive_data(body)
    decoder.receive_data(None)
    parts: list[tuple[str, str | None, bytes]] = []
    content = b""
    while True:
        event = decoder.next_event()
        if isinstance(event, File):
            name, filename, content = event.name, event.filename, b""
        elif isinstance(event, Field):
            name, filename, content = event.name, None, b""
        elif isinstance(event, Data):
            content += event.data
            if not event.more_data:
                parts.append((name, filename, content))
        elif isinstance(event, Epilogue | NeedData):
            return parts


def test_defaults() -> None:
    env = create_environ()
    assert env["REQUEST_METHOD"] == "GET"
    assert env["SCRIPT_NAME"] == ""
    assert env["PATH_INFO"] == "/"
    assert env["QUERY_STRING"] == ""
    assert env["SERVER_NAME"] == "localhost"
    assert env["SERVER_PORT"] == "80"
    assert env["HTTP_HOST"] == "localhost"
    assert env["SERVER_PROTOCOL"] == "HTTP/1.1"
    assert env["wsgi.url_scheme"] == "http"
    assert env["wsgi.version"] == (1, 0)
    assert env["wsgi.errors"] is sys.stderr
    assert env["wsgi.input"].read() == b""
    assert env["wsgi.multithread"] is False
    assert env["wsgi.multiprocess"] is False
    assert env["wsgi.run_once"] is False
    assert "CONTENT_TYPE" not in env
    assert "CONTENT_LENGTH" not in env


def test_query_in_path() -> None:
    env = create_environ("/search?q=rust&page=2")
    assert env["PATH_INFO"] == "/search"
    assert env["QUERY_STRING"] == "q=rust&page=2"
    assert env["REQUEST_URI"] == env["RAW_URI"] == "/search?q=rust&page=2"
    with pytest.raises(ValueError, match="query"):
        EnvironBuilder("/search?q=rust", query_string={"page": "2"})


def test_query_string_argument() -> None:
    builder = EnvironBuilder(query_string={"a": ["1", "2"], "b": "x y&z"})
    assert builder.args.getlist("a") == ["1", "2"]
    assert builder.query_string == "a=1&a=2&b=x+y%26z"
    builder.args["c"] = "3"
    assert builder.get_environ()["QUERY_STRING"] == "a=1&a=2&b=x+y%26z&c=3"

    builder = EnvironBuilder(query_string="raw=1")
    assert builder.query_string == "raw=1"
    with pytest.raises(AttributeError):
        builder.args  # noqa: B018
    builder.query_string = None  # type: ignore[assignment]
    assert builder.args == MultiDict()


def test_iri_path_and_base_url() -> None:
    builder = EnvironBuilder("/föö", base_url="http://☃.net/")
    assert builder.path == "/f%C3%B6%C3%B6"
    assert builder.base_url == "http://xn--n3h.net/"
    env = builder.get_environ()
    # PATH_INFO is the decoded path as a WSGI string: UTF-8 bytes as latin-1.
    assert env["PATH_INFO"] == "/föö".encode().decode("latin1")
    assert env["REQUEST_URI"] == "/föö".encode().decode("latin1")
    assert env["HTTP_HOST"] == "xn--n3h.net"


def test_percent_encoded_path_is_decoded() -> None:
    env = create_environ("/a%2Fb%40c", "http://localhost/r%40t")
    assert env["PATH_INFO"] == "/a/b@c"
    assert env["SCRIPT_NAME"] == "/r@t"
    assert env["REQUEST_URI"] == "/a%2Fb%40c"


def test_base_url() -> None:
    builder = EnvironBuilder("/p", base_url="https://example.org:8443/app/")
    assert builder.url_scheme == "https"
    assert builder.host == "example.org:8443"
    assert builder.script_root == "/app"
    assert builder.server_name == "example.org"
    assert builder.server_port == 8443
    assert builder.base_url == "https://example.org:8443/app/"
    env = builder.get_environ()
    assert env["SCRIPT_NAME"] == "/app"
    assert env["SERVER_PORT"] == "8443"
    assert env["HTTP_HOST"] == "example.org:8443"

    builder.host = "secure.test"
    assert builder.server_port == 443
    builder.url_scheme = "http"
    assert builder.server_port == 80
    builder.base_url = None  # type: ignore[assignment]
    assert builder.base_url == "http://localhost/"

    with pytest.raises(ValueError, match="query string or fragment"):
        EnvironBuilder(base_url="http://localhost/?a=b")


def test_headers() -> None:
    headers = Headers([("X-Many", "1"), ("X-Many", "2"), ("User-Agent", "t/1")])
    builder = EnvironBuilder(headers=headers)
    env = builder.get_environ()
    assert env["HTTP_X_MANY"] == "1, 2"
    assert env["HTTP_USER_AGENT"] == "t/1"

    env = create_environ(headers=[("Content-Type", "text/plain")])
    assert env["CONTENT_TYPE"] == "text/plain"
    assert "HTTP_CONTENT_TYPE" not in env
    env = create_environ(content_type="text/html", headers={"Content-Type": "a/b"})
    assert env["CONTENT_TYPE"] == "text/html"


def test_content_length_header_without_argument_is_dropped() -> None:
    env = create_environ(headers={"Content-Length": "5"})
    assert "CONTENT_LENGTH" not in env
    assert "HTTP_CONTENT_LENGTH" not in env
    env = create_environ(headers={"Content-Length": "5"}, content_length=5)
    assert env["CONTENT_LENGTH"] == "5"


def test_environ_base_and_overrides() -> None:
    env = create_environ(
        environ_base={"REMOTE_ADDR": "10.0.0.1", "REQUEST_METHOD": "IGNORED"},
        environ_overrides={"wsgi.version": (1, 1), "PATH_INFO": "/forced"},
        headers={"X-A": "b"},
    )
    assert env["REMOTE_ADDR"] == "10.0.0.1"
    assert env["REQUEST_METHOD"] == "GET"
    assert env["wsgi.version"] == (1, 1)
    assert env["PATH_INFO"] == "/forced"
    assert env["HTTP_X_A"] == "b"


def test_wsgi_flags_and_errors_stream() -> None:
    errors = StringIO()
    env = create_environ(
        errors_stream=errors, multithread=True, multiprocess=True, run_once=True
    )
    assert env["wsgi.errors"] is errors
    assert env["wsgi.multithread"] is True
    assert env["wsgi.multiprocess"] is True
    assert env["wsgi.run_once"] is True


@pytest.mark.parametrize("data", ["héllo", "héllo".encode(), BytesIO("héllo".encode())])
def test_data_as_body(data: str | bytes | BytesIO) -> None:
    env = create_environ(method="POST", data=data, content_type="text/plain")
    assert env["wsgi.input"].read() == "héllo".encode()
    assert env["CONTENT_LENGTH"] == "6"
    assert env["CONTENT_TYPE"] == "text/plain"


def test_input_stream_length_from_position() -> None:
    stream = BytesIO(b"skipbody")
    stream.seek(4)
    env = create_environ(method="POST", input_stream=stream)
    assert env["CONTENT_LENGTH"] == "4"
    assert env["wsgi.input"].read() == b"body"


def test_conflicting_body_arguments() -> None:
    with pytest.raises(TypeError, match="input_stream"):
        EnvironBuilder(data=b"x", input_stream=BytesIO())
    with pytest.raises(TypeError, match="json"):
        EnvironBuilder(data=b"x", json={"a": 1})


def test_json() -> None:
    env = create_environ(method="POST", json={"a": [1, 2]})
    assert env["CONTENT_TYPE"] == "application/json"
    assert json.loads(env["wsgi.input"].read()) == {"a": [1, 2]}
    env = create_environ(json=[1], content_type="application/vnd.x+json")
    assert env["CONTENT_TYPE"] == "application/vnd.x+json"

    class CompactBuilder(EnvironBuilder):
        json_dumps = staticmethod(lambda obj: json.dumps(obj, separators=(",", ":")))

    builder = CompactBuilder(json={"a": 1, "b": 2})
    assert builder.get_environ()["wsgi.input"].read() == b'{"a":1,"b":2}'


def test_form_data_urlencoded() -> None:
    builder = EnvironBuilder(method="POST", data={"a": "1", "b": ["2", "3"]})
    assert builder.form.getlist("b") == ["2", "3"]
    assert builder.content_type == "application/x-www-form-urlencoded"
    assert builder.mimetype == "application/x-www-form-urlencoded"
    env = builder.get_environ()
    body = env["wsgi.input"].read()
    assert body == b"a=1&b=2&b=3"
    assert env["CONTENT_LENGTH"] == str(len(body))
    assert env["CONTENT_TYPE"] == "application/x-www-form-urlencoded"


def test_content_type_detection() -> None:
    builder = EnvironBuilder()
    assert builder.content_type is None
    builder.form["x"] = "1"
    assert builder.content_type == "application/x-www-form-urlencoded"
    builder.files.add_file("f", BytesIO(b"data"), "notes.txt")
    assert builder.content_type == "multipart/form-data"
    assert builder.files["f"].content_type == "text/plain"
    builder.content_type = "application/x-custom"
    assert builder.content_type == "application/x-custom"
    builder.content_type = None
    assert builder.content_type == "multipart/form-data"


def test_mimetype_setter_adds_charset_for_text() -> None:
    assert EnvironBuilder(mimetype="text/css").content_type == "text/css; charset=utf-8"
    builder = EnvironBuilder(mimetype="application/octet-stream")
    assert builder.content_type == "application/octet-stream"


def test_mimetype_params() -> None:
    builder = EnvironBuilder(content_type="text/plain; charset=latin-1")
    assert builder.mimetype == "text/plain"
    assert dict(builder.mimetype_params) == {"charset": "latin-1"}
    params = builder.mimetype_params
    params["format"] = "flowed"  # type: ignore[index]
    assert builder.headers["Content-Type"].startswith("text/plain;")
    assert "format=flowed" in builder.headers["Content-Type"]


def test_files_from_data() -> None:
    storage = FileStorage(BytesIO(b"s"), "s.bin", content_type="application/x-s")
    builder = EnvironBuilder(
        method="POST",
        data={
            "plain": BytesIO(b"p"),
            "named": (BytesIO(b"n"), "n.txt"),
            "typed": (BytesIO(b"t"), "t.dat", "image/png"),
            "storage": storage,
            "many": [(BytesIO(b"1"), "1.txt"), (BytesIO(b"2"), "2.txt")],
            "field": "value",
        },
    )
    files = builder.files
    assert all(isinstance(f, FileStorage) for _, f in files.items(multi=True))
    assert files["named"].filename == "n.txt"
    assert files["typed"].content_type == "image/png"
    assert files["storage"] is storage
    assert [f.filename for f in files.getlist("many")] == ["1.txt", "2.txt"]
    assert builder.form["field"] == "value"

    env = builder.get_environ()
    content_type = env["CONTENT_TYPE"]
    assert content_type.startswith('multipart/form-data; boundary="')
    boundary = content_type.split('boundary="', 1)[1].rstrip('"')
    body = env["wsgi.input"].read()
    assert env["CONTENT_LENGTH"] == str(len(body))
    parts = decode_multipart(body, boundary)
    assert ("field", None, b"value") in parts
    assert ("named", "n.txt", b"n") in parts
    assert ("typed", "t.dat", b"t") in parts
    assert ("storage", "s.bin", b"s") in parts
    assert [p for p in parts if p[0] == "many"] == [
        ("many", "1.txt", b"1"),
        ("many", "2.txt", b"2"),
    ]


def test_input_stream_excludes_form() -> None:
    builder = EnvironBuilder(data={"a": "1"})
    builder.input_stream = BytesIO(b"raw")
    with pytest.raises(AttributeError, match="input stream"):
        builder.form  # noqa: B018
    with pytest.raises(AttributeError, match="input stream"):
        builder.files  # noqa: B018
    assert builder.content_type is None
    builder.form = MultiDict({"b": "2"})
    assert builder.input_stream is None
    assert builder.get_environ()["wsgi.input"].read() == b"b=2"


def test_auth() -> None:
    env = create_environ(auth=("user", "pa:ss"))
    scheme, _, credentials = env["HTTP_AUTHORIZATION"].partition(" ")
    assert scheme == "Basic"
    assert base64.b64decode(credentials) == b"user:pa:ss"

    token = Authorization("bearer", token="abc")
    assert create_environ(auth=token)["HTTP_AUTHORIZATION"] == "Bearer abc"


def test_get_request() -> None:
    builder = EnvironBuilder("/p", query_string={"a": "1"}, method="PUT")
    request = builder.get_request()
    assert isinstance(request, Request)
    assert request.method == "PUT"
    assert request.path == "/p"
    assert request.args["a"] == "1"

    class MyRequest(Request):
        pass

    assert isinstance(builder.get_request(MyRequest), MyRequest)

    class MyBuilder(EnvironBuilder):
        request_class = MyRequest

    assert isinstance(MyBuilder().get_request(), MyRequest)


def test_from_environ_round_trip() -> None:
    # Non-ASCII path, query and form data, a mount point and a custom header
    # must all survive environ -> builder -> environ unchanged.
    original = create_environ(
        "/søg/é",
        base_url="http://localhost:8080/mount",
        query_string={"term": "ß"},
        data={"note": "ñ"},
        headers={"X-Request-Id": "abc-123"},
    )
    builder = EnvironBuilder.from_environ(original)
    try:
        assert builder.script_root == "/mount"
        assert builder.path == "/s%C3%B8g/%C3%A9"
        assert builder.headers["X-Request-Id"] == "abc-123"
        rebuilt = builder.get_environ()
    finally:
        builder.close()
    assert rebuilt == original

    builder = EnvironBuilder.from_environ(original, method="DELETE")
    assert builder.method == "DELETE"


def test_close_closes_files_once() -> None:
    closed: list[object] = []

    class Upload(BytesIO):
        def close(self) -> None:
            closed.append(self)
            super().close()

    builder = EnvironBuilder(data={"a": Upload(b"1"), "b": [Upload(), Upload()]})
    builder.close()
    assert len(closed) == 3
    assert builder.closed
    builder.close()
    assert len(closed) == 3

    create_environ(data={"c": Upload()})
    assert len(closed) == 4


def test_stream_encode_multipart_exact_bytes() -> None:
    data = MultiDict(
        [
            ("text", "snow \N{SNOWMAN}"),
            ("number", 42),  # type: ignore[list-item]
            ("upload", FileStorage(BytesIO(b"line1\r\nline2"), "a.txt")),
            ("blob", FileStorage(BytesIO(b"\x00\xff"), "b", content_type="x/y")),
        ]
    )
    stream, length, boundary = stream_encode_multipart(data, boundary="XyZ")
    body = stream.read()
    assert boundary == "XyZ"
    assert length == len(body)
    assert body == (
        b"\r\n--XyZ\r\n"
        b'Content-Disposition: form-data; name="text"\r\n\r\n'
        b"snow \xe2\x98\x83"
        b"\r\n--XyZ\r\n"
        b'Content-Disposition: form-data; name="number"\r\n\r\n'
        b"42"
        b"\r\n--XyZ\r\n"
        b'Content-Disposition: form-data; name="upload"; filename="a.txt"\r\n'
        b"Content-Type: text/plain\r\n\r\n"
        b"line1\r\nline2"
        b"\r\n--XyZ\r\n"
        b'Content-Disposition: form-data; name="blob"; filename="b"\r\n'
        b"Content-Type: x/y\r\n\r\n"
        b"\x00\xff"
        b"\r\n--XyZ--\r\n"
    )
    assert decode_multipart(body, boundary) == [
        ("text", None, "snow \N{SNOWMAN}".encode()),
        ("number", None, b"42"),
        ("upload", "a.txt", b"line1\r\nline2"),
        ("blob", "b", b"\x00\xff"),
    ]


def test_stream_encode_multipart_large_file_round_trip() -> None:
    content = bytes(range(256)) * 300  # several read chunks
    upload = FileStorage(BytesIO(content), "big.bin")
    boundary, body = encode_multipart({"big": upload}, boundary="b0und")
    assert boundary == "b0und"
    assert decode_multipart(body, boundary) == [("big", "big.bin", content)]


def test_stream_encode_multipart_tempfile_threshold() -> None:
    data = {"a": "x" * 100, "b": "y" * 100}
    small, _, _ = stream_encode_multipart({"a": "x"}, threshold=150, boundary="b")
    assert isinstance(small, BytesIO)
    spooled, length, boundary = stream_encode_multipart(
        data, threshold=150, boundary="b"
    )
    assert not isinstance(spooled, BytesIO)
    body = spooled.read()
    spooled.close()
    assert len(body) == length
    in_memory, _, _ = stream_encode_multipart(
        data, use_tempfile=False, threshold=150, boundary=boundary
    )
    assert isinstance(in_memory, BytesIO)
    assert in_memory.read() == body


def test_encode_multipart_random_boundary() -> None:
    first, body = encode_multipart({"a": "1"})
    second, _ = encode_multipart({"a": "1"})
    assert first != second
    assert body.startswith(f"\r\n--{first}\r\n".encode())
    assert body.endswith(f"\r\n--{first}--\r\n".encode())
