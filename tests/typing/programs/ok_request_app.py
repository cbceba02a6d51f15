"""A small application reading a request the way users do."""

from __future__ import annotations

import os
from io import BytesIO
from typing import assert_type

from rostzeug.datastructures import Authorization
from rostzeug.datastructures import CombinedMultiDict
from rostzeug.datastructures import FileStorage
from rostzeug.datastructures import ImmutableMultiDict
from rostzeug.datastructures import MultiDict
from rostzeug.test import Client
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


@Request.application
def details(request: Request) -> Response:
    assert_type(request.method, str)
    assert_type(request.url, str)
    assert_type(request.remote_addr, str | None)
    assert_type(request.content_length, int | None)
    assert_type(request.values, CombinedMultiDict[str, str])
    assert_type(request.data, bytes)
    assert_type(request.get_data(as_text=True), str)
    assert_type(request.args.to_dict(), dict[str, str])
    for key, value in request.args.items(multi=True):
        assert_type(key, str)
        assert_type(value, str)
    for _field, values in request.form.lists():
        assert_type(values, list[str])

    auth = request.authorization
    assert_type(auth, Authorization | None)
    user = auth.username if auth is not None else None
    kind = request.accept_mimetypes.best_match(["text/html", "application/json"])
    assert_type(kind, str | None)
    agent = request.user_agent.string
    assert_type(agent, str)

    upload = request.files.get("avatar")
    if upload is None:
        return Response("no file", status=400)
    assert_type(upload.content_type, str | None)
    assert_type(upload.mimetype, str)
    head = upload.stream.read(16)
    return Response(f"{user} {kind} {agent} {head!r}")


class LimitedRequest(Request):
    """The application's own request class, with a smaller body limit."""

    max_content_length = 1024


# The decorator passes an instance of the class it is called on. Werkzeug's
# annotation asks for a handler of the base Request, so a handler that takes
# the subclass it will get is rejected there.
@LimitedRequest.application  # expect[werkzeug]: arg-type reportArgumentType
def limited(request: LimitedRequest) -> Response:
    return Response(f"{type(request).__name__} {request.max_content_length}")


def smoke() -> None:
    client = Client(application)
    response = client.post(
        "/?q=x&page=2&size=5&id=1&id=2&tag=a&tag=b",
        data={"title": "T", "body": "a b c"},
        headers={"User-Agent": "smoke"},
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    text = response.get_data(as_text=True)
    assert text.startswith("x 2 5 name 3 a,b T 3 nothing smoke "), text

    client = Client(details)
    avatar = (BytesIO(b"GIF89a-and-more-bytes"), "me.gif", "image/gif")
    response = client.post("/", data={"avatar": avatar})
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.get_data(as_text=True).endswith("b'GIF89a-and-more-'")
    assert client.post("/").status_code == 400

    response = Client(limited).get("/")
    assert response.get_data(as_text=True) == "LimitedRequest 1024"
