"""A project's competence plans as plain data, for the dialogue pack (issue
8, item 7): `competence_plan_summary` returns per employee group the gaps
(competences where the needed level is above the current), the principles'
verdicts with their justification, and the planned activities. Five
queries whatever the number of plans."""

from django.db.models import Prefetch

from method.vocabulary import competence, competence_label

from .models import Activity, CompetencePlan


def plans_of(project):
    """The project's plans with their lines, checks and activities (four queries)."""
    return CompetencePlan.objects.filter(project=project).prefetch_related(
        "lines",
        "principles",
        Prefetch("activities", queryset=Activity.objects.select_related("owner")),
    )


def competence_plan_summary(project) -> list[dict]:
    return [_plan(plan) for plan in plans_of(project)]


def _plan(plan: CompetencePlan) -> dict:
    lines = list(plan.lines.all())
    return {
        "id": plan.pk,
        "group": plan.group,
        "assessed": sum(1 for line in lines if line.needed),
        "gaps": [
            {
                "competence": line.competence,
                "label": str(competence(line.competence).label),
                "area": str(competence(line.competence).area.label),
                "needed": line.needed_rank,
                "needed_label": competence_label(line.needed_rank),
                "current": line.current_rank,
                "current_label": competence_label(line.current_rank),
                "gap": line.gap,
            }
            for line in lines
            if line.gap
        ],
        "principles": [
            {
                "principle": check.principle,
                "label": check.get_principle_display(),
                "meets": check.meets,
                "meets_label": check.get_meets_display() if check.meets else "",
                "justification": check.justification,
            }
            for check in plan.principles.all()
        ],
        "activities": [
            {
                "what": activity.what,
                "form": activity.get_form_display(),
                "timing": activity.timing,
                "hours": f"{activity.hours.normalize():f}",
                "owner": str(activity.owner),
            }
            for activity in plan.activities.all()
        ],
    }
