"""Discovery document, JWKS, keys and the provider's home page."""

from __future__ import annotations

import json
from pathlib import Path

import jwt
import pytest

from demo.provider import create_provider
from demo.provider.keys import load_or_create_key
from tests.provider.conftest import Flow


def test_discovery_document(flow: Flow, issuer: str) -> None:
    response = flow.http.get("/.well-known/openid-configuration")
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == "*"
    config = response.json()
    assert config["issuer"] == issuer
    assert config["authorization_endpoint"] == f"{issuer}/openid/authorize"
    assert config["token_endpoint"] == f"{issuer}/openid/token"
    assert config["jwks_uri"] == f"{issuer}/.well-known/jwks.json"
    assert config["end_session_endpoint"] == f"{issuer}/openid/logout"
    assert config["id_token_endpoint"] == f"{issuer}/openid/id_token"
    assert config["response_types_supported"] == ["id_token", "code"]
    assert config["response_modes_supported"] == ["query", "fragment"]
    assert config["code_challenge_methods_supported"] == ["S256"]
    assert config["id_token_signing_alg_values_supported"] == ["ES256"]
    assert config["prompt_values_supported"] == ["none", "login", "consent"]
    assert config["authorization_response_iss_parameter_supported"] is True
    assert {"openid", "avatar", "email", "phone", "birthdate", "address"} <= set(
        config["scopes_supported"]
    )
    assert {"sub", "picture", "email", "auth_time", "nonce"} <= set(config["claims_supported"])
    assert "authorization_code" in config["grant_types_supported"]


def test_jwks_publishes_one_public_es256_key(flow: Flow, provider) -> None:
    response = flow.http.get("/.well-known/jwks.json")
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == "*"
    (key,) = response.json()["keys"]
    assert key["kty"] == "EC" and key["crv"] == "P-256"
    assert key["use"] == "sig" and key["alg"] == "ES256"
    assert key["kid"] == provider.kid
    assert "d" not in key
    jwt.PyJWK(key)  # PyJWT accepts it


def test_rotate_key_keeps_previous_key_published(flow: Flow, provider) -> None:
    old_token = provider.issue_id_token("alice", flow.client_id)
    old_kid = provider.kid
    new_kid = provider.rotate_key()
    assert new_kid == provider.kid != old_kid
    kids = [k["kid"] for k in flow.http.get("/.well-known/jwks.json").json()["keys"]]
    assert kids == [new_kid, old_kid]
    assert jwt.get_unverified_header(provider.issue_id_token("bob", flow.client_id))["kid"] == (
        new_kid
    )
    flow.verify(old_token)  # still verifiable during the rollover


def test_rotate_key_without_previous(flow: Flow, provider) -> None:
    old_token = provider.issue_id_token("alice", flow.client_id)
    new_kid = provider.rotate_key(keep_previous=False)
    kids = [k["kid"] for k in flow.http.get("/.well-known/jwks.json").json()["keys"]]
    assert kids == [new_kid]
    with pytest.raises(StopIteration):
        flow.verify(old_token)


@pytest.mark.parametrize("name", ["key.pem", "key.json"])
def test_key_path_is_created_then_reused(tmp_path: Path, name: str) -> None:
    path = tmp_path / "keys" / name
    first = create_provider("http://127.0.0.1:9", key_path=str(path)).state.provider
    assert path.exists() and path.stat().st_mode & 0o077 == 0
    if name.endswith(".json"):
        assert json.loads(path.read_text())["kid"] == first.kid
    else:
        assert path.read_text().startswith("-----BEGIN PRIVATE KEY-----")
    second = create_provider("http://127.0.0.1:9", key_path=str(path)).state.provider
    assert second.kid == first.kid
    assert second.jwks() == first.jwks()


def test_key_path_rejects_wrong_curve(tmp_path: Path) -> None:
    from joserfc.jwk import ECKey

    path = tmp_path / "p384.pem"
    path.write_bytes(ECKey.generate_key("P-384").as_pem(private=True))
    with pytest.raises(ValueError, match="P-256"):
        load_or_create_key(path)


def test_fresh_key_per_provider() -> None:
    a = create_provider("http://127.0.0.1:9").state.provider
    b = create_provider("http://127.0.0.1:9").state.provider
    assert a.kid != b.kid


def test_issuer_must_be_an_origin() -> None:
    with pytest.raises(ValueError):
        create_provider("http://127.0.0.1:9/")


def test_home_page_is_marked_as_twin(flow: Flow) -> None:
    page = flow.http.get("/")
    assert page.status_code == 200
    assert "Local twin of Passwordless.ID — not the real service" in page.text
