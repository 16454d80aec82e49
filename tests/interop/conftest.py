"""The ``oidc_provider`` fixture: panva's oidc-provider (Node) on a free port, per session.

::

    def test_x(page, console, servers, runtime, oidc_provider):
        query = oidc_provider.page_query(servers.app, runtime, op="request")
        open_flow(page, console, servers.app, runtime, **query)
"""

import subprocess
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

import httpx
import pytest

from tests.browser.harness import RUNTIMES
from tests.servers import free_port

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = Path(__file__).with_name("oidc_provider.mjs")
TOKEN_TTL = 120  # seconds: short, as a real deployment's would be
START_TIMEOUT = 20.0


class OidcProvider:
    """Where oidc-provider listens, and the exact redirect URIs registered for the test page."""

    def __init__(self, issuer: str, apps: list[str]) -> None:
        self.issuer = issuer
        self.apps = apps

    def redirect_uri(self, app: str, runtime: str) -> str:
        """The flow page's registered URL: its runtime and issuer, nothing else.

        A standard provider matches redirect URIs exactly (OIDC Core 3.1.2.1), so the flow
        page cannot use its own URL (its query differs per test) as the library's default
        would: it passes this one as ``redirect_uri``, and the response lands there.
        """
        query = urlencode({"runtime": runtime, "issuer": self.issuer})
        return f"{app}/tests/pages/flows.html?{query}"

    def page_query(self, app: str, runtime: str, **params: str) -> dict:
        """Query parameters for ``open_flow`` that point the flow page at this provider."""
        return {"issuer": self.issuer, "redirect_uri": self.redirect_uri(app, runtime), **params}

    def registered(self) -> list[str]:
        return [self.redirect_uri(app, rt) for app in self.apps for rt in RUNTIMES]


def _wait_until_ready(process: subprocess.Popen, url: str, log) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        try:
            if httpx.get(url, timeout=1.0).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.05)
    process.kill()
    process.wait(timeout=5)
    log.seek(0)
    raise RuntimeError(f"oidc-provider did not start (exit {process.returncode}):\n{log.read()}")


@pytest.fixture(scope="session")
def oidc_provider(servers):
    port = free_port()
    issuer = f"http://127.0.0.1:{port}"
    provider = OidcProvider(issuer, [servers.app, servers.app_cross_site])
    command = ["node", str(SCRIPT), "--port", str(port), "--issuer", issuer]
    command += ["--ttl", str(TOKEN_TTL)]
    for app in provider.apps:
        command += ["--app", app]
    for uri in provider.registered():
        command += ["--redirect-uri", uri]
    # Its stderr goes to a file, not a pipe that nobody reads while the tests run.
    with tempfile.TemporaryFile("w+") as log:
        process = subprocess.Popen(
            command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=log, text=True
        )
        try:
            _wait_until_ready(process, issuer + "/.well-known/openid-configuration", log)
            yield provider
        finally:
            process.terminate()
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
