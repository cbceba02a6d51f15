"""SharedDataMiddleware called in process, as a server calls a WSGI app."""

from __future__ import annotations

import gzip
import os
import sys
import typing as t
import zipfile
from datetime import datetime
from pathlib import Path

import pytest

from rostzeug.datastructures import Headers
from rostzeug.http import http_date
from rostzeug.http import parse_date
from rostzeug.middleware import shared_data
from rostzeug.middleware.shared_data import CHUNK_SIZE
from rostzeug.middleware.shared_data import SharedDataMiddleware
from rostzeug.test import create_environ

SECRET = b"TOP-SECRET-OUTSIDE-THE-EXPORT"
CSS = b"body { color: #222; }\n" * 40
HELLO = b"hello, static world\n"
BIG = bytes(range(256)) * (3 * CHUNK_SIZE // 256 + 7)
MTIME = 1_700_000_000


class Answer(t.NamedTuple):
    status: str
    headers: Headers
    body: bytes


def not_found(environ: dict[str, t.Any], start_response: t.Any) -> list[bytes]:
    start_response("404 Not Found", [("Content-Type", "text/plain")])
    return [b"not found by the app"]


def call(
    app: t.Any,
    path: str,
    method: str = "GET",
    extra: dict[str, t.Any] | None = None,
    **headers: str,
) -> Answer:
    """Calls ``app`` with a request for ``path``; ``headers`` are given as
    keyword arguments with ``_`` for ``-`` (``If_None_Match``)."""
    environ = create_environ(
        path="/",
        method=method,
        headers=[(k.replace("_", "-"), v) for k, v in headers.items()],
    )
    environ["PATH_INFO"] = path
    environ.update(extra or {})
    started: list[tuple[str, list[tuple[str, str]]]] = []

    def start_response(
        status: str, headers: list[tuple[str, str]], exc_info: t.Any = None
    ) -> t.Any:
        started.append((status, headers))

    body_iter = app(environ, start_response)
    try:
        body = b"".join(body_iter)
    finally:
        close = getattr(body_iter, "close", None)
        if close is not None:
            close()
    status, header_list = started[-1]
    return Answer(status, Headers(header_list), body)


def write(path: Path, data: bytes, mtime: int = MTIME) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    os.utime(path, (mtime, mtime))
    return path


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """An export directory ``static`` with a secret file next to it."""
    write(tmp_path / "secret.txt", SECRET)
    static = tmp_path / "static"
    write(static / "hello.txt", HELLO)
    write(static / "style.css", CSS)
    write(static / "data.unknownext", b"\x00\x01")
    write(static / "archive.tar.gz", gzip.compress(b"tar"))
    write(static / "empty.txt", b"")
    write(static / "big.bin", BIG)
    write(static / "sub" / "nested.txt", b"nested\n")
    return static


@pytest.fixture
def app(site: Path) -> SharedDataMiddleware:
    return SharedDataMiddleware(not_found, {"/static": str(site)})


def descriptors_of(path: Path) -> int:
    """How many descriptors of this process are open on ``path``."""
    fd_dir = Path("/proc/self/fd")
    if not fd_dir.is_dir():
        pytest.skip("needs /proc/self/fd")
    count = 0
    for entry in fd_dir.iterdir():
        try:
            target = os.readlink(entry)
        except OSError:
            continue
        if target == str(path) or target == f"{path} (deleted)":
            count += 1
    return count


# -- serving and forwarding ---------------------------------------------------


@pytest.mark.parametrize("container", [dict, list])
def test_exports_as_dict_or_list_serve_files(site: Path, container: t.Any) -> None:
    app = SharedDataMiddleware(not_found, container([("/static", str(site))]))
    answer = call(app, "/static/hello.txt")
    assert answer.status == "200 OK"
    assert answer.body == HELLO
    assert answer.headers["Content-Type"] == "text/plain; charset=utf-8"
    assert answer.headers["Content-Length"] == str(len(HELLO))
    assert call(app, "/static/sub/nested.txt").body == b"nested\n"


def test_path_like_export(site: Path) -> None:
    app = SharedDataMiddleware(not_found, {"/s": site})
    assert call(app, "/s/hello.txt").body == HELLO


@pytest.mark.parametrize(
    "path",
    [
        "/static/missing.txt",
        "/static",
        "/static/",
        "/static/sub",
        "/static/sub/",
        "/other/hello.txt",
        "/",
    ],
)
def test_what_is_not_a_file_goes_to_the_app(
    app: SharedDataMiddleware, path: str
) -> None:
    answer = call(app, path)
    assert answer.status == "404 Not Found"
    assert answer.body == b"not found by the app"


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "OPTIONS"])
def test_other_methods_go_to_the_app(app: SharedDataMiddleware, method: str) -> None:
    assert call(app, "/static/hello.txt", method=method).body == b"not found by the app"


def test_mounted_at_root_still_forwards(site: Path) -> None:
    app = SharedDataMiddleware(not_found, {"/": str(site)})
    assert call(app, "/hello.txt").body == HELLO
    assert call(app, "/sub/nested.txt").body == b"nested\n"
    assert call(app, "/sub/missing").status == "404 Not Found"
    assert call(app, "/").status == "404 Not Found"


def test_exports_are_tried_in_order(site: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    write(other / "hello.txt", b"other hello")
    write(other / "only-here.txt", b"only here")
    app = SharedDataMiddleware(not_found, [("/", str(site)), ("/", str(other))])
    assert call(app, "/hello.txt").body == HELLO
    assert call(app, "/only-here.txt").body == b"only here"


def test_single_file_export_answers_its_exact_path(site: Path) -> None:
    app = SharedDataMiddleware(not_found, {"/favicon.ico": str(site / "hello.txt")})
    answer = call(app, "/favicon.ico")
    assert answer.body == HELLO
    assert answer.headers["Content-Type"] == "text/plain; charset=utf-8"
    for path in ("/favicon.ico/", "/favicon.ico/x", "/favicon.ico/../hello.txt"):
        assert call(app, path).status == "404 Not Found", path


def test_content_types(site: Path) -> None:
    write(site / "app.js", b"let a = 1;")
    write(site / "logo.png", b"\x89PNG")
    app = SharedDataMiddleware(
        not_found, {"/s": str(site)}, fallback_mimetype="x-custom/fallback"
    )
    assert (
        call(app, "/s/app.js").headers["Content-Type"]
        == "text/javascript; charset=utf-8"
    )
    assert call(app, "/s/logo.png").headers["Content-Type"] == "image/png"
    assert (
        call(app, "/s/data.unknownext").headers["Content-Type"] == "x-custom/fallback"
    )
    default = SharedDataMiddleware(not_found, {"/s": str(site)})
    assert (
        call(default, "/s/data.unknownext").headers["Content-Type"]
        == "application/octet-stream"
    )


def test_compressed_file_requested_as_it_is_is_an_archive(
    app: SharedDataMiddleware,
) -> None:
    answer = call(app, "/static/archive.tar.gz", Accept_Encoding="gzip")
    assert answer.headers["Content-Type"] == "application/gzip"
    assert "Content-Encoding" not in answer.headers
    assert gzip.decompress(answer.body) == b"tar"


def test_empty_file(app: SharedDataMiddleware) -> None:
    answer = call(app, "/static/empty.txt")
    assert (answer.status, answer.body, answer.headers["Content-Length"]) == (
        "200 OK",
        b"",
        "0",
    )


@pytest.mark.skipif(sys.getfilesystemencoding() != "utf-8", reason="UTF-8 file names")
def test_non_ascii_file_name(site: Path) -> None:
    write(site / "äöü €.txt", b"umlauts")
    app = SharedDataMiddleware(not_found, {"/static": str(site)})
    # Servers pass the URL's bytes as a latin-1 string.
    path = "/static/äöü €.txt".encode().decode("latin1")
    assert call(app, path).body == b"umlauts"


def test_bad_export_value() -> None:
    with pytest.raises(TypeError, match="cannot export 42"):
        SharedDataMiddleware(not_found, {"/x": 42})  # type: ignore[dict-item]


# -- disallow -----------------------------------------------------------------


@pytest.mark.parametrize("disallow", ["*.txt", ["*.bin", "*.txt"]])
def test_disallow_patterns(site: Path, disallow: t.Any) -> None:
    app = SharedDataMiddleware(not_found, {"/static": str(site)}, disallow=disallow)
    assert call(app, "/static/hello.txt").status == "404 Not Found"
    assert call(app, "/static/sub/nested.txt").status == "404 Not Found"
    assert call(app, "/static/style.css").body == CSS


def test_is_allowed_override(site: Path) -> None:
    seen = []

    class OnlyCss(SharedDataMiddleware):
        def is_allowed(self, filename: str) -> bool:
            seen.append(filename)
            return filename.endswith(".css")

    app = OnlyCss(not_found, {"/static": str(site)})
    assert call(app, "/static/style.css").body == CSS
    assert call(app, "/static/sub/nested.txt").status == "404 Not Found"
    assert seen == ["style.css", "nested.txt"]


# -- caching headers and 304 --------------------------------------------------


def test_cache_headers(site: Path) -> None:
    app = SharedDataMiddleware(not_found, {"/static": str(site)}, cache_timeout=600)
    headers = call(app, "/static/hello.txt").headers
    assert headers["ETag"].startswith('"') and headers["ETag"].endswith('"')
    assert headers["Last-Modified"] == http_date(MTIME)
    assert headers["Cache-Control"] == "max-age=600, public"
    date, expires = parse_date(headers["Date"]), parse_date(headers["Expires"])
    assert date is not None and expires is not None
    assert (expires - date).total_seconds() == 600
    assert headers["Accept-Ranges"] == "bytes"
    app.cache_timeout = 60
    assert (
        call(app, "/static/hello.txt").headers["Cache-Control"] == "max-age=60, public"
    )


def test_no_cache_headers_without_cache(site: Path) -> None:
    app = SharedDataMiddleware(not_found, {"/static": str(site)}, cache=False)
    cached = SharedDataMiddleware(not_found, {"/static": str(site)})
    etag = call(cached, "/static/hello.txt").headers["ETag"]
    answer = call(
        app, "/static/hello.txt", If_None_Match=etag, If_Modified_Since=http_date(MTIME)
    )
    assert answer.status == "200 OK"
    assert answer.body == HELLO
    for name in ("ETag", "Last-Modified", "Cache-Control", "Expires"):
        assert name not in answer.headers


def test_etags_differ_per_file_and_change_with_it(
    app: SharedDataMiddleware, site: Path
) -> None:
    first = call(app, "/static/hello.txt").headers["ETag"]
    assert call(app, "/static/hello.txt").headers["ETag"] == first
    assert call(app, "/static/style.css").headers["ETag"] != first
    write(site / "hello.txt", b"changed, longer content\n", mtime=MTIME + 5)
    answer = call(app, "/static/hello.txt")
    assert answer.body == b"changed, longer content\n"
    assert answer.headers["ETag"] != first
    assert answer.headers["Last-Modified"] == http_date(MTIME + 5)
    # Same size, only the time changed: still a new version.
    write(site / "hello.txt", b"CHANGED, longer content\n", mtime=MTIME + 9)
    again = call(app, "/static/hello.txt")
    assert again.body == b"CHANGED, longer content\n"
    assert again.headers["ETag"] != answer.headers["ETag"]


@pytest.mark.parametrize(
    "if_none_match",
    ["{etag}", "W/{etag}", '"other", {etag}', '"a",W/{etag} , "b"', "*"],
)
def test_if_none_match_304(app: SharedDataMiddleware, if_none_match: str) -> None:
    etag = call(app, "/static/hello.txt").headers["ETag"]
    answer = call(
        app, "/static/hello.txt", If_None_Match=if_none_match.format(etag=etag)
    )
    assert answer.status == "304 Not Modified"
    assert answer.body == b""
    assert answer.headers["ETag"] == etag
    assert "Content-Length" not in answer.headers
    assert answer.headers["Cache-Control"].startswith("max-age=")
    head = call(app, "/static/hello.txt", method="HEAD", If_None_Match=etag)
    assert head.status == "304 Not Modified"


def test_if_none_match_other_tag_200(app: SharedDataMiddleware) -> None:
    answer = call(app, "/static/hello.txt", If_None_Match='"not-it", W/"nor-this"')
    assert (answer.status, answer.body) == ("200 OK", HELLO)


@pytest.mark.parametrize(
    ("since", "status"),
    [
        (http_date(MTIME), "304 Not Modified"),
        (http_date(MTIME + 3600), "304 Not Modified"),
        ("Tuesday, 14-Nov-23 22:13:20 GMT", "304 Not Modified"),
        (http_date(MTIME - 1), "200 OK"),
        ("not a date", "200 OK"),
    ],
)
def test_if_modified_since(app: SharedDataMiddleware, since: str, status: str) -> None:
    assert call(app, "/static/hello.txt", If_Modified_Since=since).status == status


def test_if_none_match_takes_precedence(app: SharedDataMiddleware) -> None:
    answer = call(
        app,
        "/static/hello.txt",
        If_None_Match='"other"',
        If_Modified_Since=http_date(MTIME),
    )
    assert answer.status == "200 OK"


# -- HEAD ---------------------------------------------------------------------


def test_head_has_the_headers_and_no_body(app: SharedDataMiddleware) -> None:
    get = call(app, "/static/big.bin")
    head = call(app, "/static/big.bin", method="HEAD")
    assert head.status == "200 OK"
    assert head.body == b""
    assert head.headers["Content-Length"] == str(len(BIG))
    for name in ("ETag", "Last-Modified", "Content-Type", "Accept-Ranges"):
        assert head.headers[name] == get.headers[name]
    assert (
        call(app, "/static/big.bin", method="HEAD", Range="bytes=0-9").status
        == "200 OK"
    )


# -- ranges -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("spec", "start", "stop"),
    [
        ("bytes=0-9", 0, 10),
        ("bytes=10-", 10, None),
        ("bytes=-7", -7, None),
        ("bytes=5-999999999", 5, None),
        ("bytes=-999999999", 0, None),
        ("bytes=0-0", 0, 1),
    ],
)
@pytest.mark.parametrize("name", ["style.css", "big.bin"])
def test_single_range(
    app: SharedDataMiddleware, name: str, spec: str, start: int, stop: int | None
) -> None:
    content = CSS if name == "style.css" else BIG
    part = content[start:stop]
    answer = call(app, f"/static/{name}", Range=spec)
    assert answer.status == "206 Partial Content"
    assert answer.body == part
    first = start if start >= 0 else len(content) + start
    assert (
        answer.headers["Content-Range"]
        == f"bytes {first}-{first + len(part) - 1}/{len(content)}"
    )
    assert answer.headers["Content-Length"] == str(len(part))


@pytest.mark.parametrize("name", ["style.css", "big.bin"])
def test_unsatisfiable_range(app: SharedDataMiddleware, name: str) -> None:
    size = len(CSS if name == "style.css" else BIG)
    answer = call(app, f"/static/{name}", Range=f"bytes={size}-")
    assert answer.status == "416 Range Not Satisfiable"
    assert answer.headers["Content-Range"] == f"bytes */{size}"
    assert answer.body == b""


@pytest.mark.parametrize(
    "spec", ["bytes=0-1,5-6", "bytes=5-2", "bytes=x-y", "items=0-5", "bytes=-0"]
)
def test_ranges_not_honoured_send_everything(
    app: SharedDataMiddleware, spec: str
) -> None:
    answer = call(app, "/static/style.css", Range=spec)
    assert (answer.status, answer.body) == ("200 OK", CSS)


def test_range_on_empty_file(app: SharedDataMiddleware) -> None:
    assert call(app, "/static/empty.txt", Range="bytes=0-").status == "200 OK"


def test_if_range(app: SharedDataMiddleware) -> None:
    headers = call(app, "/static/style.css").headers
    etag, last_modified = headers["ETag"], headers["Last-Modified"]
    for if_range in (etag, last_modified):
        answer = call(app, "/static/style.css", Range="bytes=0-3", If_Range=if_range)
        assert (answer.status, answer.body) == ("206 Partial Content", CSS[:4]), (
            if_range
        )
    for if_range in ('"other"', f"W/{etag}", http_date(MTIME + 1), "garbage"):
        answer = call(app, "/static/style.css", Range="bytes=0-3", If_Range=if_range)
        assert (answer.status, answer.body) == ("200 OK", CSS), if_range


def test_if_range_without_cache_sends_everything(site: Path) -> None:
    app = SharedDataMiddleware(not_found, {"/static": str(site)}, cache=False)
    answer = call(
        app, "/static/style.css", Range="bytes=0-3", If_Range=http_date(MTIME)
    )
    assert answer.status == "200 OK"
    assert call(app, "/static/style.css", Range="bytes=0-3").body == CSS[:4]


def test_not_modified_wins_over_range(app: SharedDataMiddleware) -> None:
    etag = call(app, "/static/style.css").headers["ETag"]
    assert (
        call(app, "/static/style.css", Range="bytes=0-3", If_None_Match=etag).status
        == "304 Not Modified"
    )


# -- precompressed siblings ---------------------------------------------------


@pytest.fixture
def precompressed(site: Path) -> SharedDataMiddleware:
    write(site / "style.css.br", b"BROTLI-BYTES")
    write(site / "style.css.gz", gzip.compress(CSS, mtime=0))
    return SharedDataMiddleware(not_found, {"/static": str(site)})


@pytest.mark.parametrize(
    ("accept", "coding"),
    [
        ("gzip, deflate, br", "br"),
        ("br", "br"),
        ("gzip", "gzip"),
        ("x-gzip", "gzip"),
        ("GZIP;q=0.8", "gzip"),
        ("br;q=0, gzip", "gzip"),
        ("gzip;q=0.5, br;q=0.4", "gzip"),
        ("*", "br"),
        ("*, br;q=0", "gzip"),
        ("gzip, br, identity;q=1", "br"),
        ("gzip;q=0.5, identity", None),
        ("br;q=0, gzip;q=0", None),
        ("*;q=0, identity", None),
        ("deflate", None),
        ("", None),
    ],
)
def test_precompressed_choice(
    precompressed: SharedDataMiddleware, accept: str, coding: str | None
) -> None:
    answer = call(precompressed, "/static/style.css", Accept_Encoding=accept)
    assert answer.status == "200 OK"
    assert answer.headers["Vary"] == "Accept-Encoding"
    assert answer.headers["Content-Type"] == "text/css; charset=utf-8"
    assert answer.headers.get("Content-Encoding") == coding
    expected = {None: CSS, "br": b"BROTLI-BYTES", "gzip": gzip.compress(CSS, mtime=0)}[
        coding
    ]
    assert answer.body == expected
    assert answer.headers["Content-Length"] == str(len(expected))


def test_precompressed_without_accept_encoding(
    precompressed: SharedDataMiddleware,
) -> None:
    answer = call(precompressed, "/static/style.css")
    assert answer.body == CSS
    assert answer.headers["Vary"] == "Accept-Encoding"
    assert "Content-Encoding" not in answer.headers


def test_no_vary_without_siblings(app: SharedDataMiddleware) -> None:
    answer = call(app, "/static/hello.txt", Accept_Encoding="br, gzip")
    assert "Vary" not in answer.headers
    assert "Content-Encoding" not in answer.headers


def test_precompressed_etags_and_304(precompressed: SharedDataMiddleware) -> None:
    tags = {
        accept: call(
            precompressed, "/static/style.css", Accept_Encoding=accept
        ).headers["ETag"]
        for accept in ("br", "gzip", "identity")
    }
    assert len(set(tags.values())) == 3
    not_modified = call(
        precompressed,
        "/static/style.css",
        Accept_Encoding="br",
        If_None_Match=tags["br"],
    )
    assert not_modified.status == "304 Not Modified"
    assert not_modified.headers["ETag"] == tags["br"]
    assert not_modified.headers["Vary"] == "Accept-Encoding"
    # The tag of the brotli file does not match the gzip answer.
    answer = call(
        precompressed,
        "/static/style.css",
        Accept_Encoding="gzip",
        If_None_Match=tags["br"],
    )
    assert answer.status == "200 OK"
    assert answer.headers["Content-Encoding"] == "gzip"


def test_precompressed_head_and_range(precompressed: SharedDataMiddleware) -> None:
    head = call(precompressed, "/static/style.css", method="HEAD", Accept_Encoding="br")
    assert head.headers["Content-Encoding"] == "br"
    assert head.headers["Content-Length"] == str(len(b"BROTLI-BYTES"))
    part = call(
        precompressed, "/static/style.css", Accept_Encoding="br", Range="bytes=0-5"
    )
    assert (part.status, part.body) == ("206 Partial Content", b"BROTLI")
    assert part.headers["Content-Range"] == "bytes 0-5/12"


def test_only_existing_siblings_are_used(site: Path) -> None:
    write(site / "style.css.gz", b"GZ")
    app = SharedDataMiddleware(not_found, {"/static": str(site)})
    answer = call(app, "/static/style.css", Accept_Encoding="br, gzip")
    assert (answer.headers["Content-Encoding"], answer.body) == ("gzip", b"GZ")


def test_siblings_that_come_and_go(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    now = [1_800_000_000.0]
    monkeypatch.setattr(shared_data, "time", lambda: now[0])
    app = SharedDataMiddleware(not_found, {"/static": str(site)})
    assert call(app, "/static/style.css", Accept_Encoding="br").body == CSS
    write(site / "style.css.br", b"BR")
    # Looked for again at most once a second.
    now[0] += 1
    answer = call(app, "/static/style.css", Accept_Encoding="br")
    assert (answer.body, answer.headers["Content-Encoding"]) == (b"BR", "br")
    # A sibling that is gone is noticed at once.
    (site / "style.css.br").unlink()
    answer = call(app, "/static/style.css", Accept_Encoding="br")
    assert answer.body == CSS
    assert "Content-Encoding" not in answer.headers


def test_sibling_of_a_single_file_export_is_not_served(site: Path) -> None:
    write(site / "style.css.br", b"BR")
    app = SharedDataMiddleware(not_found, {"/style.css": str(site / "style.css")})
    answer = call(app, "/style.css", Accept_Encoding="br")
    assert answer.body == CSS
    assert "Vary" not in answer.headers


# -- never outside the export -------------------------------------------------

TRAVERSALS = [
    "/static/../secret.txt",
    "/static/..",
    "/static/../",
    "/static/sub/../../secret.txt",
    "/static/./../secret.txt",
    "/static/sub/./.././../secret.txt",
    "/static//secret.txt",
    "/static/%2e%2e/secret.txt",
    "/static/%2E%2E%2Fsecret.txt",
    "/static/..%2fsecret.txt",
    "/static/..\\secret.txt",
    "/static/sub\\..\\..\\secret.txt",
    "/static/\\..\\secret.txt",
    "/static/secret.txt\x00.css",
    "/static/hello.txt\x00",
    "/static/\x00../secret.txt",
    "/static/C:/secret.txt",
    "/static/C:\\secret.txt",
    "/static/\\\\localhost\\c$\\secret.txt",
    "/static/CON",
    "/static/NUL.txt",
    "/static/....//secret.txt",
    "/static/..;/secret.txt",
    "/static/\u2025/secret.txt",
    "/static/..\u2215secret.txt",
    # UTF-8 bytes of two fullwidth full stops and "/", as a server passes them.
    "/static/\uff0e\uff0e/secret.txt".encode().decode("latin1"),
    # An overlong encoding of "../", which is not UTF-8.
    "/static/\xc0\xae\xc0\xae\xc0\xafsecret.txt",
]


@pytest.mark.parametrize("path", TRAVERSALS)
def test_traversal_is_refused(site: Path, path: str) -> None:
    app = SharedDataMiddleware(
        not_found, {"/static": str(site), "/": str(site / "sub")}
    )
    answer = call(app, path)
    assert answer.status == "404 Not Found"
    assert SECRET not in answer.body


def test_absolute_path_is_refused(site: Path) -> None:
    app = SharedDataMiddleware(not_found, {"/static": str(site)})
    secret = str(site.parent / "secret.txt")
    for path in (f"/static/{secret}", f"/static{secret}", f"/static//{secret}"):
        assert call(app, path).status == "404 Not Found", path


def test_windows_only_names_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shared_data, "_ON_WINDOWS", True)
    join = shared_data._untrusted_join
    for path in (
        "a.txt::$DATA",
        "a.txt:stream",
        "a.txt.",
        "a.txt ",
        "sub./a.txt",
        "a.txt\\",
    ):
        assert join("/srv", path) is None, path
    assert join("/srv", "sub/a.txt") == "/srv/sub/a.txt"


symlinks = pytest.mark.skipif(
    not hasattr(os, "symlink") or os.name == "nt", reason="POSIX symlinks"
)


@symlinks
def test_symlink_leading_outside_is_not_served(site: Path) -> None:
    os.symlink(site.parent / "secret.txt", site / "link.txt")
    os.symlink(site.parent, site / "up")
    app = SharedDataMiddleware(not_found, {"/static": str(site)})
    for path in (
        "/static/link.txt",
        "/static/up/secret.txt",
    ):
        answer = call(app, path)
        assert answer.status == "404 Not Found", path
        assert SECRET not in answer.body
    _, opener = app.get_directory_loader(str(site))("link.txt")
    assert opener is not None
    with pytest.raises(PermissionError, match="outside the exported directory"):
        opener()


@symlinks
def test_symlink_inside_is_served_until_it_leads_outside(site: Path) -> None:
    os.symlink(site / "hello.txt", site / "alias.txt")
    os.symlink(site / "sub", site / "subalias")
    app = SharedDataMiddleware(not_found, {"/static": str(site)})
    assert call(app, "/static/alias.txt").body == HELLO
    assert call(app, "/static/subalias/nested.txt").body == b"nested\n"
    (site / "alias.txt").unlink()
    os.symlink(site.parent / "secret.txt", site / "alias.txt")
    answer = call(app, "/static/alias.txt")
    assert answer.status == "404 Not Found"
    assert SECRET not in answer.body


@symlinks
def test_exported_directory_behind_a_switched_symlink(tmp_path: Path) -> None:
    write(tmp_path / "release1" / "app.css", b"one")
    write(tmp_path / "release2" / "app.css", b"two!")
    current = tmp_path / "current"
    os.symlink(tmp_path / "release1", current)
    app = SharedDataMiddleware(not_found, {"/static": str(current)})
    assert call(app, "/static/app.css").body == b"one"
    os.symlink(tmp_path / "release2", tmp_path / "next")
    os.replace(tmp_path / "next", current)
    assert call(app, "/static/app.css").body == b"two!"


def test_fifo_is_not_opened(site: Path) -> None:
    if not hasattr(os, "mkfifo"):
        pytest.skip("needs mkfifo")
    os.mkfifo(site / "pipe.txt")
    app = SharedDataMiddleware(not_found, {"/static": str(site)})
    assert call(app, "/static/pipe.txt").status == "404 Not Found"


# -- bodies and files ---------------------------------------------------------


def test_large_file_in_chunks_closed_on_early_close(
    app: SharedDataMiddleware, site: Path
) -> None:
    started = []
    environ = create_environ("/static/big.bin")
    body = app(environ, lambda status, headers, exc_info=None: started.append(status))
    chunks = iter(body)
    first = next(chunks)
    assert len(first) == CHUNK_SIZE
    assert descriptors_of(site / "big.bin") == 1
    body.close()  # type: ignore[attr-defined]
    assert descriptors_of(site / "big.bin") == 0
    whole = call(app, "/static/big.bin")
    assert whole.body == BIG
    assert descriptors_of(site / "big.bin") == 0


class RecordingWrapper:
    """A server's ``wsgi.file_wrapper`` that records what it is given."""

    made: list[RecordingWrapper] = []

    def __init__(self, file: t.IO[bytes], block_size: int = 8192) -> None:
        self.file = file
        self.block_size = block_size
        RecordingWrapper.made.append(self)

    def __iter__(self) -> t.Iterator[bytes]:
        return iter(lambda: self.file.read(self.block_size), b"")

    def close(self) -> None:
        self.file.close()


@pytest.mark.parametrize("name", ["hello.txt", "big.bin"])
def test_file_wrapper_used_for_whole_files(
    app: SharedDataMiddleware, name: str
) -> None:
    RecordingWrapper.made.clear()
    extra = {"wsgi.file_wrapper": RecordingWrapper}
    answer = call(app, f"/static/{name}", extra=extra)
    assert answer.body == (HELLO if name == "hello.txt" else BIG)
    [wrapper] = RecordingWrapper.made
    assert wrapper.block_size == CHUNK_SIZE
    assert wrapper.file.closed
    # A range is not the whole file: the wrapper might send all of it.
    part = call(app, f"/static/{name}", extra=extra, Range="bytes=3-5")
    assert part.body == answer.body[3:6]
    assert len(RecordingWrapper.made) == 1


def test_small_files_keep_one_descriptor(app: SharedDataMiddleware, site: Path) -> None:
    for _ in range(20):
        assert call(app, "/static/style.css").body == CSS
    assert descriptors_of(site / "style.css") <= 1
    # Replaced by a new file: the old descriptor is let go.
    write(site / "new.css", b"new content")
    os.replace(site / "new.css", site / "style.css")
    assert call(app, "/static/style.css").body == b"new content"
    assert descriptors_of(site / "style.css") <= 1


def test_file_replaced_between_lookup_and_open(site: Path) -> None:
    class Racing(SharedDataMiddleware):
        def get_directory_loader(self, directory: str) -> t.Any:
            inner = super().get_directory_loader(directory)

            def loader(path: str | None) -> t.Any:
                found = inner(path)
                write(
                    site / "hello.txt", b"rewritten after the lookup", mtime=MTIME + 60
                )
                return found

            return loader

    app = Racing(not_found, {"/static": str(site)})
    answer = call(app, "/static/hello.txt")
    assert answer.body == b"rewritten after the lookup"
    assert answer.headers["Content-Length"] == str(len(answer.body))
    assert answer.headers["Last-Modified"] == http_date(MTIME + 60)


# -- loaders and overrides ----------------------------------------------------


def test_loader_contract(site: Path) -> None:
    app = SharedDataMiddleware(not_found, {})
    loader = app.get_directory_loader(str(site))
    assert loader("missing.txt") == (None, None)
    assert loader("sub") == (None, None)
    assert loader(None) == (None, None)
    assert loader("../secret.txt") == (None, None)
    name, opener = loader("sub/nested.txt")
    assert name == "nested.txt" and opener is not None
    file, mtime, size = opener()
    with file:
        assert file.read() == b"nested\n"
    assert (mtime, size) == (datetime.fromtimestamp(MTIME, tz=mtime.tzinfo), 7)
    assert mtime.utcoffset() is not None
    file_loader = app.get_file_loader(str(site / "hello.txt"))
    assert file_loader(None)[0] == "hello.txt"
    assert file_loader("x") == (None, None)


def test_generate_etag_override(site: Path) -> None:
    class Tagged(SharedDataMiddleware):
        def generate_etag(
            self, mtime: datetime, file_size: int, real_filename: str
        ) -> str:
            return f"{real_filename}-{file_size}-{int(mtime.timestamp())}"

    app = Tagged(not_found, {"/static": str(site)})
    assert (
        call(app, "/static/hello.txt").headers["ETag"]
        == f'"hello.txt-{len(HELLO)}-{MTIME}"'
    )


def test_custom_loader_with_in_memory_file(site: Path) -> None:
    modified = datetime.fromtimestamp(MTIME, tz=datetime.now().astimezone().tzinfo)
    opened: list[t.Any] = []

    class InMemory(SharedDataMiddleware):
        def get_directory_loader(self, directory: str) -> t.Any:
            def loader(path: str | None) -> t.Any:
                if path != "virtual.txt":
                    return None, None

                def opener() -> t.Any:
                    from io import BytesIO

                    opened.append(BytesIO(b"0123456789"))
                    return opened[-1], modified, 10

                return "virtual.txt", opener

            return loader

    app = InMemory(not_found, {"/v": str(site)})
    answer = call(app, "/v/virtual.txt")
    assert (answer.body, answer.headers["Last-Modified"]) == (
        b"0123456789",
        http_date(MTIME),
    )
    assert call(app, "/v/virtual.txt", Range="bytes=2-4").body == b"234"
    etag = answer.headers["ETag"]
    assert call(app, "/v/virtual.txt", If_None_Match=etag).status == "304 Not Modified"
    assert call(app, "/v/virtual.txt", method="HEAD").body == b""
    assert all(file.closed for file in opened)
    assert call(app, "/v/other.txt").status == "404 Not Found"


def make_package(root: Path, name: str) -> None:
    write(root / name / "__init__.py", b"")
    write(root / name / "static" / "app.css", CSS)
    write(root / name / "static" / "img" / "dot.txt", b"dot")
    write(root / name / "secret.txt", SECRET)


def test_package_on_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make_package(tmp_path, "sdm_disk_package")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "sdm_disk_package", raising=False)
    app = SharedDataMiddleware(not_found, {"/pkg": ("sdm_disk_package", "static")})
    answer = call(app, "/pkg/app.css", Accept_Encoding="gzip")
    assert (answer.body, answer.headers["Last-Modified"]) == (CSS, http_date(MTIME))
    assert call(app, "/pkg/img/dot.txt").body == b"dot"
    assert call(app, "/pkg/app.css", Range="bytes=0-3").body == CSS[:4]
    for path in ("/pkg", "/pkg/", "/pkg/missing.css", "/pkg/../secret.txt", "/pkg/img"):
        answer = call(app, path)
        assert answer.status == "404 Not Found", path
        assert SECRET not in answer.body


def test_package_in_zip(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    archive = tmp_path / "bundle.zip"
    with zipfile.ZipFile(archive, "w") as bundle:
        bundle.writestr("sdm_zip_package/__init__.py", "")
        bundle.writestr("sdm_zip_package/static/app.css", CSS)
        bundle.writestr("sdm_zip_package/secret.txt", SECRET)
    monkeypatch.syspath_prepend(str(archive))
    monkeypatch.delitem(sys.modules, "sdm_zip_package", raising=False)
    app = SharedDataMiddleware(not_found, {"/pkg": ("sdm_zip_package", "static")})
    answer = call(app, "/pkg/app.css")
    assert answer.body == CSS
    assert answer.headers["Content-Type"] == "text/css; charset=utf-8"
    assert call(app, "/pkg/app.css", Range="bytes=1-2").body == CSS[1:3]
    etag = answer.headers["ETag"]
    assert call(app, "/pkg/app.css", If_None_Match=etag).status == "304 Not Modified"
    for path in (
        "/pkg",
        "/pkg/",
        "/pkg/missing.css",
        "/pkg/../secret.txt",
        "/pkg/..%2fsecret.txt",
    ):
        answer = call(app, path)
        assert answer.status == "404 Not Found", path
        assert SECRET not in answer.body


def test_missing_package() -> None:
    with pytest.raises(ModuleNotFoundError):
        SharedDataMiddleware(not_found, {"/pkg": ("sdm_no_such_package", "static")})
