"""One worked example per listed deliberate difference: each shows the
difference is real (so the list holds nothing stale) and that rostzeug's
switch for it, where there is one, gives Werkzeug's behaviour."""

from __future__ import annotations

import io
import sys
import typing as t
from datetime import UTC
from datetime import datetime

import pytest
import werkzeug.datastructures as wds
import werkzeug.formparser as wfp
import werkzeug.http as wh
import werkzeug.middleware.shared_data as wsd
import werkzeug.urls as wu

import rostzeug.datastructures as rds
import rostzeug.formparser as rfp
import rostzeug.http as rh
import rostzeug.middleware.shared_data as rsd
import rostzeug.urls as ru

from .compare import outcome
from .deliberate import DELIBERATE

TOO_LARGE = ("raised", "RequestEntityTooLarge", "413")
# The form and files of part(): one field "f" with the value "v".
FIELD_F = [("MultiDict", [("f", "v")]), ("MultiDict", [])]


def parse(
    module: t.Any, body: bytes, memory: int | None = None, **settings: t.Any
) -> t.Any:
    environ = {
        "REQUEST_METHOD": "POST",
        "CONTENT_TYPE": "multipart/form-data; boundary=b",
        "CONTENT_LENGTH": str(len(body)),
        "wsgi.input": io.BytesIO(body),
    }
    parser = module.FormDataParser(
        stream_factory=lambda *args, **kwargs: io.BytesIO(),
        max_form_memory_size=memory,
        silent=False,
    )
    for name, value in settings.items():
        setattr(parser, name, value)
    return outcome(lambda: parser.parse_from_environ(environ)[1:])


def part(headers: list[bytes], data: bytes = b"v") -> bytes:
    head = b"\r\n".join([b'Content-Disposition: form-data; name="f"', *headers])
    return b"--b\r\n" + head + b"\r\n\r\n" + data + b"\r\n--b--\r\n"


def multipart_part_header_limits() -> None:
    for body in (part([b"X-A: 1"] * 70), part([b"X-A: " + b"a" * 17000])):
        assert parse(rfp, body) == TOO_LARGE
        assert parse(wfp, body) == FIELD_F
        unlimited = {"max_part_header_lines": None, "max_part_header_size": None}
        assert parse(rfp, body, **unlimited) == parse(wfp, body)


def multipart_outer_data_skipped() -> None:
    body = b"x" * 5000 + part([]) + b"y" * 5000
    assert parse(rfp, body, memory=1000) == FIELD_F
    assert parse(wfp, body, memory=1000) == TOO_LARGE
    assert parse(rfp, body, memory=1000, limit_outer_data=True) == TOO_LARGE


def form_memory_limit_field_data_only() -> None:
    # Werkzeug holds the chunk it reads (up to 64 KiB) before parsing it and
    # compares that with the limit, so a file of 5000 bytes is refused.
    head = b'--b\r\nContent-Disposition: form-data; name="u"; filename="a.txt"'
    body = head + b"\r\n\r\n" + b"d" * 5000 + b"\r\n--b--\r\n"
    assert parse(wfp, body, memory=1000) == TOO_LARGE
    upload = ("FileStorage", "u", "a.txt", None, ("Headers", []), b"d" * 5000)
    form, files = parse(rfp, body, memory=1000)
    assert form == ("MultiDict", [])
    assert files[0] == "MultiDict"
    assert files[1][0][0] == "u"
    assert files[1][0][1][:3] == upload[:3]
    assert files[1][0][1][5] == upload[5]
    # A field value over the limit is refused by both.
    field = part([], b"v" * 1001)
    assert parse(rfp, field, memory=1000) == parse(wfp, field, memory=1000) == TOO_LARGE


def shared_data_etag_format() -> None:
    when = datetime(2024, 1, 2, 3, 4, 5, 678000, tzinfo=UTC)

    def tag(module: t.Any, moment: datetime, size: int) -> str:
        middleware = module.SharedDataMiddleware(lambda e, s: [], {})
        return str(middleware.generate_etag(moment, size, "/srv/a.txt"))

    assert tag(rsd, when, 10) != tag(wsd, when, 10)
    later = when.replace(second=6)
    for module in (rsd, wsd):
        assert (
            len({tag(module, when, 10), tag(module, later, 10), tag(module, when, 11)})
            == 3
        )


def numbers_beyond_int_digit_limit() -> None:
    header = "bytes=0-" + "1" * 5000
    previous = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(0)
    try:
        assert rh.parse_range_header(header) is None
        assert wh.parse_range_header(header) is not None
    finally:
        sys.set_int_max_str_digits(previous)
    assert wh.parse_range_header(header) is None


def argument_type_outside_signature() -> None:
    with pytest.raises(TypeError, match="str"):
        rh.parse_cookie(b"a=b")  # type: ignore[arg-type]
    with pytest.raises(AttributeError):
        wh.parse_cookie(b"a=b")  # type: ignore[arg-type]


def headers_unchanged_on_invalid_value() -> None:
    ours, theirs = rds.Headers([("a", "x")]), wds.Headers([("a", "x")])
    for headers in (ours, theirs):
        with pytest.raises(ValueError):
            headers.setlist("a", ["1", "b\nc"])
    assert list(ours.items()) == [("a", "x")]
    assert list(theirs.items()) == [("a", "1")]


def uri_to_iri_undecodable_idna_label() -> None:
    for uri in ("http://xn--/", "http://a.xn--.example/p"):
        assert ru.uri_to_iri(uri) == uri
        with pytest.raises(UnicodeError):
            wu.uri_to_iri(uri)


def werkzeug_result_depends_on_read_sizes() -> None:
    from .test_formparser import ShortReads

    body = (
        b'--b\r\nContent-Disposition: form-data; name="f"\r\nX-Long: '
        + b"z" * 100
        + b"\r\n\r\n\r\n--b--\r\n"
    )

    def field(module: t.Any, sizes: list[int]) -> t.Any:
        environ = {
            "REQUEST_METHOD": "POST",
            "CONTENT_TYPE": "multipart/form-data; boundary=b",
            "CONTENT_LENGTH": str(len(body)),
            "wsgi.input": ShortReads(body, sizes),
        }
        parser = module.FormDataParser(
            stream_factory=lambda *args, **kwargs: io.BytesIO(), silent=False
        )
        return parser.parse_from_environ(environ)[1]["f"]

    assert field(wfp, [1]) == "\r"
    assert field(wfp, []) == ""
    assert field(rfp, [1]) == field(rfp, []) == ""


EXAMPLES: dict[str, t.Callable[[], None]] = {
    "werkzeug-result-depends-on-read-sizes": werkzeug_result_depends_on_read_sizes,
    "uri-to-iri-undecodable-idna-label": uri_to_iri_undecodable_idna_label,
    "multipart-part-header-limits": multipart_part_header_limits,
    "multipart-outer-data-skipped": multipart_outer_data_skipped,
    "form-memory-limit-field-data-only": form_memory_limit_field_data_only,
    "shared-data-etag-format": shared_data_etag_format,
    "numbers-beyond-int-digit-limit": numbers_beyond_int_digit_limit,
    "argument-type-outside-signature": argument_type_outside_signature,
    "headers-unchanged-on-invalid-value": headers_unchanged_on_invalid_value,
}


def test_every_listed_difference_has_an_example() -> None:
    assert set(EXAMPLES) == set(DELIBERATE)


@pytest.mark.parametrize("case", sorted(EXAMPLES))
def test_listed_difference(case: str) -> None:
    EXAMPLES[case]()
