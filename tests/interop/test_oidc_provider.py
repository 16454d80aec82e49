"""The sign-in flows against a real third-party OpenID provider: panva's oidc-provider 9.x.

The same library calls as tests/browser/test_flows.py, on both runtimes, with nothing of
the local twin: no ``id_token_endpoint`` (the silent check is a ``prompt=none`` iframe),
exact redirect-URI matching, RFC 9207 ``iss`` in code and error responses, its own login, consent
and logout forms (devInteractions), and a session cookie the provider set in the browser.
"""

import time
from urllib.parse import quote, urlsplit

import httpx
import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page

from pwid_connect._discovery import DISCOVERY_PATH, ProviderMetadata
from tests.browser.flows import (
    ProviderTraffic,
    cached_user,
    go_and_sign_in_if_asked,
    open_flow,
    result,
)
from tests.browser.harness import wait_for_python

SCOPE = "openid profile"


# -- driving the provider's own pages -------------------------------------------------------


@pytest.fixture(autouse=True)
def quiet_provider_pages(page, oidc_provider):
    """oidc-provider's pages load a web font from the internet and ask for a favicon: this
    network has neither, and the console errors would fail the test. Nothing leaves the
    machine: every non-loopback request is answered here, empty."""
    context = page.context
    context.route(lambda url: not _loopback(url), lambda r: r.fulfill(content_type="text/css"))
    context.route(oidc_provider.issuer + "/favicon.ico", lambda r: r.fulfill(status=204))


def _loopback(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    return host in ("127.0.0.1", "localhost") or not url.startswith("http")


def at_provider(page: Page, issuer: str) -> bool:
    return not page.is_closed() and page.url.startswith(issuer)


def sign_in_at_op(page: Page, issuer: str, login: str = "alice") -> None:
    """Fill oidc-provider's devInteractions login form, then allow the scopes if it asks.

    Any password works. In a popup the window may close itself when it is done.
    """
    page.locator("input[name=login]").wait_for()
    page.fill("input[name=login]", login)
    page.fill("input[name=password]", "any password")
    login_page = page.url
    page.click("button[type=submit]")
    try:
        page.wait_for_url(lambda url: url != login_page)
    except PlaywrightError:  # a popup that was done closed itself
        return
    if at_provider(page, issuer) and page.locator("input[name=prompt][value=consent]").count():
        page.click("button[type=submit]")


def go(page: Page, issuer: str, mode: str, sign_in: bool, login: str = "alice") -> None:
    """Click the page's button and follow oidc-provider (popup or this tab) there and back."""
    go_and_sign_in_if_asked(
        page,
        mode,
        trip=True,
        sign_in=sign_in,
        sign_in_with=lambda p: sign_in_at_op(p, issuer, login),
    )


def flow(page, console, servers, runtime, oidc_provider, app=None, **params) -> None:
    app = app or servers.app
    open_flow(page, console, app, runtime, **oidc_provider.page_query(app, runtime, **params))


# -- discovery ------------------------------------------------------------------------------


def test_discovery_document_is_read_as_a_standard_provider(oidc_provider):
    document = httpx.get(oidc_provider.issuer + DISCOVERY_PATH).json()
    metadata = ProviderMetadata.from_document(oidc_provider.issuer, document)
    assert metadata.authorization_endpoint == oidc_provider.issuer + "/auth"
    assert metadata.token_endpoint == oidc_provider.issuer + "/token"
    assert metadata.end_session_endpoint == oidc_provider.issuer + "/session/end"
    assert metadata.jwks_uri == oidc_provider.issuer + "/jwks"
    # Not Passwordless.ID: no cookie endpoint for the silent check, and RFC 9207 iss.
    assert metadata.id_token_endpoint is None
    assert metadata.iss_parameter_supported is True


# -- signing in -----------------------------------------------------------------------------


@pytest.mark.parametrize("response_type", ["id_token", "code"])
@pytest.mark.parametrize("mode", ["redirect", "popup"])
def test_sign_in(page, console, servers, runtime, oidc_provider, mode, response_type):
    traffic = ProviderTraffic(page.context, oidc_provider.issuer)
    flow(
        page, console, servers, runtime, oidc_provider,
        op="request", want=SCOPE, mode=mode, response_type=response_type,
    )  # fmt: skip
    started = time.time()
    go(page, oidc_provider.issuer, mode, sign_in=True)
    if mode == "redirect":
        wait_for_python(page, console)
    outcome = result(page)
    assert outcome.get("signed_in") is True, outcome
    assert outcome["sub"] == "alice"
    assert outcome["auth_time"] >= int(started) - 1
    if response_type == "id_token":
        # No access token: the profile claims of the scope are in the ID token (OIDC 5.4).
        assert "name" in outcome["profile_keys"]
    stored = cached_user(page)
    assert stored is not None and stored["scope_granted"] == SCOPE
    assert traffic.pages, "signed out: the provider shows its sign-in page"
    assert "#" not in page.url and "state=" not in page.url and "code=" not in page.url


def sign_in_with_popup(page, console, servers, runtime, oidc_provider, app=None) -> None:
    """Give this browser a live provider session the only way a real provider allows: sign in.

    The popup leaves this page where it is; ``cache=0`` so what follows must ask the provider.
    """
    flow(page, console, servers, runtime, oidc_provider, app=app, op="request", mode="popup",
         cache="0")  # fmt: skip
    go(page, oidc_provider.issuer, "popup", sign_in=True)
    assert result(page).get("signed_in") is True
    assert cached_user(page) is None


def auth_requests(traffic: ProviderTraffic) -> int:
    return sum(1 for path in traffic.requests if path == "/auth")


# -- silent checks (prompt=none) --------------------------------------------------------------


def test_id_with_a_live_session_signs_in_silently(page, console, servers, runtime, oidc_provider):
    # No id_token_endpoint here: id() asks /auth?prompt=none in a hidden iframe.
    sign_in_with_popup(page, console, servers, runtime, oidc_provider)
    traffic = ProviderTraffic(page.context, oidc_provider.issuer)
    flow(page, console, servers, runtime, oidc_provider, op="id", want="openid")
    outcome = result(page)
    assert outcome.get("signed_in") is True, outcome
    assert outcome["sub"] == "alice"
    assert not traffic.showed_a_page()
    assert auth_requests(traffic) == 1
    assert cached_user(page) is not None


@pytest.mark.parametrize("where", ["signed-out", "cross-site"])
def test_id_without_a_session_is_signed_out_at_once(
    page, console, servers, runtime, oidc_provider, where
):
    app = servers.app
    if where == "cross-site":
        # A live session, but the app is on localhost and the provider on 127.0.0.1:
        # Chromium withholds the provider's cookie from the iframe (a third-party cookie).
        app = servers.app_cross_site
        sign_in_with_popup(page, console, servers, runtime, oidc_provider, app=app)
    traffic = ProviderTraffic(page.context, oidc_provider.issuer)
    answers: list[str] = []
    page.on("framenavigated", lambda frame: answers.append(frame.url.split("?")[0]))
    flow(page, console, servers, runtime, oidc_provider, app=app, op="id")
    outcome = result(page)
    # The provider answered the iframe (login_required, at the callback page): the user is
    # signed out by that answer, not by the 10 s silent timeout.
    assert app + "/callback.html" in answers
    assert outcome == {**outcome, "signed_in": False, "has_token": False}, outcome
    assert auth_requests(traffic) == 1, "one silent request, no loop"
    assert not traffic.showed_a_page()
    assert cached_user(page) is None


def test_id_when_the_provider_refuses_framing(page, console, servers, runtime, oidc_provider):
    # A provider that forbids framing never answers the iframe: after silent_timeout the
    # user is signed out, without a hang or a retry.
    console.allow("X-Frame-Options|frame-ancestors|Refused to display")
    asked: list[str] = []

    def refuse(route) -> None:
        asked.append(route.request.url)
        route.fulfill(
            content_type="text/html",
            headers={
                "X-Frame-Options": "DENY",
                "Content-Security-Policy": "frame-ancestors 'none'",
            },
            body="<p>not in a frame</p>",
        )

    page.context.route(oidc_provider.issuer + "/auth?*", refuse)
    page.clock.install()
    # Not op=id, which runs id() while the page boots (the boot wait would sit out the
    # timeout for real): an unknown op makes #go call id(), under the test's clock.
    flow(page, console, servers, runtime, oidc_provider, op="id-on-click")
    page.click("#go")
    page.locator("iframe").wait_for(state="attached")
    assert page.locator("#result[data-done]").count() == 0, "still waiting for an answer"
    page.clock.fast_forward("00:11")  # past the default silent_timeout of 10 s
    outcome = result(page)
    assert outcome.get("signed_in") is False, outcome
    assert len(asked) == 1 and "prompt=none" in asked[0]
    assert page.locator("iframe").count() == 0


def test_auth_prompt_none_without_session_is_a_typed_error(
    page, console, servers, runtime, oidc_provider
):
    # An explicit prompt=none by redirect: the provider answers login_required, once.
    traffic = ProviderTraffic(page.context, oidc_provider.issuer)
    flow(page, console, servers, runtime, oidc_provider, op="auth", prompt="none")
    go(page, oidc_provider.issuer, "redirect", sign_in=False)
    wait_for_python(page, console)
    assert result(page) == {"error": "ProviderError", "code": "login_required"}
    assert auth_requests(traffic) == 1 and not traffic.showed_a_page()
    assert "error=" not in page.url


def test_request_cross_site_signs_in_by_top_level_redirect(
    page, console, servers, runtime, oidc_provider
):
    # The iframe cannot see the session cross-site, but a top-level redirect can (SameSite=Lax).
    app = servers.app_cross_site
    sign_in_with_popup(page, console, servers, runtime, oidc_provider, app=app)
    traffic = ProviderTraffic(page.context, oidc_provider.issuer)
    flow(page, console, servers, runtime, oidc_provider, app=app, op="request")
    go(page, oidc_provider.issuer, "redirect", sign_in=False)
    wait_for_python(page, console)
    assert result(page).get("signed_in") is True
    assert not traffic.showed_a_page()


# -- prompt=login -----------------------------------------------------------------------------


@pytest.mark.parametrize("mode", ["redirect", "popup"])
def test_prompt_login_makes_the_provider_verify_again(
    page, console, servers, runtime, oidc_provider, mode
):
    sign_in_with_popup(page, console, servers, runtime, oidc_provider)
    traffic = ProviderTraffic(page.context, oidc_provider.issuer)
    flow(page, console, servers, runtime, oidc_provider, op="request", prompt="login", mode=mode)
    started = time.time()
    go(page, oidc_provider.issuer, mode, sign_in=True)
    if mode == "redirect":
        wait_for_python(page, console)
    outcome = result(page)
    assert outcome.get("signed_in") is True, outcome
    # Despite the live session the login form came back (prompt=login, max_age=0)...
    assert traffic.pages and traffic.pages[0].startswith("/interaction/")
    # ...and the token says so: auth_time is this sign-in, which the library checked.
    assert outcome["auth_time"] >= int(started) - 1


# -- RFC 9207 iss -----------------------------------------------------------------------------


@pytest.mark.parametrize(("change", "code"), [("drop", "iss_missing"), ("swap", "iss_mismatch")])
def test_iss_in_the_response_is_checked(
    page, console, servers, runtime, oidc_provider, change, code
):
    """oidc-provider advertises RFC 9207: a code response without its iss, or with another
    issuer's, is refused (a mix-up attack), and nothing is cached."""
    sign_in_with_popup(page, console, servers, runtime, oidc_provider)
    seen: list[str] = []

    def tamper(route) -> None:
        response = route.fetch(max_redirects=0)
        location = response.headers.get("location", "")
        if location.startswith(servers.app):
            seen.append(location)
            base, _, query = location.partition("?")
            pairs = [p for p in query.split("&") if not p.startswith("iss=")]
            if change == "swap":
                pairs.append("iss=" + quote("https://evil.example", safe=""))
            location = base + "?" + "&".join(pairs)
        headers = {**response.headers, "location": location}
        route.fulfill(response=response, headers=headers)

    page.context.route(oidc_provider.issuer + "/auth?*", tamper)
    flow(page, console, servers, runtime, oidc_provider, op="request", response_type="code")
    go(page, oidc_provider.issuer, "redirect", sign_in=False)
    wait_for_python(page, console)
    assert result(page) == {"error": "AuthError", "code": code}
    assert seen and "&iss=" in seen[0], "the provider sent iss"
    assert cached_user(page) is None


# -- logout -----------------------------------------------------------------------------------


def test_logout_ends_the_provider_session(page, console, servers, runtime, oidc_provider):
    flow(page, console, servers, runtime, oidc_provider, op="request", mode="popup")
    go(page, oidc_provider.issuer, "popup", sign_in=True)
    assert result(page).get("signed_in") is True and cached_user(page) is not None

    traffic = ProviderTraffic(page.context, oidc_provider.issuer)
    flow(page, console, servers, runtime, oidc_provider, op="logout", end_session="1")
    back = page.url.split("?")[0]
    page.click("#go")
    # oidc-provider asks the person to confirm; the answer goes to post_logout_redirect_uri.
    confirm = page.get_by_role("button", name="Yes, sign me out")
    with page.expect_navigation(url=lambda url: url.startswith(back)):
        confirm.click()
    wait_for_python(page, console)
    assert "/session/end" in traffic.requests
    # Back on the registered page, id() ran its silent check: the session is gone.
    outcome = result(page)
    assert outcome.get("signed_in") is False, outcome
    assert cached_user(page) is None
    assert auth_requests(traffic) == 1
