"""The Python console of the debugger: runs the lines typed in the browser
in a namespace and returns what they printed, as HTML.

While a :class:`Console` evaluates a line, ``sys.stdout`` writes into an
:class:`HTMLStringO` of the current thread (or context), so that output of
concurrent requests never mixes, and the values of expression statements
are shown with :func:`~rostzeug.debug.repr.debug_repr`.
"""

from __future__ import annotations

import code
import sys
import typing as t
from contextvars import ContextVar
from types import CodeType

from markupsafe import escape

from .repr import debug_repr
from .repr import dump
from .repr import helper

__all__ = ["Console", "HTMLStringO", "ThreadedStream"]

_stream: ContextVar[HTMLStringO] = ContextVar("rostzeug.debug.console.stream")
_ipy: ContextVar[_InteractiveConsole] = ContextVar("rostzeug.debug.console.ipy")


class HTMLStringO:
    """An in-memory text stream that escapes what is written to it.

    :meth:`_write` adds markup unescaped, for the HTML the console builds
    itself; :meth:`reset` returns everything written and empties the stream.
    """

    def __init__(self) -> None:
        self._buffer: list[str] = []

    def isatty(self) -> bool:
        return False

    def close(self) -> None:
        pass

    def flush(self) -> None:
        pass

    def seek(self, n: int, mode: int = 0) -> None:
        pass

    def readline(self) -> str:
        """Removes and returns the oldest piece written, or ``""``."""
        if not self._buffer:
            return ""
        return self._buffer.pop(0)

    def reset(self) -> str:
        """Returns everything written so far and empties the stream."""
        text = "".join(self._buffer)
        self._buffer.clear()
        return text

    def _write(self, x: str) -> None:
        self._buffer.append(x)

    def write(self, x: str) -> None:
        self._write(escape(x))

    def writelines(self, x: t.Iterable[str]) -> None:
        self._write(escape("".join(x)))


class ThreadedStream:
    """Stands in for ``sys.stdout`` while consoles run: each thread (each
    context) writes to its own :class:`HTMLStringO` once it called
    :meth:`push`, and to the real standard output otherwise."""

    @staticmethod
    def push() -> None:
        """Installs the stream as ``sys.stdout`` if needed, and gives the
        current context a fresh buffer."""
        if not isinstance(sys.stdout, ThreadedStream):
            sys.stdout = t.cast(t.TextIO, ThreadedStream())
        _stream.set(HTMLStringO())

    @staticmethod
    def fetch() -> str:
        """Returns and clears what the current context wrote."""
        try:
            stream = _stream.get()
        except LookupError:
            return ""
        return stream.reset()

    @staticmethod
    def displayhook(obj: object) -> None:
        """``sys.displayhook`` for the console: shows a value as HTML and
        keeps it as ``_``; outside a console, the interpreter's own hook."""
        try:
            stream = _stream.get()
        except LookupError:
            _displayhook(obj)
            return
        if obj is not None:
            _ipy.get().locals["_"] = obj
            # debug_repr escapes what it takes from the object already.
            stream._write(debug_repr(obj))

    def __setattr__(self, name: str, value: t.Any) -> None:
        raise AttributeError(f"cannot set {name!r}: the stream is read-only")

    def __dir__(self) -> list[str]:
        return dir(sys.__stdout__)

    def __getattribute__(self, name: str) -> t.Any:
        try:
            stream: t.Any = _stream.get()
        except LookupError:
            stream = sys.__stdout__
        return getattr(stream, name)

    def __repr__(self) -> str:
        return repr(sys.__stdout__)


#: The display hook that was installed before this module, used outside
#: consoles.
_displayhook = sys.displayhook
# Expression statements typed in a console are compiled in "single" mode,
# which hands their value to sys.displayhook: it has to be ours, for every
# thread, so it is installed once for the process.
sys.displayhook = ThreadedStream.displayhook


class _ConsoleLoader:
    """Keeps the source of each compiled console input by code object."""

    def __init__(self) -> None:
        self._storage: dict[int, str] = {}

    def register(self, code: CodeType, source: str) -> None:
        self._storage[id(code)] = source
        # Functions defined in the input have code objects of their own.
        for const in code.co_consts:
            if isinstance(const, CodeType):
                self._storage[id(const)] = source

    def get_source_by_code(self, code: CodeType) -> str | None:
        return self._storage.get(id(code))


class _InteractiveConsole(code.InteractiveInterpreter):
    locals: dict[str, t.Any]

    def __init__(self, globals: dict[str, t.Any], locals: dict[str, t.Any]) -> None:
        self.loader = _ConsoleLoader()
        # One flat namespace, used as the globals of every input, so that
        # functions defined in the console see the names defined beside them.
        namespace = {
            **globals,
            **locals,
            "dump": dump,
            "help": helper,
            "__loader__": self.loader,
        }
        super().__init__(namespace)
        self.more = False
        self.buffer: list[str] = []

    def compile_source(
        self, source: str, filename: str, symbol: str
    ) -> CodeType | None:
        compiled = self.compile(source, filename, symbol)
        if compiled is not None:
            self.loader.register(compiled, source)
        return compiled

    def runsource(  # type: ignore[override]
        self, source: str, filename: str = "<debugger>", symbol: str = "single"
    ) -> str:
        line = source.rstrip()
        prompt = "... " if self.more else ">>> "
        ThreadedStream.push()
        try:
            # Joined as the interactive interpreter joins them: a block is
            # complete once an empty line follows it.
            whole = "\n".join([*self.buffer, line])
            try:
                compiled = self.compile_source(whole, filename, symbol)
            except (OverflowError, SyntaxError, ValueError):
                self.showsyntaxerror(filename)
                compiled = None
                incomplete = False
            else:
                incomplete = compiled is None
            if incomplete:
                self.more = True
                self.buffer.append(line)
            else:
                self.more = False
                self.buffer.clear()
                if compiled is not None:
                    self.runcode(compiled)
        finally:
            output = ThreadedStream.fetch()
        return f"{prompt}{escape(line)}\n{output}"

    def runcode(self, code: CodeType) -> None:
        try:
            exec(code, self.locals)
        except (Exception, SystemExit):
            # SystemExit too: exit() in the console must not end the
            # server's request thread.
            self.showtraceback()

    def showtraceback(self) -> None:
        from .tbtools import DebugTraceback

        error = t.cast(BaseException, sys.exc_info()[1])
        # The first frame is runcode's own.
        traceback = DebugTraceback(error, skip=1)
        t.cast(HTMLStringO, sys.stdout)._write(traceback.render_traceback_html())

    def showsyntaxerror(self, filename: str | None = None, **kwargs: t.Any) -> None:
        from .tbtools import DebugTraceback

        error = t.cast(BaseException, sys.exc_info()[1])
        # Every frame is the compiler's, none is the user's.
        frames = 0
        tb = error.__traceback__
        while tb is not None:
            frames += 1
            tb = tb.tb_next
        traceback = DebugTraceback(error, skip=frames)
        t.cast(HTMLStringO, sys.stdout)._write(traceback.render_traceback_html())

    def write(self, data: str) -> None:
        sys.stdout.write(data)


class Console:
    """An interactive Python console whose namespace starts with the
    variables of ``globals`` and then ``locals``, and the helpers ``dump``
    and ``help``.

    :param globals: the global variables to start with.
    :param locals: the local variables to start with; they win over globals
        of the same name.
    """

    def __init__(
        self,
        globals: dict[str, t.Any] | None = None,
        locals: dict[str, t.Any] | None = None,
    ) -> None:
        self._ipy = _InteractiveConsole(globals or {}, locals or {})

    def eval(self, code: str) -> str:
        """Runs one line of input and returns the HTML to show for it: the
        prompt, the line, and what it printed, its value or its traceback.
        A line that opens a block returns the ``...`` prompt until an empty
        line ends the block."""
        _ipy.set(self._ipy)
        stdout = sys.stdout
        try:
            return self._ipy.runsource(code)
        finally:
            sys.stdout = stdout
