"""The product's own URLs, read from the URL configuration, so tests that
walk every URL (isolation, hostile input) cover a new URL the day it exists."""

from django.urls import URLPattern, get_resolver

PRODUCT_APPS = (
    "projects",
    "assessments",
    "meetings",
    "packs",
    "questionnaires",
    "pulse",
    "administration",
    "organisations",
    "businesscase",
    "competences",
    "actions",
    "attachments",
    "notifications",
)
# Reached by a link without an account, by design: the medarbejderpuls link
# (docs/security.md), an invitation and a password reset link (the key is the
# link itself, as the e-mail's reader holds it). Tested for what they show
# instead of for a 404.
PUBLIC_URLS = {"survey", "invitation_accept", "password_reset_confirm"}


def product_urls(apps=PRODUCT_APPS) -> list[tuple[str, str, set[str]]]:
    """(app, URL name, names of its parameters) for every URL of `apps`."""
    found = []
    for entry in get_resolver().url_patterns:
        module = getattr(entry, "urlconf_name", None)
        app = getattr(module, "__name__", "").split(".")[0]
        if app not in apps:
            continue
        for pattern in entry.url_patterns:
            if isinstance(pattern, URLPattern):
                found.append((app, pattern.name, set(pattern.pattern.converters)))
    return found
