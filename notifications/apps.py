from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("E-mails")

    def ready(self):
        # Listens for what the other apps announce (material sent out, a
        # pack made, a comment written): notifications/receivers.py.
        from . import checks, receivers  # noqa: F401
