"""The multipart/form-data decoder: client bodies, chunking, limits, malformed
input, and the batch parser used for form parsing."""

from __future__ import annotations

import itertools
import time
import typing as t

import pytest

from rostzeug._native import MultipartParser
from rostzeug.datastructures import Headers
from rostzeug.exceptions import RequestEntityTooLarge
from rostzeug.sansio.multipart import NEED_DATA
from rostzeug.sansio.multipart import Data
from rostzeug.sansio.multipart import Epilogue
from rostzeug.sansio.multipart import Event
from rostzeug.sansio.multipart import Field
from rostzeug.sansio.multipart import File
from rostzeug.sansio.multipart import MultipartDecoder
from rostzeug.sansio.multipart import NeedData
from rostzeug.sansio.multipart import Preamble
from rostzeug.sansio.multipart import State

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) + b"\r\n--\r\n-"


def decode(
    body: bytes,
    boundary: bytes,
    chunks: t.Iterable[int] | None = None,
    **limits: t.Any,
) -> list[Event]:
    """Decodes ``body`` fed in chunks of the given sizes (at once without
    them) and returns the events with the data of each part merged."""
    decoder = MultipartDecoder(boundary, **limits)
    events: list[Event] = []
    position = 0
    sizes = list(chunks) if chunks is not None else [len(body)]
    for size in [*sizes, None]:
        if size is None:
            decoder.receive_data(None)
        else:
            decoder.receive_data(body[position : position + size])
            position += size
        while not isinstance(event := decoder.next_event(), NeedData):
            last = events[-1] if events else None
            if isinstance(event, Data) and isinstance(last, Data) and last.more_data:
                events[-1] = Data(last.data + event.data, event.more_data)
            else:
                events.append(event)
            if isinstance(event, Epilogue):
                return events
    raise AssertionError("the decoder never reached the epilogue")


def parts(events: list[Event]) -> list[tuple[str, str | None, bytes]]:
    """``(name, filename, data)`` of each part, from merged events."""
    result = []
    for event, data in itertools.pairwise(events):
        if isinstance(event, Field | File):
            assert isinstance(data, Data)
            assert not data.more_data
            filename = event.filename if isinstance(event, File) else None
            result.append((event.name, filename, data.data))
    return result


def body_of(
    boundary: bytes,
    items: list[tuple[str, str | None, str | None, bytes]],
    line_break: bytes = b"\r\n",
) -> bytes:
    """A body of ``(name, filename, content_type, data)`` parts, the way
    browsers write them: no preamble, a closing line break."""
    out = b""
    for name, filename, content_type, data in items:
        out += b"--" + boundary + line_break
        disposition = f'form-data; name="{name}"'
        if filename is not None:
            disposition += f'; filename="{filename}"'
        out += b"Content-Disposition: " + disposition.encode() + line_break
        if content_type is not None:
            out += b"Content-Type: " + content_type.encode() + line_break
        out += line_break + data + line_break
    return out + b"--" + boundary + b"--" + line_break


CLIENTS = {
    "firefox": (
        b"---------------------------186454651713519341951581030105",
        "image/png",
        "anchor.png",
        b"\r\n",
    ),
    "chrome": (
        b"----WebKitFormBoundaryjdSFhcARk8fyGNy6",
        "image/png",
        "a.png",
        b"\r\n",
    ),
    "safari": (
        b"----WebKitFormBoundaryx1XYz2Abc3DeF4gH",
        "image/png",
        "b.png",
        b"\r\n",
    ),
    "ie6": (
        b"---------------------------7d91b03a20128",
        "image/x-png",
        "C:\\Documents and Settings\\Administrator\\Desktop\\file1.png",
        b"\r\n",
    ),
    "ie7-lf": (
        b"---------------------------7da36d1b4a0164",
        "application/msword",
        "Sellersburg Town Council Meeting 02-22-2010doc.doc",
        b"\n",
    ),
    "opera": (b"----------zEO9jQKmLc2Cq88c23Dx19", "image/png", "c.png", b"\r\n"),
    "curl": (
        b"------------------------d74496d66958873e",
        "application/octet-stream",
        "upload.bin",
        b"\r\n",
    ),
}


@pytest.mark.parametrize("client", sorted(CLIENTS))
def test_client_bodies(client: str) -> None:
    boundary, content_type, filename, line_break = CLIENTS[client]
    text = "blafasel öäü\r\n--long text\r\n--with boundary\r\n--lookalikes--"
    body = body_of(
        boundary,
        [
            ("file1", filename, content_type, PNG),
            ("file2", "", "application/octet-stream", b""),
            ("text", None, None, text.encode()),
        ],
        line_break,
    )
    events = decode(body, boundary)
    assert events[0] == Preamble(b"")
    assert events[-1] == Epilogue(b"")
    # In a quoted string a backslash escapes the next character, so the
    # separators of IE's full Windows paths go, as they do in Werkzeug.
    parsed_filename = filename.replace("\\", "")
    assert parts(events) == [
        ("file1", parsed_filename, PNG),
        ("file2", "", b""),
        ("text", None, text.encode()),
    ]
    first = events[1]
    assert isinstance(first, File)
    assert first.headers == Headers(
        [
            (
                "Content-Disposition",
                f'form-data; name="file1"; filename="{filename}"',
            ),
            ("Content-Type", content_type),
        ]
    )
    assert first.headers["content-type"] == content_type


BODY = (
    b"a preamble\r\n--b0undary\r\n"
    b'Content-Disposition: form-data; name="text"\r\n\r\n'
    b"line one\r\nline --b0undar two\r\n--b0undaryx\r\n"
    b"--b0undary\r\n"
    b'Content-Disposition: form-data; name="file"; filename="a.bin"\r\n'
    b"Content-Type: application/octet-stream\r\n\r\n"
    b"\r\n\r\x00\xff\n--\r\r\n"
    b"--b0undary\r\n"
    b'Content-Disposition: form-data; name="empty"\r\n\r\n'
    b"\r\n--b0undary--\r\nan epilogue"
)


def test_same_events_for_every_chunking() -> None:
    expected = decode(BODY, b"b0undary")
    assert parts(expected) == [
        ("text", None, b"line one\r\nline --b0undar two\r\n--b0undaryx"),
        ("file", "a.bin", b"\r\n\r\x00\xff\n--\r"),
        ("empty", None, b""),
    ]
    assert expected[0] == Preamble(b"a preamble")
    assert expected[-1] == Epilogue(b"an epilogue")
    for split in range(1, len(BODY)):
        assert decode(BODY, b"b0undary", [split, len(BODY)]) == expected, split
    for size in (1, 2, 3, 7):
        assert decode(BODY, b"b0undary", [size] * len(BODY)) == expected


@pytest.mark.parametrize("line_break", [b"\n", b"\r"])
def test_bare_line_breaks(line_break: bytes) -> None:
    # Two fields, every line ended by the same lone CR or LF.
    fields = [("colour", b"deep blue"), ("size", b"XL")]
    lines: list[bytes] = []
    for name, value in fields:
        lines += [b"--sep", b"Content-Disposition: form-data; name=" + name.encode()]
        lines += [b"", value]
    body = line_break.join([*lines, b"--sep--"])
    whole = decode(body, b"sep", None)
    byte_by_byte = decode(body, b"sep", [1] * len(body))
    expected = [(name, None, value) for name, value in fields]
    assert parts(whole) == expected
    assert parts(byte_by_byte) == expected


def test_blanks_after_boundaries() -> None:
    body = (
        b"--x \t\r\nContent-Disposition: form-data; name=a\r\n\r\n1\r\n"
        b"--x\x0b\r\nContent-Disposition: form-data; name=b\r\n\r\n2\r\n--x--  \r\n!"
    )
    events = decode(body, b"x", [1] * len(body))
    assert parts(events) == [("a", None, b"1"), ("b", None, b"2")]
    assert events[-1] == Epilogue(b"!")


def test_empty_body_and_states() -> None:
    decoder = MultipartDecoder(b"x")
    assert decoder.state is State.PREAMBLE
    decoder.receive_data(b"--x--")
    assert decoder.next_event() == Preamble(b"")
    assert decoder.state is State.EPILOGUE
    assert decoder.next_event() is NEED_DATA
    decoder.receive_data(None)
    assert decoder.complete
    assert decoder.next_event() == Epilogue(b"")
    assert decoder.state is State.COMPLETE
    with pytest.raises(ValueError, match="COMPLETE"):
        decoder.next_event()


def test_data_is_not_held_back_needlessly() -> None:
    decoder = MultipartDecoder(b"x")
    decoder.receive_data(b'--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n')
    assert isinstance(decoder.next_event(), Preamble)
    assert isinstance(decoder.next_event(), Field)
    assert decoder.state is State.DATA_START
    decoder.receive_data(b"0123456789")
    assert decoder.next_event() == Data(b"0123456789", more_data=True)
    # A line break near the end may start the boundary, so it waits.
    decoder.receive_data(b"abc\r\n-")
    assert decoder.next_event() == Data(b"abc", more_data=True)
    assert decoder.next_event() is NEED_DATA
    decoder.receive_data(b"-x--")
    assert decoder.next_event() == Data(b"", more_data=False)


def test_max_form_memory_size_across_data_events() -> None:
    head = b'--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n'
    file_head = b'--x\r\nContent-Disposition: form-data; name="f"; filename="f"\r\n\r\n'
    body = head + b"v" * 100 + b"\r\n" + file_head + b"f" * 1000 + b"\r\n--x--"
    for chunks in ([7] * (len(body) // 7 + 1), [1] * len(body)):
        events = decode(body, b"x", chunks, max_form_memory_size=100)
        assert parts(events)[0] == ("a", None, b"v" * 100)
        with pytest.raises(RequestEntityTooLarge):
            decode(body, b"x", chunks, max_form_memory_size=99)


def test_max_form_memory_size_bounds_buffered_data() -> None:
    decoder = MultipartDecoder(b"x", max_form_memory_size=10)
    decoder.receive_data(b"0123456789")
    with pytest.raises(RequestEntityTooLarge):
        decoder.receive_data(b"a")


def test_max_parts() -> None:
    body = body_of(b"x", [(f"f{i}", None, None, b"v") for i in range(3)])
    assert len(parts(decode(body, b"x", max_parts=3))) == 3
    with pytest.raises(RequestEntityTooLarge):
        decode(body, b"x", max_parts=2)


def test_part_header_limits() -> None:
    def body(header_size: int, extra_lines: int = 0) -> bytes:
        disposition = b'Content-Disposition: form-data; name="a"; x='
        filler = b"y" * (header_size - len(disposition))
        extra = b"X: y\r\n" * extra_lines
        return b"--x\r\n" + extra + disposition + filler + b"\r\n\r\nv\r\n--x--"

    assert parts(decode(body(16 * 1024), b"x")) == [("a", None, b"v")]
    with pytest.raises(RequestEntityTooLarge):
        decode(body(16 * 1024 + 1), b"x")
    with pytest.raises(RequestEntityTooLarge):
        decode(b"--x\r\nA: " + b"a" * 100_000, b"x", [4096] * 25)
    assert parts(decode(body(100, 63), b"x")) == [("a", None, b"v")]
    with pytest.raises(RequestEntityTooLarge):
        decode(body(100, 64), b"x")


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(
            b'--x\r\nContent-Disposition: form-data; name="a"\r\n\r\nno end',
            id="missing-final-boundary",
        ),
        pytest.param(b"--x\r\nX-Other: 1\r\n\r\nvalue\r\n--x--", id="no-disposition"),
        pytest.param(b"--x\r\n\r\nHello World\r\n--x--", id="no-headers"),
        pytest.param(
            b"--x\r\nContent-Disposition: form-data\xff\r\n\r\nv\r\n--x--",
            id="headers-not-utf8",
        ),
        pytest.param(
            b'--y\r\nContent-Disposition: form-data; name="a"\r\n\r\nv\r\n--y--',
            id="wrong-boundary",
        ),
        pytest.param(b"--x\r\nContent-Disposition: form-data", id="headers-end-early"),
        pytest.param(b"", id="empty"),
    ],
)
def test_malformed_bodies(body: bytes) -> None:
    for chunks in (None, [1] * len(body)):
        with pytest.raises(ValueError):
            decode(body, b"x", chunks)


def test_boundary_with_line_break_is_rejected() -> None:
    with pytest.raises(ValueError, match="line break"):
        MultipartDecoder(b"a\r\nb")


def test_garbage_header_lines_are_kept() -> None:
    body = (
        b"--x\r\nthis is no header\r\n"
        b'Content-Disposition: form-data; name="a"\r\n folded: on\r\n\r\nv\r\n--x--'
    )
    events = decode(body, b"x")
    field = events[1]
    assert isinstance(field, Field)
    assert list(field.headers.items()) == [
        ("this is no header", ""),
        ("Content-Disposition", 'form-data; name="a" folded: on'),
    ]


def test_large_preamble() -> None:
    junk = b"junk -- \r\n--y\r\n" * (1024 * 1024 // 16)
    body = junk + body_of(b"x", [("a", None, None, b"v")])
    events = decode(body, b"x", [65536] * (len(body) // 65536 + 1))
    assert events[0] == Preamble(junk.removesuffix(b"\r\n"))
    assert parts(events) == [("a", None, b"v")]


@pytest.mark.parametrize(
    ("disposition", "filename"),
    [
        ("form-data; name=f; filename*=UTF-8''%E2%82%AC%20rates.txt", "€ rates.txt"),
        ("form-data; name=f; filename*=iso-8859-1'en'%A3.txt", "£.txt"),
        (
            "form-data; name=f;\r\n\tfilename*0*=ascii''a%20b%20;\r\n"
            '\tfilename*1*=c%20d%20;\r\n\tfilename*2="e f.txt"',
            "a b c d e f.txt",
        ),
        ('form-data; name=f; filename=""', ""),
        (
            'form-data; name=f; filename="a \\"quoted\\" %22name%22.txt"',
            'a "quoted" "name".txt',
        ),
    ],
)
def test_filenames(disposition: str, filename: str) -> None:
    body = (
        b"--x\r\nContent-Disposition: "
        + disposition.encode()
        + b"\r\n\r\ncontent\r\n--x--"
    )
    events = decode(body, b"x")
    assert parts(events) == [("f", filename, b"content")]


def test_part_without_name() -> None:
    events = decode(b"--x\r\nContent-Disposition: form-data\r\n\r\nv\r\n--x--", b"x")
    field = events[1]
    assert isinstance(field, Field)
    assert field.name is None


def test_part_starting_with_cr_then_megabytes_is_linear() -> None:
    """CVE-2023-46136: a part starting with CR followed by megabytes without
    CR or LF must not be rescanned for each chunk."""
    size = 8 * 1024 * 1024
    body = (
        b'--x\r\nContent-Disposition: form-data; name="f"; filename="f"\r\n\r\n'
        + b"\r"
        + b"a" * size
        + b"\r\n--x--"
    )
    start = time.perf_counter()
    events = decode(body, b"x", [65536] * (len(body) // 65536 + 1))
    elapsed = time.perf_counter() - start
    data = events[2]
    assert isinstance(data, Data)
    assert len(data.data) == size + 1
    assert elapsed < 1.0

    # One byte at a time, each byte is looked at a bounded number of times.
    shorter = body[: 64 * 1024] + b"\r\n--x--"
    start = time.perf_counter()
    events = decode(shorter, b"x", [1] * len(shorter))
    assert time.perf_counter() - start < 2.0
    assert len(events) == 4


def batch_parse(
    body: bytes,
    boundary: bytes,
    chunk_size: int,
    **limits: t.Any,
) -> tuple[
    list[tuple[str | None, str]],
    list[tuple[str | None, str, list[tuple[str, str]], bytes]],
    bool,
]:
    parser = MultipartParser(boundary, **limits)
    fields: list[tuple[str | None, str]] = []
    files: list[tuple[str | None, str, list[tuple[str, str]], bytearray]] = []
    write = None
    chunks: list[bytes | None] = [
        body[i : i + chunk_size] for i in range(0, len(body), chunk_size)
    ]
    for chunk in [*chunks, None]:
        parser.receive_data(chunk)
        while (started := parser.parse(fields, write)) is not None:
            content = bytearray()
            files.append((*started, content))
            write = content.extend
    return fields, [(n, f, h, bytes(c)) for n, f, h, c in files], parser.finished


def test_batch_parser_fields_and_files() -> None:
    latin = "café".encode("latin-1")
    body = (
        b"preamble\r\n"
        + body_of(
            b"b",
            [
                ("a", None, None, "välue".encode()),
                ("file", "x.png", "image/png", PNG * 100),
                ("latin", None, "text/plain; charset=ISO-8859-1", latin),
                ("bad", None, "text/plain", b"\xffok"),
                ("empty", "", "application/octet-stream", b""),
            ],
        )
        + b"epilogue"
    )
    for chunk_size in (1, 13, 4096, len(body)):
        fields, files, finished = batch_parse(body, b"b", chunk_size)
        assert finished
        assert fields == [
            ("a", "välue"),
            ("latin", "café"),
            ("bad", "\ufffdok"),
        ]
        assert files == [
            (
                "file",
                "x.png",
                [
                    ("Content-Disposition", 'form-data; name="file"; filename="x.png"'),
                    ("Content-Type", "image/png"),
                ],
                PNG * 100,
            ),
            (
                "empty",
                "",
                [
                    ("Content-Disposition", 'form-data; name="empty"; filename=""'),
                    ("Content-Type", "application/octet-stream"),
                ],
                b"",
            ),
        ]


def test_batch_parser_limits_and_errors() -> None:
    body = body_of(b"b", [("a", None, None, b"v" * 50), ("f", "f", None, b"x" * 5000)])
    fields, files, _ = batch_parse(body, b"b", 7, max_form_memory_size=100)
    assert fields == [("a", "v" * 50)]
    assert files[0][3] == b"x" * 5000
    with pytest.raises(RequestEntityTooLarge):
        batch_parse(body, b"b", 7, max_form_memory_size=49)
    with pytest.raises(RequestEntityTooLarge):
        batch_parse(body, b"b", 7, max_parts=1)
    with pytest.raises(ValueError):
        batch_parse(body[:-10], b"b", 7)


def test_batch_parser_drops_a_large_preamble() -> None:
    junk = b"x" * (4 * 1024 * 1024)
    body = junk + body_of(b"b", [("a", None, None, b"v")])
    fields, _, finished = batch_parse(body, b"b", 1024 * 1024)
    assert fields == [("a", "v")]
    assert finished


@pytest.mark.parametrize("chunk_size", [1000, 20_000, 65536, 1 << 20])
def test_batch_parser_writes_files_aligned(chunk_size: int) -> None:
    content = (PNG * 2000)[: 300 * 1024 + 5]
    body = body_of(b"b", [("f", "f.bin", None, content), ("g", "g.bin", None, b"x")])
    parser = MultipartParser(b"b")
    sizes: list[int] = []
    files: list[bytearray] = []

    def write(data: bytes) -> None:
        sizes.append(len(data))
        files[-1].extend(data)

    for start in [*range(0, len(body), chunk_size), None]:
        chunk = None if start is None else body[start : start + chunk_size]
        parser.receive_data(chunk)
        while parser.parse([], write) is not None:
            files.append(bytearray())
            sizes.append(-1)
    assert files == [content, b"x"]
    first_file = sizes[1 : sizes.index(-1, 1)]
    assert all(size % 65536 == 0 for size in first_file[:-1])
    assert sum(first_file) == len(content)


def _header_outcome(body: bytes, **limits: t.Any) -> str:
    try:
        events = decode(body, b"b", **limits)
    except RequestEntityTooLarge:
        return "too large"
    return "ok" if isinstance(events[-1], Epilogue) else "incomplete"


def _with_headers(lines: int, size: int = 0) -> bytes:
    extra = "".join(f"X-{i}: v\r\n" for i in range(lines))
    if size:
        extra += "X-Padding: " + "p" * size + "\r\n"
    return (
        b"--b\r\nContent-Disposition: form-data; name=a\r\n"
        + extra.encode()
        + b"\r\nv\r\n--b--\r\n"
    )


def test_decoder_part_header_limits_default() -> None:
    decoder = MultipartDecoder(b"b")
    assert (decoder.max_part_header_size, decoder.max_part_header_lines) == (16384, 64)
    assert _header_outcome(_with_headers(63)) == "ok"
    assert _header_outcome(_with_headers(64)) == "too large"
    assert _header_outcome(_with_headers(0, 16_000)) == "ok"
    assert _header_outcome(_with_headers(0, 16384)) == "too large"


def test_decoder_part_header_limits_changed() -> None:
    lenient = {"max_part_header_size": None, "max_part_header_lines": None}
    assert _header_outcome(_with_headers(500), **lenient) == "ok"
    assert _header_outcome(_with_headers(0, 1 << 20), **lenient) == "ok"
    tight = {"max_part_header_size": 100, "max_part_header_lines": 2}
    assert _header_outcome(_with_headers(1), **tight) == "ok"
    assert _header_outcome(_with_headers(2), **tight) == "too large"
    assert _header_outcome(_with_headers(0, 100), **tight) == "too large"
