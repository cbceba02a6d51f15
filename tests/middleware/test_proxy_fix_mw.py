from __future__ import annotations

import typing as t

import pytest

from rostzeug.middleware.proxy_fix import ProxyFix
from rostzeug.test import create_environ
from rostzeug.test import run_wsgi_app

ORIGINAL = {
    "REMOTE_ADDR": "10.0.0.1",
    "wsgi.url_scheme": "http",
    "HTTP_HOST": "internal:8000",
    "SERVER_NAME": "internal",
    "SERVER_PORT": "8000",
    "SCRIPT_NAME": "",
}


def run(proxy_fix: ProxyFix, **headers: str) -> dict[str, t.Any]:
    """Runs a request with ``headers`` (environ keys) through ``proxy_fix``
    and returns the environ the wrapped application saw."""
    seen: dict[str, t.Any] = {}

    def app(environ: dict[str, t.Any], start_response: t.Any) -> list[bytes]:
        seen.update(environ)
        start_response("204 No Content", [])
        return []

    proxy_fix.app = app
    environ = create_environ("/", environ_overrides={**ORIGINAL, **headers})
    run_wsgi_app(proxy_fix, environ, buffered=True)
    return seen


def changed_keys(environ: dict[str, t.Any]) -> dict[str, t.Any]:
    return {k: environ.get(k) for k in ORIGINAL if environ.get(k) != ORIGINAL[k]}


def make(**counts: int) -> ProxyFix:
    return ProxyFix(None, **counts)  # type: ignore[arg-type]


def test_defaults_trust_one_for_and_proto() -> None:
    environ = run(
        make(),
        HTTP_X_FORWARDED_FOR="203.0.113.5",
        HTTP_X_FORWARDED_PROTO="https",
        HTTP_X_FORWARDED_HOST="example.org",
        HTTP_X_FORWARDED_PORT="443",
        HTTP_X_FORWARDED_PREFIX="/app",
    )
    # Host, port and prefix are not trusted by default.
    assert changed_keys(environ) == {
        "REMOTE_ADDR": "203.0.113.5",
        "wsgi.url_scheme": "https",
    }


@pytest.mark.parametrize(
    ("x_for", "header", "expected"),
    [
        (1, "203.0.113.5", "203.0.113.5"),
        # The client prepended a forged address; one proxy appended the
        # real one.
        (1, "1.2.3.4, 203.0.113.5", "203.0.113.5"),
        (2, "1.2.3.4, 203.0.113.5, 10.0.0.9", "203.0.113.5"),
        (3, "1.2.3.4, 203.0.113.5, 10.0.0.9", "1.2.3.4"),
        # Fewer values than trusted proxies: the header cannot be right.
        (3, "203.0.113.5, 10.0.0.9", "10.0.0.1"),
        # Nothing trusted.
        (0, "203.0.113.5", "10.0.0.1"),
        # An empty value in the trusted position.
        (2, ", 203.0.113.5", "10.0.0.1"),
        (1, "", "10.0.0.1"),
        (1, " 203.0.113.5 ", "203.0.113.5"),
    ],
)
def test_x_for_counts(x_for: int, header: str, expected: str) -> None:
    environ = run(make(x_for=x_for), HTTP_X_FORWARDED_FOR=header)
    assert environ["REMOTE_ADDR"] == expected


def test_spoofed_proto_before_trusted_value_is_ignored() -> None:
    environ = run(make(x_proto=1), HTTP_X_FORWARDED_PROTO="https, http")
    assert environ["wsgi.url_scheme"] == "http"
    environ = run(make(x_proto=2), HTTP_X_FORWARDED_PROTO="https, http")
    assert environ["wsgi.url_scheme"] == "https"


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (
            "example.org",
            {"HTTP_HOST": "example.org", "SERVER_NAME": "example.org"},
        ),
        (
            "example.org:8443",
            {
                "HTTP_HOST": "example.org:8443",
                "SERVER_NAME": "example.org",
                "SERVER_PORT": "8443",
            },
        ),
        (
            "[2001:db8::1]",
            {"HTTP_HOST": "[2001:db8::1]", "SERVER_NAME": "[2001:db8::1]"},
        ),
        (
            "[2001:db8::1]:8443",
            {
                "HTTP_HOST": "[2001:db8::1]:8443",
                "SERVER_NAME": "[2001:db8::1]",
                "SERVER_PORT": "8443",
            },
        ),
    ],
)
def test_x_host(header: str, expected: dict[str, str]) -> None:
    environ = run(make(x_for=0, x_proto=0, x_host=1), HTTP_X_FORWARDED_HOST=header)
    assert changed_keys(environ) == expected


@pytest.mark.parametrize(
    ("host", "expected_host"),
    [
        ("internal:8000", "internal:9443"),
        ("internal", "internal:9443"),
        ("[::1]", "[::1]:9443"),
        ("[::1]:8000", "[::1]:9443"),
    ],
)
def test_x_port_replaces_port_of_host(host: str, expected_host: str) -> None:
    environ = run(
        make(x_for=0, x_proto=0, x_port=1),
        HTTP_HOST=host,
        HTTP_X_FORWARDED_PORT="9443",
    )
    assert environ["HTTP_HOST"] == expected_host
    assert environ["SERVER_PORT"] == "9443"


def test_x_port_without_host_sets_server_port_only() -> None:
    proxy_fix = make(x_port=1)
    seen: dict[str, t.Any] = {}

    def app(environ: dict[str, t.Any], start_response: t.Any) -> list[bytes]:
        seen.update(environ)
        start_response("204 No Content", [])
        return []

    proxy_fix.app = app
    environ = create_environ("/", environ_overrides={"HTTP_X_FORWARDED_PORT": "81"})
    del environ["HTTP_HOST"]
    run_wsgi_app(proxy_fix, environ, buffered=True)
    assert "HTTP_HOST" not in seen
    assert seen["SERVER_PORT"] == "81"


def test_x_port_applies_after_x_host() -> None:
    environ = run(
        make(x_host=1, x_port=1),
        HTTP_X_FORWARDED_HOST="example.org:8443",
        HTTP_X_FORWARDED_PORT="443",
    )
    assert environ["HTTP_HOST"] == "example.org:443"
    assert environ["SERVER_NAME"] == "example.org"
    assert environ["SERVER_PORT"] == "443"


def test_x_prefix() -> None:
    environ = run(make(x_prefix=2), HTTP_X_FORWARDED_PREFIX="/forged, /outer, /inner")
    assert environ["SCRIPT_NAME"] == "/outer"


def test_all_headers_with_two_proxies() -> None:
    environ = run(
        make(x_for=2, x_proto=2, x_host=2, x_port=2, x_prefix=2),
        HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.5, 10.0.0.2",
        HTTP_X_FORWARDED_PROTO="http, https, http",
        HTTP_X_FORWARDED_HOST="evil.test, example.org, internal",
        HTTP_X_FORWARDED_PORT="1, 443, 8000",
        HTTP_X_FORWARDED_PREFIX="/evil, /app, /",
    )
    assert changed_keys(environ) == {
        "REMOTE_ADDR": "203.0.113.5",
        "wsgi.url_scheme": "https",
        "HTTP_HOST": "example.org:443",
        "SERVER_NAME": "example.org",
        "SERVER_PORT": "443",
        "SCRIPT_NAME": "/app",
    }


def test_original_values_are_kept() -> None:
    environ = run(
        make(x_for=1, x_proto=1, x_host=1, x_port=1, x_prefix=1),
        HTTP_X_FORWARDED_FOR="203.0.113.5",
        HTTP_X_FORWARDED_PROTO="https",
        HTTP_X_FORWARDED_HOST="example.org",
        HTTP_X_FORWARDED_PORT="443",
        HTTP_X_FORWARDED_PREFIX="/app",
    )
    assert environ["werkzeug.proxy_fix.orig"] == ORIGINAL


def test_original_values_of_missing_keys_are_none() -> None:
    seen: dict[str, t.Any] = {}

    def app(environ: dict[str, t.Any], start_response: t.Any) -> list[bytes]:
        seen.update(environ)
        return []

    ProxyFix(app)({}, lambda *args: None)  # type: ignore[arg-type]
    assert seen["werkzeug.proxy_fix.orig"] == dict.fromkeys(ORIGINAL)
    assert set(seen) == {"werkzeug.proxy_fix.orig"}
