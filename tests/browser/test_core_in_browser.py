"""The portable core tests (tests/core), run inside Pyodide and MicroPython in Chromium.

The page runs every test function once per runtime; each test here asserts one
function's own outcome, so a failure names the test and the runtime.
"""

import json
import os

import pytest

from tests.browser.harness import RUNTIMES, new_page, wait_for_python

CORE_DIR = os.path.join(os.path.dirname(os.path.dirname(__file__)), "core")


def core_tests() -> list[str]:
    names = []
    for filename in sorted(os.listdir(CORE_DIR)):
        if filename.startswith("test_") and filename.endswith(".py"):
            module = __import__(f"tests.core.{filename[:-3]}", fromlist=["_"])
            names += [
                f"{filename[:-3]}.{attr}"
                for attr in sorted(dir(module))
                if attr.startswith("test_") and callable(getattr(module, attr))
            ]
    return names


@pytest.fixture(scope="session")
def core_results(browser, servers):
    """One page load per runtime; its results are shared by that runtime's tests."""
    outcomes: dict[str, dict[str, str]] = {}

    def run(runtime: str) -> dict[str, str]:
        if runtime not in outcomes:
            page, watch = new_page(browser)
            try:
                page.goto(f"{servers.app}/tests/pages/core.html?runtime={runtime}")
                wait_for_python(page, watch, timeout_ms=120_000)
                outcomes[runtime] = json.loads(page.evaluate("window.pwidCoreResults"))
                watch.check()
            finally:
                page.context.close()
        return outcomes[runtime]

    return run


@pytest.mark.parametrize("runtime", list(RUNTIMES), ids=list(RUNTIMES.values()))
@pytest.mark.parametrize("name", core_tests())
def test_core(core_results, runtime, name):
    results = core_results(runtime)
    module = name.split(".")[0]
    assert f"{module}.*" not in results, results.get(f"{module}.*")
    assert results.get(name) == "pass", results.get(name, "did not run")
