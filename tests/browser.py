"""One Chromium for the whole test session (Playwright on Debian's
/usr/bin/chromium, no browser downloads), shared by every browser test
module through tests/conftest.py; each test opens a context of its own
against pytest-django's one live server."""

from pathlib import Path

import pytest
from django.db import connections as db_connections

from .services import unavailable

try:
    from playwright.sync_api import expect, sync_playwright
except ImportError:  # pragma: no cover - reported by the browser fixture
    expect = sync_playwright = None

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
# htmx waits 1200 ms after the last keystroke; leave room for a slow machine.
SAVE_TIMEOUT_MS = 10_000


@pytest.fixture(scope="session")
def browser():
    if sync_playwright is None:
        unavailable("playwright is not installed: pip install playwright")
    if not CHROMIUM.exists():
        unavailable(f"{CHROMIUM} is missing: apt-get install chromium")
    # Playwright's sync API keeps an asyncio loop running in this thread for as
    # long as the browser lives; Django would otherwise refuse the ORM calls
    # made by the tests, the fixtures and the database flush between tests.
    with pytest.MonkeyPatch.context() as env, sync_playwright() as p:
        env.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        expect.set_options(timeout=SAVE_TIMEOUT_MS)
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield chromium
        chromium.close()
        # The database connections opened in Playwright's context would be
        # orphaned once it ends (and keep e.g. PostgreSQL from dropping the
        # test database); close them while they are still reachable.
        db_connections.close_all()
