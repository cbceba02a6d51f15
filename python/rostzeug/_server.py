"""A small threaded WSGI server on the standard library, for the showcase and
for development: ``python -m rostzeug serve MODULE:APP``."""

from __future__ import annotations

import argparse
import importlib
import logging
import socketserver
import sys
import typing as t
from wsgiref.simple_server import WSGIRequestHandler
from wsgiref.simple_server import WSGIServer

_log = logging.getLogger("werkzeug")


class ThreadedWSGIServer(socketserver.ThreadingMixIn, WSGIServer):
    """Handles each connection in its own thread."""

    daemon_threads = True
    allow_reuse_address = True


class _RequestHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: t.Any) -> None:
        _log.info("%s - %s", self.address_string(), format % args)


def load_app(spec: str) -> t.Any:
    """Imports ``MODULE:ATTRIBUTE`` and returns the attribute."""
    module_name, sep, attr = spec.partition(":")
    if not sep or not module_name or not attr:
        raise ValueError(f"expected MODULE:APP, got {spec!r}")
    module = importlib.import_module(module_name)
    try:
        return getattr(module, attr)
    except AttributeError:
        raise ValueError(f"module {module_name!r} has no attribute {attr!r}") from None


def make_server(host: str, port: int, app: t.Any) -> ThreadedWSGIServer:
    """Binds a threaded server for ``app`` on ``host:port`` (port 0 picks a
    free port)."""
    server = ThreadedWSGIServer((host, port), _RequestHandler)
    server.set_app(app)
    return server


def main(argv: list[str] | None = None) -> int:
    """The command line: ``python -m rostzeug serve MODULE:APP``."""
    parser = argparse.ArgumentParser(prog="python -m rostzeug")
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="serve a WSGI application")
    serve.add_argument("app", help="the application, as MODULE:APP")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    args = parser.parse_args(argv)

    logging.basicConfig(level=logging.INFO, format="%(message)s")
    sys.path.insert(0, ".")
    try:
        app = load_app(args.app)
    except (ValueError, ImportError) as e:
        parser.error(str(e))
    server = make_server(args.host, args.port, app)
    host, port = server.server_address[:2]
    _log.info("Serving %s on http://%s:%s (Ctrl-C to stop)", args.app, host, port)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        _log.info("Stopped.")
    finally:
        server.server_close()
    return 0
