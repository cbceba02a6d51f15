"""
Dispatching by URL prefix
=========================

:class:`DispatcherMiddleware` joins several WSGI applications into one,
each mounted under its own path prefix. A typical use is a site whose API
and admin interface are separate applications, while everything else is
served by a front end application::

    application = DispatcherMiddleware(frontend, {
        "/api": api_app,
        "/admin": admin_app,
    })

A request for ``/api/users`` reaches ``api_app`` with ``SCRIPT_NAME`` set
to ``/api`` and ``PATH_INFO`` set to ``/users``, so ``api_app`` builds its
URLs under ``/api`` without knowing where it is mounted.

.. autoclass:: DispatcherMiddleware
"""

from __future__ import annotations

import typing as t

if t.TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse
    from _typeshed.wsgi import WSGIApplication
    from _typeshed.wsgi import WSGIEnvironment


class DispatcherMiddleware:
    """A WSGI application that hands each request to the application
    mounted under the longest path prefix matching the request path.

    Prefixes match whole path segments: ``/api`` matches ``/api`` and
    ``/api/users`` but not ``/apis``. The matched prefix is appended to
    ``SCRIPT_NAME`` and removed from ``PATH_INFO`` before the mounted
    application is called. A request that matches no prefix goes to
    ``app``.

    :param app: The application for requests that match no mount.
    :param mounts: Maps path prefixes (such as ``"/api"``, without a
        trailing slash) to the applications mounted there.
    """

    def __init__(
        self,
        app: WSGIApplication,
        mounts: dict[str, WSGIApplication] | None = None,
    ) -> None:
        self.app = app
        self.mounts = mounts if mounts else {}

    def __call__(
        self, environ: WSGIEnvironment, start_response: StartResponse
    ) -> t.Iterable[bytes]:
        prefix = environ.get("PATH_INFO", "")
        remainder = ""

        # Drop one trailing segment at a time, so the first mount found is
        # the longest one that matches.
        while "/" in prefix and prefix not in self.mounts:
            prefix, _, segment = prefix.rpartition("/")
            remainder = f"/{segment}{remainder}"

        app = self.mounts.get(prefix, self.app)
        environ["SCRIPT_NAME"] = environ.get("SCRIPT_NAME", "") + prefix
        environ["PATH_INFO"] = remainder
        return app(environ, start_response)
