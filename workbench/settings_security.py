"""The security settings: HTTPS, response headers, the Content-Security-Policy,
cookies, session lifetimes and login throttling (what each guarantees, and
the test showing it: docs/security.md). Part of the one settings module:
`workbench/settings.py` imports every name from here by name; read them
through `django.conf.settings`, never from this module directly."""

import importlib.util
import os
from datetime import timedelta

from django.core.exceptions import ImproperlyConfigured

# Defined in workbench/settings.py before it imports this module.
from .settings import DEBUG, env_bool, env_int, env_list

# HTTPS. In production every plain-HTTP request is redirected and browsers are
# told (HSTS) to use HTTPS only, for a year. Behind a proxy that terminates TLS,
# set SECURE_PROXY_SSL_HEADER to the header it sets (e.g. X-Forwarded-Proto);
# the redirect may then be turned off (the proxy redirects), see below.
# Unset, it is None: Django's own default.
_proxy_ssl_header = os.environ.get("SECURE_PROXY_SSL_HEADER", "").strip()
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_" + _proxy_ssl_header.upper().replace("-", "_"), "https") if _proxy_ssl_header else None
)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = 0 if DEBUG else env_int("SECURE_HSTS_SECONDS", 365 * 24 * 3600)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Browser features no page of the workbench uses; all refused
# (workbench.security.SecurityHeadersMiddleware writes the header).
PERMISSIONS_POLICY_DENIED = [
    "accelerometer",
    "autoplay",
    "camera",
    "display-capture",
    "encrypted-media",
    "fullscreen",
    "geolocation",
    "gyroscope",
    "hid",
    "magnetometer",
    "microphone",
    "midi",
    "payment",
    "picture-in-picture",
    "publickey-credentials-get",
    "screen-wake-lock",
    "serial",
    "usb",
    "xr-spatial-tracking",
]

# Checks that `manage.py check --deploy` would report, silenced with a reason.
SILENCED_SYSTEM_CHECKS = [
    # W021 asks for SECURE_HSTS_PRELOAD. Preloading puts the whole domain on
    # the browsers' built-in HTTPS list, which is hard to undo; that is the
    # municipality's decision for its domain, so it is off unless set.
    "security.W021",
]
if not SECURE_SSL_REDIRECT and _proxy_ssl_header:
    # W008 asks for SECURE_SSL_REDIRECT. Turned off behind a proxy that
    # terminates TLS and redirects plain HTTP itself; the app still knows a
    # request came over HTTPS from SECURE_PROXY_SSL_HEADER. Without that
    # header, turning the redirect off leaves the warning in place.
    SILENCED_SYSTEM_CHECKS.append("security.W008")

# Content-Security-Policy (django-csp 4): our own scripts, styles, images and
# fonts only; no inline script or style, no eval (htmx runs with
# allowEval=false, see templates/base.html), no framing, forms post only to us.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

# Cookies: never readable by scripts (the session), sent only over HTTPS in
# production, not on cross-site requests.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)

# Sessions end after SESSION_IDLE_TIMEOUT seconds without a request and
# SESSION_ABSOLUTE_TIMEOUT seconds after logging in, whichever comes first
# (workbench.security.SessionTimeoutMiddleware); the cookie itself lives no
# longer than the absolute limit and not past closing the browser.
SESSION_IDLE_TIMEOUT = env_int("SESSION_IDLE_TIMEOUT", 30 * 60)
SESSION_ABSOLUTE_TIMEOUT = env_int("SESSION_ABSOLUTE_TIMEOUT", 12 * 3600)
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_TIMEOUT
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# Publishing or retiring a template version, importing a template and
# approving minutes need the password typed within this many seconds
# (at login or on the confirmation page, workbench/reauth.py).
PASSWORD_CONFIRMATION_TIMEOUT = env_int("PASSWORD_CONFIRMATION_TIMEOUT", 10 * 60)

# Login throttling (django-axes 8) on /log-ind/, /admin/login/ and the
# password confirmation: after AXES_FAILURE_LIMIT wrong passwords for one
# username from one address, that pair is refused for AXES_COOLOFF_TIME; a
# wrong password during the lock starts the cool-off again. Unknown usernames
# count exactly like known ones, so the answers cannot tell them apart.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "workbench.security.lockout_response"
# A single sign-on callback carries no username or password: the identity
# provider throttles its own logins, and axes would otherwise count refused
# sign-ons from one address together and lock them all out.
AXES_WHITELIST_CALLABLE = "workbench.security.is_single_sign_on"
AXES_HTTP_RESPONSE_CODE = 429
# The client address is REMOTE_ADDR; X-Forwarded-For and the like are ignored,
# since a client can send them. Behind a reverse proxy REMOTE_ADDR is the
# proxy's, so every user would share one address: install django-axes[ipware]
# and set AXES_IPWARE_PROXY_COUNT and AXES_IPWARE_META_PRECEDENCE_ORDER as the
# django-axes documentation describes (docs/security.md, "Behind a reverse proxy").
AXES_IPWARE_META_PRECEDENCE_ORDER = env_list("AXES_IPWARE_META_PRECEDENCE_ORDER", "REMOTE_ADDR")
# Unset, it is None: django-axes' own default (no proxy in front).
AXES_IPWARE_PROXY_COUNT = (
    env_int("AXES_IPWARE_PROXY_COUNT", 0) if "AXES_IPWARE_PROXY_COUNT" in os.environ else None
)
_axes_behind_proxy = (
    AXES_IPWARE_META_PRECEDENCE_ORDER != ["REMOTE_ADDR"] or "AXES_IPWARE_PROXY_COUNT" in os.environ
)
if _axes_behind_proxy and importlib.util.find_spec("ipware") is None:
    # Without django-ipware, django-axes ignores these settings silently.
    raise ImproperlyConfigured(
        "AXES_IPWARE_* is set, but django-ipware is not installed: "
        "pip install 'django-axes[ipware]'."
    )
