"""The load benchmark's data and its verdict, straight from the database:
the simulated committee members and what the run works on, then whether
every answer they saved is stored exactly as sent, and the pack figures.
Needs Django set up (bench/load_benchmark.py does that)."""

from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.db import transaction
from load_http import Save

from assessments.models import Answer, AnswerRevision
from meetings.models import Meeting
from method.vocabulary import Side
from organisations.models import Membership, User
from packs.models import DialoguePack
from projects.models import Project

PASSWORD = "udvalg-under-belastning"  # noqa: S105 - the simulated members' known password
LEAD, LEAD_PASSWORD = "projektleder", "demo"  # from load_demo
SECRETARY_EVERY = 10  # every 10th member is a committee secretary (writes joint answers)
FIRST_NAMES = ["Åse", "Søren", "Mette", "Jørgen", "Pernille", "Bjørn", "Kirsten", "Ærlig"]
LAST_NAMES = ["Bødker", "Østergård", "Kjær", "Ågesen", "Dæhnfeldt", "Holm"]


@dataclass
class Plan:
    projects: list[dict]  # {"project": id, "assessment": id}
    meeting: int
    items: list[int]
    members: list[dict] = field(default_factory=list)  # username, secretary, project index


def username(number: int) -> str:
    return f"belastning{number:02d}"


@transaction.atomic
def seed(members: int) -> Plan:
    """`members` users of the demo municipality with a seat in every
    committee that handles one of its projects, sides alternating; all
    with one known password (hashed once: 50 hashes would take a minute)."""
    lead = User.objects.get(username=LEAD)
    projects = list(
        Project.objects.filter(municipality=lead.municipality).select_related("assessment")
    )
    committees = {c for p in projects for c in p.committees.all()}
    password = make_password(PASSWORD)
    plan = Plan(
        projects=[{"project": p.pk, "assessment": p.assessment.pk} for p in projects],
        meeting=_upcoming_meeting(lead.municipality),
        items=[],
    )
    plan.items = list(
        Meeting.objects.get(pk=plan.meeting).items.order_by("order").values_list("pk", flat=True)
    )
    for number in range(1, members + 1):
        secretary = number % SECRETARY_EVERY == 0
        user = User.objects.create(
            username=username(number),
            first_name=FIRST_NAMES[number % len(FIRST_NAMES)],
            last_name=LAST_NAMES[number % len(LAST_NAMES)],
            municipality=lead.municipality,
            password=password,
        )
        Membership.objects.bulk_create(
            Membership(
                user=user,
                committee=committee,
                side=Side.MANAGEMENT if number % 2 else Side.EMPLOYEES,
                role=Membership.Role.SECRETARY if secretary else Membership.Role.MEMBER,
            )
            for committee in committees
        )
        plan.members.append(
            {"username": user.username, "secretary": secretary, "project": number % len(projects)}
        )
    return plan


def _upcoming_meeting(municipality) -> int:
    meetings = Meeting.objects.filter(committee__municipality=municipality)
    upcoming = meetings.upcoming().first() or meetings.first()
    return upcoming.pk


# -- the verdict ------------------------------------------------------------


def _stored_values(value) -> list[str]:
    if value is None:
        return []
    return sorted(str(v) for v in (value if isinstance(value, list) else [value]))


def _same(row, save: Save) -> bool:
    return (row.text, _stored_values(row.value), row.status) == (
        save.text,
        sorted(save.values),
        save.status,
    )


PROBLEMS = ("lost", "altered", "unaccounted 409", "stored though refused", "unexpected status")


def check_answers(saves: list[Save]) -> dict[str, list[str]]:
    """Compare every save sent with the database; the problems found, by kind."""
    problems = {kind: [] for kind in PROBLEMS}
    senders = {s.sender for s in saves}
    by_answer: dict[tuple, list[Save]] = {}
    for save in saves:
        by_answer.setdefault(save.key, []).append(save)
    for key, sent in by_answer.items():
        answer, history = _stored(key)
        saved = [s for s in sent if 200 <= s.http < 300]
        _check_history(key, saved, history, senders, problems)
        _check_refusals(key, sent, {s.version for s in saved}, problems)
        if saved:  # the answer holds the last successful save (the highest version)
            last = max(saved, key=lambda s: s.version)
            if answer is None or answer.version != last.version:
                found = answer.version if answer else "nothing"
                problems["lost"].append(f"{key}: stored v{found}, last saved v{last.version}")
            elif not _same(answer, last):
                problems["altered"].append(f"{key}: stored {answer.text!r} != {last.text!r}")
    return problems


def _stored(key):
    """The answer and its history ({version: revision})."""
    assessment, question, respondent = key
    whose = {"respondent__username": respondent} if respondent else {"respondent": None}
    answer = Answer.objects.filter(assessment=assessment, question=question, **whose).first()
    if answer is None:
        return None, {}
    revisions = AnswerRevision.objects.filter(answer=answer).select_related("author")
    return answer, {r.version: r for r in revisions}


def _check_history(key, saved, history, senders, problems):
    """Each successful save is in the history exactly as sent, or was
    replaced within its editing run (the same author's next revision, with
    the same choice and status, holding more than one save:
    `assessments.services.save_answer`); and every version our members
    wrote there came from a successful save."""
    made = {s.version for s in saved}
    for version, revision in history.items():
        if version not in made and revision.author.username in senders:
            problems["stored though refused"].append(f"{key} v{version}")
    versions = sorted(history)
    for save in saved:
        revision = history.get(save.version)
        if revision is None and not _replaced_in_its_run(save, history, versions):
            problems["lost"].append(f"{key} v{save.version}: not in the history")
        elif not _same(revision, save):
            problems["altered"].append(f"{key} v{save.version}: {revision.text!r} != {save.text!r}")
        if save.stale_on_purpose:
            problems["stored though refused"].append(f"{key} v{save.version}: a stale save")


def _replaced_in_its_run(save: Save, history, versions) -> bool:
    later = next((history[v] for v in versions if v > save.version), None)
    return (
        later is not None
        and later.author.username == save.sender
        and later.saves > 1
        and (_stored_values(later.value), later.status) == (sorted(save.values), save.status)
    )


def _check_refusals(key, sent, made, problems):
    """A 409 must name a newer version that one of our successful saves
    made; an own answer is refused only when sent from the stale second
    tab; nothing but 200 and 409."""
    for save in sent:
        if save.http == 409 and not (save.version in made and save.version != save.base):
            problems["unaccounted 409"].append(f"{key}: 409 naming v{save.version}")
        elif save.http == 409 and not save.joint and not save.stale_on_purpose:
            problems["unaccounted 409"].append(f"{key}: own answer refused as stale")
        elif save.http not in (200, 409):
            problems["unexpected status"].append(f"{key}: HTTP {save.http}")


def packs_since(meeting: int, since) -> list[DialoguePack]:
    return list(
        DialoguePack.objects.filter(meeting=meeting, requested_at__gte=since)
        .defer("pdf", "source")
        .order_by("requested_at")
    )
