"""Build the authorization request URL and read (then scrub) the provider's response URL.

::

    url = build_authorize_url("https://api.passwordless.id/openid/authorize",
                              client_id="https://app.example", redirect_uri="https://app.example/",
                              response_type="id_token", scope="openid", state=s, nonce=n)
    cb = parse_callback(location_href)      # None when the URL holds no response
    if cb is not None:
        history_replace(strip_response(location_href))   # the token must not stay in history
        cb.raise_for_error()
"""

from ._encoding import encode_params, parse_params, percent_decode
from ._errors import AuthError, ProviderError

# Keys whose presence makes a URL an authorization response.
_MARKERS = ("state", "id_token", "code", "error")
# Everything a provider may put in a response; strip_response removes all of them.
RESPONSE_KEYS = (
    "state",
    "id_token",
    "code",
    "iss",
    "scope",
    "error",
    "error_description",
    "error_uri",
    "session_state",
    "access_token",
    "token_type",
    "expires_in",
)
_DEFAULT_PORTS = {"http": "80", "https": "443", "ws": "80", "wss": "443"}
_CORE_KEYS = (
    "response_type",
    "client_id",
    "redirect_uri",
    "scope",
    "state",
    "nonce",
    "prompt",
    "max_age",
    "code_challenge",
    "code_challenge_method",
    "response_mode",
)


def build_authorize_url(
    endpoint: str,
    *,
    client_id: str,
    redirect_uri: str,
    response_type: str,
    scope: str,
    state: str,
    nonce: str | None = None,
    prompt: str | None = None,
    max_age: int | None = None,
    code_challenge: str | None = None,
    response_mode: str | None = None,
    extra: "dict | list | None" = None,
) -> str:
    """The authorization endpoint URL with the request in its query, in a stable order.

    ``extra`` adds parameters (e.g. ``login_hint``) but may not repeat a core one: a
    duplicated ``state`` or ``redirect_uri`` would be ambiguous to the provider.
    """
    if "#" in endpoint:
        raise ValueError("an authorization endpoint has no fragment (RFC 6749 3.1)")
    if max_age is not None and (isinstance(max_age, bool) or not isinstance(max_age, int)):
        raise TypeError("max_age must be an int")
    params = [
        ("response_type", response_type),
        ("client_id", client_id),
        ("redirect_uri", redirect_uri),
        ("scope", scope),
        ("state", state),
        ("nonce", nonce),
        ("prompt", prompt),
        ("max_age", max_age),
        ("code_challenge", code_challenge),
        ("code_challenge_method", "S256" if code_challenge is not None else None),
        ("response_mode", response_mode),
    ]
    if extra:
        pairs = list(extra.items()) if isinstance(extra, dict) else list(extra)
        for key, _ in pairs:
            if key in _CORE_KEYS:
                raise ValueError(f"extra may not set {key!r}")
        params.extend(pairs)
    query = encode_params(params)
    if "?" not in endpoint:
        sep = "?"
    elif endpoint.endswith("?") or endpoint.endswith("&"):
        sep = ""
    else:
        sep = "&"
    return endpoint + sep + query


class Callback:
    """The provider's answer, read from a redirect URL (fields are None when absent)."""

    __slots__ = (
        "code",
        "error",
        "error_description",
        "error_uri",
        "id_token",
        "iss",
        "scope",
        "session_state",
        "state",
    )

    def __init__(self, params: "dict[str, str] | None" = None) -> None:
        params = params or {}
        self.state = params.get("state")
        self.id_token = params.get("id_token")
        self.code = params.get("code")
        self.iss = params.get("iss")
        self.scope = params.get("scope")
        self.error = params.get("error")
        self.error_description = params.get("error_description")
        self.error_uri = params.get("error_uri")
        self.session_state = params.get("session_state")

    @property
    def is_error(self) -> bool:
        return self.error is not None

    def raise_for_error(self) -> None:
        """Raise ProviderError (``.code`` = the provider's ``error``) if this is an error."""
        if self.error is not None:
            raise ProviderError(self.error, self.error_description or "", self.state)

    def __repr__(self) -> str:
        # The token and the code are bearer secrets: show only whether they are there.
        return (
            f"<Callback error={self.error!r} id_token={self.id_token is not None}"
            f" code={self.code is not None}>"
        )


def _has_marker(section: str) -> bool:
    return any(piece.partition("=")[0] in _MARKERS for piece in section.split("&"))


def _split(url: str) -> "tuple[str, str, str]":
    """(before the query, query, fragment) without their ``?`` and ``#``."""
    rest, _, fragment = url.partition("#")
    base, _, query = rest.partition("?")
    return base, query, fragment


def parse_callback(url: str) -> "Callback | None":
    """The response in ``url``'s fragment, else in its query, else None.

    AuthError(code="response_malformed") on a bad escape or a repeated response key.
    """
    _, query, fragment = _split(url)
    for section in (fragment, query):
        if not _has_marker(section):
            continue
        params = None
        try:
            params = {}
            for key, value in parse_params(section):
                if key in RESPONSE_KEYS:
                    if key in params:
                        raise ValueError("repeated")
                    params[key] = value
        except ValueError:
            params = None
        if params is None:
            raise AuthError("the provider's response is malformed", "response_malformed")
        return Callback(params)
    return None


def _key_of(piece: str) -> str:
    raw = piece.partition("=")[0]
    try:
        return percent_decode(raw)
    except ValueError:
        return raw


def strip_response(url: str) -> str:
    """``url`` without fragment and without response keys in its query (for replaceState).

    Other query parameters keep their order and their exact spelling.
    """
    base, query, _ = _split(url)
    kept = [p for p in query.split("&") if p and _key_of(p) not in RESPONSE_KEYS]
    return base + ("?" + "&".join(kept) if kept else "")


def without_fragment(url: str) -> str:
    """``url`` up to its ``#``."""
    return url.partition("#")[0]


def origin_of(url: str) -> str:
    """``scheme://host[:port]`` of an absolute URL, lower-cased, default port dropped.

    This is the Passwordless.ID ``client_id`` of a page. ValueError if not absolute.
    """
    scheme, sep, rest = url.partition("://")
    scheme = scheme.lower()
    if not sep or not scheme or not ("a" <= scheme[0] <= "z"):
        raise ValueError("not an absolute URL")
    for ch in scheme:
        if not ("a" <= ch <= "z" or "0" <= ch <= "9" or ch in "+-."):
            raise ValueError("invalid URL scheme")
    authority = rest
    for stop in "/?#":
        authority = authority.partition(stop)[0]
    authority = authority.rpartition("@")[2]  # drop user:password@
    if authority.startswith("["):  # IPv6 literal: [::1]:8080
        end = authority.find("]")
        if end < 0:
            raise ValueError("invalid IPv6 host")
        host = authority[: end + 1]
        after = authority[end + 1 :]
        if after and not after.startswith(":"):
            raise ValueError("invalid host")
        port = after[1:]
    else:
        host, _, port = authority.partition(":")
    host = host.lower()
    if not host:
        raise ValueError("URL has no host")
    if port:
        for ch in port:
            if not "0" <= ch <= "9":
                raise ValueError("invalid port")
        number = int(port)
        if number > 65535:
            raise ValueError("invalid port")
        port = str(number)
    if port and port != _DEFAULT_PORTS.get(scheme):
        return f"{scheme}://{host}:{port}"
    return f"{scheme}://{host}"
