"""The provider's HTTP endpoints and `create_provider`."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from . import pages
from .authorize import (
    AuthorizeError,
    UntrustedClient,
    check_client,
    error_url,
    needs_consent,
    needs_login,
    parse_request,
    response_url,
    scope_param,
)
from .claims import CLAIMS, SCOPES, format_scope, parse_scope
from .cors import PUBLIC, echo_origin, preflight, request_origin
from .keys import KeyRing, load_or_create_key
from .state import AuthRequest, CodeGrant, OriginCheck, ProviderState, Session
from .urls import is_origin, origin_of, parse_form, single_params, valid_redirect_uri, with_params

SESSION_COOKIE = "pwid_twin_session"
NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}
_VERIFIER = re.compile(r"^[A-Za-z0-9._~-]{43,128}$")  # RFC 7636 4.1
_ERRORS = {
    "login_required": "The user is not signed in.",
    "consent_required": "The user has not granted all requested scopes to this client.",
    "access_denied": "The user declined.",
    "invalid_scope": "The scope must include openid and only supported scopes.",
}


def _s256(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def _html(body: str, status: int = 200) -> HTMLResponse:
    return HTMLResponse(body, status, headers={**NO_STORE, "Referrer-Policy": "no-referrer"})


def _redirect(url: str, status: int) -> RedirectResponse:
    return RedirectResponse(url, status, headers=NO_STORE)


class Endpoints:
    """Request handlers bound to one provider state (no reliance on request.app)."""

    def __init__(self, provider: ProviderState) -> None:
        self.p = provider

    # Discovery --------------------------------------------------------------------------

    def configuration(self) -> dict[str, Any]:
        """The discovery document."""
        iss = self.p.issuer
        return {
            "issuer": iss,
            "authorization_endpoint": f"{iss}/openid/authorize",
            "token_endpoint": f"{iss}/openid/token",
            "jwks_uri": f"{iss}/.well-known/jwks.json",
            "end_session_endpoint": f"{iss}/openid/logout",
            "id_token_endpoint": f"{iss}/openid/id_token",  # Passwordless.ID's silent endpoint
            "response_types_supported": ["id_token", "code"],
            "response_modes_supported": ["query", "fragment"],
            "grant_types_supported": ["authorization_code", "implicit"],
            "subject_types_supported": ["public"],
            "scopes_supported": list(SCOPES),
            "claims_supported": list(CLAIMS),
            "code_challenge_methods_supported": ["S256"],
            "id_token_signing_alg_values_supported": [self.p.keys.alg],
            "token_endpoint_auth_methods_supported": ["none"],
            "prompt_values_supported": ["none", "login", "consent"],
            "authorization_response_iss_parameter_supported": True,
            "claims_parameter_supported": False,
            "request_parameter_supported": False,
            "request_uri_parameter_supported": False,
        }

    async def discovery(self, request: Request) -> Response:
        return JSONResponse(self.configuration(), headers=PUBLIC)

    async def jwks(self, request: Request) -> Response:
        return JSONResponse(self.p.jwks(), headers={**PUBLIC, "Cache-Control": "no-cache"})

    async def home(self, request: Request) -> Response:
        session = self._session(request)
        return _html(pages.home_page(self.p.issuer, session.username if session else None))

    # Authorization ----------------------------------------------------------------------

    def _session(self, request: Request) -> Session | None:
        return self.p.session(request.cookies.get(SESSION_COOKIE))

    def _record(self, endpoint: str, params: dict[str, str]) -> None:
        self.p.log.append({"endpoint": endpoint, "params": dict(params), "time": self.p.now()})

    async def authorize(self, request: Request) -> Response:
        params, repeated = single_params(request.query_params.multi_items())
        self._record("authorize", params)
        try:
            client_id, redirect_uri = check_client(params, repeated)
        except UntrustedClient as exc:
            return _html(pages.error_page(str(exc)), 400)
        if not self.p.client_allowed(client_id):
            return _html(pages.error_page(f"Unknown client: {client_id}"), 400)
        try:
            auth_request = parse_request(params, repeated, client_id, redirect_uri)
        except AuthorizeError as err:
            return _redirect(error_url(err, self.p.issuer), 302)
        return self._advance(auth_request, self._session(request), None, 302)

    def _advance(
        self, req: AuthRequest, session: Session | None, rid: str | None, status: int
    ) -> Response:
        """Show the sign-in or consent page, or answer the client, whichever is due."""
        if needs_login(req, session, self.p.now()):
            if "none" in req.prompt:
                return self._finish(req, rid, status, error="login_required")
            rid = rid or self.p.add_pending(req)
            reason = "Please sign in again." if session else "Choose a local test user."
            return _html(pages.sign_in_page(rid, req.client_id, self.p.users.values(), reason))
        assert session is not None
        consented = self.p.has_consent(session.username, req.client_id, req.scopes)
        if needs_consent(req, consented):
            if "none" in req.prompt:
                return self._finish(req, rid, status, error="consent_required")
            rid = rid or self.p.add_pending(req)
            scopes = format_scope(req.scopes).split()
            return _html(pages.consent_page(rid, req.client_id, session.username, scopes))
        return self._finish(req, rid, status, session=session)

    def _finish(
        self,
        req: AuthRequest,
        rid: str | None,
        status: int,
        *,
        session: Session | None = None,
        error: str | None = None,
    ) -> Response:
        """Redirect to the client with the response (or an error); the request is done."""
        if rid:
            self.p.pending.pop(rid, None)
        if error is not None or session is None:
            code = error or "server_error"
            params = {"error": code, "error_description": _ERRORS.get(code, code)}
        elif req.response_type == "id_token":
            token = self.p.issue_id_token(
                session.username,
                req.client_id,
                req.scopes,
                auth_time=session.auth_time,
                nonce=req.nonce,
            )
            params = {"id_token": token, "scope": scope_param(req)}
        else:
            grant = CodeGrant(
                client_id=req.client_id,
                redirect_uri=req.redirect_uri,
                code_challenge=req.code_challenge or "",
                username=session.username,
                scopes=req.scopes,
                nonce=req.nonce,
                auth_time=session.auth_time,
                expires_at=self.p.now() + self.p.code_lifetime,
            )
            params = {"code": self.p.issue_code(grant)}
        return _redirect(response_url(req, self.p.issuer, params), status)

    async def _pending_form(self, request: Request) -> tuple[dict[str, str], AuthRequest | None]:
        try:
            form, _ = single_params(parse_form(await request.body()))
        except UnicodeDecodeError:
            return {}, None
        return form, self.p.get_pending(form.get("request_id"))

    async def sign_in(self, request: Request) -> Response:
        """POST from the sign-in page: start a new session, then continue the request."""
        form, req = await self._pending_form(request)
        if req is None:
            return _html(pages.error_page("This sign-in request expired; start again."), 400)
        rid = form["request_id"]
        if form.get("action") == "cancel":
            return self._finish(req, rid, 303, error="access_denied")
        username = form.get("username", "")
        if username not in self.p.users:
            return _html(pages.error_page(f"Unknown user: {username}"), 400)
        # A fresh session id on every sign-in (no fixation); the old session ends.
        self.p.sign_out(request.cookies.get(SESSION_COOKIE))
        session = self.p.sign_in(username)
        req.signed_in_sid = session.sid
        response = self._advance(req, session, rid, 303)
        response.set_cookie(
            SESSION_COOKIE,
            session.sid,
            max_age=self.p.session_max_age,
            path="/",
            httponly=True,
            samesite="lax",
        )
        return response

    async def consent(self, request: Request) -> Response:
        """POST from the consent page: remember the grant (or not) and answer the client."""
        form, req = await self._pending_form(request)
        if req is None:
            return _html(pages.error_page("This consent request expired; start again."), 400)
        rid = form["request_id"]
        session = self._session(request)
        if needs_login(req, session, self.p.now()):
            # Signed out (or switched) in another tab meanwhile: sign in first.
            return self._advance(req, session, rid, 303)
        assert session is not None
        if form.get("decision") != "allow":
            return self._finish(req, rid, 303, error="access_denied")
        self.p.grant_consent(session.username, req.client_id, req.scopes)
        return self._finish(req, rid, 303, session=session)

    # Token endpoint ---------------------------------------------------------------------

    async def token(self, request: Request) -> Response:
        cors = echo_origin(request_origin(request), credentials=False)
        if request.method == "OPTIONS":
            return preflight(request, "POST", credentials=False)

        def fail(error: str, description: str) -> Response:
            body = {"error": error, "error_description": description}
            return JSONResponse(body, 400, headers={**cors, **NO_STORE})

        ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if ctype != "application/x-www-form-urlencoded":
            return fail("invalid_request", "Send an application/x-www-form-urlencoded body.")
        try:
            form, repeated = single_params(parse_form(await request.body()))
        except UnicodeDecodeError:
            return fail("invalid_request", "The body is not UTF-8.")
        self._record("token", form)
        if repeated:
            return fail("invalid_request", f"Repeated parameters: {', '.join(sorted(repeated))}.")
        grant_type = form.get("grant_type")
        if not grant_type:
            return fail("invalid_request", "grant_type is missing.")
        if grant_type != "authorization_code":
            return fail("unsupported_grant_type", "Only authorization_code is supported.")
        names = ("code", "redirect_uri", "client_id", "code_verifier")
        missing = [n for n in names if not form.get(n)]
        if missing:
            return fail("invalid_request", f"Missing: {', '.join(missing)}.")
        client_id = form["client_id"]
        if not is_origin(client_id) or not self.p.client_allowed(client_id):
            return fail("invalid_client", "The client_id must be an allowed app origin.")
        grant = self.p.redeem_code(form["code"])
        if grant is None:
            return fail("invalid_grant", "The code is unknown, expired or already used.")
        if grant.client_id != client_id:
            return fail("invalid_grant", "The code was issued to another client.")
        if grant.redirect_uri != form["redirect_uri"]:
            return fail("invalid_grant", "The redirect_uri differs from the authorize request.")
        verifier = form["code_verifier"]
        if not _VERIFIER.match(verifier) or not hmac.compare_digest(
            _s256(verifier), grant.code_challenge
        ):
            return fail("invalid_grant", "The code_verifier does not match the code_challenge.")
        id_token = self.p.issue_id_token(
            grant.username, client_id, grant.scopes, auth_time=grant.auth_time, nonce=grant.nonce
        )
        body = {
            "id_token": id_token,
            "access_token": secrets.token_urlsafe(32),  # opaque; nothing here accepts it
            "token_type": "Bearer",
            "expires_in": self.p.token_lifetime,
            "scope": format_scope(grant.scopes),
        }
        return JSONResponse(body, headers={**cors, **NO_STORE})

    # Silent endpoint --------------------------------------------------------------------

    async def id_token(self, request: Request) -> Response:
        """Passwordless.ID's cookie-based silent sign-in, for `fetch(..., credentials)`."""
        origin = request_origin(request)
        if origin is None or not self.p.client_allowed(origin):
            # No CORS headers: the browser hides the answer from an unknown page.
            body = {"error": "invalid_request", "error_description": "An allowed Origin needed."}
            return JSONResponse(body, 400 if origin is None else 403, headers={"Vary": "Origin"})
        if request.method == "OPTIONS":
            return preflight(request, "GET", credentials=True)
        headers = {**echo_origin(origin, credentials=True), **NO_STORE}
        params, _ = single_params(request.query_params.multi_items())
        self._record("id_token", {**params, "origin": origin})
        scopes = parse_scope(params.get("scope") or "openid")
        if scopes is None:
            body = {"error": "invalid_scope", "error_description": _ERRORS["invalid_scope"]}
            return JSONResponse(body, 400, headers=headers)
        session = self._session(request)
        if session is None:
            return JSONResponse({"error": "login_required"}, 401, headers=headers)
        if not self.p.has_consent(session.username, origin, scopes):
            return JSONResponse({"error": "consent_required"}, 403, headers=headers)
        token = self.p.issue_id_token(
            session.username,
            origin,
            scopes,
            auth_time=session.auth_time,
            nonce=params.get("nonce") or None,
        )
        return JSONResponse({"id_token": token}, headers=headers)

    # Logout -----------------------------------------------------------------------------

    async def logout(self, request: Request) -> Response:
        """End the session; follow post_logout_redirect_uri only within client_id's origin."""
        params, _ = single_params(request.query_params.multi_items())
        self._record("logout", params)
        self.p.sign_out(request.cookies.get(SESSION_COOKIE))
        # `redirect_uri` is what @passwordless-id/connect's logout() sends.
        target = params.get("post_logout_redirect_uri") or params.get("redirect_uri") or ""
        client_id = params.get("client_id", "")
        trusted = (
            is_origin(client_id)
            and self.p.client_allowed(client_id)
            and valid_redirect_uri(target)
            and origin_of(target) == client_id
        )
        response: Response
        if trusted:
            state = params.get("state")
            url = with_params(target, {"state": state}, "query") if state else target
            response = _redirect(url, 302)
        else:
            response = _html(pages.signed_out_page())
        response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="lax")
        return response

    def routes(self) -> list[Route]:
        """The provider's routes."""
        return [
            Route("/", self.home, methods=["GET"]),
            Route("/.well-known/openid-configuration", self.discovery, methods=["GET"]),
            Route("/.well-known/jwks.json", self.jwks, methods=["GET"]),
            Route("/openid/authorize", self.authorize, methods=["GET"]),
            Route("/openid/signin", self.sign_in, methods=["POST"]),
            Route("/openid/consent", self.consent, methods=["POST"]),
            Route("/openid/token", self.token, methods=["POST", "OPTIONS"]),
            Route("/openid/id_token", self.id_token, methods=["GET", "OPTIONS"]),
            Route("/openid/logout", self.logout, methods=["GET"]),
            # Browsers ask every origin for one; a 404 would be a console error in tests.
            Route("/favicon.ico", lambda request: Response(status_code=204), methods=["GET"]),
        ]


def create_provider(
    issuer: str,
    *,
    token_lifetime: int = 600,
    key_path: str | None = None,
    session_max_age: int = 86400,
    allowed_origins_check: OriginCheck | None = None,
    key_type: str = "ES256",
) -> Starlette:
    """A Starlette app playing Passwordless.ID at `issuer` (its own origin, no slash).

    `app.state.provider` is the ProviderState: settings to change at run time
    (`token_lifetime`, `code_lifetime`, `clock`, ...) and `rotate_key()` / `reset()`.
    `allowed_origins_check(origin) -> bool` restricts which app origins may sign in
    (default: any origin, like Passwordless.ID). `key_type="RS256"` signs with a fresh
    2048-bit RSA key instead of P-256 (`key_path` is for ES256 keys only).
    """
    if not is_origin(issuer):
        raise ValueError(f"issuer must be an origin like http://127.0.0.1:8001, got {issuer!r}")
    if key_path and key_type != "ES256":
        raise ValueError("key_path holds an ES256 key; leave it out for key_type='RS256'")
    key = load_or_create_key(key_path) if key_path else KeyRing.new_key(key_type)
    provider = ProviderState(
        issuer=issuer,
        keys=KeyRing(key),
        token_lifetime=token_lifetime,
        session_max_age=session_max_age,
        allowed_origins_check=allowed_origins_check,
    )
    app = Starlette(routes=Endpoints(provider).routes())
    app.state.provider = provider
    return app
