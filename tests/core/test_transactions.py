"""Transactions: shape checks, single use, expiry, corruption and the size bound."""

import json

from pwid_connect import MemoryStorage
from pwid_connect._transactions import MAX_AGE, MAX_ENTRIES, Transaction, TransactionStore
from tests.core.check import NOW, raises

KEY = "pwid_connect/pending"


def tx(state: str = "st", created_at: float = NOW, **kw: object) -> Transaction:
    return Transaction(state, "nonce-" + state, "openid avatar", created_at=created_at, **kw)


def fresh() -> "tuple[MemoryStorage, TransactionStore]":
    store = MemoryStorage()
    return store, TransactionStore(store)


def test_defaults():
    t = tx()
    assert t.state == "st"
    assert t.nonce == "nonce-st"
    assert t.scope == "openid avatar"
    assert t.verifier is None
    assert t.prompt is None
    assert t.mode == "redirect"
    assert t.cache is False
    assert t.redirect_to is None
    assert t.response_type == "id_token"
    assert t.created_at == NOW
    assert t.requested_at == NOW  # defaults to created_at


def test_round_trip_through_json():
    t = tx(
        verifier="v" * 43,
        prompt="login",
        mode="popup",
        cache=True,
        redirect_to="https://app.example/page?x=1",
        response_type="code",
        requested_at=NOW - 1,
    )
    back = Transaction.from_dict(json.loads(json.dumps(t.to_dict())))
    assert back.to_dict() == t.to_dict()
    assert back.verifier == "v" * 43
    assert back.mode == "popup"
    assert back.cache is True
    assert back.requested_at == NOW - 1


def test_every_mode_is_accepted():
    for mode in ["redirect", "popup", "iframe", "silent"]:
        assert tx(mode=mode).mode == mode
    raises(ValueError, tx, mode="tab")


def test_from_dict_rejects_bad_shapes():
    good = tx().to_dict()
    raises(ValueError, Transaction.from_dict, None)
    raises(ValueError, Transaction.from_dict, [good])
    for name in list(good.keys()):
        broken = dict(good)
        del broken[name]
        raises(ValueError, Transaction.from_dict, broken)
    bad_values = [
        ("state", ""),
        ("state", 5),
        ("nonce", None),
        ("scope", ["openid"]),
        ("response_type", None),
        ("verifier", 1),
        ("prompt", False),
        ("redirect_to", {}),
        ("mode", None),
        ("mode", "tab"),
        ("cache", 1),
        ("cache", "yes"),
        ("created_at", "now"),
        ("created_at", True),
        ("created_at", None),
        ("requested_at", "now"),
        ("requested_at", float("nan")),
    ]
    for name, value in bad_values:
        broken = dict(good)
        broken[name] = value
        raises(ValueError, Transaction.from_dict, broken)


def test_repr_hides_secrets():
    text = repr(tx(state="SECRETSTATE", verifier="V" * 43))
    assert "SECRETSTATE" not in text
    assert "V" * 43 not in text


def test_put_take_single_use():
    store, pending = fresh()
    pending.put(tx("a"), NOW)
    pending.put(tx("b"), NOW)
    got = pending.take("a", NOW + 1)
    assert got.state == "a"
    assert got.nonce == "nonce-a"
    assert pending.take("a", NOW + 1) is None  # used once
    assert pending.take("b", NOW + 1).state == "b"
    assert store.get(KEY) is None  # nothing left: the key is removed


def test_take_unknown():
    _, pending = fresh()
    assert pending.take("nope", NOW) is None
    pending.put(tx("a"), NOW)
    assert pending.take("nope", NOW) is None
    assert pending.take(None, NOW) is None
    assert pending.take("a", NOW).state == "a"


def test_stale_entries_are_dropped():
    store, pending = fresh()
    pending.put(tx("old", created_at=NOW), NOW)
    pending.put(tx("new", created_at=NOW + 300), NOW + 300)
    assert pending.take("old", NOW + MAX_AGE + 1) is None
    raw = json.loads(store.get(KEY))
    assert sorted(raw.keys()) == ["new"]  # dropped on take, not only hidden


def test_age_limit_boundary():
    _, pending = fresh()
    pending.put(tx("a"), NOW)
    assert pending.take("a", NOW + MAX_AGE).state == "a"
    pending.put(tx("b"), NOW)
    assert pending.take("b", NOW + MAX_AGE + 0.5) is None


def test_stale_entries_dropped_on_put():
    store, pending = fresh()
    pending.put(tx("old", created_at=NOW), NOW)
    pending.put(tx("new", created_at=NOW + 700), NOW + 700)
    assert sorted(json.loads(store.get(KEY)).keys()) == ["new"]


def test_corrupt_value_reads_as_empty_and_is_removed():
    for raw in ["", "{", "[]", "null", '"x"', "42"]:
        store, pending = fresh()
        store.set(KEY, raw)
        assert pending.take("a", NOW) is None
        assert store.get(KEY) is None, raw


def test_put_over_a_corrupt_value():
    store, pending = fresh()
    store.set(KEY, "{garbage")
    pending.put(tx("a"), NOW)
    assert pending.take("a", NOW).state == "a"


def test_bad_or_mislabelled_entries_are_dropped():
    store, pending = fresh()
    good = tx("good").to_dict()
    other = tx("other").to_dict()
    store.set(KEY, json.dumps({"good": good, "bad": {"state": "bad"}, "label": other}))
    assert pending.take("label", NOW) is None  # stored under a key that is not its state
    assert pending.take("good", NOW).state == "good"
    assert store.get(KEY) is None


def test_at_most_max_entries_oldest_dropped():
    store, pending = fresh()
    count = MAX_ENTRIES + 5
    for i in range(count):
        pending.put(tx(f"s{i}", created_at=NOW + i), NOW + i)
    kept = json.loads(store.get(KEY))
    assert len(kept) == MAX_ENTRIES
    expected = [f"s{i}" for i in range(5, count)]
    assert sorted(kept.keys()) == sorted(expected)
    assert pending.take("s0", NOW + count) is None
    assert pending.take(f"s{count - 1}", NOW + count) is not None


def test_new_entry_survives_the_size_bound():
    store, pending = fresh()
    for i in range(MAX_ENTRIES):
        pending.put(tx(f"s{i}", created_at=NOW + 10 + i), NOW + 10 + i)
    # An entry that claims to be older than all the others still is the one just made.
    pending.put(tx("late", created_at=NOW), NOW + 40)
    kept = json.loads(store.get(KEY))
    assert len(kept) == MAX_ENTRIES
    assert "late" in kept
    assert "s0" not in kept


def test_clear():
    store, pending = fresh()
    pending.put(tx("a"), NOW)
    pending.clear()
    assert store.get(KEY) is None
    assert pending.take("a", NOW) is None


def test_custom_key():
    store = MemoryStorage()
    pending = TransactionStore(store, key="other")
    pending.put(tx("a"), NOW)
    assert store.get("other") is not None
    assert store.get(KEY) is None


class JsNullStorage(MemoryStorage):
    """A raw Pyodide storage: a missing key reads as jsnull, not None."""

    def get(self, key: str) -> object:
        value = super().get(key)
        return object() if value is None else value


def test_non_string_read_is_empty():
    pending = TransactionStore(JsNullStorage())
    assert pending.take("a", NOW) is None
    pending.put(tx("a"), NOW)
    assert pending.take("a", NOW).state == "a"
