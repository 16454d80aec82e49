"""The browser fixtures (browser, runtime, watched, page, console) are in tests/conftest.py,
shared with tests/interop: one Chromium per test session."""
