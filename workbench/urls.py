from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import health, reauth

urlpatterns = [
    path("", include("projects.urls")),
    path("vurderinger/", include("assessments.urls")),
    path("moeder/", include("meetings.urls")),
    path("moedemateriale/", include("packs.urls")),
    path("bilag/", include("attachments.urls")),
    path("skabeloner/", include("questionnaires.urls")),
    path("log-ind/", auth_views.LoginView.as_view(), name="login"),
    path("log-ud/", auth_views.LogoutView.as_view(), name="logout"),
    path("bekraeft-adgangskode/", reauth.confirm_password, name="password_confirm"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("sundhed/", health.health, name="health"),
    path("sundhed/klar/", health.ready, name="health_ready"),
    path("admin/", admin.site.urls),
]
