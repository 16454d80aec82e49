"""The error classes and their stable codes."""

from pwid_connect import (
    AuthError,
    AuthTimeout,
    InvalidToken,
    NetworkError,
    PopupBlocked,
    PopupClosed,
    ProviderError,
    StateMismatch,
)
from tests.core.check import raises


def test_codes_of_each_class():
    expected = [
        (AuthError, "auth_error"),
        (PopupBlocked, "popup_blocked"),
        (PopupClosed, "popup_closed"),
        (AuthTimeout, "timeout"),
        (StateMismatch, "state_mismatch"),
        (InvalidToken, "invalid_token"),
        (NetworkError, "network_error"),
    ]
    for cls, code in expected:
        err = cls("something went wrong")
        assert err.code == code, cls
        assert cls.code == code
        assert isinstance(err, AuthError)
        assert isinstance(err, Exception)


def test_message_and_str():
    err = AuthError("the popup went away")
    assert err.message == "the popup went away"
    assert str(err) == "the popup went away"
    assert AuthError().message == ""
    assert str(AuthError()) == ""


def test_precise_code_overrides_class_code():
    err = InvalidToken("token has expired", "token_expired")
    assert err.code == "token_expired"
    assert InvalidToken.code == "invalid_token"  # the class default is untouched
    assert InvalidToken("x").code == "invalid_token"
    assert AuthError("bad", code="response_malformed").code == "response_malformed"


def test_repr_names_class_and_code():
    text = repr(InvalidToken("token has expired", "token_expired"))
    assert "InvalidToken" in text
    assert "token_expired" in text


def test_provider_error():
    err = ProviderError("login_required", "The user is not signed in", "st4te")
    assert isinstance(err, AuthError)
    assert err.code == "login_required"
    assert err.error == "login_required"
    assert err.description == "The user is not signed in"
    assert err.state == "st4te"
    assert str(err) == "login_required: The user is not signed in"


def test_provider_error_without_description():
    err = ProviderError("access_denied")
    assert err.code == "access_denied"
    assert err.description == ""
    assert err.state is None
    assert str(err) == "access_denied"


def test_provider_error_empty_error_keeps_generic_code():
    err = ProviderError("")
    assert err.code == "provider_error"
    assert err.error == ""
    assert str(err) != ""


def test_catch_as_base_class():
    def fail():
        raise PopupBlocked("blocked")

    err = raises(AuthError, fail)
    assert type(err) is PopupBlocked
    assert err.code == "popup_blocked"
