"""The security baseline with production settings (DEBUG off, a real
SECRET_KEY, ALLOWED_HOSTS): `check --deploy` is clean, and a separate
process with those settings answers with HSTS, the HTTPS redirect, secure
cookies, the security headers, and static files with their long cache."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from .factories import PASSWORD, make_user
from .services import unavailable
from .test_security_headers import assert_security_headers, cache_directives

ROOT = Path(__file__).resolve().parents[1]
HOST = "medarbejdsbord.fjordby.dk"
YEAR = 365 * 24 * 3600
# The probe needs the test database to exist (pytest-django creates it only
# when some test collected asks for it).
pytestmark = pytest.mark.django_db


def production_env(**overrides):
    inherited = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DEBUG", "SECRET_KEY", "DATABASE_URL", "REDIS_URL", "SECURE_"))
    }
    return {
        **inherited,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": HOST,
        "SITE_URL": f"https://{HOST}",
        **overrides,
    }


def check_deploy(**overrides):
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_env(**overrides),
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_settings():
    result = check_deploy()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (1 silenced)." in result.stdout


def test_turning_the_https_redirect_off_without_a_proxy_header_is_reported():
    result = check_deploy(SECURE_SSL_REDIRECT="0")
    assert result.returncode != 0
    assert "security.W008" in result.stdout + result.stderr


def test_a_deployment_without_site_url_is_reported():
    result = check_deploy(SITE_URL="")
    assert result.returncode != 0
    assert "notifications.W001" in result.stdout + result.stderr


def test_behind_a_tls_proxy_the_redirect_may_be_left_to_the_proxy():
    result = check_deploy(SECURE_SSL_REDIRECT="0", SECURE_PROXY_SSL_HEADER="X-Forwarded-Proto")
    assert result.returncode == 0, result.stdout + result.stderr


# Run in a process of its own with production settings, against the test
# database. collectstatic writes the same manifest and hashed names as in
# the image; only the compressed copies (.gz/.br) are skipped, which have no
# bearing on the headers and take half a minute to make.
PROBE = """
import json, sys
import django
django.setup()
from django.conf import settings
from django.core.management import call_command
from django.templatetags.static import static
from django.test import Client, override_settings

username, password, host = sys.argv[1:4]
manifest = {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"}
with override_settings(STORAGES={**settings.STORAGES, "staticfiles": manifest}):
    call_command("collectstatic", interactive=False, verbosity=0)
    client = Client(HTTP_HOST=host)

    def seen(response):
        cookies = {
            name: {"secure": bool(c["secure"]), "httponly": bool(c["httponly"]),
                   "samesite": c["samesite"]}
            for name, c in response.cookies.items()
        }
        return {"status": response.status_code, "headers": dict(response.headers),
                "cookies": cookies}

    result = {
        "plain_http": seen(client.get("/log-ind/")),
        "login_page": seen(client.get("/log-ind/", secure=True)),
        "login": seen(client.post("/log-ind/", {"username": username, "password": password},
                                  secure=True)),
        "dashboard": seen(client.get("/", secure=True)),
        "static": seen(client.get(static("css/workbench.css"), secure=True)),
        "static_url": static("css/workbench.css"),
    }
print(json.dumps(result))
"""


def database_url():
    db = settings.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.postgresql":
        unavailable("the production-mode probe shares the test database: set DATABASE_URL")
    return f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


@pytest.fixture(scope="module")
def production(django_db_blocker, tmp_path_factory, municipality_for_probe):
    user, url = municipality_for_probe
    static_root = tmp_path_factory.mktemp("static")
    result = subprocess.run(
        [sys.executable, "-c", PROBE, user, PASSWORD, HOST],
        cwd=ROOT,
        env=production_env(DATABASE_URL=url, STATIC_ROOT=str(static_root), PYTHONPATH=str(ROOT)),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def municipality_for_probe(django_db_setup, django_db_blocker):
    """A user committed to the test database, so the other process sees it."""
    from axes.models import AccessLog
    from django.contrib.sessions.models import Session

    from organisations.models import Municipality, User

    with django_db_blocker.unblock():
        place = Municipality.objects.create(name="Prøvekøbing Kommune", code="999")
        user = make_user("produktion", place)
        yield user.username, database_url()
        # What the other process left behind: its session and access log.
        Session.objects.all().delete()
        AccessLog.objects.filter(username=user.username).delete()
        User.objects.filter(pk=user.pk).delete()
        place.delete()


def test_plain_http_is_redirected_to_https(production):
    seen = production["plain_http"]
    assert seen["status"] == 301
    assert seen["headers"]["Location"] == f"https://{HOST}/log-ind/"


def test_https_pages_carry_hsts_for_a_year_with_subdomains_and_no_preload(production):
    for page in ("login_page", "dashboard"):
        hsts = production[page]["headers"]["Strict-Transport-Security"]
        assert hsts == f"max-age={YEAR}; includeSubDomains", page


def test_production_pages_carry_the_security_headers(production):
    assert production["login_page"]["status"] == 200
    assert production["dashboard"]["status"] == 200
    assert_security_headers(production["login_page"]["headers"])
    assert_security_headers(production["dashboard"]["headers"])
    assert {"private", "no-store"} <= cache_directives(production["dashboard"]["headers"])


def test_cookies_are_secure_httponly_and_same_site(production):
    session = production["login"]["cookies"][settings.SESSION_COOKIE_NAME]
    assert production["login"]["status"] == 302
    assert session == {"secure": True, "httponly": True, "samesite": "Lax"}
    csrf = production["login_page"]["cookies"][settings.CSRF_COOKIE_NAME]
    assert csrf["secure"] and csrf["samesite"] == "Lax"


def test_static_files_keep_their_long_cache_for_a_logged_in_user(production):
    seen = production["static"]
    assert seen["status"] == 200
    assert production["static_url"] != "/static/css/workbench.css"  # a hashed name
    cache = cache_directives(seen["headers"])
    assert {"public", "immutable", "max-age=315360000"} <= cache
    assert not cache & {"private", "no-store"}
