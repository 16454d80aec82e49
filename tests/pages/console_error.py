# Logs one error and one token-shaped line, so the harness's own checks can be tested.
import js

js.console.error("boom from python")
js.console.log("eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.c2ln")
