"""The demo data tells the whole story the README promises, and is played
from the files in fixtures/."""

import shutil
import tomllib
from io import StringIO

import pytest
from django.conf import settings
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from assessments.models import Answer, Assessment, JointConfirmation
from assessments.parts import comparison_url
from meetings.models import Meeting
from method import vocabulary
from notifications.models import Kind, Notification
from organisations.models import User
from packs.models import DialoguePack
from packs.services import request_pack
from projects.gates import phase_gate
from projects.models import Project
from tests.test_packs import pdf_text

FIXTURES = settings.BASE_DIR / "fixtures"


def read_toml(path):
    with path.open("rb") as file:
        return tomllib.load(file)


@pytest.fixture
def demo(db):
    call_command("load_demo", verbosity=0)


def test_demo_logins_work_with_password_demo(demo, rf):
    # authenticate() needs the request: the login throttling (django-axes) reads it.
    for username in (
        "formand",
        "naestformand",
        "medlem",
        "projektleder",
        "sekretaer",
        "hr",
        "nabo",
    ):
        request = rf.post("/log-ind/")
        assert authenticate(request, username=username, password="demo") is not None, username


def test_nabo_sees_none_of_fjordby(demo, client):
    client.force_login(User.objects.get(username="nabo"))
    for project in Project.objects.filter(municipality__name="Fjordby Kommune"):
        assert client.get(reverse("project_detail", args=[project.pk])).status_code == 404
        assert client.get(reverse("assessment", args=[project.assessment.pk])).status_code == 404


def test_projektleder_makes_the_upcoming_meetings_pack(demo, client, committed):
    lead = User.objects.get(username="projektleder")
    upcoming = Meeting.objects.filter(starts_at__gte=timezone.now()).get()
    items = list(upcoming.items.order_by("order"))
    assert len(items) >= 3
    assert any(i.is_closed for i in items) and any(i.kind == "beslutning" for i in items)
    assert Meeting.objects.filter(status=Meeting.Status.APPROVED).exists()
    client.force_login(lead)
    with committed():
        client.post(reverse("pack_request", args=[upcoming.pk]))
    packs = DialoguePack.objects.filter(meeting=upcoming)
    assert packs.count() == 2  # the open items' pack, and the closed items' apart
    assert all(pack.status == DialoguePack.Status.READY for pack in packs), packs[0].error
    text = ""
    for pack in packs:
        response = client.get(reverse("pack_download", args=[pack.pk]))
        text += " ".join(
            pdf_text(b"".join(response.streaming_content)).replace("\u2010\n", "").split()
        )
    for item in items:
        assert item.title in text, item.title
    for core in ("Kerneopgave", "Opgaveløsning", "Kompetenceudvikling", "Inddragelse"):
        assert core in text
    assert (
        "Spørgsmål til dialogen" in text and "Ledelsessiden" in text and "Medarbejdersiden" in text
    )
    assert "Ændret siden sidste møde" in text and "Siden udvalgets møde" in text
    # Skærmbesøg left konsekvensvurdering without its Lokal-MED, and went back once.
    # Hyphens left out on both sides: where a line breaks at "MED-udvalgets"
    # (it moves with the date in the colophon), pdftotext's hyphen at the
    # line's end cannot be told from WeasyPrint's own hyphenation.
    expected = "uden MED-udvalgets drøftelse. Begrundelse: Lokal-MED's møde i oktober"
    assert without_hyphens(expected) in without_hyphens(text)
    assert "projektet gik tilbage. Begrundelse: Forbindelsen svigtede" in text
    assert "efter drøftelse i Hovedudvalget på mødet" in text
    again = request_pack(upcoming, None, lead)
    assert again.pk not in {pack.pk for pack in packs}  # a new pack, the old ones kept


def test_a_project_is_held_at_its_phase_gate_until_hovedudvalget_decides(demo, client):
    robot = Project.objects.get(title="Softwarerobot i lønadministrationen")
    gate = phase_gate(robot)
    assert robot.responsible_committee.name == "Hovedudvalget" and gate.decision is None
    # Its way out of idéudvikling was opened by Hovedudvalget's drøftelse.
    passed = robot.transitions.get(to_step="businesscase")
    assert passed.gate_item.meeting.committee == robot.responsible_committee
    # The decision that would open the gate is on next week's agenda.
    upcoming = Meeting.objects.filter(starts_at__gte=timezone.now()).get()
    assert upcoming.items.filter(project=robot, kind="beslutning").exists()
    client.force_login(User.objects.get(username="projektleder"))
    page = client.get(reverse("project_detail", args=[robot.pk])).content.decode()
    assert "Hovedudvalget har ikke drøftet eller besluttet projektet" in page
    assert 'name="override"' in page


def test_a_project_went_back_once_and_the_faldsensorer_met_their_lokal_med(demo, client):
    screens = Project.objects.get(title="Skærmbesøg i hjemmeplejen")
    back = screens.transitions.get(direction="tilbage")
    assert (back.from_step, back.to_step) == ("prototype", "udforskning")
    assert "Forbindelsen svigtede" in back.reason
    sensors = Project.objects.get(title="Faldsensorer i plejeboliger")
    gates = sensors.transitions.changing_phase()
    assert gates.count() == 3 and not gates.filter(gate_item=None).exists()
    assert {i.phase: i.level for i in sensors.involvements.all()} == {
        "ideudvikling": "medindflydelse",
        "konsekvensvurdering": "medindflydelse",
        "udvikling": "information",
        "drift": "medbestemmelse",
    }
    client.force_login(User.objects.get(username="medlem"))
    page = client.get(reverse("project_detail", args=[screens.pk])).content.decode()
    assert "Projektet gik tilbage. Begrundelse:" in page and "2. gang" in page
    dashboard = client.get(reverse("dashboard")).content.decode()
    section = dashboard.split('id="without-med-heading"')[1].split("</section>")[0]
    assert "Skærmbesøg i hjemmeplejen" in section and "Faldsensorer" not in section


def test_the_past_meetings_minutes_carry_both_signatures(demo, client):
    past = Meeting.objects.get(status=Meeting.Status.APPROVED)
    signed = {s.role: s for s in past.signatures.select_related("signed_by")}
    assert {role: s.signed_by.username for role, s in signed.items()} == {
        "formand": "formand",
        "naestformand": "naestformand",
    }
    assert past.starts_at < signed["formand"].signed_at < signed["naestformand"].signed_at
    assert past.approved_at == signed["naestformand"].signed_at
    client.force_login(User.objects.get(username="medlem"))
    page = client.get(reverse("meeting_detail", args=[past.pk])).content.decode()
    assert "underskrevet af Birgitte Skov Vestergaard" in page
    assert "underskrevet af Per Damgaard Nielsen" in page


def test_the_demo_mails_nobody_and_everyone_starts_with_the_default_settings(demo, client):
    # The demo's discussions are played as history: nobody is told of them.
    assert not Notification.objects.exists()
    client.force_login(User.objects.get(username="medlem"))
    form = client.get(reverse("notification_settings")).context["form"]
    assert form[Kind.INVITATION].value() == "straks"
    assert form[Kind.REPLY].value() == "daglig"


def test_the_secretary_runs_hovedudvalgets_next_meeting(demo, client):
    upcoming = Meeting.objects.get(starts_at__gte=timezone.now())
    client.force_login(User.objects.get(username="sekretaer"))
    page = client.get(reverse("meeting_detail", args=[upcoming.pk])).content.decode()
    assert "Markér materialet som sendt ud" in page and "Nyt punkt på dagsordenen" in page


def test_every_fixture_file_is_played(demo):
    stories = sorted((FIXTURES / "projects").glob("*.toml"))
    assert len(stories) == Project.objects.count()
    for path in stories:
        story = read_toml(path)
        events = story["event"]
        project = Project.objects.get(title=story["project"]["title"])
        moves = [
            event.get("move_to", event.get("move_back"))
            for event in events
            if "move_to" in event or "move_back" in event
        ]
        assert project.step == (moves[-1] if moves else "behov"), path.name
        assert project.transitions.count() == len(moves), path.name
        # One answer per question (and person) in each phase it was given in.
        # After a move to a newer template version, a question answered
        # again is a new answer beside the one kept (or archived) before.
        joint, own = set(), set()
        version = story["project"].get("template_version", 2)
        for phase, event in events_with_their_phase(events):
            version = event.get("move_to_version", version)
            if "joint_answer" in event or ("same_as_before" in event and "by" not in event):
                key = event.get("joint_answer", event.get("same_as_before"))
                joint.add((key, phase, version))
            elif "answer" in event or "same_as_before" in event:
                key = event.get("answer", event.get("same_as_before"))
                own.add((key, event["by"], phase, version))
        answers = project.assessment.answers
        assert answers.joint().count() == len(joint), path.name
        assert answers.individual().count() == len(own), path.name
        comments = [event for event in events if "comment" in event]
        assert project.assessment.comments.count() == len(comments), path.name
        confirms = [event for event in events if "confirm" in event]
        confirmations = JointConfirmation.objects.filter(answer__assessment=project.assessment)
        assert confirmations.count() == len(confirms), path.name
    meetings = read_toml(FIXTURES / "meetings.toml")["meeting"]
    in_stories = [
        event["title"]
        for path in stories
        for event in read_toml(path)["event"]
        if "meeting" in event
    ]
    assert Meeting.objects.count() == len(meetings) + len(in_stories)
    written_meetings = Meeting.objects.exclude(items__title__in=in_stories).order_by("starts_at")
    for meeting, written in zip(written_meetings, meetings, strict=True):
        titles = [item["title"] for item in written["item"] if "title" in item]
        played = list(meeting.items.order_by("order").values_list("title", flat=True))
        assert [title for title in played if title in titles] == titles
        assert (meeting.status == Meeting.Status.APPROVED) == ("minutes_approved_by" in written)


def test_every_demo_assessment_moved_from_version_1_to_2_keeping_every_answer(demo):
    """The demo shows the product's own upgrade path: each project began on
    version 1 of the standard template and its lead moved it to version 2.
    Every answer given before the move is still there, as an answer to its
    version 2 question or archived on its version 1 question; none lost."""
    assessments = Assessment.objects.select_related("template_version")
    assert assessments.count() == len(list((FIXTURES / "projects").glob("*.toml")))
    for assessment in assessments:
        assert assessment.template_version.number == 2, assessment
        (change,) = assessment.version_changes.all()
        assert (change.from_version.number, change.to_version.number) == (1, 2)
        carried = set(change.summary["carried_answer_ids"])
        archived = set(change.summary["archived_answer_ids"])
        assert change.counts["answers"] == len(carried) + len(archived) > 0
        answers = {a.pk: a for a in assessment.answers.select_related("question__section")}
        # Every answer of the move is still there, where the move put it.
        assert carried | archived <= set(answers)
        for pk in carried:
            assert not answers[pk].is_archived
            assert answers[pk].question.section.version_id == change.to_version_id
        for pk in archived:
            assert answers[pk].is_archived and answers[pk].archived_note
            assert answers[pk].question.section.version_id == change.from_version_id
        # The rest were given on version 2, after the move.
        for pk in set(answers) - carried - archived:
            assert answers[pk].question.section.version_id == change.to_version_id
            assert answers[pk].revisions.earliest("created_at").created_at >= change.moved_at


def test_the_demo_answers_the_new_kinds_of_version_2(demo, client):
    project = Project.objects.get(title="Faldsensorer i plejeboliger")
    answers = project.assessment.answers.current().select_related("question")
    effect = answers.get(
        question__key="kerneopgave.utilsigtet.overvaagning-kontrol", respondent__username="amr"
    )
    assert effect.value == {"borgere": 1, "medarbejdere": -1}
    joint = answers.joint().get(question__key="inddragelse.princip.hoejt-informationsniveau")
    assert joint.value == "i_nogen_grad" and joint.text
    client.force_login(User.objects.get(username="medlem"))
    mark = project.assessment.questions().get(
        key="opgaveloesning.det-gode-arbejde.sundt-og-sikkert.fordele"
    )
    page = client.get(comparison_url(project.assessment, mark, "drift")).content.decode()
    assert "Færre akutte løft fra gulvet" in page  # a mark's advantages, apart
    assert "Falske alarmer giver uro" in page  # and its disadvantages


def events_with_their_phase(events):
    """(the phase the project is in, event) for a story's events."""
    step = "behov"
    for event in events:
        yield vocabulary.step(step).phase, event
        step = event.get("move_to", event.get("move_back", step))


def test_the_project_in_drift_compares_predicted_and_experienced(demo, client):
    project = Project.objects.get(title="Faldsensorer i plejeboliger")
    assert project.phase == "drift"
    client.force_login(User.objects.get(username="medlem"))
    url = reverse("predicted_vs_experienced", args=[project.assessment.pk])
    page = client.get(url).content.decode()
    for side in ("ledelse", "medarbejder"):
        section = page[page.index(f'id="side-{side}"') :]
        assert section.count('class="compare') >= 4  # answered in both phases
    # The employees' largest shift: driftssikkerhed, from +1,0 to −1,7.
    employees = page[page.index('id="side-medarbejder"') :]
    assert employees.index("Driftssikkerhed:") < employees.index("Sundt &amp; sikkert:")
    assert "Forskydning</strong>: -2,7" in employees

    # The joint answer written in idéudviklingen stands on its tab.
    assessment = reverse("assessment", args=[project.assessment.pk])
    idea = client.get(assessment + "?fase=ideudvikling&del=kerneopgave").content.decode()
    assert "Fald opdages inden for få minutter" in idea
    now = client.get(assessment + "?del=kerneopgave").content.decode()
    assert "Antallet af natlige fald med indlæggelse er halveret" in now


def test_load_demo_again_changes_nothing_and_reset_loads_afresh(demo):
    projects = set(Project.objects.values_list("pk", flat=True))
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert "allerede indlæst" in out.getvalue()
    assert set(Project.objects.values_list("pk", flat=True)) == projects
    call_command("load_demo", "--reset", stdout=StringIO())
    reloaded = set(Project.objects.values_list("pk", flat=True))
    assert len(reloaded) == len(projects) and not reloaded & projects


def broken_copy(tmp_path, story, old, new):
    copy = tmp_path / "fixtures"
    shutil.copytree(FIXTURES, copy)
    path = copy / "projects" / story
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return copy


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        ('by = "amr"', 'by = "amrr"', "by = 'amrr': ukendt brugernavn"),
        (
            'answer = "kerneopgave.kvalitet"',
            'answer = "kerneopgave.kvaliteten"',
            "answer = 'kerneopgave.kvaliteten': ukendt spørgsmålsnøgle",
        ),
    ],
)
def test_a_broken_fixture_names_file_and_entry(db, tmp_path, old, new, problem):
    broken = broken_copy(tmp_path, "1-faldsensorer.toml", old, new)
    with pytest.raises(CommandError) as error:
        call_command("load_demo", fixtures=broken, stdout=StringIO())
    message = str(error.value)
    assert "1-faldsensorer.toml, linje " in message and "[[event]] nr. 3" in message, message
    assert problem in message, message
    assert not User.objects.filter(username="formand").exists()  # nothing half-loaded


def test_the_project_in_drift_shows_its_benefits_plans_and_follow_up(demo, client):
    project = Project.objects.get(title="Faldsensorer i plejeboliger")
    assert project.phase == "drift"
    case = project.business_case
    assert case.version == 3 and case.revisions.count() == 3  # revised, nothing overwritten
    benefits = {b.status: b for b in case.benefits.current()}
    assert set(benefits) == {"realiseret", "delvist", "paa_vej"}
    assert benefits["delvist"].status_reason  # behind, with the reason
    assert all(b.measurements.count() >= 3 for b in benefits.values())
    plans = list(project.competence_plans.all())
    assert len(plans) == 2
    assert all(
        plan.lines.count() == 12 and plan.principles.exclude(meets="").count() == 3
        for plan in plans
    )
    assert project.actions.filter(benefit=benefits["delvist"]).exists()
    client.force_login(User.objects.get(username="medlem"))
    page = client.get(reverse("business_case", args=[project.pk])).content.decode()
    for benefit in benefits.values():
        assert benefit.title in page
    assert page.count('class="chart__svg"') == 3
    page = client.get(reverse("competence_plans", args=[project.pk])).content.decode()
    assert page.count('class="wheel__svg"') == 2
    leder = User.objects.get(username="leder")  # owns the overdue follow-up
    client.force_login(leder)
    assert "Oplæring af de faste vikarer" in client.get("/").content.decode()


def test_the_demo_has_a_joint_answer_both_sides_confirmed_and_one_awaiting_the_employees(
    demo, client
):
    project = Project.objects.get(title="Faldsensorer i plejeboliger")
    joint = Answer.objects.joint().filter(
        assessment=project.assessment,
        phase=project.phase,
        question__key__in=["kerneopgave.kvalitet", "opgaveloesning.forhold.driftssikkerhed"],
    )
    both, waiting = (
        joint.get(question__key=key)
        for key in ("kerneopgave.kvalitet", "opgaveloesning.forhold.driftssikkerhed")
    )
    assert both.is_confirmed_by_both
    lines = {line.side: line.confirmation for line in waiting.confirmation_lines()}
    assert lines[vocabulary.Side.MANAGEMENT].confirmed_by.username == "formand"
    assert lines[vocabulary.Side.EMPLOYEES] is None

    client.force_login(User.objects.get(username="naestformand"))
    # The comparison opens on what waits for the næstformand's confirmation.
    page = client.get(reverse("comparison", args=[project.assessment.pk])).content.decode()
    assert f'id="q-{waiting.question_id}"' in page and f'id="q-{both.question_id}"' not in page
    assert "Afventer medarbejdersiden" in page
    assert "Bekræft for medarbejdersiden" in page  # the næstformand's own button
    page = client.get(comparison_url(project.assessment, both.question, project.phase))
    assert "Bekræftet for ledelsessiden af Birgitte Skov Vestergaard" in page.content.decode()
    assert "Bekræftet for medarbejdersiden af Per Damgaard Nielsen" in page.content.decode()


def without_hyphens(text: str) -> str:
    return text.replace("\u2010", "").replace("-", "")
