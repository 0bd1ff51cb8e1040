"""Small hand-written factories shared by the tests."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from assessments.services import Submission, save_answer, start_assessment
from meetings.models import AgendaItem, Meeting
from organisations.models import Membership, User
from projects.models import FieldOfWork, LocalInfluence, Project, TechnologyKind
from questionnaires.models import AnswerKind

PASSWORD = "demo-test-pw"


def make_user(username, municipality, **flags):
    flags = {"first_name": username.title(), **flags}
    user = User(username=username, municipality=municipality, **flags)
    user.set_password(PASSWORD)
    user.save()
    return user


def seat(user, committee, side, role=Membership.Role.MEMBER):
    return Membership.objects.create(user=user, committee=committee, side=side, role=role)


def make_project(municipality, lead, committees, title="Skærmbesøg i hjemmeplejen", **fields):
    project = Project.objects.create(
        municipality=municipality,
        title=title,
        need="Borgere venter for længe på besøg.",
        field_of_work=FieldOfWork.SOCIAL_HEALTH,
        technology_kind=TechnologyKind.VIDEO,
        local_influence=LocalInfluence.ROOM_TO_MANOEUVRE,
        lead=lead,
        **{"responsible_committee": committees[0] if committees else None, **fields},
    )
    project.committees.set(committees)
    start_assessment(project)
    return project


def make_meeting(committee, chair, project, lead, titles) -> tuple[Meeting, list[AgendaItem]]:
    """A meeting whose agenda items all concern `project`, which has a couple
    of joint answers."""
    assessment = project.assessment
    questions = list(assessment.questions().filter(kind=AnswerKind.SCALE)[:2])
    assert len(questions) == 2, "the standard template should have scale questions"
    for question, value in zip(questions, ("2", "-1"), strict=True):
        save_answer(
            assessment,
            question,
            lead,
            Submission(value=value, text="Fælles svar fra udvalget.", status="enige"),
            joint=True,
        )
    meeting = Meeting.objects.create(
        committee=committee,
        starts_at=timezone.now() + timedelta(days=7),
        place="Mødelokale 2, Rådhuset",
        created_by=chair,
    )
    kinds = list(AgendaItem.Kind)
    items = [
        meeting.add_item(
            title=title,
            kind=kinds[number % len(kinds)],
            project=project,
            description=f"Udvalget drøfter punkt {number + 1} om projektet.",
        )
        for number, title in enumerate(titles)
    ]
    return meeting, items


def answer(assessment, question, user, text, *, joint=False, status="", side=""):
    """Save a text answer as a user whose form shows the stored version."""
    stored = assessment.answers.filter(
        question=question, respondent=None if joint else user, phase=assessment.project.phase
    ).first()
    submission = Submission(
        text=text, status=status, base_version=stored.version if stored else None
    )
    return save_answer(assessment, question, user, submission, joint=joint, side=side)


def end_editing_run(answer):
    """Let the answer's open editing run end (REVISION_RUN_SECONDS pass), so
    its next save is a revision of its own: saves minutes apart."""
    from django.conf import settings

    from assessments.models import AnswerRevision

    latest = answer.revisions.order_by("-version").first()
    began = (latest.first_saved_at or latest.created_at) - timedelta(
        seconds=settings.REVISION_RUN_SECONDS + 1
    )
    AnswerRevision.objects.filter(pk=latest.pk).update(first_saved_at=began, created_at=began)


def part_url(assessment, question, phase="alle") -> str:
    """The assessment page's part (core question) that shows `question`."""
    url = reverse("assessment", args=[assessment.pk])
    return f"{url}?fase={phase}&del={question.section.core_question}"


def move_to_phase(project, lead, phase):
    """Move the project on, step by step, until it is in `phase` (leaving
    each phase with a reason, whatever is unanswered, and without the
    committee's decision)."""
    while project.phase != phase:
        project.move_to_next_step(
            lead, note="Videre", reason="Testen går videre", override="Testen går videre"
        )
    return project


def a_pdf(text: str = "Et bilag", pages: int = 1) -> bytes:
    """A real PDF of `pages` pages, each saying `text` and its number."""
    from packs.pdf import html_to_pdf

    body = "".join(
        f'<article class="item"><h1>{text}, side {number}</h1></article>'
        for number in range(1, pages + 1)
    )  # pack.css starts every .item on a new page
    html = (
        f'<html lang="da"><head><title>{text}</title><link rel="stylesheet" '
        f'href="/static/pack/pack.css"></head><body>{body}</body></html>'
    )
    return html_to_pdf(html)[0]


def attach(target, user, data: bytes | None = None, name: str = "bilag.pdf"):
    """A file attached to an agenda item or a project, as the upload does it."""
    from django.core.files.base import ContentFile

    from attachments import sniff
    from attachments.models import Attachment
    from meetings.models import AgendaItem

    data = a_pdf() if data is None else data
    on_item = isinstance(target, AgendaItem)
    kind = sniff.kind_of(data[:16], ContentFile(data))
    attachment = Attachment(
        municipality_id=(
            target.meeting.committee.municipality_id if on_item else target.municipality_id
        ),
        item=target if on_item else None,
        project=None if on_item else target,
        name=name,
        kind=kind,
        size=len(data),
        pages=sniff.pdf_pages(data) if kind == sniff.PDF else None,
        uploaded_by=user,
    )
    attachment.file.save(name, ContentFile(data), save=False)
    attachment.save()
    return attachment
