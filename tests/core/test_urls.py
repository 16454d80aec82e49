"""Authorization URLs, callback parsing, URL scrubbing and origins."""

from pwid_connect import AuthError, ProviderError
from pwid_connect._urls import (
    Callback,
    build_authorize_url,
    origin_of,
    parse_callback,
    strip_response,
    without_fragment,
)
from tests.core.check import raises

ENDPOINT = "https://api.passwordless.id/openid/authorize"
APP = "https://app.example/"


def authorize(**kw: object) -> str:
    endpoint = kw.pop("endpoint", ENDPOINT)
    args = {
        "client_id": "https://app.example",
        "redirect_uri": APP,
        "response_type": "id_token",
        "scope": "openid avatar",
        "state": "st",
    }
    args.update(kw)
    return build_authorize_url(endpoint, **args)


def test_authorize_url_minimal():
    assert authorize() == (
        ENDPOINT + "?response_type=id_token&client_id=https%3A%2F%2Fapp.example"
        "&redirect_uri=https%3A%2F%2Fapp.example%2F&scope=openid%20avatar&state=st"
    )


def test_authorize_url_full_order():
    url = authorize(
        nonce="nn",
        prompt="login",
        max_age=0,
        code_challenge="cc",
        response_type="code",
        response_mode="fragment",
        extra=[("login_hint", "a@b.example"), ("ui_locales", "fr")],
    )
    query = url.partition("?")[2]
    keys = [piece.partition("=")[0] for piece in query.split("&")]
    assert keys == [
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
        "login_hint",
        "ui_locales",
    ]
    assert "&max_age=0&" in url
    assert "&code_challenge=cc&code_challenge_method=S256&" in url
    assert "&login_hint=a%40b.example&" in url


def test_authorize_url_no_challenge_no_method():
    assert "code_challenge_method" not in authorize(nonce="n")


def test_authorize_url_extra_dict():
    url = authorize(extra={"login_hint": "x"})
    assert url.endswith("&login_hint=x")


def test_authorize_url_extra_cannot_repeat_core_params():
    for key in ["state", "redirect_uri", "client_id", "nonce", "code_challenge_method"]:
        raises(ValueError, authorize, extra=[(key, "x")])


def test_authorize_url_endpoint_with_query():
    assert authorize(endpoint=ENDPOINT + "?tenant=a").startswith(
        ENDPOINT + "?tenant=a&response_type=id_token&"
    )
    assert authorize(endpoint=ENDPOINT + "?").startswith(ENDPOINT + "?response_type=")
    assert authorize(endpoint=ENDPOINT + "?a=1&").startswith(ENDPOINT + "?a=1&response_type=")


def test_authorize_url_rejects_fragment_and_bad_max_age():
    raises(ValueError, authorize, endpoint=ENDPOINT + "#x")
    raises(TypeError, authorize, max_age=True)
    raises(TypeError, authorize, max_age="0")


def test_callback_from_fragment():
    cb = parse_callback(APP + "#id_token=a.b.c&state=st&scope=openid+avatar")
    assert isinstance(cb, Callback)
    assert cb.id_token == "a.b.c"
    assert cb.state == "st"
    assert cb.scope == "openid avatar"
    assert cb.code is None
    assert cb.error is None
    assert not cb.is_error
    cb.raise_for_error()  # no error: nothing raised


def test_callback_from_query():
    cb = parse_callback(APP + "?code=xyz&state=st&iss=https%3A%2F%2Fidp.example")
    assert cb.code == "xyz"
    assert cb.state == "st"
    assert cb.iss == "https://idp.example"
    assert cb.id_token is None


def test_callback_fragment_wins_over_query():
    cb = parse_callback(APP + "?state=from-query&code=q#state=from-fragment&id_token=t")
    assert cb.state == "from-fragment"
    assert cb.code is None


def test_callback_query_used_when_fragment_is_a_route():
    cb = parse_callback(APP + "?state=s&code=c#/settings")
    assert cb.state == "s"
    assert cb.code == "c"


def test_callback_none_without_response():
    for url in [APP, APP + "?page=2", APP + "#/route", APP + "#section", APP + "?x=1#y=2"]:
        assert parse_callback(url) is None, url


def test_callback_error():
    url = APP + "#error=login_required&error_description=Not+signed+in&state=st"
    cb = parse_callback(url)
    assert cb.is_error
    assert cb.error_description == "Not signed in"
    err = raises(ProviderError, cb.raise_for_error)
    assert err.code == "login_required"
    assert err.description == "Not signed in"
    assert err.state == "st"


def test_callback_error_without_description():
    err = raises(ProviderError, parse_callback(APP + "?error=access_denied").raise_for_error)
    assert err.code == "access_denied"
    assert err.description == ""


def test_callback_malformed_escape():
    err = raises(AuthError, parse_callback, APP + "#id_token=a%zz&state=s")
    assert err.code == "response_malformed"
    err = raises(AuthError, parse_callback, APP + "#state=%C3")
    assert err.code == "response_malformed"


def test_callback_repeated_response_key():
    for url in [APP + "#state=a&state=b", APP + "?code=1&code=2&state=s"]:
        err = raises(AuthError, parse_callback, url)
        assert err.code == "response_malformed"


def test_callback_repeated_foreign_key_is_fine():
    cb = parse_callback(APP + "?tag=a&tag=b&state=s&code=c")
    assert cb.state == "s"


def test_callback_repr_hides_secrets():
    cb = parse_callback(APP + "#id_token=SECRET.TOKEN.X&state=st")
    assert "SECRET" not in repr(cb)
    cb = parse_callback(APP + "?code=SECRETCODE&state=st")
    assert "SECRETCODE" not in repr(cb)


def test_strip_response_removes_fragment_and_response_keys():
    assert strip_response(APP + "#id_token=a.b.c&state=s") == APP
    assert strip_response(APP + "?code=c&state=s&iss=x") == APP
    assert (
        strip_response(APP + "?page=2&code=c&sort=a%20b&state=s#frag") == APP + "?page=2&sort=a%20b"
    )


def test_strip_response_removes_every_response_key():
    keys = "state id_token code iss scope error error_description error_uri session_state"
    keys += " access_token token_type expires_in"
    query = "&".join(k + "=1" for k in keys.split())
    assert strip_response(APP + "?keep=1&" + query + "&also=2") == APP + "?keep=1&also=2"


def test_strip_response_catches_encoded_keys_and_keeps_odd_ones():
    assert strip_response(APP + "?st%61te=s&x=1") == APP + "?x=1"
    assert strip_response(APP + "?%zz=1&code=c") == APP + "?%zz=1"
    assert strip_response(APP + "?&&a&code") == APP + "?a"


def test_strip_response_without_query():
    assert strip_response("https://app.example/path") == "https://app.example/path"
    assert strip_response("https://app.example/path?") == "https://app.example/path"


def test_without_fragment():
    assert without_fragment(APP + "p?q=1#frag") == APP + "p?q=1"
    assert without_fragment(APP) == APP
    assert without_fragment(APP + "#") == APP


def test_origin_of():
    vectors = [
        ("https://app.example/path?q=1#f", "https://app.example"),
        ("HTTPS://App.Example", "https://app.example"),
        ("https://app.example:443/", "https://app.example"),
        ("http://app.example:80/", "http://app.example"),
        ("http://127.0.0.1:8000/index.html", "http://127.0.0.1:8000"),
        ("https://app.example:8443", "https://app.example:8443"),
        ("http://app.example:443", "http://app.example:443"),
        ("https://user:pw@app.example/", "https://app.example"),
        ("http://[::1]:8080/x", "http://[::1]:8080"),
        ("http://[::1]/x", "http://[::1]"),
        ("https://app.example?x", "https://app.example"),
        ("https://app.example#x", "https://app.example"),
        ("http://app.example:080", "http://app.example"),
        ("http://app.example:/", "http://app.example"),
    ]
    for url, origin in vectors:
        assert origin_of(url) == origin, url


def test_origin_of_rejects_non_absolute():
    for url in [
        "/path",
        "app.example",
        "://app.example",
        "https://",
        "https:///path",
        "https://app.example:x/",
        "https://app.example:99999/",
        "http://[::1/",
        "http://[::1]x/",
        "1http://app.example",
        "ht tp://app.example",
    ]:
        raises(ValueError, origin_of, url)
