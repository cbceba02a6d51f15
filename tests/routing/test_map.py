"""Map and MapAdapter: hosts and subdomains, redirects, the order of 404,
405 and redirects, building URLs, binding to environs."""

from __future__ import annotations

import inspect
import typing as t

import pytest

from rostzeug.datastructures import MultiDict
from rostzeug.exceptions import MethodNotAllowed
from rostzeug.exceptions import NotFound
from rostzeug.routing import BaseConverter
from rostzeug.routing import BuildError
from rostzeug.routing import Map
from rostzeug.routing import MapAdapter
from rostzeug.routing import RequestRedirect
from rostzeug.routing import Rule
from rostzeug.routing import Subdomain
from rostzeug.routing import WebsocketMismatch
from rostzeug.test import create_environ


def redirect_of(adapter: MapAdapter, path: str, **options: t.Any) -> str:
    with pytest.raises(RequestRedirect) as info:
        adapter.match(path, **options)
    assert info.value.code == 308
    return info.value.new_url


def test_subdomain_matching() -> None:
    url_map = Map(
        [
            Rule("/", endpoint="main"),
            Subdomain("<lang>", [Rule("/", endpoint="lang")]),
            Rule("/", subdomain="api", endpoint="api"),
        ],
        default_subdomain="www",
    )
    assert url_map.bind("example.org", subdomain="www").match("/") == ("main", {})
    assert url_map.bind("example.org", subdomain="api").match("/") == ("api", {})
    assert url_map.bind("example.org", subdomain="de").match("/") == (
        "lang",
        {"lang": "de"},
    )


def test_subdomain_from_environ() -> None:
    url_map = Map([Rule("/", subdomain="<user>", endpoint="user")])
    environ = create_environ("/", "http://alice.example.org/")
    adapter = url_map.bind_to_environ(environ, server_name="example.org")
    assert adapter.subdomain == "alice"
    assert adapter.match() == ("user", {"user": "alice"})


def test_environ_with_other_server_name_warns_and_matches_nothing() -> None:
    url_map = Map([Rule("/", endpoint="index")])
    environ = create_environ("/", "http://other.net/")
    with pytest.warns(UserWarning, match="doesn't match configured"):
        adapter = url_map.bind_to_environ(environ, server_name="example.org")
    assert adapter.subdomain == "<invalid>"
    with pytest.raises(NotFound):
        adapter.match()


def test_host_matching() -> None:
    url_map = Map(
        [
            Rule("/", host="example.org", endpoint="main"),
            Rule("/", host="<user>.example.net", endpoint="user"),
        ],
        host_matching=True,
    )
    assert url_map.bind("example.org").match("/") == ("main", {})
    assert url_map.bind("bob.example.net").match("/") == ("user", {"user": "bob"})
    with pytest.raises(NotFound):
        url_map.bind("example.com").match("/")
    with pytest.raises(RuntimeError):
        url_map.bind("example.org", subdomain="x")


def test_host_matching_build_prefers_the_bound_host() -> None:
    url_map = Map(
        [
            Rule("/a", host="one.example", endpoint="a"),
            Rule("/a", host="two.example", endpoint="a"),
        ],
        host_matching=True,
    )
    assert url_map.bind("two.example").build("a") == "/a"
    assert url_map.bind("three.example").build("a") == "http://one.example/a"


def test_bind_to_environ_reads_the_request() -> None:
    url_map = Map([Rule("/items/<int:id>", endpoint="item", methods=["POST"])])
    environ = create_environ(
        "/items/5?x=1", "https://Shop.Example.com:443/app/", method="POST"
    )
    adapter = url_map.bind_to_environ(environ)
    assert adapter.server_name == "shop.example.com"
    assert adapter.script_name == "/app/"
    assert adapter.path_info == "/items/5"
    assert adapter.url_scheme == "https"
    assert adapter.default_method == "POST"
    assert adapter.query_args == "x=1"
    assert adapter.subdomain == ""
    assert adapter.websocket is False
    assert adapter.match() == ("item", {"id": 5})


def test_bind_to_environ_without_host_header() -> None:
    environ = create_environ("/", "http://example.org:8080/")
    del environ["HTTP_HOST"]
    adapter = Map().bind_to_environ(environ)
    assert adapter.server_name == "example.org:8080"


def test_bind_to_environ_websocket_upgrade() -> None:
    url_map = Map([Rule("/ws", endpoint="ws", websocket=True)])
    environ = create_environ(
        "/ws",
        "https://example.org/",
        headers={"Connection": "keep-alive, Upgrade", "Upgrade": "WebSocket"},
    )
    adapter = url_map.bind_to_environ(environ)
    assert adapter.url_scheme == "wss"
    assert adapter.websocket is True
    assert adapter.match() == ("ws", {})


def test_bind_to_environ_non_ascii_path() -> None:
    url_map = Map([Rule("/wiki/<title>", endpoint="wiki")])
    environ = create_environ("/wiki/%C3%9Cber", "http://example.org/")
    assert url_map.bind_to_environ(environ).match() == ("wiki", {"title": "Über"})


def test_bind_idna_and_bad_host() -> None:
    assert Map().bind("ÄBC.example:8080").server_name == "xn--bc-uia.example:8080"
    from rostzeug.exceptions import BadHost

    with pytest.raises(BadHost):
        Map().bind("a" * 64 + ".example")


def test_strict_slashes_redirect_keeps_the_query() -> None:
    url_map = Map([Rule("/docs/", endpoint="docs")])
    adapter = url_map.bind("example.org", "/root", query_args="a=1&b=2")
    assert redirect_of(adapter, "/docs") == "http://example.org/root/docs/?a=1&b=2"
    assert adapter.match("/docs/") == ("docs", {})


def test_strict_slashes_off_matches_both() -> None:
    url_map = Map([Rule("/docs/", endpoint="docs")], strict_slashes=False)
    adapter = url_map.bind("example.org")
    assert adapter.match("/docs") == ("docs", {})
    assert adapter.match("/docs/") == ("docs", {})


def test_leaf_with_trailing_slash_is_not_found_with_strict_slashes() -> None:
    adapter = Map([Rule("/leaf", endpoint="leaf")]).bind("example.org")
    with pytest.raises(NotFound):
        adapter.match("/leaf/")
    loose = Map([Rule("/leaf", endpoint="leaf", strict_slashes=False)])
    assert loose.bind("example.org").match("/leaf/") == ("leaf", {})


def test_merge_slashes_redirect_and_off() -> None:
    adapter = Map([Rule("/a/b/<x>", endpoint="ab")]).bind("example.org")
    assert redirect_of(adapter, "//a///b/c") == "http://example.org/a/b/c"
    off = Map([Rule("/a/b/<x>", endpoint="ab")], merge_slashes=False)
    with pytest.raises(NotFound):
        off.bind("example.org").match("/a//b/c")


def test_merge_slashes_keeps_slashes_inside_path_values() -> None:
    adapter = Map([Rule("/files/<path:p>", endpoint="f")]).bind("example.org")
    assert adapter.match("/files/a//b") == ("f", {"p": "a//b"})


def test_redirect_percent_encodes_the_path() -> None:
    adapter = Map([Rule("/wiki/<t>/", endpoint="w")]).bind("example.org")
    assert redirect_of(adapter, "/wiki/a b") == "http://example.org/wiki/a%20b/"


def test_defaults_redirect() -> None:
    url_map = Map(
        [
            Rule("/all/", defaults={"page": 1}, endpoint="all"),
            Rule("/all/page/<int:page>", endpoint="all"),
        ]
    )
    adapter = url_map.bind("example.org")
    assert redirect_of(adapter, "/all/page/1") == "http://example.org/all/"
    assert adapter.match("/all/page/2") == ("all", {"page": 2})
    assert adapter.match("/all/") == ("all", {"page": 1})
    plain = Map(
        [
            Rule("/all/", defaults={"page": 1}, endpoint="all"),
            Rule("/all/page/<int:page>", endpoint="all"),
        ],
        redirect_defaults=False,
    )
    assert plain.bind("example.org").match("/all/page/1") == ("all", {"page": 1})


def test_alias_redirect() -> None:
    url_map = Map(
        [
            Rule("/article/<int:id>", endpoint="article"),
            Rule("/a/<int:id>", endpoint="article", alias=True),
        ]
    )
    adapter = url_map.bind("example.org", query_args={"ref": "x"})
    assert redirect_of(adapter, "/a/3") == "http://example.org/article/3?ref=x"


def test_redirect_to_string_and_callable() -> None:
    def target(adapter: MapAdapter, id: int) -> str:
        return f"new/{id * 2}"

    url_map = Map(
        [
            Rule("/old/<slug>", redirect_to="new/<slug>"),
            Rule("/older/<int:id>", redirect_to=target),
            Rule("/away", redirect_to="http://other.example/x"),
        ],
        default_subdomain="www",
    )
    adapter = url_map.bind("example.org", "/root", subdomain="www")
    assert redirect_of(adapter, "/old/a b") == "http://www.example.org/root/new/a%20b"
    assert redirect_of(adapter, "/older/4") == "http://www.example.org/root/new/8"
    assert redirect_of(adapter, "/away") == "http://other.example/x"


def test_not_found_method_not_allowed_and_redirect_precedence() -> None:
    url_map = Map(
        [
            Rule("/r", endpoint="get", methods=["GET"]),
            Rule("/r", endpoint="put", methods=["PUT"]),
            Rule("/dir/", endpoint="dir", methods=["GET"]),
        ]
    )
    adapter = url_map.bind("example.org")
    assert adapter.match("/r", "put") == ("put", {})
    with pytest.raises(MethodNotAllowed) as info:
        adapter.match("/r", "DELETE")
    assert sorted(info.value.valid_methods or ()) == ["GET", "HEAD", "PUT"]
    with pytest.raises(NotFound):
        adapter.match("/missing", "DELETE")
    # The slash redirect needs a rule for the method; without one, nothing
    # matches "/dir".
    assert redirect_of(adapter, "/dir") == "http://example.org/dir/"
    with pytest.raises(NotFound):
        adapter.match("/dir", "POST")
    with pytest.raises(MethodNotAllowed):
        adapter.match("/dir/", "POST")
    assert sorted(adapter.allowed_methods("/r")) == ["GET", "HEAD", "PUT"]
    assert adapter.test("/r") is True
    assert adapter.test("/dir") is True
    assert adapter.test("/nope") is False


def test_websocket_mismatch() -> None:
    url_map = Map(
        [Rule("/ws", endpoint="ws", websocket=True), Rule("/http", endpoint="http")]
    )
    with pytest.raises(WebsocketMismatch):
        url_map.bind("example.org").match("/ws")
    with pytest.raises(WebsocketMismatch):
        url_map.bind("example.org", url_scheme="ws").match("/http")
    assert url_map.bind("example.org").match("/ws", websocket=True) == ("ws", {})


def test_dispatch() -> None:
    url_map = Map([Rule("/hi/<name>", endpoint="hi"), Rule("/d/", endpoint="d")])
    adapter = url_map.bind("example.org")
    seen = []

    def view(endpoint: str, values: t.Mapping[str, t.Any]) -> t.Any:
        seen.append((endpoint, dict(values)))
        return "response"

    assert adapter.dispatch(view, "/hi/you") == "response"
    assert seen == [("hi", {"name": "you"})]
    assert isinstance(adapter.dispatch(view, "/d"), RequestRedirect)
    assert isinstance(
        adapter.dispatch(view, "/x", catch_http_exceptions=True), NotFound
    )
    with pytest.raises(NotFound):
        adapter.dispatch(view, "/x")


def test_return_rule() -> None:
    rule = Rule("/x/<int:id>", endpoint="x")
    adapter = Map([rule]).bind("example.org")
    found, values = adapter.match("/x/1", return_rule=True)
    assert found is rule
    assert values == {"id": 1}


def test_build_values_and_unknown_arguments() -> None:
    url_map = Map([Rule("/p/<int:year>/<slug>", endpoint="post")])
    adapter = url_map.bind("example.org", "/blog")
    assert (
        adapter.build("post", {"year": 2024, "slug": "a b/c", "ref": "x y", "n": 3})
        == "/blog/p/2024/a%20b/c?ref=x+y&n=3"
    )
    assert (
        adapter.build("post", {"year": 1, "slug": "s", "skip": None}) == "/blog/p/1/s"
    )
    assert (
        adapter.build("post", {"year": 1, "slug": "s", "q": "ü&="})
        == "/blog/p/1/s?q=%C3%BC%26%3D"
    )
    assert (
        adapter.build("post", {"year": 1, "slug": "s", "q": 1}, append_unknown=False)
        == "/blog/p/1/s"
    )


def test_build_with_multidict() -> None:
    adapter = Map([Rule("/s/<q>", endpoint="s")]).bind("example.org")
    values = MultiDict([("q", "x"), ("tag", "a"), ("tag", "b")])
    assert adapter.build("s", values) == "/s/x?tag=a&tag=b"


def test_build_sorted_parameters() -> None:
    url_map = Map(
        [Rule("/", endpoint="i")], sort_parameters=True, sort_key=lambda i: i[0]
    )
    adapter = url_map.bind("example.org")
    assert adapter.build("i", {"b": 1, "a": 2, "c": 3}) == "/?a=2&b=1&c=3"


def test_build_external_and_schemes() -> None:
    url_map = Map(
        [
            Rule("/x", endpoint="x"),
            Rule("/ws", endpoint="ws", websocket=True),
            Rule("/sub", endpoint="sub", subdomain="api"),
        ]
    )
    adapter = url_map.bind("example.org", "/app", url_scheme="https")
    assert adapter.build("x") == "/app/x"
    assert adapter.build("x", force_external=True) == "https://example.org/app/x"
    assert (
        adapter.build("x", force_external=True, url_scheme="") == "//example.org/app/x"
    )
    assert adapter.build("ws") == "wss://example.org/app/ws"
    assert adapter.build("sub") == "https://api.example.org/app/sub"


def test_build_chooses_by_method_and_defaults() -> None:
    url_map = Map(
        [
            Rule("/get", endpoint="e", methods=["GET"]),
            Rule("/post", endpoint="e", methods=["POST"]),
            Rule("/page/", endpoint="p", defaults={"n": 1}),
            Rule("/page/<int:n>", endpoint="p"),
        ]
    )
    adapter = url_map.bind("example.org")
    assert adapter.build("e") == "/get"
    assert adapter.build("e", method="POST") == "/post"
    assert adapter.build("p", {"n": 1}) == "/page/"
    assert adapter.build("p", {"n": 2}) == "/page/2"


def test_build_error_messages() -> None:
    url_map = Map([Rule("/u/<int:id>", endpoint="user", methods=["GET"])])
    adapter = url_map.bind("example.org")
    with pytest.raises(BuildError) as info:
        adapter.build("user")
    assert "Did you forget to specify values ['id']?" in str(info.value)
    with pytest.raises(BuildError) as info:
        adapter.build("usr", {"id": 1})
    assert "Did you mean 'user' instead?" in str(info.value)
    with pytest.raises(BuildError) as info:
        adapter.build("user", {"id": 1}, method="POST")
    assert "Did you mean to use methods ['GET', 'HEAD']?" in str(info.value)


def test_build_any_converter_checks_value() -> None:
    adapter = Map([Rule("/<any(a, b):x>", endpoint="x")]).bind("example.org")
    assert adapter.build("x", {"x": "a"}) == "/a"
    with pytest.raises(ValueError, match="'c' is not one of 'a', 'b'"):
        adapter.build("x", {"x": "c"})


def test_build_int_fixed_digits_and_uuid() -> None:
    import uuid

    url_map = Map(
        [
            Rule("/n/<int(fixed_digits=4):n>", endpoint="n"),
            Rule("/u/<uuid:u>", endpoint="u"),
            Rule("/f/<float:f>", endpoint="f"),
        ]
    )
    adapter = url_map.bind("example.org")
    assert adapter.build("n", {"n": 42}) == "/n/0042"
    assert adapter.build("n", {"n": "7"}) == "/n/0007"
    assert adapter.build("n", {"n": -5}) == "/n/-005"
    value = uuid.UUID("a8098c1a-f86e-11da-bd1a-00112444be1e")
    assert adapter.build("u", {"u": value}) == f"/u/{value}"
    assert adapter.build("f", {"f": 1.5}) == "/f/1.5"


def test_iter_rules_and_endpoint_expecting() -> None:
    rules = [Rule("/a", endpoint="a"), Rule("/b/<x>", endpoint="b")]
    url_map = Map(rules)
    assert list(url_map.iter_rules()) == rules
    assert list(url_map.iter_rules("b")) == [rules[1]]
    assert url_map.is_endpoint_expecting("b", "x") is True
    assert url_map.is_endpoint_expecting("a", "x") is False
    assert "Map([<Rule '/a' -> a>" in repr(url_map)


def test_default_converters_are_immutable_and_extendable() -> None:
    from rostzeug.datastructures import ImmutableDict
    from rostzeug.routing import BaseConverter

    assert isinstance(Map.default_converters, ImmutableDict)
    with pytest.raises(TypeError):
        Map.default_converters["x"] = BaseConverter  # type: ignore[index]
    url_map = Map(converters={"x": BaseConverter})
    assert url_map.converters["x"] is BaseConverter
    assert "x" not in Map.default_converters


def test_subclassed_map_and_adapter() -> None:
    class MyAdapter(MapAdapter):
        def match(self, *args: t.Any, **kwargs: t.Any) -> t.Any:
            endpoint, values = super().match(*args, **kwargs)
            return endpoint.upper(), values

    class MyMap(Map):
        def bind(self, *args: t.Any, **kwargs: t.Any) -> MapAdapter:
            adapter = super().bind(*args, **kwargs)
            return MyAdapter(
                self,
                adapter.server_name,
                adapter.script_name,
                adapter.subdomain,
                adapter.url_scheme,
                adapter.path_info,
                adapter.default_method,
            )

    url_map = MyMap([Rule("/x/<int:n>", endpoint="x")])
    adapter = url_map.bind("example.org")
    assert isinstance(adapter, MyAdapter)
    assert adapter.match("/x/3") == ("X", {"n": 3})
    assert adapter.build("x", {"n": 4}) == "/x/4"


def test_lock_class_is_used_for_update() -> None:
    import threading

    entered = []

    class CountingLock:
        def __init__(self) -> None:
            self.lock = threading.Lock()

        def __enter__(self) -> None:
            entered.append(True)
            self.lock.acquire()

        def __exit__(self, *exc: object) -> None:
            self.lock.release()

    class MyMap(Map):
        lock_class = CountingLock  # type: ignore[assignment]

    url_map = MyMap([Rule("/", endpoint="i")])
    url_map.bind("example.org").match("/")
    url_map.bind("example.org").match("/")
    assert entered == [True]


ADAPTER_FIELDS = (
    "server_name",
    "script_name",
    "subdomain",
    "url_scheme",
    "path_info",
    "default_method",
    "query_args",
    "websocket",
)


@pytest.mark.parametrize("subdomain", [None, "", "api"])
@pytest.mark.parametrize(
    ("path", "base_url", "headers"),
    [
        ("/a/b", "http://example.org/", {}),
        ("/x", "https://Example.ORG:443/app", {}),
        ("/", "http://example.org:8080/", {"Connection": "Upgrade"}),
        (
            "/ws",
            "http://example.org/",
            {"Connection": "upgrade", "Upgrade": "WebSocket"},
        ),
    ],
)
def test_bind_to_environ_native_equals_the_python_path(
    subdomain: str | None, path: str, base_url: str, headers: dict[str, str]
) -> None:
    # Flask passes subdomain="" (or the subdomain); the native path takes it.
    url_map = Map([Rule("/", endpoint="index")])
    environ = create_environ(path, base_url, query_string="q=1", headers=headers)
    native = url_map.bind_to_environ(environ, subdomain=subdomain)
    python = url_map._bind_to_environ(environ, None, subdomain)
    for name in ADAPTER_FIELDS:
        assert getattr(native, name) == getattr(python, name), name


def test_bind_to_environ_with_a_subdomain_and_host_matching_raises() -> None:
    url_map = Map([Rule("/", endpoint="index", host="example.org")], host_matching=True)
    environ = create_environ("/", "http://example.org/")
    with pytest.raises(RuntimeError, match="host matching enabled"):
        url_map.bind_to_environ(environ, subdomain="")


def test_not_found_is_raised_as_werkzeug_raises_it() -> None:
    adapter = Map([Rule("/a", endpoint="a", methods=["GET"])]).bind("example.org")
    with pytest.raises(NotFound) as info:
        try:
            raise KeyError("handled")
        except KeyError:
            adapter.match("/missing")
    assert type(info.value) is NotFound
    # ``raise NotFound() from None``: no cause, the context suppressed.
    assert info.value.__cause__ is None
    assert info.value.__suppress_context__

    # The same 404 from a rule set with Python patterns.
    class Letters(BaseConverter):
        regex = "[a-z]+"

    url_map = Map([Rule("/<letters:x>", endpoint="x")], converters={"letters": Letters})
    with pytest.raises(NotFound):
        url_map.bind("example.org").match("/123")
    # A method mismatch is still a 405.
    with pytest.raises(MethodNotAllowed):
        adapter.match("/a", method="POST")


def test_match_and_build_signatures_show_the_documented_defaults() -> None:
    def defaults(method: t.Callable[..., object]) -> dict[str, object]:
        parameters = inspect.signature(method).parameters
        return {name: p.default for name, p in parameters.items() if name != "self"}

    assert defaults(MapAdapter.match) == {
        "path_info": None,
        "method": None,
        "return_rule": False,
        "query_args": None,
        "websocket": None,
    }
    assert defaults(MapAdapter.build) == {
        "endpoint": inspect.Parameter.empty,
        "values": None,
        "method": None,
        "force_external": False,
        "append_unknown": True,
        "url_scheme": None,
    }
    # Passing them gives what leaving them out gives.
    adapter = Map([Rule("/a/<int:id>", endpoint="a")]).bind("example.org")
    assert (
        adapter.match("/a/1", return_rule=False)
        == adapter.match("/a/1")
        == ("a", {"id": 1})
    )
    url = adapter.build("a", {"id": 1, "q": "x"})
    assert url == "/a/1?q=x"
    assert (
        adapter.build(
            "a", {"id": 1, "q": "x"}, force_external=False, append_unknown=True
        )
        == url
    )


class _OwnBind(Rule):
    """A rule class with its own bind(), which Map.add calls."""

    def bind(self, map: Map, rebind: bool = False) -> None:
        self.bound_by_own_bind = True
        super().bind(map, rebind)


def test_adding_plain_rules_subclasses_and_factories_in_order() -> None:
    plain = Rule("/a/<int:n>", endpoint="e", methods=["GET"])
    own = _OwnBind("/b/<int:n>", endpoint="e")
    only_built = Rule("/c/<n>", endpoint="c", build_only=True)
    url_map = Map(
        [
            plain,
            Subdomain("api", [Rule("/d", endpoint="e", methods=["put"])]),
            own,
            only_built,
        ],
        strict_slashes=False,
        default_subdomain="www",
    )
    # Added in order; the build-only rule is not in the state machine.
    added = url_map._matcher._rules()
    assert added[0] is plain and added[2] is own and len(added) == 3
    from_factory = added[1]
    assert list(url_map.iter_rules("e")) == [plain, own, from_factory]
    assert own.bound_by_own_bind
    assert [rule.subdomain for rule in (plain, from_factory, own, only_built)] == [
        "www",
        "api",
        "www",
        "www",
    ]
    assert {rule.strict_slashes for rule in url_map.iter_rules()} == {False}
    assert from_factory.methods == {"PUT"}
    adapter = url_map.bind("example.org", subdomain="www")
    assert adapter.match("/a/1") == ("e", {"n": 1})
    assert adapter.match("/b/2") == ("e", {"n": 2})
    with pytest.raises(MethodNotAllowed):
        adapter.match("/a/1", method="POST")
    # A build-only rule builds but never matches.
    with pytest.raises(NotFound):
        adapter.match("/c/x")
    assert adapter.build("c", {"n": "x"}) == "/c/x"
    assert adapter.build("e", {"n": 3}, method="POST") == "/b/3"
    api = url_map.bind("example.org", subdomain="api")
    assert api.match("/d", method="PUT") == ("e", {})
    # The compiled state is the one compile() gives.
    for rule in (plain, own, only_built):
        assert rule._converters.keys() == {"n"}
        assert rule.arguments == {"n"}
        assert rule._domain_rule == "www"


def test_adding_a_bound_rule_again_fails_and_leaves_the_map_as_it_was() -> None:
    rule = Rule("/x", endpoint="x")
    first = Map([rule])
    with pytest.raises(RuntimeError, match=r"url rule <Rule '/x' -> x> already bound"):
        Map([Rule("/y", endpoint="y"), rule])
    assert rule.map is first
    assert first.bind("example.org").match("/x") == ("x", {})
