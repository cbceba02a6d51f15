"""rostzeug.debug.repr: the HTML representations of the console, their
folding and their escaping."""

from __future__ import annotations

import enum
import re
from collections import OrderedDict
from collections import deque

from rostzeug.debug.repr import DebugReprGenerator
from rostzeug.debug.repr import debug_repr
from rostzeug.debug.repr import helper


def number(text: str) -> str:
    return f'<span class="number">{text}</span>'


def test_numbers() -> None:
    assert debug_repr(7) == number("7")
    assert debug_repr(True) == number("True")
    assert debug_repr(2.5) == number("2.5")
    assert debug_repr(1j) == number("1j")


def test_strings_and_bytes() -> None:
    assert debug_repr("it's") == '<span class="string">&#34;it&#39;s&#34;</span>'
    assert debug_repr(b"<x>") == '<span class="string">b&#39;&lt;x&gt;&#39;</span>'


def test_long_strings_fold_after_seventy_characters() -> None:
    text = "a" * 100
    shown, rest = "'" + "a" * 69, "a" * 31 + "'"
    assert debug_repr(text) == (
        f'<span class="string">{shown.replace(chr(39), "&#39;")}'
        f'<span class="extended">{rest.replace(chr(39), "&#39;")}</span></span>'
    )
    # Two characters more are not worth a fold.
    assert "extended" not in debug_repr("a" * 70)
    assert "extended" in debug_repr("a" * 71)


def test_containers_fold_after_eight_items() -> None:
    out = debug_repr(tuple(range(10)))
    visible, folded = out.split('<span class="extended">')
    assert visible == "(" + ", ".join(number(str(n)) for n in range(8)) + ", "
    assert folded == number("8") + ", " + number("9") + "</span>)"
    assert "extended" not in debug_repr(list(range(8)))
    assert debug_repr(deque([1])) == (
        f'<span class="module">collections.</span>deque([{number("1")}])'
    )
    assert debug_repr(set()) == "set([])"


def test_dicts_fold_from_the_fifth_item() -> None:
    out = debug_repr({n: n for n in range(6)})
    assert out.count('<span class="pair">') == 6
    before, after = out.split('<span class="extended">')
    assert before.count('<span class="pair">') == 4
    assert after.count('<span class="pair">') == 2
    assert "extended" not in debug_repr({n: n for n in range(4)})


def test_subclasses_are_named() -> None:
    class Tags(OrderedDict):  # type: ignore[type-arg]
        pass

    out = debug_repr(Tags(a=1))
    assert out.startswith(f'<span class="module">{__name__}.</span>Tags({{')

    Evil = type("<img src=x>", (list,), {})
    out = debug_repr(Evil([1]))
    assert "<img" not in out and "&lt;img src=x&gt;([" in out


def test_recursion_is_cut() -> None:
    loop: dict[str, object] = {}
    loop["self"] = loop
    assert debug_repr(loop).endswith('<span class="value">{...}</span></span>}')


def test_markup_in_reprs_is_escaped() -> None:
    class Widget:
        def __repr__(self) -> str:
            return "<script>alert(1)</script>"

    class Level(enum.IntEnum):
        HIGH = 3

    assert debug_repr(Widget()) == (
        '<span class="object">&lt;script&gt;alert(1)&lt;/script&gt;</span>'
    )
    assert debug_repr(Level.HIGH) == number("&lt;Level.HIGH: 3&gt;")
    assert debug_repr(re.compile("<b>(?P<n>x)")) == (
        "re.compile(<span class=\"string regex\">r'&lt;b&gt;(?P&lt;n&gt;x)'</span>)"
    )


def test_a_broken_repr_says_why() -> None:
    class Broken:
        def __repr__(self) -> str:
            raise RuntimeError("<no>")

    assert debug_repr([Broken()]) == (
        '[<span class="brokenrepr">&lt;broken repr (RuntimeError: &lt;no&gt;)'
        "&gt;</span>]"
    )


def test_the_helper() -> None:
    assert debug_repr(helper) == (
        '<span class="help">Type help(object) for help about object.</span>'
    )


def test_dumps() -> None:
    generator = DebugReprGenerator()
    out = generator.dump_object({"<k>": "<v>"})
    assert out.startswith('<div class="box">\n<h3>Contents of dict object at 0x')
    assert "<th>&lt;k&gt;</th>" in out and "&#39;&lt;v&gt;&#39;" in out
    out = generator.dump_object({1: 2})
    assert "<h3>Details for dict object at" in out
    assert "<th>keys</th>" in out
    out = generator.dump_locals({})
    assert "<h3>Local variables in frame</h3>" in out
    assert "<em>Nothing</em>" in out


def test_attributes_that_raise_are_left_out() -> None:
    class Touchy:
        fine = 1

        @property
        def touchy(self) -> int:
            raise ValueError("no")

    out = DebugReprGenerator().dump_object(Touchy())
    assert "<th>fine</th>" in out
    assert "<th>touchy</th>" not in out
