"""URL rules and the factories that produce rules in groups."""

from __future__ import annotations

import re
import typing as t
from string import Template

from .. import _native
from ..datastructures import iter_multi_items
from ..urls import _urlencode
from .converters import BaseConverter
from .converters import NumberConverter
from .converters import UUIDConverter

if t.TYPE_CHECKING:
    from .map import Map

# The only methods a WebSocket rule may have.
_WEBSOCKET_METHODS = frozenset(("GET", "HEAD", "OPTIONS"))

# A placeholder in a ``redirect_to`` string: ``<name>``.
_simple_rule_re = re.compile(r"<([^>]+)>")

# One argument of a converter, followed by a comma: an optional ``name =``,
# then a keyword constant, a number, a bare word or a quoted string (with an
# optional, ignored string prefix). The dots in the number forms match any
# character, which is the grammar Werkzeug's rules have always been read with.
_converter_args_re = re.compile(
    r"\s*"
    r"(?:(?P<name>\w+)\s*=\s*)?"
    r"(?P<value>True|False|\d+.\d+|\d+.|\d+|[\w.]+"
    r"|[urUR]?(?P<stringval>\"[^\"]*?\"|'[^']*'))"
    r"\s*,"
)

_CONSTANTS: dict[str, t.Any] = {"None": None, "True": True, "False": False}


def _argument_value(text: str) -> t.Any:
    """A converter argument as the Python value it spells."""
    if text in _CONSTANTS:
        return _CONSTANTS[text]
    for number in (int, float):
        try:
            return number(text)
        except ValueError:
            pass
    if text[:1] in ("'", '"') and text[:1] == text[-1:]:
        text = text[1:-1]
    return str(text)


def parse_converter_args(argstr: str) -> tuple[tuple[t.Any, ...], dict[str, t.Any]]:
    """Read the arguments of a converter in a rule, the text between the
    parentheses of ``<name(arguments):variable>``, into positional and
    keyword arguments.

    :raises ValueError: when part of the text is not an argument.
    """
    text = argstr + ","
    args: list[t.Any] = []
    kwargs: dict[str, t.Any] = {}
    end = 0
    for item in _converter_args_re.finditer(text):
        if item.start() != end:
            raise ValueError(
                f"Cannot parse converter argument '{text[end : item.start()]}'"
            )
        raw = item.group("stringval")
        if raw is None:
            raw = item.group("value")
        value = _argument_value(raw)
        name = item.group("name")
        if name:
            kwargs[name] = value
        else:
            args.append(value)
        end = item.end()
    return tuple(args), kwargs


# Parsed converter arguments by their text: maps repeat the same few.
_parsed_args: dict[str, tuple[tuple[t.Any, ...], dict[str, t.Any]]] = {}


def _cached_converter_args(argstr: str) -> tuple[tuple[t.Any, ...], dict[str, t.Any]]:
    parsed = _parsed_args.get(argstr)
    if parsed is None:
        parsed = parse_converter_args(argstr)
        if len(_parsed_args) < 1024:
            _parsed_args[argstr] = parsed
    return parsed[0], dict(parsed[1])


# Method sets by the methods a rule was given: rules repeat the same few.
_method_sets: dict[tuple[t.Any, ...], frozenset[str]] = {}


def _method_set(given: tuple[t.Any, ...]) -> frozenset[str]:
    """The methods of a rule given ``given``: upper case, with ``HEAD``
    where ``GET`` is; kept in ``_method_sets`` for the next rule (the
    constructor looks there first)."""
    upper = {method.upper() for method in given}
    if "GET" in upper:
        upper.add("HEAD")
    methods = frozenset(upper)
    if len(_method_sets) < 256 and all(type(method) is str for method in given):
        _method_sets[given] = methods
    return methods


class RuleFactory:
    """Produces rules for a map; subclasses implement :meth:`get_rules`.
    Factories nest, so groups of rules can share a prefix, a subdomain or
    an endpoint prefix.
    """

    def get_rules(self, map: Map) -> t.Iterable[Rule]:
        """The rules this factory adds to ``map``."""
        raise NotImplementedError()


class Subdomain(RuleFactory):
    """Puts every rule of ``rules`` on the subdomain ``subdomain`` (a rule
    string, so it may hold placeholders)::

        url_map = Map([
            Rule("/", endpoint="#select_language"),
            Subdomain("<string(length=2):lang_code>", [
                Rule("/", endpoint="index"),
                Rule("/about", endpoint="about"),
            ]),
        ])
    """

    def __init__(self, subdomain: str, rules: t.Iterable[RuleFactory]) -> None:
        self.subdomain = subdomain
        self.rules = rules

    def get_rules(self, map: Map) -> t.Iterator[Rule]:
        for factory in self.rules:
            for rule in factory.get_rules(map):
                rule = rule.empty()
                rule.subdomain = self.subdomain
                yield rule


class Submount(RuleFactory):
    """Prefixes the path of every rule of ``rules`` with ``path``, to mount
    a group of rules under one URL::

        url_map = Map([
            Rule("/", endpoint="index"),
            Submount("/blog", [
                Rule("/", endpoint="blog/index"),
                Rule("/entry/<entry_slug>", endpoint="blog/show"),
            ]),
        ])
    """

    def __init__(self, path: str, rules: t.Iterable[RuleFactory]) -> None:
        self.path = path.rstrip("/")
        self.rules = rules

    def get_rules(self, map: Map) -> t.Iterator[Rule]:
        for factory in self.rules:
            for rule in factory.get_rules(map):
                rule = rule.empty()
                rule.rule = self.path + rule.rule
                yield rule


class EndpointPrefix(RuleFactory):
    """Prefixes the endpoint (a string) of every rule of ``rules`` with
    ``prefix``, for example to mount a sub-application::

        url_map = Map([
            EndpointPrefix("blog/", [Submount("/blog", [
                Rule("/", endpoint="index"),
            ])]),
        ])
    """

    def __init__(self, prefix: str, rules: t.Iterable[RuleFactory]) -> None:
        self.prefix = prefix
        self.rules = rules

    def get_rules(self, map: Map) -> t.Iterator[Rule]:
        for factory in self.rules:
            for rule in factory.get_rules(map):
                rule = rule.empty()
                rule.endpoint = self.prefix + rule.endpoint
                yield rule


class RuleTemplate:
    """A group of rules with ``$name`` placeholders (:class:`string.Template`
    syntax) in their rule strings, endpoints, subdomains and string defaults.
    Calling the template with the placeholders' values gives a factory::

        resource = RuleTemplate([
            Rule("/$name/", endpoint="$name.list"),
            Rule("/$name/<int:id>", endpoint="$name.show"),
        ])
        url_map = Map([resource(name="user"), resource(name="page")])
    """

    def __init__(self, rules: t.Iterable[Rule]) -> None:
        self.rules = list(rules)

    def __call__(self, *args: t.Any, **kwargs: t.Any) -> RuleTemplateFactory:
        return RuleTemplateFactory(self.rules, dict(*args, **kwargs))


class RuleTemplateFactory(RuleFactory):
    """The factory a :class:`RuleTemplate` call returns: fills ``context``
    into copies of the template's rules.

    :internal:
    """

    def __init__(
        self, rules: t.Iterable[RuleFactory], context: dict[str, t.Any]
    ) -> None:
        self.rules = rules
        self.context = context

    def get_rules(self, map: Map) -> t.Iterator[Rule]:
        def fill(text: str) -> str:
            return Template(text).substitute(self.context)

        for factory in self.rules:
            for rule in factory.get_rules(map):
                defaults = None
                if rule.defaults:
                    defaults = {
                        key: fill(value) if isinstance(value, str) else value
                        for key, value in rule.defaults.items()
                    }
                subdomain = None if rule.subdomain is None else fill(rule.subdomain)
                endpoint = rule.endpoint
                if isinstance(endpoint, str):
                    endpoint = fill(endpoint)
                yield Rule(
                    fill(rule.rule),
                    defaults,
                    subdomain,
                    rule.methods,
                    rule.build_only,
                    endpoint,
                    rule.strict_slashes,
                )


# How the engine turns a value into URL text when the converter keeps a
# built-in behaviour; see _url_conversion().
_TO_URL_QUOTE = 0
_TO_URL_INT = 1
_TO_URL_STR = 2
_TO_URL_CALL = 3


def _url_conversion(converter: BaseConverter) -> tuple[int, int]:
    """How the engine turns a value into URL text for ``converter``."""
    if "to_url" in vars(converter):
        return _TO_URL_CALL, 0
    to_url = getattr(type(converter), "to_url", None)
    if to_url is BaseConverter.to_url:
        return _TO_URL_QUOTE, 0
    if to_url is UUIDConverter.to_url:
        return _TO_URL_STR, 0
    convert = getattr(converter, "num_convert", None)
    if to_url is NumberConverter.to_url and convert is int:
        digits = getattr(converter, "fixed_digits", None)
        if type(digits) is int and 0 <= digits <= 64:
            return _TO_URL_INT, digits
    return _TO_URL_CALL, 0


def _trace_items(rule: str) -> t.Iterator[tuple[bool, str]]:
    """The trace entries of one rule string: ``(False, text)`` for each
    slash and static text, ``(True, name)`` for each variable."""
    for token in _native.tokenize_rule(rule):
        if isinstance(token, tuple):
            yield True, token[2]
        else:
            yield False, token


class _CompiledTrace:
    """``Rule._trace`` of a rule that has none on the instance: empty while
    the rule is unbound, else made from the rule strings it was compiled
    with and kept on the instance."""

    def __get__(self, rule: Rule | None, owner: type[Rule] | None = None) -> t.Any:
        if rule is None:
            return self
        # Rule.map is typed as bound, as Werkzeug's; it is None until then.
        if rule.map is None:
            return []  # type: ignore[unreachable]
        trace = list(_trace_items(rule._domain_rule)) if rule._domain_rule else []
        trace.append((False, "|"))
        trace.extend(_trace_items(rule._path_rule))
        vars(rule)["_trace"] = trace
        return trace


class Rule(RuleFactory):
    """One URL pattern and what it leads to. Every argument but the rule
    string must be given by keyword.

    ``string``
        The path, starting with ``/``, with placeholders of the form
        ``<converter(arguments):name>``; the converter and its arguments are
        optional (the map's ``default`` converter). A rule ending with ``/``
        is a branch: with ``strict_slashes``, requesting it without the slash
        redirects to it.

    ``endpoint``
        What the rule leads to, of any type (usually a string); URLs are
        built by endpoint.

    ``defaults``
        Values the rule supplies for variables that are not in its path. A
        rule with defaults is preferred when building with those values, and
        with the map's ``redirect_defaults``, matching another rule of the
        same endpoint with those values redirects to this one::

            Rule("/all/", defaults={"page": 1}, endpoint="all_entries")
            Rule("/all/page/<int:page>", endpoint="all_entries")

    ``subdomain``
        The subdomain rule string (placeholders allowed); the map's
        ``default_subdomain`` when not given.

    ``methods``
        The HTTP methods the rule accepts (any when not given). ``HEAD`` is
        added when ``GET`` is there. A path that matches only with other
        methods raises :exc:`~rostzeug.exceptions.MethodNotAllowed`.

    ``strict_slashes``, ``merge_slashes``
        Override the map's settings for this rule.

    ``build_only``
        The rule is used to build URLs only, never to match.

    ``redirect_to``
        Matching the rule redirects: a string in rule syntax whose
        placeholders are filled with the matched values, or a callable called
        with the adapter and the values that returns the target. A target
        without leading slash is relative to the script root.

    ``alias``
        The rule is an alias of another rule of the same endpoint and
        arguments: matching it redirects to that rule's URL.

    ``host``
        The host rule string, used instead of the subdomain when the map has
        ``host_matching``.

    ``websocket``
        The rule matches WebSocket requests (``ws://``, ``wss://``) only;
        otherwise HTTP requests only.
    """

    def __init__(
        self,
        string: str,
        defaults: t.Mapping[str, t.Any] | None = None,
        subdomain: str | None = None,
        methods: t.Iterable[str] | None = None,
        build_only: bool = False,
        endpoint: t.Any | None = None,
        strict_slashes: bool | None = None,
        merge_slashes: bool | None = None,
        redirect_to: str | t.Callable[..., str] | None = None,
        alias: bool = False,
        host: str | None = None,
        websocket: bool = False,
    ) -> None:
        # Slicing a one-character end is cheaper than startswith().
        if string[:1] != "/":
            raise ValueError(f"URL rule '{string}' must start with a slash.")

        self.rule = string
        is_branch = string[-1:] == "/"
        self.is_leaf = not is_branch
        self.is_branch = is_branch

        self.map: Map = None  # type: ignore[assignment]
        self.strict_slashes = strict_slashes
        self.merge_slashes = merge_slashes
        self.subdomain = subdomain
        self.host = host
        self.defaults = defaults
        self.build_only = build_only
        self.alias = alias
        self.websocket = websocket

        if methods is not None:
            if isinstance(methods, str):
                raise TypeError("'methods' should be a list of strings.")
            given = tuple(methods)
            try:
                known = _method_sets.get(given)
            except TypeError:
                # An unhashable item; _method_set() says what is wrong.
                known = None
            methods = set(known if known is not None else _method_set(given))
            if websocket and not methods <= _WEBSOCKET_METHODS:
                raise ValueError(
                    "WebSocket rules can only use 'GET', 'HEAD', and 'OPTIONS' methods."
                )

        self.methods = methods
        self.endpoint: t.Any = endpoint
        self.redirect_to = redirect_to

        self.arguments = set(map(str, defaults)) if defaults else set()
        # Set here, though compile() sets them again: an instance whose
        # attributes are all set in its constructor keeps the attribute
        # layout its class shares, which the native engine reads fastest.
        self._converters: dict[str, BaseConverter] = {}
        self._domain_rule = ""
        self._path_rule = ""
        self._builder: _native.RuleBuilder | None = None

    if t.TYPE_CHECKING:
        _trace: list[tuple[bool, str]]
    else:
        # A rule bound by the map's native loop gets its trace when first
        # read; compile() sets it on the instance.
        _trace = _CompiledTrace()

    def empty(self) -> Rule:
        """An unbound copy of this rule, for example to add it to another
        map. Subclasses with their own constructor arguments provide them
        through :meth:`get_empty_kwargs`.
        """
        return type(self)(self.rule, **self.get_empty_kwargs())

    def get_empty_kwargs(self) -> t.Mapping[str, t.Any]:
        """The keyword arguments :meth:`empty` passes to the constructor,
        after the rule string. Override it in a subclass whose constructor
        takes more arguments.
        """
        return dict(
            defaults=dict(self.defaults) if self.defaults else None,
            subdomain=self.subdomain,
            methods=self.methods,
            build_only=self.build_only,
            endpoint=self.endpoint,
            strict_slashes=self.strict_slashes,
            redirect_to=self.redirect_to,
            alias=self.alias,
            host=self.host,
        )

    def get_rules(self, map: Map) -> t.Iterator[Rule]:
        yield self

    def refresh(self) -> None:
        """Bind and compile the rule again, after it was changed in place.

        :internal:
        """
        self.bind(self.map, rebind=True)

    def bind(self, map: Map, rebind: bool = False) -> None:
        """Attach the rule to ``map``, take the map's settings where the rule
        has none, and compile it.

        :raises RuntimeError: when the rule is bound already and ``rebind``
            is false.

        :internal:
        """
        if self.map is not None and not rebind:
            raise RuntimeError(f"url rule {self!r} already bound to map {self.map!r}")
        self.map = map
        if self.strict_slashes is None:
            self.strict_slashes = map.strict_slashes
        if self.merge_slashes is None:
            self.merge_slashes = map.merge_slashes
        if self.subdomain is None:
            self.subdomain = map.default_subdomain
        self.compile()

    def get_converter(
        self,
        variable_name: str,
        converter_name: str,
        args: tuple[t.Any, ...],
        kwargs: t.Mapping[str, t.Any],
    ) -> BaseConverter:
        """The converter instance for one placeholder of the rule, looked up
        by ``converter_name`` in the map's converters.

        :raises LookupError: when the map has no such converter.
        """
        if converter_name not in self.map.converters:
            raise LookupError(f"the converter {converter_name!r} does not exist")
        return self.map.converters[converter_name](self.map, *args, **kwargs)

    def _encode_query_vars(self, query_vars: t.Mapping[str, t.Any]) -> str:
        """The query string for the values a URL's path has no place for,
        sorted when the map says so."""
        items: t.Iterable[tuple[str, str]] = iter_multi_items(query_vars)
        if self.map.sort_parameters:
            items = sorted(items, key=self.map.sort_key)
        return _urlencode(items)

    def compile(self) -> None:
        """Read the rule strings, create the converters and prepare the
        rule for matching and building."""
        assert self.map is not None, "rule not bound"
        if self.map.host_matching:
            domain_rule = self.host or ""
        else:
            domain_rule = self.subdomain or ""
        path_rule = self.rule
        if self.merge_slashes and "//" in path_rule:
            path_rule = _native.merge_slashes(path_rule)
        # The trace and the converters, each made by get_converter().
        self._trace, self._converters = _native.compile_rule(
            self, self.map, domain_rule, path_rule
        )
        self._domain_rule = domain_rule
        self._path_rule = path_rule
        self._builder = None

    def _get_builder(self) -> _native.RuleBuilder:
        """The native URL builder of the rule, made on first use: building
        needs the converters' URL forms of the defaults, which may fail for
        rules that are only matched."""
        builder = self._builder
        if builder is None:
            defaults = self.defaults or {}
            converters = self._converters
            fixed = {
                name: converters[name].to_url(defaults[name])
                for name in converters
                if name in defaults
            }
            builder = _native.RuleBuilder(
                self,
                self._domain_rule,
                self._path_rule,
                [
                    (name, converter, *_url_conversion(converter))
                    for name, converter in converters.items()
                ],
                fixed,
                frozenset(map(str, defaults)),
            )
            self._builder = builder
        return builder

    def build(
        self, values: t.Mapping[str, t.Any], append_unknown: bool = True
    ) -> tuple[str, str] | None:
        """The domain part and the path (with the query string of unknown
        values when ``append_unknown``) of this rule's URL for ``values``;
        ``None`` when a converter rejects a value.

        :internal:
        """
        return self._get_builder().build(values, append_unknown)

    def provides_defaults_for(self, rule: Rule) -> bool:
        """Whether this rule is the one to redirect to from ``rule``: it
        matches, has defaults, the same endpoint and the same arguments.

        :internal:
        """
        return bool(
            not self.build_only
            and self.defaults
            and self.endpoint == rule.endpoint
            and self != rule
            and self.arguments == rule.arguments
        )

    def suitable_for(
        self, values: t.Mapping[str, t.Any], method: str | None = None
    ) -> bool:
        """Whether a URL can be built from ``values`` (and for ``method``):
        every argument is given or has a default, and no given value
        contradicts a default.

        :internal:
        """
        if method is not None and self.methods is not None:
            if method not in self.methods:
                return False
        defaults = self.defaults or ()
        for name in self.arguments:
            if name not in defaults and name not in values:
                return False
        if defaults:
            for name, value in defaults.items():
                if name in values and value != values[name]:
                    return False
        return True

    def build_compare_key(self) -> tuple[int, int, int]:
        """The order in which the rules of an endpoint are tried for
        building: canonical rules before aliases, then more arguments and
        more defaults first.

        :internal:
        """
        return (1 if self.alias else 0, -len(self.arguments), -len(self.defaults or ()))

    def __getstate__(self) -> dict[str, t.Any]:
        # The native builder is made again on first use.
        state = dict(vars(self))
        state["_builder"] = None
        return state

    def __eq__(self, other: object) -> bool:
        return isinstance(other, type(self)) and self._trace == other._trace

    __hash__ = None  # type: ignore[assignment]

    def __str__(self) -> str:
        return self.rule

    def __repr__(self) -> str:
        if self.map is None:
            return f"<{type(self).__name__} (unbound)>"  # type: ignore[unreachable]
        text = "".join(
            f"<{data}>" if is_dynamic else data for is_dynamic, data in self._trace
        ).lstrip("|")
        methods = f" ({', '.join(self.methods)})" if self.methods is not None else ""
        return f"<{type(self).__name__} {text!r}{methods} -> {self.endpoint}>"
