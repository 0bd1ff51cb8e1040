from functools import wraps

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import Http404
from django.urls import path
from django.views.generic import TemplateView

from . import views


def local_accounts(view):
    """Password pages exist only where local accounts are on."""

    @wraps(view)
    def guarded(request, *args, **kwargs):
        if not settings.LOCAL_LOGIN_ENABLED:
            raise Http404
        return view(request, *args, **kwargs)

    return guarded


urlpatterns = [
    # Public, like the law wants it: linked from every page's footer.
    path(
        "tilgaengelighed/",
        TemplateView.as_view(template_name="accessibility_statement.html"),
        name="accessibility_statement",
    ),
    path("kom-i-gang/", views.first_run, name="first_run"),
    path("log-ind/afvist/", views.sso_refused, name="sso_refused"),
    path("konto/", views.account, name="account"),
    path("konto/mine-data/", views.personal_data_export, name="personal_data_export"),
    path(
        "konto/adgangskode/",
        local_accounts(
            auth_views.PasswordChangeView.as_view(template_name="registration/password_change.html")
        ),
        name="password_change",
    ),
    path(
        "konto/adgangskode/skiftet/",
        local_accounts(
            auth_views.PasswordChangeDoneView.as_view(
                template_name="registration/password_change_done.html"
            )
        ),
        name="password_change_done",
    ),
    # Django's reset: the same answer whether or not the address is anyone's;
    # only active users with a password of their own get a mail.
    path(
        "konto/glemt-adgangskode/",
        local_accounts(
            auth_views.PasswordResetView.as_view(
                template_name="registration/password_reset.html",
                email_template_name="registration/password_reset_email.txt",
                subject_template_name="registration/password_reset_subject.txt",
            )
        ),
        name="password_reset",
    ),
    path(
        "konto/glemt-adgangskode/sendt/",
        local_accounts(
            auth_views.PasswordResetDoneView.as_view(
                template_name="registration/password_reset_sent.html"
            )
        ),
        name="password_reset_done",
    ),
    path(
        "konto/ny-adgangskode/<uidb64>/<token>/",
        local_accounts(
            auth_views.PasswordResetConfirmView.as_view(
                template_name="registration/password_reset_confirm.html"
            )
        ),
        name="password_reset_confirm",
    ),
    path(
        "konto/ny-adgangskode/gemt/",
        local_accounts(
            auth_views.PasswordResetCompleteView.as_view(
                template_name="registration/password_reset_complete.html"
            )
        ),
        name="password_reset_complete",
    ),
    path("konto/invitation/<str:token>/", views.invitation_accept, name="invitation_accept"),
]
