"""The signature-check timing page runs on both runtimes (it reports; speed is not asserted).

Measure by hand, with more runs: ``PWID_COST_RUNS=9 pytest tests/browser/test_verify_cost.py -s``.
"""

import json
import os

from tests.browser.flows import result
from tests.browser.harness import wait_for_python


def test_verification_cost_page(page, console, servers, runtime):
    state = servers.provider_state
    saved = (state.keys.current, list(state.keys.previous))
    try:
        tokens = {"ES256": state.issue_id_token("alice", servers.app)}
        state.rotate_key(key_type="RS256")  # the JWKS now publishes both keys
        tokens["RS256"] = state.issue_id_token("alice", servers.app)
        runs = int(os.environ.get("PWID_COST_RUNS", "3"))
        setup = f"window.pwidCostTokens = {json.dumps(json.dumps(tokens))};"
        page.add_init_script(setup + f" window.pwidCostRuns = {runs};")
        page.goto(f"{servers.app}/tests/pages/verify_cost.html?runtime={runtime}")
        wait_for_python(page, console)
        timings = result(page)
    finally:
        state.keys.current, state.keys.previous = saved
    print(runtime, json.dumps(timings))
    assert set(timings) == {"ES256", "RS256"}, timings
    assert all(t["cold_ms"] > 0 and t["warm_ms"] > 0 for t in timings.values()), timings
