"""Tracebacks for the debugger: the frames of an exception, with their
namespaces kept so that code can run in them, rendered as text, as HTML, or
as the debugger's whole page.

Frames are hidden with Paste's ``__traceback_hide__`` convention: a frame
whose local variable ``__traceback_hide__`` is true is left out, and the
values ``"before"``, ``"after"`` and ``"reset"`` (each also with
``"_and_this"``) hide the frames before, hide the frames after until a
reset, or end such hiding. A ``__traceback_info__`` local variable is shown
with its frame.
"""

from __future__ import annotations

import itertools
import json
import linecache
import os
import re
import sys
import sysconfig
import traceback
import types
import typing as t

from markupsafe import escape

from ..utils import cached_property
from .console import Console

__all__ = ["DebugFrameSummary", "DebugTraceback", "render_console_html"]

#: Lines of source shown before and after the line a frame is at.
_CONTEXT_LINES = 5
#: Sub-exceptions of an exception group shown; as the interpreter's text.
_MAX_GROUP_WIDTH = 15

_CAUSE_MESSAGE = "The above exception was the direct cause of the following exception"
_CONTEXT_MESSAGE = "During handling of the above exception, another exception occurred"

_PAGE = """\
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>{title} · rostzeug debugger</title>
<link rel="stylesheet" href="?__debugger__=yes&amp;cmd=resource&amp;f=style.css">
<link rel="icon" type="image/svg+xml" \
href="?__debugger__=yes&amp;cmd=resource&amp;f=console.svg">
<script type="application/json" id="debugger-config">{config}</script>
<script src="?__debugger__=yes&amp;cmd=resource&amp;f=debugger.js" defer></script>
</head>
<body class="{mode}">
<div class="debugger">
<header class="banner">
<div class="banner-inner">
<p class="brand"><span class="brand-mark" aria-hidden="true">&gt;_</span> \
rostzeug debugger</p>
{heading}
</div>
</header>
<main class="content">
{body}
</main>
<footer class="footer">
<p><strong>Never run the debugger in production.</strong> Whoever can reach \
this page and knows the PIN can run any code on the server, as the user that \
runs it.</p>
</footer>
</div>
<div class="pin-prompt" hidden>
<form class="pin-form" role="dialog" aria-modal="true" aria-labelledby="pin-title">
<h2 id="pin-title">Console locked</h2>
<p>The console runs Python code on the server. Enter the PIN the server \
printed in its log to unlock it for this browser.</p>
<label for="pin-input">PIN</label>
<div class="pin-row">
<input id="pin-input" name="pin" type="text" inputmode="numeric" \
autocomplete="off" spellcheck="false" required>
<button type="submit" name="btn">Unlock</button>
</div>
<p class="pin-error" role="alert"></p>
<button type="button" class="pin-cancel">Cancel</button>
</form>
</div>
</body>
</html>
"""

_TRACEBACK_HEADING = """\
<p class="kicker">Unhandled exception</p>
<h1 class="exception-type">{exception_type}</h1>
<p class="errormsg">{message}</p>"""

_TRACEBACK_BODY = """\
<section class="traceback-section" aria-labelledby="traceback-title">
<div class="section-head">
<h2 class="traceback" id="traceback-title">Traceback \
<em>(most recent call last)</em></h2>
<p class="hint">{hint}</p>
</div>
{summary}
</section>
<details class="plain">
<summary>Traceback as text</summary>
<pre class="plain-text">{plaintext}</pre>
</details>
<div class="explanation">
<p>The debugger caught an exception in your WSGI application. {explanation}</p>
<noscript><p>The page needs JavaScript for the console.</p></noscript>
</div>
"""

_CONSOLE_HEADING = """\
<p class="kicker">Standalone console</p>
<h1 class="exception-type">Interactive console</h1>
<p class="errormsg">Python running in the application's process, with the \
namespace the debugger prepared.</p>"""

_CONSOLE_BODY = """\
<section class="console-section" aria-label="Console">
<div class="console-host"><p class="console-placeholder">The console needs \
JavaScript.</p></div>
</section>
<div class="explanation">
<p>Expressions show their value; <code>dump()</code> lists the variables, \
<code>dump(obj)</code> the attributes of an object, <code>help(obj)</code> \
its documentation.</p>
</div>
"""


def _type_name(te: traceback.TracebackException) -> str:
    """The exception type's name as the interpreter prints it: qualified by
    its module unless that is ``builtins`` or ``__main__``."""
    if sys.version_info >= (3, 13):
        return te.exc_type_str
    exc_type = te.exc_type
    # None for a summary made without an exception type; typeshed's
    # annotation before 3.13 leaves that out.
    if exc_type is None:
        return "Exception"  # type: ignore[unreachable]
    module = exc_type.__module__
    if module in ("builtins", "__main__"):
        return exc_type.__qualname__
    return f"{module}.{exc_type.__qualname__}"


def _visible_frames(frames: list[types.FrameType], hide: bool) -> list[int]:
    """The indices of the frames to show, by the ``__traceback_hide__``
    rules when ``hide`` is true."""
    if not hide:
        return list(range(len(frames)))
    shown: list[int] = []
    hiding = False
    for index, frame in enumerate(frames):
        rule = frame.f_locals.get("__traceback_hide__", False)
        if rule in ("before", "before_and_this"):
            shown.clear()
            hiding = False
            if rule == "before_and_this":
                continue
        elif rule in ("reset", "reset_and_this"):
            hiding = False
            if rule == "reset_and_this":
                continue
        elif rule in ("after", "after_and_this"):
            hiding = True
            if rule == "after_and_this":
                continue
        elif rule or hiding:
            continue
        shown.append(index)
    return shown


def _convert(
    exc: BaseException,
    te: traceback.TracebackException,
    skip: int,
    hide: bool,
) -> None:
    """Replaces the frame summaries of ``te`` (and of its causes, contexts
    and sub-exceptions) by :class:`DebugFrameSummary` objects holding the
    frames' namespaces, without the hidden frames."""
    # The frames in the order TracebackException extracted them, so that
    # each matches its summary (the same traceback limit applies).
    walked: t.Iterable[tuple[types.FrameType, int]]
    walked = traceback.walk_tb(exc.__traceback__)
    limit = getattr(sys, "tracebacklimit", None)
    if limit is not None:
        walked = itertools.islice(walked, max(limit, 0))
    frames = [frame for frame, _ in itertools.islice(walked, skip, None)]
    summaries = list(te.stack)[skip:]
    frames = frames[: len(summaries)]

    stack: list[DebugFrameSummary] = []
    for index in _visible_frames(frames, hide):
        frame = frames[index]
        summary = summaries[index]
        stack.append(
            DebugFrameSummary(
                filename=summary.filename,
                lineno=summary.lineno,
                name=summary.name,
                end_lineno=getattr(summary, "end_lineno", None),
                colno=getattr(summary, "colno", None),
                end_colno=getattr(summary, "end_colno", None),
                locals=frame.f_locals,
                globals=frame.f_globals,
            )
        )
    # Code typed into the console is compiled by codeop, whose frames sit
    # at the bottom of a syntax error's traceback and mean nothing to users.
    while stack and stack[0].module_name == "codeop":
        del stack[0]
    te.stack[:] = stack

    if te.__cause__ is not None and exc.__cause__ is not None:
        _convert(exc.__cause__, te.__cause__, 0, hide)
    if te.__context__ is not None and exc.__context__ is not None:
        _convert(exc.__context__, te.__context__, 0, hide)
    sub_tes = getattr(te, "exceptions", None)
    if sub_tes and isinstance(exc, BaseExceptionGroup):
        for sub_exc, sub_te in zip(exc.exceptions, sub_tes):
            _convert(sub_exc, sub_te, 0, hide)


def _chain(
    te: traceback.TracebackException,
) -> list[tuple[str | None, traceback.TracebackException]]:
    """``te`` and the exceptions it was raised from or during, newest first,
    each with the sentence that links it to the one before it."""
    out: list[tuple[str | None, traceback.TracebackException]] = []
    current: traceback.TracebackException | None = te
    while current is not None:
        if current.__cause__ is not None:
            message: str | None = _CAUSE_MESSAGE
            following = current.__cause__
        elif current.__context__ is not None and not current.__suppress_context__:
            message = _CONTEXT_MESSAGE
            following = current.__context__
        else:
            message = None
            following = None
        out.append((message, current))
        current = following
    return out


def _frames_of(te: traceback.TracebackException) -> t.Iterator[DebugFrameSummary]:
    """Every frame of ``te``'s chain, and of the chains of its sub-exceptions."""
    for _, current in _chain(te):
        for frame in current.stack:
            yield t.cast(DebugFrameSummary, frame)
        for sub in getattr(current, "exceptions", None) or ():
            yield from _frames_of(sub)


class DebugTraceback:
    """The traceback of an exception, with each frame's namespace kept.

    :param exc: the exception.
    :param te: a :class:`traceback.TracebackException` of ``exc`` to use,
        instead of building one.
    :param skip: how many frames to leave out at the start (the outermost
        ones), such as the debugger's own.
    :param hide: whether to apply the ``__traceback_hide__`` rules.
    """

    __slots__ = ("_cache_all_frames", "_cache_all_tracebacks", "_te")

    def __init__(
        self,
        exc: BaseException,
        te: traceback.TracebackException | None = None,
        *,
        skip: int = 0,
        hide: bool = True,
    ) -> None:
        if te is None:
            te = traceback.TracebackException.from_exception(exc, lookup_lines=False)
        _convert(exc, te, skip, hide)
        self._te = te

    def __str__(self) -> str:
        return f"<{type(self).__name__} {self._te}>"

    @cached_property
    def all_tracebacks(
        self,
    ) -> list[tuple[str | None, traceback.TracebackException]]:
        """The exception and those it was raised from or during, newest
        first, each paired with the sentence that links it to the next one
        in the list (``None`` for the last)."""
        return _chain(self._te)

    @cached_property
    def all_frames(self) -> list[DebugFrameSummary]:
        """Every frame shown, of chained exceptions and of the members of
        exception groups too."""
        return list(_frames_of(self._te))

    def render_traceback_text(self) -> str:
        """The traceback as the interpreter prints it (without hidden
        frames)."""
        return "".join(self._te.format())

    def render_traceback_html(self, include_title: bool = True) -> str:
        """The traceback as HTML: the frames with their source, oldest
        first, chained exceptions and group members in order, and the
        exception at the end.

        :param include_title: start with a "Traceback" heading.
        """
        frames = self.all_frames
        library = [frame.is_library for frame in frames]
        # Dimming library frames only helps when some frames are not.
        mark_library = any(library) and not all(library)
        syntax_error = _type_name(self._te) == "SyntaxError"
        parts = [f'<div class="traceback{"" if frames else " noframe-traceback"}">']
        if include_title:
            title = (
                "Syntax Error"
                if syntax_error
                else "Traceback <em>(most recent call last)</em>:"
            )
            parts.append(f"<h3>{title}</h3>")
        if frames:
            parts.append('<ul class="frames">')
            parts.append(_render_chain(self._te, mark_library, last_inline=False))
            parts.append("</ul>")
        exception = escape("".join(self._te.format_exception_only()))
        if syntax_error:
            parts.append(f'<pre class="syntaxerror">{exception}</pre>')
        else:
            parts.append(f'<blockquote class="exception">{exception}</blockquote>')
        parts.append("</div>")
        return "\n".join(parts)

    def render_debugger_html(
        self, evalex: bool, secret: str, evalex_trusted: bool
    ) -> str:
        """The debugger's whole page for this traceback.

        :param evalex: offer a console in each frame.
        :param secret: the secret the page's commands must carry.
        :param evalex_trusted: the browser is authenticated already, so the
            console opens without asking for the PIN.
        """
        exc_lines = list(self._te.format_exception_only())
        type_name = _type_name(self._te)
        exception = "".join(exc_lines).rstrip("\n")
        # The heading names the type; the line under it says the rest.
        message = exception
        if message.startswith(f"{type_name}: "):
            message = message[len(type_name) + 2 :]
        elif message == type_name:
            message = "(no message)"
        plaintext = self.render_traceback_text()
        if evalex:
            hint = "Click a frame to fold it; the console button opens Python in it."
            explanation = (
                "Each frame keeps its variables: open a console on a frame to"
                " inspect them, with <code>dump()</code> for a table of them."
            )
        else:
            hint = "Click a frame to fold it."
            explanation = (
                "The console is not available here: it is off, or this page was"
                " requested under a host name the debugger does not trust."
            )
        body = _TRACEBACK_BODY.format(
            hint=hint,
            summary=self.render_traceback_html(include_title=False),
            plaintext=escape(plaintext),
            explanation=explanation,
        )
        page = _render_page(
            title=escape(exc_lines[0].strip() if exc_lines else type_name),
            heading=_TRACEBACK_HEADING.format(
                exception_type=escape(type_name), message=escape(message)
            ),
            body=body,
            console=False,
            evalex=evalex,
            evalex_trusted=evalex_trusted,
            secret=secret,
        )
        # The text traceback once more, for reading the page's source or a
        # response printed by curl; no "--" can end the comment early.
        return f"{page}<!--\n\n{re.sub('-{2,}', '-', plaintext)}\n-->\n"


def _render_page(
    *,
    title: str,
    heading: str,
    body: str,
    console: bool,
    evalex: bool,
    evalex_trusted: bool,
    secret: str,
) -> str:
    config = json.dumps(
        {
            "console": console,
            "evalex": evalex,
            "evalexTrusted": evalex_trusted,
            "secret": secret,
        }
    )
    # Inside <script>, "<" could start "</script>"; JSON reads \u003c the same.
    config = config.replace("<", "\\u003c")
    return _PAGE.format(
        title=title,
        config=config,
        mode="console-mode" if console else "traceback-mode",
        heading=heading,
        body=body,
    )


def _exception_line(te: traceback.TracebackException) -> str:
    return str(escape("".join(te.format_exception_only()).rstrip("\n")))


def _render_chain(
    te: traceback.TracebackException, mark_library: bool, last_inline: bool
) -> str:
    """The ``<li>`` rows of ``te``'s chain, oldest exception first. Each
    exception but the newest is followed by its line; the newest one's line
    too when ``last_inline`` (the page shows it below the list otherwise)."""
    rows: list[str] = []
    chain = _chain(te)
    for position, (message, current) in enumerate(reversed(chain)):
        if message is not None:
            rows.append(
                f'<li class="chain"><div class="exc-divider">{message}:</div></li>'
            )
        for frame in current.stack:
            rows.append(
                f"<li>{t.cast(DebugFrameSummary, frame).render_html(mark_library)}</li>"
            )
        newest = position == len(chain) - 1
        if not newest or last_inline:
            rows.append(
                f'<li class="chained-exception"><blockquote class="exception">'
                f"{_exception_line(current)}</blockquote></li>"
            )
        members = getattr(current, "exceptions", None)
        if members:
            rows.append(_render_group(members, mark_library))
    return "\n".join(rows)


def _render_group(
    members: list[traceback.TracebackException], mark_library: bool
) -> str:
    count = len(members)
    parts = ['<li class="group"><div class="exc-group">']
    for number, member in enumerate(members[:_MAX_GROUP_WIDTH], 1):
        parts.append(
            f'<div class="sub-exception"><p class="sub-title">Sub-exception'
            f" {number} of {count}</p>"
        )
        rows = _render_chain(member, mark_library, last_inline=True)
        parts.append(f'<ul class="frames">\n{rows}\n</ul></div>')
    if count > _MAX_GROUP_WIDTH:
        parts.append(
            f'<p class="sub-title">and {count - _MAX_GROUP_WIDTH} more'
            " sub-exceptions (see the traceback as text)</p>"
        )
    parts.append("</div></li>")
    return "\n".join(parts)


def _char_offset(line: str, byte_offset: int) -> int:
    """The index in ``line`` of a UTF-8 byte offset, as code objects count."""
    return len(line.encode("utf-8")[:byte_offset].decode("utf-8", "replace"))


class DebugFrameSummary(traceback.FrameSummary):
    """A :class:`traceback.FrameSummary` that keeps the frame's local and
    global namespaces, so code can be evaluated in the frame.

    :param locals: the frame's local variables.
    :param globals: the frame's global variables.
    :param kwargs: the arguments of :class:`traceback.FrameSummary`.
    """

    __slots__ = (
        "_cache_console",
        "_cache_info",
        "_cache_is_library",
        "global_ns",
        "local_ns",
    )

    def __init__(
        self,
        *,
        locals: dict[str, t.Any],
        globals: dict[str, t.Any],
        **kwargs: t.Any,
    ) -> None:
        super().__init__(locals=None, **kwargs)
        self.local_ns = locals
        self.global_ns = globals

    @property
    def module_name(self) -> str | None:
        """The ``__name__`` of the frame's module, if it has one."""
        name = self.global_ns.get("__name__")
        if name is None:
            name = self.local_ns.get("__name__")
        return name if isinstance(name, str) else None

    @cached_property
    def info(self) -> str | None:
        """The frame's ``__traceback_info__`` local variable, if it set one."""
        return self.local_ns.get("__traceback_info__")

    @cached_property
    def is_library(self) -> bool:
        """Whether the frame's file is in an installation directory of the
        interpreter (the standard library or site-packages)."""
        roots = {
            root
            for path in sysconfig.get_paths().values()
            for root in (path, os.path.realpath(path))
        }
        return self.filename.startswith(tuple(roots))

    @cached_property
    def console(self) -> Console:
        """The console that evaluates code in this frame; created on first
        use and kept, so its variables persist between commands."""
        return Console(self.global_ns, self.local_ns)

    def eval(self, code: str) -> t.Any:
        """Runs a line of code in the frame's console and returns the HTML
        it produced."""
        return self.console.eval(code)

    def render_html(self, mark_library: bool) -> str:
        """The frame as HTML: where it is and the lines around its line.

        :param mark_library: add the class ``library`` if the frame is in a
            library, for the page to fold it.
        """
        lines = linecache.getlines(self.filename)
        lineno = self.lineno or 0
        index = lineno - 1
        rendered: list[str] = []
        if 0 <= index < len(lines):
            start = max(0, index - _CONTEXT_LINES)
            stop = min(len(lines), index + _CONTEXT_LINES + 1)
            for number in range(start, stop):
                where = (
                    "current"
                    if number == index
                    else ("before" if number < index else "after")
                )
                rendered.append(self._render_line(lines[number], number + 1, where))
        else:
            rendered.append('<p class="nosource">The source is not available.</p>')
        library = " library" if mark_library and self.is_library else ""
        info = ""
        if self.info is not None:
            info = f'<p class="info">{escape(str(self.info))}</p>'
        return (
            f'<div class="frame{library}" id="frame-{id(self)}">\n'
            f'<h4 class="frame-head"><span class="where">File <cite class="filename">'
            f'"{escape(self.filename)}"</cite>, line <em class="line">{lineno}'
            f'</em>, in <code class="function">{escape(self.name)}</code></span>'
            "</h4>\n"
            f"{info}"
            f'<div class="source{library}">{"".join(rendered)}</div>\n</div>'
        )

    def _render_line(self, line: str, number: int, where: str) -> str:
        text = line.rstrip()
        body = str(escape(text)) if text else " "
        colno = getattr(self, "colno", None)
        end_colno = getattr(self, "end_colno", None)
        if where == "current" and text and colno is not None and end_colno is not None:
            start = _char_offset(text, colno)
            if getattr(self, "end_lineno", None) in (None, self.lineno):
                stop = _char_offset(text, end_colno)
            else:
                stop = len(text)
            if 0 <= start < stop <= len(text):
                body = (
                    f'{escape(text[:start])}<span class="expr">'
                    f"{escape(text[start:stop])}</span>{escape(text[stop:])}"
                )
        return f'<pre class="line {where}" data-lineno="{number}">{body}</pre>'


def render_console_html(secret: str, evalex_trusted: bool) -> str:
    """The page of the debugger's standalone console.

    :param secret: the secret the page's commands must carry.
    :param evalex_trusted: the browser is authenticated already.
    """
    return _render_page(
        title="Console",
        heading=_CONSOLE_HEADING,
        body=_CONSOLE_BODY,
        console=True,
        evalex=True,
        evalex_trusted=evalex_trusted,
        secret=secret,
    )
