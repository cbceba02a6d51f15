"""Copies and pickles of maps and adapters: the attributes kept in native
fields travel with them, and what Werkzeug refuses (a map's lock) is
refused the same way."""

from __future__ import annotations

import copy
import pickle
import threading
import typing as t

import pytest

from rostzeug.routing import BaseConverter
from rostzeug.routing import Map
from rostzeug.routing import MapAdapter
from rostzeug.routing import Rule


class _NoLock:
    """A lock that copies and pickles: maps using it can be deep-copied."""

    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc_info: object) -> None:
        return None


class _CopyableMap(Map):
    lock_class = _NoLock


def _rules() -> list[Rule]:
    return [
        Rule("/", endpoint="index"),
        Rule("/page/<int:id>", endpoint="page", methods=["GET"]),
        Rule("/files/<path:name>", endpoint="file"),
        Rule("/<regex:x>/re", endpoint="re"),
    ]


class _LettersConverter(BaseConverter):
    """Matched by a Python pattern, not natively."""

    regex = r"[a-c]+"


def _map(cls: type[Map] = Map, **options: t.Any) -> Map:
    return cls(_rules(), converters={"regex": _LettersConverter}, **options)


def test_copy_of_adapter_keeps_every_attribute() -> None:
    adapter = _map().bind(
        "example.com", "/app", url_scheme="https", query_args={"q": "1"}
    )
    copied = copy.copy(adapter)
    assert type(copied) is MapAdapter
    for name in (
        "map",
        "server_name",
        "script_name",
        "subdomain",
        "url_scheme",
        "path_info",
        "default_method",
        "query_args",
        "websocket",
    ):
        assert getattr(copied, name) is getattr(adapter, name), name
    assert copied.match("/page/7") == ("page", {"id": 7})
    assert copied.build("page", {"id": 3}, force_external=True) == (
        "https://example.com/app/page/3"
    )
    # A copy is another object: changing it leaves the original alone.
    copied.default_method = "POST"
    assert adapter.default_method == "GET"


def test_copy_of_map_shares_its_rules() -> None:
    url_map = _map(strict_slashes=False, host_matching=False, sort_parameters=True)
    copied = copy.copy(url_map)
    assert copied._matcher is url_map._matcher
    assert copied._rules_by_endpoint is url_map._rules_by_endpoint
    assert copied.sort_parameters is True
    assert copied.strict_slashes is False
    assert copied.redirect_defaults is True
    assert copied.bind("example.com").match("/files/a/b") == (
        "file",
        {"name": "a/b"},
    )


def test_deepcopy_and_pickle_refuse_the_lock_as_werkzeug() -> None:
    url_map = _map()
    adapter = url_map.bind("example.com")
    for attempt in (
        lambda: copy.deepcopy(url_map),
        lambda: copy.deepcopy(adapter),
        lambda: pickle.dumps(url_map),
        lambda: pickle.dumps(adapter),
    ):
        with pytest.raises(TypeError, match="lock"):
            attempt()


def test_deepcopy_of_map_with_copyable_lock() -> None:
    url_map = _map(_CopyableMap)
    url_map.bind("example.com").match("/")
    copied = copy.deepcopy(url_map)
    assert type(copied) is _CopyableMap
    assert copied._matcher is not url_map._matcher
    rules = list(copied.iter_rules())
    assert [r.rule for r in rules] == [r.rule for r in url_map.iter_rules()]
    assert all(rule.map is copied for rule in rules)
    adapter = copied.bind("example.com")
    assert adapter.match("/page/12") == ("page", {"id": 12})
    assert adapter.match("/abc/re") == ("re", {"x": "abc"})
    assert adapter.build("file", {"name": "x/y"}) == "/files/x/y"
    # Rules added to the copy stay out of the original.
    copied.add(Rule("/new", endpoint="new"))
    assert copied.bind("example.com").match("/new") == ("new", {})
    assert not url_map.bind("example.com").test("/new")


def test_pickle_of_map_with_copyable_lock() -> None:
    url_map = _map(_CopyableMap)
    restored = pickle.loads(pickle.dumps(url_map))
    adapter = restored.bind("example.com")
    assert adapter.match("/page/5", method="GET") == ("page", {"id": 5})
    assert sorted(adapter.allowed_methods("/page/5")) == ["GET", "HEAD"]
    assert adapter.match("/cab/re") == ("re", {"x": "cab"})
    assert adapter.build("page", {"id": 2}) == "/page/2"


def test_subclasses_setting_attributes_in_init_copy() -> None:
    class MyMap(Map):
        def __init__(self, *args: t.Any, **kwargs: t.Any) -> None:
            self.label = "mine"
            super().__init__(*args, **kwargs)
            self.extra = [1, 2]

    class MyAdapter(MapAdapter):
        def __init__(self, *args: t.Any, **kwargs: t.Any) -> None:
            super().__init__(*args, **kwargs)
            self.tag = "t"

    url_map = MyMap([Rule("/<int:n>", endpoint="n")])
    adapter = MyAdapter(url_map, "example.com", "/", "", "http", "/", "GET")
    assert adapter.match("/4") == ("n", {"n": 4})
    copied = copy.copy(adapter)
    assert type(copied) is MyAdapter
    assert copied.tag == "t"
    assert copied.map is url_map
    assert copied.match("/5") == ("n", {"n": 5})
    map_copy = copy.copy(url_map)
    assert type(map_copy) is MyMap
    assert (map_copy.label, map_copy.extra) == ("mine", [1, 2])
    assert map_copy.bind("example.com").match("/6") == ("n", {"n": 6})


def test_unbound_rules_copy_and_pickle() -> None:
    rule = Rule("/x/<int:id>", endpoint="x", methods=["POST"])
    for copied in (
        copy.copy(rule),
        copy.deepcopy(rule),
        pickle.loads(pickle.dumps(rule)),
    ):
        assert (copied.rule, copied.endpoint, copied.methods) == (
            "/x/<int:id>",
            "x",
            {"POST"},
        )
        assert copied.map is None


def test_shallow_copy_of_map_shares_the_lock() -> None:
    url_map = _map()
    assert copy.copy(url_map)._remap_lock is url_map._remap_lock
    assert isinstance(url_map._remap_lock, type(threading.Lock()))
