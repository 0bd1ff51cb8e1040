from django.contrib import admin
from django.urls import include, path

from organisations import oidc
from organisations.views import LoginView

from . import health, reauth

urlpatterns = [
    path("", include("projects.urls")),
    path("vurderinger/", include("assessments.urls")),
    path("businesscase/", include("businesscase.urls")),
    path("kompetencer/", include("competences.urls")),
    path("moeder/", include("meetings.urls")),
    path("opfoelgning/", include("actions.urls")),
    path("moedemateriale/", include("packs.urls")),
    path("bilag/", include("attachments.urls")),
    path("skabeloner/", include("questionnaires.urls")),
    path("medarbejderpuls/", include("pulse.urls")),
    path("administration/", include("administration.urls")),
    path("konto/e-mails/", include("notifications.urls")),
    path("", include("organisations.urls")),
    path("log-ind/", LoginView.as_view(), name="login"),
    path("log-ud/", oidc.LogoutView.as_view(), name="logout"),
    # Single sign-on (OpenID Connect): 404 unless OIDC_OP_ISSUER is set.
    path("oidc/log-ind/", oidc.SignOnView.as_view(), name="oidc_authentication_init"),
    path("oidc/callback/", oidc.CallbackView.as_view(), name="oidc_authentication_callback"),
    path("bekraeft-adgangskode/", reauth.confirm_password, name="password_confirm"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("sundhed/", health.health, name="health"),
    path("sundhed/klar/", health.ready, name="health_ready"),
    path("admin/", admin.site.urls),
]
