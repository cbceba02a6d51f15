"""A small application reading a request the way users do."""

from __future__ import annotations

import os
from typing import assert_type

from rostzeug.datastructures import FileStorage
from rostzeug.datastructures import ImmutableMultiDict
from rostzeug.datastructures import MultiDict
from rostzeug.wrappers import Request
from rostzeug.wrappers import Response

UPLOADS = "/tmp/uploads"


@Request.application
def application(request: Request) -> Response:
    query = request.args.get("q")
    assert_type(query, str | None)
    page = request.args.get("page", type=int)
    assert_type(page, int | None)
    size = request.args.get("size", 20, type=int)
    assert_type(size, int)
    sort = request.args.get("sort", "name")
    assert_type(sort, str)
    ids = request.args.getlist("id", type=int)
    assert_type(ids, list[int])
    tags = request.args.getlist("tag")
    assert_type(tags, list[str])
    assert_type(request.args, MultiDict[str, str])

    assert_type(request.form, ImmutableMultiDict[str, str])
    title = request.form.get("title", "")
    words = request.form["body"].split()

    assert_type(request.files, ImmutableMultiDict[str, FileStorage])
    upload = request.files.get("upload")
    saved = "nothing"
    if upload is not None and upload.filename:
        saved = upload.filename.lower()
        upload.save(os.path.join(UPLOADS, saved))
    for storage in request.files.getlist("more"):
        assert_type(storage, FileStorage)
        assert_type(storage.filename, str | None)
        storage.save(os.path.join(UPLOADS, "more"))

    agent = request.headers.get("User-Agent")
    assert_type(agent, str | None)
    length = request.headers.get("Content-Length", type=int)
    assert_type(length, int | None)
    session = request.cookies.get("session")
    assert_type(session, str | None)

    body = (
        f"{query or ''} {page} {size} {sort} {sum(ids)} {','.join(tags)}"
        f" {title} {len(words)} {saved} {agent} {length} {session}"
    )
    return Response(body, mimetype="text/plain")
