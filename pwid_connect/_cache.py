"""The cached signed-in user: one JSON record in (session) storage.

::

    cache = UserCache(SafeStorage(session_storage))
    cache.write(user)                 # after the flow validated the token
    user = cache.read(now=time.time())   # None when absent, corrupt or expired

The record is ``{"version": 1, "id_token": str, "scope_granted": str | null,
"expires_at": number}``. ``read`` trusts a token it finds (the flow validated it
before writing) except for its expiry; anything odd is removed, so a bad record
cannot stick.
"""

import json

from ._errors import InvalidToken
from ._user import User

VERSION = 1


def _is_time(value: object) -> bool:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    return value == value and value not in (float("inf"), float("-inf"))


class UserCache:
    """Read, write and clear the cached :class:`User` under one storage key."""

    __slots__ = ("key", "storage")

    def __init__(self, storage: object, key: str = "passwordless.id/user") -> None:
        self.storage = storage
        self.key = key

    def read(self, now: float) -> "User | None":
        """The cached user if there is a valid, unexpired record; else None (and no record)."""
        raw = self.storage.get(self.key)
        if not isinstance(raw, str):  # None, or Pyodide's jsnull from a raw storage
            return None
        user = self._parse(raw, now)
        if user is None:
            self.storage.remove(self.key)
        return user

    def _parse(self, raw: str, now: float) -> "User | None":
        try:
            record = json.loads(raw)
        except ValueError:
            return None
        if not isinstance(record, dict):
            return None
        version = record.get("version")
        if isinstance(version, bool) or version != VERSION:
            return None
        token = record.get("id_token")
        scope = record.get("scope_granted")
        expires_at = record.get("expires_at")
        if not isinstance(token, str) or not (scope is None or isinstance(scope, str)):
            return None
        if not _is_time(expires_at) or expires_at <= now:
            return None
        try:
            user = User.from_id_token(token, scope)
        except InvalidToken:
            return None
        # The record's expiry may be earlier than the token's, never later.
        exp = user.expires_at
        if exp is not None and exp <= now:
            return None
        return user

    def write(self, user: User) -> None:
        """Store a signed-in user; ValueError for a signed-out one or one without ``exp``."""
        if not user.signed_in or not isinstance(user.id_token, str):
            raise ValueError("only a signed-in user with a token can be cached")
        expires_at = user.expires_at
        if expires_at is None:
            raise ValueError("a user without an expiry cannot be cached")
        record = {
            "version": VERSION,
            "id_token": user.id_token,
            "scope_granted": user.scope_granted,
            "expires_at": expires_at,
        }
        self.storage.set(self.key, json.dumps(record))

    def clear(self) -> None:
        self.storage.remove(self.key)
