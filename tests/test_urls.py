from __future__ import annotations

import pytest

from rostzeug.datastructures import MultiDict
from rostzeug.urls import _urlencode
from rostzeug.urls import iri_to_uri
from rostzeug.urls import uri_to_iri


def test_uri_to_iri_decodes_utf8_escapes_and_punycode() -> None:
    assert (
        uri_to_iri("http://xn--n3h.net/p%C3%A5th?q=%C3%A8ry#fr%C3%A4g")
        == "http://\u2603.net/p\u00e5th?q=\u00e8ry#fr\u00e4g"
    )


def test_iri_to_uri_encodes_utf8_and_punycode() -> None:
    assert (
        iri_to_uri("http://\u2603.net/p\u00e5th?q=\u00e8ry#fr\u00e4g")
        == "http://xn--n3h.net/p%C3%A5th?q=%C3%A8ry#fr%C3%A4g"
    )


@pytest.mark.parametrize(
    ("uri", "iri"),
    [
        # Delimiters of the path stay quoted there, others are decoded.
        ("/a%2Fb%3Fc%23d%26e%3Df", "/a%2Fb%3Fc%23d&e=f"),
        # Delimiters of the query stay quoted there, "/" and "?" do not.
        ("/?a=%26%3D%2B%23%2F%3F", "/?a=%26%3D%2B%23/?"),
        # A fragment has no delimiters of its own.
        ("/#%26%3D%2F%3F%23", "/#&=/?#"),
        # User info keeps ":" and "@" quoted.
        ("http://a%3Ab%40c:p%40ss%2F@h/", "http://a%3Ab%40c:p%40ss%2F@h/"),
        ("http://%C3%BCser:p%C3%A4ss@h/", "http://\u00fcser:p\u00e4ss@h/"),
    ],
)
def test_uri_to_iri_keeps_delimiters_of_each_part_quoted(uri: str, iri: str) -> None:
    assert uri_to_iri(uri) == iri


@pytest.mark.parametrize("escape", ["%20", "%25", "%00", "%1F", "%7F", "%0A"])
def test_uri_to_iri_keeps_controls_space_and_percent_quoted(escape: str) -> None:
    for uri in (f"/a{escape}b", f"/?q=a{escape}b", f"/#a{escape}b"):
        assert uri_to_iri(uri) == uri


def test_uri_to_iri_keeps_the_case_of_escapes_it_leaves() -> None:
    assert uri_to_iri("/a%2fb%c3%a9") == "/a%2fb\u00e9"


def test_uri_to_iri_requotes_invalid_utf8_in_upper_case() -> None:
    assert uri_to_iri("/%e2%98?q=%ff%C3%A9") == "/%E2%98?q=%FF\u00e9"


def test_uri_to_iri_does_not_join_bytes_across_a_kept_escape() -> None:
    # The two halves of "é" are separated by a kept "%2F", so neither decodes.
    assert uri_to_iri("/%C3%2F%A9") == "/%C3%2F%A9"


def test_uri_to_iri_leaves_invalid_punycode_labels() -> None:
    assert uri_to_iri("http://xn--a.xn--n3h.test/") == "http://xn--a.\u2603.test/"


def test_uri_to_iri_lower_cases_the_host() -> None:
    assert uri_to_iri("http://EXAMPLE.com/Path") == "http://example.com/Path"


@pytest.mark.parametrize(
    "url",
    [
        "http://:p@d.test",
        "http://u:@d.test",
        "http://:@d.test",
        "http://u@d.test",
        "http://d.test:0",
        "http://d.test:8080/",
        "http://[::1]:8080/x",
        "http://[fe80::1]/",
        "itms-services://?action=download-manifest&url=https://d.test/p",
        "/relative/path?q=1",
        "",
    ],
)
def test_both_directions_keep_the_structure_of_the_url(url: str) -> None:
    assert uri_to_iri(url) == url
    assert iri_to_uri(url) == url


@pytest.mark.parametrize("url", ["http://d.test:99999/", "http://d.test:port/"])
def test_invalid_port_raises(url: str) -> None:
    with pytest.raises(ValueError):
        uri_to_iri(url)
    with pytest.raises(ValueError):
        iri_to_uri(url)


def test_iri_to_uri_quotes_only_what_is_not_valid_in_each_part() -> None:
    assert iri_to_uri("/p a[t]h!$'()*+,;=:@") == "/p%20a%5Bt%5Dh!$'()*+,;=:@"
    assert iri_to_uri("/?q=a b&c=[d]?/") == "/?q=a%20b&c=%5Bd%5D?/"
    assert iri_to_uri("/#f r#?") == "/#f%20r#?"
    assert iri_to_uri("http://u s:p@s@h/") == "http://u%20s:p%40s@h/"


def test_empty_query_and_fragment_are_dropped() -> None:
    assert iri_to_uri("/p?#") == "/p"
    assert uri_to_iri("/p?#") == "/p"


def test_iri_to_uri_keeps_existing_escapes() -> None:
    uri = "http://xn--n3h.net/%2F%C3%A5?q=%26%3D#%25"
    assert iri_to_uri(uri) == uri


def test_iri_to_uri_encodes_controls_outside_ascii() -> None:
    assert iri_to_uri("/foo\x8f") == "/foo%C2%8F"


@pytest.mark.parametrize(
    "iri",
    [
        "http://f\u00f6\u00f1.com/\u2610/fred?utf8=\u2713#\u00e9",
        "http://\u00fcser:p\u00e4ss@\u2603.net:81/p\u00e5th",
    ],
)
def test_round_trip(iri: str) -> None:
    uri = iri_to_uri(iri)
    assert uri.isascii()
    assert uri_to_iri(uri) == iri
    assert iri_to_uri(uri) == uri
    assert uri_to_iri(iri) == iri


def test_url_quote_error_handler_is_registered() -> None:
    assert b"a\xff\xc3\xa9".decode("utf-8", "werkzeug.url_quote") == "a%FF\u00e9"


def test_urlencode_skips_none_and_keeps_query_safe_characters() -> None:
    query = MultiDict([("a", "1"), ("b", None), ("a", "x y&z"), ("c", "!$'()*,/:;?@")])
    assert _urlencode(query) == "a=1&a=x+y%26z&c=!$'()*,/:;?@"


def test_urlencode_accepts_a_dict_of_lists() -> None:
    assert _urlencode({"k": ["1", "2"], "\u00e9": "\u2603"}) == (
        "k=1&k=2&%C3%A9=%E2%98%83"
    )
