"""The development server: a WSGI server on the standard library's
:mod:`http.server`, with a reloader, HTTPS and chunked request bodies.

It is meant for working on an application, never for serving one in
production. Start it with :func:`run_simple`:

.. code-block:: python

    from rostzeug import run_simple
    from myproject import app

    run_simple("127.0.0.1", 5000, app, use_reloader=True)
"""

from __future__ import annotations

import errno
import io
import ipaddress
import os
import selectors
import socket
import socketserver
import sys
import traceback
import typing as t
from datetime import UTC
from datetime import datetime
from datetime import timedelta
from http.server import BaseHTTPRequestHandler
from http.server import HTTPServer
from urllib.parse import unquote
from urllib.parse import urlsplit

from ._internal import _log
from ._internal import _wsgi_encoding_dance
from .exceptions import InternalServerError
from .http import parse_set_header
from .urls import uri_to_iri

try:
    import ssl
except ImportError:  # a Python built without OpenSSL

    class _NoSsl:
        def __getattr__(self, name: str) -> t.Any:
            raise RuntimeError(
                "this Python was built without SSL/TLS support; HTTPS needs a"
                " Python with the ssl module"
            )

    ssl = _NoSsl()  # type: ignore[assignment]
    connection_dropped_errors: tuple[type[Exception], ...] = (
        ConnectionError,
        TimeoutError,
    )
else:
    connection_dropped_errors = (ConnectionError, TimeoutError, ssl.SSLEOFError)

if t.TYPE_CHECKING:
    from _typeshed.wsgi import WSGIApplication
    from _typeshed.wsgi import WSGIEnvironment
    from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey
    from cryptography.x509 import Certificate

# Windows consoles show ANSI colors only with colorama installed.
_log_add_style = True
if os.name == "nt":
    try:
        __import__("colorama")
    except ImportError:
        _log_add_style = False

can_fork = hasattr(os, "fork")

if can_fork:
    ForkingMixIn = socketserver.ForkingMixIn
else:

    class ForkingMixIn:  # type: ignore[no-redef]
        """Stands in where the platform has no ``fork``."""


af_unix: socket.AddressFamily | None = getattr(socket, "AF_UNIX", None)

LISTEN_QUEUE = 128

_TSSLContextArg = t.Union[
    "ssl.SSLContext", tuple[str, str | None], t.Literal["adhoc"], None
]

# A chunk-size line is hex digits, maybe extensions, and CRLF; 16 hex digits
# already exceed any body a development server should take.
_MAX_CHUNK_LINE = 100
_MAX_CHUNK_DIGITS = 16


class DechunkedInput(io.RawIOBase):
    """Reads a ``Transfer-Encoding: chunked`` request body from ``rfile`` and
    gives the application the data without the framing. The end of the body is
    the zero-size chunk, which is why the server sets ``wsgi.input_terminated``.

    Malformed framing raises :exc:`OSError`.
    """

    def __init__(self, rfile: t.IO[bytes]) -> None:
        self._rfile = rfile
        self._remaining = 0  # data bytes left in the current chunk
        self._done = False

    def readable(self) -> bool:
        return True

    def read_chunk_len(self) -> int:
        """Reads a chunk-size line and returns the size it announces."""
        line = self._rfile.readline(_MAX_CHUNK_LINE)
        digits = line.split(b";", 1)[0].strip(b" \t\r\n")
        if not digits or len(digits) > _MAX_CHUNK_DIGITS:
            raise OSError(f"Invalid chunk header {line[:40]!r}")
        try:
            size = int(digits, 16)
        except ValueError:
            raise OSError(f"Invalid chunk header {line[:40]!r}") from None
        if size < 0:
            raise OSError("Negative chunk length not allowed")
        return size

    def _end_of_chunk(self) -> None:
        ending = self._rfile.readline(2)
        if ending not in (b"\r\n", b"\n", b"\r"):
            raise OSError("Missing chunk terminating newline")

    def readinto(self, buffer: t.Any) -> int:
        view = memoryview(buffer).cast("B")
        filled = 0
        while filled < len(view) and not self._done:
            if self._remaining == 0:
                self._remaining = self.read_chunk_len()
                if self._remaining == 0:
                    self._done = True
                    self._end_of_chunk()
                    break
            wanted = min(self._remaining, len(view) - filled)
            data = self._rfile.read(wanted)
            if not data:
                raise OSError("The chunked body ended before its last chunk")
            view[filled : filled + len(data)] = data
            filled += len(data)
            self._remaining -= len(data)
            if self._remaining == 0:
                self._end_of_chunk()
        return filled


def _split_status(status: str) -> tuple[int, str]:
    code, _, reason = status.strip().partition(" ")
    if not (code.isascii() and code.isdigit() and len(code) == 3):
        raise ValueError(f"the status {status!r} does not start with a 3-digit code")
    return int(code), reason.strip()


class WSGIRequestHandler(BaseHTTPRequestHandler):
    """Turns each HTTP request into a call of the server's WSGI application.

    Subclass it and pass it as ``request_handler`` to :func:`run_simple` or
    :func:`make_server` to change how the environ is built
    (:meth:`make_environ`), how the application is run (:meth:`run_wsgi`) or
    how requests are logged (:meth:`log_request`, :meth:`log`).
    """

    server: BaseWSGIServer
    environ: WSGIEnvironment

    @property
    def server_version(self) -> str:  # type: ignore[override]
        """The ``Server`` header and ``SERVER_SOFTWARE``: the server's
        version string."""
        return self.server._server_version

    def make_environ(self) -> WSGIEnvironment:
        """Builds the WSGI environ of the current request."""
        url = urlsplit(self.path)
        # typeshed types the address as a (host, port) pair; a Unix
        # socket's peer has a path (often empty) instead.
        if not self.client_address:
            self.client_address = ("<local>", 0)  # type: ignore[unreachable]
        elif isinstance(self.client_address, str):
            self.client_address = (self.client_address, 0)  # type: ignore[unreachable]

        # "//a/b" parses as netloc "a"; without a scheme it is a path.
        if url.netloc and not url.scheme:
            path = f"/{url.netloc}{url.path}"
        else:
            path = url.path

        server = self.server
        environ: WSGIEnvironment = {
            "wsgi.version": (1, 0),
            "wsgi.url_scheme": "http" if server.ssl_context is None else "https",
            "wsgi.input": self.rfile,
            "wsgi.errors": sys.stderr,
            "wsgi.multithread": server.multithread,
            "wsgi.multiprocess": server.multiprocess,
            "wsgi.run_once": False,
            "werkzeug.socket": self.connection,
            "SERVER_SOFTWARE": self.server_version,
            "REQUEST_METHOD": self.command,
            "SCRIPT_NAME": "",
            "PATH_INFO": _wsgi_encoding_dance(unquote(path)),
            "QUERY_STRING": _wsgi_encoding_dance(url.query),
            "REQUEST_URI": _wsgi_encoding_dance(self.path),
            "RAW_URI": _wsgi_encoding_dance(self.path),
            "REMOTE_ADDR": self.address_string(),
            "REMOTE_PORT": self.port_integer(),
            "SERVER_NAME": server.server_address[0],
            "SERVER_PORT": str(server.server_address[1]),
            "SERVER_PROTOCOL": self.request_version,
        }

        for name, value in self.headers.items():
            # "X_Foo" and "X-Foo" would both become HTTP_X_FOO; a header with
            # an underscore is dropped so it cannot pose as the other.
            if "_" in name:
                continue
            key = name.upper().replace("-", "_")
            value = value.replace("\r\n", "")
            if key not in ("CONTENT_TYPE", "CONTENT_LENGTH"):
                key = "HTTP_" + key
                if key in environ:
                    value = f"{environ[key]},{value}"
            environ[key] = value

        if "chunked" in parse_set_header(environ.get("HTTP_TRANSFER_ENCODING")):
            environ["wsgi.input_terminated"] = True
            environ["wsgi.input"] = DechunkedInput(self.rfile)  # type: ignore[arg-type]

        # An absolute request target names the host (RFC 9112, 3.2.2).
        if url.scheme and url.netloc:
            environ["HTTP_HOST"] = url.netloc

        get_peer_cert = getattr(self.connection, "getpeercert", None)
        if get_peer_cert is not None:
            try:
                der = get_peer_cert(binary_form=True)
            except ValueError:  # the TLS handshake is not done
                server.log("error", "Cannot fetch SSL peer certificate info")
            else:
                if der is not None:
                    # PEM, as Nginx and Apache pass it on.
                    environ["SSL_CLIENT_CERT"] = ssl.DER_cert_to_PEM_cert(der)

        return environ

    def run_wsgi(self) -> None:
        """Runs the application for the current request and writes its
        response, chunked when its length is unknown on HTTP/1.1."""
        expect = self.headers.get("Expect", "")
        if expect.strip(" \t").lower() == "100-continue":
            self.wfile.write(b"HTTP/1.1 100 Continue\r\n\r\n")

        self.environ = environ = self.make_environ()
        head = environ["REQUEST_METHOD"] == "HEAD"
        # [status, headers] given by start_response, and those written.
        pending: list[t.Any] = [None, None]
        sent: list[t.Any] = [None, None]
        chunked = False

        def send_head() -> None:
            nonlocal chunked
            status, headers = pending
            sent[:] = pending
            code, reason = _split_status(status)
            self.send_response(code, reason)
            names = set()
            for name, value in headers:
                self.send_header(name, value)
                names.add(name.lower())
            chunked = (
                self.protocol_version >= "HTTP/1.1"
                and "content-length" not in names
                and not head
                and not 100 <= code < 200
                and code not in (204, 304)
            )
            if chunked:
                self.send_header("Transfer-Encoding", "chunked")
            # http.server cannot skip an unread request body before reading
            # the next request line, so every connection ends here.
            self.send_header("Connection", "close")
            self.end_headers()

        def write(data: bytes) -> None:
            if pending[0] is None:
                raise AssertionError("write() called before start_response()")
            if sent[0] is None:
                send_head()
            if not isinstance(data, bytes):
                raise AssertionError("applications must write bytes")
            # A response to HEAD has no body (RFC 9110, 9.3.2), whatever the
            # application yields.
            if data and not head:
                if chunked:
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
                else:
                    self.wfile.write(data)
            self.wfile.flush()

        def start_response(
            status: str, headers: list[tuple[str, str]], exc_info: t.Any = None
        ) -> t.Callable[[bytes], None]:
            if exc_info:
                try:
                    if sent[0] is not None:
                        raise exc_info[1].with_traceback(exc_info[2])
                finally:
                    exc_info = None
            elif pending[0] is not None:
                raise AssertionError("start_response() called twice")
            pending[:] = [status, headers]
            return write

        def execute(app: WSGIApplication) -> None:
            body = app(environ, start_response)
            try:
                for data in body:
                    write(data)
                if sent[0] is None:
                    write(b"")
                if chunked:
                    self.wfile.write(b"0\r\n\r\n")
            finally:
                self._discard_unread_body()
                close = getattr(body, "close", None)
                if close is not None:
                    close()

        try:
            execute(self.server.app)
        except connection_dropped_errors as error:
            self.connection_dropped(error, environ)
        except Exception as error:
            if self.server.passthrough_errors:
                raise
            if sent[0] is not None and chunked:
                # The response is cut short; closing without the last chunk
                # tells the client it is incomplete.
                self.close_connection = True
            try:
                if sent[0] is None:
                    pending[:] = [None, None]
                execute(InternalServerError())
            except Exception:
                pass
            text = "".join(traceback.format_exception(error))
            self.server.log("error", f"Error on request:\n{text}")

    def handle_expect_100(self) -> bool:
        # run_wsgi sends the interim response, whatever the protocol version;
        # http.server would send a second one on HTTP/1.1.
        return True

    def _discard_unread_body(self) -> None:
        # Reading what the client still sends lets it see the response (a
        # 413, say) instead of a reset connection. Bounded: 1000 reads or
        # 10 GB, whichever comes first.
        selector = selectors.DefaultSelector()
        try:
            selector.register(self.connection, selectors.EVENT_READ)
            total = 0
            for _ in range(1000):
                # A zero timeout misses a client that is still sending.
                if not selector.select(timeout=0.01):
                    break
                data = self.rfile.read(10_000_000)
                total += len(data)
                if not data or total >= 10_000_000_000:
                    break
        except (OSError, ValueError):
            pass
        finally:
            selector.close()

    def handle(self) -> None:
        """Handles the connection; a client that goes away is not an error,
        nor is a TLS error on an HTTPS server."""
        try:
            super().handle()
        except (ConnectionError, TimeoutError) as error:
            self.connection_dropped(error)
        except Exception as error:
            if self.server.ssl_context is not None and is_ssl_error(error):
                self.log_error("SSL error occurred: %s", error)
            else:
                raise

    def connection_dropped(
        self, error: BaseException, environ: WSGIEnvironment | None = None
    ) -> None:
        """Called when the client closed the connection. Does nothing;
        override it to react.

        :param error: the exception that showed it.
        :param environ: the request's environ, when it was built already.
        """

    def __getattr__(self, name: str) -> t.Any:
        # http.server looks up ``do_<METHOD>``; every method runs the app.
        if name.startswith("do_"):
            return self.run_wsgi
        return getattr(super(), name)

    def address_string(self) -> str:
        """The client's address, as in ``REMOTE_ADDR``."""
        environ = getattr(self, "environ", None)
        if environ:
            return environ["REMOTE_ADDR"]  # type: ignore[no-any-return]
        if not self.client_address:
            return "<local>"  # type: ignore[unreachable]
        return self.client_address[0]

    def port_integer(self) -> int:
        """The client's port, as in ``REMOTE_PORT``."""
        return self.client_address[1]

    # C0 and C1 control characters and the backslash, escaped in log lines
    # so that a request path cannot forge lines or terminal sequences.
    _control_char_table = {
        **{c: f"\\x{c:02x}" for c in (*range(0x20), *range(0x7F, 0xA0))},
        ord("\\"): "\\\\",
    }

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        """Logs the request line, colored by the status ``code``."""
        try:
            line = f"{self.command} {uri_to_iri(self.path)} {self.request_version}"
        except AttributeError:  # the request line could not be parsed
            line = self.requestline
        line = line.translate(self._control_char_table)
        code = str(code)
        if code == "200":
            styles: tuple[str, ...] = ()
        elif code == "304":
            styles = ("cyan",)
        elif code == "404":
            styles = ("yellow",)
        else:
            styles = {
                "1": ("bold",),
                "2": (),
                "3": ("green",),
                "4": ("bold", "red"),
            }.get(code[:1], ("bold", "magenta"))
        if styles:
            line = _ansi_style(line, *styles)
        self.log("info", '"%s" %s %s', line, code, size)

    def log_error(self, format: str, *args: t.Any) -> None:
        self.log("error", format, *args)

    def log_message(self, format: str, *args: t.Any) -> None:
        self.log("info", format, *args)

    def log(self, type: str, message: str, *args: t.Any) -> None:
        """Logs ``message % args`` to the ``werkzeug`` logger at the level
        named by ``type``, after the client address and the time."""
        # "%" in an IPv6 scope id would be read as a format directive.
        address = self.address_string().replace("%", "%%")
        _log(
            type,
            f"{address} - - [{self.log_date_time_string()}] {message}\n",
            *args,
        )


_ANSI_CODES = {
    "bold": 1,
    "red": 31,
    "green": 32,
    "yellow": 33,
    "magenta": 35,
    "cyan": 36,
}


def _ansi_style(value: str, *styles: str) -> str:
    if not _log_add_style:
        return value
    prefix = "".join(f"\x1b[{_ANSI_CODES[style]}m" for style in styles)
    return f"{prefix}{value}\x1b[0m"


def _import_cryptography() -> None:
    try:
        import cryptography  # noqa: F401
    except ImportError:
        raise TypeError(
            "Using ad-hoc certificates requires the cryptography library;"
            " install the 'cryptography' package."
        ) from None


def generate_adhoc_ssl_pair(
    cn: str | None = None,
) -> tuple[Certificate, RSAPrivateKey]:
    """Makes a self-signed certificate, valid for a year, and its RSA key.

    :param cn: the common name, also put in the subject alternative names
        with a ``*.`` wildcard; ``"*"`` if not given.
    :raises TypeError: if the ``cryptography`` package is not installed.
    """
    _import_cryptography()
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID

    if cn is None:
        cn = "*"
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Dummy Certificate"),
            x509.NameAttribute(NameOID.COMMON_NAME, cn),
        ]
    )
    now = datetime.now(UTC)
    builder = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + timedelta(days=365))
        .add_extension(
            x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]),
            critical=False,
        )
        .add_extension(
            x509.SubjectAlternativeName([x509.DNSName(cn), x509.DNSName(f"*.{cn}")]),
            critical=False,
        )
    )
    return builder.sign(key, hashes.SHA256()), key


def _pem_pair(cert: Certificate, key: RSAPrivateKey) -> tuple[bytes, bytes]:
    from cryptography.hazmat.primitives import serialization

    return (
        cert.public_bytes(serialization.Encoding.PEM),
        key.private_bytes(
            encoding=serialization.Encoding.PEM,
            format=serialization.PrivateFormat.TraditionalOpenSSL,
            encryption_algorithm=serialization.NoEncryption(),
        ),
    )


def make_ssl_devcert(
    base_path: str, host: str | None = None, cn: str | None = None
) -> tuple[str, str]:
    """Writes a self-signed certificate and its key for development, to
    reuse across server starts (unlike ``ssl_context="adhoc"``, which makes a
    new one each time).

    :param base_path: the path without extension; ``.crt`` is added for the
        certificate and ``.key`` for the key.
    :param host: the host name to certify; takes precedence over ``cn``.
    :param cn: the common name to certify.
    :return: the paths of the certificate and of the key.
    """
    if host is not None:
        cn = host
    cert_pem, key_pem = _pem_pair(*generate_adhoc_ssl_pair(cn=cn))
    cert_file = f"{base_path}.crt"
    key_file = f"{base_path}.key"
    with open(cert_file, "wb") as file:
        file.write(cert_pem)
    with open(key_file, "wb") as file:
        file.write(key_pem)
    return cert_file, key_file


def generate_adhoc_ssl_context() -> ssl.SSLContext:
    """Returns a server SSL context with a new self-signed certificate, for
    ``ssl_context="adhoc"``. Needs the ``cryptography`` package."""
    import atexit
    import tempfile

    cert_pem, key_pem = _pem_pair(*generate_adhoc_ssl_pair())
    paths = []
    for data in (cert_pem, key_pem):
        handle, path = tempfile.mkstemp()
        atexit.register(os.remove, path)
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        paths.append(path)
    return load_ssl_context(paths[0], paths[1])


def load_ssl_context(
    cert_file: str, pkey_file: str | None = None, protocol: int | None = None
) -> ssl.SSLContext:
    """Makes a server SSL context from a certificate file and its key.

    :param cert_file: the certificate (chain) file.
    :param pkey_file: the private key file; if not given, the key is read
        from ``cert_file``.
    :param protocol: an :mod:`ssl` ``PROTOCOL_*`` constant,
        :data:`ssl.PROTOCOL_TLS_SERVER` by default.
    """
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER if protocol is None else protocol)
    context.load_cert_chain(cert_file, pkey_file)
    return context


def is_ssl_error(error: Exception | None = None) -> bool:
    """Whether ``error`` (by default the exception being handled) is an
    :exc:`ssl.SSLError`."""
    if error is None:
        error = t.cast(Exception, sys.exc_info()[1])
    return isinstance(error, ssl.SSLError)


def select_address_family(host: str, port: int) -> socket.AddressFamily:
    """The address family to bind ``host`` with: ``AF_UNIX`` for a
    ``unix://`` path, ``AF_INET6`` for a host with a colon, else
    ``AF_INET``."""
    if host.startswith("unix://"):
        return socket.AF_UNIX
    if ":" in host and hasattr(socket, "AF_INET6"):
        return socket.AF_INET6
    return socket.AF_INET


def get_sockaddr(
    host: str, port: int, family: socket.AddressFamily
) -> tuple[str, int] | str:
    """The address to :meth:`~socket.socket.bind` to: the absolute path of a
    Unix socket, else the first address ``host`` resolves to (``host`` itself
    when it does not resolve)."""
    if family == af_unix:
        # An absolute path never goes through IDNA encoding.
        return os.path.abspath(host.partition("://")[2])
    try:
        found = socket.getaddrinfo(
            host, port, family, socket.SOCK_STREAM, socket.IPPROTO_TCP
        )
    except socket.gaierror:
        return host, port
    return found[0][4]  # type: ignore[return-value]


def get_interface_ip(family: socket.AddressFamily) -> str:
    """The address of the interface that reaches other hosts, shown in the
    banner when the server listens on all addresses. Falls back to the
    loopback address.

    :meta private:
    """
    # Connecting a UDP socket sends nothing; it only picks the route. Any
    # address outside the local network works, these are private ones.
    if family == socket.AF_INET6:
        probe, fallback = "fd31:f903:5ab5:1::1", "::1"
    else:
        probe, fallback = "10.253.155.219", "127.0.0.1"
    with socket.socket(family, socket.SOCK_DGRAM) as udp:
        try:
            udp.connect((probe, 58162))
        except OSError:
            return fallback
        return udp.getsockname()[0]  # type: ignore[no-any-return]


def _server_version() -> str:
    from . import __version__

    return f"rostzeug/{__version__}"


class BaseWSGIServer(HTTPServer):
    """A WSGI server that handles one request at a time.

    Create it with :func:`make_server`.

    :param host: the host name, IP address or ``unix://`` path to bind.
    :param port: the port; 0 lets the OS choose one.
    :param app: the WSGI application.
    :param handler: the request handler class, :class:`WSGIRequestHandler`
        by default.
    :param passthrough_errors: let exceptions from the application stop the
        server instead of answering 500.
    :param ssl_context: serve HTTPS: an :class:`ssl.SSLContext`, a
        ``(cert_file, key_file)`` pair, or ``"adhoc"``.
    :param fd: a listening socket's file descriptor to serve on instead of
        binding a new socket (the reloaded process gets it this way).
    """

    multithread = False
    multiprocess = False
    request_queue_size = LISTEN_QUEUE
    allow_reuse_address = True

    def __init__(
        self,
        host: str,
        port: int,
        app: WSGIApplication,
        handler: type[WSGIRequestHandler] | None = None,
        passthrough_errors: bool = False,
        ssl_context: _TSSLContextArg | None = None,
        fd: int | None = None,
    ) -> None:
        if handler is None:
            handler = WSGIRequestHandler
        # Threads or processes can afford HTTP/1.1's chunked responses,
        # unless the handler class chose its protocol itself. A subclass
        # carries the choice, so that the class given is left as it was for
        # other servers.
        if "protocol_version" not in vars(handler) and (
            self.multithread or self.multiprocess
        ):
            handler = type(
                handler.__name__,
                (handler,),
                {"protocol_version": "HTTP/1.1", "__module__": handler.__module__},
            )

        self.host = host
        self.port = port
        self.app = app
        self.passthrough_errors = passthrough_errors
        self.address_family = family = select_address_family(host, port)
        address = get_sockaddr(host, int(port), family)

        # A socket file left by an earlier run blocks binding; one handed
        # over in ``fd`` is in use and stays.
        if family == af_unix and fd is None and os.path.exists(t.cast(str, address)):
            os.unlink(t.cast(str, address))

        super().__init__(address, handler, bind_and_activate=False)  # type: ignore[arg-type]

        if fd is None:
            try:
                self.server_bind()
                self.server_activate()
            except OSError as error:
                self.server_close()
                self._exit_on_bind_error(error)
            except BaseException:
                self.server_close()
                raise
        else:
            # TCPServer opened a socket of its own; use the one given.
            self.server_close()
            self.socket = socket.fromfd(fd, family, socket.SOCK_STREAM)
            self.server_address = self.socket.getsockname()

        if family != af_unix:
            self.port = self.server_address[1]  # the one chosen for port 0

        if ssl_context is not None:
            if isinstance(ssl_context, tuple):
                ssl_context = load_ssl_context(*ssl_context)
            elif ssl_context == "adhoc":
                ssl_context = generate_adhoc_ssl_context()
            self.socket = ssl_context.wrap_socket(self.socket, server_side=True)
            self.ssl_context: ssl.SSLContext | None = ssl_context
        else:
            self.ssl_context = None

        self._server_version = _server_version()

    def _exit_on_bind_error(self, error: OSError) -> t.NoReturn:
        # Binding fails for reasons the user fixes outside Python; a
        # traceback would only hide the message.
        print(error.strerror, file=sys.stderr)
        if error.errno == errno.EADDRINUSE:
            print(
                f"Port {self.port} is in use by another program. Either identify"
                " and stop that program, or start the server with a different"
                " port.",
                file=sys.stderr,
            )
            if sys.platform == "darwin" and self.port == 5000:
                print(
                    "On macOS, try searching for and disabling 'AirPlay Receiver'"
                    " in System Settings.",
                    file=sys.stderr,
                )
        sys.exit(1)

    def log(self, type: str, message: str, *args: t.Any) -> None:
        """Logs to the ``werkzeug`` logger at the level named by ``type``."""
        _log(type, message, *args)

    def serve_forever(self, poll_interval: float = 0.5) -> None:
        """Serves until interrupted (Ctrl-C ends it quietly), then closes
        the socket."""
        try:
            super().serve_forever(poll_interval=poll_interval)
        except KeyboardInterrupt:
            pass
        finally:
            self.server_close()

    def handle_error(
        self, request: t.Any, client_address: tuple[str, int] | str
    ) -> None:
        if self.passthrough_errors:
            # socketserver skips closing the connection when this raises.
            self.shutdown_request(request)
            raise
        super().handle_error(request, client_address)

    def log_startup(self) -> None:
        """Logs the banner: the development-server warning and the URLs the
        server answers on."""
        lines = [
            _ansi_style(
                "WARNING: This is a development server. Do not use it in a"
                " production deployment. Use a production WSGI server instead.",
                "bold",
                "red",
            )
        ]
        if self.address_family == af_unix:
            lines.append(f" * Running on {self.host}")
        else:
            scheme = "http" if self.ssl_context is None else "https"
            shown = self.host
            if self.host in ("0.0.0.0", "::"):
                lines.append(f" * Running on all addresses ({self.host})")
                if self.host == "0.0.0.0":
                    loopback = "127.0.0.1"
                    shown = get_interface_ip(socket.AF_INET)
                else:
                    loopback = "[::1]"
                    shown = get_interface_ip(socket.AF_INET6)
                lines.append(f" * Running on {scheme}://{loopback}:{self.port}")
            if ":" in shown:
                shown = f"[{shown}]"
            lines.append(f" * Running on {scheme}://{shown}:{self.port}")
        _log("info", "\n".join(lines))


class ThreadedWSGIServer(socketserver.ThreadingMixIn, BaseWSGIServer):
    """A WSGI server that handles each request in a thread of its own.

    Create it with :func:`make_server`.
    """

    multithread = True
    daemon_threads = True


class ForkingWSGIServer(ForkingMixIn, BaseWSGIServer):
    """A WSGI server that handles each request in a forked process, at most
    ``processes`` at a time.

    Create it with :func:`make_server`.
    """

    multiprocess = True

    def __init__(
        self,
        host: str,
        port: int,
        app: WSGIApplication,
        processes: int = 40,
        handler: type[WSGIRequestHandler] | None = None,
        passthrough_errors: bool = False,
        ssl_context: _TSSLContextArg | None = None,
        fd: int | None = None,
    ) -> None:
        if not can_fork:
            raise ValueError("Your platform does not support forking.")
        super().__init__(host, port, app, handler, passthrough_errors, ssl_context, fd)
        self.max_children = processes


def make_server(
    host: str,
    port: int,
    app: WSGIApplication,
    threaded: bool = False,
    processes: int = 1,
    request_handler: type[WSGIRequestHandler] | None = None,
    passthrough_errors: bool = False,
    ssl_context: _TSSLContextArg | None = None,
    fd: int | None = None,
) -> BaseWSGIServer:
    """Creates the server :func:`run_simple` would run, without running it:
    a :class:`ThreadedWSGIServer` when ``threaded``, a
    :class:`ForkingWSGIServer` when ``processes > 1``, else a
    :class:`BaseWSGIServer`. See :func:`run_simple` for the parameters.

    :raises ValueError: if both ``threaded`` and ``processes > 1`` are asked.
    """
    if threaded and processes > 1:
        raise ValueError("Cannot have a multi-thread and multi-process server.")
    if threaded:
        return ThreadedWSGIServer(
            host, port, app, request_handler, passthrough_errors, ssl_context, fd=fd
        )
    if processes > 1:
        return ForkingWSGIServer(
            host,
            port,
            app,
            processes,
            request_handler,
            passthrough_errors,
            ssl_context,
            fd=fd,
        )
    return BaseWSGIServer(
        host, port, app, request_handler, passthrough_errors, ssl_context, fd=fd
    )


def is_running_from_reloader() -> bool:
    """Whether this process is the one the reloader started to serve (and
    restarts on changes)."""
    return os.environ.get("WERKZEUG_RUN_MAIN") == "true"


def is_loopback_host(hostname: str) -> bool:
    """Whether ``hostname`` names this machine only: ``localhost`` (and
    names under ``.localhost``) or a loopback address. Names that would need
    a lookup count as reachable from elsewhere."""
    name = hostname.strip("[]").lower()
    if name == "localhost" or name.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def warn_if_debugger_is_exposed(hostname: str) -> None:
    """Log a warning when the debugger is served on an address that other
    machines can reach: whoever reaches its console can run code here.

    .. versionadded:: 0.1
    """
    if not is_loopback_host(hostname):
        _log(
            "warning",
            " * WARNING: the debugger is on and the server listens on %s, which"
            " other machines may reach. Anyone who gets to its console can run"
            " any code on this machine. Never use the debugger in production;"
            " serve on 127.0.0.1 while debugging.",
            hostname,
        )


def run_simple(
    hostname: str,
    port: int,
    application: WSGIApplication,
    use_reloader: bool = False,
    use_debugger: bool = False,
    use_evalex: bool = True,
    extra_files: t.Iterable[str] | None = None,
    exclude_patterns: t.Iterable[str] | None = None,
    reloader_interval: int = 1,
    reloader_type: str = "auto",
    threaded: bool = False,
    processes: int = 1,
    request_handler: type[WSGIRequestHandler] | None = None,
    static_files: dict[str, str | tuple[str, str]] | None = None,
    passthrough_errors: bool = False,
    ssl_context: _TSSLContextArg | None = None,
) -> None:
    """Runs the development server for ``application`` until interrupted.

    .. warning::

        For development only: it is neither hardened nor fast. Deploy with a
        production WSGI server.

    :param hostname: the host to bind: a name, an IPv4 or IPv6 address, or
        ``unix://`` and a path for a Unix socket.
    :param port: the port to bind; 0 lets the OS choose.
    :param application: the WSGI application.
    :param use_reloader: run the server in a child process and restart it
        when a watched file changes.
    :param use_debugger: wrap the application in the interactive debugger.
    :param use_evalex: let the debugger evaluate code in a traceback's frames.
    :param extra_files: files to watch besides the imported modules, such as
        configuration files.
    :param exclude_patterns: :mod:`fnmatch` patterns of paths whose changes
        the reloader ignores.
    :param reloader_interval: seconds between two looks for changes.
    :param reloader_type: ``"stat"`` polls every file's modification time;
        ``"watchdog"`` uses the ``watchdog`` package; ``"native"`` gets
        notifications from the operating system through rostzeug's native
        module; ``"auto"`` picks ``"native"`` when it is available.
    :param threaded: handle each request in a thread.
    :param processes: handle requests in up to this many forked processes.
    :param request_handler: a :class:`WSGIRequestHandler` subclass.
    :param static_files: URL prefixes mapped to directories (or
        ``(package, path)`` pairs) to serve with
        :class:`~rostzeug.middleware.shared_data.SharedDataMiddleware`.
    :param passthrough_errors: let the application's exceptions stop the
        server instead of answering 500.
    :param ssl_context: serve HTTPS: an :class:`ssl.SSLContext`, a
        ``(cert_file, key_file)`` pair, or ``"adhoc"`` for a new self-signed
        certificate.

    .. versionchanged:: 0.1
        ``reloader_type="native"``, chosen by ``"auto"``.
    """
    if not isinstance(port, int):
        raise TypeError("port must be an integer")

    if static_files:
        from .middleware.shared_data import SharedDataMiddleware

        application = SharedDataMiddleware(application, static_files)

    if use_debugger:
        from .debug import DebuggedApplication

        debugged = DebuggedApplication(application, evalex=use_evalex)
        # The debugger trusts localhost; the host served on is trusted too.
        debugged.trusted_hosts.append(hostname)
        application = debugged
        if not is_running_from_reloader():
            warn_if_debugger_is_exposed(hostname)

    # The reloaded child serves on the socket its parent bound.
    fd = int(os.environ["WERKZEUG_SERVER_FD"]) if is_running_from_reloader() else None
    server = make_server(
        hostname,
        port,
        application,
        threaded,
        processes,
        request_handler,
        passthrough_errors,
        ssl_context,
        fd=fd,
    )
    server.socket.set_inheritable(True)
    os.environ["WERKZEUG_SERVER_FD"] = str(server.fileno())

    if not is_running_from_reloader():
        server.log_startup()
        _log("info", _ansi_style("Press CTRL+C to quit", "yellow"))

    if not use_reloader:
        server.serve_forever()
        return

    from ._reloader import run_with_reloader

    try:
        run_with_reloader(
            server.serve_forever,
            extra_files=extra_files,
            exclude_patterns=exclude_patterns,
            interval=reloader_interval,
            reloader_type=reloader_type,
        )
    finally:
        server.server_close()
