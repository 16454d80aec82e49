"""The provider's mutable state and settings: `app.state.provider`.

Everything lives in memory. Handlers run on one event loop and never await in the middle
of a change, so tests may tweak attributes from another thread without locks.
"""

from __future__ import annotations

import secrets
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..users import USERS, LocalUser
from .claims import id_token_claims
from .keys import KeyRing

OriginCheck = Callable[[str], bool]


@dataclass
class Session:
    """A signed-in browser: who, and when they last proved it."""

    sid: str
    username: str
    auth_time: float
    expires_at: float


@dataclass
class AuthRequest:
    """A validated authorization request waiting for sign-in or consent."""

    client_id: str
    redirect_uri: str
    response_type: str  # "id_token" or "code"
    response_mode: str  # "query" or "fragment"
    scopes: frozenset[str]
    state: str | None
    nonce: str | None
    code_challenge: str | None
    prompt: frozenset[str]
    max_age: int | None
    expires_at: float = 0.0
    # The session created by signing in during this request: it satisfies prompt=login
    # and max_age, so the flow does not loop back to the sign-in page.
    signed_in_sid: str | None = None


@dataclass
class CodeGrant:
    """What an authorization code stands for, checked at the token endpoint."""

    client_id: str
    redirect_uri: str
    code_challenge: str
    username: str
    scopes: frozenset[str]
    nonce: str | None
    auth_time: float
    expires_at: float


_SETTINGS = (
    "issuer",
    "token_lifetime",
    "code_lifetime",
    "session_max_age",
    "request_lifetime",
    "clock",
    "allowed_origins_check",
)


@dataclass
class ProviderState:
    """Settings (change them at run time) and the in-memory stores of the twin provider.

    Settings: `issuer`, `token_lifetime` (s, may be negative to mint expired tokens),
    `code_lifetime` (s), `session_max_age` (s, for sessions started afterwards),
    `request_lifetime` (s a parked sign-in/consent request lives), `clock` (returns
    epoch seconds), `allowed_origins_check`, `users`.
    Stores: `sessions` (sid -> Session), `consents` ((username, client_id) -> scopes),
    `codes`, `pending`, and `log` (the last requests, newest last).
    """

    issuer: str
    keys: KeyRing
    token_lifetime: int = 600
    code_lifetime: int = 60
    session_max_age: int = 86400
    request_lifetime: int = 600
    clock: Callable[[], float] = time.time
    allowed_origins_check: OriginCheck | None = None
    users: dict[str, LocalUser] = field(default_factory=lambda: dict(USERS))
    sessions: dict[str, Session] = field(default_factory=dict)
    consents: dict[tuple[str, str], set[str]] = field(default_factory=dict)
    codes: dict[str, CodeGrant] = field(default_factory=dict)
    pending: dict[str, AuthRequest] = field(default_factory=dict)
    # The last requests to each endpoint, for tests that assert on what a client sent.
    log: deque[dict[str, Any]] = field(default_factory=lambda: deque(maxlen=200))

    def __post_init__(self) -> None:
        self._defaults = {name: getattr(self, name) for name in _SETTINGS}
        self._users = dict(self.users)

    def now(self) -> float:
        """Current time from the (injectable) clock."""
        return self.clock()

    @property
    def kid(self) -> str:
        """The kid of the current signing key."""
        return self.keys.kid

    def rotate_key(self, *, keep_previous: bool = True, key_type: str | None = None) -> str:
        """Sign with a new key (`key_type` "ES256" or "RS256", default: the current type).

        The JWKS keeps the old one unless told otherwise.
        """
        return self.keys.rotate(keep_previous=keep_previous, key_type=key_type)

    def jwks(self) -> dict[str, Any]:
        """The published JWK Set."""
        return self.keys.jwks()

    def reset(self, *, settings: bool = False) -> None:
        """Forget sessions, consents, codes, pending requests and the log.

        With `settings=True` also restore the settings given at creation (issuer,
        lifetimes, clock, allowed_origins_check, users). Keys are kept.
        """
        self.sessions.clear()
        self.consents.clear()
        self.codes.clear()
        self.pending.clear()
        self.log.clear()
        if settings:
            for name, value in self._defaults.items():
                setattr(self, name, value)
            self.users = dict(self._users)

    def client_allowed(self, client_id: str) -> bool:
        """Whether the (already well-formed) client origin may use this provider."""
        check = self.allowed_origins_check
        return check is None or bool(check(client_id))

    # Sessions -------------------------------------------------------------------------

    def sign_in(self, username: str) -> Session:
        """Start a new session for a known user (also a shortcut for tests: set the cookie)."""
        if username not in self.users:
            raise KeyError(username)
        now = self.now()
        session = Session(secrets.token_urlsafe(32), username, now, now + self.session_max_age)
        self.sessions[session.sid] = session
        return session

    def session(self, sid: str | None) -> Session | None:
        """The live session for a cookie value; expired ones are dropped."""
        session = self.sessions.get(sid) if sid else None
        if session is not None and self.now() >= session.expires_at:
            del self.sessions[session.sid]
            return None
        return session

    def sign_out(self, sid: str | None) -> None:
        """End a session (no-op when unknown)."""
        if sid:
            self.sessions.pop(sid, None)

    # Consents -------------------------------------------------------------------------

    def has_consent(self, username: str, client_id: str, scopes: frozenset[str]) -> bool:
        """Whether the user has granted all `scopes` to the client."""
        return scopes <= self.consents.get((username, client_id), set())

    def grant_consent(self, username: str, client_id: str, scopes: frozenset[str]) -> None:
        """Remember the granted scopes for (user, client); grants accumulate."""
        self.consents.setdefault((username, client_id), set()).update(scopes)

    # Authorization codes and pending requests -------------------------------------------

    def purge(self) -> None:
        """Drop expired sessions, codes and pending requests (a long-running demo server)."""
        now = self.now()
        for store in (self.sessions, self.codes, self.pending):
            for key in [k for k, v in store.items() if now >= v.expires_at]:
                store.pop(key, None)

    def issue_code(self, grant: CodeGrant) -> str:
        """Store a grant under a fresh random code."""
        self.purge()
        code = secrets.token_urlsafe(32)
        self.codes[code] = grant
        return code

    def redeem_code(self, code: str) -> CodeGrant | None:
        """Take a code out (single use, even if the exchange then fails); None if expired."""
        grant = self.codes.pop(code, None)
        if grant is None or self.now() >= grant.expires_at:
            return None
        return grant

    def add_pending(self, request: AuthRequest) -> str:
        """Park an authorization request while the user signs in or consents."""
        self.purge()
        request.expires_at = self.now() + self.request_lifetime
        rid = secrets.token_urlsafe(24)
        self.pending[rid] = request
        return rid

    def get_pending(self, rid: str | None) -> AuthRequest | None:
        """A parked request that has not expired."""
        request = self.pending.get(rid) if rid else None
        if request is not None and self.now() >= request.expires_at:
            del self.pending[rid]  # type: ignore[arg-type]
            return None
        return request

    # Tokens ---------------------------------------------------------------------------

    def issue_id_token(
        self,
        username: str,
        client_id: str,
        scopes: frozenset[str] | str = frozenset({"openid"}),
        *,
        auth_time: float | None = None,
        nonce: str | None = None,
    ) -> str:
        """Sign an ID token now (also usable directly by tests that need a token)."""
        if isinstance(scopes, str):
            scopes = frozenset(scopes.split())
        now = self.now()
        claims = id_token_claims(
            self.users[username],
            issuer=self.issuer,
            client_id=client_id,
            scopes=scopes,
            now=now,
            lifetime=self.token_lifetime,
            auth_time=now if auth_time is None else auth_time,
            nonce=nonce,
        )
        return self.keys.sign(claims)
