"""The demo page, used as a person would: sign in, see the profile, prove presence, call
the API, sign out; on both runtimes."""

import time

from tests.browser.flows import (
    ProviderTraffic,
    cached_user,
    provider_session,
    seed_cache,
    sign_in_at_provider,
)
from tests.browser.harness import wait_for_python


def open_demo(page, console, servers, runtime) -> None:
    console.allow("status of 401")  # the silent check's "signed out", logged by Chromium
    page.goto(f"{servers.app}/?runtime={runtime}")
    wait_for_python(page, console)


def test_popup_sign_in_profile_api_presence_and_sign_out(page, console, servers, runtime):
    open_demo(page, console, servers, runtime)
    page.get_by_text("Signed out", exact=True).wait_for()
    with page.expect_popup() as opened:
        page.get_by_role("button", name="Sign in (popup)").click()
    sign_in_at_provider(opened.value)
    page.get_by_text("Signed in", exact=True).wait_for()
    assert page.text_content("#name") == "alice"
    assert page.get_attribute("#avatar", "src").startswith("data:image/svg+xml")
    assert page.text_content("#scopes") == "openid avatar email"
    page.screenshot(path=f"test-results/demo-signed-in-{runtime}.png")

    page.get_by_role("button", name="Call /api/me").click()
    page.wait_for_selector("#api-result:not([hidden])")
    assert '"status": 200' in page.text_content("#api-result")

    # The provider session is alive, yet prompt=login shows the sign-in page again.
    traffic = ProviderTraffic(page.context, servers.provider)
    with page.expect_popup() as opened:
        page.get_by_role("button", name="Sensitive action (verify it's you)").click()
    sign_in_at_provider(opened.value)
    page.wait_for_function("document.getElementById('presence').textContent.length > 0")
    assert "You proved your presence at" in page.text_content("#presence")
    assert traffic.showed_a_page()
    page.screenshot(path=f"test-results/demo-presence-{runtime}.png")

    page.get_by_role("button", name="Sign out").click()
    page.get_by_text("Signed out", exact=True).wait_for()
    assert cached_user(page) is None


def test_redirect_sign_in_and_reload_keeps_the_user(page, console, servers, runtime):
    open_demo(page, console, servers, runtime)
    with page.expect_navigation(url=lambda url: url.startswith(servers.app + "/?")):
        page.get_by_role("button", name="Sign in (redirect)").click()
        sign_in_at_provider(page)
    wait_for_python(page, console)
    page.get_by_text("Signed in", exact=True).wait_for()
    page.reload()
    wait_for_python(page, console)
    page.get_by_text("Signed in", exact=True).wait_for()
    assert page.text_content("#name") == "alice"


def test_live_provider_session_signs_in_on_load(page, console, servers, runtime):
    provider_session(page.context, servers, scope="openid avatar email")
    open_demo(page, console, servers, runtime)
    page.get_by_text("Signed in", exact=True).wait_for()
    assert cached_user(page) is not None


def test_idle_countdown_warning_lock_and_sign_in_again(page, console, servers, runtime):
    page.clock.install()
    seed_cache(page, servers, "openid avatar email")
    console.allow("status of 401")
    page.goto(f"{servers.app}/?runtime={runtime}&idle=60")
    wait_for_python(page, console)
    page.get_by_text("Signed in", exact=True).wait_for()

    page.clock.run_for(35_000)  # 25 s left: the warning is up
    page.wait_for_selector("#idle-warning[open]")
    page.screenshot(path=f"test-results/demo-warning-{runtime}.png")
    # Any trusted input is activity and withdraws the warning (the button's pointer move
    # already does); a key press stands for it here.
    page.keyboard.press("Shift")
    page.wait_for_selector("#idle-warning:not([open])", state="attached")

    page.clock.run_for(61_000)  # a full idle period after that click
    page.get_by_role("button", name="Sign in again").wait_for()
    assert page.text_content("#status") == "Locked"
    assert cached_user(page) is None
    page.screenshot(path=f"test-results/demo-locked-{runtime}.png")

    # The page's fake clock ran 96 s ahead; the provider keeps the same time, or its
    # auth_time would look older than the prompt=login request (beyond the leeway).
    skew = page.evaluate("Date.now() / 1000") - time.time()
    servers.provider_state.clock = lambda: time.time() + skew
    with page.expect_popup() as opened:
        page.get_by_role("button", name="Sign in again").click()
    sign_in_at_provider(opened.value)
    page.get_by_text("Signed in", exact=True).wait_for()
    assert cached_user(page) is not None
