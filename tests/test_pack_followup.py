"""The method over time in the pack (issue 8 item 7) and the medarbejderpuls
as a third voice beside the sides (issue 9 item 6): the business case and
its benefits, predicted against experienced, the competence gaps, the open
follow-ups and the employees' own answers, read from the real PDF and Word
file as a committee member would read them."""

import io
import re
from datetime import timedelta

import docx
import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from actions.services import add_project_action
from assessments.services import Submission, save_answer
from businesscase.services import record_measurement
from competences.services import create_plan, save_plan
from meetings.models import Meeting
from method.vocabulary import COMPETENCE_KEYS, Phase, Side
from packs.content import build_pack_content
from packs.models import Part
from packs.pipeline import make_pack
from projects.models import Project
from pulse.summary import pulse_summary
from questionnaires.models import AnswerKind
from tests.factories import move_to_phase
from tests.pulse_helpers import answer_many, make_pulse
from tests.test_pack_short import SHORT_PART_MAX_PAGES, first_page_with, pdf_pages
from tests.test_query_counts import grow_benefits

DRIFT = "Faldsensorer i plejeboliger"


@pytest.fixture
def demo_meeting(db):
    call_command("load_demo", verbosity=0)
    return Meeting.objects.filter(starts_at__gte=timezone.now()).get()


def test_the_drift_projects_pack_shows_its_promises_its_results_and_the_employees_voice(
    demo_meeting,
):
    project = Project.objects.get(title=DRIFT)
    item = demo_meeting.items.get(project=project)
    pack = make_pack(demo_meeting, word=True)
    pages = pdf_pages(pack.pdf)

    start = first_page_with(pages, f"Punkt {item.order} · {item.get_kind_display()}")

    def appendix_of(each):  # its heading, not the short part's line pointing to it
        return first_page_with(pages, f"Bilag til punkt {each.order}. {each.title[:20]}")

    appendix = appendix_of(demo_meeting.items.get(order=1))
    assert 0 < start < appendix
    assert appendix - 1 <= SHORT_PART_MAX_PAGES  # the whole short part, still short
    ends = [first_page_with(pages, f"Punkt {n} · ") for n in range(item.order + 1, 6)]
    end = min([page for page in ends if page] + [appendix])
    short = " ".join(pages[start - 1 : end - 1])

    # The business case: its latest revision and what it changed.
    assert "revision 3" in short and "Ændret i revisionen: styringsmodel" in short
    # The benefits with their status, the one behind with its reason.
    benefits = {b.title: b for b in project.business_case.benefits.current()}
    for title, benefit in benefits.items():
        assert title in short, title
        assert benefit.get_status_display() in short
    assert "Runderne er kun delvist lagt om" in short
    assert "45 timer/uge" in short  # the latest measurement beside baseline and target
    # Predicted against experienced, both sides and the pulse on one row:
    # the employees expected +1,0 of driftssikkerhed and experience −1,7.
    assert "Forventet og oplevet" in short
    assert re.search(r"Driftssikkerhed \+1,5 → \+1,0: −0,5 \+1,0 → −1,7: −2,7", short)
    assert re.search(r"Sundt & sikkert \+2,0 → \+1,5: −0,5 \+1,7 → −0,3: −2,0 \+1,3", short)
    # The competence gaps of both groups.
    assert "Superbrugere (6 af 12)" in short
    assert "kunne → mestre: Dataanvendelse, Teknologi, faglighed og mennesker" in short
    assert "Social- og sundhedsassistenter og -hjælpere om natten (5 af 10)" in short
    # The open follow-ups, the overdue one marked; the one done is not there.
    assert "Oplæring af de faste vikarer i alarmerne og den nye runde" in short
    assert "Fristen er overskredet" in short
    assert "Gevinst: Mindre tid på faste natterunder" in short
    # The employees' voice: counts, averages and their own words, no names.
    assert "8 af 14 inviterede medarbejdere har svaret anonymt" in short
    assert "Meningsfyldt +1,4" in short
    # Their free texts quoted: the first three of each question (in the
    # order of their random ids) in the short part, every one in the appendix.
    texts = [q["texts"] for q in pulse_summary(project)[0]["questions"] if q["texts"]]
    assert len(texts) == 2 and all(len(each) == 4 for each in texts)
    quoted = [f"»{' '.join(text.split())}«" for each in texts for text in each]
    for each in texts:
        # A quote's beginning: a long one may run over a page, and the page's
        # number would stand in the middle of it in the text.
        openings = [f"»{' '.join(text.split())[:40]}" for text in each]
        assert [opening in short for opening in openings] == [True, True, True, False]
    assert "Medarbejderpulsen (implementering og drift): gennemsnit +1,3" in short

    # The appendix: a chart per benefit, its points the measurements.
    html = pack.html
    for benefit in benefits.values():
        chart = re.search(
            rf'<svg[^>]*aria-labelledby="chart-title-bilag-[^"]*-{benefit.pk}".*?</svg>', html, re.S
        )
        assert chart, benefit.title
        assert chart[0].count('class="chart__point"') == benefit.measurements.count()
    later = " ".join(pages[appendix_of(item) - 1 :])
    assert "Kompetenceplan: Superbrugere" in later and "Målingerne i tal" in later
    assert all(quote in later for quote in quoted)

    # The Word file says the same, from the same HTML.
    document = docx.Document(io.BytesIO(pack.docx))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    word = " ".join([p.text for p in document.paragraphs] + cells)
    for text in (
        "Businesscase og gevinster",
        "Færre natlige fald med skade",
        "Delvist realiseret",
        "Forventet og oplevet",
        "Medarbejdernes stemme: medarbejderpuls",
        quoted[0],
        "Kompetencegab",
        "Fristen er overskredet",
    ):
        assert text in word, text


def test_a_pulse_below_the_threshold_is_not_in_the_pack(meeting, project, lead):
    pulse = make_pulse(project, lead)
    answer_many(pulse, 4, text="Hemmelig bekymring nummer {n}")
    meeting.add_item(title="Status", kind="orientering", project=project)

    pack = make_pack(meeting, word=True)  # the PDF, and the whole HTML the Word file is made of
    text = " ".join(pdf_pages(pack.pdf))
    assert "Hemmelig bekymring" not in text and "Hemmelig bekymring" not in pack.html
    assert "for få svar til at vise noget" in text
    assert "inviterede medarbejdere" not in text and "Gennemsnit (−2 til +2)" not in text
    voice = pack.content["items"][0]["project"]["followup"]["voice"]
    assert voice["pulses"] == [] and voice["by_key"] == {}

    answer_many(pulse, 1, text="Hemmelig bekymring nummer 5")
    text = " ".join(pdf_pages(make_pack(meeting).pdf))
    assert "for få svar" not in text
    assert all(f"»Hemmelig bekymring nummer {n}«" in text for n in range(1, 6))


def test_a_closed_items_follow_up_stays_out_of_the_open_pack(committee, project, lead):
    earlier = Meeting.objects.create(
        committee=committee,
        starts_at=timezone.now() - timedelta(days=14),
        place="R",
        created_by=lead,
    )
    deadline = timezone.localdate() + timedelta(days=10)
    earlier.add_item(title="Åbent", kind="droeftelse", project=project).add_action(
        "Opfølgning fra det åbne punkt", lead, deadline
    )
    earlier.add_item(title="Lukket", kind="droeftelse", project=project, is_closed=True).add_action(
        "Opfølgning fra det lukkede punkt", lead, deadline
    )
    add_project_action(project, lead, what="Opfølgning på projektet", owner=lead)
    done = add_project_action(project, lead, what="Opfølgning, der er udført", owner=lead)
    done.set_status("udfoert")

    meeting = Meeting.objects.create(
        committee=committee,
        starts_at=timezone.now() + timedelta(days=7),
        place="R",
        created_by=lead,
    )
    meeting.add_item(title="Status", kind="orientering", project=project)
    meeting.add_item(title="Personale", kind="droeftelse", project=project, is_closed=True)

    def follow_ups(part):
        pack = make_pack(meeting, part=part)
        return {a["what"] for a in pack.content["items"][0]["project"]["followup"]["actions"]}, (
            " ".join(pdf_pages(pack.pdf))
        )

    open_actions, open_text = follow_ups(Part.OPEN)
    assert open_actions == {"Opfølgning fra det åbne punkt", "Opfølgning på projektet"}
    assert "Opfølgning fra det lukkede punkt" not in open_text
    assert "Opfølgning på projektet" in open_text and "udført" not in open_text
    # The closed pack's readers see the committee's closed items on the project.
    closed_actions, closed_text = follow_ups(Part.CLOSED)
    assert "Opfølgning fra det lukkede punkt" in closed_actions
    assert "Opfølgning fra det lukkede punkt" in closed_text


def _content_queries(meeting) -> int:
    with CaptureQueriesContext(connection) as captured:
        build_pack_content(meeting)
    return len(captured)


def test_making_the_content_keeps_its_queries_as_benefits_measurements_and_voices_grow(
    meeting, project, lead, member, chair
):
    assessment = project.assessment
    followup = [q for q in assessment.questions() if q.followup_text and q.kind == AnswerKind.SCALE]
    for phase in (Phase.IMPACT, Phase.OPERATION):
        move_to_phase(project, lead, phase)
        for question in followup[:2]:
            for user, side, value in (
                (chair, Side.MANAGEMENT, "1"),
                (member, Side.EMPLOYEES, "-1"),
            ):
                save_answer(assessment, question, user, Submission(value=value), side=side)
    meeting.add_item(title="Status", kind="orientering", project=project)
    benefit = grow_benefits(project, lead, member, 1)
    create_plan(project, "Gruppe 1")
    add_project_action(project, lead, what="Første", owner=lead)
    pulse = make_pulse(project, lead)
    answer_many(pulse, 5)
    before = _content_queries(meeting)
    content = build_pack_content(meeting)["items"][0]["project"]["followup"]
    assert content["in_drift"] and content["both_sides"] and content["voice"]["pulses"]

    grow_benefits(project, lead, member, 4)
    for i in range(3):
        record_measurement(
            benefit, lead, measured_on=timezone.localdate() - timedelta(days=i + 2), value=i
        )
        plan = create_plan(project, f"Gruppe {i + 2}")
        save_plan(plan, plan.group, {COMPETENCE_KEYS[i]: ("mestre", "kende")}, {})
        add_project_action(project, lead, what=f"Opfølgning {i}", owner=lead)
    for question in followup[2:5]:
        for user, side in ((chair, Side.MANAGEMENT), (member, Side.EMPLOYEES)):
            save_answer(assessment, question, user, Submission(value="2"), side=side)
    answer_many(pulse, 4)
    answer_many(make_pulse(project, lead), 5)

    grown = build_pack_content(meeting)["items"][0]["project"]["followup"]
    assert len(grown["business_case"]["benefits"]) == 5 and len(grown["actions"]) == 4
    assert len(grown["voice"]["pulses"]) == 2 and len(grown["competence_plans"]) == 4
    assert _content_queries(meeting) == before
