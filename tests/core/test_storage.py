"""MemoryStorage and SafeStorage (which survives a throwing browser storage)."""

from pwid_connect import MemoryStorage
from pwid_connect._storage import SafeStorage
from tests.core.check import raises


class Broken:
    """A storage whose every call raises, like sessionStorage in a sandboxed iframe."""

    def __init__(self) -> None:
        self.calls = 0

    def get(self, key: str) -> None:
        self.calls += 1
        raise RuntimeError("SecurityError")

    def set(self, key: str, value: str) -> None:
        self.calls += 1
        raise RuntimeError("QuotaExceededError")

    def remove(self, key: str) -> None:
        self.calls += 1
        raise RuntimeError("SecurityError")


class FullOnWrite(MemoryStorage):
    """Reads work, writes fail: a full quota."""

    def set(self, key: str, value: str) -> None:
        raise RuntimeError("QuotaExceededError")


class ReturnsJsNull(MemoryStorage):
    """Pyodide returns jsnull (not None) for a missing key."""

    def get(self, key: str) -> object:
        value = super().get(key)
        return object() if value is None else value


def test_memory_storage():
    store = MemoryStorage()
    assert store.get("k") is None
    store.set("k", "v")
    assert store.get("k") == "v"
    store.set("k", "w")
    assert store.get("k") == "w"
    assert len(store) == 1
    store.remove("k")
    assert store.get("k") is None
    store.remove("k")  # removing a missing key is fine
    store.set("a", "1")
    store.clear()
    assert len(store) == 0


def test_memory_storage_values_are_strings():
    raises(TypeError, MemoryStorage().set, "k", 1)
    raises(TypeError, MemoryStorage().set, "k", None)


def test_safe_storage_delegates():
    primary = MemoryStorage()
    store = SafeStorage(primary)
    store.set("k", "v")
    assert primary.get("k") == "v"
    assert store.get("k") == "v"
    store.remove("k")
    assert primary.get("k") is None
    assert not store.degraded


def test_safe_storage_falls_back_to_memory_for_good():
    broken = Broken()
    store = SafeStorage(broken)
    assert store.get("k") is None  # no exception
    assert store.degraded
    store.set("k", "v")
    assert store.get("k") == "v"
    store.remove("k")
    assert store.get("k") is None
    assert broken.calls == 1  # never asked again after the first failure


def test_safe_storage_write_failure_keeps_the_value_in_memory():
    primary = FullOnWrite()
    primary._data["old"] = "x"
    store = SafeStorage(primary)
    assert store.get("old") == "x"
    store.set("k", "v")
    assert store.degraded
    assert store.get("k") == "v"
    assert store.get("old") is None  # nothing copied from the untrusted primary


def test_safe_storage_remove_failure():
    store = SafeStorage(Broken())
    store.remove("k")
    assert store.degraded


def test_safe_storage_turns_non_strings_into_none():
    store = SafeStorage(ReturnsJsNull())
    assert store.get("missing") is None
    store.set("k", "v")
    assert store.get("k") == "v"
    assert not store.degraded


def test_safe_storage_rejects_non_string_values():
    store = SafeStorage(MemoryStorage())
    raises(TypeError, store.set, "k", 5)
    assert not store.degraded
