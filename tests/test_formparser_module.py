"""rostzeug.formparser: bodies as browsers send them, every limit at, below
and just above its value, malformed bodies, charsets, file names and the
clean-up of uploaded files when parsing fails."""

from __future__ import annotations

import io
import os
import tempfile
import typing as t
import urllib.parse

import pytest

from rostzeug import formparser
from rostzeug.datastructures import FileStorage
from rostzeug.datastructures import ImmutableMultiDict
from rostzeug.datastructures import MultiDict
from rostzeug.exceptions import ClientDisconnected
from rostzeug.exceptions import RequestEntityTooLarge
from rostzeug.formparser import FormDataParser
from rostzeug.formparser import MultiPartParser
from rostzeug.formparser import default_stream_factory
from rostzeug.formparser import parse_form_data
from rostzeug.wrappers import Request

BOUNDARY = "----WebKitFormBoundaryx8Jq2TZ5KpVdG0aM"
MULTIPART = f"multipart/form-data; boundary={BOUNDARY}"
URLENCODED = "application/x-www-form-urlencoded"


def part(
    name: str | None,
    content: bytes,
    filename: str | None = None,
    content_type: str | None = None,
    extra_headers: t.Sequence[str] = (),
) -> bytes:
    """One part of a multipart body, as a browser writes it."""
    disposition = "form-data"
    if name is not None:
        disposition += f'; name="{name}"'
    if filename is not None:
        disposition += f'; filename="{filename}"'
    lines = [f"Content-Disposition: {disposition}"]
    if content_type is not None:
        lines.append(f"Content-Type: {content_type}")
    lines.extend(extra_headers)
    head = f"--{BOUNDARY}\r\n" + "\r\n".join(lines) + "\r\n\r\n"
    return head.encode("utf-8") + content + b"\r\n"


def body(*parts: bytes, closing: bool = True) -> bytes:
    end = f"--{BOUNDARY}--\r\n".encode() if closing else b""
    return b"".join(parts) + end


def environ(
    data: bytes, content_type: str = MULTIPART, content_length: bool = True
) -> dict[str, t.Any]:
    env: dict[str, t.Any] = {
        "REQUEST_METHOD": "POST",
        "SERVER_NAME": "localhost",
        "SERVER_PORT": "80",
        "PATH_INFO": "/",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(data),
        "CONTENT_TYPE": content_type,
    }
    if content_length:
        env["CONTENT_LENGTH"] = str(len(data))
    return env


def request(data: bytes, content_type: str = MULTIPART, **limits: t.Any) -> Request:
    req = Request(environ(data, content_type))
    for name, value in limits.items():
        setattr(req, name, value)
    return req


def open_fds() -> set[str]:
    return set(os.listdir("/proc/self/fd"))


needs_proc = pytest.mark.skipif(
    not os.path.isdir("/proc/self/fd"), reason="counts descriptors in /proc"
)


class TestBrowserBodies:
    def test_fields_and_files_through_request(self) -> None:
        png = bytes(range(256)) * 40 + b"\r\n--not-the-boundary\r\n"
        data = body(
            part("title", "Grüße aus Köln".encode()),
            part("tags", b"a"),
            part("tags", b"b"),
            part("empty", b""),
            part("photo", png, filename="köln.png", content_type="image/png"),
            part("notes", b"line 1\r\nline 2\r\n", filename="notes.txt"),
        )
        with request(data) as req:
            assert req.form.getlist("tags") == ["a", "b"]
            assert req.form["title"] == "Grüße aus Köln"
            assert req.form["empty"] == ""
            assert list(req.form) == ["title", "tags", "empty"]
            photo = req.files["photo"]
            assert isinstance(photo, FileStorage)
            assert photo.filename == "köln.png"
            assert photo.name == "photo"
            assert photo.content_type == "image/png"
            assert photo.read() == png
            notes = req.files["notes"]
            assert notes.read() == b"line 1\r\nline 2\r\n"
            assert notes.content_type is None
            assert isinstance(req.form, ImmutableMultiDict)

    def test_parse_form_data_returns_drained_stream(self) -> None:
        data = body(part("a", b"1"), part("f", b"xyz", filename="f.bin"))
        stream, form, files = parse_form_data(environ(data))
        assert stream.read() == b""
        assert form == MultiDict([("a", "1")])
        assert type(form) is MultiDict
        assert files["f"].read() == b"xyz"
        files["f"].close()

    def test_preamble_and_epilogue_are_ignored(self) -> None:
        data = b"preamble text\r\n" + body(part("a", b"1")) + b"epilogue \r\n junk"
        _, form, files = parse_form_data(environ(data), silent=False)
        assert form == MultiDict([("a", "1")])
        assert not files

    def test_part_without_name(self) -> None:
        _, form, _ = parse_form_data(environ(body(part(None, b"v"))))
        assert list(form.items(multi=True)) == [(None, "v")]

    def test_other_content_type_leaves_stream_unread(self) -> None:
        env = environ(b'{"a": 1}', "application/json")
        stream, form, files = parse_form_data(env)
        assert stream.read() == b'{"a": 1}'
        assert not form
        assert not files

    def test_mimetype_is_compared_exactly(self) -> None:
        env = environ(b"a=1", "Application/X-WWW-Form-Urlencoded")
        stream, form, _ = parse_form_data(env)
        assert not form
        assert stream.read() == b"a=1"

    @pytest.mark.parametrize("buffer_size", [1, 2, 3, 7, 64, 1000, 64 * 1024])
    def test_any_chunking_gives_the_same_result(self, buffer_size: int) -> None:
        big = b"\r\n-" * 5000 + f"\r\n--{BOUNDARY[:-1]}".encode() + b"\r" * 300
        data = body(
            part("a", b"first\r\n"),
            part("file", big, filename="big.bin"),
            part("b", b"zweiter Wert"),
        )
        parser = MultiPartParser(buffer_size=buffer_size)
        form, files = parser.parse(io.BytesIO(data), BOUNDARY.encode(), len(data))
        assert list(form.items(multi=True)) == [
            ("a", "first\r\n"),
            ("b", "zweiter Wert"),
        ]
        assert files["file"].read() == big
        files["file"].close()

    def test_stream_returning_bytearray(self) -> None:
        data = body(part("a", b"1"), part("f", b"file", filename="f.txt"))

        class BytearrayStream(io.BytesIO):
            def read(self, size: int | None = -1) -> bytearray:  # type: ignore[override]
                return bytearray(super().read(size))

        parser = MultiPartParser()
        form, files = parser.parse(BytearrayStream(data), BOUNDARY.encode(), None)
        assert form["a"] == "1"
        assert files["f"].read() == b"file"
        files["f"].close()

    @pytest.mark.parametrize("buffer_size", [20_000, 64 * 1024, 3 * 64 * 1024 + 1])
    @pytest.mark.parametrize("short_reads", [False, True])
    def test_file_writes_are_aligned_and_reuse_chunks(
        self, buffer_size: int, short_reads: bool
    ) -> None:
        # Line breaks and boundary prefixes around every multiple of 1 KiB,
        # so that chunks end in bytes the parser must hold back.
        piece = os.urandom(1000) + f"\r\n--{BOUNDARY[:9]}\r".encode() + b"\n\r"
        content = piece * 700
        data = body(part("f", content, filename="r.bin"), part("after", b"x"))
        reads: list[bytes] = []
        writes: list[bytes] = []

        class RecordingStream(io.BytesIO):
            def read(self, size: int | None = -1) -> bytes:
                if short_reads and size is not None and size > 100:
                    size -= 99
                chunk = super().read(size)
                reads.append(chunk)
                return chunk

        class RecordingFile(io.BytesIO):
            def write(self, data: t.Any) -> int:
                writes.append(data)
                return super().write(data)

        def factory(*args: t.Any, **kwargs: t.Any) -> t.IO[bytes]:
            return RecordingFile()

        parser = MultiPartParser(stream_factory=factory, buffer_size=buffer_size)
        stream = RecordingStream(data)
        form, files = parser.parse(stream, BOUNDARY.encode(), len(data))
        assert files["f"].read() == content
        assert form["after"] == "x"
        assert all(len(chunk) <= buffer_size for chunk in reads)
        assert all(type(data) is bytes for data in writes)
        assert all(len(data) % (64 * 1024) == 0 for data in writes[:-1])
        assert sum(map(len, writes)) == len(content)
        passed_on = {id(chunk) for chunk in reads} & {id(data) for data in writes}
        if buffer_size == 64 * 1024 and not short_reads:
            # All but the first and last pieces are chunks as read.
            assert len(passed_on) == len(writes) - 2
        elif short_reads:
            assert not passed_on

    def test_file_content_spanning_many_chunks_is_complete(self) -> None:
        content = os.urandom(3 * 1024 * 1024 + 5)
        data = body(part("f", content, filename="r.bin"), part("after", b"x"))
        with request(data) as req:
            assert req.files["f"].read() == content
            assert req.form["after"] == "x"

    @pytest.mark.parametrize("size", [1024 * 1024 - 300, 3 * 1024 * 1024 + 5])
    def test_large_bodies_are_read_in_bounded_chunks(self, size: int) -> None:
        # Bodies of 1 MiB or more are read in larger chunks, whose file data
        # is written in pieces that start at multiples of their size; smaller
        # bodies are read 64 KiB at a time.
        content = os.urandom(size)
        data = body(part("f", content, filename="r.bin"), part("after", b"x"))
        reads: list[int] = []
        writes: list[bytes] = []

        class RecordingStream(io.BytesIO):
            def read(self, size: int | None = -1) -> bytes:
                chunk = super().read(size)
                reads.append(len(chunk))
                return chunk

        class RecordingFile(io.BytesIO):
            def write(self, data: t.Any) -> int:
                writes.append(data)
                return super().write(data)

        env = environ(data)
        env["wsgi.input"] = RecordingStream(data)
        _, form, files = parse_form_data(
            env, stream_factory=lambda *args, **kwargs: RecordingFile()
        )
        assert files["f"].read() == content
        assert form["after"] == "x"
        chunk_size = 512 * 1024 if len(data) >= 1024 * 1024 else 64 * 1024
        assert max(reads) == chunk_size
        assert all(len(data) % chunk_size == 0 for data in writes[:-1])
        assert sum(map(len, writes)) == len(content)

    def test_field_names_through_the_shared_name_strings(self) -> None:
        # Names that share their first and last eight bytes, names used
        # again in a later body, and more distinct names than are shared.
        similar = ["abcdefgh1-uvwxyz", "abcdefgh2-uvwxyz", "abcdefghXYZ1stuvwxyz"]
        similar.append("abcdefghXYZ2stuvwxyz")
        many = [f"field-{i}" for i in range(3000)]
        for names in (similar, similar, many, similar):
            data = body(*(part(name, name.encode()) for name in names))
            with request(data, max_form_parts=None) as req:
                assert list(req.form.items()) == [(name, name) for name in names]


class TestUrlencoded:
    @pytest.mark.parametrize(
        ("data", "expected"),
        [
            (b"a=1&a=2&b=3", [("a", "1"), ("a", "2"), ("b", "3")]),
            # ";" is not a separator.
            (b"a=1;b=2&c=3", [("a", "1;b=2"), ("c", "3")]),
            # Blank values are kept, empty pairs skipped.
            (b"a&b=&=c&&d=%41%2B+x", [("a", ""), ("b", ""), ("", "c"), ("d", "A+ x")]),
            # Escapes that are not UTF-8 stay escaped.
            (
                b"x=%FF%41&y=%E2%82&z=%zz",
                [("x", "%FFA"), ("y", "%E2%82"), ("z", "%zz")],
            ),
            (b"name=caf%C3%A9&k%20=v+v", [("name", "café"), ("k ", "v v")]),
            (b"", []),
        ],
    )
    def test_pairs(self, data: bytes, expected: list[tuple[str, str]]) -> None:
        _, form, files = parse_form_data(environ(data, URLENCODED), silent=False)
        assert list(form.items(multi=True)) == expected
        assert not files

    def test_invalid_utf8_body(self) -> None:
        env = environ(b"a=\xff", URLENCODED)
        _, form, _ = parse_form_data(env)
        assert not form
        with pytest.raises(UnicodeDecodeError):
            parse_form_data(environ(b"a=\xff", URLENCODED), silent=False)
        assert not request(b"a=\xff", URLENCODED).form

    def test_memory_and_part_limits_do_not_apply(self) -> None:
        data = b"&".join(b"f%d=%s" % (i, b"v" * 100) for i in range(50))
        req = request(data, URLENCODED, max_form_memory_size=10, max_form_parts=2)
        assert len(req.form) == 50
        _, form, _ = parse_form_data(
            environ(data, URLENCODED), max_form_memory_size=10, max_form_parts=2
        )
        assert form["f49"] == "v" * 100

    @pytest.mark.parametrize("count", [1, 5, 6, 200, 3000])
    def test_agrees_with_parse_qsl(self, count: int) -> None:
        # Names repeat and share their ends; values are ASCII, escaped,
        # not UTF-8, one character long or empty.
        values = ["plain", "a+b%20c", "caf%C3%A9", "%FF%41", "x", "", "%zz", "é"]
        pairs = [
            (f"name{i % 7}-{'x' * (i % 3)}-same-ending", values[i % len(values)])
            for i in range(count)
        ]
        data = "&".join(f"{name}={value}" for name, value in pairs).encode()
        _, form, _ = parse_form_data(environ(data, URLENCODED), silent=False)
        expected = urllib.parse.parse_qsl(
            data.decode(), keep_blank_values=True, errors="werkzeug.url_quote"
        )
        # A MultiDict groups the values of a name where the name first came.
        first_seen = {
            name: index for index, (name, _) in reversed(list(enumerate(expected)))
        }
        assert list(form.items(multi=True)) == sorted(
            expected, key=lambda item: first_seen[item[0]]
        )
        assert type(form) is MultiDict

    def test_many_distinct_names(self) -> None:
        # Among them names that share their first and last eight bytes.
        names = ["abcdefghXYZ1stuvwxyz", "abcdefghXYZ2stuvwxyz", "abcdefgh1-uvwxyz"]
        names += ["abcdefgh2-uvwxyz", *(f"field{i:04d}" for i in range(3000))]
        data = "&".join(f"{name}={name}" for name in names).encode()
        for _ in range(2):
            req = request(data, URLENCODED)
            assert list(req.form.items()) == [(name, name) for name in names]
            assert type(req.form) is ImmutableMultiDict

    def test_other_dict_classes(self) -> None:
        data = b"a=1&b=2&a=3"
        _, form, _ = parse_form_data(environ(data, URLENCODED), cls=dict)
        assert form == {"a": "3", "b": "2"}
        assert type(form) is dict


class TestLimits:
    def test_max_content_length(self) -> None:
        data = body(part("a", b"hello"))
        _, form, _ = parse_form_data(environ(data), max_content_length=len(data))
        assert form["a"] == "hello"
        with pytest.raises(RequestEntityTooLarge):
            parse_form_data(environ(data), max_content_length=len(data) - 1)
        with pytest.raises(RequestEntityTooLarge):
            request(data, max_content_length=len(data) - 1).form  # noqa: B018
        assert request(data, max_content_length=len(data)).form["a"] == "hello"

    def test_max_content_length_without_content_length(self) -> None:
        # A streamed body: the read stops at the limit. Reading a multipart
        # body on finds the rest; a urlencoded body is read in one call,
        # which ends at the limit, as Werkzeug does.
        data = body(part("a", b"x" * 100))
        env = environ(data, content_length=False)
        env["wsgi.input_terminated"] = True
        with pytest.raises(RequestEntityTooLarge):
            parse_form_data(env, max_content_length=50)
        env = environ(b"a=" + b"x" * 100, URLENCODED, content_length=False)
        env["wsgi.input_terminated"] = True
        _, form, _ = parse_form_data(env, max_content_length=50)
        assert form["a"] == "x" * 48

    @pytest.mark.parametrize("buffer_size", [3, 64 * 1024])
    def test_max_form_memory_size_per_field(self, buffer_size: int) -> None:
        value = b"x" * 100
        data = body(part("small", b"ok"), part("big", value))

        def parse(limit: int) -> MultiDict:
            parser = MultiPartParser(
                max_form_memory_size=limit, buffer_size=buffer_size
            )
            return parser.parse(io.BytesIO(data), BOUNDARY.encode(), len(data))[0]

        assert parse(100)["big"] == "x" * 100
        assert parse(101)["big"] == "x" * 100
        with pytest.raises(RequestEntityTooLarge):
            parse(99)

    def test_max_form_memory_size_does_not_count_files(self) -> None:
        content = b"y" * 200_000
        data = body(part("f", content, filename="f.bin"), part("a", b"v" * 100))
        with request(data, max_form_memory_size=100) as req:
            assert req.files["f"].read() == content
            assert req.form["a"] == "v" * 100

    def test_request_default_max_form_memory_size(self) -> None:
        assert Request.max_form_memory_size == 500_000
        at_limit = body(part("a", b"x" * 500_000))
        assert len(request(at_limit).form["a"]) == 500_000
        above = body(part("a", b"x" * 500_001))
        with pytest.raises(RequestEntityTooLarge):
            request(above).form  # noqa: B018

    def test_max_form_memory_size_bounds_part_headers(self) -> None:
        header = "X-Padding: " + "p" * 300
        data = body(part("a", b"1", extra_headers=[header]))
        assert request(data, max_form_memory_size=400).form["a"] == "1"
        with pytest.raises(RequestEntityTooLarge):
            request(data, max_form_memory_size=200).form  # noqa: B018

    def test_part_headers_are_limited_without_a_memory_limit(self) -> None:
        small = body(part("a", b"1", extra_headers=["X-Padding: " + "p" * 8000]))
        assert request(small, max_form_memory_size=None).form["a"] == "1"
        huge = body(part("a", b"1", extra_headers=["X-Padding: " + "p" * 20_000]))
        with pytest.raises(RequestEntityTooLarge):
            request(huge, max_form_memory_size=None).form  # noqa: B018

    def test_unterminated_headers_are_limited(self) -> None:
        data = f"--{BOUNDARY}\r\nX-Endless: ".encode() + b"h" * 100_000
        with pytest.raises(RequestEntityTooLarge):
            parse_form_data(environ(data), max_form_memory_size=1000)

    @pytest.mark.parametrize("count", [1, 5])
    def test_max_form_parts(self, count: int) -> None:
        data = body(*(part(f"f{i}", b"v") for i in range(count)))
        assert len(request(data, max_form_parts=count).form) == count
        with pytest.raises(RequestEntityTooLarge):
            request(data, max_form_parts=count - 1).form  # noqa: B018

    def test_max_form_parts_counts_files(self) -> None:
        data = body(part("a", b"1"), part("f", b"data", filename="f.txt"))
        with pytest.raises(RequestEntityTooLarge):
            parse_form_data(environ(data), max_form_parts=1)

    def test_request_default_max_form_parts(self) -> None:
        assert Request.max_form_parts == 1000
        at_limit = body(*(part("f", b"") for _ in range(1000)))
        assert len(request(at_limit).form.getlist("f")) == 1000
        above = body(*(part("f", b"") for _ in range(1001)))
        with pytest.raises(RequestEntityTooLarge):
            request(above).form  # noqa: B018

    def test_limits_raise_even_when_silent(self) -> None:
        data = body(part("a", b"too long"))
        with pytest.raises(RequestEntityTooLarge):
            parse_form_data(environ(data), max_form_memory_size=3, silent=True)


class TestHardeningAttributes:
    """The two limits beyond Werkzeug: part header sections, and the data
    before the first boundary and after the closing one."""

    @staticmethod
    def headers(lines: int, size: int = 0) -> bytes:
        extra = [f"X-Line-{i}: v" for i in range(lines)]
        if size:
            extra.append("X-Padding: " + "p" * size)
        return body(part("a", b"1", extra_headers=extra))

    @staticmethod
    def parse(parser: FormDataParser, data: bytes) -> MultiDict:
        stream = io.BytesIO(data)
        return parser.parse(
            stream, "multipart/form-data", len(data), {"boundary": BOUNDARY}
        )[1]

    def test_defaults(self) -> None:
        for cls in (FormDataParser, MultiPartParser):
            assert cls.max_part_header_size == 16 * 1024
            assert cls.max_part_header_lines == 64
            assert cls.limit_outer_data is False
        parser = FormDataParser()
        # Content-Disposition and 63 more lines fit; 64 more do not.
        assert self.parse(parser, self.headers(63))["a"] == "1"
        with pytest.raises(RequestEntityTooLarge, match="max_part_header_lines"):
            self.parse(parser, self.headers(64))
        assert self.parse(parser, self.headers(0, 16_000))["a"] == "1"
        with pytest.raises(RequestEntityTooLarge, match="max_part_header_size"):
            self.parse(parser, self.headers(0, 16 * 1024))

    def test_header_limits_set_on_an_instance(self) -> None:
        parser = FormDataParser()
        parser.max_part_header_lines = 3
        parser.max_part_header_size = 200
        assert self.parse(parser, self.headers(2))["a"] == "1"
        with pytest.raises(RequestEntityTooLarge):
            self.parse(parser, self.headers(3))
        with pytest.raises(RequestEntityTooLarge):
            self.parse(parser, self.headers(0, 200))

    def test_header_limits_removed_as_in_werkzeug(self) -> None:
        parser = FormDataParser()
        parser.max_part_header_lines = None
        parser.max_part_header_size = None
        assert self.parse(parser, self.headers(1000))["a"] == "1"
        assert self.parse(parser, self.headers(0, 1 << 20))["a"] == "1"
        # max_form_memory_size still bounds the header section.
        parser.max_form_memory_size = 1000
        with pytest.raises(RequestEntityTooLarge):
            self.parse(parser, self.headers(0, 2000))

    def test_header_limits_on_a_request_parser_subclass(self) -> None:
        class Lenient(FormDataParser):
            max_part_header_lines = None

        class LenientRequest(Request):
            form_data_parser_class = Lenient

        data = self.headers(100)
        with pytest.raises(RequestEntityTooLarge):
            Request(environ(data)).form  # noqa: B018
        assert LenientRequest(environ(data)).form["a"] == "1"

    def test_multipart_parser_attributes(self) -> None:
        parser = MultiPartParser()
        data = self.headers(10)
        parser.max_part_header_lines = 5
        with pytest.raises(RequestEntityTooLarge):
            parser.parse(io.BytesIO(data), BOUNDARY.encode(), len(data))
        parser.max_part_header_lines = 11
        form, _ = parser.parse(io.BytesIO(data), BOUNDARY.encode(), len(data))
        assert form["a"] == "1"

    @pytest.mark.parametrize("side", ["preamble", "epilogue"])
    def test_outer_data_skipped_by_default(self, side: str) -> None:
        junk = b"j" * (4 << 20)
        fields = body(part("a", b"1"))
        data = junk + b"\r\n" + fields if side == "preamble" else fields + junk
        parser = FormDataParser(max_form_memory_size=1000)
        assert self.parse(parser, data)["a"] == "1"

    @pytest.mark.parametrize("side", ["preamble", "epilogue"])
    def test_outer_data_limited_as_in_werkzeug(self, side: str) -> None:
        fields = body(part("a", b"1"))

        def with_junk(size: int) -> bytes:
            junk = b"j" * size
            return junk + b"\r\n" + fields if side == "preamble" else fields + junk

        parser = FormDataParser(max_form_memory_size=1000)
        parser.limit_outer_data = True
        assert self.parse(parser, with_junk(900))["a"] == "1"
        with pytest.raises(RequestEntityTooLarge, match="max_form_memory_size"):
            self.parse(parser, with_junk(5000))
        # Without a memory limit nothing bounds them, as in Werkzeug.
        parser.max_form_memory_size = None
        assert self.parse(parser, with_junk(1 << 20))["a"] == "1"


class TestMalformed:
    @pytest.mark.parametrize(
        "data",
        [
            # No closing boundary.
            body(part("a", b"1"), closing=False),
            # A part without Content-Disposition.
            f"--{BOUNDARY}\r\nContent-Type: text/plain\r\n\r\nx\r\n".encode()
            + f"--{BOUNDARY}--".encode(),
            # The body ends inside a part's headers.
            f"--{BOUNDARY}\r\nContent-Disposition: form-data".encode(),
            # A boundary that never appears.
            b"just some text",
            b"",
        ],
    )
    def test_silent_and_not(self, data: bytes) -> None:
        _, form, files = parse_form_data(environ(data))
        assert not form
        assert not files
        with pytest.raises(ValueError):
            parse_form_data(environ(data), silent=False)
        assert not request(data).form

    @pytest.mark.parametrize(
        "content_type",
        [
            "multipart/form-data",
            'multipart/form-data; boundary=""',
            "multipart/form-data; boundary=grüße",
        ],
    )
    def test_bad_boundary(self, content_type: str) -> None:
        data = body(part("a", b"1"))
        _, form, _ = parse_form_data(environ(data, content_type))
        assert not form
        with pytest.raises(ValueError):
            parse_form_data(environ(data, content_type), silent=False)

    def test_empty_form(self) -> None:
        data = f"--{BOUNDARY}--".encode()
        _, form, files = parse_form_data(environ(data), silent=False)
        assert not form
        assert not files


class TestCharsetsAndFilenames:
    def test_field_charsets(self) -> None:
        data = body(
            part(
                "latin",
                "café".encode("latin-1"),
                content_type="text/plain; charset=ISO-8859-1",
            ),
            part("ascii", b"caf\xc3\xa9", content_type="text/plain; charset=us-ascii"),
            # Other charsets are not trusted: UTF-8 is used.
            part("koi8", "кот".encode(), content_type="text/plain; charset=koi8-r"),
            part("broken", b"caf\xe9"),
        )
        form = request(data).form
        assert form["latin"] == "café"
        assert form["ascii"] == "caf\ufffd\ufffd"
        assert form["koi8"] == "кот"
        assert form["broken"] == "caf\ufffd"

    def test_empty_filename(self) -> None:
        # A file input left empty: a file part with an empty name and body.
        data = body(
            part("upload", b"", filename="", content_type="application/octet-stream")
        )
        with request(data) as req:
            storage = req.files["upload"]
            assert storage.filename == ""
            assert not storage
            assert storage.read() == b""
            assert "upload" not in req.form

    def test_extended_filename(self) -> None:
        disposition = (
            'Content-Disposition: form-data; name="doc";'
            " filename=\"EURO rates.txt\"; filename*=UTF-8''%e2%82%ac%20rates.txt"
        )
        data = f"--{BOUNDARY}\r\n{disposition}\r\n\r\nx\r\n--{BOUNDARY}--".encode()
        with request(data) as req:
            assert req.files["doc"].filename == "€ rates.txt"

    def test_full_windows_path_is_kept_as_sent(self) -> None:
        # Old Internet Explorer sent the full path. The name is a quoted
        # string: backslashes escape the next character.
        data = body(part("f", b"x", filename="C:\\\\Users\\\\me\\\\report.doc"))
        with request(data) as req:
            assert req.files["f"].filename == "C:\\Users\\me\\report.doc"
        data = body(part("f", b"x", filename="C:\\Users\\me\\report.doc"))
        with request(data) as req:
            assert req.files["f"].filename == "C:Usersmereport.doc"

    def test_quote_in_filename(self) -> None:
        data = body(part("f", b"x", filename='say "hi".txt'.replace('"', "%22")))
        with request(data) as req:
            assert req.files["f"].filename == 'say "hi".txt'

    def test_utf8_names(self) -> None:
        data = body(part("größe", b"1"), part("datei", b"x", filename="Übersicht.pdf"))
        with request(data) as req:
            assert req.form["größe"] == "1"
            assert req.files["datei"].filename == "Übersicht.pdf"


class TestStreams:
    def test_stream_factory_arguments(self) -> None:
        calls: list[dict[str, t.Any]] = []

        def factory(**kwargs: t.Any) -> t.IO[bytes]:
            calls.append(kwargs)
            return io.BytesIO()

        data = body(
            part(
                "a", b"abc", filename="a.txt", content_type="text/plain; charset=utf-8"
            ),
            part("b", b"defg", filename="b.bin", extra_headers=["Content-Length: 4"]),
        )
        _, _, files = parse_form_data(environ(data), stream_factory=factory)
        assert calls == [
            {
                "total_content_length": len(data),
                "content_type": "text/plain; charset=utf-8",
                "filename": "a.txt",
                "content_length": 0,
            },
            {
                "total_content_length": len(data),
                "content_type": None,
                "filename": "b.bin",
                "content_length": 4,
            },
        ]
        assert files["a"].read() == b"abc"
        assert files["b"].read() == b"defg"

    def test_request_get_file_stream_is_used(self) -> None:
        made: list[io.BytesIO] = []

        class MyRequest(Request):
            def _get_file_stream(self, *args: t.Any, **kwargs: t.Any) -> t.IO[bytes]:
                stream = io.BytesIO()
                made.append(stream)
                return stream

        data = body(part("f", b"content", filename="f.txt"))
        req = MyRequest(environ(data))
        assert req.files["f"].stream is made[0]
        assert req.files["f"].read() == b"content"

    def test_default_stream_factory_spools(self) -> None:
        stream = default_stream_factory(None, "text/plain", "a.txt")
        assert isinstance(stream, tempfile.SpooledTemporaryFile)
        stream.write(b"x" * 500 * 1024)
        assert not stream._rolled  # type: ignore[attr-defined]
        stream.write(b"x")
        assert stream._rolled  # type: ignore[attr-defined]
        stream.close()

    def test_default_stream_factory_without_spooled_file(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr(formparser, "SpooledTemporaryFile", None)
        assert isinstance(default_stream_factory(100, None, None), io.BytesIO)
        for total in (None, 500 * 1024 + 1):
            stream = default_stream_factory(total, None, None)
            assert not isinstance(stream, io.BytesIO)
            assert stream.fileno() >= 0
            stream.close()

    def test_patched_spooled_class_is_used_at_call_time(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        created: list[io.BytesIO] = []

        def fake_spooled(max_size: int, mode: str) -> io.BytesIO:
            assert (max_size, mode) == (500 * 1024, "rb+")
            created.append(io.BytesIO())
            return created[-1]

        monkeypatch.setattr(formparser, "SpooledTemporaryFile", fake_spooled)
        data = body(part("f", b"x" * 10, filename="f.txt"))
        with request(data) as req:
            assert req.files["f"].stream is created[0]

    def test_dict_class_and_parser_subclass(self) -> None:
        class JsonTextParser(FormDataParser):
            def get_parse_func(self, mimetype: str, options: dict[str, str]) -> t.Any:
                if mimetype == "text/x-lines":
                    return self._parse_lines
                return super().get_parse_func(mimetype, options)

            def _parse_lines(
                self,
                stream: t.IO[bytes],
                mimetype: str,
                length: int | None,
                options: t.Any,
            ) -> t.Any:
                lines = stream.read().decode().splitlines()
                return stream, self.cls(enumerate(lines)), self.cls()

        parser = JsonTextParser(cls=dict)
        _, form, _ = parser.parse_from_environ(environ(b"a\nb", "text/x-lines"))
        assert form == {0: "a", 1: "b"}
        _, form, _ = parser.parse_from_environ(environ(b"x=1", URLENCODED))
        assert form == {"x": "1"}


@needs_proc
class TestCleanUp:
    """Uploaded files are closed, and their temporary files removed, when
    parsing fails and when the request is closed."""

    BIG = b"z" * (700 * 1024)  # Beyond the 500 kB kept in memory.

    @pytest.fixture(autouse=True)
    def private_tempdir(
        self, tmp_path: t.Any, monkeypatch: pytest.MonkeyPatch
    ) -> t.Iterator[t.Any]:
        monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
        yield tmp_path

    def check_nothing_left(self, before: set[str], tmp_path: t.Any) -> None:
        assert open_fds() - before == set()
        assert os.listdir(tmp_path) == []

    @pytest.mark.parametrize("silent", [True, False])
    def test_malformed_body_after_files(self, silent: bool, tmp_path: t.Any) -> None:
        data = body(
            part("one", self.BIG, filename="one.bin"),
            part("two", self.BIG, filename="two.bin"),
            part("three", b"truncated"),
            closing=False,
        )
        before = open_fds()
        if silent:
            _, form, files = parse_form_data(environ(data))
            assert not form
            assert not files
        else:
            with pytest.raises(ValueError):
                parse_form_data(environ(data), silent=False)
        self.check_nothing_left(before, tmp_path)

    def test_limit_after_files(self, tmp_path: t.Any) -> None:
        data = body(
            part("one", self.BIG, filename="one.bin"),
            part("two", self.BIG, filename="two.bin"),
            part("three", b"x"),
        )
        before = open_fds()
        with pytest.raises(RequestEntityTooLarge):
            request(data, max_form_parts=2).files  # noqa: B018
        self.check_nothing_left(before, tmp_path)

    def test_client_disconnect_after_files(self, tmp_path: t.Any) -> None:
        data = body(part("one", self.BIG, filename="one.bin"))
        env = environ(data)
        env["CONTENT_LENGTH"] = str(len(data) + 1000)  # More than is sent.
        before = open_fds()
        with pytest.raises(ClientDisconnected):
            Request(env).files  # noqa: B018
        self.check_nothing_left(before, tmp_path)

    def test_stream_factory_failure(self, tmp_path: t.Any) -> None:
        made: list[t.IO[bytes]] = []

        def factory(*args: t.Any, **kwargs: t.Any) -> t.IO[bytes]:
            if made:
                raise OSError("disk full")
            made.append(default_stream_factory(*args, **kwargs))
            return made[-1]

        data = body(
            part("one", self.BIG, filename="one.bin"),
            part("two", self.BIG, filename="two.bin"),
        )
        before = open_fds()
        with pytest.raises(OSError, match="disk full"):
            parse_form_data(environ(data), stream_factory=factory)
        assert made[0].closed
        self.check_nothing_left(before, tmp_path)

    def test_closing_the_request(self, tmp_path: t.Any) -> None:
        data = body(
            part("one", self.BIG, filename="one.bin"),
            part("two", self.BIG, filename="two.bin"),
        )
        before = open_fds()
        req = Request(environ(data))
        assert req.files["one"].read() == self.BIG
        assert len(open_fds() - before) == 2
        req.close()
        self.check_nothing_left(before, tmp_path)
