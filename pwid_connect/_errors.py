"""The errors of pwid-connect: one base class with a stable machine-readable ``.code``.

Catch :class:`AuthError` to handle every failure, and branch on ``.code``::

    try:
        user = await client.request(mode="popup")
    except PopupBlocked:
        show_button_again()
    except AuthError as err:
        print(err.code, err.message)

Messages are written for humans and never contain a token, a nonce or a code.
"""


class AuthError(Exception):
    """Base of every pwid-connect error; ``.code`` is stable, ``.message`` is prose."""

    code = "auth_error"

    def __init__(self, message: str = "", code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            # An instance attribute shadows the class default (e.g. "token_expired").
            self.code = code

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return f"{type(self).__name__}(code={self.code!r}, message={self.message!r})"


class PopupBlocked(AuthError):
    """The browser refused to open the sign-in popup (open it from a click handler)."""

    code = "popup_blocked"


class PopupClosed(AuthError):
    """The user closed the sign-in popup before the provider answered."""

    code = "popup_closed"


class AuthTimeout(AuthError):
    """The provider did not answer in time (silent check, popup or iframe)."""

    code = "timeout"


class StateMismatch(AuthError):
    """A response whose ``state`` matches no pending request of this browser (CSRF)."""

    code = "state_mismatch"


class InvalidToken(AuthError):
    """An ID token that is malformed or fails a claim check; ``.code`` says which."""

    code = "invalid_token"


class ProviderError(AuthError):
    """The provider answered with an OAuth/OIDC error; ``.code`` is its ``error`` value.

    ``ProviderError("login_required")`` is what a silent check returns when the
    provider has no session: not a failure of the library.
    """

    code = "provider_error"

    def __init__(self, error: str, description: str = "", state: str | None = None) -> None:
        error = error if isinstance(error, str) else ""
        description = description if isinstance(description, str) else ""
        message = f"{error}: {description}" if description else error
        # An empty `error` keeps the generic class code rather than an empty one.
        super().__init__(message or "the provider returned an error", error or None)
        self.error = error
        self.description = description
        self.state = state


class NetworkError(AuthError):
    """A request to the provider could not be made or returned garbage."""

    code = "network_error"
