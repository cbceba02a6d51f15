"""The reloader behind ``run_simple(use_reloader=True)``.

The first process only starts a child with the same command line and
``WERKZEUG_RUN_MAIN=true``, and starts it again each time it exits with code
3. The child serves in a thread while its main thread watches files; on a
change it exits with 3.

Three ways to watch: ``"stat"`` polls the modification time of every file,
``"watchdog"`` uses the ``watchdog`` package, and ``"native"`` gets change
notifications from the operating system in rostzeug's native module (inotify,
FSEvents, kqueue or ReadDirectoryChangesW), waiting for them without the GIL.
"""

from __future__ import annotations

import fnmatch
import inspect
import os
import subprocess
import sys
import threading
import time
import typing as t
from itertools import chain
from pathlib import PurePath
from types import TracebackType

from ._internal import _log

# Where the interpreter and, in a virtualenv, the environment live. Modules
# under the base prefixes are never watched; the stat reloader does not walk
# any of the prefixes looking for files (only imported modules there count).
_ignore_always = tuple({sys.base_prefix, sys.base_exec_prefix})
_stat_ignore_scan = tuple(
    {*_ignore_always, sys.prefix, sys.exec_prefix, getattr(sys, "real_prefix", "")}
    - {""}
)
# A change in these directories comes with a change of a source file, or is
# a tool's own bookkeeping.
_ignore_common_dirs = {
    "__pycache__",
    ".git",
    ".hg",
    ".tox",
    ".nox",
    ".pytest_cache",
    ".mypy_cache",
}

# The exit code by which the child asks to be started again.
_RELOAD_EXIT_CODE = 3


def _iter_module_paths() -> t.Iterator[str]:
    """Yields the file of each imported module outside the base prefixes;
    for a module inside a zip archive, the archive."""
    for module in list(sys.modules.values()):  # a copy: imports may happen
        path = getattr(module, "__file__", None)
        if not isinstance(path, str) or path.startswith(_ignore_always):
            continue
        while not os.path.isfile(path):
            parent = os.path.dirname(path)
            if parent == path:
                break
            path = parent
        else:
            yield path


def _remove_by_pattern(paths: set[str], exclude_patterns: set[str]) -> None:
    for pattern in exclude_patterns:
        paths.difference_update(fnmatch.filter(paths, pattern))


def _find_stat_paths(
    extra_files: set[str], exclude_patterns: set[str]
) -> t.Iterable[str]:
    """The files the stat reloader watches: the imported modules' files, the
    extra files, and the ``.py``/``.pyc`` files under the ``sys.path`` entries
    and extra directories outside the interpreter's and environment's
    prefixes, less those matching ``exclude_patterns``."""
    found: set[str] = set()
    for entry in chain(list(sys.path), extra_files):
        top = os.path.abspath(entry)
        if os.path.isfile(top):  # a zip archive on sys.path, or an extra file
            found.add(top)
            continue
        # A directory is walked further only if it or its parent has Python
        # files, which keeps data and asset trees out of the scan.
        had_python = {os.path.dirname(top): True}
        for root, dirs, files in os.walk(top):
            if (
                root.startswith(_stat_ignore_scan)
                or os.path.basename(root) in _ignore_common_dirs
            ):
                dirs.clear()
                continue
            python_files = [n for n in files if n.endswith((".py", ".pyc"))]
            found.update(os.path.join(root, name) for name in python_files)
            if not python_files and not had_python.get(os.path.dirname(root)):
                dirs.clear()
                continue
            had_python[root] = bool(python_files)
    found.update(_iter_module_paths())
    _remove_by_pattern(found, exclude_patterns)
    return found


def _find_watchdog_paths(
    extra_files: set[str], exclude_patterns: set[str]
) -> t.Iterable[str]:
    """The directories watched (recursively) by the watchdog and native
    reloaders: those of the ``sys.path`` entries, extra files and imported
    modules, less those matching ``exclude_patterns``, reduced to the
    outermost ones."""
    dirs: set[str] = set()
    for entry in chain(list(sys.path), extra_files):
        path = os.path.abspath(entry)
        dirs.add(os.path.dirname(path) if os.path.isfile(path) else path)
    dirs.update(os.path.dirname(path) for path in _iter_module_paths())
    _remove_by_pattern(dirs, exclude_patterns)
    return _find_common_roots(dirs)


def _find_native_paths(
    extra_files: set[str], exclude_patterns: set[str]
) -> tuple[set[str], set[str]]:
    """The directories the native reloader watches, as ``(trees, singles)``:
    the files it reports are those the stat reloader looks at.

    ``trees`` are watched with their subdirectories: the ``sys.path`` entries
    and extra directories outside the interpreter's and environment's
    prefixes (walking them skips those prefixes and the tool directories of
    ``_ignore_common_dirs``). ``singles`` are watched without them: the
    directories of imported modules, zip archives and extra files that no
    tree covers.
    """
    trees: set[str] = set()
    singles: set[str] = set()
    for entry in chain(list(sys.path), extra_files):
        path = os.path.abspath(entry)
        if os.path.isfile(path):
            singles.add(os.path.dirname(path))
        elif os.path.isdir(path) and not path.startswith(_stat_ignore_scan):
            trees.add(path)
    singles.update(os.path.dirname(path) for path in _iter_module_paths())
    _remove_by_pattern(trees, exclude_patterns)
    _remove_by_pattern(singles, exclude_patterns)
    trees = set(_find_common_roots(trees))
    tree_parts = [PurePath(tree).parts for tree in trees]
    singles = {
        path
        for path in singles
        if not any(PurePath(path).parts[: len(t)] == t for t in tree_parts)
    }
    return trees, singles


def _find_common_roots(paths: t.Iterable[str]) -> t.Iterable[str]:
    """The paths that are not inside another of ``paths``."""
    # Sorted by their parts, a path comes right after the paths it is in.
    roots: set[str] = set()
    last: tuple[str, ...] | None = None
    for parts in sorted(PurePath(p).parts for p in paths):
        if not parts:
            continue  # "" on sys.path
        if last is not None and parts[: len(last)] == last:
            continue
        last = parts
        roots.add(os.path.join(*parts))
    return roots


def _get_args_for_reloading() -> list[str]:
    """The command line that starts this program again: the interpreter
    (``sys.executable``, an absolute path) with the options and arguments it
    was started with."""
    return [sys.executable, *sys.orig_argv[1:]]


class ReloaderLoop:
    """Watches files and exits the process with code 3 when one changes.

    Subclasses implement :meth:`run_step`. Entering the loop as a context
    manager takes the first look at the files.

    :param extra_files: files (or directories) to watch besides the modules.
    :param exclude_patterns: :mod:`fnmatch` patterns of paths to ignore.
    :param interval: seconds between two steps.
    """

    name = ""

    def __init__(
        self,
        extra_files: t.Iterable[str] | None = None,
        exclude_patterns: t.Iterable[str] | None = None,
        interval: int | float = 1,
    ) -> None:
        self.extra_files: set[str] = {os.path.abspath(p) for p in extra_files or ()}
        self.exclude_patterns: set[str] = set(exclude_patterns or ())
        self.interval = interval

    def __enter__(self) -> ReloaderLoop:
        self.run_step()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc_val: BaseException | None,
        exc_tb: TracebackType | None,
    ) -> None:
        pass

    def run(self) -> None:
        """Runs :meth:`run_step` every ``interval`` seconds, until a change
        ends the process."""
        while True:
            self.run_step()
            time.sleep(self.interval)

    def run_step(self) -> None:
        """Looks at the files once; on a change, calls
        :meth:`trigger_reload`."""

    def restart_with_reloader(self) -> int:
        """Starts this program again as the serving child, and again each
        time it asks for a reload; returns the exit code it ends with."""
        while True:
            _log("info", f" * Restarting with {self.name}")
            environ = {**os.environ, "WERKZEUG_RUN_MAIN": "true"}
            # close_fds=False: the child serves on the inherited socket.
            code = subprocess.call(
                _get_args_for_reloading(), env=environ, close_fds=False
            )
            if code != _RELOAD_EXIT_CODE:
                return code

    def trigger_reload(self, filename: str) -> None:
        """Logs the change and exits with the reload exit code."""
        self.log_reload(filename)
        sys.exit(_RELOAD_EXIT_CODE)

    def log_reload(self, filename: str | bytes) -> None:
        path = os.path.abspath(os.fsdecode(filename))
        _log("info", f" * Detected change in {path!r}, reloading")


class StatReloaderLoop(ReloaderLoop):
    """Compares every watched file's modification time with the one it had
    at the previous step."""

    name = "stat"

    def __enter__(self) -> ReloaderLoop:
        self.mtimes: dict[str, float] = {}
        return super().__enter__()

    def run_step(self) -> None:
        for path in _find_stat_paths(self.extra_files, self.exclude_patterns):
            try:
                mtime = os.stat(path).st_mtime
            except OSError:
                continue
            seen = self.mtimes.setdefault(path, mtime)
            if mtime > seen:
                self.trigger_reload(path)


class WatchdogReloaderLoop(ReloaderLoop):
    """Watches directories with the ``watchdog`` package's observer, which
    calls back from its own thread."""

    def __init__(self, *args: t.Any, **kwargs: t.Any) -> None:
        from watchdog.events import EVENT_TYPE_CLOSED
        from watchdog.events import EVENT_TYPE_CREATED
        from watchdog.events import EVENT_TYPE_DELETED
        from watchdog.events import EVENT_TYPE_MODIFIED
        from watchdog.events import EVENT_TYPE_MOVED
        from watchdog.events import DirCreatedEvent
        from watchdog.events import DirDeletedEvent
        from watchdog.events import DirModifiedEvent
        from watchdog.events import DirMovedEvent
        from watchdog.events import FileClosedEvent
        from watchdog.events import FileCreatedEvent
        from watchdog.events import FileDeletedEvent
        from watchdog.events import FileModifiedEvent
        from watchdog.events import FileMovedEvent
        from watchdog.events import FileSystemEvent
        from watchdog.events import PatternMatchingEventHandler
        from watchdog.observers import Observer

        super().__init__(*args, **kwargs)
        changes = {
            EVENT_TYPE_CLOSED,
            EVENT_TYPE_CREATED,
            EVENT_TYPE_DELETED,
            EVENT_TYPE_MODIFIED,
            EVENT_TYPE_MOVED,
        }
        loop = self

        exclude = self.exclude_patterns

        class EventHandler(PatternMatchingEventHandler):
            def on_any_event(self, event: FileSystemEvent) -> None:
                # Opening or closing a file without writing changes nothing.
                if event.event_type not in changes:
                    return
                # exclude_patterns are fnmatch patterns, as for the other
                # reloaders; watchdog 7 reads its own patterns otherwise.
                path = os.fsdecode(event.src_path)
                if any(fnmatch.fnmatch(path, p) for p in exclude):
                    return
                loop.trigger_reload(path)

        kind = Observer.__name__.lower()  # type: ignore[attr-defined]
        self.name = f"watchdog ({kind.removesuffix('observer')})"
        self.observer = Observer()
        # "**/" reads the same in the patterns of watchdog up to 6 (matched
        # from the right, component by component) and from 7 on (matched
        # against the whole path, where "*" stops at a "/").
        self.event_handler = EventHandler(
            patterns=[
                "**/*.py",
                "**/*.pyc",
                "**/*.zip",
                *(p for p in self.extra_files if not os.path.isdir(p)),
            ],
            ignore_patterns=[
                *(f"**/{d}/**" for d in _ignore_common_dirs),
                *self.exclude_patterns,
            ],
        )
        self.should_reload = threading.Event()
        # Only the events that can cause a reload are asked from the system
        # (watchdog 4 and later): opens and reads of the watched files (the
        # standard library is among them) by any process would otherwise
        # flood the queue, which then overflows and is rescanned again and
        # again.
        self._schedule_options: dict[str, t.Any] = {}
        if "event_filter" in inspect.signature(self.observer.schedule).parameters:
            self._schedule_options["event_filter"] = [
                FileModifiedEvent,
                FileCreatedEvent,
                FileDeletedEvent,
                FileMovedEvent,
                FileClosedEvent,
                DirModifiedEvent,
                DirCreatedEvent,
                DirDeletedEvent,
                DirMovedEvent,
            ]

    def trigger_reload(self, filename: str | bytes) -> None:
        # Runs in the observer's thread, where SystemExit would only end that
        # thread; the main loop exits instead.
        self.should_reload.set()
        self.log_reload(filename)

    def __enter__(self) -> ReloaderLoop:
        self.watches: dict[str, t.Any] = {}
        self.observer.start()
        return super().__enter__()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc_val: BaseException | None,
        exc_tb: TracebackType | None,
    ) -> None:
        self.observer.stop()
        self.observer.join()

    def run(self) -> None:
        while not self.should_reload.wait(timeout=self.interval):
            self.run_step()
        sys.exit(_RELOAD_EXIT_CODE)

    def run_step(self) -> None:
        stale = set(self.watches)
        for path in _find_watchdog_paths(self.extra_files, self.exclude_patterns):
            stale.discard(path)
            if path in self.watches:
                continue
            try:
                self.watches[path] = self.observer.schedule(
                    self.event_handler, path, recursive=True, **self._schedule_options
                )
            except OSError:
                # Remembered as failed, so it is not tried (and reported) at
                # every step.
                self.watches[path] = None
        for path in stale:
            watch = self.watches.pop(path, None)
            if watch is not None:
                self.observer.unschedule(watch)


class NativeReloaderLoop(ReloaderLoop):
    """Gets change notifications from the operating system through
    rostzeug's native module, for the files the stat reloader looks at (see
    :func:`_find_native_paths`). The main thread waits for them without the
    GIL, so an idle server costs next to no CPU, however many files there are.

    The watched directories are worked out again only when ``sys.path`` or
    the set of imported modules changed since the last step.

    Setting up the watches walks the project's directories, so it happens in
    :meth:`run`, while the server already serves, not on entering the loop.
    A change made to an imported module or extra file before the watches were
    in place is caught afterwards by its modification time.

    .. versionadded:: 0.1
    """

    def __init__(self, *args: t.Any, **kwargs: t.Any) -> None:
        from ._native import FileWatcher

        super().__init__(*args, **kwargs)
        self.watcher = FileWatcher(
            [
                "*.py",
                "*.pyc",
                "*.zip",
                *(p for p in self.extra_files if not os.path.isdir(p)),
            ],
            [*(f"*/{d}/*" for d in _ignore_common_dirs), *self.exclude_patterns],
            list(_stat_ignore_scan),
            sorted(_ignore_common_dirs),
        )
        self.name = f"native ({self.watcher.backend})"
        # (directory, with its subdirectories) -> whether the watch works
        self.watches: dict[tuple[str, bool], bool] = {}
        self._seen: tuple[int, tuple[str, ...]] | None = None
        self._created = time.time()

    def __enter__(self) -> ReloaderLoop:
        return self

    def run(self) -> None:
        self.run_step()
        for path in chain(_iter_module_paths(), self.extra_files):
            try:
                if os.stat(path).st_mtime > self._created:
                    self.trigger_reload(path)
            except OSError:
                continue
        while True:
            changed = self.watcher.wait(self.interval)
            if changed is not None:
                self.trigger_reload(changed)
            self.run_step()

    def run_step(self) -> None:
        seen = (len(sys.modules), tuple(sys.path))
        if seen == self._seen:
            return
        self._seen = seen
        trees, singles = _find_native_paths(self.extra_files, self.exclude_patterns)
        wanted = {(p, True) for p in trees} | {(p, False) for p in singles}
        for key in sorted(self.watches.keys() - wanted):
            if self.watches.pop(key):
                self.watcher.unwatch(key[0])
        for key in sorted(wanted - self.watches.keys()):
            try:
                self.watcher.watch(*key)
            except OSError as error:
                # Said once: the directory is not tried again. The usual
                # cause is the system's limit on watches.
                _log("warning", f" * Not watching for changes: {error}")
                self.watches[key] = False
            else:
                self.watches[key] = True


def _native_available() -> bool:
    try:
        from ._native import FileWatcher  # noqa: F401
    except ImportError:
        return False
    return True


reloader_loops: dict[str, type[ReloaderLoop]] = {
    "stat": StatReloaderLoop,
    "watchdog": WatchdogReloaderLoop,
    "native": NativeReloaderLoop,
}
reloader_loops["auto"] = NativeReloaderLoop if _native_available() else StatReloaderLoop


def ensure_echo_on() -> None:
    """Turns terminal echo back on, which a debugger such as pdb may have
    left off in the process that was replaced."""
    if sys.stdin is None or not sys.stdin.isatty():
        return
    try:
        import termios
    except ImportError:
        return
    attributes = termios.tcgetattr(sys.stdin)
    if not attributes[3] & termios.ECHO:
        attributes[3] |= termios.ECHO
        termios.tcsetattr(sys.stdin, termios.TCSANOW, attributes)


def run_with_reloader(
    main_func: t.Callable[[], None],
    extra_files: t.Iterable[str] | None = None,
    exclude_patterns: t.Iterable[str] | None = None,
    interval: int | float = 1,
    reloader_type: str = "auto",
) -> None:
    """Runs ``main_func`` in a child process that is started again whenever
    a watched file changes.

    :param reloader_type: ``"auto"``, ``"stat"``, ``"watchdog"`` or
        ``"native"``.
    """
    import signal

    try:
        loop_class = reloader_loops[reloader_type]
    except KeyError:
        raise ValueError(
            f"unknown reloader_type {reloader_type!r}; use one of"
            f" {', '.join(sorted(reloader_loops))}"
        ) from None
    signal.signal(signal.SIGTERM, lambda *args: sys.exit(0))
    options: dict[str, t.Any] = {
        "extra_files": extra_files,
        "exclude_patterns": exclude_patterns,
        "interval": interval,
    }
    try:
        reloader = loop_class(**options)
    except OSError as error:
        if reloader_type != "auto":
            raise
        # The system's notification service may be out of instances; polling
        # still works.
        _log("warning", f" * {error}; using the stat reloader instead")
        reloader = StatReloaderLoop(**options)
    try:
        if os.environ.get("WERKZEUG_RUN_MAIN") != "true":
            sys.exit(reloader.restart_with_reloader())
        ensure_echo_on()
        server = threading.Thread(target=main_func, daemon=True)
        # The first step records the initial state before serving starts.
        with reloader:
            server.start()
            reloader.run()
    except KeyboardInterrupt:
        pass
