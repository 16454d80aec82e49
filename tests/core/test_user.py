"""The User model and connect's JSON shape."""

from pwid_connect import InvalidToken, User
from tests.core.check import NOW, id_claims, make_jwt, raises


def test_default_is_signed_out():
    user = User()
    assert user.signed_in is False
    assert user.scope_granted is None
    assert user.id_token is None
    assert user.claims == {}
    assert user.profile == {}
    assert user.expires_at is None
    assert user.auth_time is None
    assert user.sub is None
    assert user.reauth_required is False


def test_signed_out_classmethod():
    assert User.signed_out().signed_in is False
    assert User.signed_out().reauth_required is False
    locked = User.signed_out(reauth_required=True)
    assert locked.reauth_required is True
    assert locked.signed_in is False


def test_from_id_token():
    claims = id_claims(name="Ada Lovelace", picture="https://img.example/a.png")
    token = make_jwt(claims)
    user = User.from_id_token(token, "openid avatar")
    assert user.signed_in is True
    assert user.id_token == token
    assert user.scope_granted == "openid avatar"
    assert user.claims == claims
    assert user.sub == "user-123"
    assert user.expires_at == NOW + 3600
    assert user.auth_time == NOW - 20


def test_from_id_token_rejects_garbage():
    raises(InvalidToken, User.from_id_token, "not-a-token")


def test_profile_drops_protocol_claims_keeps_person_and_sub():
    claims = id_claims(
        nbf=NOW,
        azp="https://app.example",
        at_hash="x",
        c_hash="y",
        sid="s",
        jti="j",
        email="ada@example.org",
    )
    profile = User(True, "openid", "t", claims).profile
    assert sorted(profile.keys()) == ["auth_time", "email", "nickname", "sub"]
    assert profile["sub"] == "user-123"


def test_profile_is_a_copy():
    user = User(True, "openid", "t", id_claims())
    user.profile["nickname"] = "changed"
    assert user.profile["nickname"] == "Ada"


def test_claims_are_copied_from_the_argument():
    claims = id_claims()
    user = User(True, "openid", "t", claims)
    claims["nickname"] = "changed"
    assert user.claims["nickname"] == "Ada"


def test_numbers_of_the_wrong_type_read_as_none():
    user = User(True, None, "t", {"exp": "soon", "auth_time": True, "sub": 5})
    assert user.expires_at is None
    assert user.auth_time is None
    assert user.sub is None


def test_to_dict_signed_in():
    token = make_jwt(id_claims())
    data = User.from_id_token(token, "openid avatar").to_dict()
    assert sorted(data.keys()) == ["id_token", "profile", "scopeGranted", "signedIn"]
    assert data["signedIn"] is True
    assert data["scopeGranted"] == "openid avatar"
    assert data["id_token"] == token
    assert data["profile"]["sub"] == "user-123"
    assert "iss" not in data["profile"]


def test_to_dict_signed_out():
    assert User.signed_out().to_dict() == {
        "signedIn": False,
        "scopeGranted": None,
        "id_token": None,
        "profile": None,
    }


def test_repr_never_shows_the_token():
    token = make_jwt(id_claims())
    text = repr(User.from_id_token(token, "openid"))
    assert token not in text
    assert token.split(".")[1] not in text
    assert "user-123" in text
    assert "True" in text
