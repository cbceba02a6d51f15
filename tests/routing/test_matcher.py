"""The state machine: its own interface, results equal to Werkzeug's on
many paths, rules added after matching, and matching from many threads
while rules are added."""

from __future__ import annotations

import itertools
import threading
import typing as t

import pytest
import werkzeug.routing as wz_routing

from rostzeug import routing
from rostzeug.exceptions import NotFound
from rostzeug.routing import Map
from rostzeug.routing import NoMatch
from rostzeug.routing import RequestAliasRedirect
from rostzeug.routing import RequestPath
from rostzeug.routing import Rule
from rostzeug.routing import StateMachineMatcher


def bound_rule(url_map: Map, rule: Rule) -> Rule:
    rule.bind(url_map)
    return rule


def test_matcher_interface() -> None:
    url_map = Map()
    matcher = StateMachineMatcher(merge_slashes=True)
    assert matcher.merge_slashes is True
    index = bound_rule(url_map, Rule("/", endpoint="index"))
    folder = bound_rule(url_map, Rule("/f/", endpoint="folder", methods=["GET"]))
    item = bound_rule(url_map, Rule("/i/<int:n>", endpoint="item"))
    for rule in (index, folder, item):
        matcher.add(rule)
    matcher.update()
    assert matcher.match("", "/", "GET", False) == (index, {})
    assert matcher.match("", "/i/5", "GET", False) == (item, {"n": 5})
    with pytest.raises(RequestPath) as path_info:
        matcher.match("", "/f", "GET", False)
    assert path_info.value.path_info == "/f/"
    with pytest.raises(RequestPath) as merged:
        matcher.match("", "//i//5", "GET", False)
    assert merged.value.path_info == "/i/5"
    with pytest.raises(NoMatch) as no_match:
        matcher.match("", "/f/", "POST", False)
    assert no_match.value.have_match_for == {"GET", "HEAD"}
    assert no_match.value.websocket_mismatch is False
    matcher.merge_slashes = False
    with pytest.raises(NoMatch):
        matcher.match("", "//i//5", "GET", False)


def test_matcher_alias() -> None:
    url_map = Map()
    alias = bound_rule(url_map, Rule("/old", endpoint="new", alias=True))
    url_map._rules_by_endpoint["new"] = [alias]
    matcher = StateMachineMatcher(True)
    matcher.add(alias)
    matcher.update()
    with pytest.raises(RequestAliasRedirect) as info:
        matcher.match("", "/old", "GET", False)
    assert info.value.endpoint == "new"


def test_weights_order_competing_placeholders() -> None:
    url_map = Map(
        [
            Rule("/<path:p>", endpoint="path"),
            Rule("/<s>", endpoint="string"),
            Rule("/<int:n>", endpoint="int"),
            Rule("/<float:f>", endpoint="float"),
            Rule("/fixed", endpoint="static"),
        ]
    )
    adapter = url_map.bind("example.org")
    assert adapter.match("/fixed") == ("static", {})
    assert adapter.match("/12") == ("int", {"n": 12})
    assert adapter.match("/1.5") == ("float", {"f": 1.5})
    assert adapter.match("/abc") == ("string", {"s": "abc"})
    assert adapter.match("/a/b") == ("path", {"p": "a/b"})


def test_backtracking_out_of_a_dead_end() -> None:
    url_map = Map(
        [Rule("/<a>/x/<b>", endpoint="axb"), Rule("/<int:n>/x", endpoint="nx")]
    )
    adapter = url_map.bind("example.org")
    # The int branch is tried first and fails one level down.
    assert adapter.match("/1/x/2") == ("axb", {"a": "1", "b": "2"})
    assert adapter.match("/1/x") == ("nx", {"n": 1})


def _app_rules(module: t.Any) -> list[t.Any]:
    rule = module.Rule
    rules = [
        rule("/", endpoint="index"),
        rule("/about", endpoint="about"),
        rule("/docs/", endpoint="docs"),
        rule("/docs/<path:page>", endpoint="doc"),
        rule("/u/<int:id>", endpoint="user", methods=["GET"]),
        rule("/u/<int:id>", endpoint="user_edit", methods=["POST", "PUT"]),
        rule("/u/<int(signed=True):id>/x", endpoint="signed"),
        rule("/u/<name>/", endpoint="user_name"),
        rule("/f/<float:v>", endpoint="float"),
        rule("/any/<any(a, b, 'c.d'):k>", endpoint="any"),
        rule("/uuid/<uuid:u>", endpoint="uuid"),
        rule("/s/<string(length=2):code>/<rest>", endpoint="code"),
        rule("/p/<a>-<b>", endpoint="pair"),
        rule("/p/item<int:i>.<int:j>", endpoint="item"),
        rule("/files/<path:p>/edit", endpoint="file_edit"),
        rule("/files/<path:p>", endpoint="file"),
        rule("/loose/", endpoint="loose", strict_slashes=False),
        rule("/leaf", endpoint="leaf", strict_slashes=False),
        rule("/ws", endpoint="ws", websocket=True),
        rule("/all/", endpoint="all", defaults={"page": 1}),
        rule("/all/<int:page>", endpoint="all"),
        rule("/old/<int:id>", endpoint="user", alias=True),
        rule("/nomerge//x", endpoint="nomerge", merge_slashes=False),
        rule("/", subdomain="api", endpoint="api"),
        rule("/<lang>/", subdomain="<sub>", endpoint="sub"),
    ]
    return rules


_SEGMENTS = [
    "",
    "about",
    "docs",
    "u",
    "12",
    "-3",
    "007",
    "bob",
    "f",
    "1.5",
    "any",
    "a",
    "c.d",
    "cxd",
    "uuid",
    "a8098c1a-f86e-11da-bd1a-00112444be1e",
    "s",
    "de",
    "p",
    "x-y-z",
    "item1.2",
    "files",
    "edit",
    "loose",
    "leaf",
    "ws",
    "all",
    "1",
    "old",
    "nomerge",
    "x",
    "ü",
    "%41",
]


def _outcome(adapter: t.Any, path: str, method: str) -> t.Any:
    try:
        endpoint, values = adapter.match(path, method)
    except Exception as e:  # every outcome is compared, errors too
        return (
            type(e).__name__,
            getattr(e, "new_url", None),
            sorted(getattr(e, "valid_methods", None) or ()),
        )
    return endpoint, sorted((k, repr(v)) for k, v in values.items())


@pytest.mark.parametrize("subdomain", ["", "api", "x"])
def test_results_equal_werkzeug(subdomain: str) -> None:
    ours = Map(_app_rules(routing)).bind("example.org", subdomain=subdomain)
    theirs = wz_routing.Map(_app_rules(wz_routing)).bind(
        "example.org", subdomain=subdomain
    )
    paths = ["/"]
    for length in (1, 2, 3):
        for segments in itertools.product(_SEGMENTS, repeat=length):
            if length == 3 and len(set(segments)) < 3:
                continue
            paths.append("/" + "/".join(segments))
    paths = paths[:: 7 if len(paths) > 6000 else 1]
    assert len(paths) > 1000
    for path in paths:
        for method in ("GET", "POST"):
            assert _outcome(ours, path, method) == _outcome(theirs, path, method), (
                path,
                method,
            )


def test_rules_added_after_the_first_match() -> None:
    url_map = Map([Rule("/a", endpoint="a")])
    adapter = url_map.bind("example.org")
    assert adapter.match("/a") == ("a", {})
    url_map.add(Rule("/b/<int:n>", endpoint="b"))
    url_map.add(Rule("/<int:n>", endpoint="n"))
    url_map.add(Rule("/<s>", endpoint="s"))
    assert adapter.match("/b/2") == ("b", {"n": 2})
    assert adapter.match("/5") == ("n", {"n": 5})
    assert adapter.match("/x") == ("s", {"s": "x"})
    assert adapter.build("b", {"n": 3}) == "/b/3"


def test_many_converter_rules_at_one_level() -> None:
    url_map = Map(
        [Rule(f"/p/item{i}-<int:id>", endpoint=f"item{i}") for i in range(1000)]
    )
    adapter = url_map.bind("example.org")
    assert adapter.match("/p/item873-55") == ("item873", {"id": 55})
    assert adapter.match("/p/item8-1") == ("item8", {"id": 1})
    with pytest.raises(NotFound):
        adapter.match("/p/item1000-1")


def test_ten_thousand_rules() -> None:
    rules = []
    for i in range(2000):
        rules += [
            Rule(f"/s{i}/", endpoint=f"s{i}.index"),
            Rule(f"/s{i}/<int:id>", endpoint=f"s{i}.show"),
            Rule(f"/s{i}/<int:id>/edit", endpoint=f"s{i}.edit"),
            Rule(f"/s{i}/files/<path:p>", endpoint=f"s{i}.file"),
            Rule(f"/s{i}/<slug>/c", endpoint=f"s{i}.comments"),
        ]
    adapter = Map(rules).bind("example.org")
    assert adapter.match("/s1999/42/edit") == ("s1999.edit", {"id": 42})
    assert adapter.match("/s1234/files/a/b") == ("s1234.file", {"p": "a/b"})
    assert adapter.match("/s7/x/c") == ("s7.comments", {"slug": "x"})


def test_matching_while_rules_are_added_from_other_threads() -> None:
    url_map = Map([Rule("/base/<int:n>", endpoint="base")])
    adapter = url_map.bind("example.org")
    errors: list[BaseException] = []
    stop = threading.Event()

    def matcher() -> None:
        try:
            while not stop.is_set():
                assert adapter.match("/base/7") == ("base", {"n": 7})
        except BaseException as e:  # reported by the main thread
            errors.append(e)

    def adder(offset: int) -> None:
        try:
            for i in range(offset, offset + 200):
                url_map.add(Rule(f"/r{i}/<int:n>", endpoint=f"r{i}"))
                url_map.add(Rule(f"/x{i}/<hexa:v>", endpoint=f"x{i}"))
        except BaseException as e:
            errors.append(e)

    class Hexa(routing.BaseConverter):
        regex = "[0-9a-f]+"

    url_map.converters["hexa"] = Hexa
    matchers = [threading.Thread(target=matcher) for _ in range(3)]
    adders = [threading.Thread(target=adder, args=(k * 1000,)) for k in range(2)]
    for thread in matchers + adders:
        thread.start()
    for thread in adders:
        thread.join()
    stop.set()
    for thread in matchers:
        thread.join()
    assert errors == []
    for i in (0, 199, 1000, 1199):
        assert adapter.match(f"/r{i}/3") == (f"r{i}", {"n": 3})
        assert adapter.match(f"/x{i}/ff") == (f"x{i}", {"v": "ff"})
    assert len(list(url_map.iter_rules())) == 801
