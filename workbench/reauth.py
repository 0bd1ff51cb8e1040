"""Re-authentication before sensitive actions: publishing or retiring a
template version, importing a template, approving minutes. Each such view
carries @password_confirmation_required; the password must have been typed
within PASSWORD_CONFIRMATION_TIMEOUT seconds (at login, or on the
confirmation page here), so a session left open on a shared PC cannot be
used for them.

The password is checked through authenticate(), so wrong guesses here count
towards the login throttling like any other (django-axes). Where the
installation has single sign-on, a fresh login at the identity provider
counts the same.
"""

from functools import wraps

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .security import PASSWORD_CONFIRMED_AT, htmx_redirect, now, return_url, safe_url

MAX_URL_LENGTH = 2000


def password_confirmed_recently(request) -> bool:
    confirmed_at = request.session.get(PASSWORD_CONFIRMED_AT)
    return (
        confirmed_at is not None and now() - confirmed_at <= settings.PASSWORD_CONFIRMATION_TIMEOUT
    )


def password_confirmation_required(view):
    """Put below @login_required. Without a recent password, the user is sent
    to the confirmation page and from there back to the page they came from
    (the action itself if it was a page, the page with the form if it was a
    form post), to do it again."""

    @wraps(view)
    def guarded(request, *args, **kwargs):
        if password_confirmed_recently(request):
            return view(request, *args, **kwargs)
        back = return_url(request)
        url = reverse("password_confirm") + (f"?{urlencode({'next': back})}" if back else "")
        if request.headers.get("HX-Request") == "true":
            return htmx_redirect(url)
        return redirect(url)

    return guarded


class ReturnForm(forms.Form):
    """Where to go afterwards: only a page on this site, else the dashboard."""

    next = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, request, *args, **kwargs):
        self.request = request
        super().__init__(*args, **kwargs)

    def clean_next(self):
        # Anything else is dropped, not refused: the password still counts.
        url = self.cleaned_data["next"]
        return (len(url) <= MAX_URL_LENGTH and safe_url(self.request, url)) or ""

    def destination(self) -> str:
        return (self.is_valid() and self.cleaned_data["next"]) or reverse(
            settings.LOGIN_REDIRECT_URL
        )


class PasswordConfirmForm(ReturnForm):
    password = forms.CharField(
        label=gettext_lazy("Adgangskode"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "autofocus": True}),
    )

    def clean_password(self):
        password = self.cleaned_data["password"]
        user = authenticate(
            self.request, username=self.request.user.get_username(), password=password
        )
        if user is None or user.pk != self.request.user.pk:
            raise forms.ValidationError(_("Adgangskoden er forkert. Prøv igen."))
        return password


@login_required
def confirm_password(request):
    if request.method != "POST":
        back = ReturnForm(request, request.GET)
        form = PasswordConfirmForm(request, initial={"next": back.destination()})
        return _confirm_page(request, form)
    form = PasswordConfirmForm(request, request.POST)
    if not form.is_valid():
        return _confirm_page(request, form, status=400)
    request.session[PASSWORD_CONFIRMED_AT] = now()
    messages.success(request, _("Din adgangskode er bekræftet. Du kan nu fortsætte."))
    return redirect(form.destination())


def _confirm_page(request, form, status=200):
    minutes = settings.PASSWORD_CONFIRMATION_TIMEOUT // 60
    context = {
        "form": form,
        "confirm_minutes": minutes,
        "has_password": request.user.has_usable_password() and settings.LOCAL_LOGIN_ENABLED,
        "sso_confirm_url": _sso_confirm_url(ReturnForm(request, request.GET).destination()),
    }
    return render(request, "registration/password_confirm.html", context, status=status)


def _sso_confirm_url(back: str) -> str | None:
    """A fresh login at the identity provider confirms like the password
    (organisations/oidc.py), where the installation has single sign-on."""
    if not settings.OIDC_ENABLED:
        return None
    query = urlencode({"bekraeft": "1", "next": back})
    return f"{reverse('oidc_authentication_init')}?{query}"
