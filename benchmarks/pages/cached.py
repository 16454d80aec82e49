# ruff: noqa: F704
# Figures 1 and 2: import the library and get the cached user (seeded in sessionStorage by
# the harness). Times are performance.now() (ms since navigation start), as floats.
import js

t_start = js.performance.now()
import pwid_connect as pwid  # noqa: E402

t_import = js.performance.now()
pwid.configure(issuer=str(js.URLSearchParams.new(js.location.search).get("issuer")))
user = await pwid.id()
t_end = js.performance.now()

data = js.document.documentElement.dataset
data.tStart = str(t_start)
data.tImport = str(t_import)
data.tEnd = str(t_end)
data.signedIn = "1" if user.signed_in else "0"
data.benchDone = "1"
