"""`manage.py check --deploy` reports a deployment without SITE_URL: the
links in its mails would lead nowhere."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def site_url_is_set(app_configs, **kwargs):
    if settings.SITE_URL:
        return []
    return [
        Warning(
            "SITE_URL is not set: the links in e-mails have no address to lead to.",
            hint="Set SITE_URL to the address people open, e.g. https://med.kommune.dk "
            "(docs/deployment.md).",
            id="notifications.W001",
        )
    ]
