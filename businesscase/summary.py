"""The business case and its benefits as plain data, for the pages' charts
and for the dialogue pack (issue 8, item 7): `business_case_summary`
returns what the pack prints about a project's business case, JSON-ready
(texts, amounts and dates as text, labels of choices), in three queries
whatever the number of benefits and measurements."""

from django.db.models import Prefetch

from .charts import benefit_chart
from .diff import diff_snapshots
from .models import Benefit, BusinessCase, Measurement
from .services import as_text


def chart_of(benefit: Benefit, measurements) -> dict:
    return benefit_chart(
        benefit.baseline,
        benefit.target,
        benefit.due_on,
        [(m.measured_on, m.value) for m in measurements],
    )


def business_case_summary(project) -> dict | None:
    """The project's business case as it stands (None before its first
    save): the minimum content, the costs, the latest revision and what it
    changed against the one before, and each current benefit with its
    status, reason and measurements (oldest first).

    Amounts are decimal text ("1250000.5"), dates ISO text; the template
    formats them. Three queries."""
    case = BusinessCase.objects.filter(project=project).first()
    if case is None or case.version == 0:
        return None
    latest, previous = (list(case.revisions.select_related("author")[:2]) + [None])[:2]
    changes = diff_snapshots(previous.snapshot, latest.snapshot) if previous else None
    benefits = (
        case.benefits.current()
        .select_related("owner")
        .prefetch_related(
            Prefetch("measurements", queryset=Measurement.objects.order_by("measured_on", "id"))
        )
    )
    return {
        "revision": latest.number,
        "revised_at": latest.created_at.isoformat(),
        "revised_by": str(latest.author),
        "note": latest.note,
        "changes": _changes(changes),
        "task": case.task,
        "efforts": case.efforts,
        "side_effects": case.side_effects,
        "costs_one_off": as_text(case.costs_one_off),
        "costs_yearly": as_text(case.costs_yearly),
        "governance": case.governance,
        "benefits": [_benefit(b) for b in benefits],
    }


def _benefit(benefit: Benefit) -> dict:
    measurements = list(benefit.measurements.all())
    latest = measurements[-1] if measurements else None
    return {
        "id": benefit.pk,
        "title": benefit.title,
        "kind": benefit.kind,
        "kind_label": benefit.get_kind_display(),
        "measure": benefit.measure,
        "unit": benefit.unit,
        "baseline": as_text(benefit.baseline),
        "target": as_text(benefit.target),
        "due_on": benefit.due_on.isoformat(),
        "owner": str(benefit.owner),
        "status": benefit.status,
        "status_label": benefit.get_status_display(),
        "status_reason": benefit.status_reason,
        "latest_value": as_text(latest.value) if latest else "",
        "latest_on": latest.measured_on.isoformat() if latest else "",
        "measurements": [
            {"on": m.measured_on.isoformat(), "value": as_text(m.value), "note": m.note}
            for m in measurements
        ],
    }


def _changes(diff) -> dict | None:
    """The latest revision's changes: which fields, and benefits and side
    effects added, removed or changed (by title)."""
    if diff is None:
        return None
    return {
        "fields": [change.label for change in diff.fields],
        "benefits": [{"state": c.state, "title": c.title} for c in diff.benefits],
        "side_effects": [{"state": c.state, "title": c.title} for c in diff.side_effects],
    }
