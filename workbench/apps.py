from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class WorkbenchConfig(AppConfig):
    """The project package as an app: it holds no models, only the wiring
    that has to happen once at start-up."""

    default = True
    name = "workbench"
    verbose_name = "MED-arbejdsbordet"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .security import start_session_clock

        user_logged_in.connect(start_session_clock, dispatch_uid="workbench.session_clock")


class OperatorsAdminConfig(admin_apps.AdminConfig):
    """Django admin, for superusers only (workbench/admin_site.py)."""

    default = False
    default_site = "workbench.admin_site.OperatorsAdminSite"
