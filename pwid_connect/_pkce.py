"""Random ``state``/``nonce``/PKCE verifiers and the S256 code challenge (RFC 7636).

The randomness is injected: the browser edge passes a function over
``crypto.getRandomValues`` (never Python's ``random``)::

    verifier = random_string(get_random_bytes)   # 43 base64url characters
    challenge = code_challenge(verifier)
"""

from ._encoding import b64url_encode

_VERIFIER_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")


def random_string(random_bytes: "callable", nbytes: int = 32) -> str:
    """base64url of ``random_bytes(nbytes)``; 32 bytes give a 43-character string.

    Fewer than 16 bytes (128 bits) is refused, and so is a source that returns
    fewer bytes than asked: a short state or nonce could be guessed.
    """
    if isinstance(nbytes, bool) or not isinstance(nbytes, int) or nbytes < 16:
        raise ValueError("at least 16 random bytes are needed")
    data = bytes(random_bytes(nbytes))
    if len(data) != nbytes:
        raise ValueError("the random source returned the wrong number of bytes")
    return b64url_encode(data)


def code_challenge(verifier: str) -> str:
    """``BASE64URL(SHA256(ASCII(verifier)))``: the PKCE S256 challenge.

    The verifier must be 43 to 128 unreserved characters (RFC 7636 4.1).
    """
    if not isinstance(verifier, str) or not 43 <= len(verifier) <= 128:
        raise ValueError("a PKCE verifier has 43 to 128 characters")
    for ch in verifier:
        if ch not in _VERIFIER_CHARS:
            raise ValueError("invalid character in PKCE verifier")
    # Imported here: only the code flow needs it, and on Pyodide it costs ~8 ms at import.
    import hashlib

    return b64url_encode(hashlib.sha256(verifier.encode()).digest())
