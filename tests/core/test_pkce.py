"""PKCE S256 and random strings from an injected byte source."""

from pwid_connect._encoding import b64url_decode
from pwid_connect._pkce import code_challenge, random_string
from tests.core.check import fixed_random, raises


def test_rfc7636_appendix_b():
    verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
    assert code_challenge(verifier) == "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"


def test_random_string_uses_the_source():
    text = random_string(fixed_random)
    assert len(text) == 43
    assert b64url_decode(text) == bytes(range(32))
    assert text == "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8"


def test_random_string_sizes():
    assert len(random_string(fixed_random, 16)) == 22
    assert len(random_string(fixed_random, 64)) == 86


def test_random_string_refuses_weak_sizes():
    for n in [0, 8, 15, -1, True]:
        raises(ValueError, random_string, fixed_random, n)


def test_random_string_refuses_a_short_source():
    raises(ValueError, random_string, lambda n: b"\x01" * (n - 1))
    raises(ValueError, random_string, lambda n: b"")


def test_random_string_accepts_bytearray_and_lists():
    assert random_string(lambda n: bytearray(n)) == "A" * 43
    assert random_string(lambda n: [255] * n) == "_" * 42 + "8"


def test_random_string_verifier_is_a_valid_pkce_verifier():
    verifier = random_string(fixed_random)
    assert len(code_challenge(verifier)) == 43


def test_code_challenge_checks_the_verifier():
    raises(ValueError, code_challenge, "a" * 42)
    raises(ValueError, code_challenge, "a" * 129)
    raises(ValueError, code_challenge, "a" * 42 + " ")
    raises(ValueError, code_challenge, "a" * 42 + "\u00e9")
    raises(ValueError, code_challenge, "a" * 42 + "+")
    raises(ValueError, code_challenge, None)
    assert len(code_challenge("a" * 128)) == 43
    assert len(code_challenge("-._~" * 11)) == 43
