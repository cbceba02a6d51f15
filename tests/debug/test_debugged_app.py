"""DebuggedApplication: the page on an error, the PIN and its cookie, the
lock-out, the trusted hosts, the __debugger__ commands and the standalone
console, through the test client."""

from __future__ import annotations

import io
import json
import logging
import os
import re
import subprocess
import sys
import textwrap
import time
import types
import typing as t
from html.parser import HTMLParser

import pytest

import rostzeug.debug
from rostzeug.debug import PIN_TIME
from rostzeug.debug import DebuggedApplication
from rostzeug.debug import get_machine_id
from rostzeug.debug import get_pin_and_cookie_name
from rostzeug.debug import hash_pin
from rostzeug.test import Client
from rostzeug.test import TestResponse
from rostzeug.test import create_environ
from rostzeug.wrappers import Request
from rostzeug.wrappers import Response

PIN = "123-456-789"


@Request.application
def failing_app(request: Request) -> Response:
    basket = {"<b>item</b>": 2}  # noqa: F841 (a local the console reads)
    if request.path == "/fine":
        return Response("fine")
    raise LookupError("no <script>alert('price')</script> for it")


class Sleeps:
    """Records the delays after wrong PINs instead of waiting them out."""

    def __init__(self) -> None:
        self.delays: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)


@pytest.fixture
def sleeps(monkeypatch: pytest.MonkeyPatch) -> Sleeps:
    recorder = Sleeps()
    # Only the debugger's clock: the server and the waits of the test
    # keep the real one.
    clock = types.SimpleNamespace(time=time.time, sleep=recorder)
    monkeypatch.setattr(rostzeug.debug, "time", clock)
    return recorder


@pytest.fixture(autouse=True)
def _no_pin_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("WERKZEUG_DEBUG_PIN", raising=False)
    monkeypatch.delenv("WERKZEUG_RUN_MAIN", raising=False)


def debugged(**kwargs: t.Any) -> DebuggedApplication:
    kwargs.setdefault("evalex", True)
    app = DebuggedApplication(failing_app, **kwargs)
    app.pin = PIN
    return app


def config_of(page: str) -> dict[str, t.Any]:
    match = re.search(
        r'<script type="application/json" id="debugger-config">(.*?)</script>', page
    )
    assert match is not None
    return t.cast(dict[str, t.Any], json.loads(match.group(1)))


def frame_ids(page: str) -> list[int]:
    return [int(found) for found in re.findall(r'id="frame-(\d+)"', page)]


def command(
    client: Client, app: DebuggedApplication, **args: str | int
) -> TestResponse:
    query = {"__debugger__": "yes", "s": app.secret, **args}
    return client.get("/", query_string=query)


def unlock(client: Client, app: DebuggedApplication) -> TestResponse:
    response = command(client, app, cmd="pinauth", pin=PIN)
    assert response.json == {"auth": True, "exhausted": False}
    return response


def crash(client: Client, path: str = "/", host: str = "localhost") -> str:
    response = client.get(path, base_url=f"http://{host}/")
    assert response.status_code == 500
    assert response.mimetype == "text/html"
    return response.get_data(as_text=True)


# -- the PIN ------------------------------------------------------------------


def test_the_pin_and_cookie_name_are_werkzeugs() -> None:
    # The same inputs give the PIN Werkzeug gives, so a PIN a user knows
    # keeps working; checked against the installed Werkzeug in a process of
    # its own.
    code = textwrap.dedent(
        """
        import json, os, sys
        sys.path.insert(0, "tests/debug")
        import werkzeug.debug as reference
        import rostzeug.debug as ours
        from test_debugged_app import failing_app

        class Callable:
            def __call__(self, environ, start_response):
                return []

        results = []
        for configured in (None, "987654321", "12345678", "1234567", "12-34", "x1"):
            if configured is None:
                os.environ.pop("WERKZEUG_DEBUG_PIN", None)
            else:
                os.environ["WERKZEUG_DEBUG_PIN"] = configured
            for app in (failing_app, Callable()):
                results.append([
                    list(reference.get_pin_and_cookie_name(app)),
                    list(ours.get_pin_and_cookie_name(app)),
                ])
        pin = "123-456-789"
        results.append([reference.hash_pin(pin), ours.hash_pin(pin)])
        results.append([reference.get_machine_id(), ours.get_machine_id()])
        print(json.dumps(results, default=repr))
        """
    )
    env = {k: v for k, v in os.environ.items() if k != "ROSTZEUG_AS_WERKZEUG"}
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    pairs = json.loads(result.stdout)
    assert len(pairs) == 14
    for reference, ours in pairs:
        assert ours == reference
    generated = pairs[0][1][0]
    assert re.fullmatch(r"\d{3}-\d{3}-\d{3}", generated)


@pytest.mark.parametrize(
    ("configured", "expected"),
    [
        ("123456789", "123-456-789"),
        ("12345678", "1234-5678"),
        ("1234567890", "12345-67890"),
        ("1234567", "1234567"),
        ("12-345", "12-345"),
    ],
)
def test_the_pin_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, configured: str, expected: str
) -> None:
    monkeypatch.setenv("WERKZEUG_DEBUG_PIN", configured)
    pin, cookie_name = get_pin_and_cookie_name(failing_app)
    assert pin == expected
    assert cookie_name is not None and re.fullmatch(r"__wzd[0-9a-f]{20}", cookie_name)
    assert DebuggedApplication(failing_app).pin == expected


def test_a_pin_that_is_not_a_number_is_ignored(monkeypatch: pytest.MonkeyPatch) -> None:
    generated = get_pin_and_cookie_name(failing_app)
    monkeypatch.setenv("WERKZEUG_DEBUG_PIN", "letmein")
    assert get_pin_and_cookie_name(failing_app) == generated
    assert generated[0] is not None
    assert re.fullmatch(r"\d{3}-\d{3}-\d{3}", generated[0])


def test_the_pin_can_be_turned_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WERKZEUG_DEBUG_PIN", "off")
    assert get_pin_and_cookie_name(failing_app) == (None, None)
    app = DebuggedApplication(failing_app, evalex=True)
    assert app.pin is None
    assert app.check_pin_trust(create_environ()) is True
    # Without a PIN every trusted-host browser may use the console.
    client = Client(app)
    ids = frame_ids(crash(client))
    assert b"number" in command(client, app, cmd="1 + 1", frm=ids[-1]).data


def test_the_pin_is_stable_and_the_cookie_name_depends_on_the_app() -> None:
    @Request.application
    def other_app(request: Request) -> Response:
        return Response("")

    first = get_pin_and_cookie_name(failing_app)
    assert get_pin_and_cookie_name(failing_app) == first
    assert get_pin_and_cookie_name(other_app)[1] != first[1]


def test_pin_security_off() -> None:
    app = DebuggedApplication(failing_app, evalex=True, pin_security=False)
    assert app.pin is None
    assert app.pin_cookie_name.startswith("__wzd")


def test_hash_pin_is_a_short_hex_digest() -> None:
    assert re.fullmatch(r"[0-9a-f]{12}", hash_pin(PIN))
    assert hash_pin(PIN) != hash_pin("123-456-780")


def test_the_machine_id_is_read_once() -> None:
    machine_id = get_machine_id()
    if sys.platform.startswith("linux"):
        assert isinstance(machine_id, bytes) and machine_id
    assert get_machine_id() is machine_id


# -- PIN authentication ---------------------------------------------------------


def test_a_right_pin_sets_the_cookie_and_unlocks_the_console(sleeps: Sleeps) -> None:
    app = debugged()
    client = Client(app)
    ids = frame_ids(crash(client))
    assert config_of(crash(client))["evalexTrusted"] is False

    # Without the cookie, no command runs: the request goes to the app.
    response = command(client, app, cmd="basket", frm=ids[-1])
    assert response.status_code == 500
    assert not response.data.startswith(b">>> basket")

    response = command(client, app, cmd="pinauth", pin=" 123456789 ")
    assert response.json == {"auth": True, "exhausted": False}
    header = response.headers["Set-Cookie"]
    assert header.startswith(f"{app.pin_cookie_name}=")
    assert "HttpOnly" in header and "SameSite=Strict" in header
    assert "Max-Age" not in header and "Secure" not in header
    cookie = client.get_cookie(app.pin_cookie_name)
    assert cookie is not None
    stamp, _, pin_hash = cookie.value.partition("|")
    assert pin_hash == hash_pin(PIN)
    assert abs(int(stamp) - time.time()) < 60
    assert sleeps.delays == []

    response = command(client, app, cmd="basket", frm=ids[-1])
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    text = response.get_data(as_text=True)
    assert text.startswith(">>> basket\n")
    assert "&lt;b&gt;item&lt;/b&gt;" in text and "<b>" not in text
    assert config_of(crash(client))["evalexTrusted"] is True


def test_the_cookie_is_secure_over_https(sleeps: Sleeps) -> None:
    app = debugged()
    client = Client(app)
    response = client.get(
        "/",
        base_url="https://localhost/",
        query_string={
            "__debugger__": "yes",
            "cmd": "pinauth",
            "pin": PIN,
            "s": app.secret,
        },
    )
    assert response.json == {"auth": True, "exhausted": False}
    assert "Secure" in response.headers["Set-Cookie"]


def test_a_wrong_pin_is_refused_after_a_delay(sleeps: Sleeps) -> None:
    app = debugged()
    client = Client(app)
    response = command(client, app, cmd="pinauth", pin="111-111-111")
    assert response.json == {"auth": False, "exhausted": False}
    assert "Set-Cookie" not in response.headers
    assert sleeps.delays == [0.5]
    # A missing PIN is a wrong one, not an error.
    assert command(client, app, cmd="pinauth").json == {
        "auth": False,
        "exhausted": False,
    }


def test_ten_wrong_pins_lock_the_console(sleeps: Sleeps) -> None:
    app = debugged()
    client = Client(app)
    ids = frame_ids(crash(client))
    unlock(client, app)  # this browser logged in before the guessing
    stranger = Client(app)
    for _ in range(10):
        response = command(stranger, app, cmd="pinauth", pin="000000000")
        assert response.json == {"auth": False, "exhausted": False}
    # Half a second for the first six failures, then five seconds each.
    assert sleeps.delays == [0.5] * 6 + [5.0] * 4

    response = command(stranger, app, cmd="pinauth", pin=PIN)
    assert response.json == {"auth": False, "exhausted": True}
    assert "Set-Cookie" not in response.headers
    # Cookies no longer count either, until the server restarts.
    assert command(client, app, cmd="1 + 1", frm=ids[-1]).status_code == 500
    response = command(client, app, cmd="pinauth", pin=PIN)
    assert response.json == {"auth": False, "exhausted": True}
    assert config_of(crash(client))["evalexTrusted"] is False
    assert sleeps.delays == [0.5] * 6 + [5.0] * 4


def test_a_right_pin_resets_the_failure_count(sleeps: Sleeps) -> None:
    app = debugged()
    client = Client(app)
    for _ in range(9):
        command(client, app, cmd="pinauth", pin="1")
    unlock(client, app)
    client.delete_cookie(app.pin_cookie_name)
    for _ in range(9):
        assert command(client, app, cmd="pinauth", pin="1").json == {
            "auth": False,
            "exhausted": False,
        }
    unlock(client, app)


def test_a_cookie_of_another_pin_counts_as_a_failure(sleeps: Sleeps) -> None:
    app = debugged()
    client = Client(app)
    stale = f"{int(time.time())}|{hash_pin('999')}"
    environ = create_environ(headers={"Cookie": f"{app.pin_cookie_name}={stale}"})
    assert app.check_pin_trust(environ) is None
    client.set_cookie(app.pin_cookie_name, stale)
    response = command(client, app, cmd="pinauth", pin=PIN)
    assert response.json == {"auth": False, "exhausted": False}
    assert sleeps.delays == [0.5]
    assert client.get_cookie(app.pin_cookie_name) is None  # deleted


@pytest.mark.parametrize(
    "value",
    [
        "",
        "no-bar",
        "notanumber|{hash}",
        "-5|{hash}",
        "1" * 25 + "|{hash}",
        "{old}|{hash}",
    ],
)
def test_cookies_that_do_not_authenticate(value: str) -> None:
    app = debugged()
    old = int(time.time() - PIN_TIME - 10)
    cookie = value.format(hash=hash_pin(PIN), old=old)
    environ = create_environ(headers={"Cookie": f"{app.pin_cookie_name}={cookie}"})
    assert app.check_pin_trust(environ) is False


def test_a_fresh_cookie_authenticates() -> None:
    app = debugged()
    recent = int(time.time() - PIN_TIME + 60)
    environ = create_environ(
        headers={"Cookie": f"{app.pin_cookie_name}={recent}|{hash_pin(PIN)}"}
    )
    assert app.check_pin_trust(environ) is True


def test_printpin_logs_the_pin(caplog: pytest.LogCaptureFixture) -> None:
    app = debugged()
    client = Client(app)
    with caplog.at_level(logging.INFO, logger="werkzeug"):
        response = command(client, app, cmd="printpin")
    assert response.status_code == 200 and response.data == b""
    assert f"Debugger pin code: {PIN}" in caplog.text

    caplog.clear()
    quiet = debugged(pin_logging=False)
    with caplog.at_level(logging.INFO, logger="werkzeug"):
        command(Client(quiet), quiet, cmd="printpin")
    assert PIN not in caplog.text


def test_the_pin_is_logged_at_start_under_the_reloader(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("WERKZEUG_DEBUG_PIN", "424242424")
    monkeypatch.setenv("WERKZEUG_RUN_MAIN", "true")
    with caplog.at_level(logging.INFO, logger="werkzeug"):
        DebuggedApplication(failing_app)
    assert "Debugger is active!" in caplog.text
    assert "Debugger PIN: 424-242-424" in caplog.text

    caplog.clear()
    monkeypatch.setenv("WERKZEUG_DEBUG_PIN", "off")
    with caplog.at_level(logging.INFO, logger="werkzeug"):
        DebuggedApplication(failing_app)
    assert "PIN disabled. DEBUGGER UNSECURED!" in caplog.text

    caplog.clear()
    monkeypatch.delenv("WERKZEUG_RUN_MAIN")
    with caplog.at_level(logging.INFO, logger="werkzeug"):
        DebuggedApplication(failing_app)
    assert caplog.text == ""


def test_commands_need_the_secret(sleeps: Sleeps) -> None:
    app = debugged()
    client = Client(app)
    ids = frame_ids(crash(client))
    unlock(client, app)
    for secret in ("", "wrong", app.secret[:-1]):
        query = {"__debugger__": "yes", "cmd": "1 + 1", "frm": ids[-1], "s": secret}
        assert client.get("/", query_string=query).status_code == 500
        query = {"__debugger__": "yes", "cmd": "pinauth", "pin": PIN, "s": secret}
        assert client.get("/", query_string=query).status_code == 500


@pytest.mark.parametrize("frame", ["", "x", "-1", "1" * 30, "١٢"])
def test_unknown_frames_run_nothing(frame: str, sleeps: Sleeps) -> None:
    app = debugged()
    client = Client(app)
    crash(client)
    unlock(client, app)
    assert command(client, app, cmd="1 + 1", frm=frame).status_code == 500


# -- trusted hosts --------------------------------------------------------------


def test_default_trusted_hosts() -> None:
    app = debugged()
    assert app.trusted_hosts == [".localhost", "127.0.0.1"]
    for host, trusted in [
        ("localhost", True),
        ("localhost:5000", True),
        ("app.localhost", True),
        ("127.0.0.1:8000", True),
        ("example.com", False),
        ("localhost.example.com", False),
        ("127.0.0.2", False),
        ("", False),
    ]:
        environ = create_environ()
        environ["HTTP_HOST"] = host
        assert app.check_host_trust(environ) is trusted, host


@pytest.mark.parametrize("cmd", ["pinauth", "printpin", "1 + 1"])
def test_foreign_hosts_get_400_for_commands(cmd: str, sleeps: Sleeps) -> None:
    app = debugged()
    client = Client(app)
    ids = frame_ids(crash(client))
    unlock(client, app)
    cookie = client.get_cookie(app.pin_cookie_name)
    assert cookie is not None
    foreign = Client(app)
    foreign.set_cookie(app.pin_cookie_name, cookie.value, domain="evil.example")
    response = foreign.get(
        "/",
        base_url="http://evil.example/",
        query_string={
            "__debugger__": "yes",
            "cmd": cmd,
            "pin": PIN,
            "frm": ids[-1],
            "s": app.secret,
        },
    )
    assert response.status_code == 400
    assert b"2</span>" not in response.data
    assert sleeps.delays == []


def test_foreign_hosts_get_no_console(sleeps: Sleeps) -> None:
    app = debugged()
    client = Client(app)
    page = crash(client)
    assert config_of(page)["evalex"] is True

    foreign = Client(app)
    page = crash(foreign, host="evil.example")
    assert config_of(page)["evalex"] is False
    assert "The console is not available here" in page
    assert foreign.get("/console", base_url="http://evil.example/").status_code == 400

    app.trusted_hosts.append("evil.example")
    assert config_of(crash(foreign, host="evil.example"))["evalex"] is True
    assert foreign.get("/console", base_url="http://evil.example/").status_code == 200


def test_the_console_is_off_unless_asked_for(sleeps: Sleeps) -> None:
    app = DebuggedApplication(failing_app)
    app.pin = PIN
    assert app.evalex is False
    client = Client(app)
    page = crash(client)
    assert config_of(page)["evalex"] is False
    ids = frame_ids(page)
    unlock(client, app)
    assert command(client, app, cmd="1 + 1", frm=ids[-1]).status_code == 500
    # The console path belongs to the application then.
    assert client.get("/console").status_code == 500


# -- the page and the commands ----------------------------------------------------


class TagCollector(HTMLParser):
    """The start tags of a page and their attributes; comments are skipped,
    as browsers skip them."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def test_the_page_escapes_what_it_shows(sleeps: Sleeps) -> None:
    app = debugged()
    client = Client(app)
    page = crash(client)
    parser = TagCollector()
    parser.feed(page)
    names = [tag for tag, _ in parser.tags]
    # Only the page's own two scripts, and no element the data could add.
    assert names.count("script") == 2
    assert "b" not in names and "img" not in names
    assert "no &lt;script&gt;alert(&#39;price&#39;)&lt;/script&gt; for it" in page
    # Every resource is the debugger's own, from the same origin.
    for _, attrs in parser.tags:
        for name in ("src", "href"):
            value = attrs.get(name)
            if value is not None:
                assert value.startswith("?__debugger__=yes&cmd=resource&f="), value
    assert "http://" not in page.split("<!--")[0]
    assert "https://" not in page.split("<!--")[0]


def test_the_page_shows_the_frames_and_the_text_traceback(sleeps: Sleeps) -> None:
    app = debugged()
    client = Client(app)
    page = crash(client)
    ids = frame_ids(page)
    assert ids and all(app.frames[frame_id] for frame_id in ids)
    assert "The debugger caught an exception in your WSGI application" in page
    assert '<h1 class="exception-type">LookupError</h1>' in page
    assert '<code class="function">failing_app</code>' in page
    config = config_of(page)
    assert config == {
        "console": False,
        "evalex": True,
        "evalexTrusted": False,
        "secret": app.secret,
    }
    # The text traceback, escaped in the page and plain in the comment.
    comment = page.rsplit("<!--", 1)[1]
    assert "Traceback (most recent call last):" in comment
    assert "LookupError: no <script>" in comment
    assert "--" not in comment.removesuffix("-->\n")


def test_the_traceback_goes_to_wsgi_errors(sleeps: Sleeps) -> None:
    app = debugged()
    errors = io.StringIO()
    environ = create_environ()
    environ["wsgi.errors"] = errors
    statuses: list[str] = []

    def start_response(status: str, headers: t.Any, exc_info: t.Any = None) -> t.Any:
        statuses.append(status)
        return lambda data: None

    body = b"".join(app(environ, start_response))
    assert statuses == ["500 INTERNAL SERVER ERROR"]
    assert b"LookupError" in body
    assert "Traceback (most recent call last):" in errors.getvalue()
    assert "LookupError: no <script>" in errors.getvalue()


def test_an_error_after_the_response_started() -> None:
    closed: list[bool] = []

    class Body:
        def __iter__(self) -> t.Iterator[bytes]:
            yield b"first part"
            raise RuntimeError("in the middle")

        def close(self) -> None:
            closed.append(True)

    def streaming(environ: t.Any, start_response: t.Any) -> Body:
        start_response("200 OK", [("Content-Type", "text/plain")])
        return Body()

    app = DebuggedApplication(streaming)
    errors = io.StringIO()
    environ = create_environ()
    environ["wsgi.errors"] = errors
    started: list[str] = []

    def start_response(status: str, headers: t.Any, exc_info: t.Any = None) -> t.Any:
        if started:
            raise AssertionError("headers already sent")
        started.append(status)
        return lambda data: None

    chunks = list(app(environ, start_response))
    assert chunks == [b"first part"]
    assert closed == [True]
    assert "headers were already sent" in errors.getvalue()
    assert "RuntimeError: in the middle" in errors.getvalue()


def test_requests_without_errors_pass_through() -> None:
    client = Client(debugged())
    response = client.get("/fine")
    assert response.status_code == 200 and response.data == b"fine"
    # The body is the application's to read.
    seen: list[bytes] = []

    def reader(environ: t.Any, start_response: t.Any) -> list[bytes]:
        seen.append(environ["wsgi.input"].read())
        start_response("200 OK", [])
        return []

    Client(DebuggedApplication(reader)).post(
        "/?__debugger__=yes&cmd=resource&f=nothing", data=b"payload"
    )
    Client(DebuggedApplication(reader)).post("/", data=b"payload")
    assert seen == [b"payload"]


def test_hidden_frames(sleeps: Sleeps) -> None:
    def helper() -> None:
        __traceback_hide__ = True
        raise ValueError("from the helper")

    @Request.application
    def app(request: Request) -> Response:
        helper()
        return Response("")

    page = crash(Client(DebuggedApplication(app)))
    assert '<code class="function">helper</code>' not in page
    page = crash(Client(DebuggedApplication(app, show_hidden_frames=True)))
    assert '<code class="function">helper</code>' in page


def test_preserve_context_wraps_console_commands(sleeps: Sleeps) -> None:
    events: list[str] = []

    class Context:
        def __enter__(self) -> None:
            events.append("enter")

        def __exit__(self, *args: object) -> None:
            events.append("exit")

    @Request.application
    def app(request: Request) -> Response:
        request.environ["werkzeug.debug.preserve_context"](Context())
        raise ValueError("with context")

    debugger = DebuggedApplication(app, evalex=True)
    debugger.pin = PIN
    client = Client(debugger)
    ids = frame_ids(crash(client))
    unlock(client, debugger)
    events.clear()
    response = command(client, debugger, cmd="print('inside')", frm=ids[-1])
    assert response.get_data(as_text=True) == ">>> print(&#39;inside&#39;)\ninside\n"
    assert events == ["enter", "exit"]

    def no_context(environ: t.Any, start_response: t.Any) -> t.Any:
        assert "werkzeug.debug.preserve_context" not in environ
        start_response("200 OK", [])
        return []

    Client(DebuggedApplication(no_context)).get("/")


def test_each_frame_keeps_its_console(sleeps: Sleeps) -> None:
    app = debugged()
    client = Client(app)
    ids = frame_ids(crash(client))
    unlock(client, app)
    command(client, app, cmd="answer = 42", frm=ids[-1])
    assert "42" in command(client, app, cmd="answer", frm=ids[-1]).get_data(
        as_text=True
    )
    other = command(client, app, cmd="answer", frm=ids[0]).get_data(as_text=True)
    assert "NameError" in other


# -- resources and the standalone console --------------------------------------


@pytest.mark.parametrize(
    ("name", "mimetype", "marker"),
    [
        ("style.css", "text/css", b".console"),
        ("debugger.js", "text/javascript", b"debugger-config"),
        ("console.svg", "image/svg+xml", b"<svg"),
    ],
)
def test_resources(name: str, mimetype: str, marker: bytes) -> None:
    client = Client(debugged())
    query = {"__debugger__": "yes", "cmd": "resource", "f": name}
    response = client.get("/any/path", query_string=query)
    assert response.status_code == 200
    assert response.mimetype == mimetype
    assert marker in response.data
    etag = response.headers["ETag"]
    again = client.get("/any/path", query_string=query, headers={"If-None-Match": etag})
    assert again.status_code == 304


@pytest.mark.parametrize(
    "name", ["../__init__.py", "__init__.py", "shared/style.css", "missing.png", ".."]
)
def test_other_resources_are_not_found(name: str) -> None:
    client = Client(debugged())
    query = {"__debugger__": "yes", "cmd": "resource", "f": name}
    assert client.get("/", query_string=query).status_code == 404


def test_the_standalone_console(sleeps: Sleeps) -> None:
    calls: list[int] = []

    def init() -> dict[str, t.Any]:
        calls.append(1)
        return {"greeting": "<hello>"}

    app = debugged(console_init_func=init)
    client = Client(app)
    response = client.get("/console")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert config_of(page) == {
        "console": True,
        "evalex": True,
        "evalexTrusted": False,
        "secret": app.secret,
    }
    client.get("/console")
    assert calls == [1]
    unlock(client, app)
    assert config_of(client.get("/console").get_data(as_text=True))["evalexTrusted"]
    output = command(client, app, cmd="greeting", frm=0).get_data(as_text=True)
    assert "&#39;&lt;hello&gt;&#39;" in output
    output = command(client, app, cmd="app", frm=0).get_data(as_text=True)
    assert "failing_app" in output


def test_the_console_path_can_be_moved_or_removed() -> None:
    client = Client(debugged(console_path="/_shell"))
    assert client.get("/_shell").status_code == 200
    assert client.get("/console").status_code == 500
    client = Client(debugged(console_path=None))  # type: ignore[arg-type]
    assert client.get("/console").status_code == 500
