"""The authorization request: validation, the next step of the flow, and its response URL."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .claims import format_scope, parse_scope
from .state import AuthRequest, Session
from .urls import is_origin, origin_of, valid_redirect_uri, with_params

_PROMPTS = frozenset({"none", "login", "consent"})
_PKCE = re.compile(r"^[A-Za-z0-9_-]{43}$")  # base64url(SHA-256), no padding
_MAX_AGE = re.compile(r"^[0-9]{1,9}$")


class UntrustedClient(Exception):
    """The redirect target can't be trusted: answer with an error page, never a redirect."""


@dataclass
class AuthorizeError(Exception):
    """An OIDC error to deliver to a trusted redirect_uri."""

    error: str
    description: str
    redirect_uri: str
    mode: str
    state: str | None


def check_client(params: dict[str, str], repeated: set[str]) -> tuple[str, str]:
    """`client_id` and `redirect_uri`, or UntrustedClient.

    Passwordless.ID has no client registration: the client_id is the app's origin and the
    redirect_uri must belong to it.
    """
    client_id = params.get("client_id", "")
    redirect_uri = params.get("redirect_uri", "")
    if {"client_id", "redirect_uri"} & repeated:
        raise UntrustedClient("client_id and redirect_uri must be given once.")
    if not client_id:
        raise UntrustedClient("The client_id parameter is missing.")
    if not is_origin(client_id):
        raise UntrustedClient("The client_id must be the app's origin, like http://127.0.0.1:8000.")
    if not redirect_uri:
        raise UntrustedClient("The redirect_uri parameter is missing.")
    if not valid_redirect_uri(redirect_uri):
        raise UntrustedClient("The redirect_uri must be an absolute http(s) URL without fragment.")
    if origin_of(redirect_uri) != client_id:
        raise UntrustedClient("The redirect_uri does not belong to the client_id origin.")
    return client_id, redirect_uri


def parse_request(
    params: dict[str, str], repeated: set[str], client_id: str, redirect_uri: str
) -> AuthRequest:
    """Validate everything else; errors are redirected to the (trusted) redirect_uri."""
    state = params.get("state")
    response_type = params.get("response_type", "")
    default_mode = "fragment" if response_type == "id_token" else "query"
    mode = params.get("response_mode") or default_mode
    bad_mode = mode not in {"query", "fragment"}
    if bad_mode:
        mode = default_mode  # deliver that error the default way

    def fail(error: str, description: str) -> AuthorizeError:
        return AuthorizeError(error, description, redirect_uri, mode, state)

    if bad_mode:
        raise fail("invalid_request", "response_mode must be query or fragment.")
    if repeated:
        raise fail("invalid_request", f"Repeated parameters: {', '.join(sorted(repeated))}.")
    if response_type not in {"id_token", "code"}:
        raise fail("unsupported_response_type", "Supported response types: id_token, code.")
    scopes = parse_scope(params.get("scope"))
    if scopes is None:
        raise fail("invalid_scope", "The scope must include openid and only supported scopes.")
    nonce = params.get("nonce") or None
    if response_type == "id_token" and nonce is None:
        raise fail("invalid_request", "A nonce is required for response_type=id_token.")
    challenge = None
    if response_type == "code":
        challenge = params.get("code_challenge", "")
        if params.get("code_challenge_method") != "S256" or not _PKCE.match(challenge):
            raise fail("invalid_request", "PKCE is required: code_challenge with method S256.")
    prompt = frozenset(params.get("prompt", "").split())
    if not prompt <= _PROMPTS or ("none" in prompt and len(prompt) > 1):
        raise fail("invalid_request", "prompt must be none, or login and/or consent.")
    max_age = None
    if "max_age" in params:
        if not _MAX_AGE.match(params["max_age"]):
            raise fail("invalid_request", "max_age must be a non-negative integer.")
        max_age = int(params["max_age"])
    return AuthRequest(
        client_id=client_id,
        redirect_uri=redirect_uri,
        response_type=response_type,
        response_mode=mode,
        scopes=scopes,
        state=state,
        nonce=nonce,
        code_challenge=challenge,
        prompt=prompt,
        max_age=max_age,
    )


def needs_login(request: AuthRequest, session: Session | None, now: float) -> bool:
    """Whether the user must (re)authenticate before this request can be answered."""
    if session is None:
        return True
    if request.signed_in_sid == session.sid:
        return False  # signed in during this very request
    if "login" in request.prompt:
        return True
    # max_age=0 behaves like prompt=login, whatever the clock's resolution.
    return request.max_age is not None and (
        request.max_age == 0 or now - session.auth_time > request.max_age
    )


def needs_consent(request: AuthRequest, consented: bool) -> bool:
    """Whether the consent page must be shown."""
    return "consent" in request.prompt or not consented


def response_url(request: AuthRequest, issuer: str, params: dict[str, str]) -> str:
    """The redirect_uri carrying a success or error response, with state and iss."""
    params = dict(params)
    if request.state is not None:
        params["state"] = request.state
    params["iss"] = issuer
    return with_params(request.redirect_uri, params, request.response_mode)


def error_url(err: AuthorizeError, issuer: str) -> str:
    """The redirect_uri carrying an error from validation."""
    params = {"error": err.error, "error_description": err.description}
    if err.state is not None:
        params["state"] = err.state
    params["iss"] = issuer
    return with_params(err.redirect_uri, params, err.mode)


def scope_param(request: AuthRequest) -> str:
    """The granted scope, space-separated."""
    return format_scope(request.scopes)
