"""The interactive debugger: a WSGI middleware that answers an unhandled
exception with a page showing the traceback, the source around each frame,
and, when asked for, a Python console in any frame.

.. warning::

    The debugger must never be used on a production machine. Its console
    runs arbitrary Python code on the server; the PIN and the trusted host
    names make an accident less likely, they do not make it safe to expose.

Security, as in Werkzeug:

- The console is off unless ``evalex=True``.
- It is locked by a PIN (see :func:`get_pin_and_cookie_name`), which a
  browser enters once; a cookie then keeps it unlocked for a week. After
  ten wrong PINs the PIN is refused until the server restarts.
- Commands, the PIN check and the console answer ``400 Bad Request`` to a
  request whose ``Host`` is not in :attr:`DebuggedApplication.trusted_hosts`
  (``localhost``, its subdomains and ``127.0.0.1`` by default), and a page
  served under such a host offers no console. This keeps a page on another
  site from reaching the debugger through DNS rebinding.
"""

from __future__ import annotations

import getpass
import hashlib
import hmac
import json
import os
import re
import sys
import time
import typing as t
import uuid
from contextlib import ExitStack
from importlib import resources
from io import BytesIO
from multiprocessing import Value
from zlib import adler32

from .._internal import _log
from ..exceptions import NotFound
from ..exceptions import SecurityError
from ..http import parse_cookie
from ..sansio.utils import host_is_trusted
from ..security import gen_salt
from ..utils import send_file
from ..wrappers.request import Request
from ..wrappers.response import Response
from .console import Console
from .tbtools import DebugFrameSummary
from .tbtools import DebugTraceback
from .tbtools import render_console_html

if t.TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse
    from _typeshed.wsgi import WSGIApplication
    from _typeshed.wsgi import WSGIEnvironment

__all__ = [
    "DebugTraceback",
    "DebuggedApplication",
    "get_machine_id",
    "get_pin_and_cookie_name",
    "hash_pin",
]

#: How long, in seconds, an entered PIN stays valid in a browser: a week.
PIN_TIME = 60 * 60 * 24 * 7

#: Wrong PINs after which the PIN is refused until the server restarts.
_MAX_PIN_FAILURES = 10
#: Failures after which each further one waits longer.
_SLOW_AFTER_FAILURES = 5
#: Seconds a wrong PIN waits before the answer, at first and later on.
_FAST_DELAY = 0.5
_SLOW_DELAY = 5.0

#: The files the page loads, by the name it asks for.
_RESOURCES = {
    "style.css": "text/css",
    "debugger.js": "text/javascript",
    "console.svg": "image/svg+xml",
}

#: The longest decimal number accepted from a request (a frame id, a
#: timestamp); anything longer is not one of ours.
_MAX_DIGITS = 20


def hash_pin(pin: str) -> str:
    """The hash of a PIN that the authentication cookie holds."""
    return hashlib.sha1(f"{pin} added salt".encode("utf-8", "replace")).hexdigest()[:12]


_machine_id: str | bytes | None = None


def _linux_machine_id() -> bytes:
    value = b""
    # machine-id survives reboots; boot_id is the fallback where it is absent.
    for name in ("/etc/machine-id", "/proc/sys/kernel/random/boot_id"):
        try:
            with open(name, "rb") as file:
                line = file.readline().strip()
        except OSError:
            continue
        if line:
            value += line
            break
    # Containers share the host's machine id; their cgroup tells them apart.
    try:
        with open("/proc/self/cgroup", "rb") as file:
            value += file.readline().strip()
    except OSError:
        pass
    return value


def _macos_machine_id() -> bytes | None:
    try:
        from subprocess import PIPE
        from subprocess import Popen

        output = Popen(
            ["ioreg", "-c", "IOPlatformExpertDevice", "-d", "2"], stdout=PIPE
        ).communicate()[0]
    except (OSError, ImportError):
        return None
    match = re.search(b'"serial-number" = <([^>]+)', output)
    return match.group(1) if match is not None else None


def _windows_machine_id() -> str | bytes | None:
    if sys.platform != "win32":
        return None
    # Unreachable for mypy everywhere but on Windows, where the ignore is
    # the unused one.
    import winreg  # type: ignore[unreachable, unused-ignore]

    try:
        with winreg.OpenKey(
            winreg.HKEY_LOCAL_MACHINE,
            "SOFTWARE\\Microsoft\\Cryptography",
            0,
            winreg.KEY_READ | winreg.KEY_WOW64_64KEY,
        ) as key:
            guid, kind = winreg.QueryValueEx(key, "MachineGuid")
    except OSError:
        return None
    if kind == winreg.REG_SZ:
        return t.cast(str, guid).encode()
    return t.cast("str | bytes", guid)


def get_machine_id() -> str | bytes | None:
    """An identifier of this machine that stays the same across restarts,
    one of the inputs of the PIN: on Linux the machine id (or boot id) with
    the process's first cgroup line, on macOS the serial number, on Windows
    the machine GUID. ``None`` if none can be read. Computed once.
    """
    global _machine_id

    if _machine_id is None:
        found: str | bytes | None = _linux_machine_id()
        if not found:
            found = _macos_machine_id()
        if not found:
            found = _windows_machine_id()
        _machine_id = found or None
    return _machine_id


class _ConsoleFrame:
    """The standalone console, in the place of a frame."""

    def __init__(self, namespace: dict[str, t.Any]) -> None:
        self.console = Console(namespace)
        self.id = 0

    def eval(self, code: str) -> t.Any:
        return self.console.eval(code)


def _format_pin(digits: str) -> str:
    """Groups the digits of a PIN by five, four or three, the first size
    that divides their number, for reading them out; as they are otherwise."""
    for size in (5, 4, 3):
        if len(digits) % size == 0:
            return "-".join(
                digits[start : start + size].rjust(size, "0")
                for start in range(0, len(digits), size)
            )
    return digits


def get_pin_and_cookie_name(
    app: WSGIApplication,
) -> tuple[str, str] | tuple[None, None]:
    """The PIN of the debugger for ``app`` and the name of the cookie that
    remembers it, computed as Werkzeug does, so that a PIN known from
    Werkzeug is the same here.

    Both come from a hash of the user name, the application's module, name
    and file, the MAC address and :func:`get_machine_id`: they stay the same
    across restarts of the same application on the same machine.

    The environment variable ``WERKZEUG_DEBUG_PIN`` sets the PIN instead: a
    number (grouped with dashes unless it has some already), or ``off`` to
    turn the PIN off, when this returns ``(None, None)``.
    """
    configured = os.environ.get("WERKZEUG_DEBUG_PIN")
    if configured == "off":
        return None, None

    pin: str | None = None
    digits: str | None = None
    if configured is not None and configured.replace("-", "").isdecimal():
        if "-" in configured:
            pin = configured
        else:
            digits = configured

    module_name = getattr(app, "__module__", t.cast(object, app).__class__.__module__)
    try:
        # pwd may be missing, and a uid without a name raises.
        username: str | None = getpass.getuser()
    except (ImportError, KeyError, OSError):
        username = None
    module = sys.modules.get(module_name)

    # The first values are easy to learn; the last two are not on any page.
    bits = [
        username,
        module_name,
        getattr(app, "__name__", type(app).__name__),
        getattr(module, "__file__", None),
        str(uuid.getnode()),
        get_machine_id(),
    ]
    digest = hashlib.sha1()
    for bit in bits:
        if bit:
            digest.update(bit.encode() if isinstance(bit, str) else bit)
    digest.update(b"cookiesalt")
    cookie_name = f"__wzd{digest.hexdigest()[:20]}"

    if digits is None:
        digest.update(b"pinsalt")
        digits = f"{int(digest.hexdigest(), 16):09d}"[:9]
    if pin is None:
        pin = _format_pin(digits)
    return pin, cookie_name


def _bounded_int(value: str | None) -> int | None:
    """A non-negative decimal number of at most :data:`_MAX_DIGITS` digits,
    or ``None``."""
    if value is None or not (0 < len(value) <= _MAX_DIGITS) or not value.isdigit():
        return None
    if not value.isascii():
        return None
    return int(value)


class DebuggedApplication:
    """Wraps a WSGI application so that an unhandled exception is answered
    with the debugger's page::

        from rostzeug.debug import DebuggedApplication

        app = DebuggedApplication(app, evalex=True)

    With ``evalex`` the page offers a console in each frame, which keeps the
    frame's variables. Some state, such as context locals, is gone by the
    time the console runs; for this, ``environ["werkzeug.debug.preserve_context"]``
    is a function that takes a context manager (and may be called several
    times): each one is entered before the console runs code in a frame of
    that request, and exited after.

    Never use it in production: see the module's documentation.

    :param app: the WSGI application to debug.
    :param evalex: offer the interactive console. The frames are kept in
        this process, so it needs a server that does not fork per request.
    :param request_key: unused, kept for compatibility.
    :param console_path: the URL path of a standalone console (with
        ``evalex``); ``None`` for none.
    :param console_init_func: called when the standalone console is first
        opened; the dict it returns is the console's namespace.
    :param show_hidden_frames: show the frames that ``__traceback_hide__``
        hides.
    :param pin_security: require the PIN for the console. Turning it off
        lets anyone who reaches the page run code.
    :param pin_logging: log the PIN when the server starts under the
        reloader, and when a browser asks for it.
    """

    _pin: str | None
    _pin_cookie: str | None

    def __init__(
        self,
        app: WSGIApplication,
        evalex: bool = False,
        request_key: str = "werkzeug.request",
        console_path: str = "/console",
        console_init_func: t.Callable[[], dict[str, t.Any]] | None = None,
        show_hidden_frames: bool = False,
        pin_security: bool = True,
        pin_logging: bool = True,
    ) -> None:
        self.app = app
        self.evalex = evalex
        #: The frames of the tracebacks shown so far, by id; 0 is the
        #: standalone console.
        self.frames: dict[int, DebugFrameSummary | _ConsoleFrame] = {}
        #: The context managers each frame's console enters, by frame id.
        self.frame_contexts: dict[int, list[t.ContextManager[t.Any]]] = {}
        self.request_key = request_key
        self.console_path = console_path
        self.console_init_func = console_init_func or None
        self.show_hidden_frames = show_hidden_frames
        #: Every command must carry this; it is only on the debugger's pages.
        self.secret = gen_salt(20)
        # Shared with forked worker processes, so the limit holds for all.
        self._failed_pin_auth = Value("i", 0)
        self.pin_logging = pin_logging

        if pin_security:
            # The reloader's child serves; the parent would print it twice.
            if os.environ.get("WERKZEUG_RUN_MAIN") == "true" and pin_logging:
                _log("warning", " * Debugger is active!")
                if self.pin is None:
                    _log("warning", " * Debugger PIN disabled. DEBUGGER UNSECURED!")
                else:
                    _log("info", " * Debugger PIN: %s", self.pin)
        else:
            self.pin = None

        #: The host names that may use the console, the PIN check and the
        #: commands; other hosts get ``400 Bad Request``. A leading dot also
        #: allows every subdomain. ``run_simple`` adds the host it binds.
        self.trusted_hosts: list[str] = [".localhost", "127.0.0.1"]

    @property
    def pin(self) -> str | None:
        """The PIN that unlocks the console, ``None`` when it is turned off.
        Computed on first use by :func:`get_pin_and_cookie_name`; may be set."""
        if not hasattr(self, "_pin"):
            self._pin, self._pin_cookie = get_pin_and_cookie_name(self.app)
        return self._pin

    @pin.setter
    def pin(self, value: str | None) -> None:
        self._pin = value

    @property
    def pin_cookie_name(self) -> str:
        """The name of the cookie that keeps a browser authenticated."""
        if not hasattr(self, "_pin_cookie"):
            pin, self._pin_cookie = get_pin_and_cookie_name(self.app)
            if not hasattr(self, "_pin"):
                self._pin = pin
            if self._pin_cookie is None:
                # The PIN is off; the cookie is never checked then, but the
                # name is still one of ours.
                self._pin_cookie = (
                    "__wzd" + hashlib.sha1(self.secret.encode()).hexdigest()[:20]
                )
        # None still when ``pin`` was read first with the PIN off.
        return self._pin_cookie  # type: ignore[return-value]

    def debug_application(
        self, environ: WSGIEnvironment, start_response: StartResponse
    ) -> t.Iterator[bytes]:
        """Runs the application; if it raises, answers with the debugger's
        page (or, if the response had started already, writes the traceback
        to ``wsgi.errors``) and keeps the frames for the console."""
        contexts: list[t.ContextManager[t.Any]] = []
        if self.evalex:
            environ["werkzeug.debug.preserve_context"] = contexts.append

        app_iter = None
        try:
            app_iter = self.app(environ, start_response)
            yield from app_iter
            if hasattr(app_iter, "close"):
                app_iter.close()
        except Exception as error:
            if hasattr(app_iter, "close"):
                app_iter.close()  # type: ignore[union-attr]

            # The first frame is this method's own.
            traceback = DebugTraceback(error, skip=1, hide=not self.show_hidden_frames)
            for frame in traceback.all_frames:
                self.frames[id(frame)] = frame
                self.frame_contexts[id(frame)] = contexts

            page = traceback.render_debugger_html(
                evalex=self.evalex and self.check_host_trust(environ),
                secret=self.secret,
                evalex_trusted=bool(self.check_pin_trust(environ)),
            )
            response = Response(page, status=500, mimetype="text/html")
            try:
                yield from response(environ, start_response)
            except Exception:
                # Headers went out before the error: no page can follow.
                environ["wsgi.errors"].write(
                    "Debugging middleware caught exception in streamed response"
                    " at a point where response headers were already sent.\n"
                )
            environ["wsgi.errors"].write(traceback.render_traceback_text())

    def execute_command(
        self,
        request: Request,
        command: str,
        frame: DebugFrameSummary | _ConsoleFrame,
    ) -> Response:
        """Runs a line of code in a frame's console and returns its HTML."""
        if not self.check_host_trust(request.environ):
            return SecurityError()  # type: ignore[return-value]
        with ExitStack() as stack:
            for manager in self.frame_contexts.get(id(frame), []):
                stack.enter_context(manager)
            return Response(frame.eval(command), mimetype="text/html")

    def display_console(self, request: Request) -> Response:
        """The standalone console's page; its namespace is created on the
        first visit."""
        if not self.check_host_trust(request.environ):
            return SecurityError()  # type: ignore[return-value]
        if 0 not in self.frames:
            namespace = (
                {} if self.console_init_func is None else dict(self.console_init_func())
            )
            namespace.setdefault("app", self.app)
            self.frames[0] = _ConsoleFrame(namespace)
        trusted = bool(self.check_pin_trust(request.environ))
        return Response(
            render_console_html(secret=self.secret, evalex_trusted=trusted),
            mimetype="text/html",
        )

    def get_resource(self, request: Request, filename: str) -> Response:
        """A file of the page (stylesheet, script, icon); 404 for any other
        name."""
        mimetype = _RESOURCES.get(filename)
        if mimetype is None:
            return NotFound()  # type: ignore[return-value]
        data = resources.files(__package__).joinpath("shared", filename).read_bytes()
        return send_file(
            BytesIO(data),
            request.environ,
            mimetype=mimetype,
            download_name=filename,
            etag=str(adler32(data) & 0xFFFFFFFF),
        )

    def check_pin_trust(self, environ: WSGIEnvironment) -> bool | None:
        """Whether the request's cookie holds a valid PIN: ``True`` if so
        (or if the PIN is off), ``False`` if not, and ``None`` if the cookie
        holds the hash of another PIN."""
        if self.pin is None:
            return True
        if self._failed_pin_auth.value >= _MAX_PIN_FAILURES:
            return False
        value = parse_cookie(environ).get(self.pin_cookie_name)
        if not value or "|" not in value:
            return False
        stamp, _, pin_hash = value.partition("|")
        issued = _bounded_int(stamp)
        if issued is None:
            return False
        if pin_hash != hash_pin(self.pin):
            return None
        return time.time() - PIN_TIME < issued

    def check_host_trust(self, environ: WSGIEnvironment) -> bool:
        """Whether the request's ``Host`` is one of :attr:`trusted_hosts`."""
        return host_is_trusted(environ.get("HTTP_HOST"), self.trusted_hosts)

    def _fail_pin_auth(self) -> None:
        with self._failed_pin_auth.get_lock():
            failures = self._failed_pin_auth.value
            self._failed_pin_auth.value = failures + 1
        # Guessing gets slow: half a second at first, five after a few.
        time.sleep(_SLOW_DELAY if failures > _SLOW_AFTER_FAILURES else _FAST_DELAY)

    def pin_auth(self, request: Request) -> Response:
        """Checks the PIN in the query (``pin``); answers JSON with ``auth``
        (accepted) and ``exhausted`` (too many failures), and sets the
        cookie when accepted."""
        if not self.check_host_trust(request.environ):
            return SecurityError()  # type: ignore[return-value]

        authenticated = False
        exhausted = False
        bad_cookie = False
        trust = self.check_pin_trust(request.environ)
        pin = t.cast(str, self.pin)
        if trust is None:
            # The cookie holds another PIN's hash: count it as a failure, so
            # that guessing cookies is no faster than guessing PINs.
            self._fail_pin_auth()
            bad_cookie = True
        elif trust:
            authenticated = True
        elif self._failed_pin_auth.value >= _MAX_PIN_FAILURES:
            exhausted = True
        else:
            entered = request.args.get("pin", "")
            if entered.strip().replace("-", "") == pin.replace("-", ""):
                self._failed_pin_auth.value = 0
                authenticated = True
            else:
                self._fail_pin_auth()

        response = Response(
            json.dumps({"auth": authenticated, "exhausted": exhausted}),
            mimetype="application/json",
        )
        if authenticated:
            # A session cookie; the time in it limits it to PIN_TIME.
            response.set_cookie(
                self.pin_cookie_name,
                f"{int(time.time())}|{hash_pin(pin)}",
                httponly=True,
                samesite="Strict",
                secure=request.is_secure,
            )
        elif bad_cookie:
            response.delete_cookie(self.pin_cookie_name)
        return response

    def log_pin_request(self, request: Request) -> Response:
        """Logs the PIN (the page asks for this when the console opens), so
        the user finds it at the end of the server's log."""
        if not self.check_host_trust(request.environ):
            return SecurityError()  # type: ignore[return-value]
        if self.pin_logging and self.pin is not None:
            _log(
                "info", " * To enable the debugger you need to enter the security pin:"
            )
            _log("info", " * Debugger pin code: %s", self.pin)
        return Response("")

    def __call__(
        self, environ: WSGIEnvironment, start_response: StartResponse
    ) -> t.Iterable[bytes]:
        """Answers the debugger's own requests, and passes every other one
        to :meth:`debug_application`."""
        # Only the query string is read here: the body stays for the app.
        request = Request(environ)
        respond: t.Callable[[WSGIEnvironment, StartResponse], t.Iterable[bytes]]
        respond = self.debug_application
        args = request.args
        if args.get("__debugger__") == "yes":
            command = args.get("cmd")
            argument = args.get("f")
            secret = args.get("s")
            frame_id = _bounded_int(args.get("frm"))
            frame = self.frames.get(frame_id) if frame_id is not None else None
            secret_ok = secret is not None and hmac.compare_digest(
                secret.encode(), self.secret.encode()
            )
            if command == "resource" and argument:
                respond = self.get_resource(request, argument)
            elif command == "pinauth" and secret_ok:
                respond = self.pin_auth(request)
            elif command == "printpin" and secret_ok:
                respond = self.log_pin_request(request)
            elif (
                self.evalex
                and command is not None
                and frame is not None
                and secret_ok
                and self.check_pin_trust(environ)
            ):
                respond = self.execute_command(request, command, frame)
        elif (
            self.evalex
            and self.console_path is not None
            and request.path == self.console_path
        ):
            respond = self.display_console(request)
        return respond(environ, start_response)
