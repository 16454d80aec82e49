"""The authorization code flow with PKCE: /openid/token."""

from __future__ import annotations

import pytest

from tests.provider.conftest import FakeClock, Flow, pkce_pair, response_params


def _code(flow: Flow, challenge: str, **params: str) -> str:
    got = flow.login(
        "alice",
        response_type="code",
        code_challenge=challenge,
        code_challenge_method="S256",
        nonce=params.pop("nonce", ""),
        **params,
    )
    assert "id_token" not in got
    return got["code"]


def _exchange(flow: Flow, code: str, verifier: str, /, **overrides: str):
    form = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": flow.redirect_uri,
        "client_id": flow.client_id,
        "code_verifier": verifier,
        **overrides,
    }
    return flow.http.post("/openid/token", data=form, headers={"Origin": flow.client_id})


def test_code_response_is_in_the_query(flow: Flow, issuer: str, pkce) -> None:
    page = flow.sign_in(
        flow.authorize(
            response_type="code", code_challenge=pkce[1], code_challenge_method="S256", nonce=""
        )
    )
    location = flow.consent(page).headers["location"]
    assert location.startswith(f"{flow.client_id}/callback?page=1&code=")
    assert "#" not in location
    got = response_params(location)
    assert got["state"] == "af0ifjsldkj" and got["iss"] == issuer


def test_exchange_returns_a_verifiable_id_token(flow: Flow, pkce, provider) -> None:
    verifier, challenge = pkce
    code = _code(flow, challenge, scope="openid email", nonce="abc")
    response = _exchange(flow, code, verifier)
    assert response.status_code == 200, response.text
    assert response.headers["access-control-allow-origin"] == flow.client_id
    assert "access-control-allow-credentials" not in response.headers
    assert response.headers["cache-control"] == "no-store"
    body = response.json()
    assert body["token_type"] == "Bearer"
    assert body["expires_in"] == provider.token_lifetime
    assert body["scope"] == "openid email"
    assert body["access_token"]
    claims = flow.verify(body["id_token"])
    assert claims["nonce"] == "abc" and claims["email"] == "alice@example.org"
    assert claims["exp"] - claims["iat"] == provider.token_lifetime


def test_code_is_single_use(flow: Flow, pkce) -> None:
    verifier, challenge = pkce
    code = _code(flow, challenge)
    assert _exchange(flow, code, verifier).status_code == 200
    again = _exchange(flow, code, verifier)
    assert again.status_code == 400 and again.json()["error"] == "invalid_grant"


def test_wrong_verifier_burns_the_code(flow: Flow, pkce) -> None:
    verifier, challenge = pkce
    code = _code(flow, challenge)
    wrong = _exchange(flow, code, pkce_pair()[0])
    assert wrong.status_code == 400 and wrong.json()["error"] == "invalid_grant"
    assert _exchange(flow, code, verifier).json()["error"] == "invalid_grant"


def test_expired_code(flow: Flow, pkce, clock: FakeClock, provider) -> None:
    verifier, challenge = pkce
    provider.code_lifetime = 60
    code = _code(flow, challenge)
    clock.advance(60)
    response = _exchange(flow, code, verifier)
    assert response.status_code == 400 and response.json()["error"] == "invalid_grant"


def test_code_lifetime_is_adjustable(flow: Flow, pkce, provider) -> None:
    provider.code_lifetime = -1  # expired as soon as issued
    verifier, challenge = pkce
    assert _exchange(flow, _code(flow, challenge), verifier).json()["error"] == "invalid_grant"


@pytest.mark.parametrize(
    ("overrides", "error"),
    [
        ({"code_verifier": ""}, "invalid_request"),
        ({"code_verifier": "short"}, "invalid_grant"),
        ({"redirect_uri": ""}, "invalid_request"),
        ({"redirect_uri": "OTHER/callback"}, "invalid_grant"),
        ({"client_id": "OTHER"}, "invalid_grant"),
        ({"client_id": "not-an-origin"}, "invalid_client"),
        ({"grant_type": ""}, "invalid_request"),
        ({"grant_type": "refresh_token"}, "unsupported_grant_type"),
        ({"code": "made-up"}, "invalid_grant"),
    ],
)
def test_token_errors(flow: Flow, pkce, overrides, error) -> None:
    verifier, challenge = pkce
    code = _code(flow, challenge)
    other = "http://127.0.0.1:1"
    overrides = {k: v.replace("OTHER", other) for k, v in overrides.items()}
    response = _exchange(flow, code, verifier, **overrides)
    assert response.status_code == 400
    body = response.json()
    assert body["error"] == error and body["error_description"]
    assert response.headers["access-control-allow-origin"] == flow.client_id


def test_token_needs_a_form_body(flow: Flow) -> None:
    response = flow.http.post("/openid/token", json={"grant_type": "authorization_code"})
    assert response.status_code == 400 and response.json()["error"] == "invalid_request"


def test_repeated_token_parameters(flow: Flow, pkce) -> None:
    verifier, challenge = pkce
    code = _code(flow, challenge)
    body = (
        f"grant_type=authorization_code&code={code}&code={code}&client_id={flow.client_id}"
        f"&redirect_uri={flow.redirect_uri}&code_verifier={verifier}"
    )
    response = flow.http.post(
        "/openid/token",
        content=body,
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert response.json()["error"] == "invalid_request"


def test_token_preflight(flow: Flow) -> None:
    response = flow.http.options(
        "/openid/token",
        headers={
            "Origin": "http://127.0.0.1:1234",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert response.status_code == 204
    assert response.headers["access-control-allow-origin"] == "http://127.0.0.1:1234"
    assert "POST" in response.headers["access-control-allow-methods"]
    assert response.headers["access-control-allow-headers"] == "content-type"
    assert "access-control-allow-credentials" not in response.headers
    assert "Origin" in response.headers["vary"]


def test_code_flow_auth_time_and_max_age(flow: Flow, pkce, clock: FakeClock) -> None:
    verifier, challenge = pkce
    first = flow.verify(_exchange(flow, _code(flow, challenge), verifier).json()["id_token"])
    clock.advance(50)
    verifier, challenge = pkce_pair()
    page = flow.authorize(
        response_type="code",
        code_challenge=challenge,
        code_challenge_method="S256",
        prompt="login",
        max_age="0",
    )
    code = response_params(flow.sign_in(page).headers["location"])["code"]
    second = flow.verify(_exchange(flow, code, verifier).json()["id_token"])
    assert second["auth_time"] == first["auth_time"] + 50
