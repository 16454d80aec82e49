"""Which key verifies an ID token, and how: the pure half of signature verification.

The browser does the cryptography (``crypto.subtle``); this module decides everything
around it: the header is acceptable, the algorithm is allowed, which JWK of the provider's
JWKS signs it, and the WebCrypto parameters and bytes to hand over::

    alg = check_header(jwt.header, ("ES256", "RS256"))
    keys = parse_jwks(text)                       # the document at the jwks_uri
    key = select_key(keys, jwt.header, alg)       # code "kid_unknown": refetch once
    check_signature_shape(jwt.signature, alg)
    ok = await browser.verify_signature(public_jwk(key), alg, jwt.signing_input, jwt.signature)

Every refusal is an :class:`InvalidToken` with a precise ``.code``: ``alg_none``,
``alg_not_allowed``, ``header_key_refused``, ``header_crit_unsupported``,
``key_mismatch``, ``key_too_weak``, ``kid_unknown``, ``kid_ambiguous``,
``signature_invalid``, ``jwks_invalid`` (``jwks_unreachable``, ``jwks_missing`` and
``key_invalid`` are raised by the callers that fetch and import keys).
"""

import json

from ._encoding import b64url_decode
from ._errors import InvalidToken

# What each supported JWS algorithm needs: the JWK type (and curve), the WebCrypto
# parameters for importKey and for verify, and the exact signature length if fixed.
# JOSE sends an ES256 signature as raw r||s (RFC 7518 3.4), 32 bytes each: the same
# IEEE P1363 form WebCrypto's ECDSA verify takes, so no DER conversion is needed.
ALGORITHMS = {
    "ES256": {
        "kty": "EC",
        "crv": "P-256",
        "import": {"name": "ECDSA", "namedCurve": "P-256"},
        "verify": {"name": "ECDSA", "hash": "SHA-256"},
        "signature_length": 64,
    },
    "RS256": {
        "kty": "RSA",
        "crv": None,
        "import": {"name": "RSASSA-PKCS1-v1_5", "hash": "SHA-256"},
        "verify": {"name": "RSASSA-PKCS1-v1_5"},
        "signature_length": None,
    },
}
DEFAULT_ALGORITHMS = ("ES256", "RS256")
MIN_RSA_BITS = 2048
# Header members that carry or point at a key: trusting them lets the token vouch for itself.
_HEADER_KEYS = ("jwk", "jku", "x5u", "x5c")
# The public members WebCrypto needs, per key type; everything else is left behind.
_PUBLIC = {"EC": ("kty", "crv", "x", "y"), "RSA": ("kty", "n", "e")}


def _kid_unknown(message: str) -> InvalidToken:
    # No published key matches: the JWKS may be stale (a rotation); the caller refetches.
    return InvalidToken(message, "kid_unknown")


def check_algorithms(algorithms: object) -> tuple:
    """A client's allow-list as a tuple; ValueError if empty or naming an unsupported alg."""
    if isinstance(algorithms, str):
        algorithms = (algorithms,)
    try:
        allowed = tuple(algorithms)
    except TypeError:
        allowed = ()
    if not allowed:
        raise ValueError("algorithms must name at least one of ES256, RS256")
    for alg in allowed:
        if alg not in ALGORITHMS:
            raise ValueError("unsupported algorithm " + repr(alg) + ": use ES256 or RS256")
    return allowed


def check_header(header: dict, algorithms: tuple) -> str:
    """The token's ``alg`` if its header is acceptable under the allow-list; else InvalidToken."""
    alg = header.get("alg")
    if not isinstance(alg, str) or alg.lower() == "none":
        raise InvalidToken("unsigned tokens (alg none) are refused", "alg_none")
    if alg not in algorithms or alg not in ALGORITHMS:
        # HS256 and friends land here: an HMAC secret has no place in a browser.
        raise InvalidToken("token algorithm " + repr(alg) + " is not allowed", "alg_not_allowed")
    for name in _HEADER_KEYS:
        if name in header:
            raise InvalidToken(
                "token header member " + name + " is refused: keys come from the JWKS",
                "header_key_refused",
            )
    if "crit" in header:
        # RFC 7515 4.1.11: we understand no extension, so any critical one is fatal.
        raise InvalidToken("token header has critical extensions", "header_crit_unsupported")
    return alg


def parse_jwks(text: object) -> list:
    """The keys of a JWKS document (JSON text); InvalidToken("jwks_invalid") if it is not one.

    Entries that are not objects with a string ``kty`` are skipped (RFC 7517 5: ignore
    keys you do not understand).
    """
    document = None
    if isinstance(text, str):
        try:
            document = json.loads(text)
        except ValueError:
            document = None
    keys = document.get("keys") if isinstance(document, dict) else None
    if not isinstance(keys, list):
        raise InvalidToken("the provider's JWKS is not a JSON key set", "jwks_invalid")
    return [k for k in keys if isinstance(k, dict) and isinstance(k.get("kty"), str)]


def _mismatch(key: dict, alg: str) -> str | None:
    """Why ``key`` cannot verify ``alg``, or None when it can."""
    spec = ALGORITHMS[alg]
    if key.get("kty") != spec["kty"]:
        return "its type is " + str(key.get("kty"))
    if spec["crv"] is not None and key.get("crv") != spec["crv"]:
        return "its curve is " + str(key.get("crv"))
    if "use" in key and key["use"] != "sig":
        return "its use is " + str(key["use"])
    if "alg" in key and key["alg"] != alg:
        return "its alg is " + str(key["alg"])
    ops = key.get("key_ops")
    if ops is not None and (not isinstance(ops, list) or "verify" not in ops):
        return "its key_ops exclude verify"
    for name in _PUBLIC[spec["kty"]][1:]:
        if not isinstance(key.get(name), str) or not key[name]:
            return "it has no " + name
    return None


def select_key(keys: list, header: dict, alg: str) -> dict:
    """The JWK that verifies a token with this header, checked against ``alg``.

    With a ``kid``: the key of that kid (kid_unknown when none has it; key_mismatch when
    it is not a key for ``alg``). Without: the single key that fits ``alg``.
    """
    kid = header.get("kid")
    if kid is None:
        fitting = [k for k in keys if _mismatch(k, alg) is None]
        if not fitting:
            raise _kid_unknown("the provider publishes no key for " + alg)
        if len(fitting) > 1:
            raise InvalidToken(
                "the token has no kid and the provider publishes several keys", "kid_ambiguous"
            )
        return _strong(fitting[0])
    if not isinstance(kid, str):
        raise InvalidToken("token header kid is not a string", "token_malformed")
    named = [k for k in keys if k.get("kid") == kid]
    if not named:
        raise _kid_unknown("the token's kid matches no key the provider publishes")
    why = None
    for key in named:
        why = _mismatch(key, alg)
        if why is None:
            return _strong(key)
    raise InvalidToken(
        "the key for the token's kid cannot verify " + alg + ": " + why, "key_mismatch"
    )


def _strong(key: dict) -> dict:
    if key["kty"] == "RSA":
        try:
            modulus = b64url_decode(key["n"])
        except ValueError:
            modulus = b""
        bits = len(modulus.lstrip(b"\x00")) * 8
        if bits < MIN_RSA_BITS:
            raise InvalidToken("the provider's RSA key is shorter than 2048 bits", "key_too_weak")
    return key


def public_jwk(key: dict) -> dict:
    """Only the public members WebCrypto needs (no ``alg``/``use``/``key_ops`` to trip it)."""
    return {name: key[name] for name in _PUBLIC[key["kty"]]}


def check_signature_shape(signature: bytes, alg: str) -> None:
    """Refuse a signature that cannot be right before asking WebCrypto (signature_invalid)."""
    length = ALGORITHMS[alg]["signature_length"]
    if not signature or (length is not None and len(signature) != length):
        raise InvalidToken("the token signature has the wrong length", "signature_invalid")


def webcrypto_params(alg: str) -> str:
    """JSON text ``{"import": ..., "verify": ...}``: the WebCrypto algorithm objects for ``alg``."""
    spec = ALGORITHMS[alg]
    return json.dumps({"import": spec["import"], "verify": spec["verify"]})
