"""decode_jwt: structure only, every malformed shape is token_malformed."""

import json

from pwid_connect import InvalidToken
from pwid_connect._encoding import b64url_encode
from pwid_connect._jwt import Jwt, decode_jwt
from tests.core.check import FAKE_SIGNATURE, id_claims, make_jwt, part, raises

GOOD_HEADER = part({"alg": "RS256"})
GOOD_PAYLOAD = part({"sub": "x"})
GOOD_SIG = b64url_encode(b"sig")


def malformed(token: object) -> InvalidToken:
    err = raises(InvalidToken, decode_jwt, token)
    assert err.code == "token_malformed", err.code
    return err


def test_decode_valid_token():
    claims = id_claims()
    token = make_jwt(claims)
    jwt = decode_jwt(token)
    assert isinstance(jwt, Jwt)
    assert jwt.header == {"alg": "RS256", "typ": "JWT", "kid": "test"}
    assert jwt.claims == claims
    assert jwt.signature == FAKE_SIGNATURE
    assert jwt.raw == token
    head, payload, _ = token.split(".")
    assert jwt.signing_input == (head + "." + payload).encode()
    assert isinstance(jwt.signing_input, bytes)


def test_decode_keeps_unicode_claims():
    jwt = decode_jwt(make_jwt({"name": "Zo\u00eb \U0001f600"}))
    assert jwt.claims["name"] == "Zo\u00eb \U0001f600"


def test_decode_accepts_empty_signature():
    # Structure only: rejecting unsigned tokens is the verifier's job.
    jwt = decode_jwt(GOOD_HEADER + "." + GOOD_PAYLOAD + ".")
    assert jwt.signature == b""


def test_repr_does_not_show_the_token():
    token = make_jwt({"sub": "someone", "secret": "s3cr3t"})
    text = repr(decode_jwt(token))
    assert token not in text
    assert "s3cr3t" not in text
    assert "someone" in text


def test_not_a_string():
    for token in [None, 42, b"a.b.c", ["a", "b", "c"]]:
        malformed(token)


def test_wrong_number_of_parts():
    for token in [
        "",
        GOOD_HEADER,
        GOOD_HEADER + "." + GOOD_PAYLOAD,
        GOOD_HEADER + "." + GOOD_PAYLOAD + "." + GOOD_SIG + "." + GOOD_SIG,
        GOOD_HEADER + "." + GOOD_PAYLOAD + "." + GOOD_SIG + ".",
    ]:
        malformed(token)


def test_bad_base64url_in_each_part():
    malformed("eyJ!" + "." + GOOD_PAYLOAD + "." + GOOD_SIG)
    malformed(GOOD_HEADER + "." + GOOD_PAYLOAD + "+" + "." + GOOD_SIG)
    malformed(GOOD_HEADER + "." + GOOD_PAYLOAD + "." + GOOD_SIG + "/")
    malformed(GOOD_HEADER + "." + "A" + "." + GOOD_SIG)  # impossible length
    malformed(" " + GOOD_HEADER + "." + GOOD_PAYLOAD + "." + GOOD_SIG)


def test_non_utf8_parts():
    malformed(b64url_encode(b'{"alg":"\xff"}') + "." + GOOD_PAYLOAD + "." + GOOD_SIG)
    malformed(GOOD_HEADER + "." + b64url_encode(b'{"sub":"\xc0\xaf"}') + "." + GOOD_SIG)
    malformed(GOOD_HEADER + "." + b64url_encode(b'{"sub":"\xed\xa0\x80"}') + "." + GOOD_SIG)


def test_non_json_parts():
    malformed(part("not json") + "." + GOOD_PAYLOAD + "." + GOOD_SIG)
    malformed(GOOD_HEADER + "." + part("{") + "." + GOOD_SIG)
    malformed(GOOD_HEADER + "." + part("") + "." + GOOD_SIG)
    malformed(GOOD_HEADER + "." + part('{"exp": NaN}') + "." + GOOD_SIG)
    malformed(GOOD_HEADER + "." + part('{"exp": Infinity}') + "." + GOOD_SIG)


def test_json_that_is_not_an_object():
    for value in [[1, 2], "text", 3, None, True]:
        malformed(GOOD_HEADER + "." + part(json.dumps(value)) + "." + GOOD_SIG)
        malformed(part(json.dumps(value)) + "." + GOOD_PAYLOAD + "." + GOOD_SIG)


def test_header_needs_a_string_alg():
    for header in [{}, {"typ": "JWT"}, {"alg": 1}, {"alg": None}, {"alg": ["RS256"]}]:
        malformed(make_jwt({"sub": "x"}, header=header))


def test_message_never_contains_the_token():
    token = GOOD_HEADER + "." + part("not json") + "." + GOOD_SIG
    err = malformed(token)
    assert token not in str(err)
    assert part("not json") not in str(err)
