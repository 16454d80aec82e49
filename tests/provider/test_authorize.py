"""/openid/authorize: client checks, parameter errors, prompt and max_age, the pages."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from tests.provider.conftest import FakeClock, Flow, response_params


def _assert_error_page(response) -> None:
    assert response.status_code == 400
    assert "location" not in response.headers
    assert "text/html" in response.headers["content-type"]
    assert "not the real service" in response.text


@pytest.mark.parametrize(
    "params",
    [
        {"client_id": ""},  # missing
        {"client_id": "my-app"},  # not an origin
        {"client_id": "http://127.0.0.1:1/"},  # trailing slash: not window.location.origin
        {"redirect_uri": ""},
        {"redirect_uri": "/callback"},  # relative
        {"redirect_uri": "javascript:alert(1)"},
        {"redirect_uri": "http://evil.example/callback"},  # foreign origin
        {"redirect_uri": "http://127.0.0.1:1/callback"},  # another port is another origin
        {"redirect_uri": "https://evil.example/cb"},
        {"redirect_uri": "http://user@evil.example/cb"},
    ],
)
def test_untrusted_client_gets_error_page_never_a_redirect(flow: Flow, params) -> None:
    _assert_error_page(flow.authorize(**params))


def test_redirect_uri_with_fragment_is_rejected(flow: Flow) -> None:
    _assert_error_page(flow.authorize(redirect_uri=f"{flow.client_id}/cb#x"))


def test_repeated_redirect_uri_is_rejected(flow: Flow) -> None:
    query = [
        ("client_id", flow.client_id),
        ("redirect_uri", f"{flow.client_id}/a"),
        ("redirect_uri", "http://evil.example/b"),
        ("response_type", "id_token"),
        ("scope", "openid"),
        ("nonce", "n"),
    ]
    _assert_error_page(flow.http.get("/openid/authorize", params=query))


def test_allowed_origins_check_rejects_unknown_client(flow: Flow, provider) -> None:
    provider.allowed_origins_check = lambda origin: origin == "http://127.0.0.1:2"
    _assert_error_page(flow.authorize())
    provider.allowed_origins_check = None
    assert flow.is_sign_in(flow.authorize())


@pytest.mark.parametrize(
    ("params", "error", "where"),
    [
        ({"response_type": "token"}, "unsupported_response_type", "query"),
        ({"response_type": ""}, "unsupported_response_type", "query"),
        ({"response_type": "code id_token"}, "unsupported_response_type", "query"),
        ({"scope": "avatar"}, "invalid_scope", "fragment"),
        ({"scope": "openid wallet"}, "invalid_scope", "fragment"),
        ({"scope": ""}, "invalid_scope", "fragment"),
        ({"nonce": ""}, "invalid_request", "fragment"),
        ({"prompt": "select_account"}, "invalid_request", "fragment"),
        ({"prompt": "none login"}, "invalid_request", "fragment"),
        ({"max_age": "-1"}, "invalid_request", "fragment"),
        ({"max_age": "ten"}, "invalid_request", "fragment"),
        ({"response_mode": "form_post"}, "invalid_request", "fragment"),
        ({"response_type": "code"}, "invalid_request", "query"),  # no PKCE
        ({"response_type": "code", "code_challenge": "x" * 43}, "invalid_request", "query"),
        (
            {"response_type": "code", "code_challenge": "short", "code_challenge_method": "S256"},
            "invalid_request",
            "query",
        ),
        (
            {"response_type": "code", "code_challenge": "x" * 43, "code_challenge_method": "plain"},
            "invalid_request",
            "query",
        ),
        ({"scope": "email", "response_mode": "query"}, "invalid_scope", "query"),
        (
            {"response_type": "code", "scope": "email", "response_mode": "fragment"},
            "invalid_scope",
            "fragment",
        ),
    ],
)
def test_bad_parameters_redirect_an_error(flow: Flow, issuer: str, params, error, where) -> None:
    response = flow.authorize(**params)
    assert response.status_code in (302, 303), response.text
    location = urlsplit(response.headers["location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == f"{flow.client_id}/callback"
    assert location.query.startswith("page=1")  # the redirect_uri's own query is kept
    carried = location.fragment if where == "fragment" else location.query
    assert f"error={error}" in carried
    got = response_params(response.headers["location"])
    assert got["error"] == error
    assert got["error_description"]
    assert got["state"] == "af0ifjsldkj"
    assert got["iss"] == issuer


def test_unknown_parameters_are_ignored(flow: Flow) -> None:
    assert flow.is_sign_in(flow.authorize(display="popup", ui_locales="fr", foo="bar"))


def test_error_without_state_has_no_state(flow: Flow) -> None:
    got = response_params(flow.authorize(state="", scope="bad").headers["location"])
    assert got["error"] == "invalid_scope" and "state" not in got


def test_sign_in_page(flow: Flow) -> None:
    page = flow.authorize()
    assert flow.is_sign_in(page)
    assert "Local twin of Passwordless.ID — not the real service" in page.text
    for name in ("alice", "bob"):
        assert f'<button type="submit" name="username" value="{name}">' in page.text
        assert f"Sign in as {name}</button>" in page.text
    assert page.headers["cache-control"] == "no-store"
    assert "set-cookie" not in page.headers


def test_first_sign_in_asks_consent_then_redirects_with_id_token(
    flow: Flow, issuer: str, provider
) -> None:
    consent = flow.sign_in(flow.authorize(scope="openid avatar email"), "alice")
    assert flow.is_consent(consent)
    assert "avatar" in consent.text and "email" in consent.text
    cookie = consent.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie and "path=/" in cookie
    assert "secure" not in cookie
    done = flow.consent(consent)
    assert done.status_code == 303
    location = done.headers["location"]
    assert location.startswith(f"{flow.client_id}/callback?page=1#")
    got = response_params(location)
    assert got["state"] == "af0ifjsldkj"
    assert got["iss"] == issuer
    assert got["scope"] == "openid avatar email"
    claims = flow.verify(got["id_token"])
    assert claims["preferred_username"] == "alice"
    assert claims["nonce"] == "n-0S6_WzA2Mj"
    assert claims["email"] == "alice@example.org"


def test_live_consented_session_answers_immediately(flow: Flow) -> None:
    first = flow.login("bob")
    again = flow.authorize(nonce="second")
    assert again.status_code == 302
    got = response_params(again.headers["location"])
    claims = flow.verify(got["id_token"])
    assert claims["preferred_username"] == "bob" and claims["nonce"] == "second"
    assert claims["auth_time"] == flow.verify(first["id_token"])["auth_time"]


def test_more_scopes_need_consent_again(flow: Flow) -> None:
    flow.login("alice", scope="openid")
    assert flow.is_consent(flow.authorize(scope="openid phone"))


def test_deny_consent_is_access_denied(flow: Flow) -> None:
    denied = flow.consent(flow.sign_in(flow.authorize()), "deny")
    assert denied.status_code == 303
    got = response_params(denied.headers["location"])
    assert got["error"] == "access_denied" and got["state"] == "af0ifjsldkj"
    assert flow.is_consent(flow.authorize())  # nothing was remembered, session still alive


def test_cancel_sign_in_is_access_denied(flow: Flow) -> None:
    page = flow.authorize()
    cancel = flow.http.post(
        "/openid/signin", data={"request_id": flow.request_id(page), "action": "cancel"}
    )
    assert response_params(cancel.headers["location"])["error"] == "access_denied"


def test_pending_request_is_single_use(flow: Flow) -> None:
    page = flow.authorize()
    flow.consent(flow.sign_in(page))
    replay = flow.http.post(
        "/openid/signin", data={"request_id": flow.request_id(page), "username": "bob"}
    )
    assert replay.status_code == 400 and "location" not in replay.headers


def test_unknown_user_or_request_is_an_error_page(flow: Flow) -> None:
    page = flow.authorize()
    bad_user = flow.http.post(
        "/openid/signin", data={"request_id": flow.request_id(page), "username": "mallory"}
    )
    _assert_error_page(bad_user)
    _assert_error_page(flow.http.post("/openid/signin", data={"request_id": "nope"}))
    _assert_error_page(flow.http.post("/openid/consent", data={"request_id": "nope"}))


def test_pending_request_expires(flow: Flow, provider) -> None:
    page = flow.authorize()
    provider.clock = lambda: 1e10
    _assert_error_page(flow.sign_in(page))


def test_prompt_none_without_session_is_login_required(flow: Flow) -> None:
    response = flow.authorize(prompt="none")
    assert response.status_code == 302
    got = response_params(response.headers["location"])
    assert got["error"] == "login_required" and got["state"] == "af0ifjsldkj"


def test_prompt_none_without_consent_is_consent_required(flow: Flow) -> None:
    flow.login("alice", scope="openid")
    got = response_params(flow.authorize(prompt="none", scope="openid email").headers["location"])
    assert got["error"] == "consent_required"


def test_prompt_none_with_session_and_consent_succeeds(flow: Flow) -> None:
    flow.login("alice")
    response = flow.authorize(prompt="none")
    assert response.status_code == 302
    assert flow.verify(response_params(response.headers["location"])["id_token"])


def test_no_prompt_session_without_consent_shows_consent(flow: Flow) -> None:
    flow.login("alice", scope="openid")
    assert flow.is_consent(flow.authorize(scope="openid birthdate"))


def test_prompt_consent_always_shows_consent(flow: Flow) -> None:
    flow.login("alice")
    page = flow.authorize(prompt="consent")
    assert flow.is_consent(page)
    assert flow.consent(page).status_code == 303


def test_prompt_login_with_live_session_signs_in_again(flow: Flow, clock: FakeClock) -> None:
    first = flow.verify(flow.login("alice")["id_token"])
    clock.advance(120)
    page = flow.authorize(prompt="login")
    assert flow.is_sign_in(page)
    assert "Please sign in again." in page.text
    done = flow.sign_in(page, "alice")  # consent is remembered: straight back to the app
    assert done.status_code == 303
    claims = flow.verify(response_params(done.headers["location"])["id_token"])
    assert claims["auth_time"] == first["auth_time"] + 120 == int(clock.now)


def test_prompt_login_and_consent(flow: Flow) -> None:
    flow.login("alice")
    page = flow.sign_in(flow.authorize(prompt="login consent"), "alice")
    assert flow.is_consent(page)
    assert response_params(flow.consent(page).headers["location"])["id_token"]


def test_prompt_login_may_switch_user(flow: Flow) -> None:
    flow.login("alice")
    got = flow.login("bob", prompt="login")
    assert flow.verify(got["id_token"])["preferred_username"] == "bob"


def test_max_age_zero_forces_sign_in(flow: Flow) -> None:
    flow.login("alice")
    assert flow.is_sign_in(flow.authorize(max_age="0"))


def test_max_age_respects_auth_time(flow: Flow, clock: FakeClock) -> None:
    flow.login("alice")
    clock.advance(300)
    assert flow.authorize(max_age="300").status_code == 302  # not older than 300 s
    page = flow.authorize(max_age="299")
    assert flow.is_sign_in(page)
    done = flow.sign_in(page, "alice")
    assert flow.verify(response_params(done.headers["location"])["id_token"])["auth_time"] == (
        int(clock.now)
    )


def test_prompt_none_with_expired_max_age_is_login_required(flow: Flow) -> None:
    flow.login("alice")
    got = response_params(flow.authorize(prompt="none", max_age="0").headers["location"])
    assert got["error"] == "login_required"


def test_response_mode_query_is_honoured_for_id_token(flow: Flow) -> None:
    flow.login("alice")
    location = flow.authorize(response_mode="query").headers["location"]
    assert "#" not in location and "id_token=" in urlsplit(location).query


def test_session_expires(flow: Flow, provider) -> None:
    flow.login("alice")
    provider.session_max_age = 10  # applies to new sessions only
    assert flow.authorize().status_code == 302
    provider.clock = lambda: 1e10  # long after the session's end
    assert flow.is_sign_in(flow.authorize())


def test_sign_in_replaces_the_session_id(flow: Flow, provider) -> None:
    flow.login("alice")
    (old_sid,) = provider.sessions
    flow.login("bob", prompt="login")
    (new_sid,) = provider.sessions
    assert new_sid != old_sid


def test_reset_forgets_sessions_and_consents(flow: Flow, provider) -> None:
    flow.login("alice")
    provider.reset()
    assert not provider.sessions and not provider.consents
    assert flow.is_sign_in(flow.authorize())


def test_authorize_requests_are_logged(flow: Flow, provider) -> None:
    flow.authorize(prompt="login", max_age="0")
    entry = provider.log[-1]
    assert entry["endpoint"] == "authorize"
    assert entry["params"]["prompt"] == "login" and entry["params"]["max_age"] == "0"


def test_state_and_nonce_round_trip_any_characters(flow: Flow) -> None:
    state = "a b&c=d#e/f+g?h%20é"
    nonce = "n&o n#c+e"
    got = flow.login("alice", state=state, nonce=nonce)
    assert got["state"] == state
    assert flow.verify(got["id_token"])["nonce"] == nonce


def test_reset_with_settings_restores_defaults(provider) -> None:
    defaults = (provider.token_lifetime, provider.code_lifetime, provider.clock)
    provider.token_lifetime, provider.code_lifetime = -5, -5
    provider.clock = lambda: 0.0
    provider.allowed_origins_check = lambda origin: False
    provider.reset()
    assert provider.token_lifetime == -5  # plain reset keeps settings
    provider.reset(settings=True)
    assert (provider.token_lifetime, provider.code_lifetime, provider.clock) == defaults
    assert provider.allowed_origins_check is None
