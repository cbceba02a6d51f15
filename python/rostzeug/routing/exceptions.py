"""The exceptions routing raises: redirects the application should answer
with, build failures, and the internal signals of the matcher."""

from __future__ import annotations

import difflib
import typing as t

from ..exceptions import BadRequest
from ..exceptions import HTTPException
from ..utils import cached_property
from ..utils import redirect

if t.TYPE_CHECKING:
    from _typeshed.wsgi import WSGIEnvironment

    from ..wrappers.request import Request
    from ..wrappers.response import Response
    from .map import MapAdapter
    from .rules import Rule


class RoutingException(Exception):
    """Base of the exceptions that tell the application to redirect or that
    a URL could not be matched or built.

    :internal:
    """


class RequestRedirect(HTTPException, RoutingException):
    """The matched URL is not the canonical one (a missing trailing slash,
    merged slashes, a rule's defaults, an alias or ``redirect_to``): answer
    with a permanent redirect to :attr:`new_url`, the absolute target.
    """

    code = 308

    def __init__(self, new_url: str) -> None:
        super().__init__(new_url)
        self.new_url = new_url

    def get_response(
        self,
        environ: WSGIEnvironment | Request | None = None,
        scope: dict[str, t.Any] | None = None,
    ) -> Response:
        return redirect(self.new_url, self.code)


class RequestPath(RoutingException):
    """The matcher found the rule at another path (``path_info``): the
    adapter redirects there.

    :internal:
    """

    __slots__ = ("path_info",)

    def __init__(self, path_info: str) -> None:
        super().__init__()
        self.path_info = path_info


class RequestAliasRedirect(RoutingException):
    """The matched rule is an alias: the adapter redirects to the canonical
    URL of ``endpoint`` built from ``matched_values``."""

    def __init__(self, matched_values: t.Mapping[str, t.Any], endpoint: t.Any) -> None:
        super().__init__()
        self.matched_values = matched_values
        self.endpoint = endpoint


class BuildError(RoutingException, LookupError):
    """No rule of the endpoint can be built with the given values and
    method. The message names the closest rule and what it would need.
    """

    def __init__(
        self,
        endpoint: t.Any,
        values: t.Mapping[str, t.Any],
        method: str | None,
        adapter: MapAdapter | None = None,
    ) -> None:
        super().__init__(endpoint, values, method)
        self.endpoint = endpoint
        self.values = values
        self.method = method
        self.adapter = adapter

    @cached_property
    def suggested(self) -> Rule | None:
        """The rule of the adapter's map closest to what was asked for."""
        return self.closest_rule(self.adapter)

    def closest_rule(self, adapter: MapAdapter | None) -> Rule | None:
        """The rule whose endpoint is most similar to :attr:`endpoint`, with
        the values and method as tie-breakers; ``None`` without rules."""
        if not adapter:
            return None
        rules = adapter.map._rules
        if not rules:
            return None
        wanted = str(self.endpoint)
        names = set(self.values or ())

        def score(rule: Rule) -> float:
            # Endpoints may be of any type: they are compared as text.
            similarity = difflib.SequenceMatcher(None, str(rule.endpoint), wanted)
            return sum(
                (
                    0.98 * similarity.ratio(),
                    0.01 * bool(names.issubset(rule.arguments)),
                    0.01 * bool(rule.methods and self.method in rule.methods),
                )
            )

        return max(rules, key=score)

    def __str__(self) -> str:
        text = f"Could not build url for endpoint {self.endpoint!r}"
        if self.method:
            text += f" ({self.method!r})"
        if self.values:
            text += f" with values {sorted(self.values)!r}"
        text += "."
        rule = self.suggested
        if not rule:
            return text
        if self.endpoint != rule.endpoint:
            return text + f" Did you mean {rule.endpoint!r} instead?"
        if self.method and rule.methods is not None and self.method not in rule.methods:
            text += f" Did you mean to use methods {sorted(rule.methods)!r}?"
        missing = rule.arguments.union(rule.defaults or ()) - set(self.values.keys())
        if missing:
            text += f" Did you forget to specify values {sorted(missing)!r}?"
        return text


class WebsocketMismatch(BadRequest):
    """Only a WebSocket rule matches an HTTP request, or only an HTTP rule
    matches a WebSocket request."""


class NoMatch(Exception):
    """No rule matches: ``have_match_for`` holds the methods of rules that
    match the path with another method, ``websocket_mismatch`` says whether
    one matched apart from its WebSocket setting.

    :internal:
    """

    __slots__ = ("have_match_for", "websocket_mismatch")

    def __init__(self, have_match_for: set[str], websocket_mismatch: bool) -> None:
        self.have_match_for = have_match_for
        self.websocket_mismatch = websocket_mismatch
