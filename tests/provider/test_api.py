"""The demo API's /api/me: Bearer ID tokens checked against the provider's JWKS."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from joserfc import jwt as jose_jwt
from joserfc.jwk import ECKey

from tests.provider.conftest import Flow, LiveServer


@pytest.fixture(scope="session")
def api(api_server: LiveServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=api_server.origin, trust_env=False) as client:
        yield client


def _me(api: httpx.Client, token: str | None, scheme: str = "Bearer") -> httpx.Response:
    headers = {} if token is None else {"Authorization": f"{scheme} {token}"}
    return api.get("/api/me", headers=headers)


def test_fresh_token_is_accepted(api: httpx.Client, flow: Flow) -> None:
    token = flow.login("alice", scope="openid email")["id_token"]
    response = _me(api, token)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["sub"] == body["claims"]["sub"]
    assert body["claims"]["email"] == "alice@example.org"


def _assert_401(response: httpx.Response, words: str = "") -> None:
    assert response.status_code == 401, response.text
    assert response.json()["error"] in {"invalid_token", "invalid_request"}
    assert words.lower() in response.json()["error_description"].lower()
    assert response.headers["www-authenticate"].startswith("Bearer ")


def test_missing_or_non_bearer(api: httpx.Client, provider, flow: Flow) -> None:
    _assert_401(_me(api, None))
    _assert_401(_me(api, provider.issue_id_token("alice", flow.client_id), scheme="Basic"))


@pytest.mark.parametrize("token", ["garbage", "a.b.c", "eyJhbGciOiJFUzI1NiJ9.e30.", "x y"])
def test_malformed(api: httpx.Client, token: str) -> None:
    _assert_401(_me(api, token))


def test_bearer_without_token(api: httpx.Client) -> None:
    _assert_401(api.get("/api/me", headers={"Authorization": "Bearer"}))


def test_expired(api: httpx.Client, provider, flow: Flow) -> None:
    provider.token_lifetime = -1
    _assert_401(_me(api, provider.issue_id_token("alice", flow.client_id)), "expired")


def test_wrong_audience(api: httpx.Client, provider) -> None:
    _assert_401(_me(api, provider.issue_id_token("alice", "http://127.0.0.1:1")), "not meant")


def test_wrong_issuer(api: httpx.Client, provider, flow: Flow) -> None:
    token = provider.issue_id_token("alice", flow.client_id)
    issuer = provider.issuer
    provider.issuer = "http://127.0.0.1:1"
    try:
        _assert_401(_me(api, provider.issue_id_token("alice", flow.client_id)), "issuer")
    finally:
        provider.issuer = issuer
    assert _me(api, token).status_code == 200


def _forged(provider, flow: Flow, kid: str) -> str:
    """A token with the right claims signed by a key the provider never published."""
    other = ECKey.generate_key("P-256")
    genuine = jose_jwt.decode(
        provider.issue_id_token("alice", flow.client_id), provider.keys.current
    )
    header = {"alg": "ES256", "kid": kid}
    return jose_jwt.encode(header, genuine.claims, other, algorithms=["ES256"])


def test_wrong_signature_with_the_published_kid(api: httpx.Client, provider, flow: Flow) -> None:
    _assert_401(_me(api, _forged(provider, flow, provider.kid)), "signature")


def test_wrong_signature_with_an_unknown_kid(api: httpx.Client, provider, flow: Flow) -> None:
    _assert_401(_me(api, _forged(provider, flow, "not-a-published-kid")), "unknown key")


def test_unsigned_token_is_rejected(api: httpx.Client, provider, flow: Flow) -> None:
    genuine = provider.issue_id_token("alice", flow.client_id)
    _, payload, _ = genuine.split(".")
    _assert_401(_me(api, f"eyJhbGciOiJub25lIiwia2lkIjoieCJ9.{payload}."))


def test_jwks_is_cached_and_refetched_on_rotation(
    api: httpx.Client, api_server: LiveServer, provider, flow: Flow
) -> None:
    (route,) = api_server.app.routes
    cache = route.jwks_cache
    assert _me(api, provider.issue_id_token("alice", flow.client_id)).status_code == 200
    fetches = cache.fetches
    assert _me(api, provider.issue_id_token("bob", flow.client_id)).status_code == 200
    assert cache.fetches == fetches  # cached
    provider.rotate_key(keep_previous=False)
    assert _me(api, provider.issue_id_token("bob", flow.client_id)).status_code == 200
    assert cache.fetches == fetches + 1  # unknown kid: refetched once
