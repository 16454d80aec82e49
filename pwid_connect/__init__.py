"""Sign in with Passwordless.ID, or any OpenID Connect provider, from Python in the browser.

::

    import pwid_connect as pwid

    user = await pwid.id()              # cached, completed from the URL, or silent; no UI
    if not user.signed_in:
        user = await pwid.request("openid avatar", mode="popup")
"""

import sys

from ._errors import (
    AuthError,
    AuthTimeout,
    InvalidToken,
    NetworkError,
    PopupBlocked,
    PopupClosed,
    ProviderError,
    StateMismatch,
)
from ._storage import MemoryStorage
from ._user import User
from ._version import __version__

# The flows need a browser; in CPython (the core's unit tests) only the pure core loads.
if sys.platform in ("emscripten", "webassembly"):
    from ._client import Client
    from ._default import auth, configure, default_client, id, logout, on_idle, request
    from ._idle_watcher import IdleWatcher

__all__ = [
    "AuthError",
    "AuthTimeout",
    "Client",
    "IdleWatcher",
    "InvalidToken",
    "MemoryStorage",
    "NetworkError",
    "PopupBlocked",
    "PopupClosed",
    "ProviderError",
    "StateMismatch",
    "User",
    "__version__",
    "auth",
    "configure",
    "default_client",
    "id",
    "logout",
    "on_idle",
    "request",
]
