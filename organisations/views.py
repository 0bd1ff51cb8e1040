"""A person's own account: the account page, accepting an invitation.
(Password change and reset are Django's own views, in urls.py.)"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from administration.history import Action, Kind, record
from administration.invitations import usable_invitation

LOCAL_BACKEND = "django.contrib.auth.backends.ModelBackend"


@require_GET
@login_required
def account(request):
    return render(request, "registration/account.html")


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
    }
    return render(
        request, "registration/invitation_accept.html", context, status=400 if form.errors else 200
    )
