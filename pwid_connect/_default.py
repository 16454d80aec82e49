"""Module-level shortcuts on one default :class:`Client`, for short pages.

::

    import pwid_connect as pwid

    pwid.configure(issuer="http://127.0.0.1:8001")   # optional: Passwordless.ID otherwise
    user = await pwid.request("openid avatar", prompt="login", cache=False)
"""

from ._client import Client

_default: list = []


def configure(**options) -> Client:
    """Replace the default client with one made from these ``Client`` options."""
    _default[:] = [Client(**options)]
    return _default[0]


def default_client() -> Client:
    """The default client, made with ``Client()`` on first use."""
    if not _default:
        _default.append(Client())
    return _default[0]


async def id(scope: str = "openid", cache: bool = True):
    """``default_client().id(...)``"""
    return await default_client().id(scope, cache)


def request(
    scope: str = "openid", prompt: str = "none", cache: bool = True, mode: str = "redirect"
):
    """``default_client().request(...)``; in popup mode the window opens before this returns."""
    return default_client().request(scope, prompt, cache, mode)


def auth(
    scope: str = "openid", prompt: str | None = None, cache: bool = True, mode: str = "redirect"
):
    """``default_client().auth(...)``"""
    return default_client().auth(scope, prompt, cache, mode)


async def logout(redirect_uri: str | None = None, end_session: bool = False) -> None:
    """``default_client().logout(...)``"""
    await default_client().logout(redirect_uri, end_session)


def on_idle(callback, timeout: float = 900, warn_before: float = 0, on_warn=None, on_active=None):
    """``default_client().on_idle(...)``: the :class:`IdleWatcher`."""
    return default_client().on_idle(callback, timeout, warn_before, on_warn, on_active)
