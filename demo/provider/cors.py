"""CORS headers: public (discovery, JWKS), per-origin (token) and credentialed (silent)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from .urls import is_origin

PUBLIC = {"Access-Control-Allow-Origin": "*"}


def request_origin(request: Request) -> str | None:
    """The request's Origin header when it is a real origin (not missing, not "null")."""
    origin = request.headers.get("origin")
    return origin if origin is not None and is_origin(origin) else None


def echo_origin(origin: str | None, *, credentials: bool) -> dict[str, str]:
    """Headers allowing exactly `origin`; with credentials never `*`, always `Vary: Origin`."""
    headers = {"Vary": "Origin"}
    if origin is None:
        return headers
    headers["Access-Control-Allow-Origin"] = origin
    if credentials:
        headers["Access-Control-Allow-Credentials"] = "true"
    return headers


def preflight(request: Request, methods: str, *, credentials: bool) -> Response:
    """Answer an OPTIONS preflight for one exact origin (nothing allowed without one)."""
    origin = request_origin(request)
    headers = echo_origin(origin, credentials=credentials)
    if origin is not None:
        headers["Access-Control-Allow-Methods"] = methods
        wanted = request.headers.get("access-control-request-headers")
        if wanted:
            headers["Access-Control-Allow-Headers"] = wanted
        headers["Access-Control-Max-Age"] = "600"
    return Response(status_code=204, headers=headers)
