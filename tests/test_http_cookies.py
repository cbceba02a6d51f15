"""Parsing ``Cookie`` and building ``Set-Cookie`` headers."""

from __future__ import annotations

import re
from datetime import UTC
from datetime import datetime
from datetime import timedelta

import pytest

from rostzeug import http
from rostzeug.datastructures import ImmutableMultiDict
from rostzeug.datastructures import MultiDict
from rostzeug.sansio import http as sansio_http


def test_parse_cookie() -> None:
    cookies = http.parse_cookie(
        "dismiss-top=6; CP=null*; PHPSESSID=0a539d42abc001cdc762809248d4beed;"
        'a=42; b="\\";"; ; fo234{=bar;blub=Blah; "__Secure-c"=d;'
        "==__Host-eq=bad;__Host-eq=good;"
    )
    assert type(cookies) is MultiDict
    assert cookies.to_dict() == {
        "dismiss-top": "6",
        "CP": "null*",
        "PHPSESSID": "0a539d42abc001cdc762809248d4beed",
        "a": "42",
        "b": '";',
        "fo234{": "bar",
        "blub": "Blah",
        "__Host-eq": "good",
    }


@pytest.mark.parametrize(
    "header", ["=__Host-x=bad", "=__Host-x=bad; ok=1", " = __Host-x=bad;ok=1"]
)
def test_nameless_cookie_cannot_shadow(header: str) -> None:
    # CVE-2023-23934: a nameless cookie must not become "__Host-x".
    cookies = http.parse_cookie(header)
    assert "__Host-x" not in cookies
    assert "" not in cookies


def test_repeated_names_and_missing_values() -> None:
    cookies = http.parse_cookie(
        "first=IamTheFirst ; a=1; oops ; a=2 ;second = andMeTwo;"
    )
    assert cookies.to_dict(flat=False) == {
        "first": ["IamTheFirst"],
        "a": ["1", "2"],
        "oops": [""],
        "second": ["andMeTwo"],
    }
    assert list(cookies) == ["first", "a", "oops", "second"]


@pytest.mark.parametrize(
    ("header", "expect"),
    [
        ("spam=ham; duck=mallard; ; ", {"spam": "ham", "duck": "mallard"}),
        ("a=b c; d=e", {"d": "e"}),
        ('a="unterminated; b=2', {"b": "2"}),
        ('a="x"y; b=2', {"b": "2"}),
        ('a="foo\\054bar"', {"a": "foo,bar"}),
        ('a="\\342\\230\\203"', {"a": "\N{SNOWMAN}"}),
        ('a="\\377"', {"a": "\ufffd"}),
        ('a="\\400"', {"a": "400"}),
        ('a="x\\\\y"', {"a": "x\\y"}),
        ('foo="?foo"; version="0.1";', {"foo": "?foo", "version": "0.1"}),
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

    plain = http.parse_cookie(header, Pairs)  # type: ignore[type-var]
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
    header = http.dump_cookie(
        "foo", "bar baz blub", 360, httponly=True, sync_expires=False
    )
    assert set(header.split("; ")) == {
        'foo="bar baz blub"',
        "Max-Age=360",
        "HttpOnly",
        "Path=/",
    }
    assert http.dump_cookie("key", "xxx/") == "key=xxx/; Path=/"
    assert http.dump_cookie("key", "xxx=", path=None) == "key=xxx="
    assert http.dump_cookie("foo", "?foo") == "foo=?foo; Path=/"


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
    header = http.dump_cookie("fö", "fö")
    assert header == 'fÃ¶="f\\303\\266"; Path=/'
    assert http.parse_cookie(header)["fö"] == "fö"


@pytest.mark.parametrize(
    ("domain", "expect"),
    [
        ("\N{SNOWMAN}.com", "xn--n3h.com"),
        ("foo.com", "foo.com"),
        (".foo.com:80", "foo.com"),
        ("localhost", "localhost"),
    ],
)
def test_dump_cookie_domain(domain: str, expect: str) -> None:
    header = http.dump_cookie("foo", "bar", domain=domain, path=None)
    assert header == f"foo=bar; Domain={expect}"


def test_dump_cookie_invalid_domain() -> None:
    with pytest.raises(UnicodeError):
        http.dump_cookie("foo", "bar", domain="a..b")


def test_dump_cookie_max_size() -> None:
    assert len(http.dump_cookie("foo", "bar" * 1360 + "b")) == 4093
    with pytest.warns(UserWarning, match="cookie is too large"):
        http.dump_cookie("foo", "bar" * 1360 + "ba")
    with pytest.warns(UserWarning, match="the limit is 512 bytes"):
        http.dump_cookie("foo", "w" * 501, max_size=512)


@pytest.mark.parametrize(
    ("samesite", "expect"),
    [
        ("strict", "foo=bar; SameSite=Strict"),
        ("LAX", "foo=bar; SameSite=Lax"),
        ("none", "foo=bar; SameSite=None"),
        (None, "foo=bar"),
    ],
)
def test_dump_cookie_samesite(samesite: str | None, expect: str) -> None:
    assert http.dump_cookie("foo", "bar", samesite=samesite, path=None) == expect


def test_dump_cookie_invalid_samesite() -> None:
    with pytest.raises(ValueError, match="SameSite"):
        http.dump_cookie("foo", "bar", samesite="invalid")


def test_dump_cookie_partitioned_sets_secure() -> None:
    expect = "foo=bar; Secure; Path=/; Partitioned"
    assert http.dump_cookie("foo", "bar", partitioned=True) == expect
    assert http.dump_cookie("foo", "bar", partitioned=True, secure=True) == expect
