"""The idle watcher in Chromium, on both runtimes, under Playwright's clock.

The clock is installed before the page loads; minutes pass with ``run_for`` (timers fire
in order) and a sleeping laptop is ``set_system_time`` (the wall clock jumps, no timer
fires). The page (tests/pages/idle.html) shows what the watchers did in counters and is
driven through ``window.idleTest`` (a click would be activity).
"""

import json
import time
from urllib.parse import urlencode

import pytest
from playwright.sync_api import Page

from tests.browser.flows import (
    CACHE_KEY,
    ProviderTraffic,
    cached_user,
    provider_session,
    seed_cache,
    sign_in_at_provider,
)
from tests.browser.harness import WATCH_ERRORS, PageWatch, wait_for_python

LOCK_KEY = "pwid_connect/idle"
ACTIVITY_KEY = "pwid_connect/activity"
INPUT_TYPES = ("pointermove", "pointerdown", "keydown", "wheel", "scroll", "touchstart")


def idle_url(base: str, runtime: str, **params: str) -> str:
    return f"{base}/tests/pages/idle.html?" + urlencode({"runtime": runtime, **params})


def open_idle(page: Page, watch: PageWatch, servers, runtime: str, **params) -> None:
    page.goto(idle_url(servers.app, runtime, **{k: str(v) for k, v in params.items()}))
    wait_for_python(page, watch)


def counter(page: Page, name: str) -> int:
    return int(page.text_content(f"#{name}") or "0")


def state(page: Page) -> dict:
    return json.loads(page.evaluate("idleTest.state()"))


def local(page: Page, key: str):
    return page.evaluate("(k) => localStorage.getItem(k)", key)


def call(page: Page, what: str, *args) -> dict:
    """Run idleTest.id() or .request(prompt) and return the outcome the page showed."""
    page.evaluate(f"(args) => idleTest.{what}(...args)", list(args))
    page.wait_for_selector("#result[data-done]", state="attached", timeout=30_000)
    return json.loads(page.text_content("#result") or "{}")


def seeded_page(page: Page, console: PageWatch, servers, runtime: str, **params) -> None:
    """A signed-in tab: the clock installed, a cached user, then the idle page."""
    page.clock.install(time=time.time())
    seed_cache(page, servers)
    open_idle(page, console, servers, runtime, **params)
    assert cached_user(page) is not None


@pytest.mark.parametrize("kind", ["plain", "async"])
def test_idle_clears_storage_and_fires_once(page, console, servers, runtime, kind):
    seeded_page(
        page,
        console,
        servers,
        runtime,
        timeout=900,
        watchers=2,
        **({"async": 1} if kind == "async" else {}),
    )
    page.clock.run_for(890_000)
    assert counter(page, "idle-count") == 0
    assert cached_user(page) is not None
    assert local(page, LOCK_KEY) is None
    page.clock.run_for(20_000)
    page.wait_for_function("document.querySelector('#idle-count').textContent === '1'")
    assert counter(page, "idle-count-2") == 1  # every watcher of the page
    assert cached_user(page) is None
    assert json.loads(local(page, LOCK_KEY))["locked"] is True
    page.clock.run_for(3_600_000)
    assert counter(page, "idle-count") == 1
    assert counter(page, "idle-count-2") == 1


def test_trusted_activity_postpones_and_untrusted_does_not(page, console, servers, runtime):
    seeded_page(page, console, servers, runtime, timeout=900)
    page.clock.run_for(600_000)
    page.mouse.move(10, 10)
    page.mouse.move(30, 40)
    page.clock.run_for(400_000)  # past the first deadline
    assert counter(page, "idle-count") == 0
    assert 490 < page.evaluate("idleTest.remaining()") <= 500
    # Script-made events of every kind are not a person.
    page.evaluate(
        """(types) => {
            for (const type of types) {
              const event = type.startsWith("pointer") ? new PointerEvent(type, {bubbles: true})
                : type === "keydown" ? new KeyboardEvent(type, {bubbles: true})
                : type === "wheel" ? new WheelEvent(type, {bubbles: true})
                : new Event(type, {bubbles: true});
              document.body.dispatchEvent(event);
              window.dispatchEvent(event.constructor === Event ? new Event(type) : event);
            }
        }""",
        list(INPUT_TYPES),
    )
    page.clock.run_for(495_000)
    page.wait_for_function("document.querySelector('#idle-count').textContent === '1'")
    assert cached_user(page) is None


def test_warning_then_activity_cancels(page, console, servers, runtime):
    seeded_page(page, console, servers, runtime, timeout=900, warn=60)
    page.clock.run_for(845_000)
    assert counter(page, "warn-count") == 1
    assert 50 <= int(page.text_content("#warn-left")) <= 60
    assert state(page)["warning"] is True
    page.mouse.move(50, 50)
    page.wait_for_function("document.querySelector('#active-count').textContent === '1'")
    assert state(page)["warning"] is False
    page.clock.run_for(120_000)  # past the first deadline: nothing
    assert counter(page, "idle-count") == 0
    assert counter(page, "warn-count") == 1
    page.clock.run_for(780_000)  # a new warning, at the new deadline's warning time
    assert counter(page, "warn-count") == 2
    page.clock.run_for(60_000)
    page.wait_for_function("document.querySelector('#idle-count').textContent === '1'")
    assert counter(page, "warn-count") == 2


def test_warning_then_nothing_idles_at_the_original_deadline(page, console, servers, runtime):
    seeded_page(page, console, servers, runtime, timeout=900, warn=60)
    remaining = page.evaluate("idleTest.remaining()")
    page.clock.run_for(850_000)
    assert counter(page, "warn-count") == 1
    page.clock.run_for(int((remaining - 850) * 1000) - 2_000)  # 2 s before the deadline
    assert counter(page, "idle-count") == 0
    page.clock.run_for(3_000)
    page.wait_for_function("document.querySelector('#idle-count').textContent === '1'")
    assert counter(page, "warn-count") == 1
    assert cached_user(page) is None


def test_reload_stays_locked_until_an_explicit_sign_in(page, console, servers, runtime, provider):
    provider_session(page.context, servers, scope="openid")
    seeded_page(page, console, servers, runtime, timeout=30)
    page.clock.run_for(31_000)
    page.wait_for_function("document.querySelector('#idle-count').textContent === '1'")
    # The page's clock is now ahead of the provider's: keep them together.
    offset = page.evaluate("Date.now() / 1000") - time.time()
    provider.clock = lambda: time.time() + offset

    page.reload()
    wait_for_python(page, console)
    assert state(page)["locked"] is True
    assert counter(page, "idle-count") == 0  # an old lock does not run the callbacks again
    traffic = ProviderTraffic(page.context, servers.provider)
    user = call(page, "id")
    assert user["signed_in"] is False
    assert user["reauth_required"] is True
    assert traffic.requests == []  # id() did not even ask the provider

    # request(prompt="none") goes to prompt=login: the sign-in page, despite the live session.
    asked: list[str] = []
    page.on("request", lambda r: asked.append(r.url) if "/openid/authorize" in r.url else None)
    back = page.url.split("?")[0]
    with page.expect_navigation(url=lambda url: url.startswith(back)):
        page.evaluate("idleTest.request('none')")
        page.get_by_role("button", name="Sign in as alice").wait_for()
        sign_in_at_provider(page)
    assert asked and "prompt=login" in asked[0] and "max_age=0" in asked[0]
    assert traffic.showed_a_page()
    wait_for_python(page, console)
    page.wait_for_selector("#result[data-done]", state="attached", timeout=30_000)
    user = json.loads(page.text_content("#result"))
    assert user["signed_in"] is True
    assert user["reauth_required"] is False
    assert local(page, LOCK_KEY) is None
    assert state(page)["locked"] is False
    assert call(page, "id")["signed_in"] is True  # the cached user, handed out again


# The library's channel refuses to open (PyScript needs BroadcastChannel for itself).
NO_CHANNEL = """
(() => {
  const Real = window.BroadcastChannel;
  window.BroadcastChannel = function (name) {
    if (name === "pwid_connect/idle") throw new DOMException("refused", "SecurityError");
    return new Real(name);
  };
})();
"""


def test_two_tabs_share_activity_and_the_lock(browser, servers, runtime):
    context = browser.new_context()
    context.add_init_script(WATCH_ERRORS)
    try:
        context.clock.install(time=time.time())
        tabs = []
        for _ in range(2):
            tab = context.new_page()
            watch = PageWatch(tab)
            seed_cache(tab, servers)
            open_idle(tab, watch, servers, runtime, timeout=900)
            tabs.append((tab, watch))
        one, two = tabs[0][0], tabs[1][0]
        context.clock.run_for(600_000)
        one.mouse.move(5, 5)
        one.mouse.move(25, 25)
        context.clock.run_for(400_000)  # past the first deadline: tab two kept alive by one
        assert counter(one, "idle-count") == counter(two, "idle-count") == 0
        assert cached_user(two) is not None
        assert 490 < two.evaluate("idleTest.remaining()") <= 500
        context.clock.run_for(510_000)
        for tab in (one, two):
            tab.wait_for_function("document.querySelector('#idle-count').textContent === '1'")
            assert cached_user(tab) is None
        for _, watch in tabs:
            watch.check()
    finally:
        context.close()


@pytest.mark.parametrize("channel", ["broadcast", "storage-events"])
@pytest.mark.parametrize("other", ["longer-watcher", "no-watcher"])
def test_idle_in_one_tab_clears_and_locks_another(browser, servers, runtime, channel, other):
    context = browser.new_context()
    context.add_init_script(WATCH_ERRORS)
    try:
        if channel == "storage-events":
            context.add_init_script(NO_CHANNEL)
        context.clock.install(time=time.time())
        one, two = context.new_page(), context.new_page()
        watches = [PageWatch(one), PageWatch(two)]
        seed_cache(one, servers)
        seed_cache(two, servers)
        open_idle(one, watches[0], servers, runtime, timeout=60)
        second = {"timeout": 3600} if other == "longer-watcher" else {"watchers": 0}
        open_idle(two, watches[1], servers, runtime, **second)
        context.clock.run_for(61_000)
        one.wait_for_function("document.querySelector('#idle-count').textContent === '1'")
        two.wait_for_function("(key) => !sessionStorage.getItem(key)", arg=CACHE_KEY)
        if other == "longer-watcher":
            # Its own deadline is an hour away, but the user is signed out: it is told.
            two.wait_for_function("document.querySelector('#idle-count').textContent === '1'")
        user = call(two, "id")
        assert user["signed_in"] is False
        assert user["reauth_required"] is True
        for watch in watches:
            watch.check()
    finally:
        context.close()


@pytest.mark.parametrize("wake", ["visibilitychange", "focus", "pageshow", "handout"])
def test_sleep_past_the_deadline_locks_before_a_token_is_handed_out(
    page, console, servers, runtime, wake
):
    seeded_page(page, console, servers, runtime, timeout=900)
    # The laptop sleeps: the wall clock jumps an hour, no timer runs.
    page.clock.set_system_time(page.evaluate("Date.now()") + 3_600_000)
    assert counter(page, "idle-count") == 0
    assert cached_user(page) is not None
    if wake == "handout":
        user = call(page, "id")  # the very first thing the page asks for
        assert user["signed_in"] is False
        assert user["reauth_required"] is True
    else:
        target = "document" if wake == "visibilitychange" else "window"
        page.evaluate(f"{target}.dispatchEvent(new Event({wake!r}))")
    page.wait_for_function("document.querySelector('#idle-count').textContent === '1'")
    assert cached_user(page) is None
    assert json.loads(local(page, LOCK_KEY))["locked"] is True
    assert call(page, "id")["reauth_required"] is True


def test_trusted_input_costs_no_python_call(page, console, servers, runtime):
    seeded_page(page, console, servers, runtime, timeout=900, warn=60)
    page.clock.run_for(300_000)
    before = counter(page, "python-calls")
    stamp = float(local(page, ACTIVITY_KEY))
    page.mouse.move(10, 10)
    page.mouse.move(510, 310, steps=999)  # 1,000 trusted pointer moves in all
    # Every move was seen (the stamp moved) and none of them ran Python.
    assert float(local(page, ACTIVITY_KEY)) > stamp + 250
    assert page.evaluate("idleTest.remaining()") > 890
    assert counter(page, "python-calls") == before


# Records every wake function the library hands to JS, and the channels it opens.
SPY = """
(() => {
  window.__wakes = [];
  window.__channels = 0;
  const Real = window.BroadcastChannel;
  window.BroadcastChannel = class extends Real {
    constructor(name) {
      super(name);
      this.__open = name === "pwid_connect/idle";  // PyScript opens channels of its own
      if (this.__open) window.__channels += 1;
    }
    close() { if (this.__open) { this.__open = false; window.__channels -= 1; } super.close(); }
  };
  let helpers;
  Object.defineProperty(globalThis, "pwidConnect", {
    configurable: true,
    get: () => helpers,
    set: (value) => {
      helpers = value;
      const start = value.idle.start;
      value.idle.start = (wake) => { window.__wakes.push(wake); return start(wake); };
    },
  });
})();
"""
WATCHED_TYPES = (*INPUT_TYPES, "touchmove", "pageshow", "focus", "storage", "visibilitychange")


def listeners(page: Page) -> dict:
    """The library's listeners on window and document, by type, as Chromium's debugger sees
    them: those whose code is in the script that defines ``pwidConnect`` (PyScript and
    Chromium have listeners of their own)."""
    cdp = page.context.new_cdp_session(page)

    def object_id(expression: str) -> str:
        return cdp.send("Runtime.evaluate", {"expression": expression})["result"]["objectId"]

    internal = cdp.send("Runtime.getProperties", {"objectId": object_id("pwidConnect.now")})
    ours = next(
        p["value"]["value"]["scriptId"]
        for p in internal["internalProperties"]
        if p["name"] == "[[FunctionLocation]]"
    )
    found: dict = {}
    for target in ("window", "document"):
        entries = cdp.send("DOMDebugger.getEventListeners", {"objectId": object_id(target)})
        for entry in entries["listeners"]:
            if entry["scriptId"] == ours:
                found[entry["type"]] = found.get(entry["type"], 0) + 1
    cdp.detach()
    return found


def test_stop_removes_everything(page, console, servers, runtime):
    page.context.add_init_script(SPY)
    seeded_page(page, console, servers, runtime, timeout=900, warn=60, watchers=2)
    assert page.evaluate("pwidConnect.idle.running()") == 2
    assert page.evaluate("window.__channels") == 3  # two watchers and the client's guard
    before = listeners(page)
    assert before == {kind: 2 for kind in WATCHED_TYPES}
    page.evaluate("idleTest.stop()")
    assert listeners(page) == {}
    assert page.evaluate("pwidConnect.idle.running()") == 0
    assert page.evaluate("window.__channels") == 1  # the client's guard stays with the page
    calls = counter(page, "python-calls")
    page.mouse.move(40, 40)
    page.evaluate("dispatchEvent(new Event('focus')); dispatchEvent(new Event('pageshow'))")
    page.evaluate("document.dispatchEvent(new Event('visibilitychange'))")
    page.clock.run_for(7_200_000)
    assert counter(page, "python-calls") == calls
    assert counter(page, "warn-count") == counter(page, "idle-count") == 0
    assert cached_user(page) is not None
    if runtime == "py":
        # Pyodide: the proxies were destroyed, not leaked.
        outcome = page.evaluate(
            "window.__wakes.map((wake) => { try { wake('x'); return 'alive'; }"
            " catch (error) { return 'destroyed'; } })"
        )
        assert outcome == ["destroyed", "destroyed"]
