"""Follow-up actions outside a meeting: on a project, by hand or from an
open point of its assessment (an open joint answer or an open comment), and
what each serves. The overview's filters."""

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

from meetings.access import visible_actions
from meetings.followups import Action

SHOW_OPEN, SHOW_OVERDUE, SHOW_ALL = "aabne", "overskredne", "alle"


def add_project_action(
    project,
    author,
    *,
    what,
    owner,
    deadline=None,
    question=None,
    comment=None,
    benefit=None,
    competence_line=None,
) -> Action:
    """A follow-up on `project`. Everything it links to must be the
    project's own: a question of its assessment, a comment on it, a benefit
    of its business case, a line of one of its competence plans; an action
    from a comment serves the comment's question."""
    if comment is not None:
        question = comment.question
    if owner.municipality_id != project.municipality_id:
        raise ValidationError(_("Den ansvarlige skal høre til kommunen."))
    for linked, belongs in (
        (question, lambda q: q.section.version_id == project.assessment.template_version_id),
        (comment, lambda c: c.assessment_id == project.assessment.pk),
        (benefit, lambda b: b.case.project_id == project.pk),
        (competence_line, lambda line: line.plan.project_id == project.pk),
    ):
        if linked is not None and not belongs(linked):
            raise ValidationError(_("Opfølgningen kan kun knyttes til projektets egne punkter."))
    return Action.objects.create(
        municipality_id=project.municipality_id,
        project=project,
        what=what.strip(),
        owner=owner,
        deadline=deadline,
        question=question,
        comment=comment,
        benefit=benefit,
        competence_line=competence_line,
        created_by=author,
    )


def filtered_actions(user, *, project=None, committee=None, show=SHOW_OPEN, mine=False):
    """The follow-ups the user may see, narrowed as the overview's form
    asks: one project's, one committee's (from its meetings, and on the
    projects it handles), the user's own; open, overdue or all."""
    actions = visible_actions(user)
    if project is not None:
        actions = actions.filter(project=project)
    if committee is not None:
        actions = actions.filter(
            Q(item__meeting__committee=committee)
            | Q(item__isnull=True, project__committees=committee)
        ).distinct()
    if mine:
        actions = actions.filter(owner=user)
    if show == SHOW_OPEN:
        actions = actions.open()
    elif show == SHOW_OVERDUE:
        actions = actions.overdue()
    return actions.select_related(
        "owner",
        "project",
        "item__meeting__committee",
        "question",
        "benefit",
        "competence_line__plan",
    )
