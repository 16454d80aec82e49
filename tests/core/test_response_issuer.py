"""RFC 9207: the ``iss`` of an authorization response, as standard providers send it."""

from pwid_connect import AuthError
from pwid_connect._discovery import ProviderMetadata
from pwid_connect._urls import Callback
from pwid_connect._validator import check_response_issuer
from tests.core.check import raises

ISSUER = "https://op.example"


def metadata(advertised: bool) -> ProviderMetadata:
    return ProviderMetadata(ISSUER, ISSUER + "/auth", iss_parameter_supported=advertised)


def test_a_matching_iss_passes() -> None:
    check_response_issuer(Callback({"state": "s", "code": "c", "iss": ISSUER}), metadata(True))


def test_another_issuer_is_rejected_even_when_not_advertised() -> None:
    for advertised in (True, False):
        callback = Callback({"state": "s", "code": "c", "iss": "https://evil.example"})
        err = raises(AuthError, check_response_issuer, callback, metadata(advertised))
        assert err.code == "iss_mismatch"


def test_a_missing_iss_is_rejected_when_advertised() -> None:
    for params in ({"state": "s", "code": "c"}, {"state": "s", "error": "login_required"}):
        err = raises(AuthError, check_response_issuer, Callback(params), metadata(True))
        assert err.code == "iss_missing"


def test_a_missing_iss_passes_when_not_advertised() -> None:
    check_response_issuer(Callback({"state": "s", "code": "c"}), metadata(False))


def test_an_id_token_response_may_omit_iss() -> None:
    # oidc-provider leaves iss out when the response holds an ID token: the token's iss
    # claim, checked by validate_id_token, names the issuer.
    callback = Callback({"state": "s", "id_token": "a.b.c"})
    check_response_issuer(callback, metadata(True))
