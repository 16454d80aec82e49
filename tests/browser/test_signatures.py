"""ID-token signatures verified in the page with WebCrypto, on both runtimes.

Forged tokens are minted here, in the test process, with the twin provider's own keys
(or a stranger's), and handed to the page as the provider would: Playwright answers the
page's request to the provider (authorize, silent endpoint, token endpoint) with the
forgery. Each forgery must be refused with InvalidToken and its ``.code``, nothing cached.
"""

import base64
import json
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from joserfc import jwt as jose_jwt
from joserfc.jwk import ECKey, OctKey

from tests.browser.flows import cached_user, open_flow, provider_session, result
from tests.browser.harness import RUNTIMES, new_page, wait_for_python

JWKS_PATH = "/.well-known/jwks.json"
# The start of alice's sub: a flipped bit in its last byte turns "0f9c4a52" into "0f9c4a53".
SUB = b"0f9c4a52"


@pytest.fixture(autouse=True)
def provider(servers):
    """The twin, reset; its keys are restored afterwards (tests rotate and swap them)."""
    state = servers.provider_state
    state.reset(settings=True)
    saved = (state.keys.current, list(state.keys.previous))
    yield state
    state.keys.current, state.keys.previous = saved
    state.reset(settings=True)


# -- minting tokens ------------------------------------------------------------------------


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _flip(token: str, part: int, needle: bytes | None = None) -> str:
    """One bit flipped in the decoded bytes of one part (inside ``needle`` if given)."""
    parts = token.split(".")
    raw = bytearray(_unb64(parts[part]))
    index = raw.index(needle) + len(needle) - 1 if needle else 10
    raw[index] ^= 1
    parts[part] = _b64(bytes(raw))
    return ".".join(parts)


def _resign(token: str, header: dict, key) -> str:
    """The token's claims under another header, signed by ``key`` (joserfc)."""
    claims = json.loads(_unb64(token.split(".")[1]))
    return jose_jwt.encode(header, claims, key, algorithms=[header["alg"]])


def _alg_none(token: str, state) -> str:
    payload = token.split(".")[1]
    return _b64(json.dumps({"alg": "none", "typ": "JWT"}).encode()) + "." + payload + "."


def _hs256_with_public_key(token: str, state) -> str:
    public = json.dumps(state.jwks()["keys"][0]).encode()
    return _resign(token, {"alg": "HS256", "kid": state.kid}, OctKey.import_key(public))


def _stranger(token: str, state) -> str:
    return _resign(token, {"alg": "ES256", "kid": state.kid}, ECKey.generate_key("P-256"))


def _stranger_own_kid(token: str, state) -> str:
    key = ECKey.generate_key("P-256", auto_kid=True)
    return _resign(token, {"alg": "ES256", "kid": key.kid}, key)


def _embedded_jwk(token: str, state) -> str:
    key = ECKey.generate_key("P-256", auto_kid=True)
    header = {"alg": "ES256", "kid": key.kid, "jwk": key.as_dict(private=False)}
    return _resign(token, header, key)


def _kid_swapped(token: str, state) -> str:
    # The twin publishes two keys after a rotation (see the case's setup); the token is
    # signed by the current one but names the previous one.
    header, payload, signature = token.split(".")
    head = json.loads(_unb64(header))
    head["kid"] = str(state.keys.previous[0].kid)
    return _b64(json.dumps(head).encode()) + "." + payload + "." + signature


# name: (forge(token, provider state) -> token, expected code, rotate first)
FORGERIES = {
    "signature-bit": (lambda t, s: _flip(t, 2), "signature_invalid", False),
    "payload-bit": (lambda t, s: _flip(t, 1, SUB), "signature_invalid", False),
    "header-bit": (lambda t, s: _flip(t, 0, b"JWT"), "signature_invalid", False),
    "alg-none": (_alg_none, "alg_none", False),
    "hs256-public-key": (_hs256_with_public_key, "alg_not_allowed", False),
    "unpublished-key": (_stranger, "signature_invalid", False),
    "unpublished-kid": (_stranger_own_kid, "kid_unknown", False),
    "header-jwk": (_embedded_jwk, "header_key_refused", False),
    "kid-swapped": (_kid_swapped, "signature_invalid", True),
}


# -- answering the page's requests to the provider -----------------------------------------


def _query(url: str) -> dict:
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}


def _fragment_back(params: dict, fields: dict) -> str:
    return params["redirect_uri"] + "#" + urlencode(fields)


def answer_authorize(page, servers, make_token, response_type: str = "id_token") -> None:
    """The provider's authorize endpoint, played by the test: it redirects back at once.

    For ``response_type="code"`` it sends a code, and the token endpoint (played too)
    exchanges it for the token ``make_token`` makes.
    """
    state = servers.provider_state
    nonces: list = []
    if response_type == "code":
        answer_token_endpoint(page, servers, make_token, nonces)

    def handle(route) -> None:
        params = _query(route.request.url)
        back = {"state": params["state"], "iss": servers.provider}
        nonces.append(params["nonce"])
        if response_type == "code":
            url = params["redirect_uri"] + "?" + urlencode({"code": "c0de", **back})
        else:
            token = make_token(state.issue_id_token("alice", servers.app, nonce=params["nonce"]))
            url = _fragment_back(params, {"id_token": token, "scope": "openid", **back})
        route.fulfill(status=302, headers={"Location": url, "Cache-Control": "no-store"})

    page.context.route(f"{servers.provider}/openid/authorize?*", handle)


def answer_token_endpoint(page, servers, make_token, nonces: list) -> None:
    def handle(route) -> None:
        state = servers.provider_state
        token = make_token(state.issue_id_token("alice", servers.app, nonce=nonces[-1]))
        body = {"id_token": token, "token_type": "Bearer", "scope": "openid"}
        headers = {"Access-Control-Allow-Origin": servers.app, "Cache-Control": "no-store"}
        route.fulfill(status=200, json=body, headers=headers)

    page.context.route(f"{servers.provider}/openid/token", handle)


def answer_silent_endpoint(page, servers, make_token=None) -> None:
    """The silent endpoint: a token made by ``make_token``, or 401 (signed out) if None."""
    cors = {"Access-Control-Allow-Origin": servers.app, "Access-Control-Allow-Credentials": "true"}

    def handle(route) -> None:
        if make_token is None:
            route.fulfill(status=401, json={"error": "login_required"}, headers=cors)
            return
        nonce = _query(route.request.url)["nonce"]
        token = make_token(servers.provider_state.issue_id_token("alice", servers.app, nonce=nonce))
        route.fulfill(status=200, json={"id_token": token}, headers=cors)

    page.context.route(f"{servers.provider}/openid/id_token?*", handle)


def jwks_requests(page, servers) -> list:
    seen: list = []
    page.context.on(
        "request", lambda r: seen.append(r.url) if r.url == servers.provider + JWKS_PATH else None
    )
    return seen


def sign_in_by_popup(page) -> dict:
    """Click #go (a popup sign-in), wait for the popup to finish, return the page's result."""
    page.evaluate("delete document.getElementById('result').dataset.done")
    with page.expect_popup() as opened:
        page.click("#go")
    popup = opened.value
    if not popup.is_closed():
        popup.wait_for_event("close")
    return result(page)


def refused(outcome: dict, code: str) -> None:
    assert outcome == {"error": "InvalidToken", "code": code}, outcome


# -- the tests -------------------------------------------------------------------------------


def test_genuine_token_is_accepted_by_popup(page, console, servers, runtime):
    answer_authorize(page, servers, lambda token: token)
    seen = jwks_requests(page, servers)
    open_flow(page, console, servers.app, runtime, op="request", mode="popup")
    outcome = sign_in_by_popup(page)
    assert outcome["signed_in"] is True, outcome
    assert cached_user(page) is not None
    assert len(seen) == 1


@pytest.fixture(scope="module", params=list(RUNTIMES), ids=list(RUNTIMES.values()))
def popup_page(request, browser, servers):
    """One flow page per runtime for every forgery below: each is a new popup sign-in."""
    page, watch = new_page(browser)
    try:
        open_flow(page, watch, servers.app, request.param, op="request", mode="popup")
        yield page, watch
    finally:
        page.context.close()


@pytest.mark.parametrize("name", list(FORGERIES))
def test_forged_token_is_refused_by_popup(popup_page, servers, name):
    page, watch = popup_page
    forge, code, rotate = FORGERIES[name]
    state = servers.provider_state
    if rotate:
        state.rotate_key()  # two published keys
    page.context.unroute_all()
    answer_authorize(page, servers, lambda token: forge(token, state))
    refused(sign_in_by_popup(page), code)
    assert cached_user(page) is None
    watch.check()


def test_forged_token_is_refused_in_the_url(page, console, servers, runtime):
    # The redirect flow: the forgery comes back in this page's URL fragment.
    answer_authorize(page, servers, lambda token: _flip(token, 2))
    open_flow(page, console, servers.app, runtime, op="request")
    back = page.url.split("?")[0]
    with page.expect_navigation(url=lambda url: url.startswith(back) and "#" in url):
        page.click("#go")
    wait_for_python(page, console)
    refused(result(page), "signature_invalid")
    assert cached_user(page) is None
    assert "id_token" not in page.url


def test_forged_token_is_refused_from_the_silent_endpoint(page, console, servers, runtime):
    answer_silent_endpoint(page, servers, lambda token: _flip(token, 1, SUB))
    open_flow(page, console, servers.app, runtime, op="id")
    refused(result(page), "signature_invalid")
    assert cached_user(page) is None


def test_forged_token_is_refused_from_the_iframe(page, console, servers, runtime):
    console.allow("status of 401")  # the silent endpoint's "signed out", logged by Chromium
    answer_silent_endpoint(page, servers, None)
    answer_authorize(page, servers, lambda token: _stranger(token, servers.provider_state))
    open_flow(page, console, servers.app, runtime, op="id")
    refused(result(page), "signature_invalid")
    assert cached_user(page) is None


def test_forged_token_is_refused_from_the_code_exchange(page, console, servers, runtime):
    answer_authorize(page, servers, lambda token: _alg_none(token, None), response_type="code")
    open_flow(page, console, servers.app, runtime, op="request", mode="popup", response_type="code")
    refused(sign_in_by_popup(page), "alg_none")
    assert cached_user(page) is None


@pytest.mark.parametrize("jwks", ["unreachable", "malformed", "not-found"])
def test_jwks_out_of_reach_refuses_the_token(page, console, servers, runtime, jwks):
    console.allow("Failed to load resource")  # the aborted or 404 JWKS request
    answer_authorize(page, servers, lambda token: token)

    def handle(route) -> None:
        if jwks == "unreachable":
            route.abort()
        elif jwks == "not-found":
            route.fulfill(status=404, body="nope", headers={"Access-Control-Allow-Origin": "*"})
        else:
            route.fulfill(
                status=200, body="{keys: oops", headers={"Access-Control-Allow-Origin": "*"}
            )

    page.context.route(servers.provider + JWKS_PATH, handle)
    open_flow(page, console, servers.app, runtime, op="request", mode="popup")
    code = "jwks_invalid" if jwks == "malformed" else "jwks_unreachable"
    refused(sign_in_by_popup(page), code)
    assert cached_user(page) is None


def test_rs256_provider_is_accepted(page, console, servers, runtime, provider):
    provider.rotate_key(keep_previous=False, key_type="RS256")
    assert provider.jwks()["keys"][0]["kty"] == "RSA"
    provider_session(page.context, servers, scope="openid")
    open_flow(page, console, servers.app, runtime, op="request", mode="popup")
    outcome = sign_in_by_popup(page)
    assert outcome["signed_in"] is True, outcome
    assert cached_user(page) is not None


def test_rs256_forgery_is_refused(page, console, servers, runtime, provider):
    provider.rotate_key(keep_previous=False, key_type="RS256")
    answer_authorize(page, servers, lambda token: _flip(token, 1, SUB))
    open_flow(page, console, servers.app, runtime, op="request", mode="popup")
    refused(sign_in_by_popup(page), "signature_invalid")
    assert cached_user(page) is None


def test_key_rotation_costs_one_jwks_fetch(page, console, servers, runtime, provider):
    # Real sign-ins against the twin, three in one page: the JWKS is fetched once, then
    # once more after the provider changes its key, then not again.
    provider_session(page.context, servers, scope="openid")
    seen = jwks_requests(page, servers)
    open_flow(page, console, servers.app, runtime, op="request", mode="popup", cache="0")
    assert sign_in_by_popup(page)["signed_in"] is True
    assert len(seen) == 1
    provider.rotate_key(keep_previous=False)
    assert sign_in_by_popup(page)["signed_in"] is True
    assert len(seen) == 2
    assert sign_in_by_popup(page)["signed_in"] is True
    assert len(seen) == 2


def test_verification_can_be_turned_off(page, console, servers, runtime):
    # verify_signature=False (for a provider whose JWKS has no CORS): the claims are still
    # checked, the signature is not, and the JWKS is never fetched.
    answer_authorize(page, servers, lambda token: _flip(token, 1, SUB))
    seen = jwks_requests(page, servers)
    open_flow(page, console, servers.app, runtime, op="request", mode="popup", verify="0")
    outcome = sign_in_by_popup(page)
    assert outcome["signed_in"] is True and outcome["sub"].startswith("0f9c4a53"), outcome
    assert seen == []
