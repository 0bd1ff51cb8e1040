"""Writes to competence plans: a new plan starts with a line for each of
the twelve competences and a check for each of the three principles."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from method.vocabulary import COMPETENCE_WHEEL, CompetencePrinciple

from .models import Activity, CompetenceLine, CompetencePlan, PrincipleCheck


@transaction.atomic
def create_plan(project, group: str) -> CompetencePlan:
    group = group.strip()
    try:
        with transaction.atomic():
            plan = CompetencePlan.objects.create(project=project, group=group)
    except IntegrityError:
        raise ValidationError(_("Projektet har allerede en plan for den gruppe.")) from None
    CompetenceLine.objects.bulk_create(
        CompetenceLine(plan=plan, order=number, competence=c.key)
        for number, c in enumerate(COMPETENCE_WHEEL, start=1)
    )
    PrincipleCheck.objects.bulk_create(
        PrincipleCheck(plan=plan, principle=p) for p in CompetencePrinciple.values
    )
    return plan


@transaction.atomic
def save_plan(plan: CompetencePlan, group: str, levels: dict, principles: dict) -> None:
    """`levels`: competence key → (needed, current); `principles`: principle
    → (meets, justification). Keys the plan does not have are refused."""
    lines = {line.competence: line for line in plan.lines.select_for_update()}
    checks = {check.principle: check for check in plan.principles.select_for_update()}
    if not set(levels) <= set(lines) or not set(principles) <= set(checks):
        raise ValidationError(_("Formularen passer ikke til planen. Genindlæs siden."))
    for key, (needed, current) in levels.items():
        line = lines[key]
        if (line.needed, line.current) != (needed, current):
            line.needed, line.current = needed, current
            line.save(update_fields=["needed", "current"])
    for key, (meets, justification) in principles.items():
        check = checks[key]
        check.meets, check.justification = meets, justification.strip()
        check.full_clean(exclude=["plan"])
        check.save(update_fields=["meets", "justification"])
    group = group.strip()
    if group != plan.group:
        if plan.project.competence_plans.filter(group=group).exclude(pk=plan.pk).exists():
            raise ValidationError(_("Projektet har allerede en plan for den gruppe."))
        plan.group = group
    plan.save(update_fields=["group", "updated_at"])


def add_activity(plan: CompetencePlan, **fields) -> Activity:
    return Activity.objects.create(plan=plan, **fields)
