"""Request and Response objects: a page view read, a response sent, and
both in one WSGI call."""

from __future__ import annotations

import functools
import typing as t

from ..harness import Extra
from ..harness import Scenario
from . import _stdlib
from ._data import LANGUAGES
from ._data import base_environ
from ._data import environ_copy
from ._data import multi_items
from ._data import page_view_environ
from ._data import wsgi_call


def _bind_request(ns: t.Any) -> t.Callable[[dict[str, t.Any]], t.Any]:
    request_class = ns.wrappers.Request

    def read(environ: dict[str, t.Any]) -> t.Any:
        request = request_class(environ)
        return (
            request.args,
            request.headers["User-Agent"],
            request.cookies,
            request.accept_languages.best_match(LANGUAGES),
        )

    return read


def _normalise_request(result: t.Any) -> t.Any:
    args, user_agent, cookies, language = result
    return multi_items(args), user_agent, multi_items(cookies), language


def _bind_response(ns: t.Any) -> t.Callable[[dict[str, t.Any]], t.Any]:
    response_class = ns.wrappers.Response
    body = _stdlib.RESPONSE_BODY

    def respond(environ: dict[str, t.Any]) -> t.Any:
        response = response_class(body, mimetype="text/plain")
        response.set_cookie(
            "session",
            _stdlib.SESSION,
            max_age=3600,
            secure=True,
            httponly=True,
            samesite="Lax",
        )
        response.set_etag(_stdlib.ETAG)
        return wsgi_call(response, environ)

    return respond


def _bind_app(ns: t.Any) -> t.Callable[[dict[str, t.Any]], t.Any]:
    request_class = ns.wrappers.Request
    response_class = ns.wrappers.Response

    def application(
        environ: dict[str, t.Any], start_response: t.Callable[..., t.Any]
    ) -> t.Any:
        request = request_class(environ)
        session = request.cookies["session"]
        body = _stdlib.page_body(
            request.args.get("q"),
            request.accept_languages.best_match(LANGUAGES),
            request.headers["User-Agent"],
        )
        response = response_class(body, mimetype="text/plain")
        response.set_cookie(
            "session", session, max_age=3600, secure=True, httponly=True, samesite="Lax"
        )
        response.set_etag(_stdlib.ETAG)
        return response(environ, start_response)

    return functools.partial(wsgi_call, application)


#: The URL the test client requests in ``wrappers.client``.
CLIENT_URL = "/path?x=1"


def _bind_client(ns: t.Any) -> t.Callable[[None], t.Any]:
    request_class = ns.wrappers.Request
    response_class = ns.wrappers.Response

    @request_class.application
    def application(request: t.Any) -> t.Any:
        body = f"x={request.args.get('x')} ua={request.headers.get('User-Agent')}"
        return response_class(body, mimetype="text/plain")

    client = ns.test.Client(application)

    def get(_: None) -> t.Any:
        return client.get(CLIENT_URL)

    return get


def _normalise_client(response: t.Any) -> t.Any:
    return response.status, list(response.headers.items()), response.get_data()


SCENARIOS = [
    Scenario(
        name="wrappers.request",
        description=(
            "Request(environ) with 20 headers, 10 query args, 5 cookies: args,"
            " User-Agent, cookies, accept_languages.best_match"
        ),
        bind=_bind_request,
        setup=page_view_environ,
        fresh=environ_copy,
        normalise=_normalise_request,
        extras=(
            Extra(
                "floor: stdlib, split() cookies",
                functools.partial(_stdlib.read_request, languages=LANGUAGES),
                normalise=lambda result: result,
            ),
        ),
    ),
    Scenario(
        name="wrappers.response",
        description=(
            "Response with a 1 KiB body, set_cookie, set_etag; called as a WSGI"
            " app, body consumed"
        ),
        bind=_bind_response,
        setup=base_environ,
        extras=(
            Extra(
                "floor: stdlib WSGI function",
                functools.partial(wsgi_call, _stdlib.response_app),
            ),
        ),
    ),
    Scenario(
        name="wrappers.app",
        description=(
            "the request and response scenarios in one WSGI call: a page built"
            " from the parsed request"
        ),
        bind=_bind_app,
        setup=page_view_environ,
        fresh=environ_copy,
        extras=(
            Extra(
                "floor: stdlib, split() cookies",
                functools.partial(
                    wsgi_call,
                    _stdlib.make_page_app(LANGUAGES, _stdlib.split_cookies),
                ),
            ),
            Extra(
                "floor: stdlib, SimpleCookie",
                functools.partial(
                    wsgi_call,
                    _stdlib.make_page_app(LANGUAGES, _stdlib.simple_cookies),
                ),
            ),
        ),
    ),
    Scenario(
        name="wrappers.client",
        description=(
            "test Client(app).get() round trip on a small Request.application"
            " that reads an argument and a header"
        ),
        bind=_bind_client,
        normalise=_normalise_client,
    ),
]
