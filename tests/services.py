"""Helpers for tests that need real parts (a browser, Redis, a worker)."""

import importlib
import os

import pytest
from django.apps import apps as django_apps

from questionnaires.models import TemplateVersion


def unavailable(reason: str):
    """Skip locally; in CI a test that needs a real part fails instead."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI is set, so this fails instead of skipping)", pytrace=False)
    pytest.skip(reason)


def ensure_standard_template():
    """Load the standard template the way its data migration does, if a
    transactional test's flush removed it."""
    if not TemplateVersion.objects.filter(template__municipality__isnull=True).exists():
        migration = importlib.import_module("questionnaires.migrations.0002_standard_template")
        migration.load_standard_template(django_apps, None)
