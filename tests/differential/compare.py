"""Running one operation on rostzeug and on Werkzeug, and comparing the
outcomes as plain values."""

from __future__ import annotations

import typing as t
from collections.abc import ItemsView
from collections.abc import Iterator
from collections.abc import KeysView
from collections.abc import ValuesView
from datetime import date
from datetime import datetime
from datetime import timedelta

_PLAIN = (str, bytes, int, float, bool, datetime, date, timedelta, type(None))


def plain(value: t.Any) -> t.Any:
    """Turns a result of either library into plain Python values, so that
    results of the two libraries compare equal when they mean the same."""
    if isinstance(value, _PLAIN):
        return value
    name = type(value).__name__
    if isinstance(value, BaseException):
        return outcome_of_exception(value)
    if name in {"Headers", "EnvironHeaders"}:
        return ("Headers", [(k, v) for k, v in value.items()])
    if hasattr(value, "getlist") and hasattr(value, "items"):
        return ("MultiDict", [(k, plain(v)) for k, v in value.items(multi=True)])
    if name in {"Accept", "MIMEAccept", "LanguageAccept", "CharsetAccept"}:
        return (name, [tuple(item) for item in value], value.provided)
    if name.endswith("CacheControl"):
        return (name, dict(value.items()), value.provided)
    if name == "HeaderSet":
        return ("HeaderSet", list(value), value.to_header())
    if name == "ETags":
        strong = value.as_set()
        weak = value.as_set(True) - strong
        return (
            "ETags",
            value.star_tag,
            sorted(strong, key=repr),
            sorted(weak, key=repr),
        )
    if name == "Range":
        return ("Range", value.units, [tuple(r) for r in value.ranges])
    if name == "ContentRange":
        return ("ContentRange", value.units, value.start, value.stop, value.length)
    if name == "IfRange":
        return ("IfRange", value.etag, value.date)
    if name == "FileStorage":
        return (
            "FileStorage",
            value.name,
            value.filename,
            value.content_type,
            plain(value.headers),
            value.read(),
        )
    if name in {"Authorization", "WWWAuthenticate"}:
        return (name, value.type, plain(dict(value.parameters)), value.token)
    if name == "UserAgent":
        return ("UserAgent", value.string)
    if name == "ContentSecurityPolicy":
        return ("ContentSecurityPolicy", dict(value.items()))
    if isinstance(value, (Iterator, KeysView, ValuesView, ItemsView)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {plain(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted(plain(v) for v in value)
    raise NoPlainForm(f"no plain form for {type(value)!r}; add one to plain()")


class NoPlainForm(Exception):
    """A result that :func:`plain` cannot compare: a gap in the tests."""


def outcome_of_exception(error: BaseException) -> tuple[str, ...]:
    """An exception as its kind: builtin exceptions by class, HTTP exceptions
    of either library by class name and status code."""
    code = getattr(error, "code", None)
    if type(error).__module__ == "builtins":
        return ("raised", type(error).__name__)
    # Each library's own exception classes: compare the names and codes.
    return ("raised", type(error).__name__, str(code))


def outcome(call: t.Callable[[], t.Any]) -> t.Any:
    """The plain result of ``call``, or the kind of exception it raised."""
    try:
        # Inside the try: iterators raise as they are consumed.
        return plain(call())
    except NoPlainForm:
        raise
    except Exception as error:
        return outcome_of_exception(error)


def same(
    rostzeug_call: t.Callable[[], t.Any], werkzeug_call: t.Callable[[], t.Any]
) -> t.Any:
    """Asserts that both calls have the same outcome and returns it."""
    ours = outcome(rostzeug_call)
    theirs = outcome(werkzeug_call)
    assert ours == theirs, f"rostzeug: {ours!r}\nwerkzeug: {theirs!r}"
    return ours
