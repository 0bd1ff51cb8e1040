from django.apps import AppConfig


class WorkbenchConfig(AppConfig):
    """The project package as an app: it holds no models, only the wiring
    that has to happen once at start-up."""

    name = "workbench"
    verbose_name = "MED-arbejdsbordet"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .security import start_session_clock

        user_logged_in.connect(start_session_clock, dispatch_uid="workbench.session_clock")
