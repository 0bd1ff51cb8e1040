"""Generated data at national scale, for the page benchmark
(`manage.py generate_national`, docs/performance.md): 96 municipalities
beside the demo's two (98 in all), about 4,000 projects with their
assessments, over a million answers and their history, a committee tree per
municipality and two years of meetings, some with kept packs.

Everything generated is marked as such: municipality names start with
"Genereret", e-mail addresses end in `@genereret.invalid`, and a pack's
`source` is `{"generated": true}` with a shared placeholder file. The same
seed gives the same data. Rows are written with `bulk_create`, answers and
their revisions with PostgreSQL's COPY, ids taken from each table's own
sequence.
"""

import json
import random
from dataclasses import dataclass, field
from datetime import timedelta

from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.utils import timezone

from assessments.models import Answer, AnswerRevision, Assessment
from meetings.models import AgendaItem, Meeting
from method.vocabulary import STEPS, CompetenceLevel, Phase, Side
from organisations.models import Committee, Membership, Municipality, User
from packs.models import DialoguePack, Part
from projects.models import FieldOfWork, LocalInfluence, Project, TechnologyKind
from questionnaires.models import AnswerKind, TemplateVersion

NAME_PREFIX = "Genereret Kommune"
EMAIL_DOMAIN = "genereret.invalid"
PASSWORD = "genereret"  # noqa: S105 - every generated person's known password (benchmarks log in)
PLACEHOLDER_PACK = "packs/genereret/pladsholder.pdf"

# At --scale 1: the demo's two municipalities plus these make 98.
MUNICIPALITIES = 96
PROJECTS = 4_000
BIGGEST_PROJECTS = 400  # one municipality as big as the biggest real ones
PROJECTS_PER_COMMITTEE = 10
SEATS_PER_SIDE = 4
MEETINGS_PER_COMMITTEE = 24  # two years, monthly
ITEMS_PER_MEETING = 3
# Share of each respondent's questions answered in each phase the project
# has reached; the joint answer's share. With five respondents per project
# this gives about 300 answers per project.
ANSWERED_SHARE = 0.5
JOINT_SHARE = 0.6
RESPONDENTS = 5
SECOND_REVISION_SHARE = 0.6  # answers saved twice (another editing run)
COPY_BATCH = 20_000

WORDS = [
    "borgeren",
    "medarbejderne",
    "arbejdsmiljø",
    "faglighed",
    "teknologien",
    "kerneopgaven",
    "tid",
    "relationer",
    "kvalitet",
    "oplæring",
    "data",
    "sikkerhed",
    "drift",
    "ansvar",
    "tryghed",
    "dialog",
]


@dataclass
class Made:
    """What was generated, for the summary and the tests."""

    municipalities: list = field(default_factory=list)
    biggest: Municipality | None = None
    chair_of_biggest: User | None = None
    counts: dict = field(default_factory=dict)

    def add(self, name: str, count: int) -> None:
        self.counts[name] = self.counts.get(name, 0) + count


def generate(
    *, seed: int = 1, scale: float = 1.0, municipalities: int | None = None, log=print
) -> Made:
    """With `municipalities`, only the first that many (the biggest first):
    the same seed gives the same biggest municipality alone or among all."""
    rng = random.Random(seed)
    version = TemplateVersion.objects.current_for(None)
    questions = list(version.questions())
    password = make_password(PASSWORD)
    made = Made()
    sizes = _project_counts(rng, scale)[:municipalities]
    start_code = 100 + Municipality.objects.filter(name__startswith=NAME_PREFIX).count()
    placeholder = _placeholder_pack()
    for index, size in enumerate(sizes):
        number = start_code + index
        municipality = Municipality.objects.create(
            code=f"{number:03d}", name=f"{NAME_PREFIX} {number:03d}"
        )
        made.municipalities.append(municipality)
        chair = _municipality(rng, municipality, size, version, questions, password, made)
        _pack_rows(rng, municipality, placeholder, made)
        if index == 0:
            made.biggest, made.chair_of_biggest = municipality, chair
        if index % 10 == 0:
            log(f"{index + 1}/{len(sizes)} kommuner, {made.counts.get('svar', 0):,} svar")
    # The demo's meetings get kept packs too, so its meeting page and status
    # poll are measured with packs like everyone else's.
    for municipality in Municipality.objects.exclude(name__startswith=NAME_PREFIX).exclude(
        committees__meetings__packs__isnull=False
    ):
        _pack_rows(rng, municipality, placeholder, made)
    return made


def _project_counts(rng, scale: float) -> list[int]:
    """Projects per municipality: the biggest first, the rest spread around
    the average, adding up to PROJECTS × scale."""
    count = max(2, round(MUNICIPALITIES * scale))
    biggest = max(2, round(BIGGEST_PROJECTS * scale))
    rest = max(count - 1, round(PROJECTS * scale) - biggest)
    weights = [rng.uniform(0.3, 1.7) for _ in range(count - 1)]
    total = sum(weights)
    others = [max(1, round(rest * w / total)) for w in weights]
    return [max(biggest, max(others) + 1), *others]


def _municipality(rng, municipality, size, version, questions, password, made) -> User:
    people = _people(municipality, size, password, made)
    leads = [p for p in people if p.is_project_lead]
    main = Committee.objects.create(
        municipality=municipality, name="Hovedudvalget", level=Committee.Level.MAIN
    )
    committees = Committee.objects.bulk_create(
        Committee(
            municipality=municipality,
            name=f"Lokaludvalg {n + 1}",
            level=Committee.Level.LOCAL,
            parent=main,
        )
        for n in range(max(1, -(-size // PROJECTS_PER_COMMITTEE)))
    )
    seats, members_of = _seats(main, committees, people)
    Membership.objects.bulk_create(seats)
    made.add("udvalg", 1 + len(committees))
    projects = _projects(rng, municipality, size, leads, committees, made)
    assessments = Assessment.objects.bulk_create(
        Assessment(project=p, template_version=version) for p in projects
    )
    through = Project.committees.through
    through.objects.bulk_create(
        through(project_id=p.pk, committee_id=p.generated_committee.pk) for p in projects
    )
    rows = (
        row
        for project, assessment in zip(projects, assessments, strict=True)
        for row in _answers(rng, project, assessment, questions, members_of, leads[0])
    )
    _copy_answers(rows, made)
    _meetings(rng, main, committees, projects, members_of, leads[0], made)
    return members_of[main.pk][0][0]


def _people(municipality, size, password, made) -> list[User]:
    committees = 1 + max(1, -(-size // PROJECTS_PER_COMMITTEE))
    count = committees * SEATS_PER_SIDE * 2 + max(1, size // 20)
    code = municipality.code
    users = User.objects.bulk_create(
        User(
            username=f"k{code}-{n:04d}",
            first_name=f"Person {n}",
            last_name=f"Kommune {code}",
            email=f"k{code}-{n:04d}@{EMAIL_DOMAIN}",
            municipality=municipality,
            password=password,
            is_project_lead=n >= committees * SEATS_PER_SIDE * 2,
        )
        for n in range(count)
    )
    made.add("personer", len(users))
    return users


def _seats(main, committees, people):
    """Four seats per side in every committee, chair, vice-chair and
    secretary among them; the main committee's chair also sits in the first
    local committees (the benchmark's user of the biggest municipality)."""
    seated = [p for p in people if not p.is_project_lead]
    seats, members_of = [], {}
    roles = [Membership.Role.CHAIR, Membership.Role.SECRETARY] + [Membership.Role.MEMBER] * 2
    other_roles = [Membership.Role.VICE_CHAIR] + [Membership.Role.MEMBER] * 3
    for index, committee in enumerate([main, *committees]):
        group = seated[index * SEATS_PER_SIDE * 2 : (index + 1) * SEATS_PER_SIDE * 2]
        members = []
        for n, person in enumerate(group):
            side = Side.MANAGEMENT if n < SEATS_PER_SIDE else Side.EMPLOYEES
            role = (roles if side == Side.MANAGEMENT else other_roles)[n % SEATS_PER_SIDE]
            seats.append(Membership(user=person, committee=committee, side=side, role=role))
            members.append((person, side))
        members_of[committee.pk] = members
    chair = members_of[main.pk][0][0]
    for committee in committees[:3]:
        seats.append(
            Membership(user=chair, committee=committee, side=Side.MANAGEMENT, role="medlem")
        )
        members_of[committee.pk].append((chair, Side.MANAGEMENT))
    return seats, members_of


def _projects(rng, municipality, size, leads, committees, made) -> list[Project]:
    projects = []
    for n in range(size):
        project = Project(
            municipality=municipality,
            title=f"Projekt {n + 1:04d}: {rng.choice(TechnologyKind.labels)}",
            need=" ".join(rng.choices(WORDS, k=12)),
            field_of_work=rng.choice(FieldOfWork.values),
            technology_kind=rng.choice(TechnologyKind.values),
            local_influence=rng.choice(LocalInfluence.values),
            lead=leads[n % len(leads)],
            step=rng.choice(STEPS).key,
        )
        project.generated_committee = committees[n // PROJECTS_PER_COMMITTEE]
        projects.append(project)
    made.add("projekter", size)
    return Project.objects.bulk_create(projects)


def _value(rng, question):
    if question.kind == AnswerKind.SCALE:
        return rng.randint(-2, 2)
    if question.kind == AnswerKind.YES_NO:
        return rng.choice(["ja", "nej", "ved_ikke"])
    if question.kind == AnswerKind.COMPETENCE:
        return rng.choice(CompetenceLevel.values)
    if question.kind in (AnswerKind.SINGLE_CHOICE, AnswerKind.MULTIPLE_CHOICE):
        key = rng.choice(question.choices)["key"] if question.choices else None
        return [key] if question.kind == AnswerKind.MULTIPLE_CHOICE and key else key
    return None


def _answers(rng, project, assessment, questions, members_of, lead):
    """(answer row, revision rows) for each answer: the respondents' and the
    joint answers in every phase the project has reached."""
    members = members_of[project.generated_committee.pk]
    respondents = rng.sample(members, min(RESPONDENTS, len(members)))
    secretary = members[1][0]
    phases = list(Phase.values)[: list(Phase.values).index(project.phase) + 1]
    now = timezone.now()
    for phase in phases:
        asked = [q for q in questions if q.applies_in(phase)]
        for who, side in [*respondents, (None, "")]:
            share = JOINT_SHARE if who is None else ANSWERED_SHARE
            author = who or secretary
            for question in asked:
                if rng.random() >= share:
                    continue
                value = _value(rng, question)
                text = " ".join(rng.choices(WORDS, k=rng.randint(4, 20)))
                status = rng.choice(Answer.Status.values) if who is None else ""
                saves = 2 if rng.random() < SECOND_REVISION_SHARE else 1
                saved_at = now - timedelta(days=rng.randint(1, 700), minutes=rng.randint(0, 600))
                yield (
                    (assessment.pk, question.pk, who and who.pk, side, phase, value, text, status),
                    saves,
                    author.pk,
                    saved_at,
                )


ANSWER_COLUMNS = [
    "id",
    "assessment_id",
    "question_id",
    "respondent_id",
    "side",
    "phase",
    "value",
    "text",
    "status",
    "version",
    "updated_at",
    "updated_by_id",
    "archived_note",
]
REVISION_COLUMNS = [
    "answer_id",
    "version",
    "value",
    "text",
    "status",
    "phase",
    "author_id",
    "created_at",
    "saves",
    "first_saved_at",
]


def _copy_answers(rows, made) -> None:
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) >= COPY_BATCH:
            _copy_batch(batch, made)
            batch = []
    if batch:
        _copy_batch(batch, made)


def _copy_batch(batch, made) -> None:
    first_id = _reserve_ids(Answer, len(batch))
    answers, revisions = [], []
    for offset, (answer, saves, author, saved_at) in enumerate(batch):
        answer_id = first_id + offset
        assessment, question, respondent, side, phase, value, text, status = answer
        value_json = None if value is None else json.dumps(value)
        answers.append(
            (answer_id, assessment, question, respondent, side, phase, value_json, text, status)
            + (saves, saved_at, author, "")
        )
        for version in range(1, saves + 1):
            # An earlier run's text was shorter: the later run went on writing.
            shown = text if version == saves else text.rsplit(" ", 1)[0]
            moment = saved_at - timedelta(days=saves - version)
            revisions.append(
                (answer_id, version, value_json, shown, status, phase, author, moment, 1, moment)
            )
    _copy(Answer, ANSWER_COLUMNS, answers)
    _copy(AnswerRevision, REVISION_COLUMNS, revisions)
    made.add("svar", len(answers))
    made.add("svarversioner", len(revisions))


def _reserve_ids(model, count: int) -> int:
    """The first of `count` consecutive ids taken from the table's sequence."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
        sequence = cursor.fetchone()[0]
        cursor.execute("SELECT nextval(%s)", [sequence])
        first = cursor.fetchone()[0]
        cursor.execute("SELECT setval(%s, %s)", [sequence, first + count - 1])
    return first


def _copy(model, columns, rows) -> None:
    table = model._meta.db_table
    with connection.cursor() as cursor:
        statement = f"COPY {table} ({', '.join(columns)}) FROM STDIN"  # noqa: S608 - our names
        with cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row(row)


def _meetings(rng, main, committees, projects, members_of, lead, made) -> None:
    """Monthly meetings of every committee over two years (the last two
    ahead), each with agenda items on the committee's projects."""
    now = timezone.now()
    by_committee = {}
    for project in projects:
        by_committee.setdefault(project.generated_committee.pk, []).append(project)
    meetings, planned = [], []
    for committee in [main, *committees]:
        organiser = members_of[committee.pk][0][0]
        for n in range(MEETINGS_PER_COMMITTEE):
            starts_at = now + timedelta(days=30 * (n - MEETINGS_PER_COMMITTEE + 2), hours=10)
            held = starts_at < now
            meeting = Meeting(
                committee=committee,
                starts_at=starts_at,
                place="Rådhuset, mødelokale 2",
                status=Meeting.Status.APPROVED if held else Meeting.Status.PLANNED,
                created_by=organiser,
                material_sent_at=starts_at - timedelta(days=7) if held else None,
                material_sent_by=organiser if held else None,
                approved_at=starts_at + timedelta(days=7) if held else None,
            )
            meetings.append(meeting)
            planned.append(by_committee.get(committee.pk) or projects)
    Meeting.objects.bulk_create(meetings)
    items = []
    for meeting, candidates in zip(meetings, planned, strict=True):
        for order in range(1, ITEMS_PER_MEETING + 1):
            project = rng.choice(candidates)
            items.append(
                AgendaItem(
                    meeting=meeting,
                    order=order,
                    title=f"{project.title} – status",
                    kind=rng.choice(AgendaItem.Kind.values),
                    is_closed=order == ITEMS_PER_MEETING and rng.random() < 0.3,
                    project=project,
                    decision="Taget til efterretning." if meeting.was_held else "",
                )
            )
    AgendaItem.objects.bulk_create(items)
    made.add("møder", len(meetings))
    made.add("dagsordenspunkter", len(items))


def _placeholder_pack() -> str:
    """One small file every generated pack points to (no PDF is rendered)."""
    if not default_storage.exists(PLACEHOLDER_PACK):
        default_storage.save(PLACEHOLDER_PACK, ContentFile(PLACEHOLDER_PDF))
    return PLACEHOLDER_PACK


def _pack_rows(rng, municipality, placeholder, made) -> None:
    """Kept packs for each committee's latest held meeting and its next one:
    the open items' pack, twice (made again after a change), ready."""
    meetings = Meeting.objects.filter(committee__municipality=municipality).order_by("starts_at")
    now = timezone.now()
    chosen = {}
    for meeting in meetings:
        if meeting.starts_at < now:
            chosen[(meeting.committee_id, "held")] = meeting
        else:
            chosen.setdefault((meeting.committee_id, "next"), meeting)
    packs = [
        DialoguePack(
            meeting=meeting,
            requested_by=meeting.created_by,
            part=Part.OPEN,
            status=DialoguePack.Status.READY,
            attempts=1,
            started_at=now,
            finished_at=now,
            file=placeholder,
            size=len(PLACEHOLDER_PDF),
            pages=1,
            source={"generated": True},
            checksum=f"{rng.getrandbits(256):064x}",
        )
        for meeting in chosen.values()
        for _ in range(2)
    ]
    DialoguePack.objects.bulk_create(packs)
    made.add("mødematerialer", len(packs))


# A one-page PDF saying it is a placeholder (hand-written, no renderer).
PLACEHOLDER_PDF = b"""%PDF-1.4
1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj
2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj
3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>>>endobj
4 0 obj<</Length 58>>stream
BT /F1 18 Tf 72 760 Td (Genereret pladsholder) Tj ET
endstream endobj
5 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj
trailer<</Root 1 0 R>>
%%EOF
"""
