"""Every sign-in flow, end to end in Chromium, on both runtimes, against the local provider.

The matrix is {id, request none, request login} x {redirect, popup} x {cached, not
cached} x {provider session alive, not alive}; each cell asserts what the person saw
(which provider pages, if any) and what sessionStorage holds afterwards.
"""

import time

import pytest

from tests.browser.flows import (
    ProviderTraffic,
    cached_user,
    go_and_sign_in_if_asked,
    open_flow,
    provider_session,
    result,
    seed_cache,
)
from tests.browser.harness import wait_for_python

SCOPE = "openid avatar"
ALICE = "0f9c4a52-3d1e-4f7a-9a61-2b8f0c1d5e01"


def cells():
    for cached in (True, False):
        for alive in (True, False):
            yield pytest.param("id", "none", cached, alive, id=f"id-{_name(cached, alive)}")
            for prompt in ("none", "login"):
                for mode in ("redirect", "popup"):
                    name = f"request-{prompt}-{mode}-{_name(cached, alive)}"
                    yield pytest.param(prompt, mode, cached, alive, id=name)


def _name(cached: bool, alive: bool) -> str:
    return ("cached" if cached else "uncached") + ("-alive" if alive else "-signedout")


@pytest.mark.parametrize(("op", "mode", "cached", "alive"), list(cells()))
def test_sign_in_matrix(page, console, servers, runtime, op, mode, cached, alive):
    if alive:
        provider_session(page.context, servers, scope=SCOPE)
    else:
        # Chromium logs the silent endpoint's 401 ("signed out") as a failed load.
        console.allow("status of 401")
    old_auth_time = time.time() - 3600
    if cached:
        seed_cache(page, servers, SCOPE, auth_time=old_auth_time)
    traffic = ProviderTraffic(page.context, servers.provider)
    params = {"want": SCOPE, "mode": mode, "op": "id" if op == "id" else "request", "prompt": op}
    open_flow(page, console, servers.app, runtime, **params)
    started = time.time()

    if op != "id":
        from_cache = op == "none" and cached
        go_and_sign_in_if_asked(page, mode, trip=not from_cache, sign_in=op == "login" or not alive)
        if mode == "redirect" and not from_cache:
            wait_for_python(page, console)
    outcome = result(page)
    stored = cached_user(page)

    if op == "id" and not cached and not alive:
        assert outcome.get("signed_in") is False, outcome
        assert stored is None
        assert not traffic.showed_a_page()
        return
    assert outcome.get("signed_in") is True, outcome
    assert outcome["sub"] == ALICE
    assert "picture" in outcome["profile_keys"]
    assert stored is not None and stored["scope_granted"] == SCOPE
    if op == "login":
        # The cache was bypassed and the provider verified the user again, now.
        assert traffic.pages, "prompt=login must show the sign-in page"
        assert outcome["auth_time"] >= started - 2
    elif cached:
        assert traffic.requests == [], "a cached user needs no network"
        assert outcome["auth_time"] == pytest.approx(old_auth_time, abs=1)
    elif alive:
        assert not traffic.showed_a_page(), "a live session signs in without a page"
    else:
        assert traffic.pages, "signed out: the provider shows its sign-in page"
    assert "#" not in page.url and "state=" not in page.url


@pytest.mark.parametrize("mode", ["redirect", "popup"])
def test_request_without_cache_stores_nothing(page, console, servers, runtime, mode):
    provider_session(page.context, servers, scope="openid")
    open_flow(page, console, servers.app, runtime, op="request", mode=mode, cache="0")
    go_and_sign_in_if_asked(page, mode, trip=True, sign_in=False)
    if mode == "redirect":
        wait_for_python(page, console)
    assert result(page)["signed_in"] is True
    assert page.evaluate("sessionStorage.length") == 0


def test_code_flow_with_pkce(page, console, servers, runtime, provider):
    provider_session(page.context, servers, scope="openid")
    open_flow(page, console, servers.app, runtime, op="request", response_type="code")
    go_and_sign_in_if_asked(page, "redirect", trip=True, sign_in=False)
    wait_for_python(page, console)
    assert result(page)["sub"] == ALICE
    assert [entry["endpoint"] for entry in provider.log].count("token") == 1
    assert "code=" not in page.url


def test_signed_out_request_none_does_not_loop(page, console, servers, runtime):
    # No session: prompt=none must show the sign-in page once, not bounce between origins.
    traffic = ProviderTraffic(page.context, servers.provider)
    open_flow(page, console, servers.app, runtime, op="request")
    page.click("#go")
    page.get_by_role("button", name="Sign in as alice").wait_for()
    assert [p for p in traffic.requests if p == "/openid/authorize"] == ["/openid/authorize"]


def test_cross_site_silent_check_falls_back(page, console, servers, runtime):
    # App on localhost, provider on 127.0.0.1: Chromium withholds the provider's cookie
    # from the credentialed fetch and from the iframe, so id() cannot see the session...
    provider_session(page.context, servers, scope="openid")
    console.allow("status of 401")  # the silent endpoint's answer, logged by Chromium
    traffic = ProviderTraffic(page.context, servers.provider)
    open_flow(page, console, servers.app_cross_site, runtime, op="id")
    assert result(page)["signed_in"] is False
    assert "/openid/id_token" in traffic.requests and "/openid/authorize" in traffic.requests
    # ...but a top-level request still signs in silently, with no page shown.
    open_flow(page, console, servers.app_cross_site, runtime, op="request")
    go_and_sign_in_if_asked(page, "redirect", trip=True, sign_in=False)
    wait_for_python(page, console)
    assert result(page)["signed_in"] is True
    assert not traffic.showed_a_page()
