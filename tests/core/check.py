"""Portable test helpers: they run on CPython, Pyodide and MicroPython (no pytest).

``raises`` is ``pytest.raises`` as a function; the rest builds unsigned test tokens::

    err = raises(InvalidToken, decode_jwt, "a.b")
    assert err.code == "token_malformed"
"""

import json

from pwid_connect._encoding import b64url_encode

ISSUER = "https://api.passwordless.id"
CLIENT_ID = "https://app.example"
NOW = 1700000000.0
FAKE_SIGNATURE = b"not a real signature"


def raises(exc_type: type, fn: "callable", *args: object, **kw: object) -> BaseException:
    """Call ``fn`` and return the ``exc_type`` it raised; AssertionError otherwise."""
    other = None
    try:
        fn(*args, **kw)
    except exc_type as exc:
        return exc
    except Exception as exc:
        other = exc
    # Raised outside the except block: no chaining (MicroPython warns about `from`).
    if other is not None:
        got = type(other).__name__
        raise AssertionError(f"expected {exc_type.__name__}, got {got}: {other}")
    raise AssertionError(f"expected {exc_type.__name__}, nothing was raised")


def part(value: object) -> str:
    """The base64url of a JSON value (or of raw bytes/str as given)."""
    if isinstance(value, bytes):
        return b64url_encode(value)
    if isinstance(value, str):
        return b64url_encode(value.encode())
    return b64url_encode(json.dumps(value).encode())


def make_jwt(claims: object, header: object = None, signature: bytes = FAKE_SIGNATURE) -> str:
    """An unsigned-for-real compact JWS (the signature is fake bytes)."""
    if header is None:
        header = {"alg": "RS256", "typ": "JWT", "kid": "test"}
    return part(header) + "." + part(claims) + "." + b64url_encode(signature)


def id_claims(**changes: object) -> dict:
    """Valid ID-token claims for ISSUER/CLIENT_ID at NOW; a change to None removes a claim."""
    claims = {
        "iss": ISSUER,
        "aud": CLIENT_ID,
        "sub": "user-123",
        "iat": NOW - 10,
        "exp": NOW + 3600,
        "nonce": "n-0S6_WzA2Mj",
        "auth_time": NOW - 20,
        "nickname": "Ada",
    }
    for key, value in changes.items():
        if value is None:
            claims.pop(key, None)
        else:
            claims[key] = value
    return claims


def fixed_random(n: int) -> bytes:
    """A deterministic stand-in for crypto.getRandomValues: bytes 0, 1, 2, ..."""
    return bytes([i % 256 for i in range(n)])
