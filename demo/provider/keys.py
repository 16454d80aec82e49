"""The provider's signing keys (ES256, or RS256 on request): create, rotate, publish, sign."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from joserfc import jwt
from joserfc.jwk import ECKey, RSAKey

_PARAMS = {"use": "sig", "alg": "ES256"}
KEY_TYPES = ("ES256", "RS256")
SigningKey = ECKey | RSAKey


def _new_key(key_type: str = "ES256") -> SigningKey:
    # The RFC 7638 thumbprint as kid: unique per key, stable for a key loaded from a file.
    if key_type == "RS256":
        params = {"use": "sig", "alg": "RS256"}
        return RSAKey.generate_key(2048, parameters=params, auto_kid=True)
    if key_type != "ES256":
        raise ValueError(f"key_type must be one of {KEY_TYPES}, got {key_type!r}")
    return ECKey.generate_key("P-256", parameters=dict(_PARAMS), auto_kid=True)


def load_or_create_key(path: str | os.PathLike[str]) -> ECKey:
    """Read a P-256 private key from a PEM or JWK (JSON) file; create the file if missing.

    A new file is written as JWK when its name ends in `.json` or `.jwk`, else as PEM,
    readable by its owner only.
    """
    file = Path(path)
    if not file.exists():
        key = _new_key()
        if file.suffix.lower() in {".json", ".jwk"}:
            data = json.dumps(key.as_dict(private=True), indent=2).encode()
        else:
            data = key.as_pem(private=True)
        file.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        return key
    raw = file.read_bytes()
    source: Any = json.loads(raw) if raw.lstrip().startswith(b"{") else raw
    if isinstance(source, dict):
        source = {**source, **_PARAMS}
    key = ECKey.import_key(source, parameters=dict(_PARAMS))
    if key.curve_name != "P-256" or not key.is_private:
        raise ValueError(f"{file}: expected a P-256 private key for ES256")
    key.ensure_kid()
    return key


class KeyRing:
    """The current signing key plus the previous one, still published after a rotation."""

    @staticmethod
    def new_key(key_type: str = "ES256") -> SigningKey:
        """A fresh P-256 (ES256) or 2048-bit RSA (RS256) key whose kid is its thumbprint."""
        return _new_key(key_type)

    def __init__(self, key: SigningKey) -> None:
        self.current = key
        self.previous: list[SigningKey] = []

    @property
    def alg(self) -> str:
        """The JWS algorithm of the key that signs new tokens: ES256 or RS256."""
        return "RS256" if isinstance(self.current, RSAKey) else "ES256"

    @property
    def kid(self) -> str:
        """The kid of the key that signs new tokens."""
        return str(self.current.kid)

    def rotate(self, *, keep_previous: bool = True, key_type: str | None = None) -> str:
        """Sign with a fresh key (of `key_type`, default the current one's) and return its kid.

        With `keep_previous` (the default, like a real provider's rollover) the JWKS
        publishes the new key and the one it replaces, so tokens issued just before
        still verify; without it only the new key is published.
        """
        self.previous = [self.current] if keep_previous else []
        self.current = _new_key(key_type or self.alg)
        return self.kid

    def jwks(self) -> dict[str, list[dict[str, Any]]]:
        """The public JWK Set: current key first, no private members."""
        keys = [self.current, *self.previous]
        return {"keys": [dict(k.as_dict(private=False)) for k in keys]}

    def sign(self, claims: dict[str, Any]) -> str:
        """A compact JWS with header {"typ": "JWT", "alg": "ES256" or "RS256", "kid": ...}."""
        header = {"alg": self.alg, "kid": self.kid}
        return jwt.encode(header, claims, self.current, algorithms=[self.alg])
