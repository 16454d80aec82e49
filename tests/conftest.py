"""Session-wide fixtures: the demo's two origins, started once on free ports, and Chromium.

The browser fixtures live here, not in tests/browser, so every test package that drives
pages (tests/browser, tests/interop) shares one browser: a second session-scoped
``sync_playwright()`` in the same process fails ("Sync API inside the asyncio loop").
``runtime`` (py, mpy) parametrizes every test that uses ``page``.
"""

import pytest
from playwright.sync_api import sync_playwright

from tests.browser.harness import CHROMIUM_ARGS, RUNTIMES, new_page
from tests.servers import ServerThread, free_port

CHROMIUM = "/usr/bin/chromium"


class Servers:
    """Where the app and the provider listen, and the provider's live settings."""

    def __init__(self, app_port: int, provider_port: int, provider_app) -> None:
        self.app = f"http://127.0.0.1:{app_port}"
        # The same app server by another host name: a different site from the provider,
        # so Chromium treats the provider's cookie as a third-party cookie (RUNTIMES.md).
        self.app_cross_site = f"http://localhost:{app_port}"
        self.provider = f"http://127.0.0.1:{provider_port}"
        self.provider_app = provider_app

    @property
    def provider_state(self):
        return self.provider_app.state.provider


@pytest.fixture(scope="session")
def servers():
    from demo.serve import build_apps

    app_port, provider_port = free_port(), free_port()
    app, provider = build_apps(f"http://127.0.0.1:{app_port}", f"http://127.0.0.1:{provider_port}")
    threads = [ServerThread(provider, provider_port).start(), ServerThread(app, app_port).start()]
    yield Servers(app_port, provider_port, provider)
    for thread in threads:
        thread.stop()


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
