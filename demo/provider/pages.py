"""The provider's HTML pages: sign-in, consent, errors, signed out, home.

Plain server-rendered HTML with real <button>s in POST forms, so the pages work without
JavaScript and with the keyboard, and Playwright can click "Sign in as alice".
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from ..users import LocalUser

_STYLE = """
body{font-family:system-ui,sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem;color:#222}
.twin{background:#fff3cd;border:1px solid #e0c060;padding:.5rem .75rem;border-radius:.4rem}
button{font-size:1rem;padding:.5rem 1rem;margin:.25rem 0;cursor:pointer}
ul.users{list-style:none;padding:0} ul.users button{width:100%;text-align:left}
img{width:1.5rem;height:1.5rem;vertical-align:middle;margin-right:.5rem;border-radius:50%}
code{background:#f3f3f3;padding:0 .2rem}
"""

BANNER = "Local twin of Passwordless.ID — not the real service"

SCOPE_TEXT = {
    "openid": "Your user id and username",
    "profile": "Your username",
    "avatar": "Your avatar picture",
    "email": "Your e-mail address",
    "phone": "Your phone number",
    "birthdate": "Your birthdate",
    "address": "Your postal address",
}


def page(title: str, body: str) -> str:
    """A complete HTML document with the twin banner."""
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)} · Passwordless.ID (local twin)</title>"
        f"<style>{_STYLE}</style></head><body>"
        f'<p class="twin" role="note"><strong>{BANNER}</strong></p>'
        f"<main><h1>{escape(title)}</h1>{body}</main></body></html>"
    )


def sign_in_page(rid: str, client_id: str, users: Iterable[LocalUser], reason: str) -> str:
    """One button per fixed user; the pending request travels as a server-side id."""
    items = "".join(
        f'<li><button type="submit" name="username" value="{escape(u.username)}">'
        f'<img src="{u.picture}" alt="">Sign in as {escape(u.username)}</button></li>'
        for u in users
    )
    return page(
        "Sign in",
        f"<p><code>{escape(client_id)}</code> asks you to sign in.</p>"
        f"<p>{escape(reason)}</p>"
        '<form method="post" action="/openid/signin">'
        f'<input type="hidden" name="request_id" value="{escape(rid)}">'
        f'<ul class="users">{items}</ul>'
        '<button type="submit" name="action" value="cancel">Cancel</button>'
        "</form>",
    )


def consent_page(rid: str, client_id: str, username: str, scopes: Iterable[str]) -> str:
    """The requested scopes with Allow and Deny."""
    items = "".join(
        f"<li><code>{escape(s)}</code>: {escape(SCOPE_TEXT.get(s, s))}</li>" for s in scopes
    )
    return page(
        "Share your information?",
        f"<p>Signed in as <strong>{escape(username)}</strong>.</p>"
        f"<p><code>{escape(client_id)}</code> would like:</p><ul>{items}</ul>"
        '<form method="post" action="/openid/consent">'
        f'<input type="hidden" name="request_id" value="{escape(rid)}">'
        '<button type="submit" name="decision" value="allow">Allow</button> '
        '<button type="submit" name="decision" value="deny">Deny</button>'
        "</form>",
    )


def error_page(message: str) -> str:
    """Shown instead of redirecting anywhere when the request can't be trusted."""
    return page("Invalid request", f'<p role="alert">{escape(message)}</p>')


def signed_out_page() -> str:
    """Shown by the logout endpoint when it does not redirect."""
    return page("Signed out", "<p>You are signed out of the local provider.</p>")


def home_page(issuer: str, username: str | None) -> str:
    """The provider origin's root: who is signed in, and a way out."""
    who = (
        f"<p>Signed in as <strong>{escape(username)}</strong>. "
        '<a href="/openid/logout">Sign out</a></p>'
        if username
        else "<p>Nobody is signed in.</p>"
    )
    config = f"{escape(issuer)}/.well-known/openid-configuration"
    return page(
        "Local OpenID provider",
        f'{who}<p>Discovery: <a href="{config}">{config}</a></p>',
    )
