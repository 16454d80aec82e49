"""Sign in with Passwordless.ID, or any OpenID Connect provider, from Python in the browser."""

from ._version import __version__

__all__ = ["__version__"]
