"""Request properties of rostzeug and Werkzeug on drawn WSGI environs."""

from __future__ import annotations

import io
import typing as t

import werkzeug.wrappers as ww
import werkzeug.wsgi as wwsgi
from hypothesis import given
from hypothesis import strategies as st

import rostzeug.wrappers as rw
import rostzeug.wsgi as rwsgi

from . import strategies as g
from .compare import same

latin1_path = g.path_piece.map(lambda s: s.encode("utf-8").decode("latin-1"))

HEADER_STRATEGIES: dict[str, st.SearchStrategy[str]] = {
    "HTTP_ACCEPT": g.accept_header(),
    "HTTP_ACCEPT_CHARSET": g.accept_header(),
    "HTTP_ACCEPT_ENCODING": g.accept_header(),
    "HTTP_ACCEPT_LANGUAGE": g.accept_header(),
    "HTTP_CACHE_CONTROL": g.cache_control_header(),
    "HTTP_PRAGMA": g.list_header(),
    "HTTP_IF_MATCH": g.etag_header(),
    "HTTP_IF_NONE_MATCH": g.etag_header(),
    "HTTP_IF_MODIFIED_SINCE": g.http_date_text(),
    "HTTP_IF_UNMODIFIED_SINCE": g.http_date_text(),
    "HTTP_IF_RANGE": st.one_of(g.etag_header(), g.http_date_text()),
    "HTTP_RANGE": g.range_header(),
    "HTTP_DATE": g.http_date_text(),
    "HTTP_COOKIE": g.cookie_header(),
    "HTTP_AUTHORIZATION": st.one_of(
        st.builds(
            "Basic {}".format,
            st.sampled_from(["dXNlcjpwYXNz", "dXNlcg==", "!!", "", "w6k6w6k="]),
        ),
        st.builds("{} {}".format, g.token, g.list_header()),
        g.header_text,
    ),
    "HTTP_MAX_FORWARDS": g.digits,
    "HTTP_REFERER": g.header_text,
    "HTTP_USER_AGENT": g.header_text,
    "HTTP_ORIGIN": g.header_text,
    "HTTP_X_FORWARDED_FOR": g.list_header(),
    "HTTP_ACCESS_CONTROL_REQUEST_HEADERS": g.list_header(),
    "HTTP_ACCESS_CONTROL_REQUEST_METHOD": g.token,
    "HTTP_CONTENT_MD5": g.header_text,
    "HTTP_CONTENT_ENCODING": g.token,
    "CONTENT_TYPE": g.options_header(),
    "CONTENT_LENGTH": g.digits,
}


@st.composite
def environ(draw: st.DrawFn) -> tuple[dict[str, t.Any], bytes]:
    env: dict[str, t.Any] = {
        "REQUEST_METHOD": draw(
            st.sampled_from(["GET", "POST", "HEAD", "put", "OPTIONS"])
        ),
        "wsgi.url_scheme": draw(st.sampled_from(["http", "https", "ws", "wss"])),
        "SERVER_NAME": draw(
            st.sampled_from(
                ["localhost", "example.com", "b\u00fccher.example", "::1", ""]
            )
        ),
        "SERVER_PORT": draw(st.sampled_from(["80", "443", "8080", "", "x"])),
        "SCRIPT_NAME": draw(st.one_of(st.just(""), latin1_path)),
        "PATH_INFO": draw(st.one_of(st.just("/"), latin1_path)),
        "QUERY_STRING": draw(st.one_of(st.just(""), latin1_path)),
        "SERVER_PROTOCOL": "HTTP/1.1",
    }
    if draw(st.booleans()):
        env["HTTP_HOST"] = draw(
            st.one_of(
                st.sampled_from(
                    [
                        "example.com",
                        "example.com:80",
                        "example.com:443",
                        "[::1]:8080",
                        "EXAMPLE.com.",
                        "a:b:c",
                        "b\u00fccher.example",
                        "xn--bcher-kva.example",
                    ]
                ),
                g.header_text,
            )
        )
    if draw(st.booleans()):
        env["REMOTE_ADDR"] = draw(st.sampled_from(["127.0.0.1", "::1", ""]))
    names = draw(
        st.lists(st.sampled_from(sorted(HEADER_STRATEGIES)), max_size=6, unique=True)
    )
    for name in names:
        env[name] = draw(HEADER_STRATEGIES[name])
    body = draw(
        st.one_of(
            st.just(b""),
            st.binary(max_size=20),
            st.just(b'{"a": [1, 2]}'),
            st.just(b"a=1&b=%C3%A9&a=2"),
        )
    )
    if draw(st.booleans()):
        env["CONTENT_LENGTH"] = str(len(body))
    if draw(st.booleans()):
        env["wsgi.input_terminated"] = True
    return env, body


PROPERTIES = [
    "method",
    "scheme",
    "server",
    "root_path",
    "path",
    "full_path",
    "query_string",
    "url",
    "base_url",
    "root_url",
    "host_url",
    "host",
    "url_root",
    "args",
    "access_route",
    "remote_addr",
    "remote_user",
    "is_secure",
    "cookies",
    "content_type",
    "content_length",
    "content_encoding",
    "content_md5",
    "referrer",
    "date",
    "max_forwards",
    "mimetype",
    "mimetype_params",
    "pragma",
    "accept_mimetypes",
    "accept_charsets",
    "accept_encodings",
    "accept_languages",
    "cache_control",
    "if_match",
    "if_none_match",
    "if_modified_since",
    "if_unmodified_since",
    "if_range",
    "range",
    "user_agent",
    "authorization",
    "origin",
    "access_control_request_headers",
    "access_control_request_method",
    "is_json",
    "headers",
]


def fresh(cls: t.Any, env: dict[str, t.Any], body: bytes, **attrs: t.Any) -> t.Any:
    request = cls(dict(env, **{"wsgi.input": io.BytesIO(body)}))
    for name, value in attrs.items():
        setattr(request, name, value)
    return request


@given(
    environ(), st.sampled_from([None, ["example.com"], [".example.com", "localhost"]])
)
def test_request_properties(drawn, trusted_hosts):
    env, body = drawn
    ours = fresh(rw.Request, env, body, trusted_hosts=trusted_hosts)
    theirs = fresh(ww.Request, env, body, trusted_hosts=trusted_hosts)
    for name in PROPERTIES:
        same(lambda: getattr(ours, name), lambda: getattr(theirs, name))  # noqa: B023


@given(environ(), st.sampled_from([None, 0, 5, 100]), st.booleans())
def test_request_body(drawn, max_content_length, as_text):
    env, body = drawn
    attrs = {"max_content_length": max_content_length}
    same(
        lambda: fresh(rw.Request, env, body, **attrs).get_data(as_text=as_text),
        lambda: fresh(ww.Request, env, body, **attrs).get_data(as_text=as_text),
    )
    same(
        lambda: fresh(rw.Request, env, body, **attrs).get_json(silent=True),
        lambda: fresh(ww.Request, env, body, **attrs).get_json(silent=True),
    )
    same(
        lambda: fresh(rw.Request, env, body, **attrs).get_json(force=True),
        lambda: fresh(ww.Request, env, body, **attrs).get_json(force=True),
    )
    same(
        lambda: fresh(rw.Request, env, body, **attrs).stream.read(),
        lambda: fresh(ww.Request, env, body, **attrs).stream.read(),
    )


@given(
    environ(),
    st.booleans(),
    st.booleans(),
    st.booleans(),
    st.sampled_from([None, ["example.com"], ["localhost", ".example.com"]]),
)
def test_wsgi_url_helpers(drawn, root_only, strip_querystring, host_only, trusted):
    env, body = drawn
    same(
        lambda: rwsgi.get_current_url(
            dict(env), root_only, strip_querystring, host_only, trusted
        ),
        lambda: wwsgi.get_current_url(
            dict(env), root_only, strip_querystring, host_only, trusted
        ),
    )
    same(
        lambda: rwsgi.get_host(dict(env), trusted),
        lambda: wwsgi.get_host(dict(env), trusted),
    )
    same(
        lambda: rwsgi.get_content_length(dict(env)),
        lambda: wwsgi.get_content_length(dict(env)),
    )
    same(lambda: rwsgi.get_path_info(dict(env)), lambda: wwsgi.get_path_info(dict(env)))
    same(
        lambda: rwsgi.get_input_stream(
            dict(env, **{"wsgi.input": io.BytesIO(body)})
        ).read(),
        lambda: wwsgi.get_input_stream(
            dict(env, **{"wsgi.input": io.BytesIO(body)})
        ).read(),
    )
