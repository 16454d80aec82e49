"""base64url, strict UTF-8, percent-encoding and query strings, with fixed vectors."""

from pwid_connect._encoding import (
    b64url_decode,
    b64url_encode,
    encode_params,
    params_dict,
    parse_params,
    percent_decode,
    percent_encode,
    utf8_decode,
)
from tests.core.check import raises

# RFC 4648 section 10 vectors, in the URL-safe alphabet and without padding.
B64_VECTORS = [
    (b"", ""),
    (b"f", "Zg"),
    (b"fo", "Zm8"),
    (b"foo", "Zm9v"),
    (b"foob", "Zm9vYg"),
    (b"fooba", "Zm9vYmE"),
    (b"foobar", "Zm9vYmFy"),
    (b"\xfb\xff", "-_8"),  # "+/8=" in standard base64
    (b"\x00\x00\x00", "AAAA"),
]


def test_b64url_encode_vectors():
    for data, text in B64_VECTORS:
        assert b64url_encode(data) == text, data


def test_b64url_encode_accepts_bytearray():
    assert b64url_encode(bytearray(b"foo")) == "Zm9v"


def test_b64url_decode_vectors():
    for data, text in B64_VECTORS:
        assert b64url_decode(text) == data, text


def test_b64url_decode_accepts_correct_padding():
    assert b64url_decode("Zg==") == b"f"
    assert b64url_decode("Zm8=") == b"fo"
    assert b64url_decode("-_8=") == b"\xfb\xff"


def test_b64url_decode_rejects_foreign_characters():
    for text in ["Zm9v!", "Zm+v", "Zm/v", " Zm9v", "Zm9v\n", "Zm 9v", "Zé9v", "Zm9v."]:
        raises(ValueError, b64url_decode, text)


def test_b64url_decode_rejects_padding_in_the_middle():
    for text in ["Zg=A", "Z=g=", "=Zm9", "Zg==Zg=="]:
        raises(ValueError, b64url_decode, text)


def test_b64url_decode_rejects_impossible_length():
    for text in ["Z", "Zm9vY", "Zm9vYmFyZ", "Z==="]:
        raises(ValueError, b64url_decode, text)


def test_b64url_decode_rejects_wrong_padding():
    for text in ["Zg=", "Zm8==", "Zg===", "Zm9v=", "Zm9v=="]:
        raises(ValueError, b64url_decode, text)


def test_b64url_decode_needs_str():
    raises(TypeError, b64url_decode, b"Zm9v")
    raises(TypeError, b64url_decode, None)


def test_utf8_decode_valid():
    text = "a\u00e9\u20ac\U0001f600\ud7ff\ue000\U0010ffff"
    assert utf8_decode(text.encode("utf-8")) == text
    assert utf8_decode(b"") == ""
    assert utf8_decode(bytearray(b"plain")) == "plain"


def test_utf8_decode_rejects_ill_formed():
    bad = [
        b"\xff",
        b"\x80",  # lone continuation byte
        b"\xc0\xaf",  # overlong "/"
        b"\xc1\xbf",
        b"\xe0\x80\xaf",  # overlong 3-byte
        b"\xed\xa0\x80",  # UTF-16 surrogate U+D800
        b"\xed\xbf\xbf",
        b"\xf0\x80\x80\xaf",  # overlong 4-byte
        b"\xf4\x90\x80\x80",  # above U+10FFFF
        b"\xf5\x80\x80\x80",
        b"\xe2\x82",  # truncated euro sign
        b"a\xe2\x82",
        b"\xf0\x9f\x98",
        b"\xc3\x28",  # bad continuation
        b"\xe2\x28\xa1",
        b"\xf0\x9f\x28\x80",
    ]
    for data in bad:
        raises(ValueError, utf8_decode, data)


def test_percent_encode_vectors():
    vectors = [
        ("", ""),
        ("abcXYZ019-._~", "abcXYZ019-._~"),
        (" ", "%20"),
        ("a+b", "a%2Bb"),
        ("/?#&=%", "%2F%3F%23%26%3D%25"),
        ("*'()!", "%2A%27%28%29%21"),
        ("\u00e9", "%C3%A9"),
        ("\U0001f600", "%F0%9F%98%80"),
        ("https://app.example/cb?x=1", "https%3A%2F%2Fapp.example%2Fcb%3Fx%3D1"),
        ("openid avatar email", "openid%20avatar%20email"),
    ]
    for text, encoded in vectors:
        assert percent_encode(text) == encoded, text


def test_percent_decode_vectors():
    vectors = [
        ("", ""),
        ("abc", "abc"),
        ("%20", " "),
        ("a+b", "a b"),
        ("%2B", "+"),
        ("%c3%a9", "\u00e9"),
        ("%C3%A9", "\u00e9"),
        ("%F0%9F%98%80", "\U0001f600"),
        ("a%20\u00e9+b", "a \u00e9 b"),  # literal non-ASCII passes through
        ("%25", "%"),
        ("%2541", "%41"),  # decoded once only
    ]
    for text, decoded in vectors:
        assert percent_decode(text) == decoded, text


def test_percent_decode_plus_kept_when_asked():
    assert percent_decode("a+b", plus_as_space=False) == "a+b"
    assert percent_decode("a+b%20c", False) == "a+b c"


def test_percent_decode_rejects_malformed_escapes():
    # int(x, 16) alone would accept "+1", " 1" and "_1".
    for text in ["%", "%2", "a%", "%zz", "%g0", "%+1", "% 1", "%_1", "%-1", "%%20"]:
        raises(ValueError, percent_decode, text)


def test_percent_decode_rejects_invalid_utf8():
    for text in ["%C3", "%FF", "%C0%AF", "%ED%A0%80", "%E2%82", "%80"]:
        raises(ValueError, percent_decode, text)


def test_encode_params_pairs_keep_order():
    pairs = [("z", "1"), ("a", "two words"), ("m", "\u00e9")]
    assert encode_params(pairs) == "z=1&a=two%20words&m=%C3%A9"


def test_encode_params_skips_none_and_formats_ints():
    assert encode_params([("a", None), ("max_age", 0), ("b", "")]) == "max_age=0&b="
    assert encode_params([]) == ""
    assert encode_params({"only": "one"}) == "only=one"


def test_encode_params_dict_holds_every_pair():
    text = encode_params({"b": "2", "a": "1", "c": None})
    assert sorted(text.split("&")) == ["a=1", "b=2"]


def test_encode_params_rejects_other_types():
    raises(TypeError, encode_params, [("flag", True)])
    raises(TypeError, encode_params, [("x", 1.5)])
    raises(TypeError, encode_params, [("x", b"bytes")])


def test_encode_params_encodes_keys():
    assert encode_params([("a b", "c&d")]) == "a%20b=c%26d"


def test_parse_params_vectors():
    vectors = [
        ("", []),
        ("?", []),
        ("#", []),
        ("a=1&b=2", [("a", "1"), ("b", "2")]),
        ("?a=1", [("a", "1")]),
        ("#a=1", [("a", "1")]),
        ("a&b=", [("a", ""), ("b", "")]),
        ("&&a=1&&", [("a", "1")]),
        ("a=1&a=2", [("a", "1"), ("a", "2")]),
        ("a=b=c", [("a", "b=c")]),
        ("q=x+y%2Bz", [("q", "x y+z")]),
        ("=v", [("", "v")]),
        ("a%20b=%C3%A9", [("a b", "\u00e9")]),
    ]
    for query, pairs in vectors:
        assert parse_params(query) == pairs, query


def test_parse_params_only_one_leading_marker():
    assert parse_params("??a=1") == [("?a", "1")]


def test_parse_params_rejects_bad_escape():
    raises(ValueError, parse_params, "a=%zz")
    raises(ValueError, parse_params, "ok=1&%=2")


def test_parse_params_inverts_encode_params():
    pairs = [("scope", "openid avatar"), ("redirect_uri", "https://a.example/x?y=1&z")]
    pairs.append(("e", "\u00e9=+&%"))
    assert parse_params(encode_params(pairs)) == pairs


def test_params_dict():
    assert params_dict([("a", "1"), ("b", "2")]) == {"a": "1", "b": "2"}
    assert params_dict([]) == {}


def test_params_dict_rejects_repeated_key():
    err = raises(ValueError, params_dict, [("state", "a"), ("x", "1"), ("state", "b")])
    assert "state" in str(err)


def test_b64url_decode_tolerates_unused_trailing_bits():
    # As base64.urlsafe_b64decode does; the same answer on every runtime.
    assert b64url_decode("Zh") == b"f"
    assert b64url_decode("Zm9") == b"fo"


def test_b64url_long_round_trip():
    data = bytes([i * 7 % 256 for i in range(3000)])
    assert b64url_decode(b64url_encode(data)) == data
