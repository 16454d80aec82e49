"""What the client knows about its provider: endpoints and capabilities.

Read from the issuer's ``/.well-known/openid-configuration``; when that cannot be
fetched, Passwordless.ID's own endpoint layout (what @passwordless-id/connect uses)::

    metadata = ProviderMetadata.from_document("https://idp.example", json.loads(text))
    metadata = ProviderMetadata.fallback("https://api.passwordless.id")
"""

from ._errors import AuthError

DISCOVERY_PATH = "/.well-known/openid-configuration"


class ProviderMetadata:
    """The endpoints and flags the flows use; ``id_token_endpoint`` is Passwordless.ID's."""

    __slots__ = (
        "authorization_endpoint",
        "end_session_endpoint",
        "id_token_endpoint",
        "iss_parameter_supported",
        "issuer",
        "jwks_uri",
        "token_endpoint",
    )

    def __init__(
        self,
        issuer: str,
        authorization_endpoint: str,
        token_endpoint: str | None = None,
        end_session_endpoint: str | None = None,
        jwks_uri: str | None = None,
        id_token_endpoint: str | None = None,
        iss_parameter_supported: bool = False,
    ) -> None:
        self.issuer = issuer
        self.authorization_endpoint = authorization_endpoint
        self.token_endpoint = token_endpoint
        self.end_session_endpoint = end_session_endpoint
        self.jwks_uri = jwks_uri
        self.id_token_endpoint = id_token_endpoint
        self.iss_parameter_supported = iss_parameter_supported

    @classmethod
    def fallback(cls, issuer: str) -> "ProviderMetadata":
        """Passwordless.ID's endpoints, for when discovery is out of reach."""
        return cls(
            issuer,
            issuer + "/openid/authorize",
            token_endpoint=issuer + "/openid/token",
            end_session_endpoint=issuer + "/openid/logout",
            jwks_uri=issuer + "/.well-known/jwks.json",
            id_token_endpoint=issuer + "/openid/id_token",
        )

    @classmethod
    def from_document(cls, issuer: str, document: object) -> "ProviderMetadata":
        """Check and read a discovery document; AuthError("discovery_invalid") if it is off.

        The document's ``issuer`` must be exactly the configured one (OIDC Discovery
        section 4.3), or a provider could hand out another issuer's endpoints.
        """
        if not isinstance(document, dict):
            raise AuthError("the discovery document is not a JSON object", "discovery_invalid")
        if document.get("issuer") != issuer:
            raise AuthError("the discovery document names another issuer", "discovery_invalid")

        def endpoint(name: str, required: bool = False) -> str | None:
            value = document.get(name)
            if isinstance(value, str) and (
                value.startswith("https://") or value.startswith("http://")
            ):
                return value
            if required or value is not None:
                raise AuthError("the discovery document has no valid " + name, "discovery_invalid")
            return None

        return cls(
            issuer,
            endpoint("authorization_endpoint", required=True),
            token_endpoint=endpoint("token_endpoint"),
            end_session_endpoint=endpoint("end_session_endpoint"),
            jwks_uri=endpoint("jwks_uri"),
            id_token_endpoint=endpoint("id_token_endpoint"),
            iss_parameter_supported=document.get("authorization_response_iss_parameter_supported")
            is True,
        )
