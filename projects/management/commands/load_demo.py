"""Demo data for `make run`: two municipalities, a MED committee tree, demo
logins (password "demo") and technology projects in different phases, with
individual and joint answers, answer history, comments and phase history.

Runs on every start: when the demo is already there it does nothing, unless
`--reset`, which deletes the demo municipalities' data and loads it afresh.
Everything is written through the models' and services' own functions
(`start_assessment`, `save_answer`, `move_to_next_step`, ...); afterwards the
timestamps are spread over the past months so the history reads naturally.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import ProtectedError, Q
from django.utils import timezone

from assessments.models import Answer, AnswerRevision, Assessment, Comment
from assessments.services import (
    Submission,
    add_comment,
    resolve_comment,
    save_answer,
    start_assessment,
)
from meetings.models import Action, AgendaItem, Meeting
from method.vocabulary import Side
from organisations.models import Committee, Membership, Municipality, User
from packs.models import DialoguePack
from projects.access import membership_in_project
from projects.models import (
    FieldOfWork,
    Level,
    LocalInfluence,
    MissingAnswersNeedReason,
    PhaseTransition,
    Project,
    TechnologyKind,
)
from questionnaires.models import AnswerKind

PASSWORD = "demo"

L, M = Side.MANAGEMENT, Side.EMPLOYEES
CHAIR, VICE, MEMBER = (
    Membership.Role.CHAIR,
    Membership.Role.VICE_CHAIR,
    Membership.Role.MEMBER,
)
LOW, MEDIUM, HIGH = Level.LOW, Level.MEDIUM, Level.HIGH
MAIN, AREA, LOCAL = Committee.Level.MAIN, Committee.Level.AREA, Committee.Level.LOCAL


@dataclass(frozen=True)
class DemoMunicipality:
    code: str
    name: str
    domain: str


FJORDBY = DemoMunicipality("901", "Fjordby Kommune", "fjordby.kommune.example")
NABOKOEBING = DemoMunicipality("902", "Nabokøbing Kommune", "nabokoebing.kommune.example")
MUNICIPALITIES = (FJORDBY, NABOKOEBING)

# (municipality, name, level, parent name)
COMMITTEES = (
    (FJORDBY, "Hovedudvalget", MAIN, None),
    (FJORDBY, "Område-MED Social og Sundhed", AREA, "Hovedudvalget"),
    (FJORDBY, "Område-MED Børn og Skole", AREA, "Hovedudvalget"),
    (FJORDBY, "Lokal-MED Hjemmeplejen Nord", LOCAL, "Område-MED Social og Sundhed"),
    (FJORDBY, "Lokal-MED Plejecenter Solgården", LOCAL, "Område-MED Social og Sundhed"),
    (FJORDBY, "Lokal-MED Løn og Personale", LOCAL, "Hovedudvalget"),
    (FJORDBY, "Lokal-MED Fjordby Skole", LOCAL, "Område-MED Børn og Skole"),
    (NABOKOEBING, "Hovedudvalget", MAIN, None),
    (NABOKOEBING, "Lokal-MED Borgerservice", LOCAL, "Hovedudvalget"),
)


@dataclass(frozen=True)
class DemoUser:
    username: str
    first_name: str
    last_name: str
    municipality: DemoMunicipality
    about: str
    is_project_lead: bool = False
    is_template_admin: bool = False


USERS = (
    DemoUser("formand", "Birgitte", "Skov Vestergaard", FJORDBY, "ledelsessiden, formand"),
    DemoUser("naestformand", "Per", "Damgaard Nielsen", FJORDBY, "medarbejdersiden, næstformand"),
    DemoUser("medlem", "Sofie", "Kragh Jensen", FJORDBY, "medarbejdersiden, medlem"),
    DemoUser("projektleder", "Mads", "Overgaard Thomsen", FJORDBY, "projektleder", True),
    DemoUser("hr", "Camilla", "Brix Laursen", FJORDBY, "HR, skabelonadministrator", False, True),
    DemoUser("leder", "Henrik", "Møller Poulsen", FJORDBY, "ledelsessiden, medlem"),
    DemoUser("tr", "Lone", "Kjær Andersen", FJORDBY, "medarbejdersiden, tillidsrepræsentant"),
    DemoUser("amr", "Jonas", "Bech Larsen", FJORDBY, "medarbejdersiden, arbejdsmiljørepr."),
    DemoUser("nabo", "Jesper", "Lund Kristiansen", NABOKOEBING, "formand og projektleder", True),
    DemoUser("nabo_tr", "Rikke", "Thorsen Bak", NABOKOEBING, "medarbejdersiden, næstformand"),
)
USERNAMES = [u.username for u in USERS]

# The three demo logins for the committee sit in every committee that
# handles a project, so they can answer everywhere; the others add voices.
_CORE = [("formand", L, CHAIR), ("naestformand", M, VICE), ("medlem", M, MEMBER)]
MEMBERSHIPS = {
    (FJORDBY, "Hovedudvalget"): [
        ("formand", L, CHAIR),
        ("leder", L, MEMBER),
        ("naestformand", M, VICE),
        ("tr", M, MEMBER),
    ],
    (FJORDBY, "Område-MED Social og Sundhed"): [*_CORE, ("leder", L, MEMBER), ("amr", M, MEMBER)],
    (FJORDBY, "Område-MED Børn og Skole"): [*_CORE, ("tr", M, MEMBER)],
    (FJORDBY, "Lokal-MED Hjemmeplejen Nord"): [*_CORE, ("leder", L, MEMBER), ("amr", M, MEMBER)],
    (FJORDBY, "Lokal-MED Plejecenter Solgården"): [
        *_CORE,
        ("leder", L, MEMBER),
        ("amr", M, MEMBER),
    ],
    (FJORDBY, "Lokal-MED Løn og Personale"): [*_CORE, ("leder", L, MEMBER), ("tr", M, MEMBER)],
    (FJORDBY, "Lokal-MED Fjordby Skole"): [*_CORE, ("tr", M, MEMBER)],
    (NABOKOEBING, "Lokal-MED Borgerservice"): [("nabo", L, CHAIR), ("nabo_tr", M, VICE)],
}


class Command(BaseCommand):
    help = "Indlæser demodata (to kommuner, MED-udvalg, brugere og projekter). Adgangskode: demo."

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Slet demokommunernes data (brugere, projekter, udvalg …) og indlæs forfra.",
        )

    def handle(self, *args, reset=False, **options):
        with transaction.atomic():
            if reset:
                self._delete_demo()
            elif self._demo_exists():
                self.stdout.write(
                    "Demodata er allerede indlæst – intet ændret. "
                    "Brug --reset for at indlæse dem forfra."
                )
                return
            try:
                self._load()
            except ValidationError as error:
                raise CommandError(
                    "Demodata kunne ikke indlæses: " + " ".join(error.messages)
                ) from error
        self._summary()

    # -- existence and reset -------------------------------------------------

    def _demo_municipalities(self):
        return Municipality.objects.filter(
            Q(code__in=[m.code for m in MUNICIPALITIES])
            | Q(name__in=[m.name for m in MUNICIPALITIES])
        )

    def _demo_exists(self) -> bool:
        return (
            User.objects.filter(username__in=USERNAMES).exists()
            or self._demo_municipalities().exists()
        )

    def _delete_demo(self):
        municipalities = self._demo_municipalities()
        try:
            # Projects first: their assessments, answers, history, comments
            # and phase transitions go with them and stop protecting users.
            DialoguePack.objects.filter(
                meeting__committee__municipality__in=municipalities
            ).delete()
            Meeting.objects.filter(committee__municipality__in=municipalities).delete()
            Project.objects.filter(municipality__in=municipalities).delete()
            User.objects.filter(
                Q(municipality__in=municipalities) | Q(username__in=USERNAMES)
            ).delete()
            # A committee protects its children: delete the tree from the leaves.
            committees = Committee.objects.filter(municipality__in=municipalities)
            while committees.exists():
                deleted, _by_model = committees.filter(children__isnull=True).delete()
                if not deleted:
                    raise CommandError("MED-udvalgenes træ har en cyklus og kan ikke slettes.")
            municipalities.delete()
        except ProtectedError as error:
            raise CommandError(
                "Demodata kan ikke slettes, fordi andre data peger på dem: "
                + ", ".join(str(obj) for obj in list(error.protected_objects)[:5])
            ) from error
        self.stdout.write("Eksisterende demodata er slettet.")

    # -- loading ---------------------------------------------------------------

    def _load(self):
        municipalities = {
            m.code: Municipality.objects.create(code=m.code, name=m.name) for m in MUNICIPALITIES
        }
        committees = {}
        for demo_municipality, name, level, parent in COMMITTEES:
            key = (demo_municipality, name)
            committees[key] = Committee.objects.create(
                municipality=municipalities[demo_municipality.code],
                name=name,
                level=level,
                parent=committees[(demo_municipality, parent)] if parent else None,
            )
        users = {}
        for demo_user in USERS:
            user = User(
                username=demo_user.username,
                first_name=demo_user.first_name,
                last_name=demo_user.last_name,
                email=f"{demo_user.username}@{demo_user.municipality.domain}",
                municipality=municipalities[demo_user.municipality.code],
                is_project_lead=demo_user.is_project_lead,
                is_template_admin=demo_user.is_template_admin,
                is_staff=False,
            )
            user.set_password(PASSWORD)
            user.save()
            users[demo_user.username] = user
        for key, seats in MEMBERSHIPS.items():
            for username, side, role in seats:
                Membership.objects.create(
                    user=users[username], committee=committees[key], side=side, role=role
                )

        def committees_in(demo_municipality, *names):
            return [committees[(demo_municipality, name)] for name in names]

        fjordby = municipalities[FJORDBY.code]
        lead = users["projektleder"]
        _faldsensorer(
            Timeline(
                self,
                _project(
                    fjordby,
                    lead,
                    committees_in(FJORDBY, "Lokal-MED Plejecenter Solgården"),
                    **FALDSENSORER,
                ),
                users,
                started_days_ago=420,
            )
        )
        _skaermbesoeg(
            Timeline(
                self,
                _project(
                    fjordby,
                    lead,
                    committees_in(
                        FJORDBY, "Lokal-MED Hjemmeplejen Nord", "Område-MED Social og Sundhed"
                    ),
                    **SKAERMBESOEG,
                ),
                users,
                started_days_ago=255,
            )
        )
        _softwarerobot(
            Timeline(
                self,
                _project(
                    fjordby,
                    lead,
                    committees_in(FJORDBY, "Lokal-MED Løn og Personale", "Hovedudvalget"),
                    **SOFTWAREROBOT,
                ),
                users,
                started_days_ago=115,
            )
        )
        _laeringsplatform(
            Timeline(
                self,
                _project(
                    fjordby,
                    lead,
                    committees_in(FJORDBY, "Lokal-MED Fjordby Skole", "Område-MED Børn og Skole"),
                    **LAERINGSPLATFORM,
                ),
                users,
                started_days_ago=36,
            )
        )
        _chatbot(
            Timeline(
                self,
                _project(
                    municipalities[NABOKOEBING.code],
                    users["nabo"],
                    committees_in(NABOKOEBING, "Lokal-MED Borgerservice"),
                    **CHATBOT,
                ),
                users,
                started_days_ago=40,
            )
        )

        _meetings(committees[(FJORDBY, "Hovedudvalget")], users)

    # -- summary ---------------------------------------------------------------

    def _summary(self):
        municipalities = self._demo_municipalities()
        projects = Project.objects.filter(municipality__in=municipalities)
        answers = Answer.objects.filter(assessment__project__in=projects)
        comments = Comment.objects.filter(assessment__project__in=projects)
        out = self.stdout
        out.write(self.style.SUCCESS("Demodata er indlæst."))
        out.write(
            f"  {municipalities.count()} kommuner, "
            f"{Committee.objects.filter(municipality__in=municipalities).count()} MED-udvalg, "
            f"{User.objects.filter(municipality__in=municipalities).count()} brugere, "
            f"{Membership.objects.filter(committee__municipality__in=municipalities).count()} "
            f"medlemskaber, {projects.count()} projekter"
        )
        out.write(
            f"  {answers.individual().count()} individuelle svar, "
            f"{answers.joint().count()} fælles svar, "
            f"{AnswerRevision.objects.filter(answer__in=answers).count()} versioner i svarhistorikken, "
            f"{comments.count()} kommentarer ({comments.filter(resolved_at__isnull=False).count()} "
            f"løst), {PhaseTransition.objects.filter(project__in=projects).count()} faseskift"
        )
        meetings = Meeting.objects.filter(committee__municipality__in=municipalities)
        out.write(
            f"  {meetings.count()} møder med "
            f"{AgendaItem.objects.filter(meeting__in=meetings).count()} dagsordenspunkter"
        )
        out.write("Projekter:")
        for project in projects.select_related("municipality").order_by("municipality", "title"):
            out.write(
                f"  {project.title} ({project.municipality}): "
                f"{project.get_phase_display()} – {project.get_step_display()}"
            )
        out.write(f"Logins (adgangskode: {PASSWORD}):")
        for demo_user in USERS:
            out.write(
                f"  {demo_user.username:<13} {demo_user.first_name} {demo_user.last_name}, "
                f"{demo_user.municipality.name}, {demo_user.about}"
            )
        out.write("Django admin: opret selv en superbruger med `manage.py createsuperuser`.")


def _meetings(committee, users):
    """A past meeting of Hovedudvalget with approved minutes, and the next
    one with an agenda of four items (one closed, one til beslutning)."""
    projects = {p.title: p for p in Project.objects.filter(municipality=committee.municipality)}
    robot = projects["Softwarerobot i lønadministrationen"]
    screens = projects["Skærmbesøg i hjemmeplejen"]
    sensors = projects["Faldsensorer i plejeboliger"]
    learning = projects["Læringsplatform i skolen"]
    now = timezone.localtime()
    lead, chair = users["projektleder"], users["formand"]

    past = Meeting.objects.create(
        committee=committee,
        starts_at=(now - timedelta(days=42)).replace(hour=14, minute=0, second=0, microsecond=0),
        place="Rådhuset, mødelokale 2",
        created_by=lead,
    )
    discussed = past.add_item(
        title="Softwarerobot i lønadministrationen: behov og idé",
        kind=AgendaItem.Kind.DISCUSSION,
        project=robot,
        description="Udvalget drøfter behovet og de første svar på de fire grundspørgsmål.",
    )
    discussed.record_outcome(
        "Udvalget er enigt om behovet for færre fejl i lønudbetalingen. Businesscasen skal "
        "vise, hvordan frigjort tid bruges, før udvalget tager stilling.",
        dissent="Medarbejdersiden ønsker en garanti for, at robotten ikke fører til afskedigelser.",
        dissent_side=Side.EMPLOYEES,
    )
    Action.objects.create(
        item=discussed,
        what="Beskriv i businesscasen, hvordan den frigjorte tid anvendes",
        owner=lead,
        deadline=(now + timedelta(days=3)).date(),
    )
    Action.objects.create(
        item=discussed,
        what="Indhent erfaringer fra to andre kommuner med lønrobotter",
        owner=users["naestformand"],
        deadline=(now - timedelta(days=10)).date(),
        status=Action.Status.DONE,
    )
    past.add_item(
        title="Skærmbesøg i hjemmeplejen: valg af leverandør",
        kind=AgendaItem.Kind.DECISION,
        project=screens,
        description="Udvalget skal tage stilling til, om pilotforsøget udvides til hele distriktet.",
    )  # not decided: carried over to the next meeting
    past.mark_held()
    past.approve_minutes(chair)

    upcoming = Meeting.objects.create(
        committee=committee,
        starts_at=(now + timedelta(days=7)).replace(hour=13, minute=0, second=0, microsecond=0),
        place="Rådhuset, mødelokale 2",
        created_by=lead,
    )
    upcoming.add_item(
        title="Softwarerobot i lønadministrationen: businesscase",
        kind=AgendaItem.Kind.DECISION,
        project=robot,
        description="Udvalget skal beslutte, om projektet kan gå videre til udvikling/anskaffelse "
        "på grundlag af businesscasen og gevinstrealiseringsplanen.",
    )
    upcoming.carry_over_undecided()
    upcoming.add_item(
        title="Faldsensorer i plejeboliger: erfaringer fra driften",
        kind=AgendaItem.Kind.INFORMATION,
        project=sensors,
        description="Orientering om de første måneders drift og om medarbejdernes oplevelse af sensorerne.",
    )
    upcoming.add_item(
        title="Læringsplatform i skolen: personaleforhold ved omlægning",
        kind=AgendaItem.Kind.DISCUSSION,
        project=learning,
        is_closed=True,
        description="Lukket punkt: drøftelse af konsekvenser for enkelte medarbejdergrupper.",
    )


def _project(municipality, lead, committees, **fields) -> Project:
    project = Project.objects.create(municipality=municipality, lead=lead, **fields)
    project.committees.set(committees)
    start_assessment(project)
    return project


class Timeline:
    """Plays one project's story through the services, as `projektleder`
    (or the project's lead) and the committee members, and dates what is
    created as if it happened over the past months, on working days."""

    def __init__(self, command, project, users, *, started_days_ago):
        self.command = command
        self.project = project
        self.assessment = project.assessment
        self.users = users
        self.lead = project.lead
        self.questions = {q.key: q for q in self.assessment.questions()}
        self.now = self._working_morning(timezone.now() - timedelta(days=started_days_ago))
        Project.objects.filter(pk=project.pk).update(created_at=self.now, updated_at=self.now)
        Assessment.objects.filter(pk=self.assessment.pk).update(created_at=self.now)

    # time

    @staticmethod
    def _working_morning(moment):
        moment = timezone.localtime(moment).replace(hour=9, minute=0, second=0, microsecond=0)
        while moment.weekday() >= 5:
            moment += timedelta(days=1)
        return moment

    def wait(self, days: int):
        self.now = self._working_morning(self.now + timedelta(days=days))

    def _tick(self):
        self.now += timedelta(minutes=23)
        if timezone.localtime(self.now).hour >= 16:
            self.now = self._working_morning(self.now + timedelta(days=1))
        latest = timezone.now() - timedelta(minutes=5)
        if self.now > latest:
            self.now = latest
        return self.now

    # writes

    def _question(self, key):
        question = self.questions.get(key)
        if question is None:
            self.command.stderr.write(f"Spørgsmålet {key} findes ikke i skabelonen; springes over.")
        return question

    def _save(self, key, author, submission, **kwargs):
        question = self._question(key)
        if question is None:
            return None
        answer = save_answer(self.assessment, question, author, submission, **kwargs)
        moment = self._tick()
        Answer.objects.filter(pk=answer.pk).update(updated_at=moment)
        answer.revisions.filter(version=answer.version).update(created_at=moment)
        return answer

    def answer(self, username, key, value=None, text=""):
        """A committee member's own answer, from the side of their seat."""
        user = self.users[username]
        seat = membership_in_project(user, self.project)
        if seat is None:
            raise CommandError(
                f"{username} har ikke plads i et udvalg, der behandler {self.project}."
            )
        return self._save(key, user, Submission(value=value, text=text), side=seat.side)

    def answers(self, key, **by_user):
        """Several members' answers to one question: a value, a text, or
        (value, text) per username."""
        question = self.questions.get(key)
        is_text = question is not None and question.kind == AnswerKind.TEXT
        for username, given in by_user.items():
            if isinstance(given, tuple):
                self.answer(username, key, value=given[0], text=given[1])
            elif is_text:
                self.answer(username, key, text=given)
            else:
                self.answer(username, key, value=given)

    def joint(self, key, status, text="", value=None):
        """The committee's joint answer, written by the project lead."""
        return self._save(
            key, self.lead, Submission(value=value, text=text, status=status), joint=True
        )

    def comment(self, username, key, body, *, resolved_by=None):
        question = self._question(key)
        if question is None:
            return None
        comment = add_comment(self.assessment, question, self.users[username], body)
        Comment.objects.filter(pk=comment.pk).update(created_at=self._tick())
        if resolved_by:
            resolve_comment(comment, self.users[resolved_by])
            Comment.objects.filter(pk=comment.pk).update(resolved_at=self._tick())
        return comment

    def move(self, note, reason=""):
        """One sub-step on, at the committee meeting."""
        try:
            transition = self.project.move_to_next_step(self.lead, note=note, reason=reason)
        except MissingAnswersNeedReason as missing:
            # Only if the standard template has grown required questions
            # since these demo answers were written.
            self.command.stderr.write(
                f"{self.project}: {missing.count} påkrævede spørgsmål mangler svar; "
                "går videre med en standardbegrundelse."
            )
            transition = self.project.move_to_next_step(
                self.lead,
                note=note,
                reason="Udvalget har valgt at gå videre og tage de åbne spørgsmål op senere.",
            )
        moment = self._tick()
        PhaseTransition.objects.filter(pk=transition.pk).update(moved_at=moment)
        Project.objects.filter(pk=self.project.pk).update(updated_at=moment)
        self.wait(3)  # the work of the next step starts some days after the meeting
        return transition


# ---------------------------------------------------------------------------
# The projects. Texts are written from each side's point of view; scale
# values run from −2 (klart negativ) to +2 (klart positiv).
# ---------------------------------------------------------------------------

FALDSENSORER = dict(
    title="Faldsensorer i plejeboliger",
    field_of_work=FieldOfWork.SOCIAL_HEALTH,
    technology_kind=TechnologyKind.SENSORS,
    need=(
        "På Plejecenter Solgården bor 64 borgere, og mange af dem har demens og høj "
        "faldrisiko. Om natten går personalet faste runder og kigger ind til alle, hvilket "
        "vækker nogle borgere og alligevel ikke opdager alle fald i tide. Natlige fald fører "
        "til indlæggelser, og nattevagterne oplever at komme for sent."
    ),
    description=(
        "Der opsættes diskrete sensorer i loftet i boligerne. De registrerer, når en borger "
        "forlader sengen eller falder, og sender en alarm til personalets telefoner. "
        "Sensorerne bruger ikke kamera, men viser en anonymiseret silhuet. Natterunderne "
        "lægges om, så personalet kun går ind, hvor der er brug for det. Løsningen er afprøvet "
        "i to andre kommuner og købes via en fælleskommunal indkøbsaftale."
    ),
    organisational_context=(
        "Personalet på Solgården har god erfaring med velfærdsteknologi som loftlifte og "
        "elektronisk medicinmodul, men nattevagterne er en lille, presset gruppe med mange "
        "vikarer. Centret har fået ny leder i år. Pårørenderådet er positivt, "
        "arbejdsmiljørepræsentanten har været med fra start, og samarbejdet i Lokal-MED er "
        "tillidsfuldt."
    ),
    complexity_maturity=HIGH,
    complexity_scale=LOW,
    complexity_cross_boundary=LOW,
    complexity_involvement=HIGH,
    complexity_duration=MEDIUM,
    local_influence=LocalInfluence.ROOM_TO_MANOEUVRE,
)


def _faldsensorer(p: Timeline):
    # Behov/problem
    p.answers(
        "kerneopgave.vaerdi",
        formand="Borgerne skal kunne sove trygt og uforstyrret, og fald skal opdages med det "
        "samme. Det er kernen i en værdig pleje om natten.",
        naestformand="Hvis sensorerne betyder, at vi ikke vækker borgerne på hver runde, er "
        "det en klar forbedring for dem. Men de skal supplere vores tilsyn, ikke erstatte det.",
    )
    p.answer(
        "amr",
        "kerneopgave.kvalitet",
        text="Vi kommer hurtigere frem til den borger, der er faldet, og kan se, hvem der er "
        "urolig. Det giver bedre pleje end en fast runde hver anden time.",
    )
    p.wait(9)
    p.move("Lokal-MED er enig i problembeskrivelsen. Projektlederen beskriver idéen nærmere.")
    # Idé
    p.joint(
        "kerneopgave.vaerdi",
        "enige",
        "Tryg og uforstyrret nattesøvn for borgerne og hurtig hjælp ved fald. Sensorerne "
        "supplerer personalets faglige tilsyn.",
    )
    p.joint(
        "kerneopgave.kvalitet",
        "enige",
        "Fald opdages inden for få minutter, og personalet bruger natten på de borgere, der "
        "har brug for hjælp.",
    )
    p.answers(
        "kerneopgave.ressourcer",
        formand="Vi forventer færre indlæggelser efter fald og at kunne undgå en ekstra "
        "nattevagt, når vi udvider med 8 boliger næste år.",
        naestformand="Vi kan ikke se, at teknologien sparer en nattevagt. Tiden på runderne "
        "flytter over i at svare på alarmer.",
    )
    p.wait(19)
    p.move("Idéen om loftsensorer uden kamera er drøftet. Udvalget ønsker at se løsningen i brug.")
    # Udforskning
    p.joint(
        "kerneopgave.ressourcer",
        "delvist_enige",
        "Enige om, at færre indlæggelser er en gevinst. Uenige om, hvorvidt tiden på "
        "runderne kan spares; det skal forsøget vise.",
    )
    p.joint(
        "kerneopgave.borgerrelation",
        "enige",
        "Relationen styrkes om natten, fordi personalet kun går ind, når der er brug for det. "
        "Pårørende skal informeres grundigt.",
    )
    p.joint(
        "opgaveloesning.arbejdsgange",
        "enige",
        "Faste runder erstattes af behovsstyret tilsyn. Dokumentationen af alarmer sker "
        "automatisk.",
    )
    p.comment(
        "amr",
        "opgaveloesning.arbejdsgange",
        "Kan vi besøge Plejecenter Egely i nabokommunen og tale med deres nattevagter, før "
        "vi beslutter forsøget?",
        resolved_by="projektleder",
    )
    p.wait(30)
    p.move(
        "Besøg på to plejecentre med sensorer er gennemført. Forsøg godkendt i to "
        "bofællesskaber (16 boliger) i tre måneder."
    )
    # Prototype/forsøg
    p.joint(
        "kompetenceudvikling.nysgerrig-tilgang",
        "enige",
        "Nattevagterne er med i forsøget fra dag ét og mødes hver fjortende dag med "
        "projektlederen om, hvad der virker.",
    )
    p.joint(
        "inddragelse.typer-af-inddragelse",
        "enige",
        "Medindflydelse på opsætning og nye arbejdsgange; information til borgere og "
        "pårørende; pårørenderådet høres.",
    )
    p.joint(
        "inddragelse.principielle-diskussioner",
        "enige",
        "Samtykke fra borgere med demens og brug af data fra sensorerne drøftes i Lokal-MED "
        "og i Område-MED Social og Sundhed.",
    )
    p.joint(
        "inddragelse.andre-parter",
        "enige",
        "Pårørenderådet, sygeplejen, IT og den fælleskommunale indkøbsfunktion.",
    )
    p.joint("inddragelse.niveau", "enige", value="medindflydelse")
    p.wait(88)
    p.move(
        "Forsøget er evalueret: 11 fald opdaget inden for fem minutter, ingen natlige "
        "indlæggelser. Udvalget anbefaler en businesscase for hele Solgården."
    )
    # Businesscase & gevinstkortlægning
    p.answers(
        "opgaveloesning.det-gode-arbejde.sundt-og-sikkert",
        formand=2,
        leder=2,
        naestformand=(1, "Færre runder giver mindre fysisk slid, men flere alarmer kan stresse."),
        medlem=2,
        amr=2,
    )
    p.answers(
        "opgaveloesning.det-gode-arbejde.realistisk",
        formand=1,
        leder=2,
        naestformand=1,
        medlem=1,
        amr=2,
    )
    p.answers(
        "kerneopgave.utilsigtet.overvaagning-kontrol",
        formand=0,
        leder=(1, "Sensorerne ser kun en silhuet og gemmer ikke billeder."),
        naestformand=(
            -1,
            "Loggen viser, hvornår vi reagerer på en alarm. Den må ikke bruges til at måle "
            "den enkelte nattevagt.",
        ),
        medlem=-1,
        amr=0,
    )
    p.answers(
        "kerneopgave.utilsigtet.teknologi-i-relationen",
        formand=1,
        leder=1,
        naestformand=1,
        medlem=0,
        amr=1,
    )
    p.answers("kerneopgave.dataetik.vaerdighed", formand="ja", naestformand="ja", medlem="ja")
    p.answers(
        "kerneopgave.dataetik.privatliv",
        formand="ja",
        naestformand=("ja", "Ingen kameraer, kun silhuet."),
        medlem="ved_ikke",
    )
    p.answers(
        "kerneopgave.dataetik.selvbestemmelse",
        formand="ja",
        naestformand=(
            "nej",
            "Borgere med svær demens kan ikke selv give samtykke; det er de pårørende, der "
            "beslutter.",
        ),
        amr="ved_ikke",
    )
    for key, status, text in (
        (
            "kerneopgave.omkostninger-bivirkninger",
            "enige",
            "Indkøb og opsætning 780.000 kr., drift 95.000 kr. om året. Risiko for falske "
            "alarmer og for, at tilsynet bliver for teknisk.",
        ),
        (
            "opgaveloesning.faglighed",
            "enige",
            "Den faglige vurdering ved sengen er uændret; sensorerne giver bedre grundlag for "
            "at prioritere natten.",
        ),
        (
            "opgaveloesning.kollegiale-relationer",
            "enige",
            "Nattevagterne skal aftale, hvem der tager hvilke alarmer. Det kræver tydelige "
            "aftaler ved vagtskifte.",
        ),
        (
            "opgaveloesning.arbejdsmiljoe",
            "delvist_enige",
            "Mindre fysisk slid og færre forgæves runder. Medarbejdersiden er bekymret for "
            "alarmtræthed; det følges i drift.",
        ),
        (
            "opgaveloesning.usynligt-arbejde",
            "enige",
            "Den lille snak med den borger, der ikke kan sove, skal bevares. Runderne "
            "afskaffes ikke helt hos de mest urolige.",
        ),
        (
            "kompetenceudvikling.behov",
            "enige",
            "Betjening af app og sensorer, vurdering af alarmer og samtale med pårørende om "
            "samtykke.",
        ),
        (
            "kompetenceudvikling.roller-og-relationer",
            "enige",
            "To superbrugere pr. vagtlag; sygeplejersken får rollen som fagligt ansvarlig for "
            "alarmopsætningen.",
        ),
        (
            "inddragelse.fleksibel-plan",
            "enige",
            "Udrulning i tre etaper med evaluering i Lokal-MED efter hver etape.",
        ),
    ):
        p.joint(key, status, text)
    p.wait(55)
    p.move(
        "Businesscasen er godkendt af Lokal-MED og Område-MED Social og Sundhed. "
        "Gevinstrealiseringsplanen følges kvartalsvis."
    )
    # Specifikation
    p.answers(
        "kompetencehjul.anvendelse.brugerkompetencer",
        formand="kunne",
        leder="kunne",
        naestformand="kunne",
        medlem="kunne",
        amr="kunne",
    )
    p.answers(
        "kompetencehjul.teknologiforstaaelse.teknologivurdering",
        formand="kende",
        naestformand=(
            "kunne",
            "Nattevagterne skal kunne vurdere, om alarmerne er indstillet rigtigt.",
        ),
    )
    p.answers(
        "kompetencehjul.teknologiforstaaelse.retssikkerhed-og-etik",
        formand="kunne",
        naestformand="mestre",
        amr="mestre",
    )
    p.answer(
        "leder", "kompetencehjul.udvikling-og-implementering.implementering-og-anskaffelse", "kunne"
    )
    p.answers("kompetenceudvikling.princip.praksisnaer", formand="ja", naestformand="ja")
    p.answers(
        "kompetenceudvikling.princip.differentieret",
        formand="ja",
        medlem=("nej", "Vikarer og faste nattevagter får ikke den samme oplæring."),
    )
    p.answers(
        "kompetenceudvikling.differentieret-tilrettelaeggelse",
        medlem="Vikarerne skal have en kort, praktisk introduktion på vagten, ikke et "
        "e-læringskursus, de aldrig når.",
        leder="Vi laver en lommeguide og en fast introduktion ved første nattevagt. "
        "Superbrugerne følger op.",
    )
    p.comment(
        "medlem",
        "kompetenceudvikling.differentieret-tilrettelaeggelse",
        "Hvem betaler for vikarernes oplæringstid?",
        resolved_by="formand",
    )
    p.joint(
        "kompetenceudvikling.differentieret-tilrettelaeggelse",
        "delvist_enige",
        "Lommeguide og introduktion på første vagt. Medarbejdersiden ønsker betalt "
        "oplæringstid for faste vikarer; ledelsen undersøger budgettet.",
    )
    p.joint(
        "inddragelse.meningsfuld-implementering",
        "enige",
        "Hvert bofællesskab vælger selv, hvornår det går i gang, og superbrugerne er med til "
        "at indstille alarmerne.",
    )
    p.wait(38)
    p.move("Kravspecifikationen er godkendt. Sensorerne bestilles på den fælleskommunale aftale.")
    # Udvikling eller anskaffelse
    p.wait(58)
    p.move(
        "Leverandøren har installeret sensorer i alle 64 boliger.",
        reason="Planen for vedvarende oplæring laves sammen med leverandøren i "
        "implementeringen. Punktet står på dagsordenen til næste møde i Lokal-MED.",
    )
    # Implementering
    p.answer(
        "medlem",
        "opgaveloesning.forhold.driftssikkerhed",
        -1,
        "Nogle alarmer kommer, når borgeren bare vender sig i sengen.",
    )
    p.answers(
        "opgaveloesning.arbejdsmiljoe",
        naestformand="Natten er blevet roligere for borgerne, men telefonen bipper hele tiden "
        "i den første måned.",
        formand="Færre fysiske runder og færre akutte situationer. Vi skal have styr på de "
        "falske alarmer.",
    )
    p.wait(60)
    p.move(
        "Alle boliger er i drift. Lokal-MED følger op på falske alarmer hver måned det første "
        "halve år."
    )
    # Drift
    p.answer(
        "medlem",
        "opgaveloesning.forhold.driftssikkerhed",
        -2,
        "Flere falske alarmer efter opdateringen i sidste måned. Vi løber forgæves flere gange "
        "hver nat.",
    )
    p.answers(
        "opgaveloesning.forhold.driftssikkerhed",
        formand=(1, "Oppetiden er over 99 %, og leverandøren retter fejl inden for et døgn."),
        leder=1,
        naestformand=-1,
        amr=(-2, "For mange falske alarmer om natten. Det slider på nattevagterne."),
    )
    p.joint(
        "opgaveloesning.forhold.driftssikkerhed",
        "uenige",
        "Ledelsen vurderer driftssikkerheden som god (oppetid over 99 %). Medarbejdersiden "
        "oplever for mange falske alarmer. Leverandøren skal justere følsomheden.",
        value=0,
    )
    p.joint(
        "kerneopgave.kvalitet",
        "enige",
        "Antallet af natlige fald med indlæggelse er halveret det første halve år, og "
        "borgerne bliver sjældnere vækket.",
    )
    p.joint(
        "kompetenceudvikling.praksisnaer-og-vedholdende",
        "aabent",
        "Superbrugerne holder en kort gennemgang på personalemøder hver måned. Vikarerne er "
        "stadig et åbent punkt.",
    )
    p.comment(
        "amr",
        "opgaveloesning.forhold.driftssikkerhed",
        "Leverandøren har lovet en ny version, der skelner bedre mellem at vende sig og at "
        "rejse sig. Kan vi få en dato?",
    )
    p.comment(
        "projektleder",
        "opgaveloesning.forhold.driftssikkerhed",
        "Den nye version er lovet inden for seks uger. Jeg melder tilbage på næste møde.",
    )


SKAERMBESOEG = dict(
    title="Skærmbesøg i hjemmeplejen",
    field_of_work=FieldOfWork.SOCIAL_HEALTH,
    technology_kind=TechnologyKind.VIDEO,
    need=(
        "Hjemmeplejen Nord kan ikke nå alle planlagte besøg, især i yderdistrikterne, hvor "
        "kørsel udgør op mod en tredjedel af arbejdsdagen. Vi mangler social- og "
        "sundhedshjælpere, og en del borgere har brug for korte, faste kontakter – fx "
        "påmindelse om medicin eller en tryghedssamtale – snarere end praktisk hjælp."
    ),
    description=(
        "Udvalgte besøg erstattes af skærmbesøg via en tablet hos borgeren, især "
        "medicinpåmindelser, morgen- og aftentjek og opfølgning efter udskrivelse. Borgeren "
        "visiteres individuelt, og et skærmbesøg kan altid afløses af et fysisk besøg. "
        "Løsningen købes som standardprodukt, men visitation og arbejdsgange tilrettelægges "
        "lokalt."
    ),
    organisational_context=(
        "Hjemmeplejen har tidligere indført elektronisk medicinadministration og "
        "ruteplanlægning, så mange er vant til tablets, men der er stor forskel på "
        "teknologivanthed mellem dag- og aftenvagter. Området er midt i en omlægning af "
        "distrikterne. Direktionen bakker op, og samarbejdet i Lokal-MED er godt, men "
        "medarbejdersiden frygter, at skærmbesøg bliver en spareøvelse."
    ),
    complexity_maturity=MEDIUM,
    complexity_scale=HIGH,
    complexity_cross_boundary=MEDIUM,
    complexity_involvement=HIGH,
    complexity_duration=MEDIUM,
    local_influence=LocalInfluence.ROOM_TO_MANOEUVRE,
)


def _skaermbesoeg(p: Timeline):
    # Behov/problem
    p.answers(
        "kerneopgave.vaerdi",
        formand="Borgerne skal have hjælp til tiden, også når vi mangler hænder. Korte "
        "skærmbesøg kan give fast kontakt og tryghed uden at bruge en halv time i bilen.",
        naestformand="Værdien for borgeren er den menneskelige kontakt. Et skærmbesøg kan "
        "være fint til en medicinpåmindelse, men det er ikke pleje.",
        medlem="Nogle af mine borgere vil gerne have et kort opkald i stedet for at vente på, "
        "at vi kommer. Andre bliver forvirrede af en skærm.",
    )
    p.joint(
        "kerneopgave.vaerdi",
        "enige",
        "Fast og forudsigelig kontakt til borgere, der mest har brug for påmindelser og "
        "tryghed. Skærmbesøg er et tilbud, ikke et krav.",
    )
    p.wait(13)
    p.move(
        "Lokal-MED anerkender problemet med kørselstid og mangel på personale og beder "
        "projektlederen beskrive idéen om skærmbesøg."
    )
    # Idé
    p.answers(
        "kerneopgave.borgerrelation",
        formand="Relationen kan styrkes, fordi kontakten bliver hyppigere og kommer til tiden.",
        naestformand="Vi ser borgeren dårligere på en skærm. Vi opdager ikke, at køleskabet "
        "er tomt, eller at tæppet er krøllet.",
        amr="Relationen ændrer sig. Det kan være godt for nogle og dårligt for andre – vi "
        "skal kunne vælge fra.",
    )
    p.answers(
        "kerneopgave.ressourcer",
        leder="Kørselstiden i yderdistrikterne kan reduceres med op til 20 %, og tiden kan "
        "bruges på de tunge besøg.",
    )
    p.answers(
        "opgaveloesning.arbejdsgange",
        formand="Planlægningen bliver lettere, når korte besøg ikke kræver kørsel.",
        medlem="Det kræver, at skærmbesøgene ligger fast i planen og ikke bliver klemt ind "
        "mellem to fysiske besøg.",
    )
    p.answers(
        "inddragelse.niveau",
        formand="medindflydelse",
        leder="medindflydelse",
        naestformand=(
            "information",
            "Indtil nu er vi kun blevet informeret. Beslutningen om at købe skærme er taget.",
        ),
        medlem="information",
    )
    p.joint(
        "kerneopgave.borgerrelation",
        "aabent",
        "Udvalget er ikke enigt om, hvordan relationen påvirkes. Forsøget skal vise det.",
    )
    p.comment(
        "amr",
        "kerneopgave.borgerrelation",
        "Kan vi få borgernes egen vurdering med i forsøget, fx fem korte interviews?",
    )
    p.wait(20)
    p.move(
        "Idéen om skærmbesøg til medicinpåmindelser og tryghedsopkald skal udforskes. "
        "Medarbejdersiden udpeger to medarbejdere til arbejdsgruppen."
    )
    # Udforskning
    p.joint(
        "opgaveloesning.arbejdsgange",
        "delvist_enige",
        "Enige om, at korte besøg uden kørsel frigør tid. Medarbejdersiden ønsker faste tider "
        "til skærmbesøg i planen.",
    )
    p.joint(
        "inddragelse.niveau",
        "delvist_enige",
        "Ledelsen vil give medindflydelse på visitation og arbejdsgange; medarbejdersiden "
        "oplever, at de indtil videre kun er informeret.",
        value="medindflydelse",
    )
    p.wait(55)
    p.move(
        "Udforskningen er afsluttet med besøg i to kommuner. Forsøg godkendt med 12 borgere "
        "i otte uger."
    )
    # Prototype/forsøg
    p.answers(
        "kerneopgave.kvalitet",
        amr="Medicinen bliver taget til tiden hos de borgere, der var med i forsøget. Det er "
        "en reel forbedring.",
        formand="Forsøget viser færre glemte doser og færre aflyste besøg.",
    )
    p.joint(
        "kerneopgave.kvalitet",
        "enige",
        "Færre glemte doser og færre aflyste besøg hos de 12 borgere i forsøget.",
    )
    p.comment(
        "medlem",
        "kerneopgave.kvalitet",
        "To af borgerne i forsøget fik et fysisk besøg ekstra, fordi forbindelsen svigtede. "
        "Tæller det med i evalueringen?",
        resolved_by="projektleder",
    )
    p.wait(55)
    p.move(
        "Forsøget er evalueret i Lokal-MED. Udvalget ønsker en businesscase for 60 borgere.",
        reason="Forsøget har givet svar på de vigtigste spørgsmål om værdi og kvalitet. "
        "Spørgsmålene om ressourcer, inddragelse og andre parter besvares i businesscasen, "
        "hvor tallene fra forsøget indgår. Aftalt på seneste møde i Lokal-MED.",
    )
    # Businesscase & gevinstkortlægning
    p.answers(
        "kerneopgave.utilsigtet.virtuelle-moeder",
        formand=(
            1,
            "Korte skærmbesøg frigør tid til de lange fysiske besøg, hvor der er brug for det.",
        ),
        leder=2,
        naestformand=(
            -2,
            "Vi mister det blik, man kun får i hjemmet: hygiejnen, maden, om borgeren er faldet.",
        ),
        medlem=-1,
        amr=-1,
    )
    p.answers(
        "kerneopgave.utilsigtet.teknologi-i-relationen",
        formand=1,
        leder=1,
        naestformand=-1,
        medlem=(-2, "Mange af vores borgere er ensomme. En skærm er ikke en hånd på skulderen."),
        amr=-1,
    )
    p.answers(
        "kerneopgave.utilsigtet.overvaagning-kontrol",
        formand=0,
        leder=0,
        naestformand=(
            -1,
            "Opkaldene logges med varighed. Vi frygter, at det bliver brugt til at måle den "
            "enkelte.",
        ),
        medlem=-1,
        amr=-2,
    )
    p.answers(
        "opgaveloesning.det-gode-arbejde.sundt-og-sikkert",
        formand=2,
        leder=1,
        naestformand=(1, "Mindre kørsel på glatte veje om vinteren er godt for alle."),
        medlem=1,
        amr=1,
    )
    p.answers(
        "opgaveloesning.det-gode-arbejde.realistisk",
        formand=2,
        leder=2,
        naestformand=1,
        medlem=0,
        amr=1,
    )
    p.answers(
        "opgaveloesning.det-gode-arbejde.meningsfyldt",
        formand=1,
        leder=1,
        naestformand=(-2, "Vi er uddannet til omsorg, ikke til at ringe op fra et kontor."),
        medlem=-1,
        amr=-1,
    )
    p.answers(
        "opgaveloesning.traek.medialisering",
        formand=1,
        leder=0,
        naestformand=-2,
        medlem=-1,
    )
    p.answers(
        "opgaveloesning.forhold.driftssikkerhed",
        formand=0,
        naestformand=-1,
        medlem=(-1, "I forsøget faldt forbindelsen ud hos borgere i yderområderne."),
        amr=0,
    )
    p.answers(
        "kerneopgave.dataetik.privatliv",
        formand="ja",
        leder="ja",
        naestformand="ved_ikke",
        medlem=("nej", "Skærmen står i borgerens stue. Hvem kan se med under opkaldet?"),
        amr="ved_ikke",
    )
    p.answers("kerneopgave.dataetik.vaerdighed", formand="ja", naestformand="ved_ikke", medlem="ja")
    p.answers(
        "kerneopgave.dataetik.selvbestemmelse",
        formand="ja",
        naestformand=("ja", "Borgeren kan altid sige nej tak til skærmbesøg."),
        medlem="ja",
    )
    p.answers("kerneopgave.dataetik.gdpr", formand="ja", leder="ja", naestformand="ja")
    p.answers(
        "kerneopgave.ressourcer",
        formand="Businesscasen viser 1,8 årsværk i sparet kørselstid, som bliver i "
        "hjemmeplejen og bruges på de tunge besøg.",
        naestformand="Vi vil have skriftligt, at den sparede tid bliver i hjemmeplejen og ikke "
        "hentes i næste års budget.",
    )
    p.answers(
        "kerneopgave.omkostninger-bivirkninger",
        formand="Tablets, licenser og support koster ca. 420.000 kr. om året. Bivirkningen "
        "kan være, at enkelte borgere føler sig mere alene; det følger vi op på.",
        naestformand="Den største omkostning er den, der ikke står i regnearket: de ting, vi "
        "ikke opdager, fordi vi ikke er i hjemmet.",
    )
    p.answers(
        "opgaveloesning.faglighed",
        formand="Fagligheden bruges til at vurdere, hvem der kan få skærmbesøg, og hvornår "
        "der skal et fysisk besøg til.",
        naestformand="Vores faglige blik i hjemmet kan ikke erstattes af en skærm. Visitationen "
        "skal ske sammen med den faste medarbejder.",
    )
    p.answer(
        "naestformand",
        "opgaveloesning.arbejdsmiljoe",
        text="Vi er bekymrede for at sidde alene og ringe op efter hinanden hele vagten.",
    )
    p.answers(
        "opgaveloesning.arbejdsmiljoe",
        formand="Mindre kørsel og færre forsinkelser mellem besøgene giver et roligere "
        "arbejdsmiljø.",
        amr="Skærmbesøg skal foregå i et rum, hvor man kan tale uforstyrret, ikke i frokoststuen.",
    )
    p.answers(
        "opgaveloesning.usynligt-arbejde",
        medlem="Når vi er i hjemmet, ser vi meget, vi aldrig skriver ned: om borgeren har "
        "spist, om der lugter, om naboen kigger ind. Det forsvinder på en skærm.",
        leder="Vi skal sikre, at alle borgere med skærmbesøg stadig får et fysisk besøg mindst "
        "én gang om ugen.",
    )
    p.joint(
        "kerneopgave.borgerrelation",
        "delvist_enige",
        "Enige om, at hyppigere kontakt er en fordel for nogle borgere. Medarbejdersiden "
        "vurderer, at relationen svækkes for ensomme borgere; visitationen skal tage højde "
        "for det.",
    )
    p.joint(
        "kerneopgave.ressourcer",
        "delvist_enige",
        "1,8 årsværk i sparet kørselstid. Ledelsen anbefaler, at tiden bliver i hjemmeplejen "
        "i projektperioden; medarbejdersiden ønsker det som en varig aftale.",
    )
    p.joint(
        "kerneopgave.omkostninger-bivirkninger",
        "uenige",
        "Ledelsen: ca. 420.000 kr. om året, opvejet af sparet kørselstid. Medarbejdersiden: "
        "risikoen for, at vi overser forringelser hos borgeren, er ikke vurderet.",
    )
    p.joint(
        "opgaveloesning.faglighed",
        "enige",
        "Visitation til skærmbesøg sker sammen med den faste medarbejder, som kender borgeren.",
    )
    p.joint(
        "opgaveloesning.usynligt-arbejde",
        "aabent",
        "Hvordan bevarer vi det, vi ser i hjemmet? Arbejdsgruppen kommer med et forslag.",
    )
    p.comment(
        "naestformand",
        "kerneopgave.omkostninger-bivirkninger",
        "Kan vi få tallene for kørselstid fordelt på distrikter før næste møde?",
        resolved_by="projektleder",
    )
    p.comment(
        "formand",
        "opgaveloesning.usynligt-arbejde",
        "Forslag: to medarbejdere fører logbog i en uge over, hvad de ser i hjemmet, som ikke "
        "bliver dokumenteret.",
    )
    p.answer(
        "naestformand",
        "opgaveloesning.arbejdsmiljoe",
        text="Vi er bekymrede for at sidde alene og ringe op efter hinanden hele vagten. På "
        "netværksmødet fortalte kolleger fra andre kommuner, at skærmbesøg skal blandes med "
        "fysiske besøg, ellers bliver arbejdet ensformigt.",
    )
    p.joint(
        "opgaveloesning.arbejdsmiljoe",
        "delvist_enige",
        "Mindre kørsel er en fordel. Skærmbesøg skal blandes med fysiske besøg på samme vagt "
        "og foregå i et uforstyrret rum.",
    )
    p.wait(44)
    p.move(
        "Lokal-MED og Område-MED Social og Sundhed anbefaler at gå videre med skærmbesøg til "
        "op til 60 borgere. Medarbejdersiden tager forbehold for omkostninger og bivirkninger; "
        "evaluering efter seks måneder.",
        reason="Kompetencebehov, roller og plan afhænger af den leverandør, vi vælger, og "
        "besvares i specifikationsfasen. Usynligt arbejde er et åbent punkt, som "
        "arbejdsgruppen følger.",
    )
    # Specifikation
    p.answers(
        "kompetencehjul.anvendelse.brugerkompetencer",
        formand="kunne",
        naestformand=("mestre", "Alle skal kunne hjælpe borgeren, når forbindelsen driller."),
        medlem="mestre",
        amr="kunne",
    )
    p.answers(
        "kompetencehjul.formidling-og-kommunikation.digital-kommunikation-1-1",
        formand="mestre",
        naestformand="mestre",
        medlem="kunne",
    )
    p.answers(
        "kompetencehjul.anvendelse.data-og-informationssikkerhed",
        formand="kende",
        naestformand="kunne",
    )
    p.answers(
        "kompetencehjul.formidling-og-kommunikation.formidling-til-borgere-og-kolleger",
        formand="kunne",
        medlem="mestre",
    )
    p.answers(
        "kompetenceudvikling.princip.praksisnaer",
        formand="ja",
        naestformand=("nej", "Planen er et e-læringskursus. Det er ikke nok."),
    )
    p.answers("kompetenceudvikling.princip.vedvarende", formand="ja", naestformand="ved_ikke")
    p.answers(
        "kompetenceudvikling.behov",
        formand="Alle skal kunne gennemføre et skærmbesøg og vurdere, hvornår et fysisk besøg "
        "er nødvendigt.",
        naestformand="Ud over teknikken skal vi lære at føre en god samtale på skærm med "
        "borgere, der hører dårligt eller har demens.",
    )
    p.joint(
        "kompetenceudvikling.behov",
        "enige",
        "Teknisk betjening, samtaleteknik på skærm og vurdering af, hvornår et fysisk besøg er "
        "nødvendigt.",
    )
    p.joint(
        "opgaveloesning.kollegiale-relationer",
        "delvist_enige",
        "Skærmbesøg skal ikke samles hos få medarbejdere. Ledelsen vil prøve en rotation; "
        "medarbejdersiden ønsker den skrevet ind i planlægningen.",
    )
    p.joint(
        "kerneopgave.borgerrelation",
        "enige",
        "Skærmbesøg tilbydes kun borgere, der selv ønsker det, og den faste medarbejder "
        "vurderer hver tredje måned, om det stadig passer.",
    )
    p.answer(
        "naestformand",
        "opgaveloesning.arbejdsmiljoe",
        text="Vi er bekymrede for at sidde alene og ringe op efter hinanden hele vagten. På "
        "netværksmødet fortalte kolleger fra andre kommuner, at skærmbesøg skal blandes med "
        "fysiske besøg, ellers bliver arbejdet ensformigt. Med den aftalte rotation og et "
        "fast rum er vi trygge ved at gå videre.",
    )
    p.comment(
        "amr",
        "kompetencehjul.anvendelse.brugerkompetencer",
        "Skal der være superbrugere på aftenvagten også? Det er der, de fleste tryghedsopkald "
        "ligger.",
    )
    p.wait(18)
    p.move(
        "Kravspecifikationen er godkendt. Løsningen anskaffes på den fælleskommunale "
        "rammeaftale; to medarbejdere deltager i afprøvningen af leverandørernes løsninger."
    )


SOFTWAREROBOT = dict(
    title="Softwarerobot i lønadministrationen",
    field_of_work=FieldOfWork.ADMINISTRATION,
    technology_kind=TechnologyKind.RPA,
    need=(
        "Lønadministrationen bruger mange timer hver måned på manuelle, regelstyrede opgaver: "
        "indtastning af tillæg og timesedler fra institutionerne, kontrol af fravær mod "
        "lønsystemet og oprettelse af nyansatte. Fejl opdages ofte først, når lønnen er "
        "udbetalt, og tilbagebetalinger belaster både medarbejdere og ledere. Op til "
        "lønkørslen er der overarbejde."
    ),
    description=(
        "En softwarerobot (RPA) overtager tre afgrænsede arbejdsgange: indlæsning af "
        "timesedler, kontrol af fraværsregistreringer og oprettelse af nyansatte i "
        "lønsystemet. Robotten arbejder i de eksisterende systemer med sin egen brugerkonto, "
        "og sager, den ikke kan afgøre entydigt, sendes til en lønkonsulent. Den frigjorte tid "
        "skal bruges på rådgivning af ledere og færre fejl."
    ),
    organisational_context=(
        "Lønadministrationen er et team på 11 med høj faglighed, men uden erfaring med "
        "automatisering. Kommunen har ikke brugt softwarerobotter før, så projektet er også "
        "en principiel sag for Hovedudvalget. Afdelingen har netop skiftet ESDH-system, og "
        "mange er trætte af forandringer. Direktionen forventer en gevinst i næste års budget, "
        "hvilket medarbejdersiden oplever som et pres."
    ),
    complexity_maturity=MEDIUM,
    complexity_scale=LOW,
    complexity_cross_boundary=HIGH,
    complexity_involvement=MEDIUM,
    complexity_duration=LOW,
    local_influence=LocalInfluence.LOCAL_INITIATIVE,
)


def _softwarerobot(p: Timeline):
    # Behov/problem
    p.answers(
        "kerneopgave.vaerdi",
        formand="Rigtig løn til tiden er grundlaget for et godt arbejdsliv for kommunens "
        "7.000 ansatte. Færre fejl betyder færre tilbagebetalinger.",
        tr="Værdien er korrekt løn og en lønkonsulent, man kan ringe til. Den må ikke "
        "forsvinde bag en robot.",
    )
    p.answers(
        "kerneopgave.ressourcer",
        formand="Vi regner med at frigøre ca. 1,5 årsværk til rådgivning og kontrol.",
        naestformand="Frigjort tid skal blive i afdelingen. Vi har haft overarbejde i to år.",
        tr="Vi skal vide, hvad der sker med de stillinger, hvor tastearbejdet fylder mest.",
    )
    p.answers(
        "opgaveloesning.arbejdsgange",
        medlem="Indtastning af timesedler er monotont og fejlbehæftet. Det vil jeg gerne af med.",
        leder="Robotten tager de regelstyrede trin; lønkonsulenten tager de sager, der kræver "
        "skøn.",
    )
    p.answers(
        "inddragelse.principielle-diskussioner",
        naestformand="Det er kommunens første softwarerobot. Hovedudvalget skal drøfte "
        "principper for robotter, før vi går videre.",
        formand="Enig. Vi foreslår, at Hovedudvalget vedtager principper for brug af robotter, "
        "som også gælder senere projekter.",
    )
    p.answers("inddragelse.princip.tidlig-inddragelse", formand="ja", naestformand="ja")
    p.joint(
        "kerneopgave.vaerdi",
        "enige",
        "Korrekt løn til tiden og færre tilbagebetalinger. Lønkonsulenterne er fortsat "
        "kontaktpersoner for ledere og medarbejdere.",
    )
    p.joint(
        "opgaveloesning.arbejdsgange",
        "enige",
        "Robotten overtager indtastning og kontrol; lønkonsulenterne tager afvigelser og "
        "rådgivning.",
    )
    p.wait(9)
    p.move("Lokal-MED Løn og Personale er enig i behovet. Sagen orienteres i Hovedudvalget.")
    # Idé
    p.joint(
        "kerneopgave.kvalitet",
        "enige",
        "Færre tastefejl og ensartet kontrol af fravær. Fejl fanges før lønkørslen.",
    )
    p.joint(
        "kerneopgave.ressourcer",
        "delvist_enige",
        "Ca. 1,5 årsværk frigøres. Enige om, at tiden bruges på rådgivning i projektperioden; "
        "det varige brug af tiden aftales i businesscasen.",
    )
    p.joint(
        "kerneopgave.borgerrelation",
        "enige",
        "Projektet er backstage og berører ikke borgerne direkte.",
    )
    p.answers("inddragelse.princip.agile-forloeb", formand="ja", tr="ved_ikke")
    p.wait(13)
    p.move(
        "Idéen er præsenteret for Hovedudvalget, som bakker op og beder om principper for "
        "softwarerobotter."
    )
    # Udforskning
    p.joint(
        "kompetenceudvikling.nysgerrig-tilgang",
        "enige",
        "To lønkonsulenter er med til at kortlægge arbejdsgangene og teste robotten.",
    )
    p.joint(
        "inddragelse.typer-af-inddragelse",
        "enige",
        "Medbestemmelse om, hvilke arbejdsgange robotten tager; medindflydelse på den nye "
        "arbejdsdeling.",
    )
    p.joint(
        "inddragelse.principielle-diskussioner",
        "delvist_enige",
        "Hovedudvalget drøfter principper for softwarerobotter. Medarbejdersiden ønsker en "
        "beskæftigelsesgaranti skrevet ind; ledelsen vil drøfte det i businesscasen.",
    )
    p.joint(
        "inddragelse.andre-parter",
        "enige",
        "Institutionsledere, der sender timesedler; IT og informationssikkerhed; "
        "lønsystemets leverandør.",
    )
    p.comment(
        "tr",
        "inddragelse.andre-parter",
        "Husk skolernes sekretærer – det er dem, der laver timesedlerne.",
        resolved_by="projektleder",
    )
    p.wait(19)
    p.move("Arbejdsgangene er kortlagt. Proof of concept på timesedler for tre institutioner.")
    # Prototype/forsøg
    p.wait(33)
    p.move(
        "Proof of concept: robotten indlæste 412 timesedler med to fejl, som begge blev "
        "fanget af kontrollen. Udvalget beder om en businesscase."
    )
    # Businesscase & gevinstkortlægning
    p.answers(
        "opgaveloesning.traek.standardisering",
        formand=2,
        leder=2,
        naestformand=1,
        medlem=1,
        tr=(1, "Ensartet behandling er godt, så længe afvigelserne stadig ser et menneske."),
    )
    p.answers(
        "opgaveloesning.traek.formalisering",
        formand=1,
        leder=1,
        naestformand=(-1, "Vores skøn i de skæve sager kan ikke skrives ind i en robot."),
        medlem=-1,
        tr=-2,
    )
    p.answers(
        "opgaveloesning.det-gode-arbejde.meningsfyldt",
        formand=(2, "Mindre tastearbejde og mere rådgivning af lederne."),
        leder=1,
        naestformand=-1,
        medlem=(
            -2,
            "Hvis robotten tager de nemme sager, sidder vi kun tilbage med de svære sager og "
            "klagerne.",
        ),
        tr=-1,
    )
    p.answers(
        "opgaveloesning.det-gode-arbejde.udviklende",
        formand=2,
        leder=2,
        naestformand=1,
        medlem=0,
        tr=1,
    )
    p.answers(
        "opgaveloesning.det-gode-arbejde.realistisk",
        formand=2,
        leder=1,
        naestformand=1,
        medlem=(2, "Ugen før lønkørsel bliver endelig til at overskue."),
        tr=1,
    )
    p.answers(
        "opgaveloesning.forhold.transparens",
        formand=0,
        leder=1,
        naestformand=(
            -2,
            "Robottens log viser, hvem der har rettet hvad og hvornår. Den må ikke bruges til "
            "at måle den enkelte.",
        ),
        medlem=-1,
        tr=-2,
    )
    p.answers(
        "kerneopgave.utilsigtet.data-algoritmer-profilering",
        formand=0,
        naestformand=-1,
        tr=0,
    )
    p.answers(
        "kerneopgave.dataetik.ansvarlighed",
        formand="ja",
        naestformand=("ved_ikke", "Hvem har ansvaret, når robotten laver fejl i lønnen?"),
        tr="nej",
    )
    p.answers("kerneopgave.dataetik.gennemsigtighed", formand="ja", naestformand="ja")
    p.answers("kerneopgave.dataetik.gdpr", formand="ja", leder="ja", naestformand="ja")
    p.answers(
        "kerneopgave.omkostninger-bivirkninger",
        formand="Udvikling 350.000 kr. og drift 120.000 kr. om året. Gevinsten er færre fejl "
        "og tid til rådgivning.",
        naestformand="Bivirkningen er, at vi mister overblikket over sagerne, fordi vi kun ser "
        "afvigelserne. Det skal med i businesscasen.",
    )
    p.answers(
        "opgaveloesning.usynligt-arbejde",
        medlem="Når jeg taster timesedler, opdager jeg, når en institution gang på gang laver "
        "samme fejl, og ringer til dem. Det gør robotten ikke.",
        tr="De små opkald til sekretærerne er det, der holder fejlene nede. Det arbejde står "
        "ingen steder.",
    )
    p.answers(
        "kompetenceudvikling.roller-og-relationer",
        leder="Lønkonsulenterne bliver rådgivere og robotansvarlige. Det er en opkvalificering.",
        naestformand="Vi er bekymrede for, at stillinger nedlægges, når robotten er i drift. "
        "Det påvirker samarbejdet i teamet allerede nu.",
    )
    p.answer(
        "medlem",
        "opgaveloesning.kollegiale-relationer",
        text="Vi hjælper hinanden meget op til lønkørslen. Hvis nogle bliver robotansvarlige og "
        "andre ikke, kan der opstå et A- og B-hold.",
    )
    p.joint(
        "kerneopgave.omkostninger-bivirkninger",
        "aabent",
        "Udvikling og drift er opgjort. Risikoen for tab af overblik skal belyses, før "
        "businesscasen kan godkendes.",
    )
    p.joint(
        "opgaveloesning.usynligt-arbejde",
        "delvist_enige",
        "Enige om, at opfølgningen over for institutionerne skal bevares. Uenige om, hvor "
        "meget tid der skal afsættes til det.",
    )
    p.joint(
        "kompetenceudvikling.roller-og-relationer",
        "uenige",
        "Ledelsen ser nye roller som rådgiver og robotansvarlig. Medarbejdersiden ønsker en "
        "garanti mod afskedigelser, før rollerne ændres.",
    )
    p.joint(
        "inddragelse.fleksibel-plan",
        "enige",
        "Én arbejdsgang ad gangen med evaluering i Lokal-MED, før den næste automatiseres.",
    )
    p.comment(
        "tr",
        "kompetenceudvikling.roller-og-relationer",
        "Medarbejdersiden ønsker en skriftlig garanti for, at robotten ikke fører til "
        "afskedigelser.",
    )
    p.comment(
        "formand",
        "kompetenceudvikling.roller-og-relationer",
        "Direktionen har bekræftet, at frigjort tid bliver i afdelingen i projektperioden. "
        "Spørgsmålet om en varig garanti tages op i Hovedudvalget.",
    )
    p.comment(
        "projektleder",
        "kerneopgave.omkostninger-bivirkninger",
        "Licens- og driftsudgifterne er indhentet fra leverandøren og lagt ind i businesscasen.",
        resolved_by="projektleder",
    )


LAERINGSPLATFORM = dict(
    title="Læringsplatform i skolen",
    field_of_work=FieldOfWork.SCHOOL,
    technology_kind=TechnologyKind.CLOUD,
    need=(
        "Lærerne på Fjordby Skole bruger i dag tre forskellige systemer til at planlægge "
        "undervisning, dele materialer og give elever feedback. Elever og forældre har svært "
        "ved at finde informationer, og nye lærere bruger lang tid på at lære systemerne."
    ),
    description=(
        "Skolen vil undersøge, om en samlet, cloudbaseret læringsplatform kan erstatte de "
        "nuværende systemer. Platformen skal integreres med skolens kommunikationsplatform og "
        "vælges blandt de løsninger, kommunen har rammeaftale på. I idéfasen undersøges "
        "behovene hos lærere, pædagoger, elever og forældre, før der tages stilling til "
        "konkrete produkter."
    ),
    organisational_context=(
        "Lærerne har stor erfaring med digitale værktøjer, men er trætte efter flere "
        "systemskift. Skolen indfører samtidig en ny skemastruktur. Skoleledelsen og "
        "forvaltningen bakker op, og lærerkredsen har bedt om at blive inddraget tidligt. "
        "Valget af platform ligger delvist hos forvaltningen, så det lokale spillerum handler "
        "mest om, hvordan platformen bruges."
    ),
    complexity_maturity=HIGH,
    complexity_scale=HIGH,
    complexity_cross_boundary=MEDIUM,
    complexity_involvement=HIGH,
    complexity_duration=HIGH,
    local_influence=LocalInfluence.STANDARD_SYSTEM,
)


def _laeringsplatform(p: Timeline):
    # Behov/problem
    p.answers(
        "kerneopgave.vaerdi",
        formand="Eleverne skal have ét sted at finde opgaver og feedback. Det giver bedre "
        "overblik og mere tid til undervisningen.",
        tr="Værdien afhænger af, om platformen passer til den måde, vi underviser på. Vi "
        "skal ikke undervise, så det passer til platformen.",
    )
    p.answers(
        "opgaveloesning.arbejdsgange",
        naestformand="Dobbeltregistrering i tre systemer koster tid hver uge. Én platform er "
        "en klar fordel, hvis den virker.",
        tr="Planlægningen af årsplaner og forløb skal kunne flyttes med. Ellers starter vi forfra.",
    )
    p.answers(
        "inddragelse.niveau",
        formand="medindflydelse",
        tr=("information", "Valget af platform ligger hos forvaltningen. Vi bliver informeret."),
    )
    p.wait(10)
    p.move(
        "Lokal-MED Fjordby Skole er enig i behovet for færre systemer. Lærerkredsen og "
        "pædagogerne inviteres med i idéarbejdet."
    )
    # Idé
    p.answers(
        "inddragelse.andre-parter",
        tr="Elevrådet og skolebestyrelsen skal med, og vi bør tale med de andre skoler i "
        "kommunen, der skal bruge samme platform.",
    )
    p.answers(
        "inddragelse.princip.tidlig-inddragelse",
        formand="ja",
        tr=("nej", "Lærerkredsen hørte først om projektet på et personalemøde."),
    )
    p.joint(
        "kerneopgave.vaerdi",
        "aabent",
        "Ét samlet sted for undervisningsmaterialer og feedback. Det er endnu uklart, hvor "
        "meget platformen kan tilpasses skolens praksis.",
    )
    p.comment(
        "naestformand",
        "kerneopgave.vaerdi",
        "Kan vi få en demonstration af to platforme på et fælles personalemøde, før vi "
        "beslutter noget?",
    )
    p.wait(8)
    p.move(
        "Idéen om én læringsplatform undersøges. Arbejdsgruppe med to lærere, en pædagog og "
        "en repræsentant for elevrådet."
    )


CHATBOT = dict(
    title="Chatbot i Borgerservice",
    field_of_work=FieldOfWork.ADMINISTRATION,
    technology_kind=TechnologyKind.OTHER,
    technology_other="Chatbot med sprogmodel",
    need=(
        "Borgerservice får mange telefonopkald med de samme spørgsmål om pas, kørekort og "
        "flytning. Ventetiden i telefonen er lang, og medarbejderne har svært ved at nå de "
        "borgere, der har brug for personlig vejledning."
    ),
    description=(
        "En chatbot på kommunens hjemmeside besvarer enkle spørgsmål døgnet rundt og sender "
        "borgeren videre til en medarbejder, når spørgsmålet er komplekst."
    ),
    organisational_context=(
        "Borgerservice har erfaring med selvbetjeningsløsninger, men ikke med sprogmodeller. "
        "Samarbejdet i Lokal-MED er godt, og ledelsen bakker op om et forsøg."
    ),
    complexity_maturity=LOW,
    complexity_scale=MEDIUM,
    complexity_cross_boundary=LOW,
    complexity_involvement=MEDIUM,
    complexity_duration=MEDIUM,
    local_influence=LocalInfluence.LOCAL_INITIATIVE,
)


def _chatbot(p: Timeline):
    p.answers(
        "kerneopgave.vaerdi",
        nabo="Kortere ventetid for borgerne og mere tid til dem, der har brug for personlig "
        "vejledning.",
        nabo_tr="Borgerne skal altid kunne komme igennem til et menneske. Chatbotten må ikke "
        "blive en mur.",
    )
    p.comment(
        "nabo_tr",
        "kerneopgave.vaerdi",
        "Hvordan sikrer vi, at chatbotten ikke giver forkerte svar om regler?",
    )
    p.wait(12)
    p.move("Lokal-MED Borgerservice er enig i behovet og vil se et forslag til en chatbot.")
