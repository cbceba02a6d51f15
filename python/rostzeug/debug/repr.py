"""HTML representations of Python objects, for the debugger's console.

:func:`debug_repr` is :func:`repr` as HTML: numbers, strings and containers
get ``<span>`` elements with classes the debugger's stylesheet colours, long
strings and containers hide their tail in a ``<span class="extended">`` the
page can unfold, and everything that comes from the object is escaped.
:func:`dump` and :data:`helper` are the ``dump()`` and ``help()`` of the
console.
"""

from __future__ import annotations

import codecs
import html
import io
import pydoc
import re
import sys
import typing as t
from collections import deque
from traceback import format_exception_only

from markupsafe import escape

__all__ = ["DebugReprGenerator", "debug_repr", "dump", "helper"]

#: The default of :func:`dump`'s argument: no object, dump the caller's locals.
missing = object()

#: Paragraphs of pydoc's text are separated by blank lines.
_paragraph_re = re.compile(r"(?:\r\n|\r|\n){2,}")
RegexType = type(_paragraph_re)

#: Items shown before the rest of a list, tuple, set or deque is folded away.
_SEQUENCE_LIMIT = 8
#: Items of a dict shown before the rest is folded away (the fold starts at
#: the item with this index).
_DICT_LIMIT = 5
#: Characters of a string's repr shown before the rest is folded away.
_STRING_LIMIT = 70


def debug_repr(obj: object) -> str:
    """The HTML representation of ``obj`` that the debugger's console shows.

    Everything taken from the object (its repr, its type's name) is escaped.
    """
    return DebugReprGenerator().repr(obj)


def _write_html(markup: str) -> None:
    """Writes markup to the console's output without escaping it; outside
    the console, where ``sys.stdout`` is a plain stream, writes it as text."""
    write = getattr(sys.stdout, "_write", None)
    if write is None:
        sys.stdout.write(markup)
    else:
        write(markup)


def dump(obj: object = missing) -> None:
    """The console's ``dump()``: shows a table of the caller's local
    variables, or with an argument, of the object's attributes (or of a
    dict's items when every key is a string).

    It writes HTML to the console's output, so it is meant for the
    debugger's console only.
    """
    generator = DebugReprGenerator()
    if obj is missing:
        markup = generator.dump_locals(sys._getframe(1).f_locals)
    else:
        markup = generator.dump_object(obj)
    _write_html(markup)


class _Helper:
    """The console's ``help()``: pydoc's text help, shown as HTML in the
    console's output."""

    def __repr__(self) -> str:
        return "Type help(object) for help about object."

    def __call__(self, topic: t.Any | None = None) -> None:
        if topic is None:
            _write_html(f'<span class="help">{escape(repr(self))}</span>')
            return
        # pydoc writes to the helper's output stream when it is given one,
        # plain text and without a pager.
        text = io.StringIO()
        pydoc.Helper(input=io.StringIO(), output=text).help(topic)
        paragraphs = _paragraph_re.split(text.getvalue().strip("\n"))
        if len(paragraphs) > 1:
            title, body = paragraphs[0], "\n\n".join(paragraphs[1:])
        else:
            title, body = "Help", paragraphs[0]
        _write_html(
            f'<div class="box">\n<h3>{escape(title)}</h3>\n'
            f'<pre class="help">{escape(body)}</pre>\n</div>'
        )


#: The ``help`` of the console.
helper = _Helper()


def _subclass_wrap(markup: str, obj: object, base: type | tuple[type, ...]) -> str:
    """Wraps a container's or string's markup in ``module.Type(...)`` when
    ``obj`` is an instance of a subclass rather than of ``base`` itself."""
    bases = base if isinstance(base, tuple) else (base,)
    cls = type(obj)
    if cls in bases:
        return markup
    module = cls.__module__
    prefix = (
        "" if module == "builtins" else f'<span class="module">{escape(module)}.</span>'
    )
    return f"{prefix}{escape(cls.__name__)}({markup})"


class DebugReprGenerator:
    """Builds the HTML representations of :func:`debug_repr`, and the tables
    of :func:`dump`. One generator tracks the containers it is inside of, so
    that a container holding itself is shown as ``[...]``.
    """

    def __init__(self) -> None:
        self._stack: list[object] = []

    def _sequence(
        self,
        obj: t.Iterable[t.Any],
        recursive: bool,
        left: str,
        right: str,
        base: type,
    ) -> str:
        if recursive:
            return _subclass_wrap(f"{left}...{right}", obj, base)
        parts = [left]
        folded = False
        for index, item in enumerate(obj):
            if index:
                parts.append(", ")
            if index == _SEQUENCE_LIMIT:
                parts.append('<span class="extended">')
                folded = True
            parts.append(self.repr(item))
        if folded:
            parts.append("</span>")
        parts.append(right)
        return _subclass_wrap("".join(parts), obj, base)

    def list_repr(self, obj: t.Iterable[t.Any], recursive: bool) -> str:
        """A list, its first eight items shown."""
        return self._sequence(obj, recursive, "[", "]", list)

    def tuple_repr(self, obj: t.Iterable[t.Any], recursive: bool) -> str:
        """A tuple, its first eight items shown."""
        return self._sequence(obj, recursive, "(", ")", tuple)

    def set_repr(self, obj: t.Iterable[t.Any], recursive: bool) -> str:
        """A set, written ``set([...])``."""
        return self._sequence(obj, recursive, "set([", "])", set)

    def frozenset_repr(self, obj: t.Iterable[t.Any], recursive: bool) -> str:
        """A frozenset, written ``frozenset([...])``."""
        return self._sequence(obj, recursive, "frozenset([", "])", frozenset)

    def deque_repr(self, obj: t.Iterable[t.Any], recursive: bool) -> str:
        """A deque, written ``collections.deque([...])``."""
        left = '<span class="module">collections.</span>deque(['
        return self._sequence(obj, recursive, left, "])", deque)

    def regex_repr(self, obj: t.Pattern[t.AnyStr]) -> str:
        """A compiled pattern, written as ``re.compile(r'...')`` with its
        pattern as a raw string."""
        literal = codecs.decode(repr(obj.pattern), "unicode-escape", "ignore")
        # Quotes are harmless in element content and keep the literal legible.
        pattern = html.escape(f"r{literal}", quote=False)
        return f're.compile(<span class="string regex">{pattern}</span>)'

    def string_repr(self, obj: str | bytes, limit: int = _STRING_LIMIT) -> str:
        """A string or bytes; a repr longer than ``limit`` characters (by
        three or more) has its tail folded away."""
        text = repr(obj)
        if len(text) - limit > 2:
            body = (
                f'{escape(text[:limit])}<span class="extended">'
                f"{escape(text[limit:])}</span>"
            )
        else:
            body = str(escape(text))
        markup = f'<span class="string">{body}</span>'
        # A subclass with its own __repr__ says what it is; one that kept the
        # plain repr is named around it.
        if text.startswith(("'", '"', "b'", 'b"')):
            return _subclass_wrap(markup, obj, (str, bytes))
        return markup

    def dict_repr(
        self, d: t.Mapping[t.Any, t.Any], recursive: bool, limit: int = _DICT_LIMIT
    ) -> str:
        """A dict; the items from index ``limit - 1`` on are folded away."""
        if recursive:
            return _subclass_wrap("{...}", d, dict)
        parts = ["{"]
        folded = False
        for index, (key, value) in enumerate(d.items()):
            if index:
                parts.append(", ")
            if index == limit - 1:
                parts.append('<span class="extended">')
                folded = True
            parts.append(
                f'<span class="pair"><span class="key">{self.repr(key)}</span>:'
                f' <span class="value">{self.repr(value)}</span></span>'
            )
        if folded:
            parts.append("</span>")
        parts.append("}")
        return _subclass_wrap("".join(parts), d, dict)

    def object_repr(self, obj: t.Any) -> str:
        """Any other object: its escaped :func:`repr`."""
        return f'<span class="object">{escape(repr(obj))}</span>'

    def dispatch_repr(self, obj: t.Any, recursive: bool) -> str:
        """Picks the representation for the type of ``obj``."""
        if obj is helper:
            return f'<span class="help">{escape(repr(helper))}</span>'
        if isinstance(obj, (int, float, complex)):
            return f'<span class="number">{escape(repr(obj))}</span>'
        if isinstance(obj, (str, bytes)):
            return self.string_repr(obj)
        if isinstance(obj, RegexType):
            return self.regex_repr(obj)
        for kind, method in (
            (list, self.list_repr),
            (tuple, self.tuple_repr),
            (set, self.set_repr),
            (frozenset, self.frozenset_repr),
            (dict, self.dict_repr),
            (deque, self.deque_repr),
        ):
            if isinstance(obj, kind):
                return method(obj, recursive)  # type: ignore[arg-type]
        return self.object_repr(obj)

    def fallback_repr(self) -> str:
        """Shown in place of an object whose :func:`repr` raised; names the
        exception being handled."""
        try:
            error = "".join(format_exception_only(*sys.exc_info()[:2])).strip()
        except Exception:
            error = "?"
        return f'<span class="brokenrepr">&lt;broken repr ({escape(error)})&gt;</span>'

    def repr(self, obj: object) -> str:
        """The HTML representation of ``obj``; never raises for a broken
        ``__repr__``."""
        recursive = any(item is obj for item in self._stack)
        self._stack.append(obj)
        try:
            return self.dispatch_repr(obj, recursive)
        except Exception:
            return self.fallback_repr()
        finally:
            self._stack.pop()

    def dump_object(self, obj: object) -> str:
        """The table of :func:`dump` for an object: a dict whose keys are all
        strings lists its items, anything else its attributes (those that
        can be read) after its representation."""
        if isinstance(obj, dict) and all(isinstance(key, str) for key in obj):
            items = [(key, self.repr(value)) for key, value in obj.items()]
            title = "Contents of"
            markup = None
        else:
            items = []
            for name in dir(obj):
                try:
                    value = getattr(obj, name)
                except Exception:
                    continue
                items.append((name, self.repr(value)))
            title = "Details for"
            markup = self.repr(obj)
        # "module.Type object at 0x...", without the angle brackets.
        title = f"{title} {object.__repr__(obj)[1:-1]}"
        return self.render_object_dump(items, title, markup)

    def dump_locals(self, d: dict[str, t.Any]) -> str:
        """The table of :func:`dump` for a frame's local variables."""
        items = [(key, self.repr(value)) for key, value in d.items()]
        return self.render_object_dump(items, "Local variables in frame")

    def render_object_dump(
        self, items: list[tuple[str, str]], title: str, repr: str | None = None
    ) -> str:
        """The HTML of a dump: a title, an optional representation, and a
        table of names (escaped here) and representations (already HTML)."""
        rows = [
            f'<tr><th>{escape(name)}</th><td><pre class="repr">{value}</pre></td></tr>'
            for name, value in items
        ]
        if not rows:
            rows.append('<tr><td colspan="2"><em>Nothing</em></td></tr>')
        return (
            f'<div class="box">\n<h3>{escape(title)}</h3>\n'
            f'<pre class="repr">{repr or ""}</pre>\n'
            f'<table class="dump">\n{chr(10).join(rows)}\n</table>\n</div>'
        )
