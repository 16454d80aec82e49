# Figure 3 (popup): a click opens the provider in a popup (live session, consent given, so
# it answers at once); the time from the click event to the User.
import asyncio

import js
from pyscript import when

import pwid_connect as pwid

client = pwid.configure(issuer=str(js.URLSearchParams.new(js.location.search).get("issuer")))
data = js.document.documentElement.dataset
tasks = []


async def finish(t_click: float, pending) -> None:
    user = await pending
    data.tClick = str(t_click)
    data.tEnd = str(js.performance.now())
    data.signedIn = "1" if user.signed_in else "0"
    data.benchDone = "1"


@when("click", "#go")
def go(event) -> None:
    # Synchronous: the popup opens inside the click, as a real page must do it.
    pending = client.request("openid", "none", True, "popup")
    tasks.append(asyncio.create_task(finish(float(event.timeStamp), pending)))


data.benchReady = "1"
