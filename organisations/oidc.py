"""Single sign-on through OpenID Connect (mozilla-django-oidc), configured
per installation by settings (docs/deployment.md, "Single sign-on").

- The identity provider is the one at OIDC_OP_ISSUER: a token another
  issuer signed, or one made for another client, is refused.
- The claim OIDC_MUNICIPALITY_CLAIM holds the user's kommunekode; only the
  municipalities in OIDC_MUNICIPALITY_CODES log in through this provider,
  and only into their own municipality. Anyone else is refused.
- A user is known by "issuer subject" (`User.oidc_subject`), never by
  e-mail alone: the first login creates the user in the claim's
  municipality, or takes over an invited user of that municipality with
  the same e-mail address who has not accepted the invitation yet.
- With OIDC_GROUPS_CLAIM set, each login sets the user's roles from the
  groups named in OIDC_ROLE_GROUPS (changes recorded like an
  administrator's).
"""

import logging

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.core.exceptions import SuspiciousOperation
from django.db import transaction
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from mozilla_django_oidc import views as oidc_views
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from administration.history import Action, Kind, Recorded, record, snapshot
from administration.models import Invitation
from workbench.security import PASSWORD_CONFIRMED_AT, now

from .forms import SignOnForm
from .models import Municipality, User

log = logging.getLogger(__name__)

ROLE_FLAGS = {
    "kommuneadministrator": "is_municipal_admin",
    "projektleder": "is_project_lead",
    "skabelonadministrator": "is_template_admin",
}
CONFIRMING = "oidc.confirming"
NEW_USER_FIELDS = ["username", "first_name", "last_name", "email", *ROLE_FLAGS.values()]


class MunicipalOIDCBackend(OIDCAuthenticationBackend):
    def get_or_create_user(self, access_token, id_token, payload):
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if payload.get("iss") != settings.OIDC_OP_ISSUER:
            raise SuspiciousOperation("the token comes from another issuer")
        if settings.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("the token was made for another client")
        self.id_token_subject = payload.get("sub")
        with transaction.atomic():
            return super().get_or_create_user(access_token, id_token, payload)

    def subject(self, claims) -> str:
        return f"{settings.OIDC_OP_ISSUER} {claims['sub']}"

    def verify_claims(self, claims):
        if not claims.get("sub") or claims["sub"] != self.id_token_subject:
            return False
        if self.municipality_of(claims) is None:
            log.warning(
                "single sign-on refused: municipality %r is not configured",
                claims.get(settings.OIDC_MUNICIPALITY_CLAIM),
            )
            return False
        return True

    def municipality_of(self, claims) -> Municipality | None:
        code = str(claims.get(settings.OIDC_MUNICIPALITY_CLAIM) or "")
        if code not in settings.OIDC_MUNICIPALITY_CODES:
            return None
        return Municipality.objects.filter(code=code).first()

    def filter_users_by_claims(self, claims):
        known = User.objects.filter(oidc_subject=self.subject(claims))
        if known.exists() or not claims.get("email"):
            return known
        # An invited user takes this identity at their first login.
        invited = Invitation.objects.usable().filter(
            user__oidc_subject__isnull=True,
            user__municipality=self.municipality_of(claims),
            user__email__iexact=claims["email"],
        )
        return User.objects.filter(pk__in=invited.values("user_id"))

    def create_user(self, claims):
        municipality = self.municipality_of(claims)
        user = User(
            username=free_username(
                claims.get("email") or claims.get("preferred_username") or claims["sub"]
            ),
            municipality=municipality,
            oidc_subject=self.subject(claims),
        )
        user.set_unusable_password()
        fill_from_claims(user, claims)
        user.save()
        record(
            None,
            municipality,
            Kind.USER,
            user,
            Action.CREATED,
            after=snapshot(user, NEW_USER_FIELDS),
        )
        return user

    def update_user(self, user, claims):
        if user.municipality_id != self.municipality_of(claims).pk:
            raise SuspiciousOperation("the user belongs to another municipality")
        if user.oidc_subject is None:  # an invitation, accepted now
            user.oidc_subject = self.subject(claims)
            user.save(update_fields=["oidc_subject"])
            user.invitations.usable().update(used_at=timezone.now())
            record(user, user.municipality, Kind.USER, user, Action.JOINED)
        with Recorded(None, Kind.USER, user, NEW_USER_FIELDS[1:], Action.CHANGED):
            fill_from_claims(user, claims)
            user.save()
        return user


def fill_from_claims(user, claims) -> None:
    """Name and e-mail as the provider has them; roles from the groups, if
    the installation maps groups to roles."""
    user.first_name = (claims.get("given_name") or user.first_name)[:150]
    user.last_name = (claims.get("family_name") or user.last_name)[:150]
    user.email = (claims.get("email") or user.email)[:254]
    if settings.OIDC_GROUPS_CLAIM:
        groups = set(claims.get(settings.OIDC_GROUPS_CLAIM) or [])
        for role, flag in ROLE_FLAGS.items():
            setattr(user, flag, settings.OIDC_ROLE_GROUPS.get(role, object()) in groups)


def free_username(wanted: str) -> str:
    base = wanted.strip().lower()[:140] or "bruger"
    name, number = base, 1
    while User.objects.filter(username=name).exists():
        number += 1
        name = f"{base}-{number}"
    return name


# -- the views: mozilla-django-oidc's, answering 404 where SSO is off ---------


class SignOnOnly:
    def __init__(self, *args, **kwargs):
        if settings.OIDC_ENABLED:
            super().__init__(*args, **kwargs)

    def dispatch(self, request, *args, **kwargs):
        if not settings.OIDC_ENABLED:
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class SignOnView(SignOnOnly, oidc_views.OIDCAuthenticationRequestView):
    """To the provider. `?bekraeft=1` asks it for a fresh login (prompt=login),
    which stands in for typing the password again (workbench/reauth.py)."""

    def get(self, request):
        form = SignOnForm(request.GET)
        self.confirming = form.is_valid() and form.cleaned_data["bekraeft"]
        request.session[CONFIRMING] = self.confirming
        return super().get(request)

    def get_extra_params(self, request):
        params = dict(super().get_extra_params(request))
        if self.confirming:
            params["prompt"] = "login"
        return params


class CallbackView(SignOnOnly, oidc_views.OIDCAuthenticationCallbackView):
    @property
    def failure_url(self):
        return reverse("sso_refused")

    def login_success(self):
        # A fresh login asked for as confirmation counts as the password
        # typed again, also when the session's user stays the same (and
        # mozilla-django-oidc therefore does not log in anew).
        confirming = self.request.session.pop(CONFIRMING, False)
        response = super().login_success()
        if confirming:
            self.request.session[PASSWORD_CONFIRMED_AT] = now()
        return response


class LogoutView(auth_views.LogoutView):
    """Django's logout; a single sign-on session also ends at the provider,
    where it has an end-session endpoint."""

    def post(self, request, *args, **kwargs):
        at_provider = provider_logout_url(request)
        response = super().post(request, *args, **kwargs)
        if at_provider:
            response["Location"] = at_provider
        return response


def provider_logout_url(request) -> str | None:
    id_token = request.session.get("oidc_id_token")
    if not (settings.OIDC_ENABLED and settings.OIDC_OP_LOGOUT_ENDPOINT and id_token):
        return None
    back = request.build_absolute_uri(reverse(settings.LOGOUT_REDIRECT_URL))
    query = urlencode({"id_token_hint": id_token, "post_logout_redirect_uri": back})
    return f"{settings.OIDC_OP_LOGOUT_ENDPOINT}?{query}"
