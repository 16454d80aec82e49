"""The demo's protected API on the app origin: `GET /api/me` with a Bearer ID token.

It checks the token the way a real backend would, with PyJWT (not the library that signs
it): ES256 signature against the provider's JWKS, `iss`, `aud` = this app's origin (the
Passwordless.ID rule: client_id is the app origin) and `exp`.
"""

from __future__ import annotations

from typing import Any

import httpx
import jwt
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route


class JwksUnavailable(Exception):
    """The provider's JWKS could not be fetched or parsed."""


class JwksCache:
    """The provider's public keys by kid, fetched on first use and on an unknown kid.

    An unknown kid always triggers a refetch (no cool-down): right for a local twin whose
    keys tests rotate, too generous for a public API.
    """

    def __init__(self, jwks_url: str, *, timeout: float = 5.0) -> None:
        self.jwks_url = jwks_url
        self.timeout = timeout
        self.keys: dict[str, jwt.PyJWK] = {}
        self.fetches = 0

    async def refresh(self) -> None:
        """Replace the cached keys with the provider's current JWKS."""
        try:
            async with httpx.AsyncClient(timeout=self.timeout, trust_env=False) as client:
                response = await client.get(self.jwks_url)
            response.raise_for_status()
            jwk_set = jwt.PyJWKSet.from_dict(response.json())
        except (httpx.HTTPError, ValueError, jwt.PyJWTError) as exc:
            raise JwksUnavailable(str(exc)) from exc
        self.fetches += 1
        self.keys = {k.key_id: k for k in jwk_set.keys if k.key_id}

    async def key(self, kid: str) -> jwt.PyJWK | None:
        """The key for `kid`, refetching the JWKS once if it is not cached."""
        if kid not in self.keys:
            await self.refresh()
        return self.keys.get(kid)


def _unauthorized(error: str, description: str) -> JSONResponse:
    # RFC 6750 3: the WWW-Authenticate challenge; the JSON body is for the demo page.
    quoted = description.replace('"', "'")
    headers = {
        "WWW-Authenticate": f'Bearer error="{error}", error_description="{quoted}"',
        "Cache-Control": "no-store",
    }
    return JSONResponse({"error": error, "error_description": description}, 401, headers=headers)


async def verify_bearer(
    request: Request, cache: JwksCache, issuer: str, audience: str, leeway: float
) -> dict[str, Any] | Response:
    """The verified claims of the request's Bearer token, or the error response."""
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        return _unauthorized("invalid_request", "Send Authorization: Bearer <id_token>.")
    try:
        header = jwt.get_unverified_header(token)
    except jwt.PyJWTError:
        return _unauthorized("invalid_token", "The token is malformed.")
    if header.get("alg") != "ES256" or not isinstance(header.get("kid"), str):
        return _unauthorized("invalid_token", "Expected an ES256 token with a kid.")
    try:
        key = await cache.key(header["kid"])
    except JwksUnavailable:
        body = {"error": "jwks_unavailable", "error_description": "Cannot reach the provider."}
        return JSONResponse(body, 503)
    if key is None:
        return _unauthorized("invalid_token", "The token was signed by an unknown key.")
    try:
        return jwt.decode(
            token,
            key=key,
            algorithms=["ES256"],
            audience=audience,
            issuer=issuer,
            leeway=leeway,
            options={"require": ["iss", "aud", "exp", "iat", "sub"]},
        )
    except jwt.ExpiredSignatureError:
        return _unauthorized("invalid_token", "The token has expired.")
    except jwt.InvalidAudienceError:
        return _unauthorized("invalid_token", f"The token is not meant for {audience}.")
    except jwt.InvalidIssuerError:
        return _unauthorized("invalid_token", "The token comes from another issuer.")
    except jwt.InvalidSignatureError:
        return _unauthorized("invalid_token", "The signature does not verify.")
    except jwt.PyJWTError as exc:
        return _unauthorized("invalid_token", f"The token is invalid: {exc}.")


def create_api_routes(
    issuer: str, jwks_url: str, *, audience: str | None = None, leeway: float = 0
) -> list[Route]:
    """`GET /api/me`: 200 `{"sub", "claims"}` for a valid token, 401 `{"error"}` otherwise.

    The expected audience is this app's origin as the request addresses it (scheme and
    Host); pass `audience` to pin it instead of trusting the Host header.
    """
    cache = JwksCache(jwks_url)

    async def me(request: Request) -> Response:
        expected = audience or f"{request.url.scheme}://{request.url.netloc}"
        result = await verify_bearer(request, cache, issuer, expected, leeway)
        if isinstance(result, Response):
            return result
        return JSONResponse(
            {"sub": result["sub"], "claims": result}, headers={"Cache-Control": "no-store"}
        )

    route = Route("/api/me", me, methods=["GET"])
    route.jwks_cache = cache  # type: ignore[attr-defined]  # for tests that count fetches
    return [route]


__all__ = ["JwksCache", "create_api_routes", "verify_bearer"]
