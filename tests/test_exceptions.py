from __future__ import annotations

import logging
import typing as t
from datetime import UTC
from datetime import datetime
from email.utils import format_datetime

import pytest
from markupsafe import Markup

from rostzeug import datastructures
from rostzeug import exceptions
from rostzeug import http
from rostzeug._internal import _log
from rostzeug.exceptions import Aborter
from rostzeug.exceptions import HTTPException
from rostzeug.exceptions import abort
from rostzeug.exceptions import default_exceptions
from rostzeug.http import HTTP_STATUS_CODES
from rostzeug.wrappers import Response

# Every status code with its class, as the module must provide them.
EXPECTED_CLASSES = {
    400: "BadRequest",
    401: "Unauthorized",
    403: "Forbidden",
    404: "NotFound",
    405: "MethodNotAllowed",
    406: "NotAcceptable",
    408: "RequestTimeout",
    409: "Conflict",
    410: "Gone",
    411: "LengthRequired",
    412: "PreconditionFailed",
    413: "RequestEntityTooLarge",
    414: "RequestURITooLarge",
    415: "UnsupportedMediaType",
    416: "RequestedRangeNotSatisfiable",
    417: "ExpectationFailed",
    418: "ImATeapot",
    421: "MisdirectedRequest",
    422: "UnprocessableEntity",
    423: "Locked",
    424: "FailedDependency",
    428: "PreconditionRequired",
    429: "TooManyRequests",
    431: "RequestHeaderFieldsTooLarge",
    451: "UnavailableForLegalReasons",
    500: "InternalServerError",
    501: "NotImplemented",
    502: "BadGateway",
    503: "ServiceUnavailable",
    504: "GatewayTimeout",
    505: "HTTPVersionNotSupported",
}


def test_default_exceptions_maps_each_code_to_its_base_class() -> None:
    assert {code: cls.__name__ for code, cls in default_exceptions.items()} == (
        EXPECTED_CLASSES
    )
    for code, cls in default_exceptions.items():
        assert cls.code == code
        assert issubclass(cls, HTTPException)
        assert cls().name == HTTP_STATUS_CODES[code]


@pytest.mark.parametrize(
    "name", ["BadRequestKeyError", "ClientDisconnected", "SecurityError", "BadHost"]
)
def test_bad_request_variants_are_400(name: str) -> None:
    cls = getattr(exceptions, name)
    assert issubclass(cls, exceptions.BadRequest)
    assert cls().code == 400


@pytest.mark.parametrize("code", sorted(EXPECTED_CLASSES))
def test_error_page(code: int) -> None:
    exc = default_exceptions[code]()
    name = HTTP_STATUS_CODES[code].replace("'", "&#39;")
    assert exc.get_body() == (
        "<!doctype html>\n"
        "<html lang=en>\n"
        f"<title>{code} {name}</title>\n"
        f"<h1>{name}</h1>\n"
        f"{exc.get_description()}\n"
    )
    assert exc.get_description().startswith("<p>")
    assert exc.get_description().endswith("</p>")


def test_description_is_escaped_and_line_breaks_become_br() -> None:
    exc = exceptions.NotFound('<b>"x"</b> & y\nnext')
    assert exc.get_description() == (
        "<p>&lt;b&gt;&#34;x&#34;&lt;/b&gt; &amp; y<br>next</p>"
    )


def test_markup_description_is_not_escaped() -> None:
    exc = exceptions.BadRequest(Markup("<b>&lt;</b>\nline"))
    assert exc.get_description() == "<p><b>&lt;</b><br>line</p>"


def test_description_none_renders_an_empty_paragraph() -> None:
    exc = HTTPException()
    assert exc.get_description() == "<p></p>"
    assert "<title>None Unknown Error</title>" in exc.get_body()


def test_str_and_repr() -> None:
    assert str(exceptions.Gone("Went away")) == "410 Gone: Went away"
    assert repr(exceptions.Gone()) == "<Gone '410: Gone'>"
    assert str(HTTPException("oops")) == "??? Unknown Error: oops"
    assert repr(HTTPException()) == "<HTTPException '???: Unknown Error'>"
    assert str(exceptions.ImATeapot()) == (
        "418 I'm a teapot: This server is a teapot, not a coffee machine"
    )


def test_get_response_builds_the_error_page() -> None:
    exc = exceptions.Forbidden("No entry")
    response = exc.get_response()
    assert isinstance(response, Response)
    assert response.status_code == 403
    assert response.headers["Content-Type"] == "text/html; charset=utf-8"
    assert response.get_data(as_text=True) == exc.get_body()


def test_get_response_accepts_a_request_like_object() -> None:
    class RequestLike:
        environ: t.ClassVar[dict[str, t.Any]] = {"REQUEST_METHOD": "GET"}

    response = exceptions.NotFound().get_response(RequestLike())  # type: ignore[call-overload]
    assert response.status_code == 404


def test_get_response_rejects_what_is_not_an_environ() -> None:
    with pytest.raises(AssertionError, match="not a WSGI environment"):
        exceptions.NotFound().get_response(["GET"])  # type: ignore[call-overload]


def test_get_response_returns_the_given_response() -> None:
    given = Response("custom", status=418)
    exc = exceptions.NotFound(response=given)
    assert exc.get_response({}) is given


def test_exception_is_a_wsgi_application() -> None:
    started: list[tuple[str, list[tuple[str, str]]]] = []

    def start_response(status: str, headers: list[tuple[str, str]]) -> None:
        started.append((status, headers))

    exc = exceptions.MethodNotAllowed(["GET", "POST"])
    body = b"".join(exc({"REQUEST_METHOD": "PUT"}, start_response))  # type: ignore[arg-type]
    [(status, headers)] = started
    assert status == "405 METHOD NOT ALLOWED"
    assert ("Allow", "GET, POST") in headers
    assert body == exc.get_body().encode()


def test_method_not_allowed_allow_header() -> None:
    assert ("Allow", "GET, HEAD") in exceptions.MethodNotAllowed(
        ["GET", "HEAD"]
    ).get_headers()
    names = [name for name, _ in exceptions.MethodNotAllowed().get_headers()]
    assert "Allow" not in names


def test_range_not_satisfiable_content_range() -> None:
    exc = exceptions.RequestedRangeNotSatisfiable(1234)
    assert ("Content-Range", "bytes */1234") in exc.get_headers()
    exc = exceptions.RequestedRangeNotSatisfiable(0, units="items")
    assert ("Content-Range", "items */0") in exc.get_headers()
    names = [
        name for name, _ in exceptions.RequestedRangeNotSatisfiable().get_headers()
    ]
    assert "Content-Range" not in names


def test_unauthorized_sends_one_header_per_challenge() -> None:
    exc = exceptions.Unauthorized(www_authenticate=['Basic realm="a"', "Bearer"])
    values = [v for k, v in exc.get_headers() if k == "WWW-Authenticate"]
    assert values == ['Basic realm="a"', "Bearer"]
    names = [name for name, _ in exceptions.Unauthorized().get_headers()]
    assert "WWW-Authenticate" not in names


@pytest.mark.skipif(
    not hasattr(datastructures, "WWWAuthenticate"),
    reason="rostzeug.datastructures.WWWAuthenticate is not implemented yet",
)
def test_unauthorized_accepts_a_single_challenge() -> None:
    challenge = datastructures.WWWAuthenticate(  # type: ignore[attr-defined]
        "basic", {"realm": "test"}
    )
    exc = exceptions.Unauthorized(www_authenticate=challenge)
    assert exc.www_authenticate == (challenge,)
    assert ("WWW-Authenticate", str(challenge)) in exc.get_headers()


@pytest.mark.parametrize(
    "cls", [exceptions.TooManyRequests, exceptions.ServiceUnavailable]
)
def test_retry_after_seconds(cls: type[exceptions._RetryAfter]) -> None:
    assert ("Retry-After", "120") in cls(retry_after=120).get_headers()
    for falsy in (None, 0):
        names = [name for name, _ in cls(retry_after=falsy).get_headers()]
        assert "Retry-After" not in names


@pytest.mark.skipif(
    not hasattr(http, "http_date"),
    reason="rostzeug.http.http_date is not implemented yet",
)
def test_retry_after_date() -> None:
    when = datetime(2020, 1, 4, 18, 52, 16)
    exc = exceptions.ServiceUnavailable(retry_after=when)
    expected = format_datetime(when.replace(tzinfo=UTC), usegmt=True)
    assert ("Retry-After", expected) in exc.get_headers()


def test_bad_request_key_error() -> None:
    exc = exceptions.BadRequestKeyError("missing")
    assert isinstance(exc, KeyError)
    assert exc.args == ("missing",)
    assert exc.description == exceptions.BadRequest.description
    assert exceptions.BadRequestKeyError().args == ()


def test_bad_request_key_error_show_exception() -> None:
    exc = exceptions.BadRequestKeyError("missing")
    exc.show_exception = True
    assert exc.description == (
        f"{exceptions.BadRequest.description}\nKeyError: 'missing'"
    )
    assert "<br>KeyError: &#39;missing&#39;</p>" in exc.get_description()


def test_bad_request_key_error_description_can_be_replaced() -> None:
    exc = exceptions.BadRequestKeyError("k", "Custom text")
    assert exc.description == "Custom text"
    exc.description = "Other"
    assert str(exc) == "400 Bad Request: Other"


def test_internal_server_error_keeps_original_exception() -> None:
    cause = ValueError("boom")
    exc = exceptions.InternalServerError(original_exception=cause)
    assert exc.original_exception is cause
    assert exceptions.InternalServerError().original_exception is None


def test_abort_raises_the_mapped_class_with_arguments() -> None:
    with pytest.raises(exceptions.MethodNotAllowed) as info:
        abort(405, ["GET"], description="Read only")
    assert info.value.valid_methods == ["GET"]
    assert info.value.description == "Read only"


def test_abort_with_a_response() -> None:
    response = Response("Hello")
    with pytest.raises(HTTPException) as info:
        abort(response)
    assert type(info.value) is HTTPException
    assert info.value.get_response({}) is response


def test_abort_unknown_code() -> None:
    with pytest.raises(LookupError, match="no exception for 299"):
        abort(299)


def test_aborter_mapping_and_extra() -> None:
    only_one = Aborter({1: exceptions.NotFound})
    with pytest.raises(exceptions.NotFound):
        only_one(1)
    with pytest.raises(LookupError):
        only_one(404)

    extended = Aborter(extra={1: exceptions.Gone})
    with pytest.raises(exceptions.Gone):
        extended(1)
    with pytest.raises(exceptions.NotFound):
        extended(404)
    # The default mapping is copied, not changed.
    assert 1 not in default_exceptions


def test_log_uses_the_werkzeug_logger(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="werkzeug"):
        _log("info", "served %s  \n", "/path")
    [record] = caplog.records
    assert record.name == "werkzeug"
    assert record.levelno == logging.INFO
    assert record.getMessage() == "served /path"


def test_remembered_pages_follow_code_name_and_description(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    first = exceptions.NotFound("one <thing>").get_body()
    assert "<p>one &lt;thing&gt;</p>" in first
    assert exceptions.NotFound("one <thing>").get_body() == first
    assert "<p>two</p>" in exceptions.NotFound("two").get_body()
    # Markup equals the same str as a key, but is not escaped.
    assert "<p>one <thing></p>" in exceptions.NotFound(Markup("one <thing>")).get_body()
    assert "<p>one &lt;thing&gt;</p>" in exceptions.NotFound("one <thing>").get_body()
    # The same description under another code or name.
    assert "<title>410 Gone</title>" in exceptions.Gone("one <thing>").get_body()
    monkeypatch.setitem(HTTP_STATUS_CODES, 404, "Nowhere")
    assert "<h1>Nowhere</h1>" in exceptions.NotFound("one <thing>").get_body()
    monkeypatch.setattr(exceptions.NotFound, "code", 499)
    assert "<title>499 Unknown Error</title>" in exceptions.NotFound().get_body()


def test_pages_are_rendered_beyond_the_remembered_ones() -> None:
    for number in range(exceptions._PAGES_MAX + 10):
        page = exceptions.NotFound(f"item {number}").get_body()
        assert f"<p>item {number}</p>" in page
    assert len(exceptions._pages) <= exceptions._PAGES_MAX


def test_overridden_get_description_is_called_each_time() -> None:
    calls: list[int] = []

    class Counted(exceptions.NotFound):
        def get_description(self, environ: t.Any = None, scope: t.Any = None) -> str:
            calls.append(1)
            return f"<p>call {len(calls)}</p>"

    assert "<p>call 1</p>" in Counted().get_body()
    assert "<p>call 2</p>" in Counted().get_response().get_data(as_text=True)


def test_get_response_headers_with_and_without_overrides() -> None:
    plain = exceptions.NotFound().get_response()
    assert list(plain.headers.items()) == [
        ("Content-Type", "text/html; charset=utf-8"),
        ("Content-Length", str(len(plain.get_data()))),
    ]

    class Tagged(exceptions.NotFound):
        def get_headers(self, environ: t.Any = None, scope: t.Any = None) -> t.Any:
            return [*super().get_headers(environ, scope), ("X-Tag", "1")]

    tagged = Tagged().get_response()
    assert list(tagged.headers.items())[:2] == [
        ("Content-Type", "text/html; charset=utf-8"),
        ("X-Tag", "1"),
    ]
    allowed = exceptions.MethodNotAllowed(["GET"]).get_response()
    assert allowed.headers["Allow"] == "GET"


def test_methods_set_on_an_instance_are_called() -> None:
    exc = exceptions.NotFound("plain")
    exc.get_description = lambda environ=None, scope=None: "<p>mine</p>"  # type: ignore[method-assign]
    assert "<p>mine</p>" in exc.get_body()
    exc.get_headers = lambda environ=None, scope=None: [("X-Mine", "1")]  # type: ignore[method-assign]
    assert exc.get_response().headers["X-Mine"] == "1"
