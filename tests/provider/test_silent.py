"""Passwordless.ID's silent endpoint /openid/id_token and its credentialed CORS."""

from __future__ import annotations

from tests.provider.conftest import Flow


def _assert_credentialed_cors(response, origin: str) -> None:
    assert response.headers["access-control-allow-origin"] == origin  # never "*"
    assert response.headers["access-control-allow-credentials"] == "true"
    assert "Origin" in response.headers["vary"]


def test_signed_out_is_401_login_required(flow: Flow) -> None:
    response = flow.silent()
    assert response.status_code == 401
    assert response.json() == {"error": "login_required"}
    _assert_credentialed_cors(response, flow.client_id)


def test_signed_in_without_consent_is_403(flow: Flow) -> None:
    flow.login("alice", scope="openid")
    response = flow.silent("openid email")
    assert response.status_code == 403
    assert response.json() == {"error": "consent_required"}
    _assert_credentialed_cors(response, flow.client_id)


def test_signed_in_and_consented_gets_a_token(flow: Flow, provider) -> None:
    flow.login("bob", scope="openid avatar email")
    response = flow.silent("openid avatar", nonce="silent-nonce")
    assert response.status_code == 200
    _assert_credentialed_cors(response, flow.client_id)
    assert response.headers["cache-control"] == "no-store"
    claims = flow.verify(response.json()["id_token"])
    assert claims["aud"] == flow.client_id
    assert claims["preferred_username"] == "bob"
    assert claims["nonce"] == "silent-nonce"
    assert claims["picture"].startswith("data:image/svg+xml;base64,")
    assert "email" not in claims  # only what was asked this time
    assert provider.log[-1]["endpoint"] == "id_token"


def test_scope_defaults_to_openid(flow: Flow) -> None:
    flow.login("alice", scope="openid")
    response = flow.http.get("/openid/id_token", headers={"Origin": flow.client_id})
    assert response.status_code == 200


def test_consent_is_per_client_origin(flow: Flow) -> None:
    flow.login("alice")
    other = "http://127.0.0.1:1"
    response = flow.http.get(
        "/openid/id_token", params={"scope": "openid avatar"}, headers={"Origin": other}
    )
    assert response.status_code == 403
    _assert_credentialed_cors(response, other)


def test_origin_is_required(flow: Flow) -> None:
    flow.login("alice")
    for headers in ({}, {"Origin": "null"}, {"Origin": "http://127.0.0.1:1/path"}):
        response = flow.http.get("/openid/id_token", params={"scope": "openid"}, headers=headers)
        assert response.status_code == 400
        assert "access-control-allow-origin" not in response.headers


def test_disallowed_origin_gets_no_cors(flow: Flow, provider) -> None:
    flow.login("alice")
    provider.allowed_origins_check = lambda origin: False
    response = flow.silent()
    assert response.status_code == 403
    assert "access-control-allow-origin" not in response.headers


def test_invalid_scope(flow: Flow) -> None:
    response = flow.silent("avatar")
    assert response.status_code == 400 and response.json()["error"] == "invalid_scope"
    _assert_credentialed_cors(response, flow.client_id)


def test_preflight_for_the_exact_origin(flow: Flow) -> None:
    response = flow.http.options(
        "/openid/id_token",
        headers={
            "Origin": flow.client_id,
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "x-requested-with",
        },
    )
    assert response.status_code == 204
    _assert_credentialed_cors(response, flow.client_id)
    assert "GET" in response.headers["access-control-allow-methods"]
    assert response.headers["access-control-allow-headers"] == "x-requested-with"


def test_no_wildcard_anywhere_on_the_silent_endpoint(flow: Flow) -> None:
    flow.login("alice")
    for response in (
        flow.silent(),
        flow.silent("openid email"),
        flow.http.options("/openid/id_token", headers={"Origin": flow.client_id}),
    ):
        assert response.headers.get("access-control-allow-origin") != "*"


def test_token_lifetime_changes_at_run_time(flow: Flow, provider) -> None:
    flow.login("alice")
    provider.token_lifetime = 5
    claims = flow.verify(flow.silent().json()["id_token"])
    assert claims["exp"] - claims["iat"] == 5


def test_session_shortcut_for_other_tests(flow: Flow, provider) -> None:
    session = provider.sign_in("carol")
    provider.grant_consent("carol", flow.client_id, frozenset({"openid"}))
    flow.http.cookies.set("pwid_twin_session", session.sid)
    response = flow.silent("openid")
    assert flow.verify(response.json()["id_token"])["preferred_username"] == "carol"
