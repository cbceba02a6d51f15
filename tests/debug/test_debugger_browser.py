"""The debugger in a real browser: headless Chromium driven by Selenium,
against a DebuggedApplication served on 127.0.0.1 by rostzeug's threaded
server.

Needs Debian's ``chromium`` and ``chromium-driver`` packages; without them
the tests are skipped, and the skip says so. A screenshot of the page with
an open console is saved under pytest's temporary directory, and its path
printed.
"""

from __future__ import annotations

import http.client
import time
import types
import typing as t
from collections.abc import Callable
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest

import rostzeug.debug
from rostzeug.debug import DebuggedApplication
from rostzeug.wrappers import Request
from rostzeug.wrappers import Response
from tests.browser import headless_chromium
from tests.browser import needs_chromium

pytestmark = needs_chromium("the debugger's browser test")

webdriver = pytest.importorskip("selenium.webdriver")
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.remote.webdriver import WebDriver  # noqa: E402
from selenium.webdriver.remote.webelement import WebElement  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

PIN = "314-159-265"
FOREIGN_HOST = "shop.example"  # resolved to 127.0.0.1 by the browser only
WAIT = 15  # seconds for any one thing to appear


def price_of(catalogue: dict[str, float], name: str) -> float:
    return catalogue[name]


def checkout(basket: dict[str, int]) -> float:
    catalogue = {"apple": 0.4, "<b>pear</b>": 0.6}
    total = 0.0
    for name, count in basket.items():
        total += price_of(catalogue, name) * count
    return total


@Request.application
def shop(request: Request) -> Response:
    basket = {"apple": 3, "<i>quince</i>": 1}
    try:
        return Response(f"total: {checkout(basket)}")
    except KeyError as error:
        raise RuntimeError(f"checkout failed for basket {sorted(basket)}") from error


class Recorder:
    def __init__(self) -> None:
        self.delays: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)


@pytest.fixture
def delays(monkeypatch: pytest.MonkeyPatch) -> Recorder:
    # The server runs in this process: record the delays after wrong PINs
    # instead of waiting them out (23 seconds for ten).
    recorder = Recorder()
    # Only the debugger's clock: the server and the waits of the test
    # keep the real one.
    clock = types.SimpleNamespace(time=time.time, sleep=recorder)
    monkeypatch.setattr(rostzeug.debug, "time", clock)
    return recorder


@pytest.fixture
def debugger(serve: Callable[[object], str]) -> tuple[DebuggedApplication, str]:
    app = DebuggedApplication(shop, evalex=True)
    app.pin = PIN
    return app, serve(app)


@pytest.fixture(scope="module")
def browser() -> Iterator[WebDriver]:
    with headless_chromium(
        "1280,1100", f"--host-resolver-rules=MAP {FOREIGN_HOST} 127.0.0.1"
    ) as driver:
        yield driver


def wait_for(driver: WebDriver, condition: Callable[[WebDriver], t.Any]) -> t.Any:
    return WebDriverWait(driver, WAIT).until(condition)


def load(driver: WebDriver, url: str) -> None:
    """Opens the page as a browser that never entered the PIN: the cookie
    of an earlier test would still be valid (it names no port)."""
    driver.get(url)
    driver.delete_all_cookies()
    driver.get(url)
    wait_for(driver, lambda d: d.find_elements(By.CSS_SELECTOR, ".traceback .frame"))


def script_errors(driver: WebDriver) -> list[str]:
    # The page itself answers 500 on purpose; only script errors count.
    return [
        entry["message"]
        for entry in driver.get_log("browser")
        if entry["level"] == "SEVERE" and entry.get("source") != "network"
    ]


def open_console(driver: WebDriver, frame: WebElement) -> None:
    frame.find_element(By.CSS_SELECTOR, ".console-button").click()
    wait_for(
        driver, lambda d: d.find_element(By.CSS_SELECTOR, ".pin-prompt").is_displayed()
    )


def enter_pin(driver: WebDriver, pin: str) -> None:
    field = driver.find_element(By.ID, "pin-input")
    field.clear()
    field.send_keys(pin)
    driver.find_element(By.CSS_SELECTOR, ".pin-form button[type=submit]").click()


def run_in_console(driver: WebDriver, console: WebElement, line: str) -> WebElement:
    before = len(console.find_elements(By.CSS_SELECTOR, ".console-entry"))
    console.find_element(By.CSS_SELECTOR, "input").send_keys(line + "\n")
    wait_for(
        driver,
        lambda d: (
            len(console.find_elements(By.CSS_SELECTOR, ".console-entry")) > before
        ),
    )
    return console.find_elements(By.CSS_SELECTOR, ".console-entry")[-1]


def test_the_traceback_page_renders_with_its_frames(
    browser: WebDriver, debugger: tuple[DebuggedApplication, str]
) -> None:
    _, url = debugger
    load(browser, f"{url}/checkout")
    assert browser.title.startswith("RuntimeError: checkout failed")
    heading = browser.find_element(By.CSS_SELECTOR, "h1.exception-type")
    assert heading.text == "RuntimeError"
    message = browser.find_element(By.CSS_SELECTOR, ".errormsg").text
    assert "<i>quince</i>" in message  # shown as text, not as markup
    assert not browser.find_elements(By.CSS_SELECTOR, ".banner i, .source b")

    frames = browser.find_elements(By.CSS_SELECTOR, ".traceback .frame")
    functions = [
        frame.find_element(By.CSS_SELECTOR, ".function").text for frame in frames
    ]
    for name in ("checkout", "price_of", "shop"):
        assert name in functions
    assert len(browser.find_elements(By.CSS_SELECTOR, ".console-button")) == len(frames)
    current = frames[functions.index("price_of")].find_element(
        By.CSS_SELECTOR, "pre.current"
    )
    assert "return catalogue[name]" in current.text
    assert browser.find_element(By.CSS_SELECTOR, ".exc-divider").text.startswith(
        "The above exception was the direct cause"
    )
    assert not browser.find_element(By.CSS_SELECTOR, ".pin-prompt").is_displayed()
    # Clicking a frame's head folds it, and unfolds it again.
    head = frames[0].find_element(By.CSS_SELECTOR, ".where")
    head.click()
    assert not frames[0].find_element(By.CSS_SELECTOR, ".source").is_displayed()
    head.click()
    assert frames[0].find_element(By.CSS_SELECTOR, ".source").is_displayed()
    assert script_errors(browser) == []


def test_the_console_opens_with_the_pin_and_runs_python(
    browser: WebDriver,
    debugger: tuple[DebuggedApplication, str],
    tmp_path_factory: pytest.TempPathFactory,
    capsys: pytest.CaptureFixture[str],
) -> None:
    app, url = debugger
    load(browser, f"{url}/checkout")
    frames = browser.find_elements(By.CSS_SELECTOR, ".traceback .frame")
    frame = next(
        f
        for f in frames
        if f.find_element(By.CSS_SELECTOR, ".function").text == "checkout"
    )
    open_console(browser, frame)
    assert not frame.find_elements(By.CSS_SELECTOR, ".console")
    enter_pin(browser, PIN)
    wait_for(
        browser,
        lambda d: not d.find_element(By.CSS_SELECTOR, ".pin-prompt").is_displayed(),
    )
    console = wait_for(
        browser, lambda d: frame.find_element(By.CSS_SELECTOR, ".console")
    )
    assert browser.get_cookie(app.pin_cookie_name) is not None

    entry = run_in_console(browser, console, "1 + 1")
    assert entry.text == ">>> 1 + 1\n2"
    assert entry.find_element(By.CSS_SELECTOR, ".number").text == "2"

    entry = run_in_console(browser, console, "[x for x in range(3)]")
    assert entry.text == ">>> [x for x in range(3)]\n[0, 1, 2]"

    # The frame's own variables, escaped.
    entry = run_in_console(browser, console, "name")
    assert entry.text == ">>> name\n'<i>quince</i>'"
    assert not entry.find_elements(By.CSS_SELECTOR, "i")
    entry = run_in_console(browser, console, "sorted(catalogue)")
    assert "<b>pear</b>" in entry.text
    assert script_errors(browser) == []

    browser.execute_script("window.scrollTo(0, 0)")
    screenshot = tmp_path_factory.mktemp("debugger") / "debugger-page.png"
    browser.set_window_size(1280, 1600)
    try:
        browser.save_screenshot(str(screenshot))
    finally:
        browser.set_window_size(1280, 1100)
    assert screenshot.stat().st_size > 10_000
    with capsys.disabled():
        print(f"\nscreenshot of the debugger page: {screenshot}")


def test_ten_wrong_pins_lock_the_console(
    browser: WebDriver, debugger: tuple[DebuggedApplication, str], delays: Recorder
) -> None:
    app, url = debugger
    load(browser, f"{url}/checkout")
    frame = browser.find_elements(By.CSS_SELECTOR, ".traceback .frame")[-1]
    open_console(browser, frame)
    error = browser.find_element(By.CSS_SELECTOR, ".pin-error")
    button = browser.find_element(By.CSS_SELECTOR, ".pin-form button[type=submit]")
    for attempt in range(1, 11):
        enter_pin(browser, "000-000-000")
        wait_for(
            browser,
            lambda d, n=attempt: (
                app._failed_pin_auth.value == n
                and button.is_enabled()
                and "not right" in error.text
            ),
        )
    assert delays.delays == [0.5] * 6 + [5.0] * 4

    enter_pin(browser, PIN)
    wait_for(browser, lambda d: "Too many wrong PINs" in error.text)
    assert browser.find_element(By.CSS_SELECTOR, ".pin-prompt").is_displayed()
    assert not frame.find_elements(By.CSS_SELECTOR, ".console")
    assert browser.get_cookie(app.pin_cookie_name) is None
    assert script_errors(browser) == []


def test_a_foreign_host_gets_no_console(
    browser: WebDriver, debugger: tuple[DebuggedApplication, str]
) -> None:
    app, url = debugger
    port = urlsplit(url).port
    assert port is not None
    # The browser reaches the same server under a name that is not trusted.
    load(browser, f"http://{FOREIGN_HOST}:{port}/checkout")
    assert browser.find_elements(By.CSS_SELECTOR, ".console-button") == []
    assert "The console is not available here" in browser.page_source
    status = browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "fetch('/console').then((r) => done(r.status));"
    )
    assert status == 400

    # Any client that names a foreign host in Host gets 400 for the console
    # and the commands, on the very server that serves 127.0.0.1.
    for path in (
        "/console",
        f"/?__debugger__=yes&cmd=printpin&s={app.secret}",
        f"/?__debugger__=yes&cmd=pinauth&pin={PIN}&s={app.secret}",
    ):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        try:
            connection.request("GET", path, headers={"Host": f"evil.example:{port}"})
            response = connection.getresponse()
            response.read()
        finally:
            connection.close()
        assert response.status == 400, path
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", "/console")
        assert connection.getresponse().status == 200
    finally:
        connection.close()


def test_the_standalone_console(
    browser: WebDriver, debugger: tuple[DebuggedApplication, str]
) -> None:
    _, url = debugger
    browser.get(f"{url}/console")
    browser.delete_all_cookies()
    browser.get(f"{url}/console")
    # The PIN is asked for at once, and the console is ready behind it.
    wait_for(
        browser,
        lambda d: d.find_element(By.CSS_SELECTOR, ".pin-prompt").is_displayed(),
    )
    console = browser.find_element(By.CSS_SELECTOR, ".console.standalone")
    enter_pin(browser, PIN)
    wait_for(
        browser,
        lambda d: not d.find_element(By.CSS_SELECTOR, ".pin-prompt").is_displayed(),
    )
    entry = run_in_console(browser, console, "app")
    assert entry.text.startswith(">>> app\n<function shop")
    for line in ("def double(n):", "    return 2 * n", ""):
        run_in_console(browser, console, line)
    entry = run_in_console(browser, console, "double(21)")
    assert entry.text == ">>> double(21)\n42"
    # A long list folds its tail behind a button.
    entry = run_in_console(browser, console, "list(range(12))")
    assert entry.text.replace("\n", "").startswith(">>> list(range(12))[0, 1, 2")
    toggle = entry.find_element(By.CSS_SELECTOR, "button.expand")
    assert "11" not in entry.text
    toggle.click()
    assert "11]" in entry.text
    assert script_errors(browser) == []
