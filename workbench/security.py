"""The security baseline in one place: session timeouts, the headers every
response carries, where to send someone back to after logging in or
confirming the password, and the lockout page of the login throttling.

What each part guarantees, and the test showing it: docs/security.md.
"""

import time
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render, resolve_url
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

# Session keys, in seconds since the epoch (the session is JSON).
LOGGED_IN_AT = "security.logged_in_at"
LAST_SEEN_AT = "security.last_seen_at"
PASSWORD_CONFIRMED_AT = "security.password_confirmed_at"
# Activity is written to the session at most this often, so an autosave every
# few seconds does not also rewrite the session row every few seconds.
ACTIVITY_RESOLUTION = 60


def now() -> float:
    return time.time()


def start_session_clock(sender, request, user, **kwargs):
    """On login (user_logged_in): the absolute and idle clocks start, and the
    password just typed counts as confirmed (workbench/reauth.py)."""
    moment = now()
    request.session[LOGGED_IN_AT] = moment
    request.session[LAST_SEEN_AT] = moment
    request.session[PASSWORD_CONFIRMED_AT] = moment


def session_expiry_reason(session) -> str | None:
    """Why a logged-in session has ended, or None while it is alive. A
    session without clocks (made before they existed) has ended too."""
    logged_in_at = session.get(LOGGED_IN_AT)
    last_seen_at = session.get(LAST_SEEN_AT)
    if logged_in_at is None or last_seen_at is None:
        return _("Du er blevet logget ud. Log ind igen.")
    moment = now()
    if moment - logged_in_at > settings.SESSION_ABSOLUTE_TIMEOUT:
        return _("Du er blevet logget ud, fordi du har været logget ind i %(hours)s timer.") % {
            "hours": settings.SESSION_ABSOLUTE_TIMEOUT // 3600
        }
    if moment - last_seen_at > settings.SESSION_IDLE_TIMEOUT:
        return _(
            "Du er blevet logget ud, fordi du ikke har brugt arbejdsbordet i %(minutes)s minutter."
        ) % {"minutes": settings.SESSION_IDLE_TIMEOUT // 60}
    return None


def safe_url(request, url: str | None) -> str | None:
    """`url` as a path on this site, or None if it leads anywhere else."""
    if not url or not url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return None
    parts = urlsplit(url)
    if not parts.path.startswith("/"):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def return_url(request) -> str | None:
    """The page the user is on: the one to come back to after logging in or
    confirming the password. For a GET it is the request itself; an htmx
    request names its page (HX-Current-URL); a form post comes from the page
    in Referer (sent for our own pages under Referrer-Policy: same-origin)."""
    if request.headers.get("HX-Request") == "true":
        return safe_url(request, request.headers.get("HX-Current-URL"))
    if request.method in ("GET", "HEAD"):
        return request.get_full_path()
    return safe_url(request, request.headers.get("Referer"))


def login_url(back: str | None) -> str:
    url = resolve_url(settings.LOGIN_URL)
    return f"{url}?{urlencode({'next': back})}" if back else url


def htmx_redirect(url: str, response=None):
    """An htmx request cannot follow a redirect to a whole page (it would
    swap the page into a fragment); HX-Redirect makes the browser go there."""
    response = response or HttpResponse(status=204)
    response["HX-Redirect"] = url
    return response


class SessionTimeoutMiddleware:
    """Ends a session SESSION_IDLE_TIMEOUT seconds after its last request or
    SESSION_ABSOLUTE_TIMEOUT seconds after login, with a Danish message on
    the login page. The request then goes on as anonymous, so the page's own
    login_required sends the user to the login page.

    That redirect is rewritten where following it would lose the way back:
    for htmx it becomes 401 with HX-Redirect and a fragment that an autosave
    shows in place instead, so the typed text stays in the field (see
    static/js/workbench.js); after a form post the user comes back to the
    page the form was on, not to the post's address."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            self._check(request)
        response = self.get_response(request)
        is_htmx = request.headers.get("HX-Request") == "true"
        if (is_htmx or request.method not in ("GET", "HEAD")) and _asks_for_login(response):
            url = login_url(return_url(request))
            if not is_htmx:
                return HttpResponseRedirect(url)
            ended = render(request, "registration/_session_ended.html", {"login_url": url})
            ended.status_code = 401
            return htmx_redirect(url, ended)
        return response

    @staticmethod
    def _check(request):
        reason = session_expiry_reason(request.session)
        if reason:
            logout(request)
            messages.info(request, reason)
        elif now() - request.session[LAST_SEEN_AT] >= ACTIVITY_RESOLUTION:
            request.session[LAST_SEEN_AT] = now()


def _asks_for_login(response) -> bool:
    """The redirect login_required answers with: to the login page, with next."""
    if response.status_code != 302:
        return False
    location = urlsplit(response.get("Location", ""))
    return location.path == resolve_url(settings.LOGIN_URL) and "next=" in location.query


def permissions_policy() -> str:
    return ", ".join(f"{feature}=()" for feature in settings.PERMISSIONS_POLICY_DENIED)


class SecurityHeadersMiddleware:
    """Headers Django's SecurityMiddleware does not write: Permissions-Policy
    on every response, and `Cache-Control: private, no-store` on every
    response to a logged-in user, so no shared cache or browser history keeps
    a committee's pages. Static files never reach this middleware in
    production (WhiteNoise answers them first, with their long cache)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = permissions_policy()

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.policy)
        if request.user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        return response


def lockout_response(request, original_response=None, credentials=None):
    """django-axes' answer to a locked-out username and address: a Danish
    page (429) that says when to try again. Every failure during the lock
    starts the cool-off again, so "again" is counted from now."""
    retry_at = timezone.localtime() + settings.AXES_COOLOFF_TIME
    response = render(
        request,
        "registration/locked_out.html",
        {"retry_at": retry_at, "minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )
    response["Retry-After"] = str(int(settings.AXES_COOLOFF_TIME.total_seconds()))
    return response


def is_single_sign_on(request, credentials=None) -> bool:
    """django-axes leaves alone an authentication without a username: the
    single sign-on callback (organisations/oidc.py), whose password, if
    any, was checked by the identity provider."""
    return not (credentials or {}).get("username")
