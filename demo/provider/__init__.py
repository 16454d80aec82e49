"""A local, Passwordless.ID-compatible OpenID provider for the demo and the tests."""

from .routes import SESSION_COOKIE, create_provider
from .state import ProviderState

__all__ = ["SESSION_COOKIE", "ProviderState", "create_provider"]
