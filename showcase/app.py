"""The composition: static files, a mounted sub-application and a proxied
upstream around the showcase's own pages."""

from __future__ import annotations

import threading
import typing as t

from rostzeug._server import make_server
from rostzeug.middleware.dispatcher import DispatcherMiddleware
from rostzeug.middleware.http_proxy import ProxyMiddleware
from rostzeug.middleware.shared_data import SharedDataMiddleware

from . import pages

STATIC = pages.STATIC


def start_upstream() -> str:
    """Serves the upstream application on a free local port, in a daemon
    thread, and returns its base URL."""
    server = make_server("127.0.0.1", 0, pages.upstream_application)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    host, port = server.server_address[:2]
    return f"http://{host}:{port}"


def compose(upstream_url: str) -> t.Any:
    """The showcase's pages behind the three middlewares."""
    app: t.Any = DispatcherMiddleware(pages.main, {"/sub": pages.sub_application})
    app = SharedDataMiddleware(app, {"/static": str(STATIC)})
    targets = {"/proxied/": {"target": upstream_url + "/", "remove_prefix": True}}
    return ProxyMiddleware(app, targets)


class _Showcase:
    """Builds the composition on its first request."""

    def __init__(self) -> None:
        self._app: t.Any = None
        self._lock = threading.Lock()

    def __call__(self, environ: dict[str, t.Any], start_response: t.Any) -> t.Any:
        if self._app is None:
            with self._lock:
                if self._app is None:
                    self._app = compose(start_upstream())
        return self._app(environ, start_response)


application = _Showcase()
