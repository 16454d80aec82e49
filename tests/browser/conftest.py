"""The browser fixtures (browser, runtime, watched, page, console) are in tests/conftest.py,
shared with tests/interop: one Chromium per test session."""

import pytest


@pytest.fixture(autouse=True)
def provider(servers):
    """The local provider, reset before and after each test (sessions, consents, settings)."""
    servers.provider_state.reset(settings=True)
    yield servers.provider_state
    servers.provider_state.reset(settings=True)
