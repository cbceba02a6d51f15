"""``rostzeug.install_as_werkzeug`` and the ``ROSTZEUG_AS_WERKZEUG`` switch.

Each case runs in a fresh interpreter: what it checks is the state of
``sys.modules`` and ``sys.meta_path`` from the start of a process."""

from __future__ import annotations

import importlib.metadata
import os
import subprocess
import sys
import textwrap

import pytest


def run_python(
    code: str, switch: str | None = None
) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env.pop("ROSTZEUG_AS_WERKZEUG", None)
    if switch is not None:
        env["ROSTZEUG_AS_WERKZEUG"] = switch
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )


def test_werkzeug_modules_are_the_rostzeug_modules() -> None:
    result = run_python(
        """
        import rostzeug
        rostzeug.install_as_werkzeug()
        rostzeug.install_as_werkzeug()  # a second call changes nothing

        import werkzeug
        import werkzeug.datastructures
        from werkzeug.wrappers import Request
        from werkzeug.exceptions import NotFound
        import rostzeug.datastructures
        import rostzeug.exceptions
        import rostzeug.wrappers

        assert werkzeug is rostzeug
        assert werkzeug.datastructures is rostzeug.datastructures
        assert Request is rostzeug.wrappers.Request
        try:
            raise rostzeug.exceptions.NotFound()
        except NotFound as error:
            assert isinstance(error, NotFound)
        assert werkzeug.datastructures.__spec__.name == "rostzeug.datastructures"
        finders = [f for f in __import__("sys").meta_path
                   if type(f).__name__ == "WerkzeugAliasFinder"]
        assert len(finders) == 1, finders
        print("ok")
        """
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


def test_pickles_made_with_werkzeug_class_paths_load_as_rostzeug() -> None:
    result = run_python(
        """
        import pickle
        import rostzeug
        from rostzeug.datastructures import MultiDict

        data = pickle.dumps(MultiDict([("a", "1"), ("a", "2")]), protocol=0)
        # The same pickle as Werkzeug would write it.
        data = data.replace(b"rostzeug.datastructures", b"werkzeug.datastructures")
        assert b"werkzeug.datastructures" in data
        rostzeug.install_as_werkzeug()
        loaded = pickle.loads(data)
        assert type(loaded) is MultiDict, type(loaded)
        assert loaded.getlist("a") == ["1", "2"]
        print("ok")
        """
    )
    assert result.returncode == 0, result.stderr


def test_distribution_metadata_still_answers_for_werkzeug() -> None:
    result = run_python(
        """
        import importlib.metadata
        import rostzeug
        rostzeug.install_as_werkzeug()
        import werkzeug
        print(importlib.metadata.version("werkzeug"))
        """
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == importlib.metadata.version("werkzeug")


def test_refuses_when_werkzeug_is_already_imported() -> None:
    result = run_python(
        """
        import werkzeug
        import rostzeug
        try:
            rostzeug.install_as_werkzeug()
        except RuntimeError as error:
            print(error)
        else:
            print("installed")
        """
    )
    assert result.returncode == 0, result.stderr
    message = result.stdout.strip()
    assert message.startswith("Werkzeug is already imported (werkzeug")
    assert "before anything imports werkzeug" in message
    assert "ROSTZEUG_AS_WERKZEUG=1" in message


def test_a_module_rostzeug_lacks_is_not_taken_from_werkzeug() -> None:
    result = run_python(
        """
        import rostzeug
        rostzeug.install_as_werkzeug()
        try:
            import werkzeug.no_such_module
        except ModuleNotFoundError as error:
            print(error.name, "|", error)
        """
    )
    assert result.returncode == 0, result.stderr
    name, message = result.stdout.strip().split(" | ")
    assert name == "werkzeug.no_such_module"
    assert "'rostzeug.no_such_module'" in message
    assert "imported as 'werkzeug.no_such_module'" in message


def test_uninstall_stops_the_aliasing() -> None:
    result = run_python(
        """
        import sys
        import rostzeug
        from rostzeug._alias import uninstall_as_werkzeug
        rostzeug.install_as_werkzeug()
        uninstall_as_werkzeug()
        import werkzeug
        print(werkzeug is rostzeug)
        """
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


@pytest.mark.parametrize(("switch", "expected"), [("1", "True"), ("0", "False")])
def test_the_environment_variable_switches_at_startup(
    switch: str, expected: str
) -> None:
    # The .pth file installed beside the package reads the variable when the
    # interpreter starts, before this code runs.
    result = run_python(
        """
        import werkzeug
        import rostzeug
        print(werkzeug is rostzeug)
        """,
        switch=switch,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == expected


def test_without_the_variable_startup_imports_nothing_of_rostzeug() -> None:
    result = run_python(
        """
        import sys
        print(sorted(name for name in sys.modules if name.startswith("rostzeug")))
        """
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
