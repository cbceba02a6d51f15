"""rostzeug.utils and rostzeug.security against Werkzeug's on drawn names
and paths."""

from __future__ import annotations

import werkzeug.security as wsec
import werkzeug.utils as wut
from hypothesis import given
from hypothesis import strategies as st

import rostzeug.security as rsec
import rostzeug.utils as rut

from . import strategies as g
from .compare import same

filename = st.one_of(
    g.path_piece,
    st.text(max_size=12),
    g.pieces(
        [
            "..",
            "/",
            "\\",
            " ",
            "_",
            ".",
            "a",
            "CON",
            "con",
            "NUL",
            "com1",
            "LPT3",
            "aux",
            ".txt",
            "\u00e9",
            "\ufb01",
            "\u0301",
            "\t",
            "\x00",
            "...",
        ],
        8,
    ),
)


@given(filename)
def test_secure_filename(value):
    same(lambda: rut.secure_filename(value), lambda: wut.secure_filename(value))


@given(
    st.sampled_from(
        [
            "text/html",
            "text/plain",
            "application/json",
            "application/xml",
            "image/png",
            "application/javascript",
            "text/html; charset=x",
            "application/foo+xml",
            "",
        ]
    ),
    st.sampled_from(["utf-8", "latin-1", ""]),
)
def test_get_content_type(mimetype, charset):
    same(
        lambda: rut.get_content_type(mimetype, charset),
        lambda: wut.get_content_type(mimetype, charset),
    )


@given(
    st.one_of(
        g.path_piece,
        st.sampled_from(["/", "/a/b", "http://example.com/\u00e9", "\u00e9?x=y"]),
    ),
    st.sampled_from([301, 302, 303, 307, 308]),
)
def test_redirect(location, code):
    def run(module):
        response = module.redirect(location, code)
        return (
            response.status_code,
            response.headers.get("Location"),
            response.get_data(),
        )

    same(lambda: run(rut), lambda: run(wut))


untrusted = st.one_of(
    filename,
    g.pieces(
        [
            "..",
            "/",
            "\\",
            "a",
            "C:",
            "c:",
            "//",
            "\\\\",
            "NUL",
            "con.txt",
            "COM\u00b9",
            "CONIN$",
            " ",
            ".",
            "\x00",
            "~",
        ],
        6,
    ),
)


@given(
    st.sampled_from(["/srv/static", "/srv/static/", "srv", ".", "", "/"]),
    st.lists(untrusted, max_size=3),
)
def test_safe_join(directory, parts):
    same(
        lambda: rsec.safe_join(directory, *parts),
        lambda: wsec.safe_join(directory, *parts),
    )
