"""Key selection, algorithm allow-list and JWKS caching for signature checks (_jwks, _keys).

No cryptography here (it is the browser's): the verify step is a fake that records what
it was asked, so these run unchanged on CPython, Pyodide and MicroPython.
"""

import json

from pwid_connect import InvalidToken, NetworkError
from pwid_connect._encoding import b64url_encode
from pwid_connect._jwks import (
    DEFAULT_ALGORITHMS,
    check_algorithms,
    check_header,
    check_signature_shape,
    parse_jwks,
    public_jwk,
    select_key,
    webcrypto_params,
)
from pwid_connect._jwt import decode_jwt
from pwid_connect._keys import KeyStore
from tests.core.check import id_claims, make_jwt, raises

EC = {
    "kty": "EC",
    "crv": "P-256",
    "kid": "ec-1",
    "use": "sig",
    "alg": "ES256",
    "x": "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU",
    "y": "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0",
}
EC_2 = dict(EC, kid="ec-2")
# A 2048-bit modulus: 256 bytes, the first non-zero.
RSA = {"kty": "RSA", "kid": "rsa-1", "n": b64url_encode(b"\xc1" + b"\x07" * 255), "e": "AQAB"}
JWKS_URI = "https://idp.example/.well-known/jwks.json"
ALL = DEFAULT_ALGORITHMS


def code_of(fn: object, *args: object) -> str:
    return raises(InvalidToken, fn, *args).code


# -- the allow-list and the header ------------------------------------------------------


def test_default_algorithms_are_es256_and_rs256():
    assert DEFAULT_ALGORITHMS == ("ES256", "RS256")
    assert check_algorithms(["RS256"]) == ("RS256",)
    assert check_algorithms("ES256") == ("ES256",)


def test_unsupported_or_empty_allow_list_is_a_programming_error():
    for bad in ((), ("HS256",), ("ES256", "none"), ("es256",), None):
        raises(ValueError, check_algorithms, bad)


def test_header_alg_allowed():
    assert check_header({"alg": "ES256", "kid": "k"}, ALL) == "ES256"
    assert check_header({"alg": "RS256"}, ALL) == "RS256"


def test_alg_none_in_any_case_is_refused():
    for alg in ("none", "None", "NONE"):
        assert code_of(check_header, {"alg": alg}, ALL) == "alg_none"


def test_hmac_and_unknown_algs_are_refused():
    for alg in ("HS256", "HS384", "HS512", "PS256", "ES384", "EdDSA", "es256", ""):
        assert code_of(check_header, {"alg": alg}, ALL) == "alg_not_allowed", alg


def test_alg_outside_the_client_allow_list_is_refused():
    assert code_of(check_header, {"alg": "RS256"}, ("ES256",)) == "alg_not_allowed"
    assert code_of(check_header, {"alg": "ES256"}, ("RS256",)) == "alg_not_allowed"


def test_keys_carried_by_the_header_are_refused():
    for name, value in (
        ("jwk", dict(EC)),
        ("jku", "https://evil.example/jwks"),
        ("x5u", "https://evil.example/cert"),
        ("x5c", ["MIIB"]),
    ):
        header = {"alg": "ES256", "kid": "ec-1", name: value}
        assert code_of(check_header, header, ALL) == "header_key_refused", name


def test_critical_header_extensions_are_refused():
    header = {"alg": "ES256", "crit": ["b64"], "b64": False}
    assert code_of(check_header, header, ALL) == "header_crit_unsupported"


# -- the JWKS document ------------------------------------------------------------------


def test_parse_jwks_keeps_understood_keys():
    text = json.dumps({"keys": [EC, "junk", {"no": "kty"}, RSA, {"kty": 5}]})
    assert parse_jwks(text) == [EC, RSA]
    assert parse_jwks('{"keys": []}') == []


def test_malformed_jwks_is_jwks_invalid():
    for text in ("", "not json", "[]", '{"keys": {}}', '{"key": []}', "null", None, b"{}"):
        assert code_of(parse_jwks, text) == "jwks_invalid", text


# -- choosing the key -------------------------------------------------------------------


def test_kid_selects_its_key():
    assert select_key([EC, EC_2, RSA], {"kid": "ec-2"}, "ES256") is EC_2
    assert select_key([EC, RSA], {"kid": "rsa-1"}, "RS256") is RSA


def test_unknown_kid_is_kid_unknown():
    err = raises(InvalidToken, select_key, [EC, RSA], {"kid": "other"}, "ES256")
    assert type(err) is InvalidToken and err.code == "kid_unknown"


def test_non_string_kid_is_malformed():
    assert code_of(select_key, [EC], {"kid": 1}, "ES256") == "token_malformed"


def test_no_kid_takes_the_single_fitting_key():
    assert select_key([EC, RSA], {}, "ES256") is EC
    assert select_key([EC, RSA], {}, "RS256") is RSA
    assert code_of(select_key, [EC, EC_2], {}, "ES256") == "kid_ambiguous"
    assert code_of(select_key, [RSA], {}, "ES256") == "kid_unknown"


def test_key_that_disagrees_with_the_token_is_key_mismatch():
    cases = [
        (RSA, "ES256"),  # kty
        (EC, "RS256"),  # kty
        (dict(EC, crv="P-384"), "ES256"),
        (dict(EC, use="enc"), "ES256"),
        (dict(EC, alg="ES384"), "ES256"),
        (dict(RSA, alg="RS512"), "RS256"),
        (dict(EC, key_ops=["encrypt"]), "ES256"),
        (dict(EC, x=""), "ES256"),
        ({"kty": "RSA", "kid": RSA["kid"], "e": "AQAB"}, "RS256"),
    ]
    for key, alg in cases:
        assert code_of(select_key, [key], {"kid": key["kid"]}, alg) == "key_mismatch", key


def test_key_without_use_or_alg_is_fine():
    bare = {"kty": "EC", "crv": "P-256", "kid": "b", "x": EC["x"], "y": EC["y"]}
    assert select_key([bare], {"kid": "b"}, "ES256") is bare
    ops = dict(EC, key_ops=["verify"])
    assert select_key([ops], {"kid": "ec-1"}, "ES256") is ops


def test_short_rsa_key_is_refused():
    short = dict(RSA, n=b64url_encode(b"\x00" + b"\xc1" * 128))  # 1024 bits, leading zero
    assert code_of(select_key, [short], {"kid": "rsa-1"}, "RS256") == "key_too_weak"


def test_public_jwk_keeps_only_public_members():
    private = dict(EC, d="secret-scalar", ext=True)
    assert public_jwk(private) == {"kty": "EC", "crv": "P-256", "x": EC["x"], "y": EC["y"]}
    assert public_jwk(dict(RSA, d="x", p="y")) == {"kty": "RSA", "n": RSA["n"], "e": "AQAB"}


# -- the signature and WebCrypto's parameters --------------------------------------------


def test_es256_signature_must_be_64_raw_bytes():
    check_signature_shape(b"\x01" * 64, "ES256")
    for size in (0, 63, 65, 70, 72):  # 70-72: a DER-encoded signature is refused too
        assert code_of(check_signature_shape, b"\x01" * size, "ES256") == "signature_invalid"


def test_rs256_signature_must_not_be_empty():
    check_signature_shape(b"\x01" * 256, "RS256")
    assert code_of(check_signature_shape, b"", "RS256") == "signature_invalid"


def test_webcrypto_params():
    assert json.loads(webcrypto_params("ES256")) == {
        "import": {"name": "ECDSA", "namedCurve": "P-256"},
        "verify": {"name": "ECDSA", "hash": "SHA-256"},
    }
    assert json.loads(webcrypto_params("RS256")) == {
        "import": {"name": "RSASSA-PKCS1-v1_5", "hash": "SHA-256"},
        "verify": {"name": "RSASSA-PKCS1-v1_5"},
    }


# -- the JWKS cache (KeyStore) with a fake network and a fake WebCrypto --------------------


def run(coroutine: object) -> object:
    """Run a coroutine that never really suspends (its awaitables are fakes)."""
    try:
        coroutine.send(None)
    except StopIteration as done:
        return done.args[0] if done.args else None
    raise AssertionError("the coroutine suspended")


class Fakes:
    """A provider's JWKS endpoint and a WebCrypto that accepts signatures listed as good."""

    def __init__(self, *documents: object) -> None:
        self.documents = list(documents)  # served in turn; the last one repeats
        self.urls: list = []
        self.verified: list = []
        self.valid = True

    async def fetch_text(self, url: str) -> tuple:
        self.urls.append(url)
        document = self.documents[0] if len(self.documents) == 1 else self.documents.pop(0)
        if isinstance(document, Exception):
            raise document
        if isinstance(document, tuple):
            return document
        return 200, document if isinstance(document, str) else json.dumps(document)

    async def verify(self, jwk: dict, alg: str, signing_input: bytes, signature: bytes) -> bool:
        self.verified.append((jwk, alg, signing_input, signature))
        return self.valid


def token(kid: object = "ec-1", alg: str = "ES256", signature: bytes = b"\x05" * 64, **header):
    head = {"alg": alg, "typ": "JWT"}
    if kid is not None:
        head["kid"] = kid
    head.update(header)
    return decode_jwt(make_jwt(id_claims(), head, signature))


def store(fakes: Fakes) -> KeyStore:
    return KeyStore(fakes.fetch_text, fakes.verify)


def test_valid_token_is_verified_with_the_published_key():
    fakes = Fakes({"keys": [EC, RSA]})
    jwt = token()
    run(store(fakes).verify(jwt, JWKS_URI, ALL))
    assert fakes.urls == [JWKS_URI]
    [(jwk, alg, signing_input, signature)] = fakes.verified
    assert jwk == public_jwk(EC) and alg == "ES256"
    assert signing_input == jwt.raw.rsplit(".", 1)[0].encode()
    assert signature == b"\x05" * 64


def test_jwks_is_fetched_once_per_store():
    fakes = Fakes({"keys": [EC, RSA]})
    keys = store(fakes)
    for _ in range(3):
        run(keys.verify(token(), JWKS_URI, ALL))
    run(keys.verify(token("rsa-1", "RS256", b"\x01" * 256), JWKS_URI, ALL))
    assert fakes.urls == [JWKS_URI] and keys.fetches == 1 and len(fakes.verified) == 4


def test_bad_signature_is_signature_invalid():
    fakes = Fakes({"keys": [EC]})
    fakes.valid = False
    assert code_of(run, store(fakes).verify(token(), JWKS_URI, ALL)) == "signature_invalid"


def test_refusals_before_any_network():
    fakes = Fakes({"keys": [EC]})
    keys = store(fakes)
    assert code_of(run, keys.verify(token(alg="none", signature=b""), JWKS_URI, ALL)) == "alg_none"
    assert code_of(run, keys.verify(token(alg="HS256"), JWKS_URI, ALL)) == "alg_not_allowed"
    forged = token(jku="https://evil.example/jwks")
    assert code_of(run, keys.verify(forged, JWKS_URI, ALL)) == "header_key_refused"
    short = token(signature=b"\x05" * 63)
    assert code_of(run, keys.verify(short, JWKS_URI, ALL)) == "signature_invalid"
    assert code_of(run, keys.verify(token(), None, ALL)) == "jwks_missing"
    assert fakes.urls == [] and fakes.verified == []


def test_unknown_kid_refetches_a_cached_jwks_once():
    rotated = dict(EC, kid="ec-new")
    fakes = Fakes({"keys": [EC]}, {"keys": [rotated, EC]})
    keys = store(fakes)
    run(keys.verify(token(), JWKS_URI, ALL))
    run(keys.verify(token("ec-new"), JWKS_URI, ALL))  # the provider rotated: one refetch
    run(keys.verify(token("ec-new"), JWKS_URI, ALL))  # and now it is cached
    assert len(fakes.urls) == 2 and fakes.verified[1][0] == public_jwk(rotated)


def test_kid_unknown_after_the_refetch_fails():
    fakes = Fakes({"keys": [EC]})
    keys = store(fakes)
    run(keys.verify(token(), JWKS_URI, ALL))
    assert code_of(run, keys.verify(token("nobody"), JWKS_URI, ALL)) == "kid_unknown"
    assert len(fakes.urls) == 2
    # A JWKS fetched for this very token is not fetched again at once.
    fresh = Fakes({"keys": [EC]})
    assert code_of(run, store(fresh).verify(token("nobody"), JWKS_URI, ALL)) == "kid_unknown"
    assert len(fresh.urls) == 1 and fresh.verified == []


def test_unreachable_or_malformed_jwks_is_refused_and_not_cached():
    for answer, code in (
        (NetworkError("down"), "jwks_unreachable"),
        ((404, "Not Found"), "jwks_unreachable"),
        ((500, '{"keys": []}'), "jwks_unreachable"),
        ("<html>", "jwks_invalid"),
        ({"keys": "x"}, "jwks_invalid"),
    ):
        fakes = Fakes(answer, {"keys": [EC]})
        keys = store(fakes)
        assert code_of(run, keys.verify(token(), JWKS_URI, ALL)) == code, answer
        run(keys.verify(token(), JWKS_URI, ALL))  # the next sign-in fetches again
        assert len(fakes.urls) == 2 and len(fakes.verified) == 1


def test_kid_swapped_to_a_key_of_another_type_is_key_mismatch():
    fakes = Fakes({"keys": [EC, RSA]})
    assert code_of(run, store(fakes).verify(token("rsa-1"), JWKS_URI, ALL)) == "key_mismatch"
    assert fakes.verified == []
