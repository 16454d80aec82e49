"""Browser fixtures: ``runtime`` (py, mpy) parametrizes every test that uses ``page``."""

import pytest
from playwright.sync_api import sync_playwright

from tests.browser.harness import CHROMIUM_ARGS, RUNTIMES, new_page

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(params=list(RUNTIMES), ids=list(RUNTIMES.values()))
def runtime(request) -> str:
    return request.param


@pytest.fixture
def watched(browser):
    """A fresh context and page, and the watch that fails the test on console errors."""
    page, watch = new_page(browser)
    yield page, watch
    try:
        watch.check()
    finally:
        page.context.close()


@pytest.fixture
def page(watched):
    return watched[0]


@pytest.fixture
def console(watched):
    return watched[1]
