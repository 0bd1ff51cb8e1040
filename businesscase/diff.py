"""What changed between two revisions of a business case, field by field:
read from the revisions' snapshots (`services.snapshot`), so every revision
ever saved can be compared with any other. The page words it in Danish."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from .models import Benefit, BenefitKind, BusinessCase
from .numbers import format_danish

CASE_LABELS = {
    "task": BusinessCase._meta.get_field("task").verbose_name,
    "efforts": BusinessCase._meta.get_field("efforts").verbose_name,
    "costs_one_off": BusinessCase._meta.get_field("costs_one_off").verbose_name,
    "costs_yearly": BusinessCase._meta.get_field("costs_yearly").verbose_name,
    "governance": BusinessCase._meta.get_field("governance").verbose_name,
}
BENEFIT_LABELS = {
    name: Benefit._meta.get_field(name).verbose_name
    for name in ("title", "kind", "measure", "unit", "baseline", "target", "due_on", "owner")
}
AMOUNTS = {"costs_one_off", "costs_yearly", "baseline", "target"}
MITIGATION = _("afbødning")


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: str
    new: str


@dataclass
class ItemChange:
    """A benefit or a side effect: added, removed or changed (with its fields)."""

    state: str  # "added", "removed", "changed"
    title: str
    fields: list[FieldChange] = field(default_factory=list)


@dataclass
class CaseDiff:
    fields: list[FieldChange]
    benefits: list[ItemChange]
    side_effects: list[ItemChange]

    @property
    def is_empty(self) -> bool:
        return not (self.fields or self.benefits or self.side_effects)


def diff_snapshots(old: dict, new: dict) -> CaseDiff:
    return CaseDiff(
        fields=_field_changes(old, new, CASE_LABELS),
        benefits=_benefit_changes(old.get("benefits", []), new.get("benefits", [])),
        side_effects=_side_effect_changes(old.get("side_effects", []), new.get("side_effects", [])),
    )


def _shown(name: str, value) -> str:
    """A stored value as the page shows it: amounts the Danish way, a kind by its label."""
    if name in AMOUNTS:
        return format_danish(Decimal(value)) if value else ""
    if name == "kind" and value in BenefitKind.values:
        return str(BenefitKind(value).label)
    return "" if value is None else str(value)


def _field_changes(old: dict, new: dict, labels: dict) -> list[FieldChange]:
    return [
        FieldChange(str(label), _shown(name, old.get(name, "")), _shown(name, new.get(name, "")))
        for name, label in labels.items()
        if old.get(name, "") != new.get(name, "")
        or (name == "owner" and old.get("owner_id") != new.get("owner_id"))
    ]


def _benefit_changes(old: list[dict], new: list[dict]) -> list[ItemChange]:
    before = {b["id"]: b for b in old}
    after_ids = {b["id"] for b in new}
    changes = [ItemChange("added", b["title"]) for b in new if b["id"] not in before]
    for benefit in new:
        earlier = before.get(benefit["id"])
        if earlier is not None:
            fields = _field_changes(earlier, benefit, BENEFIT_LABELS)
            if fields:
                changes.append(ItemChange("changed", benefit["title"], fields))
    changes += [ItemChange("removed", b["title"]) for b in old if b["id"] not in after_ids]
    return changes


def _side_effect_changes(old: list[dict], new: list[dict]) -> list[ItemChange]:
    """Side effects are known by their text: one whose mitigation changed is
    changed; one whose text changed was removed and another added."""
    before = {e["effect"]: e for e in old}
    after = {e["effect"]: e for e in new}
    changes = [ItemChange("added", e["effect"]) for e in new if e["effect"] not in before]
    for effect in new:
        earlier = before.get(effect["effect"])
        if earlier is not None and earlier["mitigation"] != effect["mitigation"]:
            changes.append(
                ItemChange(
                    "changed",
                    effect["effect"],
                    [FieldChange(str(MITIGATION), earlier["mitigation"], effect["mitigation"])],
                )
            )
    changes += [ItemChange("removed", e["effect"]) for e in old if e["effect"] not in after]
    return changes
