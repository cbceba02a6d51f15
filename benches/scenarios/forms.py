"""Request bodies parsed through ``Request(environ).form`` and ``.files``."""

from __future__ import annotations

import hashlib
import io
import random
import typing as t
from tempfile import SpooledTemporaryFile
from urllib.parse import parse_qsl
from urllib.parse import quote_plus

from ..harness import Extra
from ..harness import Scenario
from ._data import base_environ
from ._data import multi_items

BOUNDARY = "----WebKitFormBoundary7MA4YWxkTrZu0gW"
FILE_SIZE = 10 * 1024 * 1024


def post_environ(content_type: str, body: bytes) -> dict[str, t.Any]:
    environ = base_environ(
        method="POST",
        path="/submit",
        headers=[
            ("Host", "shop.example.com"),
            ("Content-Type", content_type),
            ("Content-Length", str(len(body))),
        ],
    )
    environ["benches.body"] = body
    return environ


def fresh_post(environ: dict[str, t.Any]) -> dict[str, t.Any]:
    """An environ copy with its own stream over the same body (BytesIO shares
    the bytes until written, so this copies no data)."""
    fresh = dict(environ)
    fresh["wsgi.input"] = io.BytesIO(environ["benches.body"])
    return fresh


def _field_value(index: int) -> str:
    return f"Value number {index} (ok?)"


def _urlencoded() -> dict[str, t.Any]:
    body = "&".join(
        f"field{i:03d}={quote_plus(_field_value(i))}" for i in range(200)
    ).encode("ascii")
    return post_environ("application/x-www-form-urlencoded", body)


def _multipart(parts: t.Iterable[tuple[bytes, bytes]]) -> dict[str, t.Any]:
    """A multipart body from ``(part headers, part content)`` pairs."""
    delimiter = b"--" + BOUNDARY.encode("ascii")
    chunks = []
    for headers, content in parts:
        chunks += [delimiter, b"\r\n", headers, b"\r\n\r\n", content, b"\r\n"]
    chunks += [delimiter, b"--\r\n"]
    return post_environ(f"multipart/form-data; boundary={BOUNDARY}", b"".join(chunks))


def _multipart_fields() -> dict[str, t.Any]:
    return _multipart(
        (
            f'Content-Disposition: form-data; name="field{i:03d}"'.encode("ascii"),
            _field_value(i).encode("utf-8"),
        )
        for i in range(200)
    )


def _multipart_file() -> dict[str, t.Any]:
    # Random bytes contain CR, LF and dashes, as real uploads do, so a parser
    # meets partial boundary matches.
    content = random.Random(0).randbytes(FILE_SIZE)
    return _multipart(
        [
            (
                b'Content-Disposition: form-data; name="upload";'
                b' filename="backup.tar"\r\n'
                b"Content-Type: application/octet-stream",
                content,
            )
        ]
    )


def _bind_form(ns: t.Any) -> t.Callable[[dict[str, t.Any]], t.Any]:
    request_class = ns.wrappers.Request

    def parse(environ: dict[str, t.Any]) -> t.Any:
        request = request_class(environ)
        return request.form, request.files

    return parse


def _normalise_form(result: t.Any) -> t.Any:
    """The fields, and each file read fully (as length and digest, so a
    mismatch stays short to print)."""
    form, files = result
    uploaded = []
    for name, storage in files.items(multi=True):
        content = storage.read()
        uploaded.append(
            (
                name,
                storage.filename,
                storage.content_type,
                len(content),
                hashlib.sha256(content).hexdigest(),
            )
        )
    return multi_items(form), uploaded


def _close_files(result: t.Any) -> None:
    """Closes the uploaded files, as ``Request.close`` does at the end of a
    request (the 10 MiB file is a temporary file on disk)."""
    _form, files = result
    for _name, storage in files.items(multi=True):
        storage.close()


def _stdlib_urlencoded(environ: dict[str, t.Any]) -> t.Any:
    length = int(environ["CONTENT_LENGTH"])
    body = environ["wsgi.input"].read(length).decode("utf-8", "replace")
    return parse_qsl(body, keep_blank_values=True), []


def _copy_to_spooled_file(environ: dict[str, t.Any]) -> t.Any:
    """The floor of the file upload: the body copied in 64 KiB reads into a
    SpooledTemporaryFile as the default stream factory makes it, without
    parsing."""
    stream = environ["wsgi.input"]
    target = SpooledTemporaryFile(max_size=500 * 1024, mode="rb+")
    while chunk := stream.read(64 * 1024):
        target.write(chunk)
    target.seek(0)
    target.close()


SCENARIOS = [
    Scenario(
        name="forms.urlencoded-200",
        description="application/x-www-form-urlencoded, 200 fields, via .form",
        bind=_bind_form,
        setup=_urlencoded,
        fresh=fresh_post,
        normalise=_normalise_form,
        finish=_close_files,
        extras=(
            Extra(
                "floor: stdlib parse_qsl",
                _stdlib_urlencoded,
                normalise=lambda result: result,
            ),
        ),
    ),
    Scenario(
        name="forms.multipart-200-fields",
        description="multipart/form-data, 200 small text fields, via .form",
        bind=_bind_form,
        setup=_multipart_fields,
        fresh=fresh_post,
        normalise=_normalise_form,
        finish=_close_files,
    ),
    Scenario(
        name="forms.multipart-10mib-file",
        description="multipart/form-data, one 10 MiB file, via .files",
        bind=_bind_form,
        setup=_multipart_file,
        fresh=fresh_post,
        normalise=_normalise_form,
        finish=_close_files,
        extras=(
            Extra(
                "floor: chunked copy to SpooledTemporaryFile",
                _copy_to_spooled_file,
                compare=False,
            ),
        ),
    ),
]
