"""The twin provider and the demo API, each in a uvicorn thread on its own loopback port.

The tests drive them over real HTTP with httpx, as a browser would: follow no redirects,
post the sign-in and consent forms, keep the provider's cookie in the client's jar.
"""

from __future__ import annotations

import base64
import hashlib
import re
import secrets
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import httpx
import jwt
import pytest
import uvicorn
from starlette.applications import Starlette

from demo.api import create_api_routes
from demo.provider import ProviderState, create_provider


class LiveServer:
    """An ASGI app served by uvicorn in a daemon thread on a pre-bound socket (no port race)."""

    def __init__(self, make_app: Any) -> None:
        # proto=IPPROTO_TCP explicitly: asyncio sets TCP_NODELAY only on sockets that say
        # so, and without it every keep-alive response waits ~40 ms for a delayed ACK.
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        self.sock.bind(("127.0.0.1", 0))
        self.origin = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.app = make_app(self.origin)
        config = uvicorn.Config(self.app, log_level="warning")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(
            target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True
        )

    def __enter__(self) -> LiveServer:
        self.thread.start()
        while not self.server.started:
            if not self.thread.is_alive():
                raise RuntimeError("uvicorn failed to start")
            self.thread.join(0.01)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
        self.sock.close()


@pytest.fixture(scope="session")
def provider_server() -> Iterator[LiveServer]:
    with LiveServer(create_provider) as server:
        yield server


@pytest.fixture(scope="session")
def api_server(provider_server: LiveServer) -> Iterator[LiveServer]:
    issuer = provider_server.origin

    def make(_origin: str) -> Starlette:
        return Starlette(routes=create_api_routes(issuer, f"{issuer}/.well-known/jwks.json"))

    with LiveServer(make) as server:
        yield server


@pytest.fixture
def provider(provider_server: LiveServer) -> Iterator[ProviderState]:
    """The live provider state, clean and with default settings for every test."""
    state: ProviderState = provider_server.app.state.provider
    state.reset(settings=True)
    yield state
    state.reset(settings=True)


@pytest.fixture
def issuer(provider_server: LiveServer) -> str:
    return provider_server.origin


@pytest.fixture
def app_origin(api_server: LiveServer) -> str:
    """The client_id of the tests: the demo API's origin, so its `aud` check applies."""
    return api_server.origin


def pkce_pair() -> tuple[str, str]:
    """A (code_verifier, S256 code_challenge) pair."""
    verifier = secrets.token_urlsafe(48)
    digest = hashlib.sha256(verifier.encode()).digest()
    return verifier, base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def response_params(location: str) -> dict[str, str]:
    """The OIDC response parameters of a redirect: fragment if any, else query."""
    parts = urlsplit(location)
    return dict(parse_qsl(parts.fragment or parts.query, keep_blank_values=True))


@dataclass
class Flow:
    """A browser stand-in: one cookie jar, the provider's forms, and token checks."""

    http: httpx.Client
    issuer: str
    client_id: str

    @property
    def redirect_uri(self) -> str:
        return f"{self.client_id}/callback?page=1"

    def authorize(self, **params: str) -> httpx.Response:
        """GET /openid/authorize with sensible defaults for an implicit id_token request."""
        query = {
            "client_id": self.client_id,
            "redirect_uri": self.redirect_uri,
            "response_type": "id_token",
            "scope": "openid avatar",
            "nonce": "n-0S6_WzA2Mj",
            "state": "af0ifjsldkj",
            **params,
        }
        return self.http.get("/openid/authorize", params={k: v for k, v in query.items() if v})

    @staticmethod
    def request_id(page: httpx.Response) -> str:
        match = re.search(r'name="request_id" value="([^"]+)"', page.text)
        assert match, page.text
        return match.group(1)

    @staticmethod
    def is_sign_in(page: httpx.Response) -> bool:
        return page.status_code == 200 and 'action="/openid/signin"' in page.text

    @staticmethod
    def is_consent(page: httpx.Response) -> bool:
        return page.status_code == 200 and 'action="/openid/consent"' in page.text

    def sign_in(self, page: httpx.Response, username: str = "alice") -> httpx.Response:
        """Click "Sign in as <username>" on a sign-in page."""
        assert self.is_sign_in(page), page.text
        form = {"request_id": self.request_id(page), "username": username}
        return self.http.post("/openid/signin", data=form)

    def consent(self, page: httpx.Response, decision: str = "allow") -> httpx.Response:
        """Click Allow or Deny on a consent page."""
        assert self.is_consent(page), page.text
        form = {"request_id": self.request_id(page), "decision": decision}
        return self.http.post("/openid/consent", data=form)

    def login(self, username: str = "alice", **params: str) -> dict[str, str]:
        """Full interactive flow (sign in, allow); the response parameters at the client."""
        page = self.sign_in(self.authorize(**params), username)
        if self.is_consent(page):
            page = self.consent(page)
        assert page.status_code == 303, page.text
        return response_params(page.headers["location"])

    def silent(self, scope: str = "openid avatar", **params: str) -> httpx.Response:
        """The app's `fetch(id_token endpoint, {credentials: "include"})`."""
        return self.http.get(
            "/openid/id_token",
            params={"scope": scope, **params},
            headers={"Origin": self.client_id},
        )

    def verify(self, token: str, audience: str | None = None) -> dict[str, Any]:
        """Check a token with PyJWT against the published JWKS (independent of joserfc)."""
        jwks = self.http.get("/.well-known/jwks.json").json()
        kid = jwt.get_unverified_header(token)["kid"]
        key = next(jwt.PyJWK(k) for k in jwks["keys"] if k["kid"] == kid)
        return jwt.decode(
            token,
            key=key,
            algorithms=["ES256"],
            audience=audience or self.client_id,
            issuer=self.issuer,
            options={"require": ["iss", "aud", "exp", "iat", "sub", "auth_time"]},
        )


@pytest.fixture(scope="session")
def provider_http(provider_server: LiveServer) -> Iterator[httpx.Client]:
    # One client for the session (building one costs ~20 ms); each test empties its jar.
    with httpx.Client(
        base_url=provider_server.origin, follow_redirects=False, trust_env=False
    ) as http:
        yield http


@pytest.fixture
def flow(
    provider: ProviderState, provider_http: httpx.Client, issuer: str, app_origin: str
) -> Flow:
    provider_http.cookies.clear()
    return Flow(provider_http, issuer, app_origin)


class FakeClock:
    """A settable clock for `provider.clock`, starting a while before real time."""

    def __init__(self, start: float) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock(provider: ProviderState) -> FakeClock:
    """Injected provider time; starts 1000 s ago so tokens stay verifiable by real time."""
    fake = FakeClock(time.time() - 1000)
    provider.clock = fake
    provider.token_lifetime = 3600
    return fake


@pytest.fixture
def pkce() -> tuple[str, str]:
    return pkce_pair()
