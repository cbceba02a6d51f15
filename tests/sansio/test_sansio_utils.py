from __future__ import annotations

from urllib.parse import quote

import pytest

from rostzeug.exceptions import BadRequest
from rostzeug.exceptions import SecurityError
from rostzeug.sansio.utils import get_content_length
from rostzeug.sansio.utils import get_current_url
from rostzeug.sansio.utils import get_host
from rostzeug.sansio.utils import host_is_trusted
from rostzeug.urls import uri_to_iri


@pytest.mark.parametrize(
    "value",
    [
        "example.org",
        "EXAMPLE.org",
        "a-b.example.org:8080",
        "127.0.0.1",
        "127.0.0.1:1",
        "localhost:65535",
        "[::1]",
        "[2001:db8::ff00:42:8329]:443",
        "[::ffff:192.0.2.1]",
    ],
)
def test_host_is_trusted_accepts_well_formed_hosts(value: str) -> None:
    assert host_is_trusted(value)
    assert host_is_trusted(value, None)
    assert host_is_trusted(value, [])


@pytest.mark.parametrize(
    "value",
    [
        None,
        "",
        "exa mple.org",
        "example.org/path",
        "user@example.org",
        "example.org:",
        "example.org:http",
        "example.org:0",
        "example.org:0080",
        "example.org:65536",
        "example.org:123456",
        "example.org:80:80",
        "bücher.example",
        "::1",
        "[::1",
        "[zz::1]",
        "[127.0.0.1]",
    ],
)
def test_host_is_trusted_rejects_malformed_hosts(value: str | None) -> None:
    assert not host_is_trusted(value)
    assert not host_is_trusted(value, ["example.org"])


@pytest.mark.parametrize(
    ("hostname", "trusted", "expected"),
    [
        ("example.org", ["example.org"], True),
        ("example.org:8080", ["example.org"], True),
        ("example.org", ["example.org:9000"], True),
        ("www.example.org", ["example.org"], False),
        ("www.example.org", [".example.org"], True),
        ("a.b.example.org:1", [".example.org"], True),
        ("example.org", [".example.org"], True),
        ("badexample.org", [".example.org"], False),
        ("example.org.evil", [".example.org"], False),
        ("other.test", ["example.org", "other.test"], True),
        ("other.test", "other.test", True),
        ("xn--bcher-kva.example", ["bücher.example"], True),
        ("www.xn--bcher-kva.example", [".bücher.example"], True),
        ("[::1]:5000", ["[::1]"], False),
    ],
)
def test_host_is_trusted_list(
    hostname: str, trusted: list[str], expected: bool
) -> None:
    assert host_is_trusted(hostname, trusted) is expected


def test_host_is_trusted_entry_that_cannot_be_encoded() -> None:
    # A label over 63 characters fails IDNA; the check ends there.
    long_label = "ü" + "a" * 70
    assert not host_is_trusted("example.org", [long_label, "example.org"])
    assert host_is_trusted("example.org", ["example.org", long_label])


# Each row: URL scheme, Host header, WSGI server address, host that results.
_HostCase = tuple[str, str | None, tuple[str, int | None] | None, str]

_GET_HOST_CASES: list[_HostCase] = [
    ("http", "example.org", None, "example.org"),
    ("http", "example.org:80", None, "example.org"),
    ("ws", "example.org:80", None, "example.org"),
    ("https", "example.org:443", None, "example.org"),
    ("wss", "example.org:443", None, "example.org"),
    ("https", "example.org:80", None, "example.org:80"),
    ("http", "example.org:443", None, "example.org:443"),
    ("ftp", "example.org:80", None, "example.org:80"),
    ("http", "example.org:8080", None, "example.org:8080"),
    ("http", "example.org", ("server.test", 8000), "example.org"),
    ("http", None, ("server.test", 8000), "server.test:8000"),
    ("http", None, ("server.test", 80), "server.test"),
    ("https", None, ("server.test", 443), "server.test"),
    ("http", None, ("2001:db8::1", 8000), "[2001:db8::1]:8000"),
    ("http", None, ("[2001:db8::1]", 8000), "[2001:db8::1]:8000"),
    ("http", None, ("/run/app.sock", None), ""),
    ("http", None, None, ""),
    ("http", "", None, ""),
    ("http", "exa mple.org", None, ""),
    ("http", "example.org:0", ("server.test", 8000), ""),
]


@pytest.mark.parametrize("case", _GET_HOST_CASES, ids=repr)
def test_get_host(case: _HostCase) -> None:
    scheme, header, server_address, host = case
    assert get_host(scheme, header, server_address) == host


def test_get_host_trusted_hosts() -> None:
    assert get_host("http", "www.example.org", None, [".example.org"]) == (
        "www.example.org"
    )
    assert get_host("http", None, ("example.org", 8080), ["example.org"]) == (
        "example.org:8080"
    )

    with pytest.raises(SecurityError) as exc_info:
        get_host("http", "evil.test", None, ["example.org"])
    assert "'evil.test' is not trusted" in str(exc_info.value.description)
    assert isinstance(exc_info.value, BadRequest)
    assert exc_info.value.code == 400

    # With a trusted list, a malformed host is an error rather than "".
    with pytest.raises(SecurityError):
        get_host("http", "exa mple.org", None, ["example.org"])

    # No host at all is not checked against the list.
    assert get_host("http", None, None, ["example.org"]) == ""


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("http", "example.org"), "http://example.org/"),
        (("https", "example.org:8443", None, "/ignored"), "https://example.org:8443/"),
        (("http", "example.org", ""), "http://example.org/"),
        (("http", "example.org", "/app/"), "http://example.org/app/"),
        (("http", "example.org", "/app", ""), "http://example.org/app/"),
        (("http", "example.org", "/app", "/a/b"), "http://example.org/app/a/b"),
        (("http", "example.org", "/app//", "//a/"), "http://example.org/app/a/"),
        (("http", "example.org", "", "/a", b""), "http://example.org/a"),
        (("http", "example.org", "", "/a", b"x=1&y=2"), "http://example.org/a?x=1&y=2"),
        (("http", "example.org", "", "/a", None), "http://example.org/a"),
        (("http", "example.org", None, None, b"x=1"), "http://example.org/"),
        (
            ("http", "example.org", "", "/a b", b"q=a b"),
            "http://example.org/a%20b?q=a%20b",
        ),
        (
            ("http", "example.org", "", "/caf\xe9/\u2603"),
            "http://example.org/caf\xe9/\u2603",
        ),
        (
            ("http", "example.org", "", "/caf%C3%A9", b"q=%E2%98%83&r=%FF"),
            "http://example.org/caf\xe9?q=\u2603&r=%FF",
        ),
        (("http", "example.org", "", "/a%2Fb%20c"), "http://example.org/a%2Fb%20c"),
        (
            ("http", "example.org", "", "/a?b#c", b"x=#"),
            "http://example.org/a%3Fb%23c?x=%23",
        ),
        (
            ("http", "example.org", "", "/", b"a=%26&b=%3D"),
            "http://example.org/?a=%26&b=%3D",
        ),
        (
            ("http", "example.org", "", "/", b"q=\xe2\x98\x83"),
            "http://example.org/?q=\u2603",
        ),
        (("http", "example.org", "", "/", b"q=\xff"), "http://example.org/?q=%FF"),
        (("https", "xn--bcher-kva.example", "", "/"), "https://b\xfccher.example/"),
        (("HTTP", "Example.ORG:8080", "", "/A"), "http://example.org:8080/A"),
        (("http", "[::1]:8080", "", "/"), "http://[::1]:8080/"),
        (("http", "", "", "/a"), "http:///a"),
    ],
)
def test_get_current_url(args: tuple[object, ...], expected: str) -> None:
    assert get_current_url(*args) == expected  # type: ignore[arg-type]


def _convert_whole_url(
    scheme: str, host: str, root_path: str, path: str, query_string: bytes
) -> str:
    """The URL built in one piece and converted with uri_to_iri at once."""
    safe_path = "!$&'()*+,/:;=@%"
    url = f"{scheme}://{host}{quote(root_path.rstrip('/'), safe=safe_path)}/"
    url += quote(path.lstrip("/"), safe=safe_path)
    if query_string:
        url += "?" + quote(query_string, safe=safe_path + "?")
    return uri_to_iri(url)


@pytest.mark.parametrize("scheme", ["http", "https", "HTTPS", "ws"])
@pytest.mark.parametrize(
    "host",
    [
        "example.org",
        "EXAMPLE.org:81",
        "xn--bcher-kva.example",
        "[::1]:1",
        "bücher.example",
    ],
)
@pytest.mark.parametrize(
    ("root_path", "path", "query_string"),
    [
        ("", "/", b""),
        ("/r%20", "/p%2F%C3%A9", b"a=%3D%26%C3&b=%E2%98%83"),
        ("/\u2603", "/~x;y=1/@", b"x=a+b?c/d"),
        ("/a b", "/\x00\x7f", b"\x00\x7f%%"),
    ],
)
def test_get_current_url_same_as_converting_whole_url(
    scheme: str, host: str, root_path: str, path: str, query_string: bytes
) -> None:
    # Parts are converted separately where that is safe; the result must be
    # the one of converting the URL as a whole.
    expected = _convert_whole_url(scheme, host, root_path, path, query_string)
    assert get_current_url(scheme, host, root_path, path, query_string) == expected


def test_get_current_url_invalid_port() -> None:
    with pytest.raises(ValueError):
        get_current_url("http", "example.org:99999", "", "/")


@pytest.mark.parametrize(
    ("content_length", "transfer_encoding", "expected"),
    [
        ("0", None, 0),
        ("42", None, 42),
        (" 42\t", None, 42),
        ("0042", None, 42),
        ("42", "gzip", 42),
        ("-1", None, 0),
        ("+1", None, 0),
        ("1_000", None, 0),
        ("4 2", None, 0),
        ("", None, 0),
        ("\u0663", None, 0),
        ("1" * 5000, None, 0),
        (None, None, None),
        (None, "gzip", None),
        ("42", "chunked", None),
        ("42", "gzip, Chunked", None),
        ("42", 'gzip, "chunked"', None),
        ("42", "chunkedx", 42),
    ],
)
def test_get_content_length(
    content_length: str | None, transfer_encoding: str | None, expected: int | None
) -> None:
    assert get_content_length(content_length, transfer_encoding) == expected


@pytest.mark.parametrize("root_path", ["[", "r%5B", "a b"])
def test_get_current_url_root_path_without_slash(root_path: str) -> None:
    # Not valid WSGI, but it runs on into the host as in Werkzeug, so the
    # parts cannot be converted separately.
    expected = _convert_whole_url("http", "localhost", root_path, "/p", b"q")
    assert get_current_url("http", "localhost", root_path, "/p", b"q") == expected
    assert get_current_url("http", "localhost", "[", "/") == "http://localhost%5B/"
