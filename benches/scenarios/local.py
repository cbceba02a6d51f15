"""Context-locals: attribute reads and writes through a ``LocalProxy``, as a
Flask view does with ``request`` and ``g``.

Each implementation's proxy stands for an object held in a ``ContextVar``
of its own, set once in the benchmark's context. One call makes ten
accesses through the proxy, so the timing loop's own cost weighs little
next to the proxy's.
"""

from __future__ import annotations

import types
import typing as t
from contextvars import ContextVar

from ..harness import Extra
from ..harness import Scenario
from ._data import environ_copy
from ._data import multi_items
from ._data import page_view_environ

#: Accesses through the proxy per timed call.
ACCESSES = 10


class _AppContext:
    """What Flask keeps in its application context variable: ``g`` is the
    proxy of its attribute ``g``."""

    def __init__(self) -> None:
        self.g = types.SimpleNamespace()


def _bind_request_args(ns: t.Any) -> t.Callable[[t.Any], t.Any]:
    request_var: ContextVar[t.Any] = ContextVar("bench.request")
    request_var.set(ns.wrappers.Request(environ_copy(page_view_environ())))
    request = ns.local.LocalProxy(request_var)

    def read(_: t.Any) -> t.Any:
        for _ in range(ACCESSES - 1):
            request.args  # noqa: B018
        return request.args

    return read


def _set_and_read(g: t.Any) -> t.Callable[[t.Any], t.Any]:
    def set_and_read(_: t.Any) -> t.Any:
        values = []
        for number in range(ACCESSES // 2):
            g.x = number
            values.append(g.x)
        return values

    return set_and_read


def _bind_g(ns: t.Any) -> t.Callable[[t.Any], t.Any]:
    g_var: ContextVar[t.Any] = ContextVar("bench.g")
    g_var.set(types.SimpleNamespace())
    return _set_and_read(ns.local.LocalProxy(g_var))


def _bind_g_named(ns: t.Any) -> t.Callable[[t.Any], t.Any]:
    app_var: ContextVar[_AppContext] = ContextVar("bench.app")
    app_var.set(_AppContext())
    return _set_and_read(ns.local.LocalProxy(app_var, "g"))


def _bind_session_item(ns: t.Any) -> t.Callable[[t.Any], t.Any]:
    context = types.SimpleNamespace(session={"user": "ada", "cart": [3, 1]})
    request_var: ContextVar[t.Any] = ContextVar("bench.request_context")
    request_var.set(context)
    session = ns.local.LocalProxy(request_var, "session")

    def read(_: t.Any) -> t.Any:
        found = []
        for _ in range(ACCESSES // 2):
            if "user" in session:
                found.append(session["user"])
        return found

    return read


def _floor_g(_: t.Any) -> t.Any:
    """A ContextVar read per access and no proxy: what a proxy cannot go
    below."""
    values = []
    for number in range(ACCESSES // 2):
        _floor_g_var.get().x = number
        values.append(_floor_g_var.get().x)
    return values


_floor_g_var: ContextVar[types.SimpleNamespace] = ContextVar("bench.floor_g")
_floor_g_var.set(types.SimpleNamespace())


SCENARIOS = [
    Scenario(
        name="local.proxy_request_args",
        description=(
            "request.args x10 through LocalProxy(ContextVar) of a Request"
            " (args already parsed)"
        ),
        bind=_bind_request_args,
        normalise=multi_items,
    ),
    Scenario(
        name="local.proxy_g",
        description="g.x = n; g.x x5 through LocalProxy(ContextVar) of a namespace",
        bind=_bind_g,
        extras=(Extra("floor: ContextVar.get() per access", _floor_g),),
    ),
    Scenario(
        name="local.proxy_g_named",
        description=(
            "g.x = n; g.x x5 through LocalProxy(ContextVar, 'g'), Flask's form of g"
        ),
        bind=_bind_g_named,
        extras=(Extra("floor: ContextVar.get() per access", _floor_g),),
    ),
    Scenario(
        name="local.proxy_session_item",
        description=(
            "'user' in session; session['user'] x5 through"
            " LocalProxy(ContextVar, 'session') of a dict"
        ),
        bind=_bind_session_item,
    ),
]
