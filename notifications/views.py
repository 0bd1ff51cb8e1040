from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from .forms import MailSettingsForm
from .models import mail_settings_of


@login_required
def notification_settings(request):
    """Each person chooses, per kind of mail, at once / daily digest / never."""
    form = MailSettingsForm(request.POST or None, mail_settings=mail_settings_of(request.user))
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Dine valg for e-mails er gemt."))
        return redirect("notification_settings")
    context = {"form": form, "daily_at": settings.NOTIFICATION_DAILY_AT}
    status = 400 if form.errors else 200
    return render(request, "notifications/settings.html", context, status=status)
