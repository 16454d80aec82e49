"""The ID token: header, protocol claims, and the claims each scope releases."""

from __future__ import annotations

import base64
import json

import jwt
import pytest

from demo.users import USERS
from tests.provider.conftest import Flow


def test_header_is_es256_jwt_with_kid(flow: Flow, provider) -> None:
    token = flow.login("alice")["id_token"]
    header = json.loads(base64.urlsafe_b64decode(token.split(".")[0] + "=="))
    assert header == {"alg": "ES256", "typ": "JWT", "kid": provider.kid}


def test_protocol_claims(flow: Flow, issuer: str, provider) -> None:
    claims = flow.verify(flow.login("alice", nonce="xyz")["id_token"])
    assert claims["iss"] == issuer
    assert claims["aud"] == flow.client_id
    assert claims["sub"] == USERS["alice"].sub
    assert claims["exp"] == claims["iat"] + provider.token_lifetime
    assert claims["auth_time"] <= claims["iat"]
    assert claims["nonce"] == "xyz"


@pytest.mark.parametrize(
    ("scope", "expected"),
    [
        ("openid", {"preferred_username"}),
        ("openid profile", {"preferred_username"}),
        ("openid avatar", {"preferred_username", "picture"}),
        ("openid email", {"preferred_username", "email", "email_verified"}),
        ("openid phone", {"preferred_username", "phone_number", "phone_number_verified"}),
        ("openid birthdate", {"preferred_username", "birthdate"}),
        ("openid address", {"preferred_username", "address"}),
    ],
)
def test_claims_per_scope(flow: Flow, provider, scope: str, expected: set[str]) -> None:
    token = provider.issue_id_token("bob", flow.client_id, scope, nonce="n")
    claims = flow.verify(token)
    protocol = {"iss", "aud", "iat", "exp", "auth_time", "nonce", "sub"}
    assert set(claims) - protocol == expected
    if "address" in expected:
        assert claims["address"]["locality"] == "Zürich"
    if "picture" in expected:
        svg = base64.b64decode(claims["picture"].split(",", 1)[1])
        assert svg.startswith(b"<svg")


def test_users_are_distinct() -> None:
    assert {"alice", "bob"} <= set(USERS)
    assert len({u.sub for u in USERS.values()}) == len(USERS)


def test_expired_token_is_rejected_by_pyjwt(flow: Flow, provider) -> None:
    provider.token_lifetime = -10
    with pytest.raises(jwt.ExpiredSignatureError):
        flow.verify(provider.issue_id_token("alice", flow.client_id))
