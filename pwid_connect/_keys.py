"""The provider's signing keys, fetched once per page and kept in memory; signature checks.

Pure: the HTTP fetch and the WebCrypto verify are injected (``_browser`` provides them in
the page; tests pass fakes), so the caching and rotation rules run anywhere::

    keys = KeyStore(browser.fetch_text, browser.verify_signature)
    await keys.verify(jwt, metadata.jwks_uri, ("ES256", "RS256"))   # or InvalidToken

The JWKS is never written to storage: a key set planted in ``sessionStorage`` by an
injected script would otherwise outlive the page and vouch for forged tokens.
"""

from ._errors import InvalidToken, NetworkError
from ._jwks import (
    check_header,
    check_signature_shape,
    parse_jwks,
    public_jwk,
    select_key,
)
from ._jwt import Jwt


class KeyStore:
    """JWKS documents by URL, for this page's lifetime; see :meth:`verify`."""

    def __init__(self, fetch_text: object, verify_signature: object) -> None:
        self._fetch_text = fetch_text  # async (url) -> (status, text); raises NetworkError
        self._verify_signature = verify_signature  # async (jwk, alg, input, sig) -> bool
        self._keys: dict = {}
        self.fetches = 0  # how many JWKS requests this store made (for tests and benchmarks)

    def forget(self) -> None:
        self._keys.clear()

    async def _fetch(self, uri: str) -> list:
        self.fetches += 1
        try:
            status, text = await self._fetch_text(uri)
        except NetworkError:
            status, text = 0, ""
        if status != 200:
            raise InvalidToken("the provider's JWKS could not be fetched", "jwks_unreachable")
        keys = parse_jwks(text)
        self._keys[uri] = keys
        return keys

    async def verify(self, jwt: Jwt, jwks_uri: str | None, algorithms: tuple) -> None:
        """Return if ``jwt`` is signed by a key the provider publishes; else InvalidToken.

        An unknown key id refetches a JWKS that came from the cache, once (the provider
        may have rotated its key since); a failed fetch is not cached.
        """
        alg = check_header(jwt.header, algorithms)
        check_signature_shape(jwt.signature, alg)
        if not jwks_uri:
            raise InvalidToken("the provider publishes no jwks_uri", "jwks_missing")
        keys = self._keys.get(jwks_uri)
        fresh = keys is None
        if fresh:
            keys = await self._fetch(jwks_uri)
        try:
            key = select_key(keys, jwt.header, alg)
        except InvalidToken as error:
            if fresh or error.code != "kid_unknown":
                raise
            key = None  # refetched outside the handler: no exception chaining on MicroPython
        if key is None:
            key = select_key(await self._fetch(jwks_uri), jwt.header, alg)
        valid = await self._verify_signature(public_jwk(key), alg, jwt.signing_input, jwt.signature)
        if not valid:
            raise InvalidToken("the token signature does not verify", "signature_invalid")
