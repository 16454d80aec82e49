"""Signature checks of _keys and _jwks with real keys; ``cryptography`` plays WebCrypto.

The stand-in takes exactly what the browser helper gets (the public JWK, the alg, the
signing input, the raw JOSE signature), so this pins down the bytes the core hands over;
the browser tests then show WebCrypto agrees.
"""

import base64
import json

import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from joserfc import jwt as jose_jwt
from joserfc.jwk import ECKey, OctKey, RSAKey

from demo.provider.keys import KeyRing
from pwid_connect import InvalidToken
from pwid_connect._jwt import decode_jwt
from pwid_connect._keys import KeyStore

URI = "https://idp.example/.well-known/jwks.json"
CLAIMS = {"iss": "https://idp.example", "sub": "alice", "aud": "https://app.example"}


def _int(text: str) -> int:
    return int.from_bytes(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)), "big")


async def webcrypto_standin(jwk: dict, alg: str, signing_input: bytes, signature: bytes) -> bool:
    """``crypto.subtle.importKey("jwk") + verify``, as the page does it."""
    try:
        if alg == "ES256":
            assert set(jwk) == {"kty", "crv", "x", "y"}
            key = ec.EllipticCurvePublicNumbers(
                _int(jwk["x"]), _int(jwk["y"]), ec.SECP256R1()
            ).public_key()
            # WebCrypto takes raw r||s; cryptography wants DER: the one conversion there is.
            r, s = int.from_bytes(signature[:32], "big"), int.from_bytes(signature[32:], "big")
            key.verify(encode_dss_signature(r, s), signing_input, ec.ECDSA(hashes.SHA256()))
        else:
            assert set(jwk) == {"kty", "n", "e"}
            key = rsa.RSAPublicNumbers(_int(jwk["e"]), _int(jwk["n"])).public_key()
            key.verify(signature, signing_input, padding.PKCS1v15(), hashes.SHA256())
    except InvalidSignature:
        return False
    return True


class Provider:
    def __init__(self, key_type: str = "ES256") -> None:
        self.ring = KeyRing(KeyRing.new_key(key_type))
        self.fetches = 0

    async def fetch_text(self, url: str) -> tuple:
        assert url == URI
        self.fetches += 1
        return 200, json.dumps(self.ring.jwks())


def verify(provider: Provider, token: str, keys: KeyStore | None = None) -> KeyStore:
    keys = keys or KeyStore(provider.fetch_text, webcrypto_standin)
    run(keys.verify(decode_jwt(token), URI, ("ES256", "RS256")))
    return keys


def run(coroutine):
    """Drive a coroutine whose awaitables never suspend (no event loop: under the browser
    tests Playwright's sync API already runs one in this thread)."""
    try:
        coroutine.send(None)
    except StopIteration as done:
        return done.value
    raise AssertionError("the coroutine suspended")


def refused(provider: Provider, token: str) -> str:
    with pytest.raises(InvalidToken) as caught:
        verify(provider, token)
    return caught.value.code


def flip(token: str, part: int, index: int) -> str:
    """The token with one bit flipped in the decoded bytes of one of its parts."""
    parts = token.split(".")
    raw = bytearray(base64.urlsafe_b64decode(parts[part] + "=" * (-len(parts[part]) % 4)))
    raw[index] ^= 1
    parts[part] = base64.urlsafe_b64encode(bytes(raw)).decode().rstrip("=")
    return ".".join(parts)


@pytest.mark.parametrize("key_type", ["ES256", "RS256"])
def test_genuine_tokens_verify(key_type):
    provider = Provider(key_type)
    verify(provider, provider.ring.sign(CLAIMS))


@pytest.mark.parametrize("key_type", ["ES256", "RS256"])
@pytest.mark.parametrize("part", [0, 1, 2])
def test_one_flipped_bit_anywhere_is_refused(key_type, part):
    provider = Provider(key_type)
    token = provider.ring.sign(CLAIMS)
    # Header and payload: a bit inside a JSON string value, so they still decode.
    index = {0: token_index(token, 0, b'"JWT"') + 3, 1: token_index(token, 1, b"alice") + 1}
    assert refused(provider, flip(token, part, index.get(part, 10))) == "signature_invalid"


def token_index(token: str, part: int, needle: bytes) -> int:
    segment = token.split(".")[part]
    return base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4)).index(needle)


def test_token_from_an_unpublished_key_is_refused():
    provider = Provider()
    stranger = ECKey.generate_key("P-256")
    forged = jose_jwt.encode({"alg": "ES256", "kid": provider.ring.kid}, CLAIMS, stranger)
    assert refused(provider, forged) == "signature_invalid"


def test_hs256_signed_with_the_public_key_is_refused():
    provider = Provider()
    public = json.dumps(provider.ring.jwks()["keys"][0]).encode()
    secret = OctKey.import_key(public)
    forged = jose_jwt.encode(
        {"alg": "HS256", "kid": provider.ring.kid}, CLAIMS, secret, algorithms=["HS256"]
    )
    assert refused(provider, forged) == "alg_not_allowed"


def test_rotation_costs_one_refetch():
    provider = Provider()
    keys = verify(provider, provider.ring.sign(CLAIMS))
    provider.ring.rotate(keep_previous=False)
    verify(provider, provider.ring.sign(CLAIMS), keys)
    verify(provider, provider.ring.sign(CLAIMS), keys)
    assert provider.fetches == 2


def test_kid_swapped_to_another_published_key_is_refused():
    provider = Provider()
    old_kid = provider.ring.kid
    provider.ring.rotate()  # both keys published
    claims_part, sig = provider.ring.sign(CLAIMS).split(".")[1:]
    header = base64.urlsafe_b64encode(json.dumps({"alg": "ES256", "kid": old_kid}).encode())
    forged = ".".join([header.decode().rstrip("="), claims_part, sig])
    assert refused(provider, forged) == "signature_invalid"


def test_rsa_kid_on_an_es256_token_is_key_mismatch():
    provider = Provider("RS256")
    rsa_kid = provider.ring.kid
    stranger = ECKey.generate_key("P-256")
    forged = jose_jwt.encode({"alg": "ES256", "kid": rsa_kid}, CLAIMS, stranger)
    assert refused(provider, forged) == "key_mismatch"
    assert isinstance(provider.ring.current, RSAKey)
