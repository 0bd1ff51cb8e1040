"""Who may read and edit question templates.

Everyone in a municipality reads its own templates and the national
standard. A municipality's template admins (HR) edit its templates; only
staff edit the national standard."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404

from .models import QuestionTemplate, TemplateVersion


def readable_templates(user):
    if not user.is_authenticated or user.municipality_id is None:
        return QuestionTemplate.objects.none()
    return QuestionTemplate.objects.filter(
        Q(municipality_id=user.municipality_id) | Q(municipality__isnull=True)
    )


def can_edit_template(user, template: QuestionTemplate) -> bool:
    if template.municipality_id is None:
        return user.is_staff
    return template.municipality_id == user.municipality_id and (
        user.is_template_admin or user.is_staff
    )


def can_create_templates(user) -> bool:
    return (
        user.is_authenticated
        and user.municipality_id is not None
        and (user.is_template_admin or user.is_staff)
    )


def get_version_for_user(user, pk, *, edit: bool = False) -> TemplateVersion:
    """A version the user may read (else 404); with `edit`, one whose
    template the user may change (else 403)."""
    version = get_object_or_404(
        TemplateVersion.objects.filter(template__in=readable_templates(user)).select_related(
            "template", "template__municipality"
        ),
        pk=pk,
    )
    if edit and not can_edit_template(user, version.template):
        raise PermissionDenied
    return version
