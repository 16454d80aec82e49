# Drives one flow of pwid_connect as the query string says, from a synchronous click
# handler (as a real page must, for popups), and shows the outcome in #result as JSON.
# After a redirect sign-in the page comes back here and id() completes it on load.
import asyncio
import json

import js
from pyscript import when

import pwid_connect as pwid
from pwid_connect._encoding import params_dict, parse_params

query = params_dict(parse_params(str(js.location.search)))
scope = query.get("want", "openid")
cache = query.get("cache", "1") == "1"
mode = query.get("mode", "redirect")
op = query.get("op", "id")
result = js.document.getElementById("result")
tasks = []


def outcome(user) -> dict:
    # Never the token itself: only what the test needs to see.
    return {
        "signed_in": user.signed_in,
        "sub": user.claims.get("sub"),
        "scope": user.scope_granted,
        "auth_time": user.auth_time,
        "reauth_required": user.reauth_required,
        "has_token": bool(user.id_token),
        "profile_keys": sorted(user.profile),
    }


async def show(awaitable) -> None:
    try:
        value = await awaitable
        shown = {"done": True} if value is None else outcome(value)
    except pwid.AuthError as error:
        shown = {"error": type(error).__name__, "code": error.code}
    result.textContent = json.dumps(shown)
    result.dataset.done = "1"


async def start() -> None:
    config = json.loads(str(await (await js.fetch("/config.json")).text()))
    pwid.configure(
        issuer=query.get("issuer", config["issuer"]),
        response_type=query.get("response_type", "id_token"),
        storage=query.get("storage", "session"),
        # A standard provider matches redirect URIs exactly: tests pass a registered one.
        redirect_uri=query.get("redirect_uri"),
        # verify=0: the client for a provider whose JWKS the browser cannot fetch.
        verify_signature=query.get("verify", "1") == "1",
    )
    has_response = "state=" in str(js.location.hash) or "state=" in str(js.location.search)
    if op == "id" or has_response:
        await show(pwid.id(scope, cache))


@when("click", "#go")
def go(event) -> None:
    if op == "request":
        pending = pwid.request(scope, query.get("prompt", "none"), cache, mode)
    elif op == "auth":
        pending = pwid.auth(scope, query.get("prompt") or None, cache, mode)
    elif op == "logout":
        pending = pwid.logout(end_session=query.get("end_session") == "1")
    else:
        pending = pwid.id(scope, cache)
    # Keep a reference: the event loop holds tasks only weakly.
    task = asyncio.create_task(show(pending))
    tasks.append(task)


await start()
