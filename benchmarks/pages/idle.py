# Figure 4: the page the mouse moves over, with (?watch=1) or without the idle watcher;
# everything else the same. Python calls are counted by the watcher's instrumentation hook.
import js

import pwid_connect as pwid
from pwid_connect import _idle_watcher

query = js.URLSearchParams.new(js.location.search)
pwid.configure(issuer=str(query.get("issuer")))
data = js.document.documentElement.dataset
data.pythonCalls = "0"


def count_call() -> None:
    data.pythonCalls = str(_idle_watcher.python_calls)


def idle() -> None:
    data.idle = "1"


_idle_watcher.on_python_call = count_call
watchers = [pwid.on_idle(idle, timeout=3600)] if str(query.get("watch")) == "1" else []
data.benchDone = "1"
