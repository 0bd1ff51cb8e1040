"""Writes to a business case and its benefits. Every save of the case goes
through `save_business_case`, which keeps a revision and refuses a save
from a form older than the stored case; measurements through
`record_measurement`."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Benefit, BusinessCase, BusinessCaseRevision, Measurement

CASE_FIELDS = ("task", "efforts", "costs_one_off", "costs_yearly", "governance")
BENEFIT_FIELDS = ("title", "kind", "measure", "unit", "baseline", "target", "due_on", "owner")


@dataclass
class CaseSubmission:
    """What the business-case form sent: the case's fields, the side
    effects, the benefits (each with its `id` when it exists already), the
    note for the revision and the revision the form showed."""

    fields: dict
    side_effects: list[dict] = field(default_factory=list)
    benefits: list[dict] = field(default_factory=list)
    note: str = ""
    base_version: int | None = None


class StaleCase(ValidationError):
    """Someone saved the case after this form was loaded."""

    def __init__(self, case: BusinessCase):
        self.case = case
        super().__init__(
            _(
                "Businesscasen er gemt af en anden (revision %(number)s), efter du åbnede den. "
                "Dine ændringer er ikke gemt; åbn den igen og ret på den nye revision."
            ),
            params={"number": case.version},
            code="stale",
        )


def case_of(project) -> BusinessCase:
    """The project's business case; an unsaved, empty one before the first save."""
    return BusinessCase.objects.filter(project=project).first() or BusinessCase(project=project)


def snapshot(case: BusinessCase, benefits) -> dict:
    """The case as plain data (what a revision keeps and the diff compares):
    amounts and dates as text, each benefit by id with its owner's name."""
    return {
        "task": case.task,
        "efforts": case.efforts,
        "side_effects": [dict(effect) for effect in case.side_effects],
        "costs_one_off": as_text(case.costs_one_off),
        "costs_yearly": as_text(case.costs_yearly),
        "governance": case.governance,
        "benefits": [
            {
                "id": benefit.pk,
                **{name: as_text(getattr(benefit, name)) for name in BENEFIT_FIELDS[:-1]},
                "owner": str(benefit.owner),
                "owner_id": benefit.owner_id,
            }
            for benefit in benefits
        ],
    }


def as_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


@transaction.atomic
def save_business_case(project, author, submission: CaseSubmission) -> BusinessCaseRevision | None:
    """Save the case as submitted and keep it as a new revision. A save that
    changes nothing makes no revision (a double submit is harmless) and
    returns None. Benefits left out are marked removed in this revision,
    never deleted: their measurements stay."""
    case, _created = BusinessCase.objects.get_or_create(project_id=project.pk)
    case = BusinessCase.objects.select_for_update().get(pk=case.pk)
    if submission.base_version is not None and submission.base_version != case.version:
        raise StaleCase(case)
    existing = {b.pk: b for b in case.benefits.current()}
    before = case.revisions.values_list("snapshot", flat=True).first()
    for name in CASE_FIELDS:
        setattr(case, name, submission.fields[name])
    case.side_effects = [
        {"effect": e["effect"].strip(), "mitigation": e["mitigation"].strip()}
        for e in submission.side_effects
        if e["effect"].strip()
    ]
    kept = _benefits_as_submitted(case, existing, submission.benefits)
    if not any(b.pk is None for b in kept):
        unchanged = snapshot(case, kept)
        if unchanged == before or before is None and _is_empty(unchanged):
            return None
    case.version += 1
    case.updated_at = timezone.now()
    case.save()
    for benefit in kept:
        benefit.save()
    removed = set(existing) - {b.pk for b in kept}
    Benefit.objects.filter(pk__in=removed).update(removed_in=case.version)
    return BusinessCaseRevision.objects.create(
        case=case,
        number=case.version,
        snapshot=snapshot(case, kept),
        note=submission.note.strip(),
        author=author,
    )


def _benefits_as_submitted(case, existing: dict, submitted: list[dict]) -> list[Benefit]:
    """The case's benefits in the submitted order: known ones changed, new
    ones made (saved with the case)."""
    kept = []
    for order, data in enumerate(submitted, start=1):
        benefit_id = data.get("id")
        if benefit_id is None:
            benefit = Benefit(case=case)
        elif benefit_id in existing:
            benefit = existing[benefit_id]
        else:
            raise ValidationError(_("En gevinst i formularen hører ikke til denne businesscase."))
        for name in BENEFIT_FIELDS:
            setattr(benefit, name, data[name])
        benefit.order = order
        kept.append(benefit)
    return kept


def _is_empty(data: dict) -> bool:
    return not any(value for value in data.values())


def record_measurement(benefit: Benefit, user, *, measured_on, value, note="") -> Measurement:
    """A measurement of a benefit. A removed benefit is no longer measured."""
    if benefit.is_removed:
        raise ValidationError(_("Gevinsten er taget ud af businesscasen og måles ikke længere."))
    if measured_on > timezone.localdate():
        raise ValidationError(_("En måling kan ikke ligge i fremtiden."))
    return Measurement.objects.create(
        benefit=benefit, measured_on=measured_on, value=value, note=note.strip(), recorded_by=user
    )
