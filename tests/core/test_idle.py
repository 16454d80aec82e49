"""The idle watcher's decisions (next_step) and the fail-closed lock record."""

import json

from pwid_connect import MemoryStorage
from pwid_connect._idle import (
    ARM,
    CANCEL,
    IDLE,
    LOCK_KEY,
    MAX_DELAY,
    WARN,
    IdleLock,
    activity_time,
    check_times,
    is_locked,
    lock_record,
    next_step,
    parse_activity,
)
from tests.core.check import NOW, raises


def test_no_warning_arms_for_the_deadline():
    step = next_step(NOW, NOW - 100, 900, 0, False)
    assert step.action == ARM
    assert step.at == NOW + 800
    assert step.seconds_left == 800
    assert step.delay(NOW) == 800


def test_deadline_reached_is_idle():
    for active_at in (NOW - 900, NOW - 901, NOW - 10**6):
        step = next_step(NOW, active_at, 900, 0, False)
        assert step.action == IDLE, active_at
        assert step.at == active_at + 900
        assert step.seconds_left == 0.0
    # The deadline passed while a warning was shown: idle all the same.
    assert next_step(NOW, NOW - 900, 900, 60, True).action == IDLE


def test_before_the_warning_arms_for_the_warning():
    step = next_step(NOW, NOW - 100, 900, 60, False)
    assert step.action == ARM
    assert step.at == NOW + 740


def test_warning_window_warns_once_then_waits_for_the_same_deadline():
    step = next_step(NOW, NOW - 850, 900, 60, False)
    assert step.action == WARN
    assert step.at == NOW + 50  # the deadline, not a new one
    assert step.seconds_left == 50
    again = next_step(NOW + 10, NOW - 850, 900, 60, True)
    assert again.action == ARM
    assert again.at == NOW + 50
    assert again.seconds_left == 40


def test_warning_starts_exactly_at_its_time():
    assert next_step(NOW, NOW - 840, 900, 60, False).action == WARN
    assert next_step(NOW - 0.5, NOW - 840, 900, 60, False).action == ARM


def test_activity_during_the_warning_cancels_it():
    # Warned at NOW - 10, then activity at NOW moved the deadline to NOW + 900.
    step = next_step(NOW, NOW, 900, 60, True)
    assert step.action == CANCEL
    assert step.at == NOW + 840
    assert step.seconds_left == 900


def test_delay_is_bounded():
    step = next_step(NOW, NOW, 10**7, 0, False)
    assert step.delay(NOW) == MAX_DELAY
    late = next_step(NOW, NOW - 1000, 900, 0, False)
    assert late.delay(NOW) == 0.0


def test_check_times():
    check_times(900, 0)
    check_times(0.5, 0.25)
    for timeout, warn in ((0, 0), (-1, 0), (900, 900), (900, 901), (900, -1), ("9", 0)):
        raises(ValueError, check_times, timeout, warn)
    raises(ValueError, check_times, True, 0)
    raises(ValueError, check_times, float("nan"), 0)
    raises(ValueError, check_times, float("inf"), 0)
    raises(ValueError, check_times, 900, None)


def test_activity_time():
    assert activity_time(NOW - 5, NOW) == NOW - 5
    assert activity_time(NOW + 1, NOW) == NOW + 1  # clocks of two tabs may differ a little
    for bad in (None, 0, -1, 0.0, NOW + 3600, float("nan"), float("inf"), True, "1"):
        assert activity_time(bad, NOW) is None, bad


def test_parse_activity():
    assert parse_activity("1700000000.25") == 1700000000.25
    assert parse_activity("12") == 12.0
    for bad in (None, "", "abc", "nan", "inf", "-inf", 12.0):
        assert parse_activity(bad) is None, bad


def test_lock_record_reads_as_locked():
    raw = lock_record(NOW)
    data = json.loads(raw)
    assert data == {"version": 1, "locked": True, "locked_at": NOW}
    assert is_locked(raw) is True


def test_only_no_record_or_an_unlocked_one_is_unlocked():
    assert is_locked(None) is False
    assert is_locked(json.dumps({"version": 1, "locked": False})) is False


def test_corrupt_or_foreign_lock_reads_as_locked():
    corrupt = (
        "",
        "{",
        "null",
        "[]",
        "0",
        '"locked"',
        json.dumps({"locked": False}),
        json.dumps({"version": 2, "locked": False}),
        json.dumps({"version": True, "locked": False}),
        json.dumps({"version": "1", "locked": False}),
        json.dumps({"version": 1}),
        json.dumps({"version": 1, "locked": 0}),
        json.dumps({"version": 1, "locked": None}),
        json.dumps({"version": 1, "locked": "false"}),
    )
    for raw in corrupt:
        assert is_locked(raw) is True, raw
    assert is_locked(12) is True


class Broken:
    """A storage that throws, as localStorage does when the browser blocks it."""

    def get(self, key: str) -> str:
        raise RuntimeError("SecurityError")

    def set(self, key: str, value: str) -> None:
        raise RuntimeError("SecurityError")

    def remove(self, key: str) -> None:
        raise RuntimeError("SecurityError")


def test_idle_lock_round_trip():
    store = MemoryStorage()
    lock = IdleLock(store)
    assert lock.locked() is False
    lock.lock(NOW)
    assert lock.locked() is True
    assert is_locked(store.get(LOCK_KEY))
    # Another lock object on the same storage (a reload, another tab) sees it.
    assert IdleLock(store).locked() is True
    lock.unlock()
    assert lock.locked() is False
    assert store.get(LOCK_KEY) is None


def test_idle_lock_corrupt_record_is_locked():
    store = MemoryStorage()
    store.set(LOCK_KEY, "garbage")
    assert IdleLock(store).locked() is True


def test_unreadable_storage_fails_closed_where_a_watcher_runs():
    lock = IdleLock(Broken())
    assert lock.locked() is False  # nothing could have been stored: not watching here
    lock.strict = True
    assert lock.locked() is True
    lock.unlock()  # an explicit sign-in on this page
    assert lock.locked() is False
    lock.lock(NOW)
    assert lock.locked() is True
