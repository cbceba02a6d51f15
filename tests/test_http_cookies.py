"""Parsing ``Cookie`` and building ``Set-Cookie`` headers."""

from __future__ import annotations

import inspect
import re
import warnings
from datetime import UTC
from datetime import datetime
from datetime import timedelta

import pytest

from rostzeug import http
from rostzeug.datastructures import ImmutableMultiDict
from rostzeug.datastructures import MultiDict
from rostzeug.sansio import http as sansio_http


def test_parse_cookie() -> None:
    # Punctuation in names and values, a quoted value holding an escaped
    # quote and a semicolon, an empty segment, no space after ";", a quoted
    # name (dropped) and a nameless pair that must not set "__Host-tok".
    header = (
        "theme-mode=dark; tracker=off*; sid=5f2b8c1e9d7a4b3c; n=7;"
        ' q="x\\";y"; ; odd}name=val;tight=Yes; "__Secure-id"=z;'
        "==__Host-tok=forged;__Host-tok=real;"
    )
    cookies = http.parse_cookie(header)
    assert type(cookies) is MultiDict
    assert list(cookies.items()) == [
        ("theme-mode", "dark"),
        ("tracker", "off*"),
        ("sid", "5f2b8c1e9d7a4b3c"),
        ("n", "7"),
        ("q", 'x";y'),
        ("odd}name", "val"),
        ("tight", "Yes"),
        ("__Host-tok", "real"),
    ]


@pytest.mark.parametrize(
    "header", ["=__Host-x=bad", "=__Host-x=bad; ok=1", " = __Host-x=bad;ok=1"]
)
def test_nameless_cookie_cannot_shadow(header: str) -> None:
    # CVE-2023-23934: a nameless cookie must not become "__Host-x".
    cookies = http.parse_cookie(header)
    assert "__Host-x" not in cookies
    assert "" not in cookies


def test_repeated_names_and_missing_values() -> None:
    cookies = http.parse_cookie("lang=en ; n=1; flag ; n=2 ;  tz = UTC+1;")
    assert cookies.to_dict(flat=False) == {
        "lang": ["en"],
        "n": ["1", "2"],
        "flag": [""],
        "tz": ["UTC+1"],
    }
    assert list(cookies) == ["lang", "n", "flag", "tz"]
    assert cookies["n"] == "1"


@pytest.mark.parametrize(
    ("header", "expect"),
    [
        ("x=1; ; y=2;  ;", {"x": "1", "y": "2"}),
        ("a=b c; d=e", {"d": "e"}),
        ('a="unterminated; b=2', {"b": "2"}),
        ('a="x"y; b=2', {"b": "2"}),
        ('a="foo\\054bar"', {"a": "foo,bar"}),
        ('a="\\342\\230\\203"', {"a": "\N{SNOWMAN}"}),
        ('a="\\377"', {"a": "\ufffd"}),
        ('a="\\400"', {"a": "400"}),
        ('a="x\\\\y"', {"a": "x\\y"}),
        ('id="#7"; rev="2.5";', {"id": "#7", "rev": "2.5"}),
        ("", {}),
    ],
)
def test_cookie_values(header: str, expect: dict[str, str]) -> None:
    assert http.parse_cookie(header).to_dict() == expect


def test_parse_cookie_from_environ_and_none() -> None:
    assert http.parse_cookie({"HTTP_COOKIE": "a=b"}).to_dict() == {"a": "b"}
    assert http.parse_cookie({}).to_dict() == {}
    assert http.parse_cookie(None).to_dict() == {}


def test_parse_cookie_wsgi_string_is_decoded() -> None:
    # WSGI strings carry UTF-8 bytes as Latin-1 characters.
    assert http.parse_cookie("fÃ¶=fÃ¶")["fö"] == "fö"
    # The sans-IO parser takes the text as it is.
    assert sansio_http.parse_cookie("fö=fö")["fö"] == "fö"


@pytest.mark.parametrize(
    ("header", "error"),
    [("a=\xff", UnicodeDecodeError), ("a=\u20ac", UnicodeEncodeError)],
)
def test_parse_cookie_rejects_undecodable_wsgi_strings(
    header: str, error: type[Exception]
) -> None:
    with pytest.raises(error):
        http.parse_cookie(header)


def test_parse_cookie_cls() -> None:
    header = "a=1; b=2; a=3"
    immutable = http.parse_cookie(header, ImmutableMultiDict)
    assert type(immutable) is ImmutableMultiDict
    assert immutable.getlist("a") == ["1", "3"]
    with pytest.raises(TypeError):
        immutable["c"] = "x"  # type: ignore[index]

    class Subclass(MultiDict):
        pass

    sub = sansio_http.parse_cookie(header, cls=Subclass)
    assert type(sub) is Subclass
    assert sub.getlist("a") == ["1", "3"]

    class Pairs(dict):  # type: ignore[type-arg]
        def __init__(self, pairs: list[tuple[str, str]]) -> None:
            super().__init__(pairs)

    plain = http.parse_cookie(header, Pairs)  # type: ignore[arg-type]
    assert plain == {"a": "3", "b": "2"}


def test_many_cookies_keep_order() -> None:
    header = "; ".join(f"k{i % 25}=v{i}" for i in range(100))
    cookies = http.parse_cookie(header)
    assert list(cookies) == [f"k{i}" for i in range(25)]
    assert cookies.getlist("k3") == [f"v{i}" for i in range(3, 100, 25)]


def test_long_cookie_headers_are_fast() -> None:
    assert http.parse_cookie('"' * 200_000).to_dict() == {}
    assert http.parse_cookie("a=" + '"\\' * 100_000).to_dict() == {}
    assert len(http.parse_cookie("a=b;" * 50_000).getlist("a")) == 50_000


def test_dump_cookie() -> None:
    # max_age is the third positional argument; spaces force quoting.
    attributes = http.dump_cookie(
        "sess", "a b c", 90, httponly=True, sync_expires=False
    )
    assert sorted(attributes.split("; ")) == [
        "HttpOnly",
        "Max-Age=90",
        "Path=/",
        'sess="a b c"',
    ]
    # "/", "=" and "?" are left unquoted.
    assert http.dump_cookie("k", "a/b") == "k=a/b; Path=/"
    assert http.dump_cookie("k", "ab==", path=None) == "k=ab=="
    assert http.dump_cookie("k", "?q") == "k=?q; Path=/"


def test_dump_cookie_signature_shows_the_documented_defaults() -> None:
    parameters = inspect.signature(http.dump_cookie).parameters
    defaults = {name: p.default for name, p in parameters.items()}
    assert defaults == {
        "key": inspect.Parameter.empty,
        "value": "",
        "max_age": None,
        "expires": None,
        "path": "/",
        "domain": None,
        "secure": False,
        "httponly": False,
        "sync_expires": True,
        "max_size": 4093,
        "samesite": None,
        "partitioned": False,
    }
    # Passing them gives what leaving them out gives.
    del defaults["key"]
    assert http.dump_cookie("k", **defaults) == http.dump_cookie("k") == "k=; Path=/"


def test_dump_cookie_all_attributes() -> None:
    header = http.dump_cookie(
        "session",
        "abc",
        max_age=timedelta(hours=1),
        expires=datetime(2030, 1, 2, 3, 4, 5, tzinfo=UTC),
        path="/a b",
        domain=".Example.com:8080",
        secure=True,
        httponly=True,
        samesite="lax",
        partitioned=True,
    )
    assert header == (
        "session=abc; Domain=Example.com; Expires=Wed, 02 Jan 2030 03:04:05 GMT;"
        " Max-Age=3600; Secure; HttpOnly; Path=/a%20b; SameSite=Lax; Partitioned"
    )


def test_dump_cookie_expires_forms() -> None:
    def expires(**kwargs: object) -> str:
        header = http.dump_cookie("a", "b", path=None, **kwargs)  # type: ignore[arg-type]
        match = re.search("Expires=([^;]*)", header)
        assert match is not None
        return match.group(1)

    assert expires(expires=0) == "Thu, 01 Jan 1970 00:00:00 GMT"
    assert expires(expires="tomorrow") == "tomorrow"
    assert expires(expires=datetime(2020, 1, 1)) == "Wed, 01 Jan 2020 00:00:00 GMT"
    before = datetime.now(UTC).replace(microsecond=0) + timedelta(seconds=60)
    synced = http.parse_date(expires(max_age=60))
    after = datetime.now(UTC) + timedelta(seconds=60)
    assert synced is not None
    assert before <= synced <= after
    assert "Expires" not in http.dump_cookie("a", max_age=60, sync_expires=False)


@pytest.mark.parametrize(
    ("value", "expect"),
    [
        ("\N{SNOWMAN}", '"\\342\\230\\203"'),
        ('a"b\\c', '"a\\"b\\\\c"'),
        ("a;b,c", '"a\\073b\\054c"'),
        ("\x00\x7f", '"\\000\\177"'),
    ],
)
def test_dump_cookie_quotes_values(value: str, expect: str) -> None:
    header = http.dump_cookie("foo", value, path=None)
    assert header == f"foo={expect}"
    assert http.parse_cookie(header)["foo"] == value


def test_dump_cookie_non_ascii_key() -> None:
    header = http.dump_cookie("ünï", "cödé")
    # The name travels as a WSGI string; the value is octal-escaped UTF-8.
    assert header == 'Ã¼nÃ¯="c\\303\\266d\\303\\251"; Path=/'
    assert http.parse_cookie(header)["ünï"] == "cödé"


@pytest.mark.parametrize(
    ("domain", "expect"),
    [
        ("bücher.test", "xn--bcher-kva.test"),
        ("shop.example.net", "shop.example.net"),
        (".sub.example.org:8443", "sub.example.org"),
        ("localhost", "localhost"),
    ],
)
def test_dump_cookie_domain(domain: str, expect: str) -> None:
    header = http.dump_cookie("t", "v", domain=domain, path=None)
    assert header == f"t=v; Domain={expect}"


def test_dump_cookie_invalid_domain() -> None:
    with pytest.raises(UnicodeError):
        http.dump_cookie("foo", "bar", domain="a..b")


def test_dump_cookie_max_size() -> None:
    # "id=" + value + "; Path=/" is 11 bytes more than the value.
    at_limit = "z" * (4093 - 11)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert len(http.dump_cookie("id", at_limit)) == 4093
        assert len(http.dump_cookie("id", "q" * 501, max_size=512)) == 512
    with pytest.warns(UserWarning, match="cookie is too large"):
        http.dump_cookie("id", at_limit + "z")
    with pytest.warns(UserWarning, match="the limit is 512 bytes"):
        http.dump_cookie("id", "q" * 502, max_size=512)


def test_dump_cookie_max_size_warns_for_a_key_with_nul() -> None:
    # The key is the caller's, and may hold a NUL: still a warning, and the
    # header as it was asked for.
    with pytest.warns(UserWarning, match=r"The '\\0' cookie is too large"):
        assert http.dump_cookie("\0", "0", max_size=5) == "\0=0; Path=/"


@pytest.mark.parametrize(
    ("samesite", "expect"),
    [
        ("STRICT", "Strict"),
        ("Lax", "Lax"),
        ("nOnE", "None"),
    ],
)
def test_dump_cookie_samesite(samesite: str, expect: str) -> None:
    header = http.dump_cookie("t", "v", samesite=samesite, path=None)
    assert header == f"t=v; SameSite={expect}"


def test_dump_cookie_without_samesite() -> None:
    assert http.dump_cookie("t", "v", samesite=None, path=None) == "t=v"


def test_dump_cookie_invalid_samesite() -> None:
    with pytest.raises(ValueError, match="SameSite"):
        http.dump_cookie("t", "v", samesite="Relaxed")


def test_dump_cookie_partitioned_sets_secure() -> None:
    # Partitioned cookies are only accepted over HTTPS, so Secure is implied.
    assert http.dump_cookie("sid", "x1", partitioned=True) == (
        "sid=x1; Secure; Path=/; Partitioned"
    )
    for secure in (False, True):
        header = http.dump_cookie("sid", "x1", partitioned=True, secure=secure)
        assert header == "sid=x1; Secure; Path=/; Partitioned"
