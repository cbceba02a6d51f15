"""ContentSecurityPolicy."""

from __future__ import annotations

from rostzeug import datastructures as ds


def test_properties_read_and_write_directives() -> None:
    calls: list[object] = []
    csp = ds.ContentSecurityPolicy([("font-src", "'self'")], on_update=calls.append)
    assert csp.font_src == "'self'"
    assert csp.img_src is None
    csp.img_src = "'none'"
    assert csp["img-src"] == "'none'"
    csp.img_src = None
    assert "img-src" not in csp
    del csp.font_src
    del csp.font_src
    assert dict(csp) == {}
    assert len(calls) == 3
    assert csp.provided
    assert not ds.ContentSecurityPolicy(None).provided


def test_header_and_repr() -> None:
    csp = ds.ContentSecurityPolicy()
    csp.default_src = "'self'"
    csp.script_src_elem = "https://cdn.example"
    parts = {part.strip() for part in csp.to_header().split(";")}
    assert parts == {"default-src 'self'", "script-src-elem https://cdn.example"}
    assert str(csp) == csp.to_header()
    assert repr(csp) == (
        "<ContentSecurityPolicy default-src=\"'self'\""
        " script-src-elem='https://cdn.example'>"
    )
