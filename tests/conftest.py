"""Session-wide fixtures: the demo's two origins, started once on free ports."""

import pytest

from tests.servers import ServerThread, free_port


class Servers:
    """Where the app and the provider listen, and the provider's live settings."""

    def __init__(self, app_port: int, provider_port: int, provider_app) -> None:
        self.app = f"http://127.0.0.1:{app_port}"
        # The same app server by another host name: a different site from the provider,
        # so Chromium treats the provider's cookie as a third-party cookie (RUNTIMES.md).
        self.app_cross_site = f"http://localhost:{app_port}"
        self.provider = f"http://127.0.0.1:{provider_port}"
        self.provider_app = provider_app

    @property
    def provider_state(self):
        return self.provider_app.state.provider


@pytest.fixture(scope="session")
def servers():
    from demo.serve import build_apps

    app_port, provider_port = free_port(), free_port()
    app, provider = build_apps(f"http://127.0.0.1:{app_port}", f"http://127.0.0.1:{provider_port}")
    threads = [ServerThread(provider, provider_port).start(), ServerThread(app, app_port).start()]
    yield Servers(app_port, provider_port, provider)
    for thread in threads:
        thread.stop()
