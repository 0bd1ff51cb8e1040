"""Bad input never breaks the product: every URL of every app, as a user
allowed to use it, gets random, oversized, control-character, emoji and
æøå values, wrong types and missing fields, in query strings and posted
forms, with and without htmx. The answer is never a 500, and what was sent
is never echoed unescaped. The number of examples is fixed (the `ci`
profile), so the suite's time does not drift."""

import importlib
import inspect
import re
from datetime import timedelta

import pytest
from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlsafe_base64_encode
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from administration.models import Invitation
from assessments.models import Answer
from assessments.services import Submission, add_comment, save_answer
from competences.services import add_activity, create_plan
from meetings.models import Meeting
from method.vocabulary import Side
from organisations.models import Membership
from packs.models import DialoguePack
from packs.services import request_pack
from questionnaires.editing import derive_template
from tests.factories import attach, seat
from tests.followup_factories import make_benefit
from tests.pulse_helpers import make_pulse
from tests.test_packs import pdf_text
from tests.urlmap import product_urls

# A marker that must never come back as markup.
MARKUP = '<b data-fuzz="1">'
EXAMPLES_PER_URL = 10
READ_BY_NAME = re.compile(r"""\.(?:get|getlist)\(\s*["'](\w+)["']""")


def names_read_raw(app: str) -> list[str]:
    """The names an app's views look up in a query or post themselves."""
    source = inspect.getsource(importlib.import_module(f"{app}.views"))
    return sorted(set(READ_BY_NAME.findall(source)))


def names_an_app_reads(app: str) -> list[str]:
    """The field and parameter names an app's views read: every field of its
    forms, and every name its views look up in a query or post."""
    names = set(names_read_raw(app))
    try:
        module = importlib.import_module(f"{app}.forms")
    except ModuleNotFoundError:
        return sorted(names)
    for _name, cls in inspect.getmembers(module, inspect.isclass):
        if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__:
            names |= set(cls.base_fields)
    return sorted(names)


hostile_text = st.one_of(
    st.sampled_from(
        [
            "",
            " ",
            "abc",
            "æøå ÆØÅ",
            "😀🇩🇰",
            "\x00\x01\x1f",
            "-1",
            "0",
            "9" * 4301,  # beyond Python's int-from-string limit
            "1e309",
            "NaN",
            "x" * 25_000,  # over every text limit
            MARKUP + "æøå",
            "../../etc/passwd",
            "2026-02-30",
            '{"a": 1}',
        ]
    ),
    st.text(max_size=40),  # any unicode, control characters included
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
)
field_values = st.one_of(hostile_text, st.lists(hostile_text, max_size=3))


def form_data(app: str):
    names = names_an_app_reads(app) + ["ukendt_felt"]
    return st.dictionaries(st.sampled_from(names), field_values, max_size=5)


@pytest.fixture
def world(municipality, committee, project, assessment, lead, member, chair):
    """One of everything, and a user allowed to do everything with it: the
    project lead, also template admin, municipal administrator and
    secretary of the committee."""
    lead.is_template_admin = lead.is_municipal_admin = True
    lead.save(update_fields=["is_template_admin", "is_municipal_admin"])
    seat(lead, committee, Side.MANAGEMENT, Membership.Role.SECRETARY)
    question = assessment.questions().first()
    save_answer(assessment, question, member, Submission(text="Et svar"), side=Side.EMPLOYEES)
    comment = add_comment(assessment, question, member, "En kommentar")
    meeting = Meeting.objects.create(
        committee=committee,
        starts_at=timezone.now() + timedelta(days=3),
        place="Rådhuset",
        created_by=lead,
    )
    item = meeting.add_item(title="Punkt", kind="beslutning", project=project)
    meeting.add_item(title="Lukket", kind="droeftelse", is_closed=True)
    action = item.add_action("Opfølgning", lead)
    pack = request_pack(meeting, item, lead)
    pulse = make_pulse(project, lead)
    benefit = make_benefit(project, lead)
    plan = create_plan(project, "Sagsbehandlere")
    activity = add_activity(plan, what="Kursus", form="kursus", timing="nu", hours=1, owner=lead)
    attachment = attach(item, lead)
    by_app = {
        "projects": {"pk": project.pk},
        "assessments": {
            "pk": assessment.pk,
            "question_id": question.pk,
            "comment_id": comment.pk,
            "committee_id": committee.pk,
        },
        "meetings": {"pk": meeting.pk, "item_id": item.pk, "action_id": action.pk},
        "packs": {"pk": pack.pk, "meeting_id": meeting.pk},
        "attachments": {"pk": attachment.pk, "project_id": project.pk, "item_id": item.pk},
        "questionnaires": lambda: own_template_ids(assessment, municipality, lead),
        # The public survey too: its link is all a hostile visitor needs.
        "pulse": {"pk": pulse.pk, "project_id": project.pk, "token": pulse.token},
        "administration": {
            "pk": committee.pk,
            "seat_id": member.memberships.get().pk,
            "user_id": member.pk,
        },
        # The invitation's token; the reset link then holds a wrong one.
        "organisations": lambda: {
            "token": Invitation.issue(member, lead)[1],
            "uidb64": urlsafe_base64_encode(str(member.pk).encode()),
        },
        "businesscase": {"pk": project.pk, "benefit_id": benefit.pk},
        "competences": {"pk": project.pk, "plan_id": plan.pk, "activity_id": activity.pk},
        "actions": {"pk": project.pk},
        "notifications": {},
    }
    return lead, by_app


def own_template_ids(assessment, municipality, user) -> dict:
    """A municipality's own draft (made only for the template URLs: copying
    the standard template is the slow part of the setup)."""
    draft = derive_template(assessment.template_version, municipality, user, "Egen skabelon")
    own_question = draft.questions().first()
    return {"pk": draft.pk, "section_id": own_question.section_id, "question_id": own_question.pk}


URLS = product_urls()


def test_every_url_is_walked():
    assert len(URLS) >= 77


@pytest.mark.parametrize(("app", "name", "params"), URLS, ids=[name for _a, name, _p in URLS])
def test_no_input_gives_a_500_or_echoes_markup(client, world, app, name, params):
    user, by_app = world
    client.force_login(user)
    ids = by_app[app]() if callable(by_app[app]) else by_app[app]
    url = reverse(name, kwargs={key: ids[key] for key in params})

    @settings(
        max_examples=EXAMPLES_PER_URL,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(data=form_data(app), method=st.sampled_from(["get", "post"]), htmx=st.booleans())
    def check(data, method, htmx):
        headers = {"HX-Request": "true"} if htmx else {}
        response = getattr(client, method)(url, data, headers=headers)
        assert response.status_code < 500, (url, method, data)
        if response.get("Content-Type", "").startswith("text/html"):
            assert MARKUP not in response.content.decode(), (url, method, data)

    # Besides the random examples, every name a view reads by itself (not
    # through a form) gets a word where a number may be expected.
    for field in names_read_raw(app):
        for method in ("get", "post"):
            check = example(data={field: "abc"}, method=method, htmx=False)(check)
    check()


def test_danish_letters_and_markup_survive_from_form_to_page_to_pdf(
    client, committed, lead, assessment, committee, project
):
    question = assessment.questions().filter(kind="text").first()
    sent = f"{MARKUP}Rødgrød med fløde på Ærø 😀\nNy linje"
    client.force_login(lead)  # the committee's joint answer: the pack prints it
    saved = client.post(
        reverse("joint_answer_save", args=[assessment.pk, question.pk]),
        {"text": sent, "status": "enige", "version": 0, "phase": project.phase},
        headers={"HX-Request": "true"},
    )
    assert saved.status_code == 200
    stored = Answer.objects.joint().get(question=question)
    assert stored.text == sent  # stored as typed, never pre-escaped

    tab = question.phases[0]
    page = client.get(reverse("assessment", args=[assessment.pk]), {"fase": tab}).content.decode()
    assert "&lt;b data-fuzz=&quot;1&quot;&gt;Rødgrød med fløde på Ærø 😀" in page
    assert MARKUP not in page

    meeting = Meeting.objects.create(
        committee=committee, starts_at=timezone.now(), place="Ærøskøbing", created_by=lead
    )
    meeting.add_item(title="Æbler og øl", kind="droeftelse", project=project)
    with committed():
        client.post(reverse("pack_request", args=[meeting.pk]))
    pack = DialoguePack.objects.get(meeting=meeting)
    assert pack.status == DialoguePack.Status.READY, pack.error
    text = " ".join(pdf_text(pack.read_file()).split())
    assert "Æbler og øl" in text and "Ærøskøbing" in text
    assert '<b data-fuzz="1">Rødgrød med fløde på Ærø' in text
