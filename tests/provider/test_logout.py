"""/openid/logout: ends the session; redirects only within the client's origin."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from tests.provider.conftest import Flow


def _logout(flow: Flow, **params: str):
    return flow.http.get("/openid/logout", params=params)


def test_logout_clears_session_and_follows_same_origin_redirect(flow: Flow, provider) -> None:
    flow.login("alice")
    assert flow.silent().status_code == 200
    target = f"{flow.client_id}/signed-out?x=1"
    response = _logout(flow, client_id=flow.client_id, post_logout_redirect_uri=target, state="s1")
    assert response.status_code == 302
    location = urlsplit(response.headers["location"])
    assert location.path == "/signed-out"
    assert parse_qs(location.query) == {"x": ["1"], "state": ["s1"]}
    cookie = response.headers["set-cookie"]
    assert "pwid_twin_session=" in cookie and "Max-Age=0" in cookie
    assert not provider.sessions
    assert flow.silent().status_code == 401
    assert flow.is_sign_in(flow.authorize())


def test_logout_without_state(flow: Flow) -> None:
    target = f"{flow.client_id}/"
    response = _logout(flow, client_id=flow.client_id, post_logout_redirect_uri=target)
    assert response.headers["location"] == target


@pytest.mark.parametrize(
    "params",
    [
        {"post_logout_redirect_uri": "http://evil.example/"},  # no client_id: never followed
        {"client_id": "CLIENT", "post_logout_redirect_uri": "http://evil.example/"},
        {"client_id": "http://evil.example", "post_logout_redirect_uri": "CLIENT/x"},
        {"client_id": "CLIENT", "post_logout_redirect_uri": "CLIENT/x#frag"},
        {"client_id": "CLIENT", "post_logout_redirect_uri": "/relative"},
        {"post_logout_redirect_uri": "CLIENT/"},
        {},
    ],
)
def test_logout_shows_signed_out_page_otherwise(flow: Flow, provider, params) -> None:
    flow.login("alice")
    params = {k: v.replace("CLIENT", flow.client_id) for k, v in params.items()}
    response = _logout(flow, **params)
    assert response.status_code == 200
    assert "location" not in response.headers
    assert "Signed out" in response.text
    assert not provider.sessions


def test_connect_style_redirect_uri_alias(flow: Flow) -> None:
    target = f"{flow.client_id}/"
    response = _logout(flow, client_id=flow.client_id, redirect_uri=target)
    assert response.headers["location"] == target


def test_logout_keeps_consents(flow: Flow) -> None:
    flow.login("alice")
    _logout(flow)
    page = flow.sign_in(flow.authorize(), "alice")
    assert page.status_code == 303  # no consent page: remembered per (user, client)
