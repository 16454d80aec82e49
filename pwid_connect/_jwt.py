"""Decode a JWT (no signature check) and check the ID-token claims of OpenID Connect.

Signature verification is a separate step; ``decode_jwt`` only proves the token is
well formed, and ``check_claims`` applies OIDC Core 3.1.3.7 / 3.2.2.11 with a leeway::

    jwt = decode_jwt(id_token)
    check_claims(jwt.claims, issuer="https://api.passwordless.id",
                 client_id="https://app.example", now=time.time(), nonce=tx.nonce)

Every failure is an :class:`InvalidToken` whose ``.code`` names the rule; messages
never quote the token, the nonce or other secrets.
"""

import json

from ._encoding import b64url_decode, utf8_decode
from ._errors import InvalidToken


class Jwt:
    """A decoded, not yet verified, JWT."""

    __slots__ = ("claims", "header", "raw", "signature", "signing_input")

    def __init__(
        self, header: dict, claims: dict, signing_input: bytes, signature: bytes, raw: str
    ) -> None:
        self.header = header
        self.claims = claims
        self.signing_input = signing_input  # what the signature covers: b"header.payload"
        self.signature = signature
        self.raw = raw

    def __repr__(self) -> str:
        # Never the raw token: repr() ends up in logs and tracebacks.
        return f"<Jwt alg={self.header.get('alg')!r} sub={self.claims.get('sub')!r}>"


def _reject_constant(name: str) -> None:
    raise ValueError("NaN and Infinity are not JSON")


def _json_object(part: str) -> "dict | None":
    """The JSON object in one base64url part, or None when it is anything else."""
    try:
        text = utf8_decode(b64url_decode(part))
        try:
            value = json.loads(text, parse_constant=_reject_constant)
        except TypeError:  # MicroPython's json.loads takes no keywords (and rejects NaN)
            value = json.loads(text)
    except ValueError:  # also UnicodeError and JSONDecodeError, both ValueErrors
        return None
    return value if isinstance(value, dict) else None


def _malformed(why: str) -> InvalidToken:
    return InvalidToken("malformed token: " + why, "token_malformed")


def decode_jwt(token: str) -> Jwt:
    """Split and decode a compact JWS; InvalidToken(code="token_malformed") if it is not one."""
    if not isinstance(token, str):
        raise _malformed("not a string")
    parts = token.split(".")
    if len(parts) != 3:
        raise _malformed("expected 3 parts")
    header = _json_object(parts[0])
    if header is None:
        raise _malformed("bad header")
    if not isinstance(header.get("alg"), str):
        raise _malformed("header has no alg")
    claims = _json_object(parts[1])
    if claims is None:
        raise _malformed("bad payload")
    try:
        signature = b64url_decode(parts[2])
    except ValueError:
        signature = None
    if signature is None:
        raise _malformed("bad signature encoding")
    # The first two parts passed the base64url alphabet check, so they are ASCII.
    signing_input = (parts[0] + "." + parts[1]).encode()
    return Jwt(header, claims, signing_input, signature, token)


def _is_number(value: object) -> bool:
    # bool is an int on CPython (not on MicroPython); neither is a time.
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    return value == value and value not in (float("inf"), float("-inf"))


def _number(claims: dict, name: str, required: bool) -> "float | None":
    if name not in claims:
        if required:
            raise InvalidToken(f"token has no {name} claim", "claim_missing")
        return None
    value = claims[name]
    if not _is_number(value):
        raise InvalidToken(f"token claim {name} is not a number", "claim_type")
    return value


def check_claims(
    claims: dict,
    *,
    issuer: str,
    client_id: str,
    now: float,
    nonce: str | None = None,
    leeway: float = 60,
    auth_after: float | None = None,
) -> None:
    """Raise InvalidToken unless the ID-token claims are for us, from our issuer, and current.

    ``now`` is injected (float seconds). ``auth_after`` is the time a ``prompt=login``
    request was made: the provider must then report an ``auth_time`` no older than it.
    """
    if not isinstance(claims, dict):
        raise InvalidToken("token claims are not an object", "token_malformed")

    iss = claims.get("iss")
    if not isinstance(iss, str) or iss != issuer:
        raise InvalidToken(f"token issuer {iss!r} is not {issuer!r}", "iss_mismatch")

    if "aud" not in claims:
        raise InvalidToken("token has no audience", "aud_mismatch")
    aud = claims["aud"]
    if isinstance(aud, str):
        audiences = [aud]
    elif isinstance(aud, list) and aud and all(isinstance(a, str) for a in aud):
        audiences = aud
    else:
        raise InvalidToken("token claim aud is not a string or a list of strings", "claim_type")
    if client_id not in audiences:
        raise InvalidToken(f"token audience does not include {client_id!r}", "aud_mismatch")
    # OIDC Core 3.1.3.7 (4, 5): several audiences need azp; an azp present must be us.
    if len(audiences) > 1 and "azp" not in claims:
        raise InvalidToken("token has several audiences and no azp", "azp_mismatch")
    if "azp" in claims and claims["azp"] != client_id:
        raise InvalidToken(f"token azp is not {client_id!r}", "azp_mismatch")

    exp = _number(claims, "exp", True)
    if not now - leeway < exp:
        raise InvalidToken("token has expired", "token_expired")
    nbf = _number(claims, "nbf", False)
    if nbf is not None and not nbf <= now + leeway:
        raise InvalidToken("token is not yet valid", "token_not_yet_valid")
    iat = _number(claims, "iat", True)
    if not iat <= now + leeway:
        raise InvalidToken("token was issued in the future", "token_issued_in_future")

    if nonce is not None:
        got = claims.get("nonce")
        if not isinstance(got, str) or got != nonce:
            raise InvalidToken("token nonce does not match the request", "nonce_mismatch")

    if auth_after is not None:
        if "auth_time" not in claims:
            raise InvalidToken("token has no auth_time", "auth_time_missing")
        auth_time = _number(claims, "auth_time", True)
        if not auth_time >= auth_after - leeway:
            raise InvalidToken("the user was not authenticated again", "auth_time_stale")
