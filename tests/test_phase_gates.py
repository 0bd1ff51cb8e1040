"""MED in good time (issue 9.2): a project leaves a phase only after its
responsible committee has dealt with it in a held meeting, or with an
override whose reason everyone sees; going back with a reason (14.5); the
involvement level chosen for each phase (14.4)."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.services import Submission, save_answer
from meetings.models import AgendaItem, Meeting
from method.vocabulary import Phase, Side, StepKey
from organisations.models import Committee
from packs.pipeline import make_pack
from projects.gates import GateNeedsDecision, phase_gate
from projects.models import PhaseTransition
from projects.timeline import project_timeline
from questionnaires.models import AnswerKind
from tests.factories import make_project, make_user, part_url, seat
from tests.test_packs import pdf_text

OVERRIDE = "Udvalgets møde blev aflyst, og leverandøren skal have svar i denne uge."


def to_last_idea_step(project, lead):
    """Registered a month ago, and on to the last step of idéudvikling."""
    type(project).objects.filter(pk=project.pk).update(
        created_at=timezone.now() - timedelta(days=30)
    )
    project.refresh_from_db()
    for _ in range(3):  # behov → idé → udforskning → prototype
        project.move_to_next_step(lead)
    assert project.step == StepKey.PROTOTYPE


def held_meeting(
    committee,
    lead,
    project,
    *,
    kind=AgendaItem.Kind.DISCUSSION,
    days_ago=1,
    decision="Udvalget bakker op om, at projektet går videre.",
    held=True,
):
    meeting = Meeting.objects.create(
        committee=committee,
        starts_at=timezone.now() - timedelta(days=days_ago),
        place="Rådhuset",
        created_by=lead,
    )
    item = meeting.add_item(title=f"{project}: status", kind=kind, project=project)
    if held:
        meeting.mark_held()
    if decision:
        item.record_outcome(decision)
    return item


def leave_idea_phase(project, lead, **kwargs):
    return project.move_to_next_step(lead, reason="Drøftes senere", **kwargs)


# -- the gate ---------------------------------------------------------------------


def test_without_a_decision_the_project_stays_in_its_phase(project, lead):
    to_last_idea_step(project, lead)
    with pytest.raises(GateNeedsDecision, match="Lokal-MED Hjemmeplejen har ikke drøftet"):
        leave_idea_phase(project, lead)
    project.refresh_from_db()
    assert project.phase == Phase.IDEA


@pytest.mark.parametrize("kind", [AgendaItem.Kind.DISCUSSION, AgendaItem.Kind.DECISION])
def test_a_recorded_decision_in_a_held_meeting_opens_the_gate(project, lead, committee, kind):
    to_last_idea_step(project, lead)
    item = held_meeting(committee, lead, project, kind=kind)
    assert phase_gate(project).decision == item
    transition = leave_idea_phase(project, lead)
    assert project.phase == Phase.IMPACT
    assert transition.gate_item == item and transition.override_reason == ""
    # The next gate needs a decision after the project entered konsekvensvurdering.
    assert phase_gate(project).decision is None


def test_decisions_that_do_not_count(project, lead, committee, municipality, other_municipality):
    to_last_idea_step(project, lead)
    other_project = make_project(municipality, lead, [committee], title="Et andet projekt")
    other_committee = Committee.objects.create(
        municipality=municipality, name="Hovedudvalget", level=Committee.Level.MAIN
    )
    project.committees.add(other_committee)  # handles it, but is not responsible
    abroad = Committee.objects.create(
        municipality=other_municipality, name="Lokal-MED Hjemmeplejen", level="lokalt"
    )
    held_meeting(committee, lead, project, held=False)  # not held
    held_meeting(committee, lead, other_project)  # about another project
    held_meeting(abroad, lead, project)  # another municipality's committee
    held_meeting(other_committee, lead, project)  # not the responsible committee
    held_meeting(committee, lead, project, kind=AgendaItem.Kind.INFORMATION)  # only told
    held_meeting(committee, lead, project, decision="")  # no conclusion recorded
    type(project).objects.filter(pk=project.pk).update(
        created_at=timezone.now() - timedelta(days=5)
    )
    project.refresh_from_db()
    held_meeting(committee, lead, project, days_ago=6)  # before the project entered the phase
    assert phase_gate(project).decision is None
    with pytest.raises(GateNeedsDecision):
        leave_idea_phase(project, lead)


def test_an_override_with_a_reason_passes_and_is_kept(project, lead):
    to_last_idea_step(project, lead)
    with pytest.raises(GateNeedsDecision):
        leave_idea_phase(project, lead, override="   ")
    transition = leave_idea_phase(project, lead, override=OVERRIDE)
    assert transition.gate_item is None and transition.override_reason == OVERRIDE
    assert transition.passed_without_med


def test_moving_within_a_phase_passes_no_gate(project, lead):
    transition = project.move_to_next_step(lead)
    assert transition.to_step == StepKey.IDEA and transition.override_reason == ""


# -- the move on the project page ----------------------------------------------------


def test_the_move_form_names_the_decision_that_lets_the_project_pass(
    login, project, lead, committee
):
    to_last_idea_step(project, lead)
    client = login(lead)
    url = reverse("project_detail", args=[project.pk])
    page = client.get(url).content.decode()
    assert "Lokal-MED Hjemmeplejen har ikke drøftet eller besluttet projektet" in page
    assert 'name="override"' in page
    item = held_meeting(committee, lead, project, kind=AgendaItem.Kind.DECISION)
    page = client.get(url).content.decode()
    assert "Projektet kan forlade fasen: Lokal-MED Hjemmeplejen har behandlet det" in page
    assert item.title in page and 'name="override"' not in page


def test_the_move_form_asks_for_the_override_and_both_sides_see_it(
    login, project, lead, chair, member
):
    to_last_idea_step(project, lead)
    client = login(lead)
    url = reverse("project_move_on", args=[project.pk])
    data = {"from_step": StepKey.PROTOTYPE, "reason": "Senere", "involvement": "information"}
    refused = client.post(url, data)
    assert refused.status_code == 400
    assert "Skriv hvorfor projektet går videre alligevel" in refused.content.decode()
    assert client.post(url, {**data, "override": OVERRIDE}).status_code == 302
    for representative in (chair, member):  # ledelsessiden and medarbejdersiden
        page = login(representative).get(reverse("project_detail", args=[project.pk]))
        text = page.content.decode()
        assert "Faseskift uden MED-udvalgets drøftelse" in text
        assert OVERRIDE in text


def test_the_next_pack_shows_the_override_in_html_and_pdf(project, lead, committee, meeting):
    to_last_idea_step(project, lead)
    leave_idea_phase(project, lead, override=OVERRIDE)
    item = meeting.add_item(title="Status", kind=AgendaItem.Kind.DISCUSSION, project=project)
    result = make_pack(meeting, item, part="open", appendix=False, attachments=False, word=True)
    line = f"uden MED-udvalgets drøftelse</strong>. Begrundelse: {OVERRIDE}"
    assert line in result.html
    text = " ".join(pdf_text(result.pdf).split())
    assert f"uden MED-udvalgets drøftelse. Begrundelse: {OVERRIDE}" in text
    # The pack asks the gate too: konsekvensvurdering waits for the committee.
    assert "Før projektet kan forlade fasen, skal Lokal-MED Hjemmeplejen drøfte" in text


def test_the_dashboard_lists_projects_that_advanced_without_med(
    login, project, lead, committee, municipality, outsider
):
    to_last_idea_step(project, lead)
    leave_idea_phase(project, lead, override=OVERRIDE)
    decided = make_project(municipality, lead, [committee], title="Besluttet projekt")
    to_last_idea_step(decided, lead)
    held_meeting(committee, lead, decided)
    leave_idea_phase(decided, lead)
    abroad = make_project(outsider.municipality, outsider, [], title="Nabos projekt")
    to_last_idea_step(abroad, outsider)
    leave_idea_phase(abroad, outsider, override="Nabos grund")

    page = login(lead).get(reverse("dashboard")).content.decode()
    section = page.split('id="without-med-heading"')[1].split("</section>")[0]
    assert project.title in section and OVERRIDE[:30] in section
    assert "Besluttet projekt" not in section and "Nabos" not in section
    nabo_page = login(outsider).get(reverse("dashboard")).content.decode()
    assert project.title not in nabo_page and "Nabos projekt" in nabo_page


def test_every_gate_passed_without_med_is_listed_a_page_at_a_time(
    login, lead, committee, municipality, outsider, monkeypatch
):
    from projects import views

    for number in range(7):
        passed = make_project(municipality, lead, [committee], title=f"Projekt nr. {number}")
        to_last_idea_step(passed, lead)
        leave_idea_phase(passed, lead, override=f"{OVERRIDE} ({number})")
    abroad = make_project(outsider.municipality, outsider, [], title="Nabos projekt")
    to_last_idea_step(abroad, outsider)
    leave_idea_phase(abroad, outsider, override="Nabos grund")
    client = login(lead)

    dashboard = client.get(reverse("dashboard")).content.decode()
    section = dashboard.split('id="without-med-heading"')[1].split("</section>")[0]
    assert section.count("<li>") == 5 and "Projekt nr. 6" in section  # the newest first
    assert reverse("projects_without_med") in section

    monkeypatch.setattr(views, "WITHOUT_MED_PER_PAGE", 4)
    first = client.get(reverse("projects_without_med")).content.decode()
    second = client.get(reverse("projects_without_med"), {"side": 2}).content.decode()
    listed = [f"Projekt nr. {n}" for n in range(7)]
    assert [t for t in listed if t in first] == listed[3:]
    assert [t for t in listed if t in second] == listed[:3]
    assert "Side 1 af 2 (7 faseskift)" in first and "Nabos" not in first + second
    assert client.get(reverse("projects_without_med"), {"side": "x"}).status_code == 200


# -- going back -----------------------------------------------------------------------


def test_going_back_needs_a_reason_and_keeps_every_answer(project, lead, assessment, committee):
    question = (
        assessment.questions()
        .filter(kind=AnswerKind.TEXT, phases__contains=[Phase.IDEA, Phase.IMPACT])
        .first()
    )
    save_answer(assessment, question, lead, Submission(text="Svar i idéfasen"), joint=True)
    to_last_idea_step(project, lead)
    leave_idea_phase(project, lead, override=OVERRIDE)
    save_answer(assessment, question, lead, Submission(text="Svar i konsekvensfasen"), joint=True)
    with pytest.raises(Exception, match="Skriv hvorfor projektet går tilbage"):
        project.move_back(lead, StepKey.PROTOTYPE, " ")
    with pytest.raises(Exception, match="Vælg et af de trin"):
        project.move_back(lead, StepKey.SPECIFICATION, "Frem er ikke tilbage")
    transition = project.move_back(
        lead, StepKey.PROTOTYPE, "Pilotforsøget holdt ikke", involvement="medbestemmelse"
    )
    assert transition.direction == PhaseTransition.Direction.BACK
    assert (transition.from_step, transition.to_step) == (StepKey.BUSINESS_CASE, StepKey.PROTOTYPE)
    assert transition.reason == "Pilotforsøget holdt ikke"
    assert project.phase == Phase.IDEA
    answers = assessment.answers.joint().filter(question=question)
    assert sorted(answers.values_list("phase", "text")) == [
        (Phase.IDEA, "Svar i idéfasen"),
        (Phase.IMPACT, "Svar i konsekvensfasen"),
    ]
    # Going forward again opens the gate anew: the committee deals with it again.
    with pytest.raises(GateNeedsDecision):
        leave_idea_phase(project, lead)


def test_the_project_page_goes_back_and_shows_the_loop(login, project, lead, assessment):
    question = (
        assessment.questions().filter(kind=AnswerKind.TEXT, phases__contains=[Phase.IDEA]).first()
    )
    save_answer(assessment, question, lead, Submission(text="Svar i idéfasen"), joint=True)
    to_last_idea_step(project, lead)
    leave_idea_phase(project, lead, override=OVERRIDE)
    client = login(lead)
    url = reverse("project_move_back", args=[project.pk])
    data = {"from_step": StepKey.BUSINESS_CASE, "to_step": StepKey.PROTOTYPE}
    refused = client.post(url, {**data, "reason": ""})
    assert refused.status_code == 400
    no_level = client.post(url, {**data, "reason": "Ny prototype"})
    assert no_level.status_code == 400
    assert "Vælg involveringsniveauet i den fase" in no_level.content.decode()
    accepted = client.post(url, {**data, "reason": "Ny prototype", "involvement": "information"})
    assert accepted.status_code == 302
    again = client.post(url, {**data, "reason": "Ny prototype", "involvement": "information"})
    assert again.status_code == 302  # a double click: nothing moves twice
    assert project.transitions.filter(direction="tilbage").count() == 1

    page = client.get(reverse("project_detail", args=[project.pk])).content.decode()
    assert "Projektet gik tilbage. Begrundelse:" in page and "Ny prototype" in page
    assert "2. gang" in page  # prototype reached twice
    assert "nået før" in page  # businesscase was reached before, and is ahead again
    assessment_page = client.get(part_url(assessment, question, phase=Phase.IDEA)).content.decode()
    assert "Svar i idéfasen" in assessment_page  # idéudvikling's answers are back

    project.refresh_from_db()
    timeline = project_timeline(project)
    prototype = timeline[0].steps[-1]
    business_case = timeline[1].steps[0]
    assert prototype.state == "current" and prototype.times_reached == 2
    assert business_case.state == "ahead" and business_case.reached_before


# -- involvement level per phase ----------------------------------------------------


def test_the_involvement_level_is_chosen_per_phase_and_asked_again_on_entry(login, project, lead):
    client = login(lead)
    detail = reverse("project_detail", args=[project.pk])
    chosen = client.post(
        reverse("project_involvement", args=[project.pk]), {"level": "medindflydelse"}
    )
    assert chosen.status_code == 302
    to_last_idea_step(project, lead)
    page = client.get(detail).content.decode()
    # The move into konsekvensvurdering asks for its level, prefilled with idéudvikling's.
    assert re.search(r'name="involvement" value="medindflydelse"[^>]*checked', page)
    move = reverse("project_move_on", args=[project.pk])
    data = {"from_step": StepKey.PROTOTYPE, "reason": "Senere", "override": OVERRIDE}
    assert client.post(move, data).status_code == 400  # no level for the new phase
    assert client.post(move, {**data, "involvement": "information"}).status_code == 302
    levels = {i.phase: i.level for i in project.involvements.all()}
    assert levels == {Phase.IDEA: "medindflydelse", Phase.IMPACT: "information"}
    timeline = project_timeline(project)
    assert [p.involvement.level if p.involvement else None for p in timeline] == [
        "medindflydelse",
        "information",
        None,
        None,
    ]
    page = client.get(detail).content.decode()
    assert page.count("Involvering:") == 4 and "Medindflydelse" in page


def test_bad_involvement_input_gets_a_danish_400(login, project, lead):
    response = login(lead).post(reverse("project_involvement", args=[project.pk]), {"level": "alt"})
    assert response.status_code == 400
    assert "gyldig valgmulighed" in response.content.decode()


# -- who may -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["project_move_back", "project_involvement"])
def test_only_the_lead_of_the_same_municipality_goes_back_or_sets_the_level(
    login, project, lead, member, outsider, name
):
    project.move_to_next_step(lead)
    url = reverse(name, args=[project.pk])
    data = {
        "from_step": StepKey.IDEA,
        "to_step": StepKey.NEED,
        "reason": "x",
        "level": "information",
    }
    assert login(outsider).post(url, data).status_code == 404
    assert login(member).post(url, data).status_code == 403
    project.refresh_from_db()
    assert project.step == StepKey.IDEA and not project.involvements.exists()
    page = login(member).get(reverse("project_detail", args=[project.pk])).content.decode()
    assert 'name="reason"' not in page and 'name="level"' not in page


def test_the_responsible_committee_is_shown_and_chosen_in_the_form(
    login, lead, committee, municipality
):
    main = Committee.objects.create(
        municipality=municipality, name="Hovedudvalget", level=Committee.Level.MAIN
    )
    seat(make_user("hu", municipality), main, Side.MANAGEMENT)
    client = login(lead)
    form = client.get(reverse("project_create")).content.decode()
    assert "Ansvarligt MED-udvalg" in form and "Hovedudvalget (Hovedudvalg)" in form
    data = {
        "title": "Robot",
        "need": "Fejl i lønnen",
        "field_of_work": "administration",
        "technology_kind": "softwarerobotter",
        "lead": lead.pk,
        "committees": [committee.pk, main.pk],
        "local_influence": "standardsystem",
        **{
            f: "middel"
            for f in (
                "complexity_maturity",
                "complexity_scale",
                "complexity_cross_boundary",
                "complexity_involvement",
                "complexity_duration",
            )
        },
    }
    refused = client.post(reverse("project_create"), data)
    assert refused.status_code == 400
    assert "Vælg hvilket af projektets MED-udvalg der er ansvarligt" in refused.content.decode()
    created = client.post(reverse("project_create"), {**data, "responsible_committee": main.pk})
    assert created.status_code == 302
    page = client.get(created["Location"]).content.decode()
    assert "Ansvarligt MED-udvalg:" in page
    assert (
        "<strong>Hovedudvalget</strong> (Hovedudvalg, typisk de overordnede og principielle" in page
    )
