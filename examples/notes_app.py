"""A small notes application written only against rostzeug's documented API:
forms and uploads, cookies, JSON, conditional responses and redirects.

Run it with ``python -m rostzeug serve examples.notes_app:application``.
"""

from __future__ import annotations

import hashlib
import threading
import typing as t

from rostzeug.exceptions import BadRequest
from rostzeug.exceptions import HTTPException
from rostzeug.exceptions import MethodNotAllowed
from rostzeug.exceptions import NotFound
from rostzeug.utils import redirect
from rostzeug.wrappers import Request
from rostzeug.wrappers import Response


class NotesApp:
    """Keeps notes in memory. Routes:

    - ``POST /notes`` (form: ``text``, optional file ``attachment``): adds a
      note and redirects to it.
    - ``GET /notes/<id>``: the note as JSON, with an ETag, answering 304 and
      byte ranges through ``make_conditional``.
    - ``POST /api/notes`` (JSON ``{"text": ...}``): adds a note, answers 201.
    - ``GET /whoami``: reads the ``user`` cookie; ``POST /login`` sets it.
    """

    def __init__(self) -> None:
        self.notes: dict[int, dict[str, t.Any]] = {}
        self.lock = threading.Lock()

    def add(self, text: str, attachment: bytes | None = None, name: str = "") -> int:
        with self.lock:
            note_id = len(self.notes) + 1
            self.notes[note_id] = {
                "id": note_id,
                "text": text,
                "attachment": name,
                "attachment_sha256": hashlib.sha256(attachment).hexdigest()
                if attachment is not None
                else None,
            }
        return note_id

    def dispatch(self, request: Request) -> Response:
        path = request.path
        if path == "/notes":
            if request.method != "POST":
                raise MethodNotAllowed(valid_methods=["POST"])
            text = request.form.get("text")
            if not text:
                raise BadRequest("A note needs a 'text' field.")
            upload = request.files.get("attachment")
            data = upload.read() if upload else None
            note_id = self.add(text, data, upload.filename if upload else "")
            return redirect(f"/notes/{note_id}", 303)
        if path.startswith("/notes/"):
            note = self.notes.get(t.cast(int, _int(path[len("/notes/") :])))
            if note is None:
                raise NotFound()
            body = _json(note).encode()
            response = Response(body, mimetype="application/json")
            response.add_etag()
            return response.make_conditional(
                request, accept_ranges=True, complete_length=len(body)
            )
        if path == "/api/notes" and request.method == "POST":
            payload = request.get_json()
            if not isinstance(payload, dict) or not isinstance(
                payload.get("text"), str
            ):
                raise BadRequest("Send a JSON object with a 'text' string.")
            note_id = self.add(payload["text"])
            response = Response(
                _json(self.notes[note_id]), 201, mimetype="application/json"
            )
            response.location = f"/notes/{note_id}"
            return response
        if path == "/login" and request.method == "POST":
            response = redirect("/whoami")
            response.set_cookie(
                "user", request.form["user"], httponly=True, samesite="Lax"
            )
            return response
        if path == "/whoami":
            return Response(request.cookies.get("user", "anonymous"))
        raise NotFound()

    def __call__(self, environ: dict[str, t.Any], start_response: t.Any) -> t.Any:
        # Closing the request closes the files it received.
        with Request(environ) as request:
            try:
                response = self.dispatch(request)
            except HTTPException as error:
                response = error.get_response(environ)
        return response(environ, start_response)


def _int(text: str) -> int | None:
    return int(text) if text.isdigit() else None


def _json(value: t.Any) -> str:
    import json

    return json.dumps(value, sort_keys=True)


application = NotesApp()
