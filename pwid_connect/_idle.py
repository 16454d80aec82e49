"""The idle watcher's decisions, given times: what to do next, and the re-auth lock record.

Pure Python (no JS): the browser half (``_idle_watcher``) reads the clock and storage
and does what :func:`next_step` says::

    step = next_step(now=1000.0, active_at=400.0, timeout=900, warn_before=60, warned=False)
    step.action, step.at          # ("arm", 1240.0): wake up at the warning time
    is_locked(storage.get(LOCK_KEY))   # False only for no record (or an unlocked one)

The deadline is absolute wall-clock time: the last trusted activity of any tab of the
origin (``ACTIVITY_KEY`` in localStorage) plus the timeout. A warning counts down to
that same deadline; only new activity moves it.
"""

import json

VERSION = 1
LOCK_KEY = "pwid_connect/idle"
ACTIVITY_KEY = "pwid_connect/activity"
# A stamp this far in the future is a clock that went back, or a forged value: not trusted.
FUTURE_LEEWAY = 5.0
# setTimeout stores its delay in 32 bits (24.8 days); a long wait is armed in steps.
MAX_DELAY = 86400.0

ARM = "arm"  # nothing to do now: wake up again at `at`
WARN = "warn"  # call on_warn(seconds_left), then wake up at the deadline
CANCEL = "cancel"  # activity withdrew the warning: tell the page, wake up at `at`
IDLE = "idle"  # the deadline has passed: lock, clear, run the callbacks


def _is_time(value: object) -> bool:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    return value == value and value not in (float("inf"), float("-inf"))


def check_times(timeout: object, warn_before: object) -> None:
    """ValueError unless ``0 < timeout`` and ``0 <= warn_before < timeout`` (seconds)."""
    if not _is_time(timeout) or timeout <= 0:
        raise ValueError("timeout must be a positive number of seconds")
    if not _is_time(warn_before) or warn_before < 0 or warn_before >= timeout:
        raise ValueError("warn_before must be at least 0 and less than timeout")


class Step:
    """What the watcher does now (``action``) and when it wakes up next (``at``)."""

    __slots__ = ("action", "at", "seconds_left")

    def __init__(self, action: str, at: float, seconds_left: float) -> None:
        self.action = action
        self.at = at
        self.seconds_left = seconds_left

    def delay(self, now: float) -> float:
        """Seconds to arm the timer for: never negative, never beyond ``MAX_DELAY``."""
        return min(max(0.0, self.at - now), MAX_DELAY)

    def __repr__(self) -> str:
        return f"Step({self.action!r}, at={self.at!r}, left={self.seconds_left!r})"


def next_step(
    now: float, active_at: float, timeout: float, warn_before: float, warned: bool
) -> Step:
    """The watcher's next move at ``now``, after the last activity at ``active_at``."""
    deadline = active_at + timeout
    left = deadline - now
    if left <= 0:
        return Step(IDLE, deadline, 0.0)
    warn_at = deadline - warn_before if warn_before > 0 else deadline
    if now >= warn_at:
        # Inside the warning window: warn once; the countdown ends at the same deadline.
        return Step(ARM if warned else WARN, deadline, left)
    return Step(CANCEL if warned else ARM, warn_at, left)


def activity_time(stamp: object, now: float) -> "float | None":
    """A usable activity stamp (seconds), or None when absent, corrupt or in the future."""
    if not _is_time(stamp) or stamp <= 0 or stamp > now + FUTURE_LEEWAY:
        return None
    return float(stamp)


def parse_activity(raw: object) -> "float | None":
    """The float text the JS side stores under ``ACTIVITY_KEY``, or None."""
    if not isinstance(raw, str):
        return None
    try:
        value = float(raw)
    except ValueError:
        return None
    return value if _is_time(value) else None


def lock_record(now: float) -> str:
    """The JSON stored under ``LOCK_KEY`` while a re-authentication is required."""
    return json.dumps({"version": VERSION, "locked": True, "locked_at": now})


def is_locked(raw: object) -> bool:
    """Whether a stored lock record means "locked". Fail closed: only no record (None) or a
    well-formed ``{"version": 1, "locked": false}`` is unlocked; anything else, corrupt,
    foreign or from a newer version, reads as locked."""
    if raw is None:
        return False
    if not isinstance(raw, str):
        return True
    try:
        record = json.loads(raw)
    except ValueError:
        return True
    if not isinstance(record, dict):
        return True
    version = record.get("version")
    if isinstance(version, bool) or version != VERSION:
        return True
    return record.get("locked") is not False


class IdleLock:
    """The re-auth lock in a storage whose ``get`` may raise (localStorage, unguarded).

    A corrupt record reads as locked. An unreadable storage reads as locked when
    ``strict`` (a watcher runs on this page), unless this page lifted the lock itself
    with an explicit sign-in; a page that never watches has nothing to fail closed on.
    """

    __slots__ = ("_lifted_here", "storage", "strict")

    def __init__(self, storage: object) -> None:
        self.storage = storage
        self.strict = False
        self._lifted_here = False

    def locked(self) -> bool:
        try:
            raw = self.storage.get(LOCK_KEY)
        except Exception:
            return self.strict and not self._lifted_here
        return is_locked(raw if isinstance(raw, str) else None)

    def lock(self, now: float) -> None:
        self._lifted_here = False
        _quietly(self.storage.set, LOCK_KEY, lock_record(now))  # unwritable: reads as locked

    def unlock(self) -> None:
        self._lifted_here = True
        _quietly(self.storage.remove, LOCK_KEY)


def _quietly(fn, *args: object) -> bool:
    """Call ``fn``; False if it raised (MicroPython has no ``contextlib.suppress``)."""
    try:
        fn(*args)
    except Exception:
        return False
    return True
