"""Routing: matching and building URLs with ``routing.Map``, on maps shaped
as applications write them (static pages, ``<int:id>`` and ``<path:p>``
placeholders, two methods per rule), from 30 to 10,000 rules."""

from __future__ import annotations

import typing as t

from ..harness import Scenario
from ._data import base_environ

#: The sections of the application map; each gets a set of pages.
_SECTIONS = (
    "blog",
    "shop",
    "docs",
    "users",
    "orders",
    "admin",
    "api",
    "forum",
    "wiki",
    "news",
)


def _app_rules(ns: t.Any, count: int) -> list[t.Any]:
    """``count`` rules, as an application of that size has: per section a
    listing, a detail page by id, an edit page, a file path and static pages,
    each rule for two methods."""
    rule = ns.routing.Rule
    rules = []
    index = 0
    while len(rules) < count:
        section = f"{_SECTIONS[index % len(_SECTIONS)]}{index // len(_SECTIONS) or ''}"
        for pattern, endpoint in (
            (f"/{section}/", f"{section}.index"),
            (f"/{section}/<int:id>", f"{section}.show"),
            (f"/{section}/<int:id>/edit", f"{section}.edit"),
            (f"/{section}/files/<path:p>", f"{section}.file"),
            (f"/{section}/about", f"{section}.about"),
            (f"/{section}/contact", f"{section}.contact"),
            (f"/{section}/feed.xml", f"{section}.feed"),
            (f"/{section}/<int:year>/<string:slug>", f"{section}.post"),
            (f"/{section}/<string:slug>/comments", f"{section}.comments"),
            (f"/{section}/archive/<int:year>", f"{section}.archive"),
        ):
            if len(rules) == count:
                break
            rules.append(rule(pattern, endpoint=endpoint, methods=["GET", "POST"]))
        index += 1
    return rules


def _app_map(ns: t.Any, count: int) -> t.Any:
    return ns.routing.Map(_app_rules(ns, count))


def _normalise_match(result: t.Any) -> t.Any:
    endpoint, values = result
    return endpoint, sorted(values.items())


def _bind_environ_match(ns: t.Any) -> t.Callable[[dict[str, t.Any]], t.Any]:
    url_map = _app_map(ns, 100)

    def call(environ: dict[str, t.Any]) -> t.Any:
        return url_map.bind_to_environ(environ).match()

    return call


def _bind_match(count: int) -> t.Callable[[t.Any], t.Callable[[str], t.Any]]:
    def bind(ns: t.Any) -> t.Callable[[str], t.Any]:
        adapter = _app_map(ns, count).bind("shop.example.com")
        return adapter.match

    return bind


def _bind_build(ns: t.Any) -> t.Callable[[dict[str, t.Any]], t.Any]:
    adapter = _app_map(ns, 100).bind("shop.example.com")

    def call(values: dict[str, t.Any]) -> t.Any:
        return adapter.build("blog.post", values)

    return call


def _bind_build_map(ns: t.Any) -> t.Callable[[None], t.Any]:
    routing = ns.routing

    def call(_: None) -> t.Any:
        url_map = routing.Map(_app_rules(ns, 1000))
        return url_map.bind("shop.example.com").match("/wiki9/42/edit")

    return call


def _bind_converter_segments(ns: t.Any) -> t.Callable[[str], t.Any]:
    rule = ns.routing.Rule
    url_map = ns.routing.Map(
        [rule(f"/p/item{i}-<int:id>", endpoint=f"item{i}") for i in range(1000)]
    )
    return url_map.bind("shop.example.com").match  # type: ignore[no-any-return]


def _last_section(count: int) -> str:
    """A section near the end of a map of ``count`` rules (10 per section)."""
    index = max(count // 10 - 2, 0)
    return f"{_SECTIONS[index % len(_SECTIONS)]}{index // len(_SECTIONS) or ''}"


def _match_scenarios() -> list[Scenario]:
    scenarios = []
    for count in (30, 300, 3000):
        section = _last_section(count)
        scenarios.append(
            Scenario(
                name=f"routing.match_static_{count}",
                description=f"match a static path on a {count}-rule map",
                bind=_bind_match(count),
                setup=lambda section=section: f"/{section}/about",
                normalise=_normalise_match,
            )
        )
        scenarios.append(
            Scenario(
                name=f"routing.match_dynamic_{count}",
                description=f"match /<int:id>/edit on a {count}-rule map",
                bind=_bind_match(count),
                setup=lambda section=section: f"/{section}/12345/edit",
                normalise=_normalise_match,
            )
        )
    for count in (100, 10000):
        section = _last_section(count)
        scenarios.append(
            Scenario(
                name=f"routing.match_mixed_{count}",
                description=f"match a <path:p> URL on a {count}-rule map",
                bind=_bind_match(count),
                setup=lambda section=section: f"/{section}/files/img/logo.png",
                normalise=_normalise_match,
            )
        )
    return scenarios


SCENARIOS = [
    Scenario(
        name="routing.bind_to_environ_match",
        description=(
            "bind_to_environ + match: a GET of /news/42/edit on a 100-rule map"
        ),
        bind=_bind_environ_match,
        setup=lambda: base_environ(
            path="/news/42/edit",
            headers=[("Host", "shop.example.com"), ("Connection", "keep-alive")],
        ),
        normalise=_normalise_match,
    ),
    *_match_scenarios(),
    Scenario(
        name="routing.build",
        description="build a URL with 2 values (int and str) and one query argument",
        bind=_bind_build,
        setup=lambda: {"year": 2024, "slug": "hello-world", "ref": "feed"},
    ),
    Scenario(
        name="routing.map_1000",
        description="build a 1000-rule map and match one URL on it",
        bind=_bind_build_map,
        normalise=_normalise_match,
    ),
    Scenario(
        name="routing.converter_segments_1000",
        description="match /p/item{i}-<int:id> among 1000 such rules at one level",
        bind=_bind_converter_segments,
        setup=lambda: "/p/item873-555",
        normalise=_normalise_match,
    ),
]
