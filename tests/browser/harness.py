"""Chromium for the browser tests: one browser per session, a fresh context per test.

Every page is watched: an uncaught error or a ``console.error`` fails the test unless the
test allows it, and a console line that holds a JWT always fails it (tokens must never
reach the console).
"""

import re

from playwright.sync_api import Browser, Page

# The flags this machine needs: no sandbox as root, and no background traffic to hosts
# that the closed network refuses.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]

RUNTIMES = {"py": "pyodide", "mpy": "micropython"}
BOOT_TIMEOUT_MS = 60_000
JWT = re.compile(r"eyJ[\w-]+\.eyJ[\w-]+\.[\w-]*")

# Runs before any page script: records console errors and uncaught errors where the
# ready-wait can see them, so a page that fails to boot fails fast with its message.
WATCH_ERRORS = """
window.__pwidErrors = [];
const note = (text) => window.__pwidErrors.push(String(text));
const consoleError = console.error.bind(console);
console.error = (...args) => { note(args.map(String).join(" ")); consoleError(...args); };
addEventListener("error", (event) => note(event.message));
addEventListener("unhandledrejection", (event) => note(event.reason));
"""


class PageWatch:
    """What a page printed; ``check()`` raises on errors the test did not allow."""

    def __init__(self, page: Page) -> None:
        self.lines: list[tuple[str, str]] = []
        self.allowed: list[re.Pattern] = []
        page.on("console", lambda message: self.lines.append((message.type, message.text)))
        page.on("pageerror", lambda error: self.lines.append(("pageerror", str(error))))

    def allow(self, pattern: str) -> None:
        """Expect error lines matching ``pattern`` (a regular expression)."""
        self.allowed.append(re.compile(pattern))

    def errors(self) -> list[str]:
        return [
            text
            for kind, text in self.lines
            if kind in ("error", "pageerror") and not any(p.search(text) for p in self.allowed)
        ]

    def check(self) -> None:
        leaked = [text for _, text in self.lines if JWT.search(text)]
        assert not leaked, f"a token reached the console: {len(leaked)} line(s)"
        errors = self.errors()
        assert not errors, "the page logged errors:\n" + "\n".join(errors)

    def transcript(self) -> str:
        return "\n".join(f"[{kind}] {JWT.sub('<token>', text)}" for kind, text in self.lines)


def new_page(browser: Browser, **context_options) -> tuple[Page, PageWatch]:
    context = browser.new_context(**context_options)
    context.add_init_script(WATCH_ERRORS)
    page = context.new_page()
    return page, PageWatch(page)


def wait_for_python(page: Page, watch: PageWatch, timeout_ms: int = BOOT_TIMEOUT_MS) -> None:
    """Wait until the page's Python has run (``data-python-ready``), or fail with its log."""
    try:
        page.wait_for_function(
            "document.documentElement.dataset.pythonReady || window.__pwidErrors.length",
            timeout=timeout_ms,
        )
    except Exception as exc:  # Playwright's TimeoutError: say what the page said
        raise AssertionError(
            f"Python did not start on {page.url} within {timeout_ms} ms; console:\n"
            + watch.transcript()
        ) from exc
    if not page.evaluate("document.documentElement.dataset.pythonReady"):
        errors = page.evaluate("window.__pwidErrors")
        raise AssertionError(
            f"Python failed on {page.url}: {JWT.sub('<token>', str(errors))}; console:\n"
            + watch.transcript()
        )
