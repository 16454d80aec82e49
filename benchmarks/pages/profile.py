# ruff: noqa: F704
# Where figure 2's time goes: `import pwid_connect` with every import timed (a wrapper
# around builtins.__import__: inclusive and self time per module), then configure(), then
# id() with the cached user, then id()'s steps again, warm.
import builtins

import js

now = js.performance.now
original_import = builtins.__import__
stack = []  # one [start, children's time] per import in progress
self_ms = {}


def timed_import(name, globals=None, locals=None, fromlist=(), level=0):
    label = name
    if level and globals is not None:
        package = globals.get("__package__")
        if not package:  # MicroPython: only __name__, which is a module's, not its package's
            package = globals.get("__name__") or ""
            if "__path__" not in globals:
                package = package.rpartition(".")[0] or package
        label = package + ("." + name if name else "")
    if not name and fromlist:
        label += ".(" + ",".join(fromlist) + ")"
    stack.append([now(), 0.0])
    try:
        return original_import(name, globals, locals, fromlist, level)
    finally:
        start, children = stack.pop()
        spent = now() - start
        self_ms[label] = self_ms.get(label, 0.0) + spent - children
        if stack:
            stack[-1][1] += spent


t0 = now()
builtins.__import__ = timed_import
try:
    import pwid_connect as pwid
finally:
    builtins.__import__ = original_import
t_import = now()
from pwid_connect import _browser, _idle_watcher  # noqa: E402

client = pwid.configure(issuer=str(js.URLSearchParams.new(js.location.search).get("issuer")))
t_configure = now()
user = await client.id()
t_id = now()

steps = {
    "id() warm": None,
    "_callback_in_url": client._callback_in_url,
    "idle.locked": _idle_watcher.locked,
    "cache.read": lambda: client._cache.read(_browser.now()),
    "browser.now": _browser.now,
}
warm = {}
for label, step in steps.items():
    times = []
    for _ in range(5):
        t = now()
        if step is None:
            await client.id()
        else:
            step()
        times.append(now() - t)
    times.sort()
    warm[label] = times[2]

data = js.document.documentElement.dataset
data.importMs = str(t_import - t0)
data.configureMs = str(t_configure - t_import)
data.idMs = str(t_id - t_configure)
data.imports = ";".join([k + "=" + str(v) for k, v in self_ms.items()])
data.warm = ";".join([k + "=" + str(v) for k, v in warm.items()])
data.signedIn = "1" if user.signed_in else "0"
data.benchDone = "1"
