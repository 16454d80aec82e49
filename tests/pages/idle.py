# Sets up idle watchers as the query string says and shows what they did in counters;
# window.idleTest lets the test call the library without clicking (a click is activity).
# After a redirect sign-in the page comes back here and id() completes it on load.
import asyncio
import json

import js
from pyscript.ffi import create_proxy

import pwid_connect as pwid
from pwid_connect import _idle_watcher
from pwid_connect._encoding import params_dict, parse_params

query = params_dict(parse_params(str(js.location.search)))
scope = query.get("want", "openid")
tasks = []
watchers = []


def bump(element_id: str) -> None:
    element = js.document.getElementById(element_id)
    element.textContent = str(int(str(element.textContent)) + 1)


def count_python_call() -> None:
    # The instrumented hook: runs every time JS hands control to a watcher's Python.
    bump("python-calls")


def idle() -> None:
    bump("idle-count")


async def idle_async() -> None:
    await asyncio.sleep(0)
    bump("idle-count")


def idle_second() -> None:
    bump("idle-count-2")


def warn(seconds_left: float) -> None:
    bump("warn-count")
    js.document.getElementById("warn-left").textContent = str(round(seconds_left))


def active() -> None:
    bump("active-count")


def outcome(user) -> dict:
    return {
        "signed_in": user.signed_in,
        "reauth_required": user.reauth_required,
        "auth_time": user.auth_time,
        "has_token": bool(user.id_token),
    }


async def show(awaitable) -> None:
    try:
        shown = outcome(await awaitable)
    except pwid.AuthError as error:
        shown = {"error": type(error).__name__, "code": error.code}
    result = js.document.getElementById("result")
    result.textContent = json.dumps(shown)
    result.dataset.done = "1"


def run(awaitable) -> None:
    js.document.getElementById("result").removeAttribute("data-done")
    tasks.append(asyncio.create_task(show(awaitable)))


def start_watchers() -> None:
    timeout = float(query.get("timeout", "900"))
    warn_before = float(query.get("warn", "0"))
    if query.get("watchers") == "0":
        return  # a page of the origin that only signs in, and watches nothing
    first = idle_async if query.get("async") == "1" else idle
    watchers.append(pwid.on_idle(first, timeout, warn_before, on_warn=warn, on_active=active))
    if query.get("watchers") == "2":
        watchers.append(pwid.on_idle(idle_second, timeout=timeout))


def expose() -> None:
    def call_id() -> None:
        run(pwid.id(scope))

    def call_request(prompt: str) -> None:
        run(pwid.request(scope, str(prompt)))

    def stop() -> None:
        for watcher in watchers:
            watcher.stop()

    def reset() -> None:
        watchers[0].reset()

    def remaining() -> float:
        return watchers[0].remaining()

    def state() -> str:
        warning = bool(watchers) and watchers[0].warning
        return json.dumps({"locked": _idle_watcher._lock.locked(), "warning": warning})

    api = {
        "id": call_id,
        "request": call_request,
        "stop": stop,
        "reset": reset,
        "remaining": remaining,
        "state": state,
    }
    target = js.eval("({})")
    for name, fn in api.items():
        setattr(target, name, create_proxy(fn))
    js.window.idleTest = target


config = json.loads(str(await (await js.fetch("/config.json")).text()))
pwid.configure(issuer=config["issuer"])
_idle_watcher.on_python_call = count_python_call
start_watchers()
expose()
if "state=" in str(js.location.hash) or "state=" in str(js.location.search):
    await show(pwid.id(scope))
