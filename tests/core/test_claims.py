"""check_claims: each OIDC ID-token rule, its precise code, and its boundaries."""

from pwid_connect import InvalidToken
from pwid_connect._jwt import check_claims
from tests.core.check import CLIENT_ID, ISSUER, NOW, id_claims, raises

NONCE = "n-0S6_WzA2Mj"


def check(claims: dict, **options: object) -> None:
    kw = {"issuer": ISSUER, "client_id": CLIENT_ID, "now": NOW}
    kw.update(options)
    check_claims(claims, **kw)


def fails(code: str, claims: dict, **options: object) -> InvalidToken:
    err = raises(InvalidToken, check, claims, **options)
    assert err.code == code, (code, err.code)
    return err


def test_valid_claims_pass():
    check(id_claims())
    check(id_claims(), nonce=NONCE)
    check(id_claims(), nonce=NONCE, auth_after=NOW - 30)


def test_claims_must_be_a_dict():
    fails("token_malformed", ["iss"])
    fails("token_malformed", None)


def test_iss_exact_equality():
    fails("iss_mismatch", id_claims(iss="https://evil.example"))
    fails("iss_mismatch", id_claims(iss=ISSUER + "/"))  # no normalisation
    fails("iss_mismatch", id_claims(iss=ISSUER.upper()))
    fails("iss_mismatch", id_claims(iss=None))
    fails("iss_mismatch", id_claims(iss=[ISSUER]))


def test_aud_string():
    fails("aud_mismatch", id_claims(aud="https://other.example"))
    fails("aud_mismatch", id_claims(aud=CLIENT_ID + "/"))
    fails("aud_mismatch", id_claims(aud=None))


def test_aud_list_with_one_audience():
    check(id_claims(aud=[CLIENT_ID]))
    fails("aud_mismatch", id_claims(aud=["https://other.example"]))


def test_aud_list_with_several_audiences_needs_azp():
    many = [CLIENT_ID, "https://other.example"]
    fails("azp_mismatch", id_claims(aud=many))
    check(id_claims(aud=many, azp=CLIENT_ID))
    fails("azp_mismatch", id_claims(aud=many, azp="https://other.example"))
    fails("aud_mismatch", id_claims(aud=["https://a.example", "https://b.example"]))


def test_azp_present_must_be_us():
    check(id_claims(azp=CLIENT_ID))
    fails("azp_mismatch", id_claims(azp="https://other.example"))


def test_aud_of_wrong_type():
    for aud in [1, True, {}, [], [1], [CLIENT_ID, 2]]:
        fails("claim_type", id_claims(aud=aud))


def test_exp_required_and_a_number():
    fails("claim_missing", id_claims(exp=None))
    for exp in [True, str(NOW + 60), [NOW + 60], {}, float("inf"), float("nan")]:
        fails("claim_type", id_claims(exp=exp))


def test_exp_with_leeway():
    fails("token_expired", id_claims(exp=NOW - 61))
    fails("token_expired", id_claims(exp=NOW - 60))  # now - leeway < exp is strict
    check(id_claims(exp=NOW - 59))
    check(id_claims(exp=NOW - 59.5))
    fails("token_expired", id_claims(exp=NOW), leeway=0)
    check(id_claims(exp=NOW + 0.001), leeway=0)
    check(id_claims(exp=int(NOW) + 1), leeway=0)


def test_nbf_optional_with_leeway():
    check(id_claims(nbf=NOW + 60))  # nbf <= now + leeway
    fails("token_not_yet_valid", id_claims(nbf=NOW + 61))
    fails("token_not_yet_valid", id_claims(nbf=NOW + 1), leeway=0)
    check(id_claims(nbf=NOW - 5))
    fails("claim_type", id_claims(nbf="soon"))


def test_iat_required_and_not_in_the_future():
    fails("claim_missing", id_claims(iat=None))
    fails("claim_type", id_claims(iat=False))
    check(id_claims(iat=NOW + 60))
    fails("token_issued_in_future", id_claims(iat=NOW + 61))
    fails("token_issued_in_future", id_claims(iat=NOW + 1), leeway=0)


def test_nonce_checked_when_given():
    fails("nonce_mismatch", id_claims(nonce="other"), nonce=NONCE)
    fails("nonce_mismatch", id_claims(nonce=None), nonce=NONCE)
    fails("nonce_mismatch", id_claims(nonce=123), nonce="123")
    check(id_claims(nonce=None))  # not asked for: not checked


def test_nonce_message_does_not_leak_the_nonce():
    err = fails("nonce_mismatch", id_claims(nonce="their-nonce"), nonce=NONCE)
    assert NONCE not in str(err)
    assert "their-nonce" not in str(err)


def test_auth_time_after_prompt_login():
    requested = NOW - 30
    fails("auth_time_missing", id_claims(auth_time=None), auth_after=requested)
    fails("claim_type", id_claims(auth_time="now"), auth_after=requested)
    check(id_claims(auth_time=requested), auth_after=requested)
    check(id_claims(auth_time=requested - 60), auth_after=requested)  # leeway
    fails("auth_time_stale", id_claims(auth_time=requested - 61), auth_after=requested)
    fails("auth_time_stale", id_claims(auth_time=requested - 1), auth_after=requested, leeway=0)


def test_auth_time_not_required_without_auth_after():
    check(id_claims(auth_time=None))
    check(id_claims(auth_time=NOW - 99999))


def test_integer_times_accepted():
    check(id_claims(iat=int(NOW), exp=int(NOW) + 600, auth_time=int(NOW) - 5), auth_after=NOW)
