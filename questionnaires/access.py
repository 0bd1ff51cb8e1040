"""Who may read and edit question templates.

Everyone in a municipality reads its own templates and the national
standard (`for_user`). A municipality's template admins (HR) edit its
templates; only superusers (the installation's operators) change the
national standard, which every municipality shares; a municipality derives
its own."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from organisations.tenancy import CHANGE, VIEW, check_action, municipality_id_of

from .models import QuestionTemplate, TemplateVersion


def readable_templates(user):
    return QuestionTemplate.objects.for_user(user)


def can_edit_template(user, template: QuestionTemplate) -> bool:
    if template.municipality_id is None:
        return user.is_superuser
    return template.municipality_id == municipality_id_of(user) and (
        user.is_template_admin or user.is_staff
    )


def can_create_templates(user) -> bool:
    return municipality_id_of(user) is not None and (user.is_template_admin or user.is_staff)


def get_version_for_user(user, pk, *, action: str = VIEW) -> TemplateVersion:
    """A version the user may read (else 404); with action="change", one
    whose template the user may change (else 403)."""
    check_action(action, (VIEW, CHANGE))
    version = get_object_or_404(
        TemplateVersion.objects.for_user(user).select_related("template", "template__municipality"),
        pk=pk,
    )
    if action == CHANGE and not can_edit_template(user, version.template):
        raise PermissionDenied
    return version
