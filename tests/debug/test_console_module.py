"""rostzeug.debug.console: what a console line returns, blocks, errors,
the output stream per thread, and the dump() and help() helpers."""

from __future__ import annotations

import contextvars
import sys
import threading

import pytest
from markupsafe import escape

from rostzeug.debug import console
from rostzeug.debug.console import Console
from rostzeug.debug.console import HTMLStringO
from rostzeug.debug.console import ThreadedStream


@pytest.fixture(autouse=True)
def _our_display_hook(monkeypatch: pytest.MonkeyPatch) -> None:
    # Another debugger imported in the same process may have put its own
    # hook first; the console needs this module's.
    monkeypatch.setattr(sys, "displayhook", ThreadedStream.displayhook)


def test_an_expression_shows_its_value() -> None:
    assert Console().eval("1 + 1") == '>>> 1 + 1\n<span class="number">2</span>'
    assert Console().eval("[x for x in range(3)]") == (
        '>>> [x for x in range(3)]\n[<span class="number">0</span>,'
        ' <span class="number">1</span>, <span class="number">2</span>]'
    )


def test_statements_and_printing() -> None:
    shell = Console()
    assert shell.eval("x = '<b>'") == ">>> x = &#39;&lt;b&gt;&#39;\n"
    assert shell.eval("print(x)") == ">>> print(x)\n&lt;b&gt;\n"
    assert shell.eval("x") == ('>>> x\n<span class="string">&#39;&lt;b&gt;&#39;</span>')
    assert shell.eval("None") == ">>> None\n"
    # The last value is "_".
    shell.eval("40 + 2")
    assert shell.eval("_") == '>>> _\n<span class="number">42</span>'


def test_blocks_continue_until_an_empty_line() -> None:
    shell = Console()
    assert shell.eval("def double(n):") == ">>> def double(n):\n"
    assert shell.eval("    total = n * 2") == "...     total = n * 2\n"
    assert shell.eval("    return total") == "...     return total\n"
    assert shell.eval("") == "... \n"
    assert shell.eval("double(21)") == (
        '>>> double(21)\n<span class="number">42</span>'
    )


def test_functions_see_the_console_namespace() -> None:
    shell = Console()
    shell.eval("y = 5")
    shell.eval("get = lambda: y")
    assert shell.eval("get()").endswith('<span class="number">5</span>')


def test_the_namespace_starts_with_globals_then_locals() -> None:
    shell = Console({"a": "global", "b": "global"}, {"b": "local"})
    assert "global" in shell.eval("a")
    assert "local" in shell.eval("b")
    assert "function dump" in shell.eval("dump")
    assert "Type help(object)" in shell.eval("help")


def test_errors_show_a_traceback_without_the_consoles_frames() -> None:
    shell = Console()
    output = shell.eval("1 / 0")
    assert output.startswith('>>> 1 / 0\n<div class="traceback">')
    assert "ZeroDivisionError: division by zero" in output
    assert "runcode" not in output and "code.py" not in output
    # The console goes on.
    assert shell.eval("2").endswith('<span class="number">2</span>')


def test_exit_does_not_end_the_thread() -> None:
    shell = Console()
    assert "SystemExit" in shell.eval("raise SystemExit(3)")
    assert shell.eval("3").endswith('<span class="number">3</span>')


def test_syntax_errors_show_no_frames() -> None:
    output = Console().eval("1 +* <2>")
    assert "Syntax Error" in output
    assert '<pre class="syntaxerror">' in output
    assert "&lt;2&gt;" in output and "<2>" not in output
    assert 'class="frame' not in output


def test_stdout_is_restored() -> None:
    before = sys.stdout
    Console().eval("print('x')")
    assert sys.stdout is before


def test_threads_have_their_own_output() -> None:
    results: dict[int, str] = {}
    barrier = threading.Barrier(4)

    def run(number: int) -> None:
        shell = Console()
        barrier.wait()
        loop = f"for i in range(200): print({number}, end='')"
        assert shell.eval(loop) == f">>> {escape(loop)}\n"
        results[number] = shell.eval("")

    threads = [threading.Thread(target=run, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [0, 1, 2, 3]
    for number, output in results.items():
        assert output == f"... \n{str(number) * 200}"


def test_html_string_o() -> None:
    stream = HTMLStringO()
    stream.write("<a>")
    stream._write("<b>")
    stream.writelines(["&", "'"])
    assert not stream.isatty()
    assert stream.readline() == "&lt;a&gt;"
    assert stream.reset() == "<b>&amp;&#39;"
    assert stream.reset() == ""
    assert stream.readline() == ""


def test_threaded_stream_outside_a_console(capsys: pytest.CaptureFixture[str]) -> None:
    def fresh() -> str:
        return ThreadedStream.fetch()

    assert contextvars.Context().run(fresh) == ""
    with pytest.raises(AttributeError, match="read-only"):
        ThreadedStream().anything = 1  # type: ignore[attr-defined]


def test_the_original_display_hook_is_kept() -> None:
    assert console._displayhook is not ThreadedStream.displayhook
    assert callable(console._displayhook)


def test_dump_lists_variables_and_attributes() -> None:
    shell = Console({}, {"item": "<i>"})
    output = shell.eval("dump()")
    assert "Local variables in frame" in output
    assert "<th>item</th>" in output and "&lt;i&gt;" in output
    output = shell.eval("dump([1])")
    assert "Details for list object at" in output
    assert "<th>append</th>" in output


def test_help_shows_pydoc_text() -> None:
    shell = Console()
    output = shell.eval("help(len)")
    assert "<h3>Help on built-in function len in module builtins:</h3>" in output
    assert "Return the number of items in a container." in output
    output = shell.eval("help()")
    assert (
        '<span class="help">Type help(object) for help about object.</span>' in output
    )
