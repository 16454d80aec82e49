"""The checks every provider response passes before a user is built from it.

Pure: the time, the pending transaction and the provider's metadata are given::

    user = validate_id_token(id_token, tx, metadata, client_id, now=now)
    check_response_issuer(callback, metadata)
"""

from ._discovery import ProviderMetadata
from ._errors import AuthError, InvalidToken
from ._jwt import check_claims, decode_jwt
from ._transactions import Transaction
from ._urls import Callback
from ._user import User


def check_response_issuer(callback: Callback, metadata: ProviderMetadata) -> None:
    """RFC 9207: an ``iss`` in the response must be our issuer, and present if advertised.

    A response that carries an ID token may leave ``iss`` out (oidc-provider does, for
    ``response_type=id_token``): the token's own ``iss`` claim names the issuer, and
    ``validate_id_token`` checks it, which is the same defence against mix-up.
    """
    if callback.iss is None:
        if metadata.iss_parameter_supported and callback.id_token is None:
            raise AuthError("the response has no iss parameter", "iss_missing")
        return
    if callback.iss != metadata.issuer:
        raise AuthError("the response comes from another issuer", "iss_mismatch")


def validate_id_token(
    id_token: object,
    tx: Transaction,
    metadata: ProviderMetadata,
    client_id: str,
    *,
    now: float,
    leeway: float = 60,
    scope_granted: str | None = None,
) -> User:
    """The user an ID token stands for, or InvalidToken with a precise ``.code``.

    ``nonce`` must be the transaction's; with ``prompt=login`` the provider must report
    an ``auth_time`` no older than the request.
    """
    if not isinstance(id_token, str) or not id_token:
        raise InvalidToken("the response has no id_token", "token_missing")
    jwt = decode_jwt(id_token)
    check_claims(
        jwt.claims,
        issuer=metadata.issuer,
        client_id=client_id,
        now=now,
        nonce=tx.nonce,
        leeway=leeway,
        auth_after=tx.requested_at if tx.prompt == "login" else None,
    )
    return User(
        signed_in=True,
        scope_granted=scope_granted or tx.scope,
        id_token=id_token,
        claims=jwt.claims,
    )


def covers(granted: str | None, wanted: str) -> bool:
    """Whether a granted scope includes every scope asked for now."""
    have = (granted or "").split()
    return all(scope in have for scope in wanted.split())
