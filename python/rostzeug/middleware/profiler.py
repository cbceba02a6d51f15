"""
Profiling requests
==================

:class:`ProfilerMiddleware` runs each request under :mod:`cProfile` and
prints the statistics, saves them to a file per request, or both. It helps
to find where an application spends its time.

.. autoclass:: ProfilerMiddleware
"""

from __future__ import annotations

import os.path
import sys
import time
import typing as t
from pstats import Stats

if sys.version_info >= (3, 15):
    from profiling.tracing import Profile
else:
    try:
        from cProfile import Profile
    except ImportError:  # Python builds without the C extension.
        from profile import Profile  # type: ignore[assignment]

if t.TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse
    from _typeshed.wsgi import WSGIApplication
    from _typeshed.wsgi import WSGIEnvironment


class ProfilerMiddleware:
    """Profiles each request to the wrapped application. The whole
    response body is collected inside the profiled call, so the time spent
    producing it is measured too; the body is then returned at once.

    With a ``stream``, the :class:`pstats.Stats` of each request are
    printed to it. With a ``profile_dir``, each request's profile is saved
    to a file in that directory, which :mod:`pstats` or other tools can
    load later.

    ``filename_format`` names those files. A string is filled in with
    :meth:`str.format` and these fields:

    -   ``{method}``: the request method, such as ``GET``.
    -   ``{path}``: the request path with slashes replaced by dots, or
        ``root`` for ``/``.
    -   ``{elapsed}``: how long the request took, in milliseconds.
    -   ``{time}``: when the profile was saved, as a Unix timestamp.

    A callable is called with the WSGI environ and returns the name. The
    environ then also has a ``werkzeug.profiler`` key: a dict with the
    ``elapsed`` and ``time`` values described above.

    :param app: The WSGI application to profile.
    :param stream: Where to print the statistics, or ``None`` not to print
        them.
    :param sort_by: The columns to sort the statistics by, passed to
        :meth:`pstats.Stats.sort_stats`.
    :param restrictions: Limits on the lines printed, passed to
        :meth:`pstats.Stats.print_stats`.
    :param profile_dir: The directory to save profile files to, or
        ``None`` not to save them. It must exist.
    :param filename_format: The file name pattern, or a callable that
        returns the file name, as described above.

    .. code-block:: python

        application = ProfilerMiddleware(application, profile_dir="profiles")
    """

    def __init__(
        self,
        app: WSGIApplication,
        stream: t.IO[str] | None = sys.stdout,
        sort_by: t.Iterable[str] = ("time", "calls"),
        restrictions: t.Iterable[str | int | float] = (),
        profile_dir: str | None = None,
        filename_format: str | t.Callable[[WSGIEnvironment], str] = (
            "{method}.{path}.{elapsed:.0f}ms.{time:.0f}.prof"
        ),
    ) -> None:
        self._wrapped = app
        self._output = stream
        self._sort_keys = sort_by
        self._print_limits = restrictions
        self._save_dir = profile_dir
        self._name_pattern = filename_format

    def __call__(
        self, environ: WSGIEnvironment, start_response: StartResponse
    ) -> t.Iterable[bytes]:
        body_chunks: list[bytes] = []

        def collecting_start_response(
            status: str,
            headers: list[tuple[str, str]],
            exc_info: t.Any = None,
        ) -> t.Callable[[bytes], object]:
            start_response(status, headers, exc_info)
            # Data sent through write() joins the body, in order.
            return body_chunks.append

        def run_app() -> None:
            app_iter = self._wrapped(
                environ, t.cast("StartResponse", collecting_start_response)
            )
            try:
                body_chunks.extend(app_iter)
            finally:
                close = getattr(app_iter, "close", None)
                if close is not None:
                    close()

        profile = Profile()
        start = time.time()
        profile.runcall(run_app)
        body = b"".join(body_chunks)
        elapsed_ms = (time.time() - start) * 1000.0

        if self._save_dir is not None:
            filename = self._make_filename(environ, elapsed_ms)
            profile.dump_stats(os.path.join(self._save_dir, filename))

        if self._output is not None:
            self._print_stats(profile, environ.get("PATH_INFO", ""))

        return [body]

    def _make_filename(self, environ: WSGIEnvironment, elapsed_ms: float) -> str:
        if callable(self._name_pattern):
            environ["werkzeug.profiler"] = {
                "elapsed": elapsed_ms,
                "time": time.time(),
            }
            return self._name_pattern(environ)

        return self._name_pattern.format(
            method=environ["REQUEST_METHOD"],
            path=environ["PATH_INFO"].strip("/").replace("/", ".") or "root",
            elapsed=elapsed_ms,
            time=time.time(),
        )

    def _print_stats(self, profile: Profile, path_info: str) -> None:
        stream = self._output
        stats = Stats(profile, stream=stream)
        stats.sort_stats(*self._sort_keys)
        print("-" * 80, file=stream)
        print(f"PATH: {path_info!r}", file=stream)
        stats.print_stats(*self._print_limits)
        print(f"{'-' * 80}\n", file=stream)
