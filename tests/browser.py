"""Headless Chromium driven by Selenium, for the tests that look at pages
in a real browser (the debugger's, the documentation's). `.ci/run` installs
Debian's ``chromium`` and ``chromium-driver``."""

from __future__ import annotations

import contextlib
import shutil
import typing as t
from collections.abc import Iterator

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")


def needs_chromium(what: str) -> pytest.MarkDecorator:
    """Skips a test when Chromium or its driver is not installed, naming
    ``what`` did not run and how to install them."""
    return pytest.mark.skipif(
        CHROMIUM is None or CHROMEDRIVER is None,
        reason=(
            f"{what} did not run: Chromium is not installed"
            " (apt-get install chromium chromium-driver)"
        ),
    )


@contextlib.contextmanager
def headless_chromium(
    window_size: str = "1280,1000", *extra_arguments: str
) -> Iterator[t.Any]:
    """A Selenium driver of a headless Chromium with a fixed window and
    scale (so screenshots compare), keeping the page's console log; quit
    on exit."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        f"--window-size={window_size}",
        "--force-device-scale-factor=1",
        *extra_arguments,
    ):
        options.add_argument(argument)
    options.binary_location = t.cast(str, CHROMIUM)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    try:
        yield driver
    finally:
        driver.quit()
