"""A person's own account: logging in, the account page, their data,
accepting an invitation; and the first-run page of an empty installation.
(Password change and reset are Django's own views, in urls.py.)"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.db import transaction
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from administration.history import Action, Kind, record
from administration.invitations import usable_invitation

from . import personal_data
from .forms import FirstRunForm
from .models import Municipality

LOCAL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def sign_on_url(next_url: str = "") -> str | None:
    """Where "Log ind med single sign-on" goes, if the installation has it."""
    if not settings.OIDC_ENABLED:
        return None
    url = reverse("oidc_authentication_init")
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


class LoginView(auth_views.LoginView):
    """Django's login, with single sign-on beside it; where local accounts
    are switched off, only single sign-on."""

    def post(self, request, *args, **kwargs):
        if not settings.LOCAL_LOGIN_ENABLED:
            raise Http404
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "local_login": settings.LOCAL_LOGIN_ENABLED,
            "sso_login_url": sign_on_url(self.get_redirect_url()),
            "first_run_open": first_run_open(),
        }


def first_run_open() -> bool:
    return settings.FIRST_RUN_ENABLED and not Municipality.objects.exists()


def first_run(request):
    """The first municipality and its administrator, while there is none."""
    if not first_run_open():
        raise Http404
    form = FirstRunForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            municipality = form.municipality()
            municipality.save()
            admin = form.user()
            admin.municipality = municipality
            form.set_password_and_save(admin)
            record(None, municipality, Kind.MUNICIPALITY, municipality, Action.CREATED)
            record(None, municipality, Kind.USER, admin, Action.CREATED)
        login(request, admin, backend=LOCAL_BACKEND)
        messages.success(request, _("Kommunen er oprettet. Begynd med MED-strukturen."))
        return redirect("admin_overview")
    status = 400 if form.errors else 200
    return render(request, "registration/first_run.html", {"form": form}, status=status)


@require_GET
def sso_refused(request):
    return render(request, "registration/sso_refused.html", status=403)


@require_GET
@login_required
def personal_data_export(request):
    """Everything the workbench keeps about the person, as a JSON file."""
    response = JsonResponse(
        personal_data.export(request.user), json_dumps_params={"ensure_ascii": False, "indent": 2}
    )
    response["Content-Disposition"] = 'attachment; filename="mine-data.json"'
    return response


@require_GET
@login_required
def account(request):
    return render(
        request, "registration/account.html", {"local_login": settings.LOCAL_LOGIN_ENABLED}
    )


def invitation_accept(request, token):
    invitation = usable_invitation(token) if len(token) <= 100 else None
    if invitation is None:
        return render(request, "registration/invitation_invalid.html", status=404)
    person = invitation.user
    form = SetPasswordForm(person, request.POST or None)
    if request.method == "POST" and settings.LOCAL_LOGIN_ENABLED and form.is_valid():
        with transaction.atomic():
            form.save()
            invitation.used_at = timezone.now()
            invitation.save(update_fields=["used_at"])
            record(person, person.municipality, Kind.USER, person, Action.JOINED)
        login(request, person, backend=LOCAL_BACKEND)
        messages.success(request, _("Velkommen til MED-arbejdsbordet."))
        return redirect("dashboard")
    context = {
        "form": form,
        "person": person,
        "token": token,
        "local_login": settings.LOCAL_LOGIN_ENABLED,
        "sso_login_url": sign_on_url(),
    }
    return render(
        request, "registration/invitation_accept.html", context, status=400 if form.errors else 200
    )
