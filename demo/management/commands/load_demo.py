"""Demo data for `make run`, played from the files in the top-level
`fixtures/` folder (see fixtures/README.md): two municipalities, a MED
committee tree, demo logins (password "demo"), technology projects in
different phases with their answers, history, comments and phase moves,
and a committee's meetings.

Runs on every start: when the demo is already there it does nothing, unless
`--reset`, which deletes the demo municipalities' data and loads it afresh.
"""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import ProtectedError, Q

from assessments.models import Answer, AnswerRevision, Comment
from businesscase.models import Benefit, BusinessCase, Measurement
from competences.models import CompetencePlan
from demo.fixture_files import FixtureError
from demo.organisation import Cast
from demo.player import FIXTURES, Demo
from meetings.followups import Action
from meetings.models import AgendaItem, Meeting
from notifications.outbox import quiet as notifications_quiet
from organisations.models import Committee, Membership, User
from packs.models import DialoguePack
from projects.models import PhaseTransition, Project


class Command(BaseCommand):
    help = "Indlæser demodata (to kommuner, MED-udvalg, brugere og projekter). Adgangskode: demo."

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Slet demokommunernes data (brugere, projekter, udvalg …) og indlæs forfra.",
        )
        parser.add_argument(
            "--fixtures",
            type=Path,
            default=FIXTURES,
            help="Mappen med demodata (standard: fixtures/ i projektet).",
        )

    def handle(self, *args, reset=False, fixtures=FIXTURES, **options):
        try:
            demo = Demo(fixtures)
            with transaction.atomic():
                if reset:
                    self._delete_demo(demo.cast)
                elif self._demo_exists(demo.cast):
                    self.stdout.write(
                        "Demodata er allerede indlæst – intet ændret. "
                        "Brug --reset for at indlæse dem forfra."
                    )
                    return
                # The demo's history is played, not happening: nobody is told of it.
                with notifications_quiet():
                    demo.play()
        except (FixtureError, ValidationError) as error:
            problem = str(error) if isinstance(error, FixtureError) else " ".join(error.messages)
            raise CommandError(f"Demodata kunne ikke indlæses: {problem}") from error
        if reset:
            self.stdout.write("Eksisterende demodata er slettet.")
        self._summary(demo.cast)

    # -- existence and reset -------------------------------------------------

    def _demo_exists(self, cast: Cast) -> bool:
        return (
            User.objects.filter(username__in=cast.usernames).exists()
            or cast.existing_municipalities().exists()
        )

    def _delete_demo(self, cast: Cast):
        municipalities = cast.existing_municipalities()
        try:
            # Projects first: their assessments, answers, history, comments
            # and phase transitions go with them and stop protecting users.
            DialoguePack.objects.filter(
                meeting__committee__municipality__in=municipalities
            ).delete()
            # The phase transitions keep the decisions that opened their gates.
            PhaseTransition.objects.filter(project__municipality__in=municipalities).delete()
            Meeting.objects.filter(committee__municipality__in=municipalities).delete()
            Project.objects.filter(municipality__in=municipalities).delete()
            User.objects.filter(
                Q(municipality__in=municipalities) | Q(username__in=cast.usernames)
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

    # -- summary ---------------------------------------------------------------

    def _summary(self, cast: Cast):
        municipalities = cast.existing_municipalities()
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
        benefits = Benefit.objects.filter(case__project__in=projects)
        out.write(
            f"  {BusinessCase.objects.filter(project__in=projects).count()} businesscases med "
            f"{benefits.count()} gevinster og "
            f"{Measurement.objects.filter(benefit__in=benefits).count()} målinger, "
            f"{CompetencePlan.objects.filter(project__in=projects).count()} kompetenceplaner, "
            f"{Action.objects.filter(project__in=projects).count()} opfølgninger"
        )
        out.write("Projekter:")
        for project in projects.select_related("municipality").order_by("municipality", "title"):
            out.write(
                f"  {project.title} ({project.municipality}): "
                f"{project.get_phase_display()} – {project.get_step_display()}"
            )
        out.write(f"Logins (adgangskode: {cast.password}):")
        for username, name, municipality, about in cast.logins():
            out.write(f"  {username:<13} {name}, {municipality}, {about}")
        out.write("Django admin: opret selv en superbruger med `manage.py createsuperuser`.")
