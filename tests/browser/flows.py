"""Driving tests/pages/flows.html and the local provider the way a person would."""

import json
from urllib.parse import urlencode

from playwright.sync_api import BrowserContext, Page
from playwright.sync_api import Error as PlaywrightError

from demo.provider import SESSION_COOKIE
from tests.browser.harness import PageWatch, wait_for_python

CACHE_KEY = "passwordless.id/user"
PENDING_KEY = "pwid_connect/pending"


def flow_url(base: str, runtime: str, **params: str) -> str:
    return f"{base}/tests/pages/flows.html?" + urlencode({"runtime": runtime, **params})


def open_flow(page: Page, watch: PageWatch, base: str, runtime: str, **params: str) -> None:
    """Load the flow page with these query parameters and wait for its Python."""
    page.goto(flow_url(base, runtime, **params))
    wait_for_python(page, watch)


def result(page: Page, timeout_ms: int = 30_000) -> dict:
    """What the page's Python reported (a user's outline, or an error's class and code)."""
    page.wait_for_selector("#result[data-done]", state="attached", timeout=timeout_ms)
    return json.loads(page.text_content("#result") or "{}")


def session_storage(page: Page) -> dict:
    return page.evaluate("Object.fromEntries(Object.entries(sessionStorage))")


def cached_user(page: Page) -> dict | None:
    raw = session_storage(page).get(CACHE_KEY)
    return json.loads(raw) if raw else None


def sign_in_at_provider(page: Page, username: str = "alice") -> None:
    """Pick a user on the twin's sign-in page, and allow the scopes if it asks."""
    page.get_by_role("button", name=f"Sign in as {username}").click()
    try:
        page.wait_for_load_state()
    except PlaywrightError:  # a popup that was done closed itself
        return
    if not page.is_closed() and page.url.endswith("/openid/signin"):
        allow = page.get_by_role("button", name="Allow")
        if allow.count():
            allow.click()


def _sign_in_at_twin(page: Page) -> None:
    page.get_by_role("button", name="Sign in as alice").wait_for()
    sign_in_at_provider(page)


def go_and_sign_in_if_asked(
    page: Page, mode: str, trip: bool, sign_in: bool, sign_in_with=_sign_in_at_twin
) -> None:
    """Click the page's button; follow the provider (in the popup or this tab) if it goes there.

    ``sign_in_with(provider_page)`` fills the provider's sign-in pages (the twin's by default).
    """
    if mode == "popup" and trip:
        with page.expect_popup() as opened:
            page.click("#go")
        popup = opened.value
        if sign_in:
            sign_in_with(popup)
        if not popup.is_closed():
            popup.wait_for_event("close")
        return
    if mode != "redirect" or not trip:
        page.click("#go")
        return
    # Off to the provider and back: wait for the return, not the page we are leaving.
    back = page.url.split("?")[0]
    with page.expect_navigation(url=lambda url: url.startswith(back)):
        page.click("#go")
        if sign_in:
            sign_in_with(page)


def provider_session(
    context: BrowserContext, servers, username: str = "alice", scope: str = ""
) -> str:
    """Give the browser a live provider session (the cookie), as if signed in earlier."""
    state = servers.provider_state
    session = state.sign_in(username)
    if scope:
        for client in (servers.app, servers.app_cross_site):
            state.grant_consent(username, client, frozenset(scope.split()))
    context.add_cookies(
        [{"name": SESSION_COOKIE, "value": session.sid, "url": servers.provider, "httpOnly": True}]
    )
    return session.sid


def seed_cache(
    page: Page, servers, scope: str = "openid", username: str = "alice", auth_time=None
) -> None:
    """Put a valid cached user in this tab's sessionStorage before the flow page loads."""
    state = servers.provider_state
    token = state.issue_id_token(username, servers.app, scope, auth_time=auth_time)
    record = {
        "version": 1,
        "id_token": token,
        "scope_granted": scope,
        "expires_at": state.now() + state.token_lifetime,
    }
    page.goto(f"{servers.app}/config.json")
    page.evaluate("([k, v]) => sessionStorage.setItem(k, v)", [CACHE_KEY, json.dumps(record)])


class ProviderTraffic:
    """What the provider answered this browser: every request, and the pages it showed."""

    def __init__(self, context: BrowserContext, provider: str) -> None:
        self.requests: list[str] = []
        self.pages: list[str] = []

        def on_response(response) -> None:
            if not response.url.startswith(provider):
                return
            path = response.url[len(provider) :].split("?")[0]
            self.requests.append(path)
            if response.status == 200 and "text/html" in response.headers.get("content-type", ""):
                self.pages.append(path)

        context.on("response", on_response)

    def showed_a_page(self) -> bool:
        """Whether the person saw any page of the provider (sign-in or consent)."""
        return bool(self.pages)
