"""The idle watcher in the browser: signs the user out everywhere after inactivity.

::

    import pwid_connect as pwid

    def signed_out():
        show_sign_in_again()

    watcher = pwid.on_idle(signed_out, timeout=900, warn_before=60, on_warn=ask_still_there)
    watcher.remaining()     # seconds until the deadline
    watcher.reset()         # "I'm still here" from a dialog button
    watcher.stop()          # every listener, timer, channel and proxy removed

JavaScript stamps trusted input and holds one timer per watcher (``_browser``'s ``idle``
helpers); Python runs only when that timer fires or the page wakes up (visibility,
back/forward cache, focus, another tab), and :func:`pwid_connect._idle.next_step`
decides. On idle the lock is stored in localStorage (fail closed), every cached user of
this page is removed, other tabs are told (BroadcastChannel, else ``storage`` events),
and the callbacks run once. Only an explicit (``prompt=login``) sign-in lifts the lock.
"""

import asyncio

from . import _browser as browser
from ._idle import CANCEL, IDLE, WARN, IdleLock, activity_time, check_times, next_step

# The page's running watchers and every client's cache (a memory cache cannot be reached
# from JS, so Python clears them all when this page locks or hears of a lock).
_watchers: list = []
_caches: list = []
_lock = IdleLock(browser.WebStorage("local"))

# Test instrumentation: called each time JS hands control to a watcher's Python (never
# per input event); ``python_calls`` counts the same.
on_python_call = None
python_calls = 0


def register_cache(cache: object, kind: str) -> None:
    """A client's cache: cleared here on a lock, and (for web storage) by JS on another
    tab's lock, even on a page that watches nothing."""
    _caches.append(cache)
    if kind in ("session", "local"):
        browser.idle_guard(kind, cache.key)


def locked() -> bool:
    """Whether a re-authentication is required, after checking this page's deadlines
    (a laptop that slept, a throttled tab): call it before handing out any token."""
    for watcher in list(_watchers):
        watcher._decide("check")
    return _lock.locked()


def unlock_after_sign_in(now: float) -> None:
    """An explicit sign-in succeeded: lift the lock everywhere, and start a new idle period."""
    was_locked = _lock.locked()
    _lock.unlock()
    browser.idle_touch(now)
    if was_locked:
        browser.idle_broadcast("unlock")
    for watcher in list(_watchers):
        watcher._decide("unlock")


def _lock_everywhere(now: float) -> None:
    _lock.lock(now)
    browser.idle_broadcast("lock")
    _locked_here()


def _locked_here() -> None:
    for cache in _caches:
        cache.clear()
    for watcher in list(_watchers):
        watcher._fire()


def _report(exc: BaseException) -> None:
    browser.report_error("pwid-connect: an idle callback raised " + repr(exc))


class IdleWatcher:
    """Calls ``callback()`` once the user has been idle ``timeout`` seconds (see module doc).

    ``on_warn(seconds_left)`` runs ``warn_before`` seconds before the deadline, and
    ``on_active()`` when activity withdraws that warning. Callbacks may be plain or async.
    A lock stored before the watcher started does not run its callbacks again.
    """

    def __init__(
        self,
        callback,
        timeout: float = 900,
        warn_before: float = 0,
        on_warn=None,
        on_active=None,
    ) -> None:
        check_times(timeout, warn_before)
        for name, fn in (("callback", callback), ("on_warn", on_warn), ("on_active", on_active)):
            if fn is not None and not callable(fn):
                raise TypeError(name + " must be callable")
        self.timeout = float(timeout)
        self.warn_before = float(warn_before)
        self._callback = callback
        self._on_warn = on_warn
        self._on_active = on_active
        self._warned = False
        self._fired = False
        self._stopped = False
        self._tasks: list = []
        wake, self._release = browser.js_callable(self._wake)
        self._id = browser.idle_start(wake)
        _watchers.append(self)
        _lock.strict = True  # this page watches: an unreadable lock now fails closed
        if _lock.locked():
            self._fired = True  # already locked: id() says reauth_required
            return
        now = browser.now()
        if self._activity(now) is None:
            browser.idle_touch(now)  # the first watch in this browser, or a bad stamp
        self._decide("start")

    # -- the public handle -----------------------------------------------------------------

    @property
    def warning(self) -> bool:
        """Whether the warning is showing (on_warn ran, no activity since)."""
        return self._warned

    @property
    def locked(self) -> bool:
        """Whether this page is locked (idle happened; an explicit sign-in is needed)."""
        return _lock.locked()

    @property
    def stopped(self) -> bool:
        return self._stopped

    def remaining(self) -> float:
        """Seconds until the deadline; 0.0 once idle (locked) or stopped."""
        if self._stopped or self._fired or _lock.locked():
            return 0.0
        now = browser.now()
        active_at = self._activity(now)
        if active_at is None:
            return self.timeout
        return max(0.0, active_at + self.timeout - now)

    def reset(self) -> None:
        """Count as activity now (e.g. "I'm still here"). It never lifts a lock."""
        if self._stopped or self._fired or _lock.locked():
            return
        browser.idle_touch(browser.now())
        self._decide("reset")

    def stop(self) -> None:
        """Remove every listener, timer, channel and proxy this watcher made; idempotent."""
        if self._stopped:
            return
        self._stopped = True
        browser.idle_stop(self._id)
        self._release()
        if self in _watchers:
            _watchers.remove(self)

    def __repr__(self) -> str:
        state = "stopped" if self._stopped else "idle" if self._fired else "watching"
        return f"<IdleWatcher {state} timeout={self.timeout!r}>"

    # -- what JS wakes up -----------------------------------------------------------------

    def _wake(self, reason: str) -> None:
        """JS calls this when the timer fires or the page wakes up; never per input event."""
        global python_calls
        python_calls += 1
        if on_python_call is not None:
            on_python_call()
        self._decide(str(reason))

    def _activity(self, now: float) -> "float | None":
        return activity_time(browser.idle_activity(), now)

    def _decide(self, reason: str) -> None:
        if self._stopped:
            return
        now = browser.now()
        if reason == "lock" and not _lock.locked():
            # Another tab's message came before its lock record reached this tab's storage.
            _lock.lock(now)
        if _lock.locked():
            if not self._fired:
                _locked_here()  # locked by another tab (or a lock record appeared)
            return
        if self._fired:
            self._fired = False  # lifted by an explicit sign-in: a new idle period
        active_at = self._activity(now)
        if active_at is None:
            browser.idle_touch(now)
            active_at = now
        step = next_step(now, active_at, self.timeout, self.warn_before, self._warned)
        if step.action == IDLE:
            _lock_everywhere(now)
            return
        browser.idle_arm(self._id, step.delay(now))
        if step.action == WARN:
            self._set_warned(True)
            self._call(self._on_warn, step.seconds_left)
        elif step.action == CANCEL:
            self._set_warned(False)
            self._call(self._on_active)
        elif self._warned:
            browser.idle_warned(self._id, True)  # JS clears it on activity: keep them in step

    def _set_warned(self, on: bool) -> None:
        self._warned = on
        browser.idle_warned(self._id, on)

    def _fire(self) -> None:
        if self._fired or self._stopped:
            return
        self._fired = True
        browser.idle_disarm(self._id)
        if self._warned:
            self._set_warned(False)
        self._call(self._callback)

    def _call(self, fn, *args: object) -> None:
        if fn is None:
            return
        try:
            result = fn(*args)
        except Exception as exc:
            _report(exc)
            return
        if result is not None and hasattr(result, "send"):  # a coroutine: async def
            self._spawn(result)

    def _spawn(self, coro) -> None:
        held: list = []

        async def run() -> None:
            try:
                await coro
            except Exception as exc:
                _report(exc)
            finally:
                if held and held[0] in self._tasks:
                    self._tasks.remove(held[0])

        # Keep a reference: the event loop holds tasks only weakly.
        task = asyncio.create_task(run())
        held.append(task)
        self._tasks.append(task)
