from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BusinessCaseConfig(AppConfig):
    name = "businesscase"
    verbose_name = _("Businesscase og gevinstrealisering")
