"""The product's own URLs, read from the URL configuration, so tests that
walk every URL (isolation, hostile input) cover a new URL the day it exists."""

from django.urls import URLPattern, get_resolver

PRODUCT_APPS = ("projects", "assessments", "meetings", "packs", "questionnaires", "attachments")


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
