"""Hand-written standard library versions of the scenarios' work: the
floors. They do only what the inputs here need, and their results are
checked against Werkzeug's like any other row."""

from __future__ import annotations

import time
import typing as t
from email.utils import formatdate
from http.cookies import SimpleCookie
from urllib.parse import parse_qsl

SESSION = "4f2c9a7e1b8d4c6fa0e3b5d7c9e1f3a5"
ETAG = "5d8c72a5edda8d6a"
BODY_SIZE = 1024
#: The fixed body of the response scenario.
RESPONSE_BODY = b"." * BODY_SIZE


def page_body(query: str | None, language: str | None, user_agent: str) -> bytes:
    """A 1 KiB page that depends on what the request parsed, so the
    parsing cannot be skipped."""
    head = f"<p>{query} | {language} | {user_agent}</p>\n".encode()
    return head + RESPONSE_BODY[len(head) :]


def split_cookies(header: str) -> list[tuple[str, str]]:
    """Cookies split on ``;`` and ``=``, with no unquoting."""
    pairs = []
    for part in header.split(";"):
        name, sep, value = part.strip().partition("=")
        if sep:
            pairs.append((name, value))
    return pairs


def simple_cookies(header: str) -> list[tuple[str, str]]:
    """Cookies parsed by :class:`http.cookies.SimpleCookie`."""
    return [(name, morsel.value) for name, morsel in SimpleCookie(header).items()]


def best_language(header: str, offered: t.Sequence[str]) -> str | None:
    """The offered language the client prefers most: an exact tag first,
    then a match of the client's primary tag."""
    preferences = []
    for item in header.split(","):
        tag, _, params = item.partition(";")
        quality = 1.0
        params = params.strip()
        if params.startswith("q="):
            quality = float(params[2:])
        preferences.append((quality, tag.strip().lower()))
    preferences.sort(key=lambda p: -p[0])
    by_tag = {language.lower(): language for language in offered}
    for _quality, tag in preferences:
        if tag in by_tag:
            return by_tag[tag]
    for _quality, tag in preferences:
        primary = tag.partition("-")[0]
        if primary in by_tag:
            return by_tag[primary]
    return None


def _response_headers(body: bytes, session: str) -> list[tuple[str, str]]:
    expires = formatdate(time.time() + 3600, usegmt=True)
    return [
        ("Content-Type", "text/plain; charset=utf-8"),
        ("Content-Length", str(len(body))),
        (
            "Set-Cookie",
            f"session={session}; Expires={expires}; Max-Age=3600; Secure;"
            " HttpOnly; Path=/; SameSite=Lax",
        ),
        ("ETag", f'"{ETAG}"'),
    ]


def response_app(
    environ: dict[str, t.Any], start_response: t.Callable[..., t.Any]
) -> list[bytes]:
    """The response scenario: a fixed 1 KiB body, a cookie and an ETag."""
    body = RESPONSE_BODY
    start_response("200 OK", _response_headers(body, SESSION))
    return [body]


def read_request(
    environ: dict[str, t.Any],
    languages: t.Sequence[str],
    cookies: t.Callable[[str], list[tuple[str, str]]] = split_cookies,
) -> tuple[list[tuple[str, str]], str, list[tuple[str, str]], str | None]:
    """The request scenario: query arguments, User-Agent, cookies and the
    best offered language."""
    return (
        parse_qsl(environ.get("QUERY_STRING", ""), keep_blank_values=True),
        environ["HTTP_USER_AGENT"],
        cookies(environ.get("HTTP_COOKIE", "")),
        best_language(environ.get("HTTP_ACCEPT_LANGUAGE", ""), languages),
    )


def make_page_app(
    languages: t.Sequence[str],
    cookies: t.Callable[[str], list[tuple[str, str]]],
) -> t.Callable[..., list[bytes]]:
    """The app scenario as one WSGI function: read the request, answer with
    a page built from it, a cookie and an ETag."""

    def page_app(
        environ: dict[str, t.Any], start_response: t.Callable[..., t.Any]
    ) -> list[bytes]:
        args, user_agent, cookie_pairs, language = read_request(
            environ, languages, cookies
        )
        query = next((value for name, value in args if name == "q"), None)
        session = dict(cookie_pairs)["session"]
        body = page_body(query, language, user_agent)
        start_response("200 OK", _response_headers(body, session))
        return [body]

    return page_app
