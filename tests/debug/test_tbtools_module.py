"""rostzeug.debug.tbtools: which frames a traceback keeps, chained
exceptions and exception groups, and the text and HTML renderings."""

from __future__ import annotations

import json
import linecache
import re
import sys
import traceback
import typing as t
from collections.abc import Callable
from collections.abc import Iterator
from html.parser import HTMLParser

import pytest

from rostzeug.debug.tbtools import DebugFrameSummary
from rostzeug.debug.tbtools import DebugTraceback
from rostzeug.debug.tbtools import render_console_html


def caught(function: Callable[[], object]) -> BaseException:
    try:
        function()
    except BaseException as error:
        return error
    raise AssertionError("expected an exception")


def names(tb: DebugTraceback) -> list[str]:
    return [frame.name for frame in tb.all_frames]


# A chain of calls whose frames each may set a __traceback_hide__ rule.
def level_one(rules: dict[str, object]) -> None:
    if "one" in rules:
        __traceback_hide__ = rules["one"]
    level_two(rules)


def level_two(rules: dict[str, object]) -> None:
    if "two" in rules:
        __traceback_hide__ = rules["two"]
    level_three(rules)


def level_three(rules: dict[str, object]) -> None:
    if "three" in rules:
        __traceback_hide__ = rules["three"]
    level_four(rules)


def level_four(rules: dict[str, object]) -> None:
    if "four" in rules:
        __traceback_hide__ = rules["four"]
    raise ValueError("at the bottom")


LEVELS = ["level_one", "level_two", "level_three", "level_four"]


@pytest.mark.parametrize(
    ("rules", "shown"),
    [
        ({}, LEVELS),
        ({"two": True}, ["level_one", "level_three", "level_four"]),
        ({"two": "before"}, ["level_two", "level_three", "level_four"]),
        ({"two": "before_and_this"}, ["level_three", "level_four"]),
        ({"two": "after"}, ["level_one", "level_two"]),
        ({"two": "after_and_this"}, ["level_one"]),
        ({"two": "after", "four": "reset"}, ["level_one", "level_two", "level_four"]),
        ({"one": "after", "three": "reset_and_this"}, ["level_one", "level_four"]),
        ({"three": False}, LEVELS),
    ],
)
def test_traceback_hide_rules(rules: dict[str, object], shown: list[str]) -> None:
    error = caught(lambda: level_one(rules))
    # skip=1 leaves out the lambda of this test.
    assert names(DebugTraceback(error, skip=2)) == shown
    assert names(DebugTraceback(error, skip=2, hide=False)) == LEVELS


def test_skip_leaves_out_outer_frames() -> None:
    error = caught(lambda: level_one({}))
    assert names(DebugTraceback(error))[:2] == ["caught", "<lambda>"]
    assert names(DebugTraceback(error, skip=3)) == LEVELS[1:]


def test_the_text_is_the_interpreters() -> None:
    error = caught(lambda: level_one({}))
    expected = "".join(traceback.format_exception(error))
    assert DebugTraceback(error, hide=False).render_traceback_text() == expected


def test_frames_keep_their_namespaces_and_evaluate_code() -> None:
    def inner() -> None:
        secret = "<kept>"  # noqa: F841
        raise KeyError("k")

    tb = DebugTraceback(caught(inner))
    frame = tb.all_frames[-1]
    assert isinstance(frame, DebugFrameSummary)
    assert frame.local_ns["secret"] == "<kept>"
    assert frame.global_ns is globals()
    assert frame.eval("secret") == (
        '>>> secret\n<span class="string">&#39;&lt;kept&gt;&#39;</span>'
    )
    frame.eval("doubled = secret * 2")
    assert "&lt;kept&gt;&lt;kept&gt;" in frame.eval("doubled")
    assert frame.console is frame.console


def test_chained_exceptions() -> None:
    def raise_from() -> None:
        try:
            {}["missing"]
        except KeyError as error:
            raise ValueError("converted") from error

    tb = DebugTraceback(caught(raise_from))
    messages = [message for message, _ in tb.all_tracebacks]
    assert messages == [
        "The above exception was the direct cause of the following exception",
        None,
    ]
    html = tb.render_traceback_html()
    assert html.count('<div class="exc-divider">') == 1
    # The first exception's line is shown where it happened.
    assert "KeyError: &#39;missing&#39;" in html
    assert (
        html.index("KeyError") < html.index("exc-divider") < html.rindex("ValueError")
    )

    def during() -> None:
        try:
            {}["missing"]
        except KeyError:
            raise ValueError("during")  # noqa: B904

    tb = DebugTraceback(caught(during))
    assert tb.all_tracebacks[0][0] == (
        "During handling of the above exception, another exception occurred"
    )

    def suppressed() -> None:
        try:
            {}["missing"]
        except KeyError:
            raise ValueError("alone") from None

    assert len(DebugTraceback(caught(suppressed)).all_tracebacks) == 1


def test_exception_groups() -> None:
    def first() -> None:
        raise ValueError("<first>")

    def second() -> None:
        try:
            raise OSError("inner")
        except OSError as error:
            raise TypeError("second") from error

    def group() -> None:
        raise ExceptionGroup("several", [caught(first), caught(second)])  # type: ignore[list-item]

    tb = DebugTraceback(caught(group))
    frame_names = names(tb)
    assert "group" in frame_names
    assert "first" in frame_names and "second" in frame_names
    assert all(isinstance(frame, DebugFrameSummary) for frame in tb.all_frames)

    html = tb.render_traceback_html()
    assert "Sub-exception 1 of 2" in html and "Sub-exception 2 of 2" in html
    assert "ValueError: &lt;first&gt;" in html
    assert "OSError: inner" in html and "TypeError: second" in html
    assert "ExceptionGroup: several (2 sub-exceptions)" in html

    text = tb.render_traceback_text()
    assert "ExceptionGroup: several (2 sub-exceptions)" in text
    assert "| ValueError: <first>" in text


def test_many_members_are_summed_up() -> None:
    def many() -> None:
        raise ExceptionGroup("many", [ValueError(str(n)) for n in range(20)])

    tb = DebugTraceback(caught(many))
    html = tb.render_traceback_html()
    title = '<p class="sub-title">Sub-exception'
    assert f"{title} 15 of 20</p>" in html
    assert f"{title} 16 of 20</p>" not in html
    assert "and 5 more sub-exceptions" in html


def test_codeop_frames_are_dropped() -> None:
    import codeop

    tb = DebugTraceback(caught(lambda: codeop.compile_command("1 +* 2")), skip=2)
    assert all(frame.module_name != "codeop" for frame in tb.all_frames)


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: t.Any) -> None:
        self.tags.append(tag)


@pytest.fixture
def evil_source() -> Iterator[str]:
    """A module whose file name, source and values all hold markup."""
    filename = "<img src=x onerror=alert(1)>.py"
    source = (
        "def run():\n"
        "    note = '<b>bold</b>'\n"
        "    raise ValueError('<script>alert(\"msg\")</script>') # <i>\n"
    )
    lines = source.splitlines(keepends=True)
    linecache.cache[filename] = (len(source), None, lines, filename)
    try:
        yield filename
    finally:
        linecache.cache.pop(filename, None)


def test_everything_shown_is_escaped(evil_source: str) -> None:
    namespace: dict[str, t.Any] = {"__name__": "evil", "__traceback_info__": "<u>"}
    exec(compile(open_source(evil_source), evil_source, "exec"), namespace)
    tb = DebugTraceback(caught(namespace["run"]))
    for html in (
        tb.render_traceback_html(),
        tb.render_debugger_html(evalex=True, secret="s3cr3t", evalex_trusted=False),
    ):
        visible = html.split("<!--")[0]
        parser = Tags()
        parser.feed(visible)
        assert not {"b", "i", "u", "img"} & set(parser.tags)
        assert parser.tags.count("script") in (0, 2)
        assert "&lt;script&gt;" in visible
        assert "&lt;b&gt;bold&lt;/b&gt;" in visible
        assert "&lt;img src=x onerror=alert(1)&gt;.py" in visible


def open_source(filename: str) -> str:
    return "".join(linecache.getlines(filename))


def test_the_comment_cannot_be_closed_early() -> None:
    error = ValueError("--> <script>alert(1)</script> <!-- -- --!>")
    try:
        raise error
    except ValueError:
        pass
    page = DebugTraceback(error).render_debugger_html(
        evalex=False, secret="s", evalex_trusted=False
    )
    comment = page[page.rindex("<!--") + 4 :]
    assert comment.endswith("-->\n")
    assert "--" not in comment[: -len("-->\n")]
    assert page.count("-->") == 1


def test_the_page_config() -> None:
    error = caught(lambda: level_one({}))
    page = DebugTraceback(error).render_debugger_html(
        evalex=True, secret="abc</script>", evalex_trusted=True
    )
    match = re.search(r'id="debugger-config">(.*?)</script>', page)
    assert match is not None
    assert json.loads(match.group(1)) == {
        "console": False,
        "evalex": True,
        "evalexTrusted": True,
        "secret": "abc</script>",
    }
    assert "<title>ValueError: at the bottom · rostzeug debugger</title>" in page


def test_the_failing_expression_is_marked() -> None:
    def call() -> None:
        values = {"ä": 1}
        values["ä"] + values["ö"]

    html = DebugTraceback(caught(call)).render_traceback_html()
    assert '<span class="expr">values[&#34;ö&#34;]</span>' in html
    assert re.search(r'<pre class="line current" data-lineno="\d+">', html)
    assert html.count('class="line current"') == len(re.findall(r'id="frame-', html))


def test_a_missing_source_is_said(monkeypatch: pytest.MonkeyPatch) -> None:
    error = caught(lambda: level_one({}))
    tb = DebugTraceback(error)
    monkeypatch.setattr(linecache, "getlines", lambda filename: [])
    html = tb.render_traceback_html()
    assert "The source is not available." in html
    assert "test_tbtools_module.py" in html


def test_library_frames_are_marked_when_mixed() -> None:
    tb = DebugTraceback(caught(lambda: json.loads("{")))
    frames = tb.all_frames
    assert frames[-1].is_library and not frames[0].is_library
    html = tb.render_traceback_html()
    assert 'class="frame library"' in html
    assert html.count('class="frame library"') == sum(f.is_library for f in frames)
    only_ours = DebugTraceback(caught(lambda: level_one({})))
    assert 'class="frame library"' not in only_ours.render_traceback_html()


def test_syntax_errors() -> None:
    tb = DebugTraceback(caught(lambda: compile("1 +* 2", "<input>", "exec")))
    html = tb.render_traceback_html()
    assert "<h3>Syntax Error</h3>" in html
    assert '<pre class="syntaxerror">' in html


def test_an_exception_without_frames() -> None:
    tb = DebugTraceback(ValueError("never raised"))
    assert tb.all_frames == []
    html = tb.render_traceback_html()
    assert "noframe-traceback" in html
    assert "ValueError: never raised" in html


def test_the_console_page() -> None:
    page = render_console_html(secret="xyz", evalex_trusted=False)
    assert "Interactive console" in page
    assert '"console": true' in page and '"secret": "xyz"' in page
    assert "console-host" in page


def test_traceback_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    error = caught(lambda: level_one({}))
    monkeypatch.setattr(sys, "tracebacklimit", 3, raising=False)
    assert names(DebugTraceback(error)) == ["caught", "<lambda>", "level_one"]


def test_the_heading_names_the_qualified_type_once() -> None:
    tb = DebugTraceback(caught(lambda: json.loads("{")))
    page = tb.render_debugger_html(evalex=False, secret="s", evalex_trusted=False)
    assert '<h1 class="exception-type">json.decoder.JSONDecodeError</h1>' in page
    assert '<p class="errormsg">Expecting property name' in page
