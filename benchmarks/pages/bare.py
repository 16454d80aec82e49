# Figure 1 (a): boots the runtime and does nothing; the time it finished is the floor.
import js

js.document.documentElement.dataset.tEnd = str(js.performance.now())
js.document.documentElement.dataset.benchDone = "1"
