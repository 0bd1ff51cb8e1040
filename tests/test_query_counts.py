"""Pages whose data grows keep a fixed number of SQL queries."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from actions.services import add_project_action
from assessments.services import Submission, add_comment, save_answer
from businesscase.services import record_measurement
from competences.services import create_plan
from method.vocabulary import Phase, Side
from questionnaires import published
from questionnaires.models import AnswerKind
from tests.factories import make_project, make_user, move_to_phase, seat
from tests.followup_factories import benefit_data, save_case


def count_queries(client, url, ok=(200,)):
    # Each page counted as a worker that has not yet read the template
    # version's questions (`questionnaires.published`) sees it.
    published.forget()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code in ok
    return len(queries)


def fill(assessment, users, comments_per_question=1, questions=None):
    """Answers from every user on every question (or on `questions`), joint
    answers, comments."""
    for question in assessment.questions() if questions is None else questions:
        value = "1" if question.kind == AnswerKind.SCALE else None
        if question.kind in (AnswerKind.YES_NO,):
            value = "ja"
        for user, side in users:
            save_answer(assessment, question, user, Submission(value=value, text="svar"), side=side)
        save_answer(
            assessment, question, users[0][0], Submission(value=value, text="fælles"), joint=True
        )
        for i in range(comments_per_question):
            add_comment(assessment, question, users[0][0], f"kommentar {i}")


def test_assessment_page_queries_do_not_grow(
    login, assessment, member, chair, lead, committee, municipality
):
    url = reverse("assessment", args=[assessment.pk])
    # The lead writes joint answers; the member answers and reads joint answers.
    for user in (lead, member):
        client = login(user)
        assert count_queries(client, url + "?fase=ideudvikling") == count_queries(
            client, url + "?fase=alle"
        )
    empty = {user: count_queries(login(user), url + "?fase=alle") for user in (lead, member)}
    extra = make_user("tr2", municipality)
    seat(extra, committee, Side.EMPLOYEES)
    fill(
        assessment, [(member, Side.EMPLOYEES), (chair, Side.MANAGEMENT), (extra, Side.EMPLOYEES)], 2
    )
    full = {user: count_queries(login(user), url + "?fase=alle") for user in (lead, member)}
    assert full == empty


def test_comparison_queries_do_not_grow(login, assessment, member, chair):
    client = login(chair)
    url = reverse("comparison", args=[assessment.pk]) + "?fase=alle"
    before = count_queries(client, url)
    fill(assessment, [(member, Side.EMPLOYEES), (chair, Side.MANAGEMENT)])
    assert count_queries(client, url) == before


def test_dashboard_queries_do_not_grow(login, project, member, lead, committee, municipality):
    client = login(member)
    before = count_queries(client, "/")
    for i in range(5):
        make_project(municipality, lead, [committee], title=f"Projekt {i}")
    fill(project.assessment, [(member, Side.EMPLOYEES)], 0)
    assert count_queries(client, "/") == before


def test_project_page_queries_do_not_grow(login, project, lead, committee, municipality):
    client = login(lead)
    url = reverse("project_detail", args=[project.pk])
    before = count_queries(client, url)
    for i in range(4):
        seat(make_user(f"m{i}", municipality), committee, Side.EMPLOYEES)
        project.move_to_next_step(lead, note=f"trin {i}", reason="test", override="test")
    assert count_queries(client, url) == before


def grow_benefits(project, lead, owner, count):
    """`count` more benefits in the business case, each measured three times."""
    case = getattr(project, "business_case", None)
    kept = (
        [benefit_data(owner, id=b.pk, title=b.title) for b in case.benefits.current()]
        if case
        else []
    )
    new = [benefit_data(owner, title=f"Gevinst {len(kept) + i}") for i in range(count)]
    save_case(project, lead, kept + new)
    project.refresh_from_db()
    for benefit in project.business_case.benefits.current().filter(measurements__isnull=True):
        for days in (60, 30, 1):
            record_measurement(
                benefit, lead, measured_on=timezone.localdate() - timedelta(days=days), value=days
            )
    return project.business_case.benefits.current().first()


def test_business_case_and_benefit_pages_queries_do_not_grow(login, project, lead, member):
    benefit = grow_benefits(project, lead, member, 1)
    create_plan(project, "Gruppe 1")
    client = login(lead)
    urls = [
        reverse("project_detail", args=[project.pk]),
        reverse("business_case", args=[project.pk]),
        reverse("benefit_detail", args=[benefit.pk]),
        reverse("competence_plans", args=[project.pk]),
        reverse("action_list") + "?vis=alle",
        "/",
    ]
    yesterday = timezone.localdate() - timedelta(days=1)
    add_project_action(project, lead, what="Første", owner=lead, deadline=yesterday)
    before = [count_queries(client, url) for url in urls]
    grow_benefits(project, lead, member, 4)
    for i in range(3):
        record_measurement(
            benefit, lead, measured_on=timezone.localdate() - timedelta(days=i), value=i
        )
        create_plan(project, f"Gruppe {i + 2}")
        add_project_action(  # overdue: on the dashboard too
            project, lead, what=f"Opfølgning {i}", owner=lead, deadline=yesterday
        )
    assert [count_queries(client, url) for url in urls] == before


def test_pages_keep_their_queries_as_phases_and_answers_grow(
    login, project, assessment, member, chair, lead
):
    """The assessment (its current tab, an earlier one, all questions), the
    comparison, predicted vs experienced and the project page, as a member
    and as the lead, while the project goes through every phase with
    answers and joint answers in each."""
    urls = [
        reverse("assessment", args=[assessment.pk]),
        # the idea tab is the current one first, an earlier one at the end
        reverse("assessment", args=[assessment.pk]) + f"?fase={Phase.IDEA}&del=kerneopgave",
        reverse("assessment", args=[assessment.pk]) + "?fase=alle&del=opgaveloesning",
        reverse("comparison", args=[assessment.pk]),
        reverse("comparison", args=[assessment.pk]) + f"?fase={Phase.IDEA}",
        reverse("predicted_vs_experienced", args=[assessment.pk]),
        reverse("project_detail", args=[project.pk]),
    ]

    def counts():
        return {
            (user.username, url): count_queries(login(user), url)
            for user in (member, lead)
            for url in urls
        }

    before = counts()
    for phase in Phase.values:
        move_to_phase(project, lead, phase)
        asked = [q for q in assessment.questions() if q.applies_in(phase)][:12]
        fill(assessment, [(member, Side.EMPLOYEES), (chair, Side.MANAGEMENT)], 1, asked)
    assert project.phase == Phase.OPERATION
    assert assessment.answers.values("phase").distinct().count() == 4
    assert counts() == before


def keep_packs(meeting, user, count, item=None):
    """`count` finished packs of the meeting (or of `item`), each holding a
    large record of the data it was made of, which no list may read."""
    from packs.models import DialoguePack, Part

    DialoguePack.objects.bulk_create(
        DialoguePack(
            meeting=meeting,
            item=item,
            part=Part.of(item) if item else Part.OPEN,
            requested_by=user,
            status=DialoguePack.Status.READY,
            finished_at=timezone.now(),
            file=f"packs/{meeting.pk}/kept-{n}.pdf",
            size=1000,
            pages=3,
            source={"generated": True, "padding": "x" * 10_000},
        )
        for n in range(count)
    )
    return DialoguePack.objects.filter(meeting=meeting).order_by("-id").first()


def test_meeting_page_and_pack_poll_queries_do_not_grow_with_50_kept_packs(
    login, project, chair, member, lead
):
    """The meeting page lists its newest packs and the status poll answers
    for one, in the same number of queries with 1 kept pack or 50 (also
    for a closed item's), and neither reads a pack's source data."""
    from tests.factories import make_meeting

    meeting, items = make_meeting(chair.memberships.first().committee, chair, project, lead, ["A"])
    closed = meeting.add_item(title="Lukket", kind="beslutning", project=project, is_closed=True)
    urls = lambda pack: [  # noqa: E731 - the two URLs, for the newest pack
        reverse("meeting_detail", args=[meeting.pk]),
        reverse("pack_state", args=[pack.pk]),
    ]
    pack = keep_packs(meeting, lead, 1)
    keep_packs(meeting, lead, 1, item=closed)
    done = (200, 286)  # the poll of a finished pack tells htmx to stop polling
    before = {
        user: [count_queries(login(user), url, done) for url in urls(pack)]
        for user in (member, lead)
    }
    pack = keep_packs(meeting, lead, 49)
    keep_packs(meeting, lead, 49, item=closed)
    for user in (member, lead):
        client = login(user)
        assert [count_queries(client, url, done) for url in urls(pack)] == before[user]
        for url in urls(pack):
            with CaptureQueriesContext(connection) as queries:
                client.get(url)
            assert not any('"source"' in q["sql"] for q in queries.captured_queries), url


def test_a_page_names_the_users_municipality_without_a_query_of_its_own(client, member):
    """The header names the user's municipality on every page; it comes with
    the user (`MunicipalUserManager`), so the page reads the session, the
    user with the municipality, and nothing more."""
    client.force_login(member)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("accessibility_statement"))
    assert member.municipality.name in page.content.decode()
    assert len(queries) == 2, [q["sql"][:80] for q in queries]
