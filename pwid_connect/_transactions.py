"""Pending authorization requests, kept in storage until their response comes back.

A transaction remembers what only this browser knows about a request (``state``,
``nonce``, the PKCE verifier, and where to go back to). Its ``state`` is the key:
a response is accepted only if ``take`` finds it, and ``take`` consumes it::

    store = TransactionStore(SafeStorage(session_storage))
    store.put(Transaction(state, nonce, "openid", created_at=now), now)
    ... redirect to the provider and back ...
    tx = store.take(callback.state, now)     # None: unknown, replayed or stale
"""

import json

MAX_AGE = 600.0  # seconds a sign-in may take before its transaction is dropped
MAX_ENTRIES = 20  # pending requests kept at most, so storage cannot grow without bound
MODES = ("redirect", "popup", "iframe", "silent")

_FIELDS = (
    "state",
    "nonce",
    "verifier",
    "scope",
    "prompt",
    "mode",
    "cache",
    "redirect_to",
    "response_type",
    "created_at",
    "requested_at",
)


def _is_time(value: object) -> bool:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    return value == value and value not in (float("inf"), float("-inf"))


def _created(tx: "Transaction") -> float:
    return tx.created_at


def _opt_str(value: object) -> bool:
    return value is None or isinstance(value, str)


class Transaction:
    """One authorization request in flight; ValueError if a field has the wrong type."""

    __slots__ = _FIELDS

    def __init__(
        self,
        state: str,
        nonce: str,
        scope: str,
        *,
        verifier: str | None = None,
        prompt: str | None = None,
        mode: str = "redirect",
        cache: bool = False,
        redirect_to: str | None = None,
        response_type: str = "id_token",
        created_at: float = 0.0,
        requested_at: float | None = None,
    ) -> None:
        self.state = state
        self.nonce = nonce
        self.scope = scope
        self.verifier = verifier
        self.prompt = prompt
        self.mode = mode
        self.cache = cache
        self.redirect_to = redirect_to
        self.response_type = response_type
        self.created_at = created_at
        # The moment the request was made: the floor for auth_time with prompt=login.
        self.requested_at = created_at if requested_at is None else requested_at
        self._validate()

    def _validate(self) -> None:
        for name in ("state", "nonce", "scope", "response_type"):
            value = getattr(self, name)
            if not isinstance(value, str) or not value:
                raise ValueError(f"transaction {name} must be a non-empty str")
        for name in ("verifier", "prompt", "redirect_to"):
            if not _opt_str(getattr(self, name)):
                raise ValueError(f"transaction {name} must be a str or None")
        if self.mode not in MODES:
            raise ValueError("transaction mode must be one of " + ", ".join(MODES))
        if not isinstance(self.cache, bool):
            raise ValueError("transaction cache must be a bool")
        if not _is_time(self.created_at) or not _is_time(self.requested_at):
            raise ValueError("transaction times must be numbers")

    def to_dict(self) -> dict:
        return {name: getattr(self, name) for name in _FIELDS}

    @classmethod
    def from_dict(cls, data: dict) -> "Transaction":
        """Rebuild from ``to_dict()``; ValueError on any other shape."""
        if not isinstance(data, dict):
            raise ValueError("a transaction is a JSON object")
        for name in _FIELDS:
            if name not in data:
                raise ValueError(f"transaction has no {name}")
        kwargs = {name: data[name] for name in _FIELDS if name not in ("state", "nonce", "scope")}
        try:
            return cls(data["state"], data["nonce"], data["scope"], **kwargs)
        except TypeError:
            # MicroPython gives no ValueError for an odd keyword; normalise it.
            pass
        raise ValueError("bad transaction")

    def __repr__(self) -> str:
        # state, nonce and verifier are secrets of this browser.
        return f"<Transaction mode={self.mode!r} scope={self.scope!r} at={self.created_at!r}>"


class TransactionStore:
    """All pending transactions as one JSON object ``{state: transaction}`` in storage."""

    __slots__ = ("key", "storage")

    def __init__(self, storage: object, key: str = "pwid_connect/pending") -> None:
        self.storage = storage
        self.key = key

    def _load(self, now: float) -> "tuple[dict, bool]":
        """(live entries, whether the stored value must be rewritten)."""
        raw = self.storage.get(self.key)
        if not isinstance(raw, str):  # None, or Pyodide's jsnull from a raw storage
            return {}, False
        try:
            data = json.loads(raw)
        except ValueError:
            data = None
        if not isinstance(data, dict):
            return {}, True
        entries = {}
        changed = False
        for state, item in data.items():
            try:
                tx = Transaction.from_dict(item)
            except ValueError:
                tx = None
            if tx is None or tx.state != state or now - tx.created_at > MAX_AGE:
                changed = True  # corrupt, mislabelled or stale
                continue
            entries[state] = tx
        return entries, changed

    def _save(self, entries: dict) -> None:
        if entries:
            data = {state: tx.to_dict() for state, tx in entries.items()}
            self.storage.set(self.key, json.dumps(data))
        else:
            self.storage.remove(self.key)

    def put(self, tx: Transaction, now: float) -> None:
        """Remember ``tx``; drop stale entries and the oldest beyond MAX_ENTRIES."""
        entries, _ = self._load(now)
        entries[tx.state] = tx
        if len(entries) > MAX_ENTRIES:
            # Dicts are unordered on MicroPython: rank by creation time, not insertion.
            # The new entry always stays.
            others = sorted((t for t in entries.values() if t is not tx), key=_created)
            for old in others[: len(entries) - MAX_ENTRIES]:
                del entries[old.state]
        self._save(entries)

    def take(self, state: str, now: float) -> "Transaction | None":
        """Remove and return the transaction for ``state``; None if unknown or stale."""
        entries, changed = self._load(now)
        tx = entries.pop(state, None) if isinstance(state, str) else None
        if tx is not None or changed:
            self._save(entries)
        return tx

    def clear(self) -> None:
        self.storage.remove(self.key)
