"""Bad input ends in a typed error, with nothing cached and no token left behind.

Each test feeds the page one kind of bad response, on both runtimes, and asserts the
error's class and code, and that sessionStorage holds no user afterwards.
"""

from urllib.parse import parse_qs, urlencode, urlsplit

from tests.browser.flows import (
    cached_user,
    flow_url,
    go_and_sign_in_if_asked,
    open_flow,
    provider_session,
    result,
    session_storage,
    sign_in_at_provider,
)
from tests.browser.harness import wait_for_python
from tests.servers import free_port

BOB = "6b2d8e17-5a4f-4c3b-8e92-7d1a3f6c9b02"


def pending_request(page, console, servers, runtime, **params) -> dict:
    """Start a redirect sign-in and stop on the provider's sign-in page: its parameters."""
    open_flow(page, console, servers.app, runtime, op="request", **params)
    page.click("#go")
    page.get_by_role("button", name="Sign in as alice").wait_for()
    return {key: values[0] for key, values in parse_qs(urlsplit(page.url).query).items()}


def deliver(page, console, servers, runtime, token: str, state: str, iss: str = "") -> dict:
    """Come back to the app with this response in the fragment, as a provider would."""
    fragment = {"id_token": token, "state": state, "iss": iss or servers.provider}
    page.goto(flow_url(servers.app, runtime, op="request") + "#" + urlencode(fragment))
    wait_for_python(page, console)
    return result(page)


def assert_nothing_kept(page) -> None:
    assert cached_user(page) is None
    assert "id_token" not in page.url and "state=" not in page.url


def test_malformed_token_in_the_fragment(page, console, servers, runtime):
    request = pending_request(page, console, servers, runtime)
    outcome = deliver(page, console, servers, runtime, "eyJhbGciOi.not-json.sig", request["state"])
    assert outcome == {"error": "InvalidToken", "code": "token_malformed"}
    assert_nothing_kept(page)


def test_nonce_mismatch(page, console, servers, runtime, provider):
    request = pending_request(page, console, servers, runtime)
    token = provider.issue_id_token("alice", servers.app, "openid", nonce="not-the-pending-nonce")
    outcome = deliver(page, console, servers, runtime, token, request["state"])
    assert outcome == {"error": "InvalidToken", "code": "nonce_mismatch"}
    assert_nothing_kept(page)


def test_response_from_another_issuer(page, console, servers, runtime, provider):
    request = pending_request(page, console, servers, runtime)
    token = provider.issue_id_token("alice", servers.app, "openid", nonce=request["nonce"])
    outcome = deliver(
        page, console, servers, runtime, token, request["state"], "http://127.0.0.1:9"
    )
    assert outcome == {"error": "AuthError", "code": "iss_mismatch"}
    assert_nothing_kept(page)


def test_replayed_callback_url(page, console, servers, runtime):
    # A complete, valid response, used once; the same URL again must be refused.
    provider_session(page.context, servers, scope="openid")
    seen: list[str] = []
    page.on("framenavigated", lambda f: seen.append(f.url) if "id_token=" in f.url else None)
    open_flow(page, console, servers.app, runtime, op="request")
    go_and_sign_in_if_asked(page, "redirect", trip=True, sign_in=False)
    wait_for_python(page, console)
    assert result(page)["signed_in"] is True
    assert seen, "the provider's response was not observed"
    page.evaluate("sessionStorage.clear()")
    page.goto("about:blank")  # else only the fragment changes: no new document
    page.goto(seen[0])
    wait_for_python(page, console)
    assert result(page) == {"error": "StateMismatch", "code": "state_mismatch"}
    assert_nothing_kept(page)


def test_state_from_another_tab(page, console, servers, runtime, provider):
    request = pending_request(page, console, servers, runtime)
    token = provider.issue_id_token("alice", servers.app, "openid", nonce=request["nonce"])
    other = page.context.new_page()  # its own sessionStorage: it never started this request
    outcome = deliver(other, console, servers, runtime, token, request["state"])
    assert outcome == {"error": "StateMismatch", "code": "state_mismatch"}
    assert_nothing_kept(other)


def test_expired_token(page, console, servers, runtime, provider):
    provider.token_lifetime = -300  # expired beyond the 60 s leeway when it is issued
    provider_session(page.context, servers, scope="openid")
    open_flow(page, console, servers.app, runtime, op="request")
    go_and_sign_in_if_asked(page, "redirect", trip=True, sign_in=False)
    wait_for_python(page, console)
    assert result(page) == {"error": "InvalidToken", "code": "token_expired"}
    assert_nothing_kept(page)


def test_provider_error(page, console, servers, runtime):
    pending_request(page, console, servers, runtime)
    back = servers.app + "/tests/pages/flows.html"
    with page.expect_navigation(url=lambda url: url.startswith(back)):
        page.get_by_role("button", name="Cancel").click()
    wait_for_python(page, console)
    assert result(page) == {"error": "ProviderError", "code": "access_denied"}
    assert_nothing_kept(page)
    assert session_storage(page) == {}


def test_provider_down(page, console, servers, runtime):
    console.allow("ERR_CONNECTION_REFUSED")
    nobody = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    open_flow(page, console, servers.app, runtime, op="id", issuer=nobody)
    assert result(page) == {"error": "NetworkError", "code": "network_error"}
    assert session_storage(page) == {}


def test_popup_blocked(page, console, servers, runtime):
    page.context.add_init_script("window.open = () => null")
    open_flow(page, console, servers.app, runtime, op="request", mode="popup")
    page.click("#go")
    assert result(page) == {"error": "PopupBlocked", "code": "popup_blocked"}
    assert session_storage(page) == {}


def test_popup_closed_by_the_user(page, console, servers, runtime):
    open_flow(page, console, servers.app, runtime, op="request", mode="popup")
    with page.expect_popup() as opened:
        page.click("#go")
    popup = opened.value
    popup.get_by_role("button", name="Sign in as alice").wait_for()
    popup.close()
    assert result(page) == {"error": "PopupClosed", "code": "popup_closed"}
    assert session_storage(page) == {}


def test_spoofed_messages_are_ignored(page, console, servers, runtime, provider):
    # While the real popup is open, this window and a frame of another origin post a
    # well-formed callback with a valid token for bob; the page must wait for the popup.
    open_flow(page, console, servers.app, runtime, op="request", mode="popup")
    with page.expect_popup() as opened:
        page.click("#go")
    popup = opened.value
    popup.get_by_role("button", name="Sign in as alice").wait_for()
    request = {k: v[0] for k, v in parse_qs(urlsplit(popup.url).query).items()}
    token = provider.issue_id_token("bob", servers.app, "openid", nonce=request["nonce"])
    forged = f"{servers.app}/callback.html#" + urlencode(
        {"id_token": token, "state": request["state"], "iss": servers.provider}
    )
    message = {"type": "pwid-connect:callback", "url": forged}
    page.evaluate("(m) => window.postMessage(m, '*')", message)
    page.evaluate(
        "(src) => new Promise((ok) => { const f = document.createElement('iframe');"
        " f.onload = ok; f.src = src; document.body.append(f); })",
        f"{servers.provider}/",
    )
    frame = next(f for f in page.frames if f.url.startswith(servers.provider))
    frame.evaluate("(m) => parent.postMessage(m, '*')", message)
    sign_in_at_provider(popup)
    outcome = result(page)
    assert outcome["signed_in"] is True and outcome["sub"] != BOB
    assert cached_user(page) is not None


def test_no_token_in_history_after_a_redirect_sign_in(page, console, servers, runtime):
    provider_session(page.context, servers, scope="openid")
    open_flow(page, console, servers.app, runtime, op="request")
    go_and_sign_in_if_asked(page, "redirect", trip=True, sign_in=False)
    wait_for_python(page, console)
    assert result(page)["signed_in"] is True
    cdp = page.context.new_cdp_session(page)
    entries = cdp.send("Page.getNavigationHistory")["entries"]
    urls = [entry["url"] for entry in entries] + [page.evaluate("location.href")]
    assert len(entries) >= 2
    assert not [url for url in urls if "id_token" in url or "state=" in url or "code=" in url]
