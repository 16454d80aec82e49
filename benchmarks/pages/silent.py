# ruff: noqa: F704
# Figure 3 (silent): no cached user, a live provider session: id() asks the provider's
# id_token endpoint (discovery, the token, the JWKS, WebCrypto). Then the verification cost
# alone: the library's signature check repeated with the JWKS already in memory.
import js

import pwid_connect as pwid
from pwid_connect import _client
from pwid_connect._jwt import decode_jwt

query = js.URLSearchParams.new(js.location.search)
client = pwid.configure(issuer=str(query.get("issuer")))
t_id = js.performance.now()
user = await client.id()
t_end = js.performance.now()

verify_ms = []
if user.signed_in:
    metadata = await client.metadata()
    for _ in range(int(str(query.get("verifies") or "20"))):
        t = js.performance.now()
        await _client._keys.verify(decode_jwt(user.id_token), metadata.jwks_uri, client.algorithms)
        verify_ms.append(js.performance.now() - t)

data = js.document.documentElement.dataset
data.tId = str(t_id)
data.tEnd = str(t_end)
data.verifyMs = ",".join([str(ms) for ms in verify_ms])
data.jwksFetches = str(_client._keys.fetches)
data.signedIn = "1" if user.signed_in else "0"
data.benchDone = "1"
