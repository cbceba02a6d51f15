from __future__ import annotations

import io
import pstats
import re
import typing as t
from pathlib import Path

import pytest

from rostzeug.middleware.profiler import ProfilerMiddleware
from rostzeug.test import Client


def busy_function_for_profiling() -> int:
    return sum(range(1000))


def app(environ: dict[str, t.Any], start_response: t.Any) -> t.Iterator[bytes]:
    write = start_response("200 OK", [("Content-Type", "text/plain")])
    write(b"written ")
    yield str(busy_function_for_profiling()).encode()
    yield b" done"


def test_stats_are_printed_to_stream() -> None:
    stream = io.StringIO()
    client = Client(ProfilerMiddleware(app, stream=stream))
    response = client.get("/some/page")

    assert response.status_code == 200
    assert response.get_data() == b"written 499500 done"
    output = stream.getvalue()
    lines = output.splitlines()
    assert lines[0] == "-" * 80
    assert lines[1] == "PATH: '/some/page'"
    assert "busy_function_for_profiling" in output
    assert output.endswith("-" * 80 + "\n\n")


def test_restrictions_limit_printed_lines() -> None:
    stream = io.StringIO()
    client = Client(
        ProfilerMiddleware(app, stream=stream, restrictions=("no_such_function_xyz",))
    )
    client.get("/")
    assert "busy_function_for_profiling" not in stream.getvalue()


def test_sort_by_is_used() -> None:
    stream = io.StringIO()
    client = Client(ProfilerMiddleware(app, stream=stream, sort_by=("ncalls",)))
    client.get("/")
    assert "Ordered by: call count" in stream.getvalue()


def test_no_stream_prints_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    client = Client(ProfilerMiddleware(app, stream=None, profile_dir=str(tmp_path)))
    assert client.get("/").get_data() == b"written 499500 done"
    assert capsys.readouterr().out == ""


@pytest.mark.parametrize(
    ("method", "path", "prefix"),
    [
        ("GET", "/", "GET.root."),
        ("POST", "/a/b/c/", "POST.a.b.c."),
        ("GET", "/page", "GET.page."),
    ],
)
def test_default_filename_format(
    tmp_path: Path, method: str, path: str, prefix: str
) -> None:
    client = Client(ProfilerMiddleware(app, stream=None, profile_dir=str(tmp_path)))
    client.open(path, method=method)

    files = list(tmp_path.iterdir())
    assert len(files) == 1
    name = files[0].name
    assert name.startswith(prefix)
    assert re.fullmatch(r"\d+ms\.\d+\.prof", name[len(prefix) :]), name
    # The file holds real profile data.
    stats = pstats.Stats(str(files[0]))
    functions = {func[2] for func in stats.stats}  # type: ignore[attr-defined]
    assert "busy_function_for_profiling" in functions


def test_string_filename_format(tmp_path: Path) -> None:
    client = Client(
        ProfilerMiddleware(
            app,
            stream=None,
            profile_dir=str(tmp_path),
            filename_format="{method}-{path}.pstats",
        )
    )
    client.get("/x/y")
    assert [p.name for p in tmp_path.iterdir()] == ["GET-x.y.pstats"]


def test_callable_filename_format(tmp_path: Path) -> None:
    seen: list[dict[str, t.Any]] = []

    def name_profile(environ: dict[str, t.Any]) -> str:
        seen.append(environ["werkzeug.profiler"])
        return f"{environ['REQUEST_METHOD'].lower()}-{len(seen)}.prof"

    client = Client(
        ProfilerMiddleware(
            app, stream=None, profile_dir=str(tmp_path), filename_format=name_profile
        )
    )
    client.get("/")
    client.put("/")

    assert sorted(p.name for p in tmp_path.iterdir()) == ["get-1.prof", "put-2.prof"]
    for info in seen:
        assert set(info) == {"elapsed", "time"}
        assert info["elapsed"] >= 0
        assert info["time"] > 1_000_000_000


def test_app_iter_is_closed() -> None:
    closed: list[bool] = []

    class Body:
        def __iter__(self) -> t.Iterator[bytes]:
            return iter([b"a", b"b"])

        def close(self) -> None:
            closed.append(True)

    def closing_app(environ: dict[str, t.Any], start_response: t.Any) -> Body:
        start_response("200 OK", [])
        return Body()

    client = Client(ProfilerMiddleware(closing_app, stream=None))
    assert client.get("/").get_data() == b"ab"
    assert closed == [True]
