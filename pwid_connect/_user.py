"""The signed-in (or signed-out) user, in the shape of @passwordless-id/connect.

::

    user = User.from_id_token(id_token, scope_granted="openid avatar")
    user.profile["sub"], user.expires_at
    json.dumps(user.to_dict())  # {"signedIn": true, "scopeGranted": ..., "id_token": ..., ...}

``profile`` is the claims without the protocol ones: connect's list (``iss aud iat
exp nbf nonce``) plus the claims that describe the token rather than the person
(``azp at_hash c_hash sid jti``). ``sub`` is kept, as in connect, and so is
``auth_time`` (when the person last proved who they are).
"""

from ._jwt import decode_jwt

PROTOCOL_CLAIMS = (
    "iss",
    "aud",
    "iat",
    "exp",
    "nbf",
    "nonce",
    "azp",
    "at_hash",
    "c_hash",
    "sid",
    "jti",
)


def _number_or_none(value: object) -> "float | None":
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return value


class User:
    """Who is signed in: ``signed_in``, ``scope_granted``, ``id_token``, ``claims``."""

    __slots__ = ("claims", "id_token", "reauth_required", "scope_granted", "signed_in")

    def __init__(
        self,
        signed_in: bool = False,
        scope_granted: str | None = None,
        id_token: str | None = None,
        claims: dict | None = None,
        reauth_required: bool = False,
    ) -> None:
        self.signed_in = bool(signed_in)
        self.scope_granted = scope_granted
        self.id_token = id_token
        self.claims = dict(claims) if claims else {}
        # True after the idle watcher fired: only an explicit sign-in lifts it.
        self.reauth_required = bool(reauth_required)

    @classmethod
    def signed_out(cls, reauth_required: bool = False) -> "User":
        return cls(signed_in=False, reauth_required=reauth_required)

    @classmethod
    def from_id_token(cls, id_token: str, scope_granted: str | None = None) -> "User":
        """A signed-in user from an already validated ID token (InvalidToken if malformed)."""
        claims = decode_jwt(id_token).claims
        return cls(signed_in=True, scope_granted=scope_granted, id_token=id_token, claims=claims)

    @property
    def profile(self) -> dict:
        """The claims about the person (a new dict each time)."""
        return {k: v for k, v in self.claims.items() if k not in PROTOCOL_CLAIMS}

    @property
    def sub(self) -> "str | None":
        sub = self.claims.get("sub")
        return sub if isinstance(sub, str) else None

    @property
    def expires_at(self) -> "float | None":
        """The token's ``exp`` (seconds since the epoch), or None."""
        return _number_or_none(self.claims.get("exp"))

    @property
    def auth_time(self) -> "float | None":
        return _number_or_none(self.claims.get("auth_time"))

    def to_dict(self) -> dict:
        """connect's JSON shape: ``signedIn``, ``scopeGranted``, ``id_token``, ``profile``."""
        return {
            "signedIn": self.signed_in,
            "scopeGranted": self.scope_granted,
            "id_token": self.id_token,
            "profile": self.profile if self.signed_in else None,
        }

    def __repr__(self) -> str:
        # Never the token: repr() ends up in logs and on screens.
        return f"User(signed_in={self.signed_in!r}, sub={self.sub!r})"
