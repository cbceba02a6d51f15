"""The documentation site (``make docs``): its links resolve, it lists every
deliberate difference and every benchmark scenario, it shows no private
name, and it renders in headless Chromium.

The built site of ``make docs`` (``docs/_build/html``) is used when it is
newer than everything it is made from; otherwise the site is built here,
into a temporary directory, with the same options (warnings are errors).

The browser test needs Debian's ``chromium`` and ``chromium-driver`` (as
``tests/debug/test_debugger_browser.py``); it serves the site with
rostzeug's own ``SharedDataMiddleware`` on 127.0.0.1, saves a screenshot of
the start page and of the page of ``rostzeug.wrappers`` under pytest's
temporary directory, and prints their paths.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import typing as t
from collections.abc import Callable
from collections.abc import Iterator
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote
from urllib.parse import urlsplit

import pytest

from rostzeug.exceptions import NotFound
from rostzeug.middleware.shared_data import SharedDataMiddleware
from tests import browser as browser_tests

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
MADE_BY_MAKE_DOCS = DOCS / "_build" / "html"
SOURCES = [
    DOCS,
    ROOT / "python" / "rostzeug",
    ROOT / "tests" / "differential" / "deliberate.py",
    ROOT / "tests" / "differential" / "test_deliberate.py",
]

# The whole build may take a minute on a busy machine.
pytestmark = pytest.mark.timeout(600)


def newest_source() -> float:
    newest = 0.0
    for source in SOURCES:
        files = [source] if source.is_file() else source.rglob("*")
        for path in files:
            if "_build" in path.parts or "__pycache__" in path.parts:
                continue
            if path.is_file():
                newest = max(newest, path.stat().st_mtime)
    return newest


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    index = MADE_BY_MAKE_DOCS / "index.html"
    if index.is_file() and index.stat().st_mtime > newest_source():
        return MADE_BY_MAKE_DOCS
    out = tmp_path_factory.mktemp("docs") / "html"
    command = [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-n", "-q"]
    command += ["-b", "html", "-d", str(out.parent / "doctrees"), str(DOCS), str(out)]
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, f"the documentation does not build:\n{done.stderr}"
    return out


class Page(HTMLParser):
    """The ids, links and text of an HTML page."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.text: list[str] = []
        self.api_objects: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if attributes.get("id"):
            self.ids.add(t.cast(str, attributes["id"]))
            if "sig-object" in (attributes.get("class") or "").split():
                self.api_objects.append(t.cast(str, attributes["id"]))
        if tag == "a" and attributes.get("href"):
            self.links.append(t.cast(str, attributes["href"]))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def read(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text("utf-8"))
    return page


@pytest.fixture(scope="module")
def pages(site: Path) -> dict[Path, Page]:
    return {path: read(path) for path in site.rglob("*.html")}


def test_the_site_has_every_page(site: Path) -> None:
    api = {path.stem for path in (site / "api").glob("*.html")}
    for module in (
        "wrappers datastructures http formparser wsgi test testapp exceptions"
        " utils urls security user_agent useragents routing local serving debug"
        " sansio.http sansio.multipart sansio.request sansio.response sansio.utils"
        " middleware.dispatcher middleware.http_proxy middleware.lint"
        " middleware.profiler middleware.proxy_fix middleware.shared_data"
    ).split():
        assert module in api
    for name in ("index", "quickstart", "differences", "performance"):
        assert (site / f"{name}.html").is_file()
    assert (site / "original-names.html").is_file()


def test_internal_links_resolve(site: Path, pages: dict[Path, Page]) -> None:
    broken = []
    for path, page in pages.items():
        for link in page.links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or link.startswith("mailto:"):
                continue
            target = (
                (path.parent / unquote(parts.path)).resolve() if parts.path else path
            )
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                broken.append(f"{path.relative_to(site)}: {link}")
                continue
            fragment = unquote(parts.fragment)
            if (
                fragment
                and target.suffix == ".html"
                and fragment not in pages[target].ids
            ):
                broken.append(f"{path.relative_to(site)}: {link} (no such anchor)")
    assert broken == []


def test_api_pages_show_no_private_names(pages: dict[Path, Page]) -> None:
    shown = [name for page in pages.values() for name in page.api_objects]
    assert "rostzeug.wrappers.Request" in shown
    assert "rostzeug.datastructures.MultiDict.getlist" in shown
    private = [
        name
        for name in shown
        if any(p.startswith("_") and not p.endswith("__") for p in name.split("."))
    ]
    assert private == []


def signature_text(site: Path, page: str, ident: str) -> str:
    """The text of the ``<dt>`` that shows object ``ident`` on ``page``."""
    source = (site / "api" / page).read_text("utf-8")
    match = re.search(rf'<dt[^>]*id="{re.escape(ident)}".*?</dt>', source, re.S)
    assert match is not None, ident
    text = unescape(re.sub(r"<[^>]+>", "", match.group(0)))
    return re.sub(r"\s+", " ", text).strip()


def test_native_functions_show_their_declared_signatures(site: Path) -> None:
    # From the stub: every parameter with its default.
    dump_cookie = signature_text(site, "http.html", "rostzeug.http.dump_cookie")
    assert "(key: str, value: str = '', max_age: " in dump_cookie
    assert "max_size: int = 4093, samesite: str | None = None," in dump_cookie
    assert dump_cookie.endswith("partitioned: bool = False) → str¶")
    # From the module's declaration, under the name the module gives it.
    parse_cookie = signature_text(
        site, "sansio.http.html", "rostzeug.sansio.http.parse_cookie"
    )
    assert parse_cookie.startswith(
        "rostzeug.sansio.http.parse_cookie(cookie: str | None = None, cls:"
    )


def test_enum_members_are_described(site: Path) -> None:
    page = "".join(read(site / "api" / "http.html").text)
    for member in ("COEP.REQUIRE_CORP", "COOP.SAME_ORIGIN_ALLOW_POPUPS"):
        assert f"rostzeug.http.{member}" in read(site / "api" / "http.html").ids
    assert "by CORP or CORS" in re.sub(r"\s+", " ", page)
    multipart = read(site / "api" / "sansio.multipart.html").ids
    for member in ("PREAMBLE", "PART", "DATA_START", "DATA", "EPILOGUE", "COMPLETE"):
        assert f"rostzeug.sansio.multipart.State.{member}" in multipart


def test_every_deliberate_difference_is_on_its_page(site: Path) -> None:
    from tests.differential.deliberate import DELIBERATE

    page = read(site / "differences.html")
    text = re.sub(r"\s+", " ", "".join(page.text))
    for case, reason in DELIBERATE.items():
        assert f"deliberate-{case}" in page.ids, case
        assert re.sub(r"\s+", " ", reason) in text, case


def test_the_benchmark_table_shows_the_committed_run(site: Path) -> None:
    data = json.loads((DOCS / "_data" / "benchmarks.json").read_text("utf-8"))
    text = "".join(read(site / "performance.html").text)
    assert data["werkzeug"] == "3.1.9"
    for scenario in data["scenarios"]:
        ours = next(row for row in scenario["rows"] if row["label"] == "rostzeug")
        assert scenario["name"] in text
        assert f"{ours['ratio']:.2f}x" in text


# The browser part.

needs_chromium = browser_tests.needs_chromium("the documentation's browser test")


@pytest.fixture(scope="module")
def browser() -> Iterator[t.Any]:
    pytest.importorskip("selenium.webdriver")
    with browser_tests.headless_chromium("1280,1000") as driver:
        yield driver


def not_found(environ: t.Any, start_response: t.Any) -> t.Any:
    return NotFound()(environ, start_response)


def script_errors(driver: t.Any) -> list[str]:
    return [
        entry["message"]
        for entry in driver.get_log("browser")
        if entry["level"] == "SEVERE" and "favicon.ico" not in entry["message"]
    ]


@needs_chromium
def test_start_page_and_an_api_page_in_chromium(
    site: Path,
    serve: Callable[[object], str],
    browser: t.Any,
    tmp_path_factory: pytest.TempPathFactory,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from selenium.webdriver.common.by import By

    base = serve(SharedDataMiddleware(not_found, {"/": str(site)}))
    shots = tmp_path_factory.mktemp("docs-screenshots")

    browser.get(f"{base}/index.html")
    assert browser.title.startswith("rostzeug")
    assert browser.find_element(By.TAG_NAME, "h1").text == "rostzeug"
    assert "pip install rostzeug" in browser.find_element(By.TAG_NAME, "article").text
    # Every page of the navigation opens, with its title.
    nav = browser.find_elements(By.CSS_SELECTOR, ".sidebar-tree a.reference.internal")
    targets = {a.get_attribute("href") for a in nav}
    assert len(targets) >= 35
    browser.save_screenshot(str(shots / "start-page.png"))
    for target in sorted(targets):
        browser.get(target)
        heading = browser.find_element(By.TAG_NAME, "h1").text
        assert heading and "Not Found" not in heading, target
    assert script_errors(browser) == []

    browser.get(f"{base}/api/wrappers.html")
    request = browser.find_element(By.ID, "rostzeug.wrappers.Request")
    assert request.text.startswith("class rostzeug.wrappers.Request(")
    assert browser.find_element(By.ID, "rostzeug.wrappers.Request.args").is_displayed()
    # A type hint links to the class it names.
    link = browser.find_element(
        By.CSS_SELECTOR, "dt[id='rostzeug.wrappers.Request'] a[href*='#rostzeug.']"
    )
    assert link.get_attribute("href")
    browser.save_screenshot(str(shots / "api-wrappers.png"))
    # The theme scrolls smoothly: jump, so that the screenshot shows the class.
    browser.execute_script(
        "arguments[0].scrollIntoView({block: 'start', behavior: 'instant'})", request
    )
    browser.save_screenshot(str(shots / "api-wrappers-request.png"))
    assert script_errors(browser) == []

    names = ("start-page.png", "api-wrappers.png", "api-wrappers-request.png")
    for name in names:
        assert (shots / name).stat().st_size > 10_000
    with capsys.disabled():
        print("\nscreenshots of the documentation:")
        for name in names:
            print(f"  {shots / name}")
