"""The differences from Werkzeug 3.1.9 that rostzeug keeps on purpose.

This is the one list of them: each key names a case that the differential
tests in this folder meet, each value says why rostzeug differs. A test that
draws an input inside one of these cases checks rostzeug's own behaviour for
it (through :func:`deliberate`) instead of comparing, so a difference that is
not listed here fails the run. The documentation's "Differences from
Werkzeug" page shows this dict.
"""

from __future__ import annotations

DELIBERATE: dict[str, str] = {
    "multipart-part-header-limits": (
        "A multipart part with more than 64 header lines or more than 16 KiB "
        "of headers is refused with 413 Request Entity Too Large; Werkzeug "
        "accepts any size (a 10 MB header line costs it 41 MB of memory). "
        "MultiPartParser.max_part_header_lines and max_part_header_size set "
        "the limits (None gives Werkzeug's behaviour)."
    ),
    "multipart-outer-data-skipped": (
        "Data before the first boundary or after the closing one is skipped "
        "without being held in memory, so it does not count against "
        "max_form_memory_size; Werkzeug buffers it and may answer 413. "
        "MultiPartParser.limit_outer_data = True counts it as Werkzeug does."
    ),
    "form-memory-limit-field-data-only": (
        "max_form_memory_size limits the value of each non-file field (and "
        "each part's header section); Werkzeug compares it with all the data "
        "it holds unparsed, the file data of a chunk included, so it refuses "
        "with 413 a file upload that arrives in reads larger than the limit."
    ),
    "shared-data-etag-format": (
        "SharedDataMiddleware's ETag holds the same facts as Werkzeug's (the "
        "file's modification time, size and a checksum of its path) written "
        "in hexadecimal, with the time in whole microseconds; ETags are "
        "opaque to clients, and generate_etag can be overridden."
    ),
    "numbers-beyond-int-digit-limit": (
        "With CPython's integer digit limit turned off "
        "(sys.set_int_max_str_digits(0)), a header number of more than 4300 "
        "digits is still refused (treated as invalid) by rostzeug, where "
        "Werkzeug converts it. No valid length or position has that many "
        "digits, and the bound keeps the conversion cost linear."
    ),
    "argument-type-outside-signature": (
        "A function given bytes where its signature takes str (as "
        "parse_cookie, which took bytes before Werkzeug 3.0) raises TypeError "
        "saying which type it expects; Werkzeug fails on it with whatever "
        "error its code meets first, here AttributeError."
    ),
    "headers-unchanged-on-invalid-value": (
        "Headers.setlist (and the other methods that take several values) "
        "checks every value before changing anything, so a value with a "
        "newline raises ValueError and leaves the headers as they were; "
        "Werkzeug has stored the values before the bad one when it raises."
    ),
    "werkzeug-result-depends-on-read-sizes": (
        "For some multipart bodies read in very small pieces (one byte at a "
        "time, say), Werkzeug's parser gives a field another value than when "
        "the same body is read whole (a lone '\\r' instead of ''): its result "
        "depends on where the reads end. rostzeug gives the same result for "
        "every way of reading the body, the one Werkzeug gives for whole reads."
    ),
    "uri-to-iri-undecodable-idna-label": (
        "uri_to_iri (and so Request.url for such a Host header) leaves a "
        "Punycode label that Python's idna codec cannot decode, such as an "
        "empty 'xn--', as it is, like any other invalid label; Werkzeug "
        "catches only UnicodeDecodeError while the codec raises a plain "
        "UnicodeError for these labels, so it fails with UnicodeError."
    ),
}


def deliberate(case: str) -> str:
    """Returns the reason for ``case``; fails if the case is not listed, so
    that a test cannot accept a difference that is not documented."""
    assert case in DELIBERATE, f"{case!r} is not a listed deliberate difference"
    return DELIBERATE[case]
