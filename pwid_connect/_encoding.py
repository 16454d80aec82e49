"""Portable base64url, percent-encoding and query-string helpers.

MicroPython has neither ``urllib.parse`` nor a working ``base64.urlsafe_b64decode``,
and its ``binascii`` and UTF-8 decoder are lax (they skip bad characters and accept
surrogates), so these are written by hand and checked against CPython's stdlib by
property tests (tests/unit)::

    >>> encode_params([("scope", "openid avatar"), ("state", "x")])
    'scope=openid%20avatar&state=x'
    >>> parse_params("#state=x&id_token=a.b.c")
    [('state', 'x'), ('id_token', 'a.b.c')]
    >>> b64url_decode(b64url_encode(b"hi"))
    b'hi'
"""

import binascii

_B64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
_B64URL_SET = frozenset(_B64URL)
# RFC 3986 unreserved characters, as bytes: what urllib.parse.quote(s, safe="-._~") keeps.
_UNRESERVED = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
_HEX = "0123456789abcdefABCDEF"
# What each byte becomes in percent_encode: itself if unreserved, else %XX (upper case).
_ENCODED = [chr(b) if b in _UNRESERVED else f"%{b:02X}" for b in range(256)]


def b64url_encode(data: bytes) -> str:
    """Base64url without padding (RFC 7515 section 2)."""
    text = binascii.b2a_base64(bytes(data), newline=False).decode()
    return text.replace("+", "-").replace("/", "_").rstrip("=")


def b64url_decode(text: str) -> bytes:
    """Decode base64url, padded or not; ValueError on anything that is not strictly base64url.

    Unused trailing bits are tolerated, as by ``base64.urlsafe_b64decode``.
    """
    if not isinstance(text, str):
        raise TypeError("b64url_decode expects a str")
    body = text.rstrip("=")
    pad = len(text) - len(body)
    for ch in body:
        if ch not in _B64URL_SET:
            # binascii would silently skip it; that would let a tampered token through.
            raise ValueError("invalid base64url character" if ch != "=" else "padding inside data")
    rest = len(body) % 4
    if rest == 1:
        raise ValueError("invalid base64url length")
    missing = (4 - rest) % 4
    if pad and pad != missing:
        raise ValueError("incorrect base64url padding")
    std = body.replace("-", "+").replace("_", "/") + "=" * missing
    ok = True
    try:
        data = binascii.a2b_base64(std.encode())
    except Exception:  # binascii.Error on CPython, a bare Exception on MicroPython
        ok = False
    if not ok:
        raise ValueError("invalid base64url")
    return data


def utf8_decode(data: bytes) -> str:
    """Strict UTF-8 decode, identical on every runtime; ValueError when ill-formed.

    MicroPython decodes surrogates and overlong forms without complaint, so the
    well-formed byte sequences of Unicode table 3-7 are checked here first.
    """
    data = bytes(data)
    if data and max(data) >= 0x80:
        _check_utf8(data)
    return data.decode("utf-8")


def _check_utf8(data: bytes) -> None:
    i = 0
    n = len(data)
    while i < n:
        b = data[i]
        if b < 0x80:
            i += 1
            continue
        lo = 0x80
        hi = 0xBF
        if 0xC2 <= b <= 0xDF:
            count = 1
        elif 0xE0 <= b <= 0xEF:
            count = 2
            if b == 0xE0:
                lo = 0xA0  # no overlong 3-byte forms
            elif b == 0xED:
                hi = 0x9F  # no UTF-16 surrogates
        elif 0xF0 <= b <= 0xF4:
            count = 3
            if b == 0xF0:
                lo = 0x90  # no overlong 4-byte forms
            elif b == 0xF4:
                hi = 0x8F  # nothing above U+10FFFF
        else:
            raise ValueError("invalid UTF-8")
        if i + count >= n:
            raise ValueError("truncated UTF-8")
        c = data[i + 1]
        if c < lo or c > hi:
            raise ValueError("invalid UTF-8")
        for j in range(i + 2, i + count + 1):
            c = data[j]
            if c < 0x80 or c > 0xBF:
                raise ValueError("invalid UTF-8")
        i += count + 1


def percent_encode(text: str) -> str:
    """Percent-encode UTF-8, keeping only ``A-Za-z0-9-._~`` (space becomes ``%20``)."""
    table = _ENCODED
    return "".join([table[b] for b in text.encode("utf-8")])


def percent_decode(text: str, plus_as_space: bool = True) -> str:
    """Undo percent-encoding (``+`` is a space in form encoding); ValueError when malformed."""
    if not isinstance(text, str):
        raise TypeError("percent_decode expects a str")
    if plus_as_space:
        text = text.replace("+", " ")
    if "%" not in text:
        return text
    parts = text.split("%")
    buf = bytearray(parts[0].encode("utf-8"))
    for part in parts[1:]:
        # int(x, 16) would accept "+a", " a" or "_a"; check the two digits by hand.
        if len(part) < 2 or part[0] not in _HEX or part[1] not in _HEX:
            raise ValueError("malformed percent-escape")
        buf.append(int(part[:2], 16))
        buf.extend(part[2:].encode("utf-8"))
    return utf8_decode(buf)


def encode_params(params: "dict | list | tuple") -> str:
    """``k=v&...`` from a dict or from (key, value) pairs; None values are skipped.

    Pass pairs when the order matters: MicroPython dicts do not keep insertion order.
    Values may be str or int.
    """
    items = params.items() if isinstance(params, dict) else params
    out = []
    for key, value in items:
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, (str, int)):
            raise TypeError(f"parameter {key!r} must be a str or an int")
        out.append(percent_encode(key) + "=" + percent_encode(str(value)))
    return "&".join(out)


def parse_params(query: str) -> list[tuple[str, str]]:
    """Parse ``a=1&b=2`` (a leading ``?`` or ``#`` is ignored) into ordered pairs.

    Repeated keys are kept; ``a`` and ``a=`` both give ``("a", "")``; empty pieces are
    skipped; ValueError on a malformed escape.
    """
    if query[:1] in ("?", "#"):
        query = query[1:]
    pairs = []
    for piece in query.split("&"):
        if not piece:
            continue
        key, _, value = piece.partition("=")
        pairs.append((percent_decode(key), percent_decode(value)))
    return pairs


def params_dict(pairs: "list[tuple[str, str]]") -> dict[str, str]:
    """A dict of pairs; ValueError on a repeated key (a response with two states is forged)."""
    out = {}
    for key, value in pairs:
        if key in out:
            raise ValueError(f"repeated parameter {key!r}")
        out[key] = value
    return out
