"""How far an assessment has come: answered out of required questions, per
section and per phase. Computed from lists already loaded, so a page pays
a fixed number of queries however many questions and answers there are."""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Q

from questionnaires.models import Question

from .models import Answer


@dataclass(frozen=True)
class Progress:
    answered: int
    required: int

    @property
    def percent(self) -> int:
        return 100 if not self.required else round(100 * self.answered / self.required)

    @property
    def complete(self) -> bool:
        return self.answered >= self.required


def progress_of(questions: list[Question], answered_ids: set[int]) -> Progress:
    required = [q for q in questions if q.required]
    return Progress(sum(1 for q in required if q.id in answered_ids), len(required))


def phase_progress_for_projects(projects) -> dict[int, Progress]:
    """Joint-answer progress in each project's current phase (the joint
    answers given in that phase), keyed by project id. Two queries for any
    number of projects."""
    projects = [p for p in projects if hasattr(p, "assessment")]
    version_ids = {p.assessment.template_version_id for p in projects}
    required_by_version: dict[int, list[tuple[int, list]]] = defaultdict(list)
    for q_id, version_id, phases in Question.objects.filter(
        section__version_id__in=version_ids, required=True
    ).values_list("id", "section__version_id", "phases"):
        required_by_version[version_id].append((q_id, phases))
    # Joint answers given in each project's current phase (only those are
    # read: the earlier phases' answers are most of them in a late phase),
    # asked as one condition per phase rather than one per project: the
    # ORM compiles the filter on every page view.
    assessments_in_phase: dict[str, list[int]] = defaultdict(list)
    for project in projects:
        assessments_in_phase[project.phase].append(project.assessment.id)
    in_current_phase = Q(pk__in=[])
    for phase, assessment_ids in assessments_in_phase.items():
        in_current_phase |= Q(phase=phase, assessment_id__in=assessment_ids)
    required_ids = [q_id for questions in required_by_version.values() for q_id, _ in questions]
    answered: dict[tuple[int, str], set[int]] = defaultdict(set)
    for assessment_id, phase, question_id in (
        Answer.objects.joint()
        .answered()
        .filter(in_current_phase, question_id__in=required_ids)
        .values_list("assessment_id", "phase", "question_id")
    ):
        answered[(assessment_id, phase)].add(question_id)
    result = {}
    for project in projects:
        required = [
            q_id
            for q_id, phases in required_by_version[project.assessment.template_version_id]
            if project.phase in phases
        ]
        done = answered[(project.assessment.id, project.phase)]
        result[project.id] = Progress(sum(1 for q in required if q in done), len(required))
    return result
