"""Response conditional handling of rostzeug and Werkzeug: make_conditional
with drawn If-* and Range headers, and the header-backed properties."""

from __future__ import annotations

import io
import typing as t
from datetime import UTC
from datetime import datetime

import werkzeug.http as whttp
import werkzeug.wrappers as ww
from hypothesis import given
from hypothesis import strategies as st

import rostzeug.http as rhttp
import rostzeug.wrappers as rw

from . import strategies as g
from .compare import outcome
from .compare import plain
from .compare import same

LAST_MODIFIED = datetime(2024, 5, 6, 7, 8, 9, tzinfo=UTC)
stamp = st.sampled_from(
    [
        "Mon, 06 May 2024 07:08:09 GMT",
        "Mon, 06 May 2024 07:08:08 GMT",
        "Mon, 06 May 2024 07:08:10 GMT",
        "Sun, 06 Nov 1994 08:49:37 GMT",
    ]
)
tag = st.sampled_from(['"abc"', 'W/"abc"', '"other"', "*", '"abc", "x"', "abc", ""])

CONDITIONS: dict[str, st.SearchStrategy[str]] = {
    "HTTP_IF_NONE_MATCH": st.one_of(tag, g.etag_header()),
    "HTTP_IF_MATCH": st.one_of(tag, g.etag_header()),
    "HTTP_IF_MODIFIED_SINCE": st.one_of(stamp, g.http_date_text()),
    "HTTP_IF_UNMODIFIED_SINCE": st.one_of(stamp, g.http_date_text()),
    "HTTP_IF_RANGE": st.one_of(tag, stamp),
    "HTTP_RANGE": st.one_of(
        st.sampled_from(
            [
                "bytes=0-4",
                "bytes=-3",
                "bytes=5-",
                "bytes=0-0,2-3",
                "bytes=100-",
                "bytes=0-999",
            ]
        ),
        g.range_header(),
    ),
}


@st.composite
def conditional_case(draw: st.DrawFn) -> dict[str, t.Any]:
    names = draw(st.lists(st.sampled_from(sorted(CONDITIONS)), max_size=4, unique=True))
    environ = {name: draw(CONDITIONS[name]) for name in names}
    environ["REQUEST_METHOD"] = draw(
        st.sampled_from(["GET", "GET", "HEAD", "POST", "PUT"])
    )
    return {
        "environ": environ,
        "body": draw(st.sampled_from([b"", b"0123456789", b"x" * 200])),
        "status": draw(st.sampled_from([200, 200, 201, 204, 304, 404])),
        "etag": draw(
            st.sampled_from([None, ("abc", False), ("abc", True), ("other", False)])
        ),
        "last_modified": draw(st.sampled_from([None, LAST_MODIFIED])),
        "accept_ranges": draw(st.sampled_from([False, True, "bytes", "items"])),
        "complete_length": draw(st.sampled_from([None, 10, 200, 5])),
        "add_etag": draw(st.booleans()),
        "streamed": draw(st.booleans()),
    }


def conditional(module: t.Any, case: dict[str, t.Any]) -> t.Any:
    body = case["body"]
    response = module.Response(
        iter([body]) if case["streamed"] else body, status=case["status"]
    )
    if case["etag"] is not None:
        response.set_etag(*case["etag"])
    if case["last_modified"] is not None:
        response.last_modified = case["last_modified"]
    if case["add_etag"]:
        response.add_etag()
    environ = dict(case["environ"], **{"wsgi.input": io.BytesIO()})
    response.make_conditional(
        environ,
        accept_ranges=case["accept_ranges"],
        complete_length=case["complete_length"],
    )
    headers = [
        (k, now_or(v) if k == "Date" else v) for k, v in response.headers.items()
    ]
    return response.status, headers, b"".join(response.iter_encoded())


def now_or(value: str) -> str:
    """``Date`` is set to the current time: a value within seconds of now
    compares as ``"now"``, so the two libraries may cross a second apart."""
    moment = whttp.parse_date(value)
    if moment is not None and abs((datetime.now(UTC) - moment).total_seconds()) < 5:
        return "now"
    return value


@given(conditional_case())
def test_make_conditional(case):
    same(lambda: conditional(rw, case), lambda: conditional(ww, case))


RESPONSE_HEADERS: dict[str, st.SearchStrategy[str]] = {
    "Cache-Control": g.cache_control_header(),
    "Content-Range": g.content_range_header(),
    "Content-Type": g.options_header(),
    "Content-Length": g.digits,
    "Age": g.digits,
    "Retry-After": st.one_of(g.digits, g.http_date_text()),
    "Expires": g.http_date_text(),
    "Last-Modified": g.http_date_text(),
    "Date": g.http_date_text(),
    "ETag": g.etag_header(),
    "Vary": g.list_header(),
    "Allow": g.list_header(),
    "Content-Language": g.list_header(),
    "Accept-Ranges": g.token,
    "Location": g.path_piece,
    "WWW-Authenticate": st.one_of(
        st.builds("{} {}".format, g.token, g.list_header()), g.header_text
    ),
    "Content-Security-Policy": g.header_text,
    "Access-Control-Max-Age": g.digits,
    "Access-Control-Allow-Credentials": st.sampled_from(["true", "false", "TRUE", ""]),
    "Access-Control-Allow-Origin": g.header_text,
}

RESPONSE_PROPERTIES = [
    "status_code",
    "status",
    "mimetype",
    "mimetype_params",
    "content_type",
    "content_length",
    "content_range",
    "cache_control",
    "age",
    "expires",
    "last_modified",
    "date",
    "vary",
    "allow",
    "content_language",
    "accept_ranges",
    "location",
    "www_authenticate",
    "content_security_policy",
    "access_control_max_age",
    "access_control_allow_credentials",
    "access_control_allow_origin",
    "is_streamed",
    "is_sequence",
]


def retry_delay(response: t.Any) -> int | None:
    when = response.retry_after
    if when is None:
        return None
    return round((when - datetime.now(UTC)).total_seconds())


@given(
    st.lists(
        st.sampled_from(sorted(RESPONSE_HEADERS)), max_size=5, unique=True
    ).flatmap(
        lambda names: st.tuples(
            *(st.tuples(st.just(n), RESPONSE_HEADERS[n]) for n in names)
        )
    )
)
def test_response_header_properties(headers):
    headers = [(k, v) for k, v in headers if "\n" not in v and "\r" not in v]
    ours, theirs = rw.Response(headers=headers), ww.Response(headers=headers)
    for name in RESPONSE_PROPERTIES:
        same(lambda: getattr(ours, name), lambda: getattr(theirs, name))  # noqa: B023
    # A Retry-After in seconds counts from now: compare the delay.
    same(lambda: retry_delay(ours), lambda: retry_delay(theirs))
    same(lambda: ours.get_etag(), lambda: theirs.get_etag())
    env = {
        "REQUEST_METHOD": "GET",
        "SERVER_NAME": "localhost",
        "SERVER_PORT": "80",
        "wsgi.url_scheme": "http",
    }
    same(
        lambda: plain(ours.get_wsgi_headers(dict(env))),
        lambda: plain(theirs.get_wsgi_headers(dict(env))),
    )
    assert outcome(lambda: ours.status) == outcome(lambda: theirs.status)


@given(conditional_case(), st.booleans(), st.booleans())
def test_is_resource_modified(case, ignore_if_range, use_data):
    etag = case["etag"][0] if case["etag"] else None
    kwargs: dict[str, t.Any] = {
        "last_modified": case["last_modified"],
        "ignore_if_range": ignore_if_range,
    }
    if use_data:
        kwargs["data"] = case["body"]
    else:
        kwargs["etag"] = etag
    same(
        lambda: rhttp.is_resource_modified(dict(case["environ"]), **kwargs),
        lambda: whttp.is_resource_modified(dict(case["environ"]), **kwargs),
    )
