"""Start the test identity provider: prepare its database, run it under
Django's development server on a free port of 127.0.0.1, wait until its
discovery document answers."""

import sys
import time
from dataclasses import dataclass

import requests

from tests.processes import Process, free_port

CLIENT_ID = "med-arbejdsbordet"
CLIENT_SECRET = "test-client-secret-0123456789"
PASSWORD = "idp-test-pw"
BOOT_TIMEOUT = 60  # seconds
# The Django test client's host: where the provider sends the browser back.
RP = "http://testserver"
CALLBACK = f"{RP}/oidc/callback/"
AFTER_LOGOUT = f"{RP}/log-ind/"


@dataclass
class Provider:
    url: str
    process: Process

    @property
    def issuer(self) -> str:
        return f"{self.url}/openid"

    def endpoint(self, name: str) -> str:
        return f"{self.issuer}/{name}"


def start_provider(tmp_path) -> Provider:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {
        "DJANGO_SETTINGS_MODULE": "tests.oidc_provider.settings",
        "OIDC_PROVIDER_DATA": str(tmp_path),
        "OIDC_PROVIDER_URL": url,
        "PYTHONUNBUFFERED": "1",
        "PATH": "/usr/bin:/bin",
    }
    setup = Process(
        [
            sys.executable,
            "-m",
            "tests.oidc_provider.setup",
            CLIENT_ID,
            CLIENT_SECRET,
            CALLBACK,
            AFTER_LOGOUT,
            PASSWORD,
        ],
        tmp_path / "setup.log",
        env,
    ).start()
    if setup.proc.wait(timeout=BOOT_TIMEOUT) != 0:
        raise AssertionError("the identity provider's setup failed\n" + setup.log_tail())
    server = Process(
        [sys.executable, "-m", "django", "runserver", f"127.0.0.1:{port}", "--noreload"],
        tmp_path / "provider.log",
        env,
    )
    server.label = "identity provider"
    server.start()
    provider = Provider(url, server)
    deadline = time.monotonic() + BOOT_TIMEOUT
    while True:
        server.fail_if_dead("the identity provider to answer")
        try:
            if requests.get(provider.endpoint(".well-known/openid-configuration"), timeout=2).ok:
                return provider
        except requests.ConnectionError:
            pass
        if time.monotonic() > deadline:
            server.kill()
            raise AssertionError("the identity provider did not answer\n" + server.log_tail())
        time.sleep(0.2)
