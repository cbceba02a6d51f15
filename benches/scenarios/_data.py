"""Realistic inputs shared by several scenarios: the headers, query string
and cookies a browser sends for one page view."""

from __future__ import annotations

import io
import typing as t

COOKIE_HEADER = (
    "session=4f2c9a7e1b8d4c6fa0e3b5d7c9e1f3a5; csrftoken=Xk29fLq8ZtR4mNw7VbYc;"
    " theme=dark; lang=de; _ga=GA1.2.1234567890.1700000000"
)
ACCEPT_LANGUAGE = "de-DE,de;q=0.9,en-US;q=0.8,en;q=0.7,fr;q=0.5"
#: The languages the application offers, in its order of preference.
LANGUAGES = ["en", "fr", "de"]
USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"

#: 20 request headers, as a browser sends them.
REQUEST_HEADERS: list[tuple[str, str]] = [
    ("Host", "shop.example.com"),
    ("User-Agent", USER_AGENT),
    (
        "Accept",
        "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    ),
    ("Accept-Language", ACCEPT_LANGUAGE),
    ("Accept-Encoding", "gzip, deflate, br, zstd"),
    ("Connection", "keep-alive"),
    ("Cookie", COOKIE_HEADER),
    ("Referer", "https://shop.example.com/search?q=wsgi"),
    ("Upgrade-Insecure-Requests", "1"),
    ("Sec-Fetch-Dest", "document"),
    ("Sec-Fetch-Mode", "navigate"),
    ("Sec-Fetch-Site", "same-origin"),
    ("Sec-Fetch-User", "?1"),
    ("Priority", "u=0, i"),
    ("Cache-Control", "max-age=0"),
    ("DNT", "1"),
    ("X-Forwarded-For", "203.0.113.7, 198.51.100.2"),
    ("X-Forwarded-Proto", "https"),
    ("X-Request-Id", "6f1c2b9e-3d4a-4b5c-8e7f-9a0b1c2d3e4f"),
    ("If-None-Match", '"5d8c72a5edda8d6a"'),
]

#: 10 query arguments, one of them repeated, some of them escaped.
QUERY_STRING = (
    "q=rust+wsgi+toolkit&page=2&per_page=50&sort=date&order=desc"
    "&lang=de&filter=price%3C100&tag=web&tag=http&ref=caf%C3%A9"
)


def header_environ_key(name: str) -> str:
    """The environ key of a request header, as a WSGI server builds it."""
    key = name.upper().replace("-", "_")
    if key in ("CONTENT_TYPE", "CONTENT_LENGTH"):
        return key
    return "HTTP_" + key


def base_environ(
    method: str = "GET",
    path: str = "/products",
    query_string: str = "",
    headers: t.Iterable[tuple[str, str]] = (),
    body: bytes = b"",
) -> dict[str, t.Any]:
    """A WSGI environ as a server would pass it. ``wsgi.input`` holds
    ``body``; callers that need a fresh stream per call replace it."""
    environ: dict[str, t.Any] = {
        "REQUEST_METHOD": method,
        "SCRIPT_NAME": "",
        "PATH_INFO": path,
        "QUERY_STRING": query_string,
        "SERVER_NAME": "shop.example.com",
        "SERVER_PORT": "443",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "198.51.100.2",
        "REMOTE_PORT": "51234",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "https",
        "wsgi.input": io.BytesIO(body),
        "wsgi.errors": io.StringIO(),
        "wsgi.multithread": False,
        "wsgi.multiprocess": False,
        "wsgi.run_once": False,
    }
    for name, value in headers:
        environ[header_environ_key(name)] = value
    return environ


def page_view_environ() -> dict[str, t.Any]:
    """A GET with 20 headers, 10 query arguments and 5 cookies."""
    return base_environ(query_string=QUERY_STRING, headers=REQUEST_HEADERS)


def environ_copy(environ: dict[str, t.Any]) -> dict[str, t.Any]:
    """A fresh environ per call, since a request stores itself (and what it
    parsed) in the environ it is given."""
    return dict(environ)


def multi_items(mapping: t.Any) -> list[tuple[str, t.Any]]:
    """The ``(key, value)`` pairs of a multi-value dict, repeated keys
    included, in order: comparable across implementations."""
    return list(mapping.items(multi=True))


def wsgi_call(
    app: t.Callable[..., t.Iterable[bytes]], environ: dict[str, t.Any]
) -> tuple[str, list[tuple[str, str]], bytes]:
    """Calls a WSGI application as a server does, consuming and closing the
    body, and returns the status, the headers and the body."""
    started: list[tuple[str, list[tuple[str, str]]]] = []

    def start_response(
        status: str, headers: list[tuple[str, str]], exc_info: t.Any = None
    ) -> t.Callable[[bytes], None]:
        started.append((status, headers))
        return _write_not_supported

    app_iter = app(environ, start_response)
    try:
        body = b"".join(app_iter)
    finally:
        close = getattr(app_iter, "close", None)
        if close is not None:
            close()
    status, headers = started[-1]
    return status, list(headers), body


def _write_not_supported(data: bytes) -> None:
    raise RuntimeError("the benchmark server does not support write()")
