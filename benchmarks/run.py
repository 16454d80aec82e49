# ruff: noqa: RUF001 (the report uses typographic signs)
"""What signing in costs a page, on Pyodide and MicroPython, against the floors (issue #8).

::

    python -m benchmarks.run                      # 5 runs -> benchmarks/results.md (+ .json)
    python -m benchmarks.run --runs 1 --moves 500 --warmup 0 --out /tmp/r.md   # the smoke run

One headless Chromium for the whole run and a fresh context (cold HTTP cache, empty
storage) for every measurement; pages come from the dev server's apps, started here on free
loopback ports. Each run measures every variant once, interleaved (bare, cached, floor,
...), so drift on a shared machine hits them alike; the table gives the median and the
interquartile range over runs, and each figure as the median of its per-run ratio to a
floor measured in the same run.
"""

import argparse
import asyncio
import datetime
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import Browser, Page, sync_playwright

from tests.browser.flows import provider_session, seed_cache
from tests.browser.harness import CHROMIUM_ARGS, new_page
from tests.servers import ServerThread, free_port

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
RUNTIMES = {"py": "Pyodide", "mpy": "MicroPython"}
TIMEOUT_MS = 60_000

# The targets.
TARGET_IMPORT_ID_MS = {"py": 50.0, "mpy": 30.0}
TARGET_PAGE_RATIO = 1.15
TARGET_EVENT_US = 2.0
TARGET_WHEEL_BYTES = 40 * 1024


class Servers:
    """The app and provider origins (the shape tests/browser/flows.py expects)."""

    def __init__(self) -> None:
        from demo.serve import build_apps

        app_port, provider_port = free_port(), free_port()
        self.app = f"http://127.0.0.1:{app_port}"
        self.app_cross_site = f"http://localhost:{app_port}"
        self.provider = f"http://127.0.0.1:{provider_port}"
        self.app_asgi, self.provider_app = build_apps(self.app, self.provider)
        self.threads = [
            ServerThread(self.provider_app, provider_port).start(),
            ServerThread(self.app_asgi, app_port).start(),
        ]

    @property
    def provider_state(self):
        return self.provider_app.state.provider

    def stop(self) -> None:
        for thread in self.threads:
            thread.stop()


# -- one measurement -------------------------------------------------------------------------

RESOURCES_JS = """() => [...performance.getEntriesByType("navigation"),
                         ...performance.getEntriesByType("resource")]
    .map((e) => ({name: e.name, bytes: e.encodedBodySize,
                  start: e.startTime, end: e.responseEnd}))"""

PAGE_DATA_JS = "() => Object.assign({}, document.documentElement.dataset)"

# The JS-only cost of what the library's signature check does (import the JWK, verify),
# on the token the page just cached: WebCrypto's own time, the floor of the verification.
VERIFY_JS = """async ([jwksUri, allParams, n]) => {
  const bytes = (t) => Uint8Array.from(
    atob(t.replace(/-/g, "+").replace(/_/g, "/")), (c) => c.charCodeAt(0));
  const token = JSON.parse(sessionStorage.getItem("passwordless.id/user")).id_token;
  const [h, p, s] = token.split(".");
  const header = JSON.parse(new TextDecoder().decode(bytes(h)));
  const params = allParams[header.alg];
  const jwks = await (await fetch(jwksUri, {cache: "no-store"})).json();
  const found = jwks.keys.find((k) => k.kid === header.kid);
  const jwk = {};
  for (const m of ["kty", "crv", "x", "y", "n", "e"]) if (found[m] !== undefined) jwk[m] = found[m];
  const input = new TextEncoder().encode(h + "." + p);
  const times = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    const key = await crypto.subtle.importKey("jwk", jwk, params.import, false, ["verify"]);
    if (!await crypto.subtle.verify(params.verify, key, bytes(s), input)) throw new Error("bad");
    times.push(performance.now() - t);
  }
  return times;
}"""


class Measurement:
    """A fresh context and page; ``open()`` loads a bench page and waits for its result."""

    def __init__(self, browser: Browser, servers: Servers) -> None:
        self.servers = servers
        self.page, self.watch = new_page(browser)
        self.context = self.page.context

    def __enter__(self) -> "Measurement":
        return self

    def __exit__(self, *exc: object) -> None:
        self.context.close()

    def seed_cache(self) -> None:
        seed_cache(self.page, self.servers, "openid")

    def provider_session(self) -> None:
        provider_session(self.context, self.servers, scope="openid")

    def url(self, page: str, **query: str) -> str:
        query = {"issuer": self.servers.provider, **query}
        return f"{self.servers.app}/benchmarks/pages/{page}?" + "&".join(
            f"{k}={v}" for k, v in query.items()
        )

    def open(self, page: str, until: str = "benchDone", **query: str) -> dict:
        self.page.goto(self.url(page, **query))
        return self.wait(until)

    def wait(self, until: str = "benchDone") -> dict:
        try:
            self.page.wait_for_function(
                f"document.documentElement.dataset.{until} || window.__pwidErrors.length",
                timeout=TIMEOUT_MS,
            )
        except Exception as exc:  # Playwright's TimeoutError: say what the page said
            raise RuntimeError(f"{self.page.url} timed out:\n{self.watch.transcript()}") from exc
        data = self.page.evaluate(PAGE_DATA_JS)
        errors = self.watch.errors()
        if not data.get(until) or errors:
            raise RuntimeError(f"{self.page.url} failed: {errors}\n{self.watch.transcript()}")
        return data

    def resources(self) -> list[dict]:
        return self.page.evaluate(RESOURCES_JS)


def page_bytes(resources: list[dict]) -> int:
    return sum(int(r["bytes"] or 0) for r in resources)


def busy_ms(resources: list[dict], prefix: str, start: float, end: float) -> float:
    """How long requests to ``prefix`` were in flight within [start, end] (union, ms)."""
    spans = sorted(
        (max(r["start"], start), min(r["end"], end))
        for r in resources
        if r["name"].startswith(prefix) and r["end"] > start and r["start"] < end
    )
    total, reach = 0.0, start
    for lo, hi in spans:
        lo = max(lo, reach)
        if hi > lo:
            total += hi - lo
            reach = hi
    return total


# -- the figures, one run each ---------------------------------------------------------------


def figure1(browser: Browser, servers: Servers, runtime: str) -> dict:
    """Page to signed-in user (cached), the bare runtime, the plain-JS floor; and bytes."""
    out: dict = {}
    for variant in ("bare", "cached", "floor"):
        with Measurement(browser, servers) as m:
            m.seed_cache()
            if variant == "floor":
                data = m.open("floor.html")
            else:
                data = m.open("bench.html", runtime=runtime, variant=variant)
            if variant != "bare" and data.get("signedIn") != "1":
                raise RuntimeError(f"{variant} page on {runtime} did not find the cached user")
            out[f"{variant}_ms"] = float(data["tEnd"])
            out[f"{variant}_bytes"] = page_bytes(m.resources())
            if variant == "cached":
                out["import_ms"] = float(data["tImport"]) - float(data["tStart"])
                out["id_ms"] = float(data["tEnd"]) - float(data["tImport"])
                out["import_id_ms"] = float(data["tEnd"]) - float(data["tStart"])
                out["python_start_ms"] = float(data["tStart"])
            if variant == "floor":
                out["floor_work_ms"] = float(data["tEnd"]) - float(data["tStart"])
    return out


def figure3(browser: Browser, servers: Servers, runtime: str, verifies: int) -> dict:
    """Silent sign-in and popup round trips, each with the provider's own time as floor."""
    from pwid_connect._jwks import ALGORITHMS, webcrypto_params

    out: dict = {}
    with Measurement(browser, servers) as m:
        m.provider_session()
        data = m.open("bench.html", runtime=runtime, variant="silent", verifies=str(verifies))
        if data.get("signedIn") != "1":
            raise RuntimeError(f"silent sign-in on {runtime} did not sign in")
        start, end = float(data["tId"]), float(data["tEnd"])
        out["silent_ms"] = end - start
        out["silent_network_ms"] = busy_ms(m.resources(), servers.provider, start, end)
        out["verify_ms"] = statistics.median(float(t) for t in data["verifyMs"].split(","))
        params = {alg: json.loads(webcrypto_params(alg)) for alg in ALGORITHMS}
        jwks = f"{servers.provider}/.well-known/jwks.json"
        out["verify_js_ms"] = statistics.median(m.page.evaluate(VERIFY_JS, [jwks, params, 20]))
    with Measurement(browser, servers) as m:
        m.provider_session()
        data = m.open("provider-floor.html", flow="silent")
        if data.get("signedIn") != "1":
            raise RuntimeError("the provider's silent endpoint did not answer with a token")
        out["silent_floor_ms"] = float(data["tEnd"]) - float(data["tStart"])
    for variant, page, query in (
        ("popup", "bench.html", {"runtime": runtime, "variant": "popup"}),
        ("popup_floor", "provider-floor.html", {"flow": "popup"}),
    ):
        with Measurement(browser, servers) as m:
            m.provider_session()
            m.open(page, until="benchReady", **query)
            m.page.click("#go")
            data = m.wait()
            if data.get("signedIn") != "1":
                raise RuntimeError(f"{variant} on {runtime} did not sign in")
            start = data["tClick"] if variant == "popup" else data["tStart"]
            out[f"{variant}_ms"] = float(data["tEnd"]) - float(start)
    return out


# Both pages count the pointer events that reach them (a no-op listener, the same in both),
# so the cost is per event the watcher saw.
COUNT_EVENTS_JS = """() => { window.benchEvents = 0;
  addEventListener("pointermove", () => { window.benchEvents++; },
                   {capture: true, passive: true}); }"""


def _metrics(cdp) -> dict:
    return {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}


def _mouse_moves(cdp, moves: int, batch: int = 500) -> None:
    """``moves`` trusted mouse moves (CDP ``Input.dispatchMouseEvent``), one pixel apart.

    Sent in pipelined batches: one at a time, each waits for a frame (~17 ms, 10,000 take
    3 minutes). Chromium coalesces the moves that arrive within a frame into one
    ``pointermove``, as it does for a fast mouse. The sync API has no pipelining, so the
    batch runs on its async object (Playwright 1.65's ``_impl_obj``/``_sync``).
    """
    impl = cdp._impl_obj

    async def burst(first: int, count: int) -> None:
        await asyncio.gather(
            *[
                impl.send(
                    "Input.dispatchMouseEvent",
                    {"type": "mouseMoved", "x": 10 + (i % 1000), "y": 100 + (i // 1000) % 400},
                    None,
                )
                for i in range(first, first + count)
            ]
        )

    for first in range(0, moves, batch):
        cdp._sync(burst(first, min(batch, moves - first)))


def figure4(browser: Browser, servers: Servers, runtime: str, moves: int) -> dict:
    """JS time per trusted activity event with and without the idle watcher; Python calls."""
    out: dict = {}
    for variant in ("plain", "watch"):
        with Measurement(browser, servers) as m:
            watch = "1" if variant == "watch" else "0"
            m.open("bench.html", runtime=runtime, variant="idle", watch=watch)
            page: Page = m.page
            cdp = m.context.new_cdp_session(page)
            cdp.send("Performance.enable")
            page.mouse.move(5, 100)
            page.evaluate(COUNT_EVENTS_JS)
            before = _metrics(cdp)
            _mouse_moves(cdp, moves)
            after = _metrics(cdp)
            events = page.evaluate("window.benchEvents")
            if not events:
                raise RuntimeError(f"no pointer event reached the {variant} page on {runtime}")
            script = after["ScriptDuration"] - before["ScriptDuration"]
            out[f"{variant}_script_s"] = script
            out[f"{variant}_task_s"] = after["TaskDuration"] - before["TaskDuration"]
            out[f"{variant}_events"] = events
            out[f"event_{variant}_us"] = script / events * 1e6
            if variant == "watch":
                out["python_calls"] = int(page.evaluate(PAGE_DATA_JS)["pythonCalls"])
    out["event_us"] = out["event_watch_us"] - out["event_plain_us"]
    return out


def profile(browser: Browser, servers: Servers, runtime: str) -> dict:
    """figure 2 broken down: import self-time by module, configure, id() and its steps."""
    with Measurement(browser, servers) as m:
        m.seed_cache()
        data = m.open("bench.html", runtime=runtime, variant="profile")

    def pairs(text: str) -> dict:
        return {k: float(v) for k, v in (p.rsplit("=", 1) for p in text.split(";") if p)}

    return {
        "import_ms": float(data["importMs"]),
        "configure_ms": float(data["configureMs"]),
        "id_ms": float(data["idMs"]),
        "imports": pairs(data.get("imports", "")),
        "warm": pairs(data.get("warm", "")),
    }


# -- sizes -----------------------------------------------------------------------------------


def wheel_bytes() -> tuple[int, str]:
    """The size of the wheel `make wheel` builds, and its file name."""
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", tmp, str(ROOT)],
            check=True,
            capture_output=True,
        )
        (wheel,) = Path(tmp).glob("*.whl")
        return wheel.stat().st_size, wheel.name


def served_wheel_bytes(servers: Servers) -> int:
    with urllib.request.urlopen(f"{servers.app}/dist/pwid_connect.whl") as response:
        return len(response.read())


# -- statistics and the report -----------------------------------------------------------------


def summary(values: list[float]) -> dict:
    values = sorted(values)
    if len(values) >= 2:
        q1, _, q3 = statistics.quantiles(values, n=4, method="inclusive")
    else:
        q1 = q3 = values[0]
    return {"median": statistics.median(values), "q1": q1, "q3": q3, "n": len(values)}


def fmt(value: float, unit: str) -> str:
    if unit == "x":
        return f"{value:.2f}×"
    if unit == "B":
        return f"{value / 1024:,.1f} KB"
    if unit == "us":
        return f"{value:.2f} µs"
    if unit == "n":
        return f"{value:.0f}"
    return f"{value:,.1f} ms" if value < 1000 else f"{value:,.0f} ms"


def cell(values: list[float], unit: str) -> str:
    s = summary(values)
    if s["n"] == 1 or unit == "n":
        return fmt(s["median"], unit)
    return f"{fmt(s['median'], unit)} ({fmt(s['q1'], unit)}–{fmt(s['q3'], unit)})"


def ratio(runs: list[dict], top: str, bottom: str) -> list[float]:
    return [r[top] / r[bottom] for r in runs if r.get(bottom)]


# The table: (figure, what, key or (top, bottom) ratio, unit). Each row is for both runtimes.
ROWS = [
    ("1", "cached-user page: navigation → `id()` returned", "cached_ms", "ms"),
    ("1a", "floor (a): bare runtime, does nothing", "bare_ms", "ms"),
    ("1a", "cached-user page ÷ bare runtime (target ≤ 1.15×)", ("cached_ms", "bare_ms"), "x"),
    ("1b", "floor (b): plain JS reads the same record", "floor_ms", "ms"),
    ("1b", "cached-user page ÷ plain JS", ("cached_ms", "floor_ms"), "x"),
    ("2", "`import pwid_connect`", "import_ms", "ms"),
    ("2", "`configure()` + `id()` (cached)", "id_ms", "ms"),
    ("2", "import + `id()` (target < 50 ms Pyodide, < 30 ms MicroPython)", "import_id_ms", "ms"),
    ("2", "import + `id()` ÷ bare runtime boot", ("import_id_ms", "bare_ms"), "x"),
    ("2", "floor: the same work in plain JS, in its page", "floor_work_ms", "ms"),
    ("3", "silent sign-in: `id()`, no cache, live provider session", "silent_ms", "ms"),
    ("3", "…of which requests to the provider in flight", "silent_network_ms", "ms"),
    ("3", "floor: one fetch of the provider's id_token endpoint", "silent_floor_ms", "ms"),
    ("3", "silent ÷ provider floor", ("silent_ms", "silent_floor_ms"), "x"),
    ("3", "popup: click → `User`", "popup_ms", "ms"),
    ("3", "floor: plain-JS popup to the provider and back", "popup_floor_ms", "ms"),
    ("3", "popup ÷ floor", ("popup_ms", "popup_floor_ms"), "x"),
    ("3v", "signature check, keys in memory (library)", "verify_ms", "ms"),
    ("3v", "floor: WebCrypto importKey + verify in JS", "verify_js_ms", "ms"),
    ("3v", "signature check ÷ WebCrypto alone", ("verify_ms", "verify_js_ms"), "x"),
    ("4", "JS per activity event added by the watcher (target < 2 µs)", "event_us", "us"),
    ("4", "floor: JS per event, page without the watcher", "event_plain_us", "us"),
    ("4", "with watcher ÷ without", ("event_watch_us", "event_plain_us"), "x"),
    ("4", "pointer events delivered, of the moves sent (coalesced per frame)", "watch_events", "n"),
    ("4", "Python calls during the moves (target 0)", "python_calls", "n"),
    ("5", "bytes a page downloads: bare runtime", "bare_bytes", "B"),
    ("5", "bytes beyond the bare runtime (cached-user page)", "extra_bytes", "B"),
    ("5", "extra ÷ bare runtime bytes", ("extra_bytes", "bare_bytes"), "x"),
]


def targets(runs: dict, sizes: dict) -> list[tuple[str, str, bool]]:
    """(target, measured, met) for the issue's targets."""
    rows = []
    for rt, name in RUNTIMES.items():
        v = summary([r["import_id_ms"] for r in runs[rt]])["median"]
        lim = TARGET_IMPORT_ID_MS[rt]
        rows.append((f"import + `id()` < {lim:.0f} ms on {name}", fmt(v, "ms"), v < lim))
    for rt, name in RUNTIMES.items():
        v = summary(ratio(runs[rt], "cached_ms", "bare_ms"))["median"]
        rows.append((f"cached-user page ≤ 1.15× bare runtime on {name}", fmt(v, "x"), v <= 1.15))
    for rt, name in RUNTIMES.items():
        us = summary([r["event_us"] for r in runs[rt]])["median"]
        calls = max(r["python_calls"] for r in runs[rt])
        rows.append(
            (
                f"0 Python calls and < 2 µs JS per activity event on {name}",
                f"{calls} calls, {fmt(us, 'us')}",
                calls == 0 and us < TARGET_EVENT_US,
            )
        )
    rows.append(("wheel < 40 KB", fmt(sizes["wheel"], "B"), sizes["wheel"] < TARGET_WHEEL_BYTES))
    return rows


def bars(runs: dict) -> list[str]:
    """A text plot of figure 1 (matplotlib is not a dependency)."""
    lines = ["```"]
    items = []
    for rt, name in RUNTIMES.items():
        for key, label in (("floor_ms", "plain JS"), ("bare_ms", "bare"), ("cached_ms", "cached")):
            items.append((f"{name} {label}", summary([r[key] for r in runs[rt]])["median"]))
    top = max(v for _, v in items) or 1.0
    for label, v in items:
        lines.append(f"{label:<22} {'█' * max(1, round(50 * v / top)):<50} {fmt(v, 'ms')}")
    lines.append("```")
    return lines


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f", {kb / 1024 / 1024:.0f} GB RAM"
    except (OSError, ValueError, IndexError):
        pass
    return f"{cpu}, {os.cpu_count()} cores{mem}, {platform.system()} {platform.release()}"


def versions(browser_version: str) -> str:
    from importlib.metadata import version

    import pwid_connect

    def npm(package: str) -> str:
        path = ROOT / "node_modules" / package / "package.json"
        return json.loads(path.read_text())["version"]

    try:
        commit = subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(ROOT), "status", "--porcelain", "--", "pwid_connect"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        commit += " + uncommitted changes to pwid_connect/" if dirty else ""
    except (OSError, subprocess.CalledProcessError):
        commit = "unknown"
    return (
        f"pwid-connect {pwid_connect.__version__} (commit {commit}); "
        f"Pyodide {npm('pyodide')}, "
        f"MicroPython {npm('@micropython/micropython-webassembly-pyscript')}, "
        f"PyScript {npm('@pyscript/core')}; Chromium {browser_version} headless; "
        f"Playwright {version('playwright')}; "
        f"CPython {platform.python_version()} (harness and servers)"
    )


def report(result: dict) -> str:
    runs, sizes, profiles = result["runs"], result["sizes"], result["profiles"]
    n = len(runs["py"])
    out = [
        "# Benchmarks: what signing in costs a page",
        "",
        f"Written by `make bench` (`python -m benchmarks.run`) on {result['date']}.",
        "",
        f"- Machine: {result['machine']}.",
        f"- Versions: {result['versions']}.",
        f"- Runs: {n}, interleaved; each cell is the median over runs with the interquartile "
        f"range in brackets; a ratio is the median of the per-run ratios (same-run floor). "
        f"Figure 4 sends {result['moves']:,} trusted mouse moves per page.",
    ]
    if result.get("note"):
        out.append(f"- Note: {result['note']}")
    out += [
        "",
        "| fig | measure | Pyodide | MicroPython |",
        "| --- | --- | --- | --- |",
    ]
    for fig, what, key, unit in ROWS:
        cells = []
        for rt in RUNTIMES:
            if isinstance(key, tuple):
                cells.append(cell(ratio(runs[rt], *key), unit))
            else:
                cells.append(cell([r[key] for r in runs[rt]], unit))
        out.append(f"| {fig} | {what} | {cells[0]} | {cells[1]} |")
    out.append(
        f"| 5 | the wheel (`make wheel`: {sizes['wheel_name']}) | {fmt(sizes['wheel'], 'B')} "
        f"| (same) |"
    )
    out.append(
        f"| 5 | the dev server's `/dist/pwid_connect.whl` | {fmt(sizes['served'], 'B')} | (same) |"
    )
    out += ["", "## Targets", "", "| target | measured | met |", "| --- | --- | --- |"]
    for what, measured, met in targets(runs, sizes):
        out.append(f"| {what} | {measured} | {'yes' if met else '**no**'} |")
    out += ["", "## Figure 1, medians", "", *bars(runs)]
    out += ["", "## Profile of figure 2 (where import + `id()` goes)", ""]
    out.append(
        "Self time per import (a wrapper around `builtins.__import__`, which adds its own "
        "overhead), `configure()`, the first `id()`, and `id()`'s steps run again warm "
        f"(median of {len(profiles['py'])} page loads per runtime)."
    )
    out += ["", "| step | Pyodide | MicroPython |", "| --- | --- | --- |"]
    steps = ["import_ms", "configure_ms", "id_ms"]
    labels = {
        "import_ms": "`import pwid_connect` (timed imports)",
        "configure_ms": "`configure()`",
        "id_ms": "first `id()`",
    }
    for step in steps:
        cells = [fmt(summary([p[step] for p in profiles[rt]])["median"], "ms") for rt in RUNTIMES]
        out.append(f"| {labels[step]} | {cells[0]} | {cells[1]} |")
    for group, title in (("warm", "warm: "), ("imports", "import self time: ")):
        names: dict = {}
        for rt in RUNTIMES:
            for p in profiles[rt]:
                for k, v in p[group].items():
                    names.setdefault(k, {}).setdefault(rt, []).append(v)
        ordered = sorted(names, key=lambda k: -max(statistics.median(v) for v in names[k].values()))
        for k in ordered[: 12 if group == "imports" else None]:
            cells = [
                fmt(statistics.median(names[k][rt]), "ms") if rt in names[k] else "—"
                for rt in RUNTIMES
            ]
            out.append(f"| {title}`{k}` | {cells[0]} | {cells[1]} |")
    out.append("")
    return "\n".join(out)


# -- the run ---------------------------------------------------------------------------------


def run(args: argparse.Namespace) -> dict:
    servers = Servers()
    runs: dict = {rt: [] for rt in RUNTIMES}
    profiles: dict = {rt: [] for rt in RUNTIMES}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for _ in range(args.warmup):
                for rt in RUNTIMES:
                    figure1(browser, servers, rt)
            for i in range(args.runs):
                order = list(RUNTIMES) if i % 2 == 0 else list(reversed(RUNTIMES))
                for rt in order:
                    started = time.monotonic()
                    one = figure1(browser, servers, rt)
                    one.update(figure3(browser, servers, rt, args.verifies))
                    one.update(figure4(browser, servers, rt, args.moves))
                    one["extra_bytes"] = one["cached_bytes"] - one["bare_bytes"]
                    runs[rt].append(one)
                    print(
                        f"run {i + 1}/{args.runs} {RUNTIMES[rt]}: cached page "
                        f"{one['cached_ms']:.0f} ms, bare {one['bare_ms']:.0f} ms, "
                        f"import+id {one['import_id_ms']:.1f} ms "
                        f"({time.monotonic() - started:.0f} s)",
                        flush=True,
                    )
            for _ in range(args.profiles):
                for rt in RUNTIMES:
                    profiles[rt].append(profile(browser, servers, rt))
            browser_version = browser.version
            browser.close()
        wheel, wheel_name = wheel_bytes()
        sizes = {"wheel": wheel, "wheel_name": wheel_name, "served": served_wheel_bytes(servers)}
    finally:
        servers.stop()
    return {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": machine(),
        "versions": versions(browser_version),
        "moves": args.moves,
        "note": args.note,
        "runs": runs,
        "profiles": profiles,
        "sizes": sizes,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="measurements of every variant")
    parser.add_argument("--warmup", type=int, default=1, help="discarded rounds of figure 1")
    parser.add_argument("--moves", type=int, default=10_000, help="mouse moves for figure 4")
    parser.add_argument("--verifies", type=int, default=20, help="signature checks timed")
    parser.add_argument("--profiles", type=int, default=3, help="profiled page loads")
    parser.add_argument("--note", default="", help="a line for the report (e.g. shared machine)")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results.md")
    args = parser.parse_args(argv)
    if args.runs < 1 or args.profiles < 1:
        parser.error("--runs and --profiles must be at least 1")
    result = run(args)
    args.out.write_text(report(result))
    args.out.with_suffix(".json").write_text(json.dumps(result, indent=1))
    print(f"wrote {args.out} and {args.out.with_suffix('.json').name}")


if __name__ == "__main__":
    main()
