"""The command line: ``python -m rostzeug serve MODULE:APP``, which runs the
development server of :mod:`rostzeug.serving` through
:func:`~rostzeug.serving.run_simple`."""

from __future__ import annotations

import argparse
import errno
import importlib
import os
import socket
import sys
import traceback
import typing as t

from .serving import ThreadedWSGIServer
from .serving import is_running_from_reloader
from .serving import make_server as _make_server
from .serving import run_simple
from .serving import select_address_family


class CommandError(Exception):
    """A problem the user fixes on the command line; the message is one line
    that says what was wrong and what to do."""


def load_app(spec: str) -> t.Any:
    """Imports ``MODULE:ATTRIBUTE`` and returns the attribute.

    :raises ValueError: if ``spec`` is not of that form or the module has no
        such attribute. Errors raised while importing the module propagate.
    """
    module_name, sep, attr = spec.partition(":")
    if not sep or not module_name or not attr:
        raise ValueError(f"expected MODULE:APP, got {spec!r}")
    module = importlib.import_module(module_name)
    try:
        return getattr(module, attr)
    except AttributeError:
        raise ValueError(f"module {module_name!r} has no attribute {attr!r}") from None


def make_server(host: str, port: int, app: t.Any) -> ThreadedWSGIServer:
    """Binds a threaded development server for ``app`` on ``host:port``
    (port 0 picks a free port)."""
    server = _make_server(host, port, app, threaded=True)
    return t.cast(ThreadedWSGIServer, server)


def _port(text: str) -> int:
    if not (text.isascii() and text.isdigit()) or len(text) > 5 or int(text) > 65535:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a port; pass a number from 0 to 65535"
        )
    return int(text)


def _processes(text: str) -> int:
    if not (text.isascii() and text.isdigit()) or len(text) > 4 or int(text) < 1:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a number of processes; pass a number from 1 to 9999"
        )
    return int(text)


def check_address(host: str, port: int) -> None:
    """Fails with a one-line :exc:`CommandError` when ``host`` does not resolve
    or ``host:port`` cannot be bound, before the server tries."""
    if host.startswith("unix://"):
        return
    family = select_address_family(host, port)
    try:
        infos = socket.getaddrinfo(host, port, family, socket.SOCK_STREAM)
    except socket.gaierror:
        raise CommandError(
            f"cannot find the host {host!r}; pass --host with a name or address"
            " of this machine, such as 127.0.0.1"
        ) from None
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        # As the server binds: an old connection in TIME_WAIT is no conflict.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(infos[0][4])
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                raise CommandError(
                    f"port {port} is in use on {host}; stop the program using it"
                    " or pass another --port"
                ) from None
            if error.errno == errno.EACCES:
                raise CommandError(
                    f"no permission to use port {port}; pass a --port above 1023"
                ) from None
            if error.errno == errno.EADDRNOTAVAIL:
                raise CommandError(
                    f"{host!r} is not an address of this machine; pass another"
                    " --host, such as 127.0.0.1"
                ) from None
            raise CommandError(
                f"cannot listen on {host}:{port}: {error.strerror}"
            ) from None


def _import_error(spec: str, error: BaseException) -> str:
    """Says that the application failed to import, and where."""
    frames = traceback.extract_tb(error.__traceback__)
    # The frame that raised, leaving out the import machinery.
    user = [f for f in frames if not f.filename.startswith("<frozen ")]
    where = ""
    if user and user[-1].filename != __file__:
        where = f" ({user[-1].filename}, line {user[-1].lineno})"
    if isinstance(error, SyntaxError) and error.filename:
        where = f" ({error.filename}, line {error.lineno})"
    return (
        f"cannot import the application {spec!r}: {type(error).__name__}:"
        f" {error}{where}"
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m rostzeug")
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser(
        "serve", help="serve a WSGI application with the development server"
    )
    serve.add_argument("app", help="the application, as MODULE:APP")
    serve.add_argument("--host", default="127.0.0.1", help="default: 127.0.0.1")
    serve.add_argument("--port", type=_port, default=8000, help="default: 8000")
    serve.add_argument(
        "--reload",
        action="store_true",
        help="restart the server when a Python file changes",
    )
    workers = serve.add_mutually_exclusive_group()
    workers.add_argument(
        "--threaded", action="store_true", help="handle each request in a thread"
    )
    workers.add_argument(
        "--processes",
        type=_processes,
        default=1,
        metavar="N",
        help="handle requests in up to N forked processes",
    )
    serve.add_argument(
        "--debug",
        action="store_true",
        help=(
            "show the interactive debugger, with a console locked by a PIN, on"
            " unhandled exceptions (development only; never in production)"
        ),
    )
    serve.add_argument("--cert", help="certificate file, to serve HTTPS")
    serve.add_argument("--key", help="private key file of --cert")
    return parser


def main(argv: list[str] | None = None) -> int:
    """The command line: ``python -m rostzeug serve MODULE:APP``."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.key and not args.cert:
        parser.error("--key needs --cert")
    if args.processes > 1 and not hasattr(os, "fork"):
        parser.error("--processes needs a platform that can fork; use --threaded")

    sys.path.insert(0, ".")
    try:
        app = load_app(args.app)
    except ValueError as error:
        parser.error(str(error))
    except Exception as error:
        print(_import_error(args.app, error), file=sys.stderr)
        return 1

    ssl_context = None
    if args.cert:
        for path in (args.cert, args.key):
            if path and not os.path.isfile(path):
                print(
                    f"{path!r} is not a file; check --cert and --key", file=sys.stderr
                )
                return 1
        ssl_context = (args.cert, args.key)

    try:
        # The reloaded child serves on the socket its parent bound.
        if not is_running_from_reloader():
            check_address(args.host, args.port)
        run_simple(
            args.host,
            args.port,
            app,
            use_reloader=args.reload,
            use_debugger=args.debug,
            use_evalex=args.debug,
            threaded=args.threaded,
            processes=args.processes,
            ssl_context=ssl_context,
        )
    except CommandError as error:
        print(error, file=sys.stderr)
        return 1
    except OSError as error:  # an unreadable or mismatched certificate
        if ssl_context is None:
            raise
        print(
            f"cannot use the certificate {args.cert!r}: {error}; check --cert"
            " and --key",
            file=sys.stderr,
        )
        return 1
    return 0
