"""UserCache: round trip, and every corrupt, foreign or expired record read as absent."""

import json

from pwid_connect import MemoryStorage, User
from pwid_connect._cache import UserCache
from tests.core.check import NOW, id_claims, make_jwt, raises

KEY = "passwordless.id/user"


def fresh() -> "tuple[MemoryStorage, UserCache]":
    store = MemoryStorage()
    return store, UserCache(store)


def user(**changes: object) -> User:
    return User.from_id_token(make_jwt(id_claims(**changes)), "openid avatar")


def record(**changes: object) -> str:
    data = {
        "version": 1,
        "id_token": make_jwt(id_claims()),
        "scope_granted": "openid",
        "expires_at": NOW + 3600,
    }
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return json.dumps(data)


def reads_as_absent(raw: str) -> None:
    store, cache = fresh()
    store.set(KEY, raw)
    assert cache.read(NOW) is None, raw
    assert store.get(KEY) is None, raw  # and the bad record is gone


def test_round_trip():
    store, cache = fresh()
    original = user()
    cache.write(original)
    assert store.get(KEY) is not None
    back = cache.read(NOW)
    assert back.signed_in is True
    assert back.id_token == original.id_token
    assert back.scope_granted == "openid avatar"
    assert back.claims == original.claims
    assert back.to_dict() == original.to_dict()


def test_record_shape():
    store, cache = fresh()
    u = user()
    cache.write(u)
    data = json.loads(store.get(KEY))
    assert data == {
        "version": 1,
        "id_token": u.id_token,
        "scope_granted": "openid avatar",
        "expires_at": NOW + 3600,
    }


def test_scope_none_round_trips():
    _, cache = fresh()
    cache.write(User.from_id_token(make_jwt(id_claims())))
    assert cache.read(NOW).scope_granted is None


def test_empty_reads_none():
    _, cache = fresh()
    assert cache.read(NOW) is None


def test_corrupt_records_are_removed():
    for raw in ["", "{", "not json", "[]", "null", "1", '"text"', "NaN"]:
        reads_as_absent(raw)


def test_foreign_versions_are_removed():
    for version in [2, 0, "1", True, None, 1.5]:
        reads_as_absent(record(version=version))
    # connect's own JSON shape under the same key is foreign too
    reads_as_absent(json.dumps({"signedIn": True, "id_token": make_jwt(id_claims())}))


def test_wrong_field_types_are_removed():
    reads_as_absent(record(id_token=None))
    reads_as_absent(record(id_token=42))
    reads_as_absent(record(scope_granted=["openid"]))
    reads_as_absent(record(expires_at=None))
    reads_as_absent(record(expires_at=str(NOW + 3600)))
    reads_as_absent(record(expires_at=True))
    reads_as_absent(record(expires_at=[NOW]))


def test_undecodable_token_is_removed():
    reads_as_absent(record(id_token="a.b.c"))
    reads_as_absent(record(id_token="not-a-token"))


def test_expired_record_is_removed():
    reads_as_absent(record(expires_at=NOW - 1))
    reads_as_absent(record(expires_at=NOW))  # expires_at <= now


def test_token_expiry_wins_over_a_later_record_expiry():
    token = make_jwt(id_claims(exp=NOW - 5))
    reads_as_absent(record(id_token=token, expires_at=NOW + 3600))


def test_read_just_before_expiry():
    store, cache = fresh()
    cache.write(user(exp=NOW + 10))
    assert cache.read(NOW + 9.5) is not None
    assert cache.read(NOW + 10) is None
    assert store.get(KEY) is None


def test_write_refuses_signed_out_or_unbounded_users():
    _, cache = fresh()
    raises(ValueError, cache.write, User.signed_out())
    raises(ValueError, cache.write, User(signed_in=True))
    raises(ValueError, cache.write, User(False, "openid", make_jwt(id_claims()), id_claims()))
    raises(ValueError, cache.write, user(exp=None))


def test_clear():
    store, cache = fresh()
    cache.write(user())
    cache.clear()
    assert store.get(KEY) is None
    assert cache.read(NOW) is None
    cache.clear()  # clearing twice is fine


def test_custom_key():
    store = MemoryStorage()
    cache = UserCache(store, key="app/user")
    cache.write(user())
    assert store.get("app/user") is not None
    assert store.get(KEY) is None
    assert UserCache(store, "app/user").read(NOW) is not None


class JsNullStorage(MemoryStorage):
    """A raw Pyodide storage: a missing key reads as jsnull, not None."""

    def get(self, key: str) -> object:
        value = super().get(key)
        return object() if value is None else value


def test_non_string_read_is_absent():
    store = JsNullStorage()
    cache = UserCache(store)
    assert cache.read(NOW) is None
    cache.write(user())
    assert cache.read(NOW) is not None
