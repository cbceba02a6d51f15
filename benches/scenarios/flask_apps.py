"""Flask 3.1 applications on Werkzeug and on rostzeug: what a Flask user
feels. The same application code runs on each toolkit's copy of Flask (see
:mod:`benches.flask_copies`), called as a server calls it, body consumed.

The application has a realistic URL map (about 30 rules: static pages,
integer and path converters, two methods on some rules), reads a few
request fields in its views, and sets a cookie, without a session secret,
as the measurements the issue quotes did."""

from __future__ import annotations

import functools
import typing as t
from urllib.parse import quote_plus

from ..flask_copies import flask_on
from ..flask_copies import toolkit_of
from ..harness import Scenario
from ._data import ACCEPT_LANGUAGE
from ._data import USER_AGENT
from ._data import base_environ
from ._data import environ_copy
from ._data import wsgi_call
from .forms import fresh_post
from .forms import post_environ

FORM_FIELDS = 50


def make_app(flask: t.Any) -> t.Any:
    """The benchmark application, built on the given copy of Flask."""
    app = flask.Flask("bench_app")
    request = flask.request

    @app.route("/")
    def index() -> str:
        return "Hello, World!"

    @app.route("/users/<int:user_id>/posts/<slug>")
    def post(user_id: int, slug: str) -> t.Any:
        page = request.args.get("page", 1, type=int)
        language = request.accept_languages.best_match(["en", "de", "fr"])
        response = flask.jsonify(
            user=user_id, slug=slug, page=page, language=language, tags=["a", "b"]
        )
        response.set_cookie("seen", str(user_id), max_age=3600, httponly=True)
        return response

    @app.route("/submit", methods=["POST"])
    def submit() -> str:
        form = request.form
        return (
            f"{len(form)} fields, first={form['field00']}, last={form.get('field49')}"
        )

    # The rest of a realistic map, so that routing does real work.
    def page(**values: t.Any) -> str:
        return repr(sorted(values.items()))

    for name in ("about", "contact", "pricing", "blog", "docs", "terms", "privacy"):
        app.add_url_rule(f"/{name}", name, page)
        app.add_url_rule(f"/{name}/<int:item_id>", f"{name}_item", page)
        app.add_url_rule(
            f"/{name}/<int:item_id>/edit",
            f"{name}_edit",
            page,
            methods=["GET", "POST"],
        )
    app.add_url_rule("/static-files/<path:filename>", "files", page)
    app.add_url_rule("/api/v1/items", "items", page, methods=["GET", "POST"])
    app.add_url_rule("/api/v1/items/<int:item_id>", "item", page)
    return app


@functools.cache
def _app_for(toolkit: str) -> t.Any:
    return make_app(flask_on(toolkit))


def _bind(ns: t.Any) -> t.Callable[[dict[str, t.Any]], t.Any]:
    return functools.partial(wsgi_call, _app_for(toolkit_of(ns)))


def _hello_environ() -> dict[str, t.Any]:
    return base_environ(path="/", headers=[("Host", "shop.example.com")])


def _json_environ() -> dict[str, t.Any]:
    return base_environ(
        path="/users/42/posts/hello-world",
        query_string="page=3&ref=home",
        headers=[
            ("Host", "shop.example.com"),
            ("User-Agent", USER_AGENT),
            ("Accept", "application/json"),
            ("Accept-Language", ACCEPT_LANGUAGE),
        ],
    )


def _form_environ() -> dict[str, t.Any]:
    body = "&".join(
        f"field{i:02d}={quote_plus(f'value {i} (ok?)')}" for i in range(FORM_FIELDS)
    ).encode("ascii")
    return post_environ("application/x-www-form-urlencoded", body)


def _not_found_environ() -> dict[str, t.Any]:
    return base_environ(path="/no/such/page", headers=[("Host", "shop.example.com")])


def _normalise(result: tuple[str, list[tuple[str, str]], bytes]) -> t.Any:
    status, headers, body = result
    return status, sorted(headers), body


SCENARIOS = [
    Scenario(
        name="flask.hello",
        description="Flask hello world: one GET through the app, body consumed",
        bind=_bind,
        setup=_hello_environ,
        fresh=environ_copy,
        normalise=_normalise,
    ),
    Scenario(
        name="flask.json_view",
        description=(
            "Flask JSON view: two URL converters, a query arg,"
            " accept_languages.best_match, jsonify, set_cookie"
        ),
        bind=_bind,
        setup=_json_environ,
        fresh=environ_copy,
        normalise=_normalise,
    ),
    Scenario(
        name="flask.form_post",
        description="Flask view reading a 50-field urlencoded form post",
        bind=_bind,
        setup=_form_environ,
        fresh=fresh_post,
        normalise=_normalise,
    ),
    Scenario(
        name="flask.not_found",
        description="Flask 404: a routing miss and the error page",
        bind=_bind,
        setup=_not_found_environ,
        fresh=environ_copy,
        normalise=_normalise,
    ),
]
