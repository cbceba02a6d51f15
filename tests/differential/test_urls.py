"""rostzeug.urls against werkzeug.urls on drawn URLs and IRIs."""

from __future__ import annotations

import typing as t
from urllib.parse import urlsplit

import werkzeug.urls as wu
from hypothesis import given
from hypothesis import strategies as st

import rostzeug.urls as ru

from . import strategies as g
from .compare import outcome
from .compare import same
from .deliberate import deliberate

host = st.one_of(
    st.sampled_from(
        [
            "example.com",
            "b\u00fccher.example",
            "xn--bcher-kva.example",
            "xn--invalid",
            "[::1]",
            "127.0.0.1",
            "EXAMPLE.com",
            "",
            "\u2603.net",
            "a..b",
            "xn--",
            "ex ample",
        ]
    ),
    g.pieces(["a", "b", ".", "-", "\u00e9", "xn--", "%41", "[", "]", ":"], 8),
)


@st.composite
def url(draw: st.DrawFn) -> str:
    scheme = draw(
        st.sampled_from(
            ["http", "https", "ftp", "itms-services", "mailto", "", "HTTP", "x+y"]
        )
    )
    userinfo = draw(
        st.one_of(
            st.just(""),
            st.builds("{}@".format, g.path_piece),
            st.builds("{}:{}@".format, g.path_piece, g.path_piece),
        )
    )
    port = draw(
        st.sampled_from(["", "", ":80", ":0", ":65535", ":65536", ":x", ":", ":-1"])
    )
    netloc = f"//{userinfo}{draw(host)}{port}" if draw(st.booleans()) else ""
    path = draw(g.path_piece)
    if netloc and path and not path.startswith("/"):
        path = "/" + path
    query = draw(st.one_of(st.just(""), st.builds("?{}".format, g.path_piece)))
    fragment = draw(st.one_of(st.just(""), st.builds("#{}".format, g.path_piece)))
    prefix = f"{scheme}:" if scheme else ""
    return f"{prefix}{netloc}{path}{query}{fragment}"


def same_conversion(
    ours: t.Callable[[], str], theirs: t.Callable[[], str], uri: str
) -> t.Any:
    """Compares two conversions of ``uri``; Werkzeug's UnicodeError on a
    Punycode label that Python's codec cannot decode is a listed case."""
    mine, reference = outcome(ours), outcome(theirs)
    if reference == ("raised", "UnicodeError") and mine != reference:
        deliberate("uri-to-iri-undecodable-idna-label")
        parts = urlsplit(uri)
        if outcome(lambda: parts.port) == ("raised", "ValueError"):
            # An invalid port is refused as it is without the label.
            assert mine == ("raised", "ValueError")
            return None
        # The label stays as it was, as other invalid labels do.
        assert isinstance(mine, str)
        assert (parts.hostname or "") in mine.lower()
        return None
    assert mine == reference, f"rostzeug: {mine!r}\nwerkzeug: {reference!r}"
    return mine


@given(st.one_of(url(), g.path_piece))
def test_iri_to_uri(value):
    result = same(lambda: ru.iri_to_uri(value), lambda: wu.iri_to_uri(value))
    if isinstance(result, str):
        same_conversion(
            lambda: ru.uri_to_iri(result), lambda: wu.uri_to_iri(result), result
        )


@given(st.one_of(url(), g.path_piece))
def test_uri_to_iri(value):
    result = same_conversion(
        lambda: ru.uri_to_iri(value), lambda: wu.uri_to_iri(value), value
    )
    if isinstance(result, str):
        same(lambda: ru.iri_to_uri(result), lambda: wu.iri_to_uri(result))
