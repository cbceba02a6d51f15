"""The WSGI request object."""

from __future__ import annotations

import functools
import typing as t
from collections.abc import Callable
from collections.abc import Iterable

from .._internal import _wsgi_decoding_dance
from ..datastructures import EnvironHeaders
from ..sansio.request import Request as _SansIORequest

if t.TYPE_CHECKING:
    from .response import Response


def _get_server(environ: dict[str, t.Any]) -> tuple[str, int | None] | None:
    name = environ.get("SERVER_NAME")
    if name is None:
        return None
    try:
        port: int | None = int(environ["SERVER_PORT"])
    except (KeyError, TypeError, ValueError):
        port = None
    return name, port


class Request(_SansIORequest):
    """A request built from a WSGI environ.

    :param environ: the WSGI environ of the request.
    :param populate_request: store the request in the environ under
        ``"werkzeug.request"``, where utilities look for it.
    :param shallow: forbid reading the body.
    """

    def __init__(
        self,
        environ: dict[str, t.Any],
        populate_request: bool = True,
        shallow: bool = False,
    ) -> None:
        super().__init__(
            method=environ.get("REQUEST_METHOD", "GET"),
            scheme=environ.get("wsgi.url_scheme", "http"),
            server=_get_server(environ),
            root_path=_wsgi_decoding_dance(environ.get("SCRIPT_NAME") or ""),
            path=_wsgi_decoding_dance(environ.get("PATH_INFO") or ""),
            query_string=environ.get("QUERY_STRING", "").encode("latin1"),
            headers=EnvironHeaders(environ),
            remote_addr=environ.get("REMOTE_ADDR"),
        )
        #: The WSGI environ the request was built from.
        self.environ = environ
        #: Whether reading the body is forbidden.
        self.shallow = shallow
        if populate_request and not shallow:
            self.environ["werkzeug.request"] = self

    @classmethod
    def application(cls, f: Callable[..., Response]) -> Callable[..., Iterable[bytes]]:
        """Turns a function that takes a request and returns a response into
        a WSGI application. The request is the function's last argument; an
        :exc:`~rostzeug.exceptions.HTTPException` it raises becomes the
        error response.
        """
        from ..exceptions import HTTPException

        @functools.wraps(f)
        def application(*args: t.Any) -> Iterable[bytes]:
            request = cls(args[-2])
            try:
                response = f(*args[:-2], request)
            except HTTPException as e:
                response = e.get_response(args[-2])
            return response(*args[-2:])

        return application
