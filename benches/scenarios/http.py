"""Single functions of ``http`` and ``datastructures``: the small parsers
and formatters every request or response goes through."""

from __future__ import annotations

import functools
import typing as t
from datetime import UTC
from datetime import datetime
from email.utils import format_datetime
from email.utils import parsedate_to_datetime

from ..harness import Extra
from ..harness import Scenario
from . import _stdlib
from ._data import ACCEPT_LANGUAGE
from ._data import COOKIE_HEADER
from ._data import LANGUAGES
from ._data import REQUEST_HEADERS
from ._data import multi_items

MULTIPART_CONTENT_TYPE = (
    "multipart/form-data; boundary=----WebKitFormBoundary7MA4YWxkTrZu0gW"
)
HTTP_DATE = "Sun, 06 Nov 1994 08:49:37 GMT"
A_DATETIME = datetime(2026, 11, 22, 7, 21, 5, tzinfo=UTC)


def _same(value: t.Any) -> t.Any:
    return value


def _constant(value: t.Any) -> t.Callable[[], t.Any]:
    return lambda: value


def _bind_best_language(ns: t.Any) -> t.Callable[[str], t.Any]:
    parse_accept_header = ns.http.parse_accept_header
    language_accept = ns.datastructures.LanguageAccept

    def best_match(value: str) -> t.Any:
        return parse_accept_header(value, language_accept).best_match(LANGUAGES)

    return best_match


def _bind_headers_lookup(ns: t.Any) -> t.Callable[[str], t.Any]:
    headers = ns.datastructures.Headers(REQUEST_HEADERS)
    return headers.__getitem__  # type: ignore[no-any-return]


def _bind_dump_cookie(ns: t.Any) -> t.Callable[[str], t.Any]:
    return functools.partial(
        ns.http.dump_cookie,
        "session",
        max_age=3600,
        expires=A_DATETIME,
        path="/account",
        domain="shop.example.com",
        secure=True,
        httponly=True,
        samesite="Strict",
        partitioned=True,
    )


SCENARIOS = [
    Scenario(
        name="http.parse_cookie",
        description="http.parse_cookie of a 5-cookie header",
        bind=lambda ns: ns.http.parse_cookie,
        setup=_constant(COOKIE_HEADER),
        normalise=multi_items,
        extras=(Extra("floor: str.split", _stdlib.split_cookies, normalise=_same),),
    ),
    Scenario(
        name="http.accept_language",
        description=(
            "http.parse_accept_header(value, LanguageAccept).best_match"
            " of a browser Accept-Language"
        ),
        bind=_bind_best_language,
        setup=_constant(ACCEPT_LANGUAGE),
        extras=(
            Extra(
                "floor: stdlib hand-written",
                functools.partial(_stdlib.best_language, offered=LANGUAGES),
            ),
        ),
    ),
    Scenario(
        name="http.parse_options_header",
        description="http.parse_options_header of a multipart Content-Type",
        bind=lambda ns: ns.http.parse_options_header,
        setup=_constant(MULTIPART_CONTENT_TYPE),
    ),
    Scenario(
        name="http.headers_lookup",
        description="Headers[key] of one key (other case) in a 20-header set",
        bind=_bind_headers_lookup,
        setup=_constant("x-forwarded-proto"),
    ),
    Scenario(
        name="http.dump_cookie",
        description="http.dump_cookie with every attribute set",
        bind=_bind_dump_cookie,
        setup=_constant(_stdlib.SESSION),
    ),
    Scenario(
        name="http.parse_date",
        description="http.parse_date of an IMF-fixdate",
        bind=lambda ns: ns.http.parse_date,
        setup=_constant(HTTP_DATE),
        extras=(Extra("floor: email.utils", parsedate_to_datetime),),
    ),
    Scenario(
        name="http.http_date",
        description="http.http_date of an aware datetime",
        bind=lambda ns: ns.http.http_date,
        setup=_constant(A_DATETIME),
        extras=(
            Extra(
                "floor: email.utils",
                functools.partial(format_datetime, usegmt=True),
            ),
        ),
    ),
]
