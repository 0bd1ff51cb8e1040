"""The dashboard's list of projects: the municipality's projects, those
waiting for the user first, then the user's own, then the rest (each by
title), a page at a time. A fixed number of queries however many projects
the municipality has: the ordering is read as ids and titles, the page's
projects are then loaded in full with their progress."""

from collections import defaultdict
from dataclasses import dataclass

from django.core.paginator import Page, Paginator

from assessments.models import Answer, Assessment
from assessments.progress import phase_progress_for_projects
from method import vocabulary
from organisations.models import Membership
from questionnaires.models import Question

from .models import Project

PROJECTS_PER_PAGE = 25


@dataclass
class ProjectListing:
    page: Page  # of Project, each with .is_mine, .needs_me and .progress
    waiting: int  # projects waiting for the user (all pages)
    mine: int  # the user's own projects (all pages, the waiting ones included)


def projects_for_dashboard(user, page_number: int = 1) -> ProjectListing:
    rows = list(
        Project.objects.for_user(user)
        .annotate_is_mine(user)
        .values_list("id", "title", "step", "is_mine")
    )
    waiting = _waiting_for(user, rows)
    mine = {row[0] for row in rows if row[3]}
    rows.sort(key=lambda row: (row[0] not in waiting, row[0] not in mine, row[1], row[0]))
    page = Paginator([row[0] for row in rows], PROJECTS_PER_PAGE).get_page(page_number)
    loaded = Project.objects.filter(pk__in=list(page.object_list)).select_related(
        "assessment", "lead"
    )
    by_id = {project.pk: project for project in loaded}
    projects = [by_id[pk] for pk in page.object_list]
    progress = phase_progress_for_projects(projects)
    for project in projects:
        project.is_mine = project.pk in mine
        project.needs_me = project.pk in waiting
        project.progress = progress.get(project.pk)
    page.object_list = projects
    return ProjectListing(page, len(waiting), len(mine))


def _waiting_for(user, rows) -> set[int]:
    """The projects where the user has a seat on a committee handling them
    and has not yet answered every required question of the project's
    current phase. Four queries."""
    seated = set(
        Membership.objects.current()
        .filter(user=user, committee__projects__isnull=False)
        .values_list("committee__projects", flat=True)
    )
    candidates = {row[0]: row[2] for row in rows if row[0] in seated}  # project id -> step
    assessments = {
        assessment_id: (project_id, version_id)
        for assessment_id, project_id, version_id in Assessment.objects.filter(
            project_id__in=list(candidates)
        ).values_list("id", "project_id", "template_version_id")
    }
    if not assessments:
        return set()
    required = defaultdict(list)  # version id -> [(question id, phases)]
    for question_id, version_id, phases in Question.objects.filter(
        section__version_id__in={version for _project, version in assessments.values()},
        required=True,
    ).values_list("id", "section__version_id", "phases"):
        required[version_id].append((question_id, phases))
    answered = defaultdict(set)  # (assessment id, phase) -> question ids
    # By the ids just read, not joined to the assessments and questions
    # again: the user's answers in 30 projects, 2.4 -> 0.6 ms at national
    # scale.
    for assessment_id, phase, question_id in (
        Answer.objects.filter(
            respondent=user,
            assessment_id__in=list(assessments),
            question_id__in=[q for questions in required.values() for q, _phases in questions],
        )
        .answered()
        .values_list("assessment_id", "phase", "question_id")
    ):
        answered[(assessment_id, phase)].add(question_id)
    waiting = set()
    for assessment_id, (project_id, version_id) in assessments.items():
        phase = vocabulary.step(candidates[project_id]).phase
        asked = {q for q, phases in required[version_id] if phase in phases}
        if asked - answered[(assessment_id, phase)]:
            waiting.add(project_id)
    return waiting
