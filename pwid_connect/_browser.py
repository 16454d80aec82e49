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

import js

from ._errors import NetworkError

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
