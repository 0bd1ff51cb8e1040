from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActionsConfig(AppConfig):
    """The follow-up overview, its CSV export and follow-ups added outside
    a meeting. The model is `meetings.followups.Action`; who sees and changes
    one is `meetings.access`."""

    name = "actions"
    verbose_name = _("Opfølgning")
