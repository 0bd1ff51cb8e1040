"""Follow-up actions from meetings, from open points and by hand: what they
serve, the overview's filters, the CSV for Danish Excel, and the overdue
ones on the dashboard."""

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from actions.services import add_project_action
from assessments.access import WRITE_JOINT, standing_of
from assessments.models import Comment
from assessments.services import Submission, add_comment, save_answer
from competences.services import create_plan
from meetings.followups import Action
from meetings.models import Meeting
from method.vocabulary import Side
from organisations.models import Committee, Membership
from projects.records import keeps_records
from tests.factories import make_project, make_user, part_url, seat
from tests.followup_factories import make_benefit

TODAY = timezone.localdate()


def open_point(assessment, lead):
    question = assessment.questions().filter(kind="text").first()
    save_answer(
        assessment,
        question,
        lead,
        Submission(text="Vi er ikke enige endnu.", status="aabent"),
        joint=True,
    )
    return question


def test_an_open_joint_answer_offers_a_follow_up_to_the_lead_only(client, assessment, lead, member):
    question = open_point(assessment, lead)
    url = part_url(assessment, question)
    link = reverse("action_create", args=[assessment.project.pk]) + f"?spoergsmaal={question.pk}"
    client.force_login(lead)
    assert link in client.get(url).content.decode()
    client.force_login(member)
    assert link not in client.get(url).content.decode()
    assert client.get(link).status_code == 403


def test_a_follow_up_from_an_open_point_serves_its_question(client, assessment, lead, member):
    question = open_point(assessment, lead)
    client.force_login(lead)
    url = reverse("action_create", args=[assessment.project.pk])
    page = client.get(url, {"spoergsmaal": question.pk}).content.decode()
    assert question.text in page
    deadline = (TODAY + timedelta(days=14)).isoformat()
    response = client.post(
        f"{url}?spoergsmaal={question.pk}",
        {
            "what": "Afklar natteruterne",
            "owner": member.pk,
            "deadline": deadline,
            "spoergsmaal": question.pk,
        },
    )
    assert response.status_code == 302
    action = Action.objects.get()
    assert (action.project, action.question, action.owner, action.item) == (
        assessment.project,
        question,
        member,
        None,
    )
    assert action.municipality_id == assessment.project.municipality_id


def test_a_follow_up_from_an_open_comment(client, assessment, lead, member):
    question = assessment.questions().first()
    comment = add_comment(assessment, question, member, "Hvem tager nattevagten?")
    client.force_login(lead)
    thread = client.get(reverse("comments", args=[assessment.pk, question.pk])).content.decode()
    assert f"?kommentar={comment.pk}" in thread
    url = reverse("action_create", args=[assessment.project.pk])
    assert "Hvem tager nattevagten?" in client.get(url, {"kommentar": comment.pk}).content.decode()
    client.post(url, {"what": "Spørg nattevagterne", "owner": lead.pk, "kommentar": comment.pk})
    action = Action.objects.get()
    assert (action.comment, action.question) == (comment, question)


def test_links_to_another_projects_points_are_refused(
    client, project, lead, committee, municipality
):
    other = make_project(municipality, lead, [committee], title="Et andet projekt")
    comment = add_comment(other.assessment, other.assessment.questions().first(), lead, "Andet")
    client.force_login(lead)
    url = reverse("action_create", args=[project.pk])
    assert client.get(url, {"kommentar": comment.pk}).status_code == 400
    assert client.get(url, {"gevinst": "abc"}).status_code == 400
    assert not Action.objects.exists() and Comment.objects.count() == 1


@pytest.fixture
def actions(project, lead, member, chair, committee, municipality):
    """Five follow-ups: from a meeting (overdue), on a benefit (mine, overdue
    for the member), on a competence line, by hand (done), on another
    committee's project."""
    meeting = Meeting.objects.create(
        committee=committee,
        starts_at=timezone.now() - timedelta(days=20),
        place="Rådhuset",
        created_by=lead,
    )
    item = meeting.add_item(title="Status", kind="droeftelse", project=project)
    from_meeting = item.add_action("Indkøb af sensorer", chair, TODAY - timedelta(days=2))
    benefit = make_benefit(project, lead, title="Færre fald på Ærø")
    on_benefit = add_project_action(
        project,
        lead,
        what="Mål fald på afdeling Ø",
        owner=member,
        deadline=TODAY - timedelta(days=1),
        benefit=benefit,
    )
    line = create_plan(project, "Nattevagter").lines.first()
    on_line = add_project_action(
        project,
        lead,
        what="Oplæring i app; æøå",
        owner=member,
        deadline=TODAY + timedelta(days=5),
        competence_line=line,
    )
    done = add_project_action(
        project, lead, what="Udført", owner=member, deadline=TODAY - timedelta(days=9)
    )
    done.set_status(Action.Status.DONE)
    elsewhere = Committee.objects.create(
        municipality=municipality, name="Hovedudvalget", level="hovedudvalg"
    )
    other = make_project(municipality, lead, [elsewhere], title="Chatbot")
    foreign = add_project_action(other, lead, what="Test chatbot", owner=lead)
    return {
        "meeting": from_meeting,
        "benefit": on_benefit,
        "line": on_line,
        "done": done,
        "other": foreign,
        "committee": elsewhere,
    }


def listed(client, **query) -> list[str]:
    response = client.get(reverse("action_list"), query)
    assert response.status_code == 200
    return [a.what for a in response.context["actions"]]


def test_the_overview_filters_open_overdue_and_mine(client, actions, project, member, committee):
    client.force_login(member)
    assert listed(client, vis="aabne") == [
        "Indkøb af sensorer",
        "Mål fald på afdeling Ø",
        "Oplæring i app; æøå",
        "Test chatbot",
    ]
    assert listed(client, vis="overskredne") == ["Indkøb af sensorer", "Mål fald på afdeling Ø"]
    assert listed(client, vis="overskredne", mine="on") == ["Mål fald på afdeling Ø"]
    assert listed(client, vis="alle", mine="on") == [
        "Udført",
        "Mål fald på afdeling Ø",
        "Oplæring i app; æøå",
    ]
    assert "Test chatbot" not in listed(client, projekt=project.pk, vis="alle")
    assert listed(client, udvalg=actions["committee"].pk) == ["Test chatbot"]
    assert "Test chatbot" not in listed(client, udvalg=committee.pk)
    response = client.get(reverse("action_list"), {"vis": "snart", "projekt": "x"})
    assert (
        response.status_code == 400 and "Marker en gyldig valgmulighed" in response.content.decode()
    )


def test_the_csv_opens_in_danish_excel(client, actions, member):
    client.force_login(member)
    response = client.get(reverse("action_csv"), {"vis": "alle", "mine": "on"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="opfoelgning-' in response["Content-Disposition"]
    raw = response.content
    assert raw.startswith("\ufeff".encode())  # the BOM
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == [
        "Hvad",
        "Ansvarlig",
        "Frist",
        "Status",
        "Overskredet",
        "Projekt",
        "Møde",
        "Knyttet til",
    ]
    by_what = {row[0]: row for row in rows[1:]}
    assert set(by_what) == {"Udført", "Mål fald på afdeling Ø", "Oplæring i app; æøå"}
    benefit = by_what["Mål fald på afdeling Ø"]
    assert benefit[2] == (TODAY - timedelta(days=1)).strftime("%d-%m-%Y")
    assert benefit[3:5] == ["Åben", "ja"]
    assert benefit[7] == "Gevinst: Færre fald på Ærø"
    assert by_what["Oplæring i app; æøå"][7] == "Kompetence: Brugerkompetencer (Nattevagter)"
    assert by_what["Udført"][3:5] == ["Udført", "nej"]


def test_a_formula_is_written_as_text_in_the_csv(client, project, lead):
    add_project_action(project, lead, what='=HYPERLINK("x")', owner=lead)
    client.force_login(lead)
    rows = list(
        csv.reader(
            io.StringIO(client.get(reverse("action_csv")).content.decode("utf-8-sig")),
            delimiter=";",
        )
    )
    assert rows[1][0] == '\'=HYPERLINK("x")'


def test_the_owner_and_the_keepers_change_the_status_others_do_not(
    client, actions, member, chair, lead
):
    action = actions["line"]
    url = reverse("action_status", args=[action.pk])
    client.force_login(chair)  # neither owner nor keeper of the project
    page = client.get(reverse("action_list"), {"projekt": action.project_id}).content.decode()
    assert url not in page
    assert client.post(url, {"status": "i_gang"}).status_code == 403
    client.force_login(member)  # the owner
    assert (
        url in client.get(reverse("action_list"), {"projekt": action.project_id}).content.decode()
    )
    assert client.post(url, {"status": "i_gang"}).status_code == 302
    action.refresh_from_db()
    assert action.status == "i_gang"


def test_overdue_actions_of_the_user_are_on_the_dashboard(client, actions, member):
    client.force_login(member)
    page = client.get("/").content.decode()
    assert "Dine overskredne opfølgninger" in page
    assert "Mål fald på afdeling Ø" in page and "Oplæring i app" not in page
    assert "Indkøb af sensorer" not in page  # the chair's


def test_the_record_keepers_are_the_joint_answers_writers(
    project, lead, member, chair, committee, municipality
):
    """One rule, two readings: `projects.records` (querysets for lists) and
    the assessment's Standing (one project) agree."""
    secretary = make_user("sekretaer", municipality)
    seat(secretary, committee, Side.MANAGEMENT, Membership.Role.SECRETARY)
    other_secretary = make_user("sekretaer2", municipality)
    seat(
        other_secretary,
        Committee.objects.create(municipality=municipality, name="Andet", level="lokalt"),
        Side.MANAGEMENT,
        Membership.Role.SECRETARY,
    )
    staff = make_user("it", municipality, is_staff=True)
    for user in (lead, member, chair, secretary, other_secretary, staff):
        expected = standing_of(user, project.assessment).may(WRITE_JOINT)
        assert keeps_records(user, project) == expected, user
    assert [
        keeps_records(u, project) for u in (lead, secretary, staff, member, chair, other_secretary)
    ] == [
        True,
        True,
        True,
        False,
        False,
        False,
    ]


def test_a_closed_items_follow_up_is_seen_only_by_those_who_see_the_item(
    client, project, lead, committee, municipality
):
    meeting = Meeting.objects.create(
        committee=committee, starts_at=timezone.now(), place="Rådhuset", created_by=lead
    )
    closed = meeting.add_item(title="Personalesag", kind="droeftelse", is_closed=True)
    action = closed.add_action("Fortrolig opfølgning", lead)
    colleague = make_user("kollega", municipality)  # no seat, not the lead
    client.force_login(colleague)
    assert "Fortrolig opfølgning" not in listed(client, vis="alle")
    csv_text = client.get(reverse("action_csv"), {"vis": "alle"}).content.decode("utf-8-sig")
    assert "Fortrolig opfølgning" not in csv_text
    assert (
        client.post(reverse("action_status", args=[action.pk]), {"status": "udfoert"}).status_code
        == 404
    )
    client.force_login(lead)
    assert "Fortrolig opfølgning" in listed(client, vis="alle")
