"""The demo page: the same Python on Pyodide and MicroPython.

Popups are opened from synchronous click handlers (``pwid.request(..., mode="popup")``
opens the window before it returns); the awaiting happens in a task.
"""

import asyncio
import json
import sys
import time

import js
from pyscript import when
from pyscript.ffi import to_js

import pwid_connect as pwid

SCOPE = "openid avatar email"
# Idle after two minutes by default (?idle=SECONDS), with a warning 30 s before.
IDLE = 120.0
WARN = 30.0
MICROPYTHON = sys.implementation.name == "micropython"
page = js.document
tasks: list = []  # the event loop keeps only weak references to tasks
watchers: list = []
current: list = []  # the signed-in user, once known


def element(name: str):
    return page.getElementById(name)


def show(name: str, visible: bool) -> None:
    element(name).hidden = not visible


def clock(seconds: float) -> str:
    hour, minute, second = time.localtime(int(seconds))[3:6]
    return f"{hour:02d}:{minute:02d}:{second:02d}"


def render(user) -> None:
    current[:] = [user] if user.signed_in else []
    show("signed-in", user.signed_in)
    show("signed-out", not user.signed_in and not user.reauth_required)
    show("locked", user.reauth_required)
    if user.signed_in:
        profile = user.profile
        element("status").textContent = "Signed in"
        element("name").textContent = profile.get("preferred_username", "")
        element("sub").textContent = profile.get("sub", "")
        element("scopes").textContent = user.scope_granted or ""
        element("avatar").src = profile.get("picture", "")
    elif user.reauth_required:
        element("status").textContent = "Locked"
    else:
        element("status").textContent = "Signed out"


def report(error) -> None:
    element("error").textContent = f"{type(error).__name__} ({error.code}): {error.message}"
    show("error", True)


def run(awaitable) -> None:
    async def guarded():
        show("error", False)
        try:
            await awaitable
        except pwid.AuthError as error:
            report(error)

    tasks.append(asyncio.create_task(guarded()))


async def sign_in(pending) -> None:
    render(await pending)


async def prove_presence(pending) -> None:
    user = await pending  # prompt=login, cache=False: a fresh proof, not kept
    element("presence").textContent = "You proved your presence at " + clock(user.auth_time)


async def call_api() -> None:
    if not current:
        return
    headers = {"Authorization": "Bearer " + current[0].id_token}
    if MICROPYTHON:
        response = await js.fetch("/api/me", to_js({"headers": headers}))
        status, text = int(response.status), str(await response.text())
    else:
        import urllib.error
        import urllib.request

        import pyodide_http

        pyodide_http.patch_all()  # urllib.request over the browser's XMLHttpRequest
        try:
            url = str(js.location.origin) + "/api/me"
            with urllib.request.urlopen(urllib.request.Request(url, headers=headers)) as r:
                status, text = r.status, r.read().decode()
        except urllib.error.HTTPError as error:
            status, text = error.code, error.read().decode()
    answer = json.loads(text)
    shown = {"status": status, "sub": answer.get("sub"), "error": answer.get("error")}
    element("api-result").textContent = json.dumps(shown)
    show("api-result", True)


@when("click", "#signin-popup")
def on_signin_popup(event) -> None:
    run(sign_in(pwid.request(SCOPE, mode="popup")))


@when("click", "#signin-again")
def on_signin_again(event) -> None:
    # While locked, any request becomes prompt=login: only an explicit sign-in unlocks.
    run(sign_in(pwid.request(SCOPE, prompt="login", mode="popup")))


@when("click", "#still-here")
def on_still_here(event) -> None:
    watchers[0].reset()


def on_idle() -> None:
    element("idle-warning").close()
    show("api-result", False)
    render(pwid.User.signed_out(reauth_required=True))


def on_warn(seconds_left: float) -> None:
    element("warn-left").textContent = str(int(seconds_left))
    if not element("idle-warning").open:
        element("idle-warning").showModal()


def on_active() -> None:
    element("idle-warning").close()


async def countdown() -> None:
    # The demo's own once-a-second display; the watcher itself does not poll.
    while True:
        left = int(watchers[0].remaining())
        element("idle-left").textContent = str(left)
        if watchers[0].warning:
            element("warn-left").textContent = str(left)
        await asyncio.sleep(1)


@when("click", "#signin-redirect")
def on_signin_redirect(event) -> None:
    run(pwid.request(SCOPE, mode="redirect"))


@when("click", "#sensitive")
def on_sensitive(event) -> None:
    run(prove_presence(pwid.request(SCOPE, prompt="login", cache=False, mode="popup")))


@when("click", "#call-api")
def on_call_api(event) -> None:
    run(call_api())


@when("click", "#signout")
def on_signout(event) -> None:
    async def signout():
        await pwid.logout()
        render(pwid.User.signed_out())
        show("api-result", False)
        element("presence").textContent = ""

    run(signout())


async def start() -> None:
    element("version").textContent = pwid.__version__
    element("runtime").textContent = "micropython" if MICROPYTHON else "pyodide"
    config = json.loads(str(await (await js.fetch("/config.json")).text()))
    pwid.configure(issuer=config["issuer"])
    idle = IDLE
    for pair in str(js.location.search)[1:].split("&"):
        if pair.startswith("idle="):
            idle = float(pair[5:])
    watchers.append(
        pwid.on_idle(
            on_idle,
            timeout=idle,
            warn_before=min(WARN, idle / 2),
            on_warn=on_warn,
            on_active=on_active,
        )
    )
    tasks.append(asyncio.create_task(countdown()))
    try:
        render(await pwid.id(SCOPE))
    except pwid.AuthError as error:
        render(pwid.User.signed_out())
        report(error)


await start()
