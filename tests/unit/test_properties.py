"""Hypothesis properties of the hand-written encoders, with CPython's stdlib as the oracle.

MicroPython has no ``urllib.parse`` or usable ``base64``, so ``pwid_connect._encoding``
re-implements them; these properties pin it to what CPython does.
"""

import base64
import re
from urllib.parse import parse_qsl, quote, unquote, unquote_plus, unquote_to_bytes, urlsplit

from hypothesis import given, settings
from hypothesis import strategies as st

from pwid_connect._encoding import (
    b64url_decode,
    b64url_encode,
    encode_params,
    parse_params,
    percent_decode,
    percent_encode,
    utf8_decode,
)
from pwid_connect._transactions import MODES, Transaction
from pwid_connect._urls import _CORE_KEYS, build_authorize_url, origin_of

FAST = settings(max_examples=200, deadline=None)
B64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
MALFORMED_ESCAPE = re.compile(r"%(?![0-9a-fA-F]{2})")

# Strings that are valid percent-encoding: raw characters (no "%") mixed with escapes
# of whole UTF-8 sequences, in upper or lower case hex.
raw_piece = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="%"), max_size=5)
escaped_piece = st.text(max_size=4).map(lambda s: quote(s, safe=""))
lower_escaped = escaped_piece.map(lambda s: re.sub(r"%[0-9A-F]{2}", lambda m: m[0].lower(), s))
valid_encoded = st.lists(st.one_of(raw_piece, escaped_piece, lower_escaped), max_size=6).map(
    "".join
)
# Strings near the edge: escapes that may be broken or decode to invalid UTF-8.
edgy = st.text(st.sampled_from("%0aAfFgG+ \u00e9~C3E28"), max_size=12)


@FAST
@given(st.text())
def test_percent_encode_is_quote(text: str) -> None:
    assert percent_encode(text) == quote(text, safe="-._~")


@FAST
@given(valid_encoded)
def test_percent_decode_is_unquote(text: str) -> None:
    assert percent_decode(text, plus_as_space=False) == unquote(text, errors="strict")
    assert percent_decode(text) == unquote_plus(text, errors="strict")


@FAST
@given(st.one_of(edgy, valid_encoded))
def test_percent_decode_raises_exactly_on_bad_input(text: str) -> None:
    try:
        expected = unquote_to_bytes(text).decode("utf-8")
    except UnicodeDecodeError:
        expected = None
    if MALFORMED_ESCAPE.search(text):
        expected = None  # unquote keeps a bad escape literally; we refuse it
    try:
        got = percent_decode(text, plus_as_space=False)
    except ValueError:
        got = None
    assert got == expected


@FAST
@given(st.text())
def test_percent_round_trip(text: str) -> None:
    assert percent_decode(percent_encode(text)) == text


def _mutate(data: bytes, where: int, byte: int) -> bytes:
    if not data:
        return bytes([byte])
    i = where % (len(data) + 1)
    return data[:i] + bytes([byte]) + data[i + 1 :]


utf8ish = st.one_of(
    st.binary(max_size=12),
    st.builds(
        _mutate,
        st.text(max_size=6).map(str.encode),
        st.integers(0, 30),
        st.integers(0, 255),
    ),
    st.text(max_size=6).map(lambda s: s.encode()[:-1]),  # truncated
)


@FAST
@given(utf8ish)
def test_utf8_decode_is_strict_decode(data: bytes) -> None:
    try:
        expected = data.decode("utf-8")
    except UnicodeDecodeError:
        expected = None
    try:
        got = utf8_decode(data)
    except ValueError:
        got = None
    assert got == expected


@FAST
@given(st.binary(max_size=64))
def test_b64url_encode_is_stdlib(data: bytes) -> None:
    encoded = b64url_encode(data)
    assert encoded == base64.urlsafe_b64encode(data).rstrip(b"=").decode()
    assert b64url_decode(encoded) == data
    assert b64url_decode(base64.urlsafe_b64encode(data).decode()) == data  # padded too


@FAST
@given(st.text(st.sampled_from(B64URL), max_size=40))
def test_b64url_decode_is_stdlib(text: str) -> None:
    if len(text) % 4 == 1:
        try:
            b64url_decode(text)
        except ValueError:
            return
        raise AssertionError("impossible length accepted")
    padded = text + "=" * (-len(text) % 4)
    assert b64url_decode(text) == base64.urlsafe_b64decode(padded)


@FAST
@given(st.text(max_size=20))
def test_b64url_decode_rejects_foreign_characters(text: str) -> None:
    body = text.rstrip("=")
    if all(c in B64URL for c in body):
        return
    try:
        b64url_decode(text)
    except ValueError:
        return
    raise AssertionError("foreign character accepted")


pairs = st.lists(st.tuples(st.text(max_size=8), st.text(max_size=8)), max_size=6)


@FAST
@given(pairs)
def test_parse_inverts_encode(items: list) -> None:
    query = encode_params(items)
    assert parse_params(query) == items
    assert parse_params("?" + query) == items
    assert parse_qsl(query, keep_blank_values=True) == items


@FAST
@given(st.lists(st.text(st.sampled_from("ab=&+%20é"), max_size=10), max_size=3).map("&".join))
def test_parse_params_is_parse_qsl(query: str) -> None:
    try:
        got = parse_params(query)
    except ValueError:
        return  # a bad escape or bad UTF-8: parse_qsl would keep or replace it
    assert got == parse_qsl(query, keep_blank_values=True, errors="strict")


optional_text = st.one_of(st.none(), st.text(max_size=10))
extra_keys = st.text(min_size=1, max_size=6).filter(lambda k: k not in _CORE_KEYS)


@FAST
@given(
    client_id=st.text(max_size=20),
    redirect_uri=st.text(max_size=20),
    response_type=st.sampled_from(["id_token", "code"]),
    scope=st.text(max_size=20),
    state=st.text(max_size=20),
    nonce=optional_text,
    prompt=st.one_of(st.none(), st.sampled_from(["none", "login", "consent"])),
    max_age=st.one_of(st.none(), st.integers(0, 10**6)),
    code_challenge=optional_text,
    response_mode=st.one_of(st.none(), st.sampled_from(["query", "fragment"])),
    extra=st.lists(st.tuples(extra_keys, st.text(max_size=8)), max_size=3),
    base_query=st.sampled_from(["", "?", "?tenant=a%20b", "?x=1&"]),
)
def test_authorize_url_carries_its_parameters(base_query: str, **kw: object) -> None:
    endpoint = "https://idp.example/authorize" + base_query
    url = build_authorize_url(endpoint, **kw)
    given_core = [(k, kw[k]) for k in _CORE_KEYS if k in kw]
    expected = [(k, str(v)) for k, v in given_core if v is not None]
    if kw["code_challenge"] is not None:
        i = [k for k, _ in expected].index("code_challenge") + 1
        expected.insert(i, ("code_challenge_method", "S256"))
    expected += kw["extra"]
    prefix = parse_qsl(urlsplit(endpoint).query, keep_blank_values=True)
    parts = urlsplit(url)
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "idp.example", "/authorize")
    assert parse_qsl(parts.query, keep_blank_values=True) == prefix + expected
    assert parse_params(parts.query) == prefix + expected


host_label = st.text(st.sampled_from("abcXYZ019-"), min_size=1, max_size=8)


@FAST
@given(
    scheme=st.sampled_from(["http", "https", "HTTP", "Https"]),
    host=st.lists(host_label, min_size=1, max_size=3).map(".".join),
    port=st.one_of(st.none(), st.integers(1, 65535)),
    tail=st.sampled_from(["", "/", "/p/q?x=1", "?a#b", "#frag"]),
)
def test_origin_of_matches_urlsplit(scheme: str, host: str, port: "int | None", tail: str) -> None:
    url = f"{scheme}://{host}" + (f":{port}" if port is not None else "") + tail
    parts = urlsplit(url)
    default = {"http": 80, "https": 443}[parts.scheme]
    expected = f"{parts.scheme}://{parts.hostname}"
    if parts.port is not None and parts.port != default:
        expected += f":{parts.port}"
    assert origin_of(url) == expected


@FAST
@given(
    state=st.text(min_size=1, max_size=10),
    verifier=optional_text,
    prompt=optional_text,
    mode=st.sampled_from(MODES),
    cache=st.booleans(),
    redirect_to=optional_text,
    created_at=st.floats(0, 4e9),
    requested_at=st.floats(0, 4e9),
)
def test_transaction_round_trip(state: str, **kw: object) -> None:
    import json

    tx = Transaction(state, "nonce", "openid", **kw)
    back = Transaction.from_dict(json.loads(json.dumps(tx.to_dict())))
    assert back.to_dict() == tx.to_dict()
