"""The older names of Werkzeug's original documentation: the lean
BaseRequest and BaseResponse, and the mixins that each add one feature."""

from __future__ import annotations

import io
import typing as t

import pytest

import rostzeug
from rostzeug import wrappers
from rostzeug.sansio import request as sansio_request
from rostzeug.sansio import response as sansio_response
from rostzeug.wrappers import AcceptMixin
from rostzeug.wrappers import AuthorizationMixin
from rostzeug.wrappers import BaseRequest
from rostzeug.wrappers import BaseResponse
from rostzeug.wrappers import CommonRequestDescriptorsMixin
from rostzeug.wrappers import CommonResponseDescriptorsMixin
from rostzeug.wrappers import CORSRequestMixin
from rostzeug.wrappers import CORSResponseMixin
from rostzeug.wrappers import ETagRequestMixin
from rostzeug.wrappers import ETagResponseMixin
from rostzeug.wrappers import Request
from rostzeug.wrappers import Response
from rostzeug.wrappers import ResponseStreamMixin
from rostzeug.wrappers import UserAgentMixin
from rostzeug.wrappers import WWWAuthenticateMixin

REQUEST_MIXINS: dict[type, set[str]] = {
    AcceptMixin: {
        "accept_mimetypes",
        "accept_charsets",
        "accept_encodings",
        "accept_languages",
    },
    AuthorizationMixin: {"authorization"},
    ETagRequestMixin: {
        "cache_control",
        "if_match",
        "if_none_match",
        "if_modified_since",
        "if_unmodified_since",
        "if_range",
        "range",
    },
    UserAgentMixin: {"user_agent", "user_agent_class"},
    CommonRequestDescriptorsMixin: {
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
    },
    CORSRequestMixin: {
        "origin",
        "access_control_request_headers",
        "access_control_request_method",
    },
}

RESPONSE_MIXINS: dict[type, set[str]] = {
    ETagResponseMixin: {
        "cache_control",
        "set_etag",
        "get_etag",
        "add_etag",
        "make_conditional",
        "accept_ranges",
        "content_range",
    },
    ResponseStreamMixin: {"stream"},
    WWWAuthenticateMixin: {"www_authenticate"},
    CommonResponseDescriptorsMixin: {
        "mimetype",
        "mimetype_params",
        "location",
        "age",
        "content_type",
        "content_length",
        "content_location",
        "content_encoding",
        "content_md5",
        "date",
        "expires",
        "last_modified",
        "retry_after",
        "vary",
        "content_language",
        "allow",
        "content_security_policy",
        "content_security_policy_report_only",
        "cross_origin_opener_policy",
        "cross_origin_embedder_policy",
    },
    CORSResponseMixin: {
        "access_control_allow_credentials",
        "access_control_allow_headers",
        "access_control_allow_methods",
        "access_control_allow_origin",
        "access_control_expose_headers",
        "access_control_max_age",
    },
}


def public_names(cls: type) -> set[str]:
    return {name for name in dir(cls) if not name.startswith("_")}


def environ(**headers: str) -> dict[str, t.Any]:
    env: dict[str, t.Any] = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": "/",
        "QUERY_STRING": "a=1",
        "SERVER_NAME": "example.org",
        "SERVER_PORT": "80",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
    }
    for name, value in headers.items():
        env["HTTP_" + name.upper()] = value
    return env


@pytest.mark.parametrize(
    ("base", "mixins"), [(BaseRequest, REQUEST_MIXINS), (BaseResponse, RESPONSE_MIXINS)]
)
def test_each_mixin_adds_exactly_its_feature(
    base: type, mixins: dict[type, set[str]]
) -> None:
    for mixin, features in mixins.items():
        assert not features & public_names(base), mixin.__name__
        combined = type("Combined", (base, mixin), {})
        assert public_names(combined) - public_names(base) == features, mixin.__name__


@pytest.mark.parametrize(
    ("base", "full", "mixins"),
    [
        (BaseRequest, Request, REQUEST_MIXINS),
        (BaseResponse, Response, RESPONSE_MIXINS),
    ],
)
def test_full_class_is_base_plus_all_mixins(
    base: type, full: type, mixins: dict[type, set[str]]
) -> None:
    assert issubclass(full, base)
    for mixin in mixins:
        assert issubclass(full, mixin)
    every_feature = set().union(*mixins.values())
    assert public_names(full) == public_names(base) | every_feature


def test_full_classes_are_the_sansio_ones_too() -> None:
    assert issubclass(Request, sansio_request.Request)
    assert issubclass(Response, sansio_response.Response)
    assert rostzeug.Request is Request
    assert rostzeug.Response is Response


def test_package_exports_the_test_client_lazily() -> None:
    from rostzeug.test import Client

    assert rostzeug.Client is Client
    with pytest.raises(AttributeError, match="no attribute 'Missing'"):
        rostzeug.Missing  # noqa: B018


def test_lean_request_with_one_mixin() -> None:
    class LanguageRequest(BaseRequest, AcceptMixin):
        pass

    request = LanguageRequest(environ(ACCEPT_LANGUAGE="fr, en;q=0.5"))
    assert request.accept_languages.best_match(["en", "fr"]) == "fr"
    assert request.args["a"] == "1"
    assert not hasattr(request, "user_agent")
    assert not hasattr(request, "if_none_match")


def test_lean_request_reads_bodies_without_the_descriptors_mixin() -> None:
    env = environ()
    env.update(
        REQUEST_METHOD="POST",
        CONTENT_TYPE="application/json",
        CONTENT_LENGTH="7",
        **{"wsgi.input": io.BytesIO(b'{"a":1}')},
    )
    request = BaseRequest(env)
    assert not hasattr(request, "mimetype")
    assert request.is_json
    assert request.json == {"a": 1}


def test_legacy_request_attributes() -> None:
    request = BaseRequest(environ(X_REQUESTED_WITH="XMLHttpRequest"))
    assert request.charset == "utf-8"
    assert request.encoding_errors == "replace"
    assert request.url_charset == "utf-8"
    assert request.is_xhr is True
    assert request.disable_data_descriptor is False


def test_freeze_adds_an_etag_only_with_the_etag_mixin() -> None:
    lean = BaseResponse(iter([b"x"]))
    lean.freeze()
    assert lean.response == [b"x"]
    assert lean.headers["Content-Length"] == "1"
    assert "ETag" not in lean.headers

    class TaggedResponse(BaseResponse, ETagResponseMixin):
        pass

    tagged = TaggedResponse(iter([b"x"]))
    tagged.freeze()
    assert tagged.get_etag()[0] is not None

    untagged = TaggedResponse(iter([b"x"]))
    untagged.freeze(no_etag=True)
    assert "ETag" not in untagged.headers


def test_lean_response_sends() -> None:
    started = []
    response = BaseResponse("hi", mimetype="text/html")
    body = b"".join(
        response(environ(), lambda status, headers: started.append(headers))
    )
    assert body == b"hi"
    assert ("Content-Type", "text/html; charset=utf-8") in started[0]
    assert not hasattr(response, "mimetype")
    assert not hasattr(response, "stream")


def test_module_documents_the_older_names() -> None:
    doc = wrappers.__doc__ or ""
    for name in wrappers.__all__ if hasattr(wrappers, "__all__") else dir(wrappers):
        value = getattr(wrappers, name)
        if isinstance(value, type) and name not in (
            "Request",
            "Response",
            "ResponseStream",
        ):
            assert f":class:`{name}`" in doc, name
