# Times the signature check of a sign-in (decode, JWKS, WebCrypto import + verify) in this
# runtime. The test process puts signed tokens in window.pwidCostTokens ({alg: token});
# the medians (ms) land in #result as JSON. "cold" is a page's first sign-in (the JWKS
# is fetched), "warm" a later one (the JWKS is cached in memory).
import json

import js

from pwid_connect import _browser as browser
from pwid_connect._jwt import decode_jwt
from pwid_connect._keys import KeyStore

RUNS = int(js.window.pwidCostRuns)


def median(values: list) -> float:
    ordered = sorted(values)
    return round(ordered[len(ordered) // 2], 2)


async def timed(keys: KeyStore, token: str, jwks_uri: str) -> float:
    start = float(js.performance.now())
    await keys.verify(decode_jwt(token), jwks_uri, ("ES256", "RS256"))
    return float(js.performance.now()) - start


async def measure() -> dict:
    config = json.loads(str(await (await js.fetch("/config.json")).text()))
    jwks_uri = config["issuer"] + "/.well-known/jwks.json"
    tokens = json.loads(str(js.window.pwidCostTokens))
    out = {}
    for alg in sorted(tokens):
        token = tokens[alg]
        cold = []
        warm = []
        for _ in range(RUNS):
            keys = KeyStore(browser.fetch_text, browser.verify_signature)
            cold.append(await timed(keys, token, jwks_uri))
            warm.append(await timed(keys, token, jwks_uri))
        out[alg] = {"cold_ms": median(cold), "warm_ms": median(warm), "runs": RUNS}
    return out


result = js.document.getElementById("result")
result.textContent = json.dumps(await measure())
result.dataset.done = "1"
