"""The state machine that finds the rule for a path, run by the native
engine."""

from __future__ import annotations

import typing as t

from .. import _native
from .rules import Rule


class StateMachineMatcher(_native.RuleMatcher):
    """Matches ``(domain, path)`` pairs against the rules added to it.

    Each ``/``-separated part of a rule is a transition between states:
    static parts first, then parts with placeholders in order of weight,
    backtracking when a branch does not lead to a rule. The states live in
    the native engine; placeholders whose converters it does not know are
    matched with Python regular expressions compiled once, when their rule
    is added.

    :param merge_slashes: after a failed match, try again with runs of
        slashes merged and redirect to that path when a rule matches it.
    """

    def __init__(self, merge_slashes: bool) -> None:
        self.merge_slashes = merge_slashes

    def add(self, rule: Rule) -> None:
        """Add a bound rule to the machine."""
        self._add_rule(rule)

    def __reduce__(self) -> tuple[t.Any, ...]:
        # The states live in the native engine; a copy is made by adding the
        # (copied) rules to a new machine.
        return (
            _rebuild,
            (type(self), self.merge_slashes, self._rules()),
            dict(vars(self)),
        )

    def update(self) -> None:
        """Order the transitions by weight after rules were added."""
        self._update()

    def match(
        self, domain: str, path: str, method: str, websocket: bool
    ) -> tuple[Rule, t.MutableMapping[str, t.Any]]:
        """The rule matching ``domain`` and ``path`` for ``method`` and the
        converted values of its placeholders, with the rule's defaults.

        :raises NoMatch: when no rule matches (or a converter rejects the
            matched text).
        :raises RequestPath: when a rule matches the path with a trailing
            slash added or with slashes merged.
        :raises RequestAliasRedirect: when the rule is an alias and the map
            redirects to canonical URLs.
        """
        return self._match(domain, path, method, websocket)

    if not t.TYPE_CHECKING:
        # The same method, native: adding a rule runs no Python frame.
        add = _native.RuleMatcher._add_rule


def _rebuild(
    cls: type[StateMachineMatcher], merge_slashes: bool, rules: list[Rule]
) -> StateMachineMatcher:
    """A machine of class ``cls`` holding ``rules``, for
    :meth:`StateMachineMatcher.__reduce__`."""
    matcher = cls.__new__(cls)
    StateMachineMatcher.__init__(matcher, merge_slashes)
    for rule in rules:
        matcher._add_rule(rule)
    matcher._update()
    return matcher
