"""Middleware: static files served by ``SharedDataMiddleware``, called as a
WSGI application with the body consumed."""

from __future__ import annotations

import atexit
import functools
import importlib
import mimetypes
import os
import shutil
import tempfile
import typing as t
from email.utils import formatdate

from ..harness import Extra
from ..harness import Scenario
from ._data import base_environ
from ._data import environ_copy
from ._data import wsgi_call

FILE_NAME = "site.css"
FILE_SIZE = 4096
#: A fixed modification time, so ``Last-Modified`` is the same every run.
FILE_MTIME = 1_700_000_000
LAST_MODIFIED = formatdate(FILE_MTIME, usegmt=True)


@functools.cache
def _static_directory() -> str:
    """A temporary directory with the 4 KiB file, removed at exit."""
    directory = tempfile.mkdtemp(prefix="benches-static-")
    atexit.register(shutil.rmtree, directory, ignore_errors=True)
    rule = b"body { margin: 0 auto; padding: 1em; color: #222; }\n"
    content = (rule * (FILE_SIZE // len(rule) + 1))[:FILE_SIZE]
    path = os.path.join(directory, FILE_NAME)
    with open(path, "wb") as file:
        file.write(content)
    os.utime(path, (FILE_MTIME, FILE_MTIME))
    return directory


def _not_found(
    environ: dict[str, t.Any], start_response: t.Callable[..., t.Any]
) -> list[bytes]:
    start_response("404 Not Found", [("Content-Type", "text/plain")])
    return [b"not found"]


def _middleware(ns: t.Any) -> t.Callable[..., t.Iterable[bytes]]:
    module = importlib.import_module(f"{ns.middleware.__name__}.shared_data")
    return module.SharedDataMiddleware(  # type: ignore[no-any-return]
        _not_found, {"/static": _static_directory()}
    )


def _file_environ() -> dict[str, t.Any]:
    _static_directory()
    return base_environ(
        path=f"/static/{FILE_NAME}",
        headers=[("Host", "shop.example.com"), ("Accept", "text/css,*/*;q=0.1")],
    )


def _revalidation_environ() -> dict[str, t.Any]:
    """A browser's revalidation: ``If-Modified-Since`` here, and the
    ``If-None-Match`` of each implementation's own tag added in bind."""
    environ = _file_environ()
    environ["HTTP_IF_MODIFIED_SINCE"] = LAST_MODIFIED
    return environ


def _bind_file(ns: t.Any) -> t.Callable[[dict[str, t.Any]], t.Any]:
    return functools.partial(wsgi_call, _middleware(ns))


def _bind_not_modified(ns: t.Any) -> t.Callable[[dict[str, t.Any]], t.Any]:
    middleware = _middleware(ns)
    _, headers, _ = wsgi_call(middleware, _file_environ())
    etag = next(value for name, value in headers if name.lower() == "etag")

    def revalidate(environ: dict[str, t.Any]) -> t.Any:
        environ["HTTP_IF_NONE_MATCH"] = etag
        return wsgi_call(middleware, environ)

    return revalidate


def _normalise_file(result: t.Any) -> t.Any:
    """Status, body and the entity headers both libraries send alike (the
    tags differ by design)."""
    status, headers, body = result
    named = {name.lower(): value for name, value in headers}
    return (
        status,
        body,
        named.get("content-type"),
        named.get("content-length"),
        named.get("last-modified"),
    )


def _normalise_not_modified(result: t.Any) -> t.Any:
    status, _, body = result
    return status, body


def _stdlib_file_app(
    environ: dict[str, t.Any], start_response: t.Callable[..., t.Any]
) -> list[bytes]:
    """The least a file server does: stat, read, date headers."""
    path = os.path.join(_static_directory(), environ["PATH_INFO"][len("/static/") :])
    st = os.stat(path)
    with open(path, "rb") as file:
        body = file.read()
    start_response(
        "200 OK",
        [
            ("Date", formatdate(usegmt=True)),
            ("Last-Modified", formatdate(st.st_mtime, usegmt=True)),
            ("Content-Type", f"{mimetypes.guess_type(path)[0]}; charset=utf-8"),
            ("Content-Length", str(st.st_size)),
        ],
    )
    return [body]


SCENARIOS = [
    Scenario(
        name="middleware.shared_data",
        description=(
            "shared_data 4 KiB with cache headers: SharedDataMiddleware serving"
            " a 4 KiB CSS file, body consumed"
        ),
        bind=_bind_file,
        setup=_file_environ,
        fresh=environ_copy,
        normalise=_normalise_file,
        extras=(
            Extra(
                "stdlib hand-written: stat, open, read",
                functools.partial(wsgi_call, _stdlib_file_app),
            ),
        ),
    ),
    Scenario(
        name="middleware.shared_data_304",
        description=(
            "shared_data 304: SharedDataMiddleware answering a revalidation"
            " (If-None-Match, If-Modified-Since) with 304 Not Modified"
        ),
        bind=_bind_not_modified,
        setup=_revalidation_environ,
        fresh=environ_copy,
        normalise=_normalise_not_modified,
    ),
]
