"""Scopes, the claims they release, and what the discovery document advertises."""

from __future__ import annotations

from typing import Any

from ..users import LocalUser

# Passwordless.ID's scopes, plus the standard `profile`.
SCOPES: tuple[str, ...] = ("openid", "profile", "avatar", "email", "phone", "birthdate", "address")

CLAIMS: tuple[str, ...] = (
    "sub",
    "iss",
    "aud",
    "iat",
    "exp",
    "auth_time",
    "nonce",
    "preferred_username",
    "picture",
    "email",
    "email_verified",
    "phone_number",
    "phone_number_verified",
    "birthdate",
    "address",
)


def parse_scope(value: str | None) -> frozenset[str] | None:
    """The requested scopes, or None when `openid` is missing or a scope is unknown."""
    scopes = frozenset((value or "").split())
    if "openid" not in scopes or not scopes <= set(SCOPES):
        return None
    return scopes


def format_scope(scopes: frozenset[str]) -> str:
    """Space-separated scopes in a stable order (the order of SCOPES)."""
    return " ".join(s for s in SCOPES if s in scopes)


def id_token_claims(
    user: LocalUser,
    *,
    issuer: str,
    client_id: str,
    scopes: frozenset[str],
    now: float,
    lifetime: int,
    auth_time: float,
    nonce: str | None,
) -> dict[str, Any]:
    """The full ID token payload: protocol claims, then the user's claims for `scopes`."""
    iat = int(now)
    claims: dict[str, Any] = {
        "iss": issuer,
        "aud": client_id,
        "iat": iat,
        "exp": iat + lifetime,
        "auth_time": int(auth_time),
    }
    if nonce is not None:
        claims["nonce"] = nonce
    claims.update(user.claims_for(scopes))
    return claims
