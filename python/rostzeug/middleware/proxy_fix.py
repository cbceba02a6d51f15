"""
Applications behind proxies
===========================

A reverse proxy in front of an application connects to it on behalf of the
client, so the WSGI environ describes the proxy's connection: its address,
its scheme, the host and port it used. Proxies report the client's side in
``X-Forwarded-*`` headers, and :class:`ProxyFix` puts those values back
into the environ.

Clients can send these headers too, so only the values added by proxies
that are known to be there can be trusted. :class:`ProxyFix` is told how
many proxies set each header and uses the value the outermost of them
added, ignoring anything the client put before it. Use it only when the
application really runs behind such proxies.

.. autoclass:: ProxyFix
"""

from __future__ import annotations

import typing as t

from ..http import parse_list_header

if t.TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse
    from _typeshed.wsgi import WSGIApplication
    from _typeshed.wsgi import WSGIEnvironment


def _split_port(host: str) -> tuple[str, str | None]:
    """Splits ``host:port`` into its parts. An IPv6 address in brackets
    without a port (``[::1]``) has colons but no port."""
    if ":" in host and not host.endswith("]"):
        name, _, port = host.rpartition(":")
        return name, port
    return host, None


class ProxyFix:
    """Rewrites the WSGI environ from the ``X-Forwarded-*`` headers set by
    the proxies in front of the application.

    -   ``X-Forwarded-For`` sets ``REMOTE_ADDR``.
    -   ``X-Forwarded-Proto`` sets ``wsgi.url_scheme``.
    -   ``X-Forwarded-Host`` sets ``HTTP_HOST`` and ``SERVER_NAME``, and
        ``SERVER_PORT`` if it has a port.
    -   ``X-Forwarded-Port`` sets ``SERVER_PORT`` and the port of
        ``HTTP_HOST``.
    -   ``X-Forwarded-Prefix`` sets ``SCRIPT_NAME``.

    Each proxy appends its value to the header's comma separated list.
    With a count of ``n`` for a header, the ``n``-th value from the right
    is used; with fewer than ``n`` values, or a count of 0, the header is
    ignored. Values further left were set by the client or by untrusted
    hops and are never used. Trusting more values than there are proxies
    lets clients forge their address, so set the counts exactly.

    Before anything is changed, the original values of ``REMOTE_ADDR``,
    ``wsgi.url_scheme``, ``HTTP_HOST``, ``SERVER_NAME``, ``SERVER_PORT``
    and ``SCRIPT_NAME`` are saved in a dict under the environ key
    ``werkzeug.proxy_fix.orig``.

    :param app: The WSGI application to wrap.
    :param x_for: How many ``X-Forwarded-For`` values to trust.
    :param x_proto: How many ``X-Forwarded-Proto`` values to trust.
    :param x_host: How many ``X-Forwarded-Host`` values to trust.
    :param x_port: How many ``X-Forwarded-Port`` values to trust.
    :param x_prefix: How many ``X-Forwarded-Prefix`` values to trust.

    .. code-block:: python

        # One proxy in front, setting X-Forwarded-For and -Host.
        application = ProxyFix(application, x_for=1, x_host=1)
    """

    def __init__(
        self,
        app: WSGIApplication,
        x_for: int = 1,
        x_proto: int = 1,
        x_host: int = 0,
        x_port: int = 0,
        x_prefix: int = 0,
    ) -> None:
        self.app = app
        self.x_for = x_for
        self.x_proto = x_proto
        self.x_host = x_host
        self.x_port = x_port
        self.x_prefix = x_prefix

    def _get_real_value(self, trusted: int, value: str | None) -> str | None:
        """Picks the value set by the outermost trusted proxy from a comma
        separated header value.

        :param trusted: How many values, counted from the right, come from
            trusted proxies.
        :param value: The header value, or ``None`` if it is missing.
        :return: The ``trusted``-th value from the right, or ``None`` when
            nothing is trusted or there are fewer values than that.
        """
        if not trusted or not value:
            return None
        values = parse_list_header(value)
        if len(values) < trusted:
            return None
        return values[-trusted]

    def __call__(
        self, environ: WSGIEnvironment, start_response: StartResponse
    ) -> t.Iterable[bytes]:
        """Rewrites ``environ`` from the trusted header values, keeping the
        original values under ``werkzeug.proxy_fix.orig``, then calls the
        wrapped application."""
        environ["werkzeug.proxy_fix.orig"] = {
            key: environ.get(key)
            for key in (
                "REMOTE_ADDR",
                "wsgi.url_scheme",
                "HTTP_HOST",
                "SERVER_NAME",
                "SERVER_PORT",
                "SCRIPT_NAME",
            )
        }

        remote_addr = self._get_real_value(
            self.x_for, environ.get("HTTP_X_FORWARDED_FOR")
        )
        if remote_addr:
            environ["REMOTE_ADDR"] = remote_addr

        scheme = self._get_real_value(
            self.x_proto, environ.get("HTTP_X_FORWARDED_PROTO")
        )
        if scheme:
            environ["wsgi.url_scheme"] = scheme

        host = self._get_real_value(self.x_host, environ.get("HTTP_X_FORWARDED_HOST"))
        if host:
            environ["HTTP_HOST"] = host
            server_name, server_port = _split_port(host)
            environ["SERVER_NAME"] = server_name
            if server_port is not None:
                environ["SERVER_PORT"] = server_port

        port = self._get_real_value(self.x_port, environ.get("HTTP_X_FORWARDED_PORT"))
        if port:
            current_host = environ.get("HTTP_HOST")
            if current_host:
                environ["HTTP_HOST"] = f"{_split_port(current_host)[0]}:{port}"
            environ["SERVER_PORT"] = port

        prefix = self._get_real_value(
            self.x_prefix, environ.get("HTTP_X_FORWARDED_PREFIX")
        )
        if prefix:
            environ["SCRIPT_NAME"] = prefix

        return self.app(environ, start_response)
