"""The public face: :class:`Client` signs a user in, by redirect or popup, and remembers them.

::

    import pwid_connect as pwid

    client = pwid.Client()                       # Passwordless.ID, client_id = this origin
    user = await client.id()                     # no UI: cache, URL, or the silent check
    if not user.signed_in:
        user = await client.request("openid avatar", mode="popup")

The protocol checks live in ``_validator``, storage in ``_cache`` and ``_transactions``,
and every JavaScript call in ``_browser``.
"""

import json

from . import _browser as browser
from . import _idle_watcher as idle
from ._cache import UserCache
from ._discovery import DISCOVERY_PATH, ProviderMetadata
from ._encoding import encode_params
from ._errors import (
    AuthError,
    AuthTimeout,
    NetworkError,
    PopupBlocked,
    PopupClosed,
    ProviderError,
    StateMismatch,
)
from ._idle_watcher import IdleWatcher
from ._jwks import DEFAULT_ALGORITHMS, check_algorithms
from ._jwt import decode_jwt
from ._keys import KeyStore
from ._pkce import code_challenge, random_string
from ._storage import MemoryStorage, SafeStorage
from ._transactions import Transaction, TransactionStore
from ._urls import Callback, build_authorize_url, origin_of, parse_callback, strip_response
from ._user import User
from ._validator import check_response_issuer, covers, validate_id_token

PASSWORDLESS_ID = "https://api.passwordless.id"
PROMPTS = (None, "none", "login", "consent")
# Answers to a silent check that mean "not signed in here", not a failure.
_SIGNED_OUT_ERRORS = (
    "login_required",
    "consent_required",
    "interaction_required",
    "account_selection_required",
)

# Discovery documents, fetched once per page and issuer.
_discovered: dict = {}
# The providers' JWKS, fetched once per page (in memory only) and refetched on an unknown kid.
_keys = KeyStore(browser.fetch_text, browser.verify_signature)


async def _ready(value: object) -> object:
    return value


def _json(text: str, what: str) -> object:
    try:
        return json.loads(text)
    except ValueError:
        pass  # raised below: MicroPython prints a warning for `raise ... from`
    raise NetworkError(what + " is not JSON")


class Client:
    """Signs users in with one OpenID provider; see the README for every option.

    ``client_id`` defaults to this page's origin and ``redirect_uri`` to this page's URL
    (Passwordless.ID's rule); ``popup_redirect_uri`` is the callback page
    (``pwid_connect/callback.html``) served on this origin, relative to this page.
    """

    def __init__(
        self,
        issuer: str = PASSWORDLESS_ID,
        client_id: str | None = None,
        redirect_uri: str | None = None,
        response_type: str = "id_token",
        storage: str = "session",
        popup_redirect_uri: str = "/callback.html",
        leeway: float = 60,
        popup_timeout: float = 300,
        silent_timeout: float = 10,
        verify_signature: bool = True,
        algorithms: tuple = DEFAULT_ALGORITHMS,
    ) -> None:
        if response_type not in ("id_token", "code"):
            raise ValueError("response_type must be 'id_token' or 'code'")
        if storage not in ("session", "local", "memory"):
            raise ValueError("storage must be 'session', 'local' or 'memory'")
        page = browser.page_url()
        self.issuer = issuer.rstrip("/")
        self.client_id = client_id or origin_of(page)
        self.redirect_uri = redirect_uri or strip_response(page)
        self.popup_redirect_uri = browser.resolve_url(popup_redirect_uri, page)
        self.response_type = response_type
        self.leeway = leeway
        self.popup_timeout = popup_timeout
        self.silent_timeout = silent_timeout
        # Off only for a provider whose JWKS the browser cannot fetch (no CORS): see README.
        self.verify_signature = verify_signature
        self.algorithms = check_algorithms(algorithms)
        kept = MemoryStorage() if storage == "memory" else SafeStorage(browser.WebStorage(storage))
        self._cache = UserCache(kept)
        # Cleared when the idle watcher fires, here or in another tab.
        idle.register_cache(self._cache, storage)
        # Pending requests must survive the redirect, whatever the cache's storage.
        self._pending = TransactionStore(SafeStorage(browser.WebStorage("session")))

    # -- the four calls of @passwordless-id/connect -------------------------------------

    async def id(self, scope: str = "openid", cache: bool = True) -> User:
        """The user, without showing anything or leaving the page.

        A provider response waiting in the URL (after a redirect) is completed first;
        then a valid cached user; then the provider's silent check; else signed out.
        """
        callback = self._callback_in_url()
        if callback is not None:
            return await self._complete(callback)
        if idle.locked():
            # The idle watcher fired: nothing silent will do, not even the provider.
            self._cache.clear()
            return User.signed_out(reauth_required=True)
        cached = self._cached(scope)
        if cached is not None:
            return cached
        return await self._silent(scope, cache)

    def request(
        self,
        scope: str = "openid",
        prompt: str = "none",
        cache: bool = True,
        mode: str = "redirect",
    ):
        """Sign in: a valid cached user at once, else the provider (silently if it can).

        ``prompt="login"`` skips the cache and makes the provider verify the user again.
        In ``mode="popup"`` the window opens now, before anything is awaited, so call this
        from a synchronous click handler; await the result for the :class:`User`.
        """
        if prompt not in ("none", "login"):
            raise ValueError("prompt must be 'none' or 'login'")
        if idle.locked():
            prompt = "login"  # after the idle watcher fired, only an explicit sign-in will do
        if prompt == "none":
            cached = self._cached(scope)
            if cached is not None:
                return _ready(cached)
        return self.auth(
            scope, prompt="login" if prompt == "login" else None, cache=cache, mode=mode
        )

    def auth(
        self,
        scope: str = "openid",
        prompt: str | None = None,
        cache: bool = True,
        mode: str = "redirect",
    ):
        """Ask the provider, always (no cache): by redirect (never returns) or popup."""
        if prompt not in PROMPTS:
            raise ValueError("prompt must be None, 'none', 'login' or 'consent'")
        if mode not in ("redirect", "popup"):
            raise ValueError("mode must be 'redirect' or 'popup'")
        if prompt != "login" and idle.locked():
            prompt = "login"  # the idle lock: only an explicit sign-in lifts it
        popup = browser.open_popup() if mode == "popup" else 0
        tx = self._transaction(scope, prompt, cache, mode)
        return self._authorize(tx, popup)

    async def logout(self, redirect_uri: str | None = None, end_session: bool = False) -> None:
        """Forget the user in this browser; with ``end_session``, sign out at the provider too.

        Passwordless.ID's session is the user's own across sites, so by default it is left
        alone; ``end_session=True`` goes to the provider's end-session endpoint and back to
        ``redirect_uri`` (default: this page).
        """
        self._cache.clear()
        self._pending.clear()
        if not end_session:
            return
        metadata = await self.metadata()
        if metadata.end_session_endpoint is None:
            raise AuthError("the provider has no end-session endpoint", "logout_unsupported")
        query = encode_params(
            {
                "client_id": self.client_id,
                "post_logout_redirect_uri": redirect_uri or self.redirect_uri,
            }
        )
        browser.navigate(metadata.end_session_endpoint + "?" + query)
        await browser.never()

    def on_idle(
        self,
        callback,
        timeout: float = 900,
        warn_before: float = 0,
        on_warn=None,
        on_active=None,
    ) -> IdleWatcher:
        """Watch for inactivity: after ``timeout`` seconds without trusted input in any tab
        of this origin, clear the cached user everywhere, lock (only an explicit
        ``prompt="login"`` sign-in unlocks) and call ``callback()`` once.

        ``on_warn(seconds_left)`` runs ``warn_before`` seconds earlier; ``on_active()``
        when activity withdraws the warning. Returns the :class:`IdleWatcher`
        (``remaining()``, ``reset()``, ``stop()``).
        """
        return IdleWatcher(callback, timeout, warn_before, on_warn, on_active)

    async def metadata(self) -> ProviderMetadata:
        """The provider's endpoints: discovery, fetched once per page, else PID's layout."""
        known = _discovered.get(self.issuer)
        if known is not None:
            return known
        try:
            status, text = await browser.fetch_text(self.issuer + DISCOVERY_PATH)
        except NetworkError:
            # Out of reach now: use the known layout, and try discovery again next time.
            return ProviderMetadata.fallback(self.issuer)
        if status != 200:
            return ProviderMetadata.fallback(self.issuer)
        metadata = ProviderMetadata.from_document(self.issuer, _json(text, "discovery"))
        _discovered[self.issuer] = metadata
        return metadata

    # -- the steps ------------------------------------------------------------------------

    def _cached(self, scope: str) -> User | None:
        if idle.locked():  # checks the idle deadline first: a tab that slept hands out nothing
            self._cache.clear()
            return None
        user = self._cache.read(browser.now())
        if user is not None and covers(user.scope_granted, scope):
            return user
        return None

    def _transaction(self, scope: str, prompt: str | None, cache: bool, mode: str) -> Transaction:
        now = browser.now()
        code = self.response_type == "code"
        return Transaction(
            random_string(browser.random_bytes),
            random_string(browser.random_bytes),
            scope,
            verifier=random_string(browser.random_bytes) if code else None,
            prompt=prompt,
            mode=mode,
            cache=cache,
            redirect_to=strip_response(browser.page_url()),
            response_type=self.response_type,
            created_at=now,
            requested_at=now,
        )

    def _authorize_url(self, metadata: ProviderMetadata, tx: Transaction) -> str:
        return build_authorize_url(
            metadata.authorization_endpoint,
            client_id=self.client_id,
            redirect_uri=self.redirect_uri if tx.mode == "redirect" else self.popup_redirect_uri,
            response_type=tx.response_type,
            scope=tx.scope,
            state=tx.state,
            nonce=tx.nonce,
            prompt=tx.prompt,
            # prompt=login: the provider must verify the user now, whatever its session.
            max_age=0 if tx.prompt == "login" else None,
            code_challenge=code_challenge(tx.verifier) if tx.verifier else None,
        )

    async def _authorize(self, tx: Transaction, popup: int) -> User:
        if tx.mode == "popup" and not popup:
            raise PopupBlocked("the browser blocked the sign-in popup; open it from a click")
        try:
            metadata = await self.metadata()
        except AuthError:
            browser.close_popup(popup)
            raise
        url = self._authorize_url(metadata, tx)
        self._pending.put(tx, browser.now())
        if tx.mode == "redirect":
            browser.navigate(url)
            await browser.never()
        return await self._window_result(tx, browser.popup_result(popup, url, self.popup_timeout))

    async def _window_result(self, tx: Transaction, result_awaitable) -> User:
        """Complete the response a popup or iframe posted back, or raise why it did not come."""
        result = await result_awaitable
        if "url" not in result:
            self._pending.take(tx.state, browser.now())
            if result.get("error") == "popup_closed":
                raise PopupClosed("the sign-in window was closed")
            raise AuthTimeout("the provider did not answer in time")
        callback = parse_callback(result["url"])
        if callback is None:
            self._pending.take(tx.state, browser.now())
            raise AuthError("the provider's response is empty", "response_malformed")
        return await self._complete(callback)

    def _callback_in_url(self) -> Callback | None:
        """A response in this page's URL, which is scrubbed from history before anything else."""
        url = browser.page_url()
        try:
            callback = parse_callback(url)
        except AuthError:
            browser.replace_url(strip_response(url))
            raise
        if callback is not None:
            browser.replace_url(strip_response(url))
        return callback

    async def _complete(self, callback: Callback) -> User:
        """Check a response against its pending request, then build (and cache) the user."""
        now = browser.now()
        tx = self._pending.take(callback.state, now) if callback.state else None
        if tx is None:
            raise StateMismatch("the response matches no sign-in started in this browser")
        callback.raise_for_error()
        metadata = await self.metadata()
        check_response_issuer(callback, metadata)
        id_token, scope = callback.id_token, callback.scope
        if tx.response_type == "code":
            id_token, scope = await self._exchange_code(callback, tx, metadata)
        await self._verify(id_token, metadata)
        user = validate_id_token(
            id_token,
            tx,
            metadata,
            self.client_id,
            now=browser.now(),
            leeway=self.leeway,
            scope_granted=scope,
        )
        if tx.prompt == "login":
            idle.unlock_after_sign_in(browser.now())  # explicit: the only way to lift the lock
        elif idle.locked():
            return User.signed_out(reauth_required=True)  # a silent answer cannot lift it
        if tx.cache:
            self._cache.write(user)
        return user

    async def _verify(self, id_token: object, metadata: ProviderMetadata) -> None:
        """Refuse a token whose signature the provider's published keys do not verify."""
        if not self.verify_signature or not isinstance(id_token, str) or not id_token:
            return  # a missing token is reported by validate_id_token
        await _keys.verify(decode_jwt(id_token), metadata.jwks_uri, self.algorithms)

    async def _exchange_code(
        self, callback: Callback, tx: Transaction, metadata: ProviderMetadata
    ) -> tuple:
        if not callback.code or metadata.token_endpoint is None:
            raise AuthError("the response has no authorization code", "response_malformed")
        body = encode_params(
            {
                "grant_type": "authorization_code",
                "code": callback.code,
                "redirect_uri": self.redirect_uri
                if tx.mode == "redirect"
                else self.popup_redirect_uri,
                "client_id": self.client_id,
                "code_verifier": tx.verifier,
            }
        )
        status, text = await browser.fetch_text(
            metadata.token_endpoint, "POST", body, "application/x-www-form-urlencoded"
        )
        answer = _json(text, "the token response")
        if not isinstance(answer, dict):
            raise NetworkError("the token response is not an object")
        if status != 200:
            raise ProviderError(
                answer.get("error", "invalid_grant"), answer.get("error_description", "")
            )
        return answer.get("id_token"), answer.get("scope")

    async def _silent(self, scope: str, cache: bool) -> User:
        """Ask the provider's session, with no UI: its id_token endpoint, then an iframe."""
        metadata = await self.metadata()
        if metadata.id_token_endpoint is not None:
            tx = self._transaction(scope, "none", cache, "silent")
            url = (
                metadata.id_token_endpoint
                + "?"
                + encode_params({"scope": scope, "nonce": tx.nonce})
            )
            status, text = await browser.fetch_text(url, credentials=True)
            if status == 200:
                answer = _json(text, "the silent check")
                token = answer.get("id_token") if isinstance(answer, dict) else None
                await self._verify(token, metadata)
                user = validate_id_token(
                    token, tx, metadata, self.client_id, now=browser.now(), leeway=self.leeway
                )
                if idle.locked():  # the watcher fired while we waited
                    return User.signed_out(reauth_required=True)
                if cache:
                    self._cache.write(user)
                return user
            # 401/403: signed out, or the cookie was blocked as a third-party cookie; the
            # iframe below tells them apart where the browser lets it.
        tx = self._transaction(scope, "none", cache, "iframe")
        self._pending.put(tx, browser.now())
        url = self._authorize_url(metadata, tx)
        try:
            return await self._window_result(tx, browser.iframe_result(url, self.silent_timeout))
        except AuthTimeout:
            return User.signed_out()
        except AuthError as error:
            if error.code in _SIGNED_OUT_ERRORS:
                return User.signed_out()
            raise
