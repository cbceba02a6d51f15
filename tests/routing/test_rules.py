"""Rules and rule factories: construction, copies, comparison, converter
arguments, building a single rule."""

from __future__ import annotations

import typing as t

import pytest

from rostzeug.routing import EndpointPrefix
from rostzeug.routing import Map
from rostzeug.routing import Rule
from rostzeug.routing import RuleFactory
from rostzeug.routing import RuleTemplate
from rostzeug.routing import Subdomain
from rostzeug.routing import Submount
from rostzeug.routing import parse_converter_args


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", ((), {})),
        ("1, 2.5, True, False, None", ((1, 2.5, True, False, None), {})),
        ("'a,b', \"c\"", (("a,b", "c"), {})),
        ("minlength=2, maxlength=None", ((), {"minlength": 2, "maxlength": None})),
        ("about, help", (("about", "help"), {})),
        ("u'x', r\"y\"", (("x", "y"), {})),
    ],
)
def test_parse_converter_args(text: str, expected: t.Any) -> None:
    assert parse_converter_args(text) == expected


def test_parse_converter_args_rejects_garbage() -> None:
    with pytest.raises(ValueError, match="Cannot parse converter argument"):
        parse_converter_args("a=(1)")


def test_rule_must_start_with_a_slash() -> None:
    with pytest.raises(ValueError, match="must start with a slash"):
        Rule("foo")


@pytest.mark.parametrize("rule", ["/<int:>", "/<>", "/<1a>", "/<a:b:c>"])
def test_malformed_rule(rule: str) -> None:
    with pytest.raises(ValueError, match="malformed url rule"):
        Map([Rule(rule, endpoint="x")])


def test_unknown_converter() -> None:
    with pytest.raises(LookupError, match="the converter 'nope' does not exist"):
        Map([Rule("/<nope:x>", endpoint="x")])


def test_methods() -> None:
    assert Rule("/", methods=["get"]).methods == {"GET", "HEAD"}
    assert Rule("/", methods=["post"]).methods == {"POST"}
    with pytest.raises(TypeError):
        Rule("/", methods="GET")
    with pytest.raises(ValueError, match="WebSocket rules"):
        Rule("/", methods=["POST"], websocket=True)


def test_bind_takes_the_map_settings_and_only_once() -> None:
    rule = Rule("/x/")
    Map([rule], strict_slashes=False, merge_slashes=False, default_subdomain="w")
    assert (rule.strict_slashes, rule.merge_slashes, rule.subdomain) == (
        False,
        False,
        "w",
    )
    with pytest.raises(RuntimeError, match="already bound"):
        Map([rule])


def test_str_repr_eq() -> None:
    rule = Rule("/a/<int:id>", endpoint="e", methods=["GET"])
    assert repr(rule) == "<Rule (unbound)>"
    Map([rule])
    assert str(rule) == "/a/<int:id>"
    assert repr(rule).startswith("<Rule '/a/<id>' (")
    assert repr(rule).endswith(") -> e>")
    other = Rule("/a/<string:id>", endpoint="other")
    Map([other])
    # Rules compare by their static text and variable names.
    assert rule == other
    different = Rule("/b/<id>")
    Map([different])
    assert rule != different
    with pytest.raises(TypeError):
        hash(rule)


class _CompiledInPython(Rule):
    """A rule class with its own compile(), which Map.add calls."""

    def compile(self) -> None:
        super().compile()


@pytest.mark.parametrize(
    ("string", "settings", "extra"),
    [
        ("/a/<int:id>/b", {}, {}),
        ("//a//<path:p>/", {}, {}),
        ("/p", {}, {"subdomain": "<user>.<int:n>x"}),
        ("/p/<q>", {"host_matching": True}, {"host": "<h>.example.com"}),
        ("/p", {"default_subdomain": "www"}, {}),
    ],
)
def test_trace_of_a_map_bound_rule_is_what_compile_makes(
    string: str, settings: dict[str, t.Any], extra: dict[str, t.Any]
) -> None:
    rule = Rule(string, endpoint="e", **extra)
    # The map binds a plain Rule natively and leaves its trace to be read.
    Map([rule], **settings)
    assert "_trace" not in vars(rule)
    in_python = _CompiledInPython(string, endpoint="e", **extra)
    Map([in_python], **settings)
    assert "_trace" in vars(in_python)
    assert rule._trace == in_python._trace
    assert vars(rule)["_trace"] == in_python._trace
    assert repr(rule) == repr(in_python).replace("_CompiledInPython", "Rule")


def test_trace_of_an_unbound_rule_is_empty() -> None:
    rule = Rule("/a/<b>")
    assert rule._trace == []
    assert rule == Rule("/a/<b>")
    assert "_trace" not in vars(rule)


def test_empty_copies_a_bound_rule() -> None:
    rule = Rule("/x/<int:n>", endpoint="x", defaults={"a": 1}, methods=["GET"])
    Map([rule])
    copy = rule.empty()
    assert copy is not rule and copy.map is None
    assert (copy.rule, copy.endpoint, copy.defaults, copy.methods) == (
        rule.rule,
        rule.endpoint,
        rule.defaults,
        rule.methods,
    )
    assert copy.defaults is not rule.defaults


def test_subclass_with_custom_arguments_survives_factories() -> None:
    class TaggedRule(Rule):
        def __init__(self, string: str, tag: str = "", **kwargs: t.Any) -> None:
            super().__init__(string, **kwargs)
            self.tag = tag

        def get_empty_kwargs(self) -> t.Mapping[str, t.Any]:
            return {**super().get_empty_kwargs(), "tag": self.tag}

    url_map = Map([Submount("/api", [TaggedRule("/x", tag="t", endpoint="x")])])
    (rule,) = url_map.iter_rules()
    assert isinstance(rule, TaggedRule)
    assert (rule.rule, rule.tag) == ("/api/x", "t")


def test_factories() -> None:
    url_map = Map(
        [
            EndpointPrefix(
                "blog/",
                [
                    Submount(
                        "/blog/",
                        [Rule("/", endpoint="index"), Rule("/<slug>", endpoint="show")],
                    )
                ],
            ),
            Subdomain("<lang>", [Rule("/", endpoint="home")]),
        ]
    )
    rules = {rule.endpoint: rule for rule in url_map.iter_rules()}
    assert rules["blog/index"].rule == "/blog/"
    assert rules["blog/show"].rule == "/blog/<slug>"
    assert rules["home"].subdomain == "<lang>"


def test_rule_template() -> None:
    resource = RuleTemplate(
        [
            Rule("/$name/", endpoint="$name.list", defaults={"kind": "$name"}),
            Rule("/$name/<int:id>", endpoint="$name.show"),
        ]
    )
    url_map = Map([resource(name="user"), resource({"name": "page"})])
    rules = {rule.endpoint: rule for rule in url_map.iter_rules()}
    assert set(rules) == {"user.list", "user.show", "page.list", "page.show"}
    assert rules["page.list"].defaults == {"kind": "page"}
    adapter = url_map.bind("example.org")
    assert adapter.match("/page/3") == ("page.show", {"id": 3})


def test_rule_factory_needs_get_rules() -> None:
    with pytest.raises(NotImplementedError):
        RuleFactory().get_rules(Map())


def test_rule_build_directly() -> None:
    rule = Rule("/p/<int:n>/<s>", endpoint="p", defaults={"d": 1})
    Map([rule])
    assert rule.build({"n": 3, "s": "x y", "q": "1"}) == ("", "/p/3/x%20y?q=1")
    assert rule.build({"n": 3, "s": "x", "q": "1"}, append_unknown=False) == (
        "",
        "/p/3/x",
    )
    # Names of defaults never go into the query string.
    assert rule.build({"n": 3, "s": "x", "d": 1}) == ("", "/p/3/x")


def test_rule_build_returns_none_on_validation_error() -> None:
    from rostzeug.routing import BaseConverter
    from rostzeug.routing import ValidationError

    class Picky(BaseConverter):
        def to_url(self, value: t.Any) -> str:
            raise ValidationError()

    rule = Rule("/<picky:x>", endpoint="x")
    Map([rule], converters={"picky": Picky})
    assert rule.build({"x": 1}) is None


def test_default_in_the_path_is_built_from_the_default() -> None:
    rule = Rule("/<int(fixed_digits=3):page>", endpoint="p", defaults={"page": 7})
    adapter = Map([rule]).bind("example.org")
    assert adapter.build("p") == "/007"
    assert adapter.match("/007") == ("p", {"page": 7})


def test_suitable_for_and_provides_defaults_for() -> None:
    canonical = Rule("/all/", endpoint="all", defaults={"page": 1})
    paged = Rule("/all/<int:page>", endpoint="all")
    Map([canonical, paged])
    assert canonical.suitable_for({"page": 1})
    assert not canonical.suitable_for({"page": 2})
    assert paged.suitable_for({"page": 2}, "GET")
    assert not paged.suitable_for({})
    assert canonical.provides_defaults_for(paged)
    assert not paged.provides_defaults_for(canonical)
    assert canonical.build_compare_key() == (0, -1, -1)
    assert Rule("/x", alias=True).build_compare_key() == (1, 0, 0)


def test_refresh_recompiles() -> None:
    rule = Rule("/a/<x>", endpoint="a")
    Map([rule])
    rule.rule = "/b/<y>"
    rule.refresh()
    # As Werkzeug, the arguments of the old rule string stay.
    assert rule.arguments == {"x", "y"}
    assert rule.build({"y": "1"}) == ("", "/b/1")


def test_get_converter_override_is_called_for_each_variable() -> None:
    from rostzeug.routing import UnicodeConverter

    calls = []

    class LoggingRule(Rule):
        def get_converter(
            self,
            variable_name: str,
            converter_name: str,
            args: tuple[t.Any, ...],
            kwargs: t.Mapping[str, t.Any],
        ) -> t.Any:
            calls.append((variable_name, converter_name, args, dict(kwargs)))
            return UnicodeConverter(self.map, **kwargs)

    url_map = Map(
        [LoggingRule("/<a>/<string(minlength=2):b>", subdomain="<c>", endpoint="x")]
    )
    assert calls == [
        ("c", "default", (), {}),
        ("a", "default", (), {}),
        ("b", "string", (), {"minlength": 2}),
    ]
    adapter = url_map.bind("example.org", subdomain="s")
    assert adapter.match("/1/22") == ("x", {"a": "1", "b": "22", "c": "s"})
