"""Origins, redirect URIs and request parameters: the checks every endpoint shares."""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

_DEFAULT_PORTS = {"http": 80, "https": 443}


def origin_of(url: str) -> str | None:
    """`scheme://host[:port]` of an absolute http(s) URL (default port dropped), else None."""
    if any(ord(ch) <= 0x20 or ch == "\x7f" for ch in url):
        return None
    try:
        parts = urlsplit(url)
        port = parts.port  # raises on a non-numeric or out-of-range port
    except ValueError:
        return None
    host = parts.hostname
    if parts.scheme not in _DEFAULT_PORTS or not host or "@" in parts.netloc:
        return None
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    suffix = f":{port}" if port is not None and port != _DEFAULT_PORTS[parts.scheme] else ""
    return f"{parts.scheme}://{host}{suffix}"


def is_origin(value: str) -> bool:
    """True for a serialized origin as `window.location.origin` gives it (no path, no slash)."""
    return origin_of(value) == value


def valid_redirect_uri(uri: str) -> bool:
    """An absolute http(s) URL without fragment (RFC 6749 3.1.2)."""
    return origin_of(uri) is not None and "#" not in uri


def with_params(uri: str, params: dict[str, str], mode: str) -> str:
    """`uri` with `params` added to its query (mode "query") or as its fragment ("fragment").

    Spaces are encoded as %20, which both URLSearchParams and urllib decode the same way.
    """
    encoded = urlencode(params, quote_via=quote)
    parts = urlsplit(uri)
    if mode == "fragment":
        return urlunsplit(parts._replace(fragment=encoded))
    query = f"{parts.query}&{encoded}" if parts.query else encoded
    return urlunsplit(parts._replace(query=query))


def single_params(items: Iterable[tuple[str, str]]) -> tuple[dict[str, str], set[str]]:
    """Parameters as a dict (first value wins) and the names that were repeated."""
    params: dict[str, str] = {}
    repeated: set[str] = set()
    for name, value in items:
        if name in params:
            repeated.add(name)
        else:
            params[name] = value
    return params, repeated


def parse_form(body: bytes) -> list[tuple[str, str]]:
    """Decode an application/x-www-form-urlencoded body (python-multipart isn't available)."""
    return parse_qsl(body.decode("utf-8"), keep_blank_values=True, strict_parsing=False)
