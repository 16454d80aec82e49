"""The browser edge: the only module of pwid-connect that touches JavaScript.

Everything else is pure Python that runs the same in CPython, Pyodide and MicroPython.
Pyodide and MicroPython convert values between Python and JS differently (JS ``null`` is
``jsnull`` on Pyodide and ``None`` on MicroPython; integers above 2**31 are truncated by
MicroPython; dicts and callbacks need each runtime's own proxies). So the boundary is
kept narrow on purpose: a small set of JS helpers, installed once per page, that take
and return only strings, floats and booleans, never objects, ``null`` or large
integers. Every Python function below is a thin call to one of them.

    from pwid_connect import _browser as browser
    browser.now()                       # 1796397710.259 (float seconds)
    status, body = await browser.fetch_text("https://idp.example/.well-known/openid-configuration")
"""

import json
import sys

import js

from ._encoding import b64url_encode
from ._errors import InvalidToken, NetworkError
from ._jwks import webcrypto_params

# Installed as `globalThis.pwidConnect` the first time this module is imported. Helpers
# resolve their promises with JSON text and never reject, so the Python side has one
# way to read a result on both runtimes.
_HELPERS = r"""
globalThis.pwidConnect ??= (() => {
  const windows = new Map();
  let lastId = 0;
  const CALLBACK = "pwid-connect:callback";
  const closeQuietly = (w) => { try { w.close(); } catch (_) {} };
  const store = (kind) => (kind === "local" ? localStorage : sessionStorage);

  // Resolves with the URL that our callback page, loaded in `target()` (a popup or an
  // iframe), posts from this origin; messages from any other window or origin are ignored.
  const awaitCallback = (target, timeoutMs, cleanup, isClosed) => new Promise((resolve) => {
    const settle = (result) => {
      removeEventListener("message", onMessage);
      clearInterval(poll);
      clearTimeout(timer);
      cleanup();
      resolve(JSON.stringify(result));
    };
    const onMessage = (event) => {
      const data = event.data;
      if (event.source !== target() || event.origin !== location.origin) return;
      if (!data || data.type !== CALLBACK || typeof data.url !== "string") return;
      settle({ url: data.url });
    };
    addEventListener("message", onMessage);
    const timer = setTimeout(() => settle({ error: "timeout" }), timeoutMs);
    // A closed popup sends no event: polling `closed` is the only way to notice.
    // A message posted just before the window closed is still delivered: one more tick.
    let closedTicks = 0;
    const poll = isClosed
      ? setInterval(() => {
          closedTicks = isClosed() ? closedTicks + 1 : 0;
          if (closedTicks > 1) settle({ error: "popup_closed" });
        }, 250)
      : 0;
  });

  return {
    now: () => Date.now() / 1000,
    randomHex: (n) => Array.from(crypto.getRandomValues(new Uint8Array(n)),
                                 (b) => b.toString(16).padStart(2, "0")).join(""),
    href: () => location.href,
    resolve: (url, base) => new URL(url, base).href,
    replaceUrl: (url) => history.replaceState(history.state, "", url),
    navigate: (url) => location.assign(url),
    never: () => new Promise(() => {}),

    storageGet: (kind, key) => store(kind).getItem(key) ?? undefined,
    storageSet: (kind, key, value) => store(kind).setItem(key, value),
    storageRemove: (kind, key) => store(kind).removeItem(key),

    async fetchText(url, method, body, contentType, withCredentials) {
      const init = { method, credentials: withCredentials ? "include" : "omit", cache: "no-store" };
      if (body) init.body = body;
      if (contentType) init.headers = { "Content-Type": contentType };
      try {
        const response = await fetch(url, init);
        return JSON.stringify({ status: response.status, text: await response.text() });
      } catch (error) {
        return JSON.stringify({ error: String(error && error.message || error) });
      }
    },

    // Synchronous, so it can run inside a click handler before anything is awaited.
    openPopup(width, height) {
      const left = Math.max(0, (screen.width - width) / 2);
      const top = Math.max(0, (screen.height - height) / 2);
      const features = `popup,width=${width},height=${height},left=${left},top=${top}`;
      const w = window.open("about:blank", "pwid-connect", features);
      if (!w) return 0;
      windows.set(++lastId, w);
      return lastId;
    },
    closePopup(id) {
      const w = windows.get(id);
      windows.delete(id);
      if (w) closeQuietly(w);
    },
    popupResult(id, url, timeoutMs) {
      const w = windows.get(id);
      windows.delete(id);
      if (!w || w.closed) return Promise.resolve(JSON.stringify({ error: "popup_closed" }));
      w.location.replace(url);
      return awaitCallback(() => w, timeoutMs, () => closeQuietly(w), () => w.closed);
    },
    iframeResult(url, timeoutMs) {
      const frame = document.createElement("iframe");
      frame.hidden = true;
      frame.setAttribute("aria-hidden", "true");
      frame.src = url;
      const result = awaitCallback(() => frame.contentWindow, timeoutMs, () => frame.remove());
      document.body.append(frame);
      return result;
    },

    // Verifies a JWS signature with WebCrypto. The key is a public JWK (JSON), `params`
    // the importKey/verify algorithm objects (JSON), the signed bytes and the signature
    // base64url text: the bytes are decoded here, so only strings cross from Python.
    async verifySignature(jwkJson, paramsJson, inputB64url, signatureB64url) {
      const bytes = (text) => {
        const b64 = text.replace(/-/g, "+").replace(/_/g, "/");
        const padded = b64 + "===".slice((b64.length + 3) % 4);
        return Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
      };
      try {
        const params = JSON.parse(paramsJson);
        const key = await crypto.subtle.importKey(
          "jwk", JSON.parse(jwkJson), params.import, false, ["verify"]);
        const valid = await crypto.subtle.verify(
          params.verify, key, bytes(signatureB64url), bytes(inputB64url));
        return JSON.stringify({ valid });
      } catch (error) {
        return JSON.stringify({ error: String(error && error.name || error) });
      }
    },

    // The idle watcher's JS half. Trusted input only stamps a time here: no Python runs
    // per event. Each watcher has one unchained setTimeout (armed by Python for its next
    // deadline), wake-up listeners (visibility, bfcache, focus) and a BroadcastChannel (or
    // `storage` events where there is none) that tell Python to decide. The stamp is
    // written to localStorage at most once a second, so other tabs share it.
    idle: (() => {
      const ACTIVITY = "pwid_connect/activity";
      const LOCK = "pwid_connect/idle";
      const CHANNEL = "pwid_connect/idle";
      const INPUT = ["pointerdown", "pointermove", "keydown", "wheel", "scroll",
                     "touchstart", "touchmove"];
      const MAX_MS = 2 ** 31 - 1;
      // A BroadcastChannel, or null where there is none (or it refuses): storage events then.
      const openChannel = () => {
        try { return new BroadcastChannel(CHANNEL); } catch (_) { return null; }
      };
      const watchers = new Map();
      const guarded = new Set();
      let last = 0;
      let flushed = 0;
      let lastId = 0;
      let guardChannel = null;
      const stored = () => {
        try { return Number(localStorage.getItem(ACTIVITY)) || 0; } catch (_) { return 0; }
      };
      const write = (t) => {
        last = t;
        flushed = t;
        try { localStorage.setItem(ACTIVITY, String(t)); } catch (_) {}
      };
      const call = (w, reason) => {
        try { w.wake(reason); } catch (error) { console.error("pwid-connect idle:", error); }
      };
      const unwarn = (w) => {
        if (w.warned) { w.warned = false; call(w, "activity"); }
      };
      const clearGuarded = () => {
        for (const entry of guarded) {
          const [kind, key] = entry.split("\n");
          try { store(kind).removeItem(key); } catch (_) {}
        }
      };
      const guard = (kind, key) => {
        if (kind) guarded.add(kind + "\n" + key);
        if (guardChannel !== null) return;
        guardChannel = openChannel() || false;
        if (guardChannel) {
          guardChannel.onmessage = (event) => { if (event.data === "lock") clearGuarded(); };
        } else {
          addEventListener("storage", (event) => {
            if (event.key === LOCK && event.newValue !== null) clearGuarded();
          });
        }
      };
      return {
        activity: () => Math.max(last, stored()),
        touch: (t) => write(t),
        start(wake) {
          const w = { wake, timer: 0, warned: false, off: [], channel: null };
          const on = (target, type, listener, options) => {
            target.addEventListener(type, listener, options);
            w.off.push(() => target.removeEventListener(type, listener, options));
          };
          const onInput = (event) => {
            if (!event.isTrusted) return;  // script-made events are not a person
            const t = Date.now() / 1000;
            last = t;
            if (t - flushed >= 1 || t < flushed) write(t);
            unwarn(w);
          };
          for (const type of INPUT) on(window, type, onInput, { capture: true, passive: true });
          const onWake = (event) => call(w, event.type);
          on(document, "visibilitychange", onWake);
          on(window, "pageshow", onWake);
          on(window, "focus", onWake);
          // The lock record's `storage` event comes when this tab can read the change; a
          // channel message may come first (Chromium syncs localStorage between processes
          // later), so it says what happened: "lock" or "unlock".
          on(window, "storage", (event) => {
            if (event.key === ACTIVITY) unwarn(w);
            else if (event.key === LOCK || event.key === null) call(w, "storage");
          });
          w.channel = openChannel();
          if (w.channel) {
            w.channel.onmessage = (event) => call(w, event.data === "lock" ? "lock" : "unlock");
          }
          watchers.set(++lastId, w);
          return lastId;
        },
        arm(id, seconds) {
          const w = watchers.get(id);
          if (!w) return;
          clearTimeout(w.timer);
          const ms = Math.min(Math.max(0, Math.ceil(seconds * 1000)), MAX_MS);
          w.timer = setTimeout(() => { w.timer = 0; call(w, "timer"); }, ms);
        },
        disarm(id) {
          const w = watchers.get(id);
          if (w) { clearTimeout(w.timer); w.timer = 0; }
        },
        warned(id, on) {
          const w = watchers.get(id);
          if (w) w.warned = Boolean(on);
        },
        stop(id) {
          const w = watchers.get(id);
          if (!w) return;
          watchers.delete(id);
          clearTimeout(w.timer);
          for (const off of w.off) off();
          if (w.channel) { w.channel.onmessage = null; w.channel.close(); }
          w.wake = () => {};
        },
        running: () => watchers.size,
        // Every client of the page: its cached user goes when another tab locks, with no
        // Python involved (so a tab that watches nothing is cleared too).
        guard,
        broadcast(message) {
          // Other tabs hear the lock key's `storage` event where there is no channel.
          if (guardChannel === null) guard("", "");
          if (guardChannel) guardChannel.postMessage(message);
        },
      };
    })(),
  };
})();
"""

js.eval(_HELPERS)
_js = js.globalThis.pwidConnect


def _text(value) -> str | None:
    """A JS string, or None for ``undefined``/``null`` on either runtime."""
    return value if isinstance(value, str) else None


def now() -> float:
    """Wall-clock time in float seconds (``Date.now() / 1000``: a float survives MicroPython)."""
    return float(_js.now())


def random_bytes(count: int) -> bytes:
    """``count`` bytes from ``crypto.getRandomValues``."""
    hexed = str(_js.randomHex(count))
    return bytes(int(hexed[i : i + 2], 16) for i in range(0, len(hexed), 2))


def page_url() -> str:
    return str(_js.href())


def resolve_url(url: str, base: str) -> str:
    """``url`` made absolute against ``base``, as the browser resolves links."""
    return str(_js.resolve(url, base))


def replace_url(url: str) -> None:
    """Rewrite the current history entry (never ``location.hash =``, which adds one)."""
    _js.replaceUrl(url)


def navigate(url: str) -> None:
    _js.navigate(url)


async def never() -> None:
    """Wait forever: what a redirect gives back while the page unloads."""
    await _js.never()


class WebStorage:
    """``sessionStorage`` or ``localStorage`` behind the core's get/set/remove interface."""

    def __init__(self, kind: str = "session") -> None:
        self.kind = kind

    def get(self, key: str) -> str | None:
        return _text(_js.storageGet(self.kind, key))

    def set(self, key: str, value: str) -> None:
        _js.storageSet(self.kind, key, value)

    def remove(self, key: str) -> None:
        _js.storageRemove(self.kind, key)


async def fetch_text(
    url: str,
    method: str = "GET",
    body: str | None = None,
    content_type: str | None = None,
    credentials: bool = False,
) -> tuple:
    """``(status, text)`` of an HTTP request; an unreachable server raises NetworkError."""
    raw = await _js.fetchText(url, method, body or "", content_type or "", credentials)
    result = json.loads(str(raw))
    if "error" in result:
        raise NetworkError("could not reach " + url.split("?")[0])
    return result["status"], result["text"]


def open_popup(width: int = 480, height: int = 720) -> int:
    """Open an empty popup now (synchronously); 0 when the browser blocked it."""
    return int(_js.openPopup(width, height))


def close_popup(popup: int) -> None:
    _js.closePopup(popup)


async def popup_result(popup: int, url: str, timeout: float) -> dict:
    """Send the popup to ``url``; ``{"url": callback URL}`` or ``{"error": why}``."""
    return json.loads(str(await _js.popupResult(popup, url, int(timeout * 1000))))


async def iframe_result(url: str, timeout: float) -> dict:
    """Load ``url`` in a hidden iframe; ``{"url": callback URL}`` or ``{"error": why}``."""
    return json.loads(str(await _js.iframeResult(url, int(timeout * 1000))))


async def verify_signature(jwk: dict, alg: str, signing_input: bytes, signature: bytes) -> bool:
    """Whether ``signature`` over ``signing_input`` verifies with the public ``jwk`` (WebCrypto).

    A key WebCrypto cannot import (not on its curve, bad encoding) is InvalidToken("key_invalid").
    """
    raw = await _js.verifySignature(
        json.dumps(jwk),
        webcrypto_params(alg),
        b64url_encode(signing_input),
        b64url_encode(signature),
    )
    result = json.loads(str(raw))
    if "error" in result:
        raise InvalidToken("the provider's key is unusable: " + result["error"], "key_invalid")
    return result["valid"] is True


# -- the idle watcher's JS half (see `idle` in _HELPERS) -----------------------------------


def _release_nothing() -> None:
    pass


def js_callable(fn) -> tuple:
    """``(callable JS can keep, release)`` for a Python function: the one runtime difference.

    Pyodide needs a proxy that outlives the call (``create_proxy``) and leaks it unless it
    is destroyed; MicroPython hands JS a reference it manages itself.
    """
    if sys.implementation.name == "micropython":
        return fn, _release_nothing
    from pyodide.ffi import create_proxy

    proxy = create_proxy(fn)
    return proxy, proxy.destroy


def idle_activity() -> float:
    """The last trusted activity in any tab (float seconds), or 0.0 when none is known."""
    return float(_js.idle.activity())


def idle_touch(when: float) -> None:
    """Stamp activity at ``when`` (here and, through localStorage, for every tab)."""
    _js.idle.touch(when)


def idle_start(wake) -> int:
    """Listen for activity and wake-ups; ``wake(reason)`` is called on a wake-up, never per
    input event (``reason``: timer, activity, lock, unlock, storage, visibilitychange, pageshow,
    focus)."""
    return int(_js.idle.start(wake))


def idle_arm(watcher: int, seconds: float) -> None:
    """(Re)arm the watcher's one timer: ``wake("timer")`` in ``seconds``."""
    _js.idle.arm(watcher, float(seconds))


def idle_disarm(watcher: int) -> None:
    _js.idle.disarm(watcher)


def idle_warned(watcher: int, on: bool) -> None:
    """While set, the next trusted activity (here or in another tab) calls ``wake("activity")``."""
    _js.idle.warned(watcher, bool(on))


def idle_stop(watcher: int) -> None:
    """Remove the watcher's listeners, timer and channel."""
    _js.idle.stop(watcher)


def idle_guard(kind: str, key: str) -> None:
    """Remove ``key`` from ``kind`` storage (in JS) whenever another tab of the origin locks."""
    _js.idle.guard(kind, key)


def idle_broadcast(message: str) -> None:
    """Tell the other tabs of the origin: ``"lock"`` or ``"unlock"``."""
    _js.idle.broadcast(message)


def report_error(text: str) -> None:
    """``console.error``: for a page callback that raised (never with a token in it)."""
    js.console.error(text)
