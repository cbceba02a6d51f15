from __future__ import annotations

import inspect
import io
import mimetypes
import os
import sys
import typing as t
from collections.abc import Iterator
from datetime import UTC
from datetime import datetime
from email.utils import format_datetime
from pathlib import Path
from zlib import adler32

import pytest

from rostzeug import utils
from rostzeug.datastructures import Headers
from rostzeug.exceptions import NotFound
from rostzeug.exceptions import RequestedRangeNotSatisfiable
from rostzeug.utils import ImportStringError
from rostzeug.utils import append_slash_redirect
from rostzeug.utils import cached_property
from rostzeug.utils import environ_property
from rostzeug.utils import find_modules
from rostzeug.utils import get_content_type
from rostzeug.utils import header_property
from rostzeug.utils import import_string
from rostzeug.utils import redirect
from rostzeug.utils import secure_filename
from rostzeug.utils import send_file
from rostzeug.utils import send_from_directory
from rostzeug.wrappers import Response


def make_environ(**headers: str) -> dict[str, t.Any]:
    """A GET request for ``/``; keyword arguments become ``HTTP_*`` keys."""
    environ: dict[str, t.Any] = {
        "REQUEST_METHOD": "GET",
        "SCRIPT_NAME": "",
        "PATH_INFO": "/",
        "QUERY_STRING": "",
        "SERVER_NAME": "localhost",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr,
    }
    environ.update({f"HTTP_{key.upper()}": value for key, value in headers.items()})
    return environ


def http_date(moment: datetime) -> str:
    return format_datetime(moment.astimezone(UTC), usegmt=True)


def body_of(response: Response) -> bytes:
    response.direct_passthrough = False
    data = response.get_data()
    assert isinstance(data, bytes)
    response.close()
    return data


# -- redirect ------------------------------------------------------------------


@pytest.mark.parametrize("code", [301, 302, 303, 305, 307, 308])
def test_redirect_sets_status_and_location(code: int) -> None:
    response = redirect("https://example.org/next?a=1&b=2", code)
    assert response.status_code == code
    assert response.headers["Location"] == "https://example.org/next?a=1&b=2"
    assert response.mimetype == "text/html"


def test_redirect_defaults_to_302() -> None:
    assert redirect("/elsewhere").status_code == 302


def test_redirect_body_links_to_the_escaped_location() -> None:
    response = redirect("/search?q=a&b=<c>")
    body = response.get_data(as_text=True)
    assert isinstance(body, str)
    escaped = "/search?q=a&amp;b=&lt;c&gt;"
    assert f'<a href="{escaped}">{escaped}</a>' in body
    assert body.startswith("<!doctype html>\n<html lang=en>\n<title>Redirecting...")
    assert "<c>" not in body


def test_redirect_body_cannot_break_out_of_the_attribute() -> None:
    location = 'http://example.com/?x="onmouseover="alert(1)'
    body = redirect(location).get_data(as_text=True)
    assert 'href="http://example.com/?x="' not in body
    assert "&#34;onmouseover=&#34;" in body


def test_redirect_keeps_a_non_ascii_location_as_given() -> None:
    response = redirect("/füü")
    assert response.headers["Location"] == "/füü"
    assert response.get_data(as_text=True).count("/füü") == 2


def test_redirect_uses_the_given_response_class() -> None:
    class MyResponse(Response):
        pass

    response = redirect("/x", Response=MyResponse)
    assert type(response) is MyResponse
    assert response.headers["Location"] == "/x"


@pytest.mark.parametrize(
    ("path", "query", "location"),
    [
        ("/user/42", "", "42/"),
        ("/user", "", "user/"),
        ("/user/42", "tab=2&x=%20", "42/?tab=2&x=%20"),
        ("/user/", "", "./"),
        ("/", "", "./"),
        ("/", "q=1", "./?q=1"),
    ],
)
def test_append_slash_redirect(path: str, query: str, location: str) -> None:
    environ = make_environ()
    environ["PATH_INFO"] = path
    environ["QUERY_STRING"] = query
    response = append_slash_redirect(environ)
    assert response.status_code == 308
    assert response.headers["Location"] == location


def test_append_slash_redirect_status() -> None:
    environ = make_environ()
    environ["PATH_INFO"] = "/a"
    assert append_slash_redirect(environ, 301).status_code == 301


# -- secure_filename -----------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("My cool movie.mov", "My_cool_movie.mov"),
        ("../../../etc/passwd", "etc_passwd"),
        ("/etc/passwd", "etc_passwd"),
        ("i contain cool \xfcml\xe4uts.txt", "i_contain_cool_umlauts.txt"),
        ("__filename__", "filename"),
        ("foo$&^*)bar", "foobar"),
        ("..", ""),
        ("...", ""),
        ("/", ""),
        ("", ""),
        ("日本語.txt", "txt"),
        ("tab\tand\nnewline.txt", "tab_and_newline.txt"),
        ("  spaced   out  .txt", "spaced_out_.txt"),
        ("ﬁle.txt", "file.txt"),
        ("null\x00byte.txt", "nullbyte.txt"),
        (".hidden", "hidden"),
        ("a..b", "a..b"),
        ("name.tar.gz", "name.tar.gz"),
        ("-dash-", "-dash-"),
    ],
)
def test_secure_filename(name: str, expected: str) -> None:
    assert secure_filename(name) == expected


def test_secure_filename_keeps_backslashes_out_on_posix() -> None:
    # "\\" is not a separator on POSIX, but it is not a safe character either.
    assert secure_filename("..\\..\\x.txt") == "x.txt"


@pytest.mark.parametrize(
    ("name", "expected"),
    [("CON", "_CON"), ("nul.txt", "_nul.txt"), ("com1.log", "_com1.log")],
)
def test_secure_filename_prefixes_device_names_on_windows(
    monkeypatch: pytest.MonkeyPatch, name: str, expected: str
) -> None:
    assert secure_filename(name) == name
    monkeypatch.setattr(os, "name", "nt")
    assert secure_filename(name) == expected


def test_secure_filename_leaves_other_names_alone_on_windows(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(os, "name", "nt")
    assert secure_filename("CONSOLE.txt") == "CONSOLE.txt"


# -- get_content_type ------------------------------------------------------------


@pytest.mark.parametrize(
    ("mimetype", "expected"),
    [
        ("text/html", "text/html; charset=utf-8"),
        ("application/javascript", "application/javascript; charset=utf-8"),
        ("application/xml", "application/xml; charset=utf-8"),
        ("image/svg+xml", "image/svg+xml; charset=utf-8"),
        ("application/json", "application/json"),
        ("image/png", "image/png"),
    ],
)
def test_get_content_type(mimetype: str, expected: str) -> None:
    assert get_content_type(mimetype, "utf-8") == expected


# -- cached_property -------------------------------------------------------------


class Computed:
    def __init__(self) -> None:
        self.calls = 0

    @cached_property
    def value(self) -> int:
        self.calls += 1
        return self.calls * 10


def test_cached_property_computes_once_and_can_be_set_and_cleared() -> None:
    obj = Computed()
    assert obj.value == 10
    assert obj.value == 10
    assert obj.calls == 1
    obj.value = 5
    assert obj.value == 5
    del obj.value
    assert obj.value == 20
    assert obj.calls == 2


def test_cached_property_with_slots() -> None:
    class Slotted:
        __slots__ = ("_cache_value", "calls")

        def __init__(self) -> None:
            self.calls = 0

        @cached_property
        def value(self) -> int:
            self.calls += 1
            return 7

    obj = Slotted()
    assert obj.value == 7
    assert obj.value == 7
    assert obj.calls == 1
    del obj.value
    assert obj.value == 7
    assert obj.calls == 2


def test_cached_property_is_a_property_for_inspect() -> None:
    kinds = {attr.name: attr.kind for attr in inspect.classify_class_attrs(Computed)}
    assert kinds["value"] == "property"
    assert Computed.value.__name__ == "value"
    assert Computed.value.__module__ == __name__


# -- environ_property / header_property ------------------------------------------


class EnvironHolder:
    def __init__(self, environ: dict[str, t.Any]) -> None:
        self.environ = environ

    method = environ_property[str]("REQUEST_METHOD")
    missing = environ_property[str]("MISSING", "fallback")
    port = environ_property[int]("SERVER_PORT", load_func=int)
    count = environ_property[int](
        "COUNT", 0, load_func=int, dump_func=str, read_only=False, doc="A count."
    )


def test_environ_property_reads_converts_and_defaults() -> None:
    holder = EnvironHolder({"REQUEST_METHOD": "POST", "SERVER_PORT": "8080"})
    assert holder.method == "POST"
    assert holder.missing == "fallback"
    assert holder.port == 8080
    assert holder.count == 0
    holder.environ["SERVER_PORT"] = "eighty"
    assert holder.port is None


def test_environ_property_is_read_only_by_default() -> None:
    holder = EnvironHolder({"REQUEST_METHOD": "GET"})
    with pytest.raises(AttributeError, match="read-only"):
        holder.method = "POST"
    with pytest.raises(AttributeError, match="read-only"):
        del holder.method
    assert holder.environ["REQUEST_METHOD"] == "GET"


def test_environ_property_writable_with_dump_func() -> None:
    holder = EnvironHolder({})
    holder.count = 3
    assert holder.environ["COUNT"] == "3"
    assert holder.count == 3
    del holder.count
    assert "COUNT" not in holder.environ
    del holder.count  # deleting a missing key is fine


def test_environ_property_on_the_class() -> None:
    descriptor = EnvironHolder.__dict__["count"]
    assert EnvironHolder.count is descriptor
    assert descriptor.__doc__ == "A count."
    assert repr(descriptor) == "<environ_property COUNT>"


class HeaderHolder:
    def __init__(self) -> None:
        self.headers = Headers()

    retry = header_property[int]("Retry-After", None, int, str)
    server = header_property[str]("Server", read_only=True)


def test_header_property_reads_and_writes_headers() -> None:
    holder = HeaderHolder()
    assert holder.retry is None
    holder.retry = 120
    assert holder.headers["retry-after"] == "120"
    assert holder.retry == 120
    del holder.retry
    assert "Retry-After" not in holder.headers
    holder.headers["Server"] = "x"
    assert holder.server == "x"
    with pytest.raises(AttributeError):
        holder.server = "y"


# -- import_string / find_modules --------------------------------------------------


@pytest.fixture
def package_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A package ``pkg_rz`` on sys.path, removed from sys.modules afterwards."""
    root = tmp_path / "pkg_rz"
    (root / "sub").mkdir(parents=True)
    (root / "__init__.py").write_text("VALUE = 1\n")
    (root / "alpha.py").write_text("NAME = 'alpha'\n")
    (root / "beta.py").write_text("from os import not_a_name\n")
    (root / "sub" / "__init__.py").write_text("")
    (root / "sub" / "gamma.py").write_text("")
    (root / "sub" / "deep").mkdir()
    (root / "sub" / "deep" / "__init__.py").write_text("")
    (root / "sub" / "deep" / "delta.py").write_text("")
    (root / "raises_attribute.py").write_text("raise AttributeError('broken')\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    yield root
    for name in list(sys.modules):
        if name == "pkg_rz" or name.startswith("pkg_rz."):
            del sys.modules[name]


def test_import_string_modules_and_attributes() -> None:
    import os.path

    assert import_string("os.path") is os.path
    assert import_string("os.path.join") is os.path.join
    assert import_string("os.path:join") is os.path.join
    assert import_string("datetime:datetime") is datetime


def test_import_string_silent() -> None:
    assert import_string("no_such_module_rz", silent=True) is None
    assert import_string("os.no_such_attribute", silent=True) is None
    assert import_string("os.no_such_module.x", silent=True) is None


def test_import_string_error_describes_the_failure() -> None:
    with pytest.raises(ImportStringError) as info:
        import_string("os.path:no_such_name")
    error = info.value
    assert isinstance(error, ImportError)
    assert error.import_name == "os.path.no_such_name"
    assert isinstance(error.exception, ImportError)
    message = str(error)
    assert "import_string() failed for 'os.path.no_such_name'" in message
    assert "- 'os' found in" in message
    assert "- 'os.path' found in" in message
    assert "- 'os.path.no_such_name' not found." in message
    assert repr(error).startswith("<ImportStringError('os.path.no_such_name', ")


def test_import_string_error_for_a_missing_top_level_module() -> None:
    with pytest.raises(ImportStringError, match="'no_such_module_rz' not found"):
        import_string("no_such_module_rz")


def test_import_string_keeps_the_traceback_of_a_broken_module(
    package_dir: Path,
) -> None:
    assert import_string("pkg_rz.alpha.NAME") == "alpha"
    with pytest.raises(ImportStringError) as info:
        import_string("pkg_rz.beta")
    assert "not_a_name" in str(info.value)
    sources = [entry.path for entry in info.traceback]
    assert package_dir / "beta.py" in sources


def test_import_string_lets_other_errors_through(package_dir: Path) -> None:
    with pytest.raises(AttributeError, match="broken"):
        import_string("pkg_rz.raises_attribute")


def test_find_modules(package_dir: Path) -> None:
    assert sorted(find_modules("pkg_rz")) == [
        "pkg_rz.alpha",
        "pkg_rz.beta",
        "pkg_rz.raises_attribute",
    ]
    assert "pkg_rz.sub" in find_modules("pkg_rz", include_packages=True)
    assert sorted(find_modules("pkg_rz.sub", recursive=True)) == [
        "pkg_rz.sub.deep.delta",
        "pkg_rz.sub.gamma",
    ]
    assert sorted(
        find_modules("pkg_rz.sub", include_packages=True, recursive=True)
    ) == ["pkg_rz.sub.deep", "pkg_rz.sub.deep.delta", "pkg_rz.sub.gamma"]


def test_find_modules_names_follow_the_name_asked_for(
    package_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pkg_rz.sub  # type: ignore[import-not-found]

    # The same package known under a second name, as with an import alias.
    monkeypatch.setitem(sys.modules, "alias_rz", pkg_rz.sub)
    assert sorted(find_modules("alias_rz")) == ["alias_rz.gamma"]


def test_find_modules_refuses_a_plain_module(package_dir: Path) -> None:
    with pytest.raises(ValueError, match=r"'pkg_rz\.alpha' is not a package"):
        list(find_modules("pkg_rz.alpha"))


# -- send_file ---------------------------------------------------------------------


@pytest.fixture
def text_file(tmp_path: Path) -> Path:
    path = tmp_path / "notes.txt"
    path.write_bytes(b"0123456789abcdef")
    return path


def test_send_file_from_a_path(text_file: Path) -> None:
    response = send_file(text_file, make_environ())
    assert response.status_code == 200
    assert response.direct_passthrough
    assert response.mimetype == "text/plain"
    assert response.headers["Content-Type"] == "text/plain; charset=utf-8"
    assert response.headers["Content-Length"] == "16"
    assert response.headers["Content-Disposition"] == "inline; filename=notes.txt"
    assert response.headers["Accept-Ranges"] == "bytes"
    assert "no-cache" in response.headers["Cache-Control"]
    stat = text_file.stat()
    modified = datetime.fromtimestamp(int(stat.st_mtime), UTC)
    assert response.headers["Last-Modified"] == http_date(modified)
    checksum = adler32(str(text_file).encode()) & 0xFFFFFFFF
    assert response.headers["ETag"] == f'"{stat.st_mtime}-16-{checksum}"'
    assert body_of(response) == b"0123456789abcdef"


def test_send_file_accepts_a_string_path(text_file: Path) -> None:
    response = send_file(str(text_file), make_environ())
    assert body_of(response) == text_file.read_bytes()


def test_send_file_relative_to_root_path(text_file: Path) -> None:
    response = send_file("notes.txt", make_environ(), _root_path=text_file.parent)
    assert body_of(response) == text_file.read_bytes()


@pytest.mark.parametrize("as_attachment", [False, True])
def test_send_file_disposition(text_file: Path, as_attachment: bool) -> None:
    response = send_file(text_file, make_environ(), as_attachment=as_attachment)
    response.close()
    kind = "attachment" if as_attachment else "inline"
    assert response.headers["Content-Disposition"] == f"{kind}; filename=notes.txt"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("report 2024.pdf", 'attachment; filename="report 2024.pdf"'),
        (
            "Vögel.txt",
            "attachment; filename=Vogel.txt; filename*=UTF-8''V%C3%B6gel.txt",
        ),
        (
            "日本.txt",
            "attachment; filename=.txt; filename*=UTF-8''%E6%97%A5%E6%9C%AC.txt",
        ),
        (
            'a b;c".txt',
            'attachment; filename="a b;c\\".txt"',
        ),
        (
            "é!#$&+-.^_`|~.txt",
            "attachment; filename=e!#$&+-.^_`|~.txt;"
            " filename*=UTF-8''%C3%A9!#$&+-.^_`|~.txt",
        ),
    ],
)
def test_send_file_download_name_encoding(
    text_file: Path, name: str, expected: str
) -> None:
    response = send_file(
        text_file, make_environ(), as_attachment=True, download_name=name
    )
    response.close()
    assert response.headers["Content-Disposition"] == expected


def test_send_file_guesses_the_mimetype_from_the_download_name(
    text_file: Path,
) -> None:
    response = send_file(text_file, make_environ(), download_name="page.html")
    response.close()
    assert response.mimetype == "text/html"
    response = send_file(text_file, make_environ(), download_name="blob.unknownext")
    response.close()
    assert response.mimetype == "application/octet-stream"
    response = send_file(text_file, make_environ(), mimetype="application/x-custom")
    response.close()
    assert response.headers["Content-Type"] == "application/x-custom"


@pytest.mark.parametrize("as_attachment", [False, True])
def test_send_file_content_encoding_only_inline(
    text_file: Path, as_attachment: bool
) -> None:
    expected_type, encoding = mimetypes.guess_type("archive.tar.gz")
    assert encoding == "gzip"
    response = send_file(
        text_file,
        make_environ(),
        download_name="archive.tar.gz",
        as_attachment=as_attachment,
    )
    response.close()
    assert response.mimetype == expected_type
    assert response.headers.get("Content-Encoding") == (
        None if as_attachment else "gzip"
    )


def test_send_file_from_bytesio() -> None:
    response = send_file(
        io.BytesIO(b"in memory"), make_environ(), download_name="data.csv"
    )
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Length"] == "9"
    assert "ETag" not in response.headers
    assert "Last-Modified" not in response.headers
    assert body_of(response) == b"in memory"


def test_send_file_from_an_open_file(text_file: Path) -> None:
    file = text_file.open("rb")
    response = send_file(file, make_environ(), mimetype="text/plain")
    assert "Content-Length" not in response.headers
    assert "Content-Disposition" not in response.headers
    assert body_of(response) == b"0123456789abcdef"
    assert file.closed


def test_send_file_needs_a_name_for_the_mimetype() -> None:
    with pytest.raises(TypeError, match="detect the MIME type"):
        send_file(io.BytesIO(b"x"), make_environ())


def test_send_file_needs_a_name_for_an_attachment() -> None:
    with pytest.raises(TypeError, match="No name provided for attachment"):
        send_file(
            io.BytesIO(b"x"), make_environ(), mimetype="text/plain", as_attachment=True
        )


@pytest.mark.parametrize("make_file", [lambda: io.StringIO("text")])
def test_send_file_refuses_text_streams(make_file: t.Any) -> None:
    with pytest.raises(ValueError, match="binary mode"):
        send_file(make_file(), make_environ(), mimetype="text/plain")


def test_send_file_refuses_files_opened_as_text(text_file: Path) -> None:
    with text_file.open() as file, pytest.raises(ValueError, match="binary mode"):
        send_file(file, make_environ(), mimetype="text/plain")


def test_send_file_x_sendfile(text_file: Path) -> None:
    response = send_file(text_file, make_environ(), use_x_sendfile=True)
    assert response.headers["X-Sendfile"] == str(text_file)
    assert response.headers["Content-Length"] == "16"
    assert body_of(response) == b""


def test_send_file_x_sendfile_needs_a_path() -> None:
    response = send_file(
        io.BytesIO(b"body"), make_environ(), mimetype="text/plain", use_x_sendfile=True
    )
    assert "X-Sendfile" not in response.headers
    assert body_of(response) == b"body"


def test_send_file_last_modified_override(text_file: Path) -> None:
    moment = datetime(2001, 2, 3, 4, 5, 6, tzinfo=UTC)
    response = send_file(text_file, make_environ(), last_modified=moment)
    response.close()
    assert response.headers["Last-Modified"] == "Sat, 03 Feb 2001 04:05:06 GMT"
    assert response.last_modified == moment


@pytest.mark.parametrize("max_age", [0, 60, lambda path: 60])
def test_send_file_max_age(text_file: Path, max_age: t.Any) -> None:
    response = send_file(text_file, make_environ(), max_age=max_age)
    response.close()
    seconds = max_age(None) if callable(max_age) else max_age
    assert response.cache_control.max_age == seconds
    assert bool(response.cache_control.public) == (seconds > 0)
    assert ("no-cache" in response.headers["Cache-Control"]) == (seconds == 0)
    assert response.expires is not None


def test_send_file_max_age_function_gets_the_path(text_file: Path) -> None:
    seen: list[str | None] = []

    def max_age(path: str | None) -> int | None:
        seen.append(path)
        return None

    send_file(text_file, make_environ(), max_age=max_age).close()
    send_file(
        io.BytesIO(b""), make_environ(), mimetype="text/plain", max_age=max_age
    ).close()
    assert seen == [str(text_file), None]


def test_send_file_etag_options(text_file: Path) -> None:
    response = send_file(text_file, make_environ(), etag=False)
    response.close()
    assert "ETag" not in response.headers
    response = send_file(text_file, make_environ(), etag="v1")
    response.close()
    assert response.headers["ETag"] == '"v1"'


def test_send_file_not_modified(text_file: Path) -> None:
    moment = datetime(2020, 7, 11, tzinfo=UTC)
    environ = make_environ(if_modified_since=http_date(moment))
    response = send_file(text_file, environ, last_modified=moment, use_x_sendfile=True)
    response.close()
    assert response.status_code == 304
    assert "X-Sendfile" not in response.headers


def test_send_file_not_modified_by_etag(text_file: Path) -> None:
    response = send_file(text_file, make_environ(if_none_match='"v1"'), etag="v1")
    response.close()
    assert response.status_code == 304


def test_send_file_unconditional(text_file: Path) -> None:
    environ = make_environ(if_none_match='"v1"', range="bytes=0-3")
    response = send_file(text_file, environ, etag="v1", conditional=False)
    assert response.status_code == 200
    assert "Accept-Ranges" not in response.headers
    assert body_of(response) == b"0123456789abcdef"


def test_send_file_range(text_file: Path) -> None:
    response = send_file(text_file, make_environ(range="bytes=4-9"))
    assert response.status_code == 206
    assert response.headers["Content-Range"] == "bytes 4-9/16"
    assert response.headers["Content-Length"] == "6"
    assert body_of(response) == b"456789"


def test_send_file_unsatisfiable_range_closes_the_file() -> None:
    file = io.BytesIO(b"0123456789")
    with pytest.raises(RequestedRangeNotSatisfiable):
        send_file(file, make_environ(range="bytes=100-200"), download_name="a.txt")
    assert file.closed


def test_send_file_ranges_need_a_known_length(text_file: Path) -> None:
    # The length of an open file is not known, so the range is ignored.
    with text_file.open("rb") as file:
        response = send_file(
            file, make_environ(range="bytes=100-200"), mimetype="text/plain"
        )
        assert response.status_code == 200
        assert body_of(response) == b"0123456789abcdef"


# -- send_from_directory ---------------------------------------------------------------


@pytest.fixture
def public_dir(tmp_path: Path) -> Path:
    public = tmp_path / "public"
    (public / "css").mkdir(parents=True)
    (public / "css" / "site.css").write_bytes(b"body{}")
    (tmp_path / "secret.txt").write_bytes(b"secret")
    return public


@pytest.mark.parametrize("as_path", [False, True])
def test_send_from_directory(public_dir: Path, as_path: bool) -> None:
    directory: str | Path = public_dir if as_path else str(public_dir)
    path: str | Path = Path("css/site.css") if as_path else "css/site.css"
    response = send_from_directory(directory, path, make_environ())
    assert response.mimetype == "text/css"
    assert body_of(response) == b"body{}"


def test_send_from_directory_passes_options(public_dir: Path) -> None:
    response = send_from_directory(
        public_dir, "css/site.css", make_environ(), as_attachment=True
    )
    response.close()
    assert response.headers["Content-Disposition"] == "attachment; filename=site.css"


@pytest.mark.parametrize(
    "path",
    [
        "../secret.txt",
        "css/../../secret.txt",
        "/etc/passwd",
        "//server/share",
        "missing.txt",
        "css",
        "",
        "null\x00.css",
    ],
)
def test_send_from_directory_not_found(public_dir: Path, path: str) -> None:
    with pytest.raises(NotFound):
        send_from_directory(public_dir, path, make_environ())


def test_send_from_directory_with_root_path(public_dir: Path) -> None:
    response = send_from_directory(
        "public", "css/site.css", make_environ(), _root_path=public_dir.parent
    )
    assert body_of(response) == b"body{}"
    with pytest.raises(NotFound):
        send_from_directory(
            "public", "../secret.txt", make_environ(), _root_path=public_dir.parent
        )


# -- module contents -----------------------------------------------------------------


def test_escape_is_markupsafes() -> None:
    import markupsafe

    assert utils.escape is markupsafe.escape
    assert not hasattr(utils, "unescape")


def test_redirect_status_text_headers() -> None:
    response = redirect("/x", 307)
    assert response.status == "307 TEMPORARY REDIRECT"
