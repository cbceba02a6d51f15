"""The map of all rules, and the adapter that matches and builds URLs for
one request or host."""

from __future__ import annotations

import typing as t
import warnings
from pprint import pformat
from threading import Lock
from urllib.parse import quote
from urllib.parse import urljoin
from urllib.parse import urlunsplit

from .._internal import _get_environ
from .._internal import _wsgi_decoding_dance
from .._native import MapAdapterBase
from .._native import MapBase
from .._native import adapter_build as _adapter_build
from .._native import adapter_match as _adapter_match
from .._native import map_bind_to_environ as _map_bind_to_environ
from ..datastructures import ImmutableDict
from ..datastructures import MultiDict
from ..exceptions import BadHost
from ..exceptions import HTTPException
from ..exceptions import MethodNotAllowed
from ..exceptions import NotFound
from ..urls import _urlencode
from ..wsgi import get_host
from .converters import _SEGMENT_SAFE
from .converters import DEFAULT_CONVERTERS
from .exceptions import BuildError
from .exceptions import NoMatch
from .exceptions import RequestAliasRedirect
from .exceptions import RequestPath
from .exceptions import RequestRedirect
from .exceptions import WebsocketMismatch
from .matcher import StateMachineMatcher
from .rules import Rule
from .rules import _simple_rule_re

if t.TYPE_CHECKING:
    from _typeshed.wsgi import WSGIApplication
    from _typeshed.wsgi import WSGIEnvironment

    from ..wrappers.request import Request
    from .converters import BaseConverter
    from .rules import RuleFactory


# The methods of a plain rule, for adding it without calling them.
_rule_get_rules = Rule.get_rules
_rule_bind = Rule.bind
_rule_compile = Rule.compile
# The native add of the matcher, which can bind and compile a plain rule in
# the same call.
_matcher_add = StateMachineMatcher.add

#: The attributes of a map that live in native fields of ``MapBase``.
_MAP_FIELDS = (
    "_matcher",
    "_rules_by_endpoint",
    "_remap",
    "host_matching",
    "redirect_defaults",
    "sort_parameters",
)

#: The attributes of an adapter that live in native fields of
#: ``MapAdapterBase``.
_ADAPTER_FIELDS = (
    "map",
    "server_name",
    "script_name",
    "subdomain",
    "url_scheme",
    "path_info",
    "default_method",
    "query_args",
    "websocket",
)


def _native_state(obj: object, fields: tuple[str, ...]) -> dict[str, t.Any]:
    """The state of ``obj`` for :mod:`copy` and :mod:`pickle`: its native
    fields, which ``vars()`` does not hold, then its instance dictionary."""
    state = {name: getattr(obj, name) for name in fields}
    state.update(vars(obj))
    return state


def _set_state(obj: object, state: dict[str, t.Any]) -> None:
    """Restores a state made by :func:`_native_state`, native fields through
    their descriptors."""
    for name, value in state.items():
        setattr(obj, name, value)


class Map(MapBase):
    """All the URL rules of an application and the settings they share.
    Rules may override some of the settings. Every argument but ``rules``
    must be given by keyword.

    :param rules: rules and rule factories to add.
    :param default_subdomain: the subdomain of rules that name none.
    :param strict_slashes: redirect a URL without the trailing slash of a
        branch rule to the URL with it.
    :param merge_slashes: treat runs of slashes as one when matching
        (redirecting to the merged URL) and building; slashes inside
        placeholders are kept.
    :param redirect_defaults: redirect to the rule of an endpoint whose
        defaults equal the matched values.
    :param converters: converters to add to :attr:`default_converters`, or
        to replace some of them, by name.
    :param sort_parameters: sort the query parameters of built URLs.
    :param sort_key: the key to sort them by.
    :param host_matching: match rules against the whole host with their
        ``host`` instead of against the subdomain.
    """

    #: The converters every map starts with.
    default_converters = ImmutableDict(DEFAULT_CONVERTERS)

    #: The lock class that guards :meth:`update`.
    lock_class = Lock

    def __init__(
        self,
        rules: t.Iterable[RuleFactory] | None = None,
        default_subdomain: str = "",
        strict_slashes: bool = True,
        merge_slashes: bool = True,
        redirect_defaults: bool = True,
        converters: t.Mapping[str, type[BaseConverter]] | None = None,
        sort_parameters: bool = False,
        sort_key: t.Callable[[t.Any], t.Any] | None = None,
        host_matching: bool = False,
    ) -> None:
        self._matcher = StateMachineMatcher(merge_slashes)
        self._rules_by_endpoint: dict[t.Any, list[Rule]] = {}
        self._remap = True
        self._remap_lock = self.lock_class()

        self.default_subdomain = default_subdomain
        self.strict_slashes = strict_slashes
        self.redirect_defaults = redirect_defaults
        self.host_matching = host_matching

        self.converters = self.default_converters.copy()
        if converters:
            self.converters.update(converters)

        self.sort_parameters = sort_parameters
        self.sort_key = sort_key

        if rules:
            if type(self).add is Map.add:
                self._add_factories(rules)
            else:
                for factory in rules:
                    self.add(factory)

    @property
    def merge_slashes(self) -> bool:
        """Whether runs of slashes are merged, see the constructor."""
        return self._matcher.merge_slashes

    @merge_slashes.setter
    def merge_slashes(self, value: bool) -> None:
        self._matcher.merge_slashes = value

    def is_endpoint_expecting(self, endpoint: t.Any, *arguments: str) -> bool:
        """Whether a rule of ``endpoint`` takes all of ``arguments``, for
        example to add a language code when building only where the rules
        expect one.

        :param endpoint: the endpoint to look at.
        :param arguments: names of arguments.
        """
        self.update()
        wanted = set(arguments)
        return any(
            wanted.issubset(rule.arguments)
            for rule in self._rules_by_endpoint[endpoint]
        )

    @property
    def _rules(self) -> list[Rule]:
        return [rule for rules in self._rules_by_endpoint.values() for rule in rules]

    def iter_rules(self, endpoint: t.Any | None = None) -> t.Iterator[Rule]:
        """An iterator over all rules, or over the rules of ``endpoint``.

        :param endpoint: the endpoint whose rules to return.
        """
        self.update()
        if endpoint is not None:
            return iter(self._rules_by_endpoint[endpoint])
        return iter(self._rules)

    def add(self, rulefactory: RuleFactory) -> None:
        """Bind the rules of a rule or factory to this map and add them. A
        rule can be bound to one map only.

        :param rulefactory: a :class:`Rule` or :class:`RuleFactory`.
        """
        self._add_factories((rulefactory,))

    def _add_factories(self, factories: t.Iterable[RuleFactory]) -> None:
        """:meth:`add` for each of ``factories``, in one loop."""
        matcher = self._matcher
        if (
            type(matcher).add is _matcher_add
            and Rule.get_rules is _rule_get_rules
            and Rule.bind is _rule_bind
            and Rule.compile is _rule_compile
        ):
            # Instances of Rule itself are bound, compiled and added in one
            # native loop; it hands every other factory to _add_factory.
            matcher._add_factories(
                self, factories, self._rules_by_endpoint, self._add_factory
            )
        else:
            for factory in factories:
                self._add_factory(factory)
        self._remap = True

    def _add_factory(self, factory: RuleFactory) -> None:
        """Binds and adds the rules of one factory, :meth:`add` without
        setting ``_remap``."""
        matcher = self._matcher
        by_endpoint = self._rules_by_endpoint
        # Binds, compiles and adds a plain rule in one native call, unless
        # the matcher's add is not the native one.
        native = type(matcher).add is _matcher_add
        rules: t.Iterable[Rule]
        if type(factory).get_rules is _rule_get_rules:
            # A rule yields itself: no generator to go through.
            rules = (factory,)  # type: ignore[assignment]
        else:
            rules = factory.get_rules(self)
        for rule in rules:
            rule_class = type(rule)
            if (
                native
                and rule_class.bind is _rule_bind
                and rule_class.compile is _rule_compile
            ):
                matcher._bind_rule(rule, self)
            else:
                rule.bind(self)
                if not rule.build_only:
                    matcher.add(rule)
            endpoint_rules = by_endpoint.get(rule.endpoint)
            if endpoint_rules is None:
                by_endpoint[rule.endpoint] = [rule]
            else:
                endpoint_rules.append(rule)

    def bind(
        self,
        server_name: str,
        script_name: str | None = None,
        subdomain: str | None = None,
        url_scheme: str = "http",
        default_method: str = "GET",
        path_info: str | None = None,
        query_args: t.Mapping[str, t.Any] | str | None = None,
    ) -> MapAdapter:
        """A :class:`MapAdapter` that matches and builds URLs for a request
        to ``server_name``. The server name is needed because redirects
        carry absolute URLs.

        :param server_name: the host, with a port when not the default one.
        :param script_name: the root the application is mounted at, ``/``
            when not given.
        :param subdomain: the subdomain of the request; the map's
            ``default_subdomain`` when not given. Not allowed with host
            matching.
        :param url_scheme: the scheme; ``ws`` and ``wss`` match WebSocket
            rules only.
        :param default_method: the method :meth:`MapAdapter.match` uses when
            given none.
        :param path_info: the path :meth:`MapAdapter.match` uses when given
            none, ``/`` when not given.
        :param query_args: query arguments kept in redirects, as a mapping
            or a string.
        :raises BadHost: when the server name is not a valid host name.
        """
        server_name = server_name.lower()
        if self.host_matching:
            if subdomain is not None:
                raise RuntimeError("host matching enabled and a subdomain was provided")
        elif subdomain is None:
            subdomain = self.default_subdomain
        if script_name is None:
            script_name = "/"
        if path_info is None:
            path_info = "/"

        # The port is not part of the IDNA name (and could push a label over
        # the 63 octet limit).
        host, colon, port = server_name.partition(":")
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError as e:
            raise BadHost() from e

        return MapAdapter(
            self,
            f"{host}{colon}{port}",
            script_name,
            subdomain,
            url_scheme,
            path_info,
            default_method,
            query_args,
        )

    def bind_to_environ(
        self,
        environ: WSGIEnvironment | Request,
        server_name: str | None = None,
        subdomain: str | None = None,
    ) -> MapAdapter:
        """Like :meth:`bind`, with the details taken from a WSGI environment
        (or a request): the host, scheme, method, script root, path and query
        string. A request with ``Upgrade: websocket`` gets the ``ws`` or
        ``wss`` scheme.

        Without ``subdomain``, and when a ``server_name`` is given, the
        subdomain is what the request's host has in front of the server name
        (``staging.dev`` for ``staging.dev.example.com`` and
        ``example.com``). A host that does not end with the server name
        warns and gets the subdomain ``<invalid>``, which matches no rule.

        :param environ: a WSGI environment or a request object.
        :param server_name: the server name the application is configured
            with, ``:80`` or ``:443`` stripped as for the host; the request's
            host when not given.
        :param subdomain: the current subdomain.
        """
        return _map_bind_to_environ(self, environ, server_name, subdomain)

    def _bind_to_environ(
        self,
        environ: WSGIEnvironment | Request,
        server_name: str | None,
        subdomain: str | None,
    ) -> MapAdapter:
        """:meth:`bind_to_environ` step by step; the native fast path hands
        every case it does not finish itself to this method."""
        env = _get_environ(environ)
        wsgi_server_name = get_host(env).lower()
        scheme = env["wsgi.url_scheme"]
        connection = env.get("HTTP_CONNECTION")
        if (
            connection
            and env.get("HTTP_UPGRADE", "").lower() == "websocket"
            and any(
                token.strip(" \t") == "upgrade"
                for token in connection.lower().split(",")
            )
        ):
            scheme = "wss" if scheme == "https" else "ws"

        if server_name is None:
            server_name = wsgi_server_name
        else:
            server_name = server_name.lower()
            # The default port is left out, as get_host() does.
            if scheme in {"http", "ws"} and server_name.endswith(":80"):
                server_name = server_name[:-3]
            elif scheme in {"https", "wss"} and server_name.endswith(":443"):
                server_name = server_name[:-4]

        if subdomain is None and not self.host_matching:
            request_labels = wsgi_server_name.split(".")
            server_labels = server_name.split(".")
            offset = -len(server_labels)
            if request_labels[offset:] != server_labels:
                # Happens with valid setups too, for example when the server
                # is reached by its IP address: match nothing rather than fail.
                warnings.warn(
                    f"Current server name {wsgi_server_name!r} doesn't match configured"
                    f" server name {server_name!r}",
                    stacklevel=2,
                )
                subdomain = "<invalid>"
            else:
                subdomain = ".".join(filter(None, request_labels[:offset]))

        def wsgi_text(key: str) -> str | None:
            value = env.get(key)
            return None if value is None else _wsgi_decoding_dance(value)

        return Map.bind(
            self,
            server_name,
            wsgi_text("SCRIPT_NAME"),
            subdomain,
            scheme,
            env["REQUEST_METHOD"],
            wsgi_text("PATH_INFO"),
            query_args=wsgi_text("QUERY_STRING"),
        )

    def update(self) -> None:
        """Put the rules in matching and building order after rules were
        added; called before each match and build, cheap when nothing
        changed.
        """
        if not self._remap:
            return
        with self._remap_lock:
            # Another thread may have remapped while this one waited.
            if not self._remap:
                return  # type: ignore[unreachable]
            self._matcher.update()
            for rules in self._rules_by_endpoint.values():
                # Most endpoints have one rule: nothing to sort.
                if len(rules) > 1:
                    rules.sort(key=lambda rule: rule.build_compare_key())
            self._remap = False

    def __repr__(self) -> str:
        return f"{type(self).__name__}({pformat(list(self.iter_rules()))})"

    def __getstate__(self) -> dict[str, t.Any]:
        # The attributes kept in native fields first (as the constructor sets
        # them), then the instance dictionary: copies and pickles see all.
        return _native_state(self, _MAP_FIELDS)

    def __setstate__(self, state: dict[str, t.Any]) -> None:
        _set_state(self, state)

    if not t.TYPE_CHECKING:
        # The same method, native: called without a Python frame.
        bind_to_environ = MapBase.bind_to_environ


class MapAdapter(MapAdapterBase):
    """Matches and builds URLs for one request, or for one host and script
    root; made by :meth:`Map.bind` and :meth:`Map.bind_to_environ`.
    """

    def __init__(
        self,
        map: Map,
        server_name: str,
        script_name: str,
        subdomain: str | None,
        url_scheme: str,
        path_info: str,
        default_method: str,
        query_args: t.Mapping[str, t.Any] | str | None = None,
    ):
        self.map = map
        self.server_name = server_name
        if not script_name.endswith("/"):
            script_name += "/"
        self.script_name = script_name
        self.subdomain = subdomain
        self.url_scheme = url_scheme
        self.path_info = path_info
        self.default_method = default_method
        self.query_args = query_args
        self.websocket = self.url_scheme in {"ws", "wss"}

    def dispatch(
        self,
        view_func: t.Callable[[str, t.Mapping[str, t.Any]], WSGIApplication],
        path_info: str | None = None,
        method: str | None = None,
        catch_http_exceptions: bool = False,
    ) -> WSGIApplication:
        """Match the request and call ``view_func(endpoint, values)``, which
        returns the WSGI application (usually a response) to answer with. A
        redirect is returned as the response; other HTTP exceptions are
        raised, or returned with ``catch_http_exceptions``::

            @responder
            def application(environ, start_response):
                request = Request(environ)
                urls = url_map.bind_to_environ(environ)
                return urls.dispatch(
                    lambda endpoint, values: views[endpoint](request, **values),
                    catch_http_exceptions=True,
                )

        :param view_func: called with the endpoint and the values.
        :param path_info: the path to match instead of the bound one.
        :param method: the method to match instead of the bound one.
        :param catch_http_exceptions: return HTTP exceptions instead of
            raising them.
        """
        try:
            try:
                endpoint, args = self.match(path_info, method)
            except RequestRedirect as e:
                return e
            return view_func(endpoint, args)
        except HTTPException as e:
            if catch_http_exceptions:
                return e
            raise

    @t.overload
    def match(
        self,
        path_info: str | None = None,
        method: str | None = None,
        return_rule: t.Literal[False] = False,
        query_args: t.Mapping[str, t.Any] | str | None = None,
        websocket: bool | None = None,
    ) -> tuple[t.Any, t.Mapping[str, t.Any]]: ...

    @t.overload
    def match(
        self,
        path_info: str | None = None,
        method: str | None = None,
        return_rule: t.Literal[True] = True,
        query_args: t.Mapping[str, t.Any] | str | None = None,
        websocket: bool | None = None,
    ) -> tuple[Rule, t.Mapping[str, t.Any]]: ...

    def match(
        self,
        path_info: str | None = None,
        method: str | None = None,
        return_rule: bool = False,
        query_args: t.Mapping[str, t.Any] | str | None = None,
        websocket: bool | None = None,
    ) -> tuple[t.Any | Rule, t.Mapping[str, t.Any]]:
        """Find the rule for a path and return ``(endpoint, values)``, or
        ``(rule, values)`` with ``return_rule``::

            >>> urls = Map([Rule("/downloads/<int:id>", endpoint="show")]).bind(
            ...     "example.com")
            >>> urls.match("/downloads/42")
            ('show', {'id': 42})

        The exceptions raised are HTTP exceptions, usable as responses:

        - :exc:`~rostzeug.exceptions.NotFound` when no rule matches;
        - :exc:`~rostzeug.exceptions.MethodNotAllowed` when rules match the
          path for other methods only;
        - :exc:`RequestRedirect` when the canonical URL is another one (a
          missing trailing slash, merged slashes, defaults, an alias,
          ``redirect_to``);
        - :exc:`WebsocketMismatch` when only a rule for the other kind of
          request (WebSocket or HTTP) matches.

        :param path_info: the path to match; the bound one when not given.
        :param method: the method; the bound default when not given.
        :param return_rule: return the rule instead of its endpoint.
        :param query_args: query arguments kept in redirects, as a mapping
            or a string; the bound ones when not given.
        :param websocket: match as a WebSocket request (or not), instead of
            deciding by the bound scheme.
        """
        return _adapter_match(
            self, path_info, method, return_rule, query_args, websocket
        )

    def _match(
        self,
        path_info: str | None,
        method: str | None,
        return_rule: bool,
        query_args: t.Mapping[str, t.Any] | str | None,
        websocket: bool | None,
    ) -> tuple[t.Any | Rule, t.Mapping[str, t.Any]]:
        """:meth:`match` step by step; the native fast path hands every
        case it does not finish itself to this method."""
        self.map.update()
        if path_info is None:
            path_info = self.path_info
        if query_args is None:
            query_args = self.query_args or {}
        method = (method or self.default_method).upper()
        if websocket is None:
            websocket = self.websocket

        domain_part = self.server_name
        if not self.map.host_matching and self.subdomain is not None:
            domain_part = self.subdomain
        path_part = f"/{path_info.lstrip('/')}" if path_info else ""

        try:
            rule, values = self.map._matcher.match(
                domain_part, path_part, method, websocket
            )
        except RequestPath as e:
            new_path = quote(e.path_info, safe=_SEGMENT_SAFE)
            raise RequestRedirect(
                self.make_redirect_url(new_path, query_args)
            ) from None
        except RequestAliasRedirect as e:
            raise RequestRedirect(
                self.make_alias_redirect_url(
                    f"{domain_part}|{path_part}",
                    e.endpoint,
                    e.matched_values,
                    method,
                    query_args,
                )
            ) from None
        except NoMatch as e:
            if e.have_match_for:
                raise MethodNotAllowed(valid_methods=list(e.have_match_for)) from None
            if e.websocket_mismatch:
                raise WebsocketMismatch() from None
            raise NotFound() from None

        if self.map.redirect_defaults:
            target = self.get_default_redirect(rule, method, values, query_args)
            if target is not None:
                raise RequestRedirect(target)

        if rule.redirect_to is not None:
            if isinstance(rule.redirect_to, str):

                def fill(placeholder: t.Match[str]) -> str:
                    name = placeholder.group(1)
                    return rule._converters[name].to_url(values[name])

                target = _simple_rule_re.sub(fill, rule.redirect_to)
            else:
                target = rule.redirect_to(self, **values)
            if self.subdomain:
                netloc = f"{self.subdomain}.{self.server_name}"
            else:
                netloc = self.server_name
            base = f"{self.url_scheme or 'http'}://{netloc}{self.script_name}"
            raise RequestRedirect(urljoin(base, target))

        if return_rule:
            return rule, values
        return rule.endpoint, values

    def test(self, path_info: str | None = None, method: str | None = None) -> bool:
        """Whether a rule matches, as :meth:`match` decides; a redirect
        counts as a match.

        :param path_info: the path to match; the bound one when not given.
        :param method: the method; the bound default when not given.
        """
        try:
            self.match(path_info, method)
        except RequestRedirect:
            pass
        except HTTPException:
            return False
        return True

    def allowed_methods(self, path_info: str | None = None) -> t.Iterable[str]:
        """The methods rules accept for a path (empty when any method or no
        rule matches)."""
        try:
            self.match(path_info, method="--")
        except MethodNotAllowed as e:
            return e.valid_methods  # type: ignore[return-value]
        except HTTPException:
            pass
        return []

    def get_host(self, domain_part: str | None) -> str:
        """The host for a domain part: the host itself with host matching,
        otherwise the subdomain (the bound one when ``None``) in front of the
        server name.
        """
        if self.map.host_matching:
            return self.server_name if domain_part is None else domain_part
        subdomain = self.subdomain if domain_part is None else domain_part
        if subdomain:
            return f"{subdomain}.{self.server_name}"
        return self.server_name

    def get_default_redirect(
        self,
        rule: Rule,
        method: str,
        values: t.MutableMapping[str, t.Any],
        query_args: t.Mapping[str, t.Any] | str,
    ) -> str | None:
        """The URL of a rule before ``rule`` in building order whose
        defaults the matched values equal, or ``None``.

        :internal:
        """
        assert self.map.redirect_defaults
        for other in self.map._rules_by_endpoint[rule.endpoint]:
            # Rules after this one (and itself) come second for defaults.
            if other is rule:
                break
            if other.provides_defaults_for(rule) and other.suitable_for(values, method):
                values.update(other.defaults)  # type: ignore[arg-type]
                domain_part, path = other.build(values)  # type: ignore[misc]
                return self.make_redirect_url(path, query_args, domain_part=domain_part)
        return None

    def encode_query_args(self, query_args: t.Mapping[str, t.Any] | str) -> str:
        """``query_args`` as a query string (a string is kept as it is)."""
        if not isinstance(query_args, str):
            return _urlencode(query_args)
        return query_args

    def make_redirect_url(
        self,
        path_info: str,
        query_args: t.Mapping[str, t.Any] | str | None = None,
        domain_part: str | None = None,
    ) -> str:
        """The absolute URL of a redirect to ``path_info``.

        :internal:
        """
        if query_args is None:
            query_args = self.query_args
        query = self.encode_query_args(query_args) if query_args else None
        path = "/".join((self.script_name.strip("/"), path_info.lstrip("/")))
        return urlunsplit(
            (self.url_scheme or "http", self.get_host(domain_part), path, query, None)
        )

    def make_alias_redirect_url(
        self,
        path: str,
        endpoint: t.Any,
        values: t.Mapping[str, t.Any],
        method: str,
        query_args: t.Mapping[str, t.Any] | str,
    ) -> str:
        """The absolute URL of the canonical rule of an alias.

        :internal:
        """
        url = self.build(
            endpoint, values, method, append_unknown=False, force_external=True
        )
        if query_args:
            url += f"?{self.encode_query_args(query_args)}"
        assert url != path, "detected invalid alias setting. No canonical URL found"
        return url

    def _partial_build(
        self,
        endpoint: t.Any,
        values: t.Mapping[str, t.Any],
        method: str | None,
        append_unknown: bool,
    ) -> tuple[str, str, bool] | None:
        """The domain part, path and WebSocket flag of the first rule of
        ``endpoint`` that builds with ``values`` and ``method``, trying the
        default method first when ``method`` is ``None``. With host
        matching, a rule on the bound host is preferred.

        :internal:
        """
        if method is None:
            found = self._partial_build(
                endpoint, values, self.default_method, append_unknown
            )
            if found is not None:
                return found

        first = None
        for rule in self.map._rules_by_endpoint.get(endpoint, ()):
            if not rule.suitable_for(values, method):
                continue
            built = rule.build(values, append_unknown)
            if built is None:
                continue
            found = (built[0], built[1], rule.websocket)
            if not self.map.host_matching or found[0] == self.server_name:
                return found
            if first is None:
                first = found
        return first

    def build(
        self,
        endpoint: t.Any,
        values: t.Mapping[str, t.Any] | None = None,
        method: str | None = None,
        force_external: bool = False,
        append_unknown: bool = True,
        url_scheme: str | None = None,
    ) -> str:
        """The URL of ``endpoint`` with ``values`` filled into the
        placeholders of its rule (converted by their converters'
        ``to_url``). Values the rule has no placeholder for go into the
        query string. Text a URL cannot hold is percent-encoded as UTF-8.

        The URL is relative (path only) unless the rule is on another host
        or subdomain, a WebSocket rule, or ``force_external`` is set.
        Building does not check that the URL matches the rule again.

        :param endpoint: the endpoint to build a URL for.
        :param values: the values; a :class:`MultiDict` gives several
            query values for a name. ``None`` values are left out.
        :param method: choose among the endpoint's rules by method.
        :param force_external: build an absolute URL; without a scheme
            (``url_scheme`` and the bound one empty) a protocol-relative one.
        :param append_unknown: put values without a placeholder into the
            query string; otherwise they are ignored.
        :param url_scheme: the scheme of absolute URLs instead of the bound
            one.
        :raises BuildError: when no rule of the endpoint can be built.
        """
        return _adapter_build(
            self, endpoint, values, method, force_external, append_unknown, url_scheme
        )

    def _build(
        self,
        endpoint: t.Any,
        values: t.Mapping[str, t.Any] | None,
        method: str | None,
        force_external: bool,
        append_unknown: bool,
        url_scheme: str | None,
    ) -> str:
        """:meth:`build` step by step; the native fast path hands every case
        it does not finish itself to this method."""
        self.map.update()

        if values:
            if isinstance(values, MultiDict):
                values = {
                    key: (items[0] if len(items) == 1 else items)
                    for key, items in dict.items(values)
                    if len(items) != 0
                }
            else:
                values = {key: v for key, v in values.items() if v is not None}
        else:
            values = {}

        found = self._partial_build(endpoint, values, method, append_unknown)
        if found is None:
            raise BuildError(endpoint, values, method, self)

        domain_part, path, websocket = found
        host = self.get_host(domain_part)
        if url_scheme is None:
            url_scheme = self.url_scheme

        # WebSocket URLs are always absolute (browsers need the scheme); an
        # HTTP rule built while bound to a WebSocket gets an HTTP scheme.
        secure = url_scheme in {"https", "wss"}
        if websocket:
            force_external = True
            url_scheme = "wss" if secure else "ws"
        elif url_scheme:
            url_scheme = "https" if secure else "http"

        if not force_external and (
            (self.map.host_matching and host == self.server_name)
            or (not self.map.host_matching and domain_part == self.subdomain)
        ):
            return f"{self.script_name.rstrip('/')}/{path.lstrip('/')}"

        scheme = f"{url_scheme}:" if url_scheme else ""
        return f"{scheme}//{host}{self.script_name[:-1]}/{path.lstrip('/')}"

    def __getstate__(self) -> dict[str, t.Any]:
        return _native_state(self, _ADAPTER_FIELDS)

    def __setstate__(self, state: dict[str, t.Any]) -> None:
        _set_state(self, state)

    if not t.TYPE_CHECKING:
        # The same methods, native: called without a Python frame (measured:
        # a third of the time of a whole match of a static path).
        match = MapAdapterBase.match
        build = MapAdapterBase.build
