"""The pages boot on both runtimes from local files, and the harness catches bad pages."""

import pytest

import pwid_connect
from tests.browser.harness import wait_for_python


def test_index_shows_the_library_version(page, console, servers, runtime):
    console.allow("status of 401")  # the silent check's "signed out", logged by Chromium
    page.goto(f"{servers.app}/?runtime={runtime}")
    wait_for_python(page, console)
    assert page.text_content("#version") == pwid_connect.__version__
    assert page.text_content("#runtime") == {"py": "pyodide", "mpy": "micropython"}[runtime]
    assert page.text_content("#status") == "Signed out"


def test_nothing_loads_from_outside_the_app_origin(page, console, servers, runtime):
    console.allow("status of 401")
    urls: list[str] = []
    page.on("request", lambda request: urls.append(request.url))
    page.goto(f"{servers.app}/?runtime={runtime}")
    wait_for_python(page, console)
    local = (servers.app, servers.provider, "data:", "blob:")
    foreign = [url for url in urls if not url.startswith(local)]
    assert foreign == []
    assert any("/vendor/" in url for url in urls)


def test_bare_loadpyodide_page_imports_the_library(page, console, servers):
    # A page without PyScript; loadPyodide() is Pyodide's own API, so Pyodide only.
    page.goto(f"{servers.app}/demo/bare-pyodide.html")
    wait_for_python(page, console)
    assert page.text_content("#version") == pwid_connect.__version__


def test_harness_fails_on_a_console_error_and_a_leaked_token(page, console, servers, runtime):
    page.goto(f"{servers.app}/tests/pages/console-error.html?runtime={runtime}")
    page.wait_for_function("window.__pwidErrors.length")
    with pytest.raises(AssertionError, match="a token reached the console"):
        console.check()
    # Once the token line is gone, the error alone still fails the check...
    console.lines = [line for line in console.lines if "eyJ" not in line[1]]
    with pytest.raises(AssertionError, match="boom from python"):
        console.check()
    # ...until the test says it expects it.
    console.allow("boom from python")
    console.check()
