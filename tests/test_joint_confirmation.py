"""Joint answers both sides stand behind (issue 9, item 1): the lead drafts
the joint answer on the comparison page beside both sides' answers; one
confirmer of each side confirms it (by default the formand and the
næstformand, or whom the committee named); a change reopens it and asks
again; the pack marks what is not confirmed by both sides."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from assessments.access import confirmer_ids, standing_of
from assessments.confirmation import name_confirmer
from assessments.models import Answer, JointConfirmation, NamedConfirmer
from assessments.parts import comparison_url
from meetings.models import Meeting
from method.vocabulary import Side
from notifications.models import Kind, Notification
from organisations.models import Committee, Membership
from packs.pipeline import make_pack
from questionnaires import published
from tests.factories import answer, make_user, part_url, seat

M, E = Side.MANAGEMENT, Side.EMPLOYEES


@pytest.fixture
def people(municipality, committee, chair, vice_chair, member, lead):
    """The committee (formand on ledelsessiden, næstformand and a member on
    medarbejdersiden, a manager without a role), its secretary, the lead;
    all with addresses, so notifications are recorded for them."""
    manager = make_user("leder", municipality)
    seat(manager, committee, M)
    secretary = make_user("sekretaer", municipality)
    seat(secretary, committee, M, Membership.Role.SECRETARY)
    everyone = {
        "chair": chair,
        "vice_chair": vice_chair,
        "member": member,
        "manager": manager,
        "secretary": secretary,
        "lead": lead,
    }
    for person in everyone.values():
        person.email = f"{person.username}@fjordby.example"
        person.save(update_fields=["email"])
    return everyone


@pytest.fixture
def question(assessment):
    return assessment.questions().filter(kind="text", phases__contains=["ideudvikling"]).first()


def joint(assessment, question, lead, text="Vi er enige om formålet.", status="enige"):
    return answer(assessment, question, lead, text, joint=True, status=status)


def confirm(client, assessment, question, side, version, htmx=True):
    headers = {"HX-Request": "true"} if htmx else {}
    return client.post(
        reverse("joint_answer_confirm", args=[assessment.pk, question.pk]),
        {"version": version, "phase": assessment.project.phase, "side": side},
        headers=headers,
    )


# -- who may confirm ------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "side", "expected"),
    [
        ("chair", M, 200),  # the formand, for ledelsessiden
        ("chair", E, 403),  # never for the other side
        ("vice_chair", E, 200),  # the næstformand, for medarbejdersiden
        ("vice_chair", M, 403),
        ("member", E, 403),  # a seat without the role
        ("manager", M, 403),
        ("secretary", M, 403),  # the secretary writes, does not confirm
        ("lead", M, 403),  # the lead drafts, does not confirm
    ],
)
def test_who_may_confirm_for_which_side(client, people, assessment, question, who, side, expected):
    answer_ = joint(assessment, question, people["lead"])
    client.force_login(people[who])
    response = confirm(client, assessment, question, side, answer_.version)
    assert response.status_code == expected
    confirmed = JointConfirmation.objects.filter(answer=answer_, side=side)
    assert confirmed.exists() == (expected == 200)
    if expected == 200:
        assert confirmed.get().confirmed_by == people[who]
        assert confirmed.get().version == answer_.version


def test_another_municipality_gets_404(client, people, assessment, question, outsider):
    answer_ = joint(assessment, question, people["lead"])
    client.force_login(outsider)
    assert confirm(client, assessment, question, M, answer_.version).status_code == 404
    assert not JointConfirmation.objects.exists()


def test_the_committee_names_others_and_the_default_steps_aside(
    client, people, assessment, question, committee, project
):
    """Named for medarbejdersiden, the member confirms and the næstformand
    no longer does; ledelsessiden, where nobody is named, keeps its formand.
    A named person whose seat has ended confirms no more."""
    member_seat = people["member"].memberships.get()
    name_confirmer(committee, member_seat, people["chair"])
    assert confirmer_ids(project, E) == [people["member"].pk]
    assert confirmer_ids(project, M) == [people["chair"].pk]
    answer_ = joint(assessment, question, people["lead"])
    client.force_login(people["vice_chair"])
    assert confirm(client, assessment, question, E, answer_.version).status_code == 403
    client.force_login(people["member"])
    assert confirm(client, assessment, question, E, answer_.version).status_code == 200

    member_seat.valid_from = timezone.localdate() - timedelta(days=30)
    member_seat.valid_to = timezone.localdate()
    member_seat.save(update_fields=["valid_from", "valid_to"])
    assert E not in standing_of(people["member"], assessment).confirms_for
    assert confirmer_ids(project, E) == []


def test_a_page_reads_each_persons_standing_in_one_query(
    people, assessment, committee, django_assert_num_queries
):
    """A page reads the seat, the secretary's role and the sides confirmed
    for at once (`standing_of`); it gives what asking each alone gives, for
    the default confirmers and for a named one."""
    from assessments.access import Standing

    name_confirmer(committee, people["member"].memberships.get(), people["chair"])
    project = assessment.project
    for who, person in people.items():
        with django_assert_num_queries(1):
            read = standing_of(person, assessment)
        asked = Standing(person, project)
        assert (read.seat, read.secretary, read.confirms_for, read.leads) == (
            asked.seat,
            asked.secretary,
            asked.confirms_for,
            asked.leads,
        ), who
    assert standing_of(people["secretary"], assessment).secretary
    assert standing_of(people["member"], assessment).confirms_for == {E}
    assert standing_of(people["chair"], assessment).confirms_for == {M}
    assert standing_of(people["vice_chair"], assessment).confirms_for == set()


# -- confirming, reopening ------------------------------------------------------


def test_a_confirmation_records_who_which_side_when_and_the_version(
    client, people, assessment, question
):
    answer_ = joint(assessment, question, people["lead"])
    client.force_login(people["chair"])
    before = timezone.now()
    response = confirm(client, assessment, question, M, answer_.version)
    body = response.content.decode()
    assert "Bekræftet for ledelsessiden af Formand" in body
    assert "Afventer medarbejdersiden" in body
    assert "Bekræft for ledelsessiden" not in body  # done: no button left
    confirmation = JointConfirmation.objects.get()
    assert (confirmation.side, confirmation.version) == (M, answer_.version)
    assert confirmation.confirmed_by == people["chair"]
    assert confirmation.confirmed_at >= before


def test_confirming_twice_keeps_one_confirmation(client, people, assessment, question):
    answer_ = joint(assessment, question, people["lead"])
    client.force_login(people["chair"])
    first = confirm(client, assessment, question, M, answer_.version)
    second = confirm(client, assessment, question, M, answer_.version)  # a double click
    without_js = confirm(client, assessment, question, M, answer_.version, htmx=False)
    assert (first.status_code, second.status_code, without_js.status_code) == (200, 200, 302)
    assert JointConfirmation.objects.count() == 1


def test_a_page_older_than_the_answer_confirms_nothing(client, people, assessment, question):
    """The confirmer confirms only what they read: the answer changed after
    their page was made."""
    first = joint(assessment, question, people["lead"])
    joint(assessment, question, people["lead"], "Vi er enige om formålet, med et forbehold.")
    client.force_login(people["vice_chair"])
    response = confirm(client, assessment, question, E, first.version)
    assert response.status_code == 409
    assert "Svaret er ændret, siden du åbnede siden" in response.content.decode()
    assert not JointConfirmation.objects.exists()


def test_an_answer_without_status_or_from_an_earlier_phase_is_not_confirmed(
    client, people, assessment, question, project
):
    answer_ = joint(assessment, question, people["lead"], status="")
    client.force_login(people["chair"])
    response = confirm(client, assessment, question, M, answer_.version)
    assert response.status_code == 400
    assert "ingen status" in response.content.decode()
    assert not JointConfirmation.objects.exists()


def test_a_change_after_confirmation_reopens_it_and_asks_that_side_again(
    client, people, assessment, question
):
    lead, chair, vice_chair = people["lead"], people["chair"], people["vice_chair"]
    answer_ = joint(assessment, question, lead)
    # The first status: both sides begin to wait, and their confirmers are told.
    asked = Notification.objects.filter(kind=Kind.CONFIRMATION, object_id=answer_.pk)
    assert set(asked.values_list("recipient__username", "occasion")) == {
        ("formand", f"{M}:{answer_.version}"),
        ("naestformand", f"{E}:{answer_.version}"),
    }
    client.force_login(chair)
    confirm(client, assessment, question, M, answer_.version)
    client.force_login(vice_chair)
    confirm(client, assessment, question, E, answer_.version)
    answer_.refresh_from_db()
    assert answer_.is_confirmed_by_both

    # The lead changes the status: both confirmations stop counting, both sides are asked.
    changed = joint(assessment, question, lead, status="delvist_enige")
    assert changed.version == answer_.version + 1
    assert not Answer.objects.get(pk=answer_.pk).is_confirmed_by_both
    assert JointConfirmation.objects.count() == 2  # kept, as history
    assert set(asked.filter(occasion__endswith=f":{changed.version}").values_list("occasion")) == {
        (f"{M}:{changed.version}",),
        (f"{E}:{changed.version}",),
    }

    # Only ledelsessiden confirms again; a further change of the text asks
    # ledelsessiden again, not medarbejdersiden, which is waiting already.
    client.force_login(chair)
    confirm(client, assessment, question, M, changed.version)
    again = joint(
        assessment, question, lead, "Delvist enige; vikarerne er et åbent punkt.", "delvist_enige"
    )
    assert list(
        asked.filter(occasion__endswith=f":{again.version}").values_list("occasion", flat=True)
    ) == [f"{M}:{again.version}"]

    client.force_login(vice_chair)
    page = client.get(reverse("comparison", args=[assessment.pk])).content.decode()
    assert "Afventer ledelsessiden" in page and "Afventer medarbejdersiden" in page
    assert "bekræftede" in page and "en tidligere udgave" in page
    assert "Bekræft for medarbejdersiden" in page
    assert "Bekræft for ledelsessiden" not in page


def test_named_confirmers_are_the_ones_told(people, assessment, question, committee):
    name_confirmer(committee, people["member"].memberships.get(), people["chair"])
    answer_ = joint(assessment, question, people["lead"])
    asked = Notification.objects.filter(kind=Kind.CONFIRMATION, object_id=answer_.pk)
    assert set(asked.values_list("recipient__username", flat=True)) == {"formand", "medlem"}


# -- the pages ----------------------------------------------------------------------


def test_the_lead_drafts_on_the_comparison_page_beside_both_sides(
    client, people, assessment, question
):
    answer(assessment, question, people["chair"], "Ledelsens syn.", side=M)
    answer(assessment, question, people["member"], "Medarbejdernes syn.", side=E)
    client.force_login(people["lead"])
    url = comparison_url(assessment, question, assessment.project.phase)
    page = client.get(url).content.decode()
    assert "Ledelsens syn." in page and "Medarbejdernes syn." in page
    save_url = reverse("joint_answer_save", args=[assessment.pk, question.pk])
    assert f'hx-post="{save_url}"' in page
    assert 'name="back" value="sammenligning"' in page
    # Autosave (htmx): the saved state comes back with the confirmations, out of band.
    data = {"text": "Fælles formål.", "status": "enige", "version": 0, "phase": "ideudvikling"}
    saved = client.post(save_url, data | {"back": "sammenligning"}, headers={"HX-Request": "true"})
    assert saved.status_code == 200
    body = saved.content.decode()
    assert f'id="confirmations-{question.pk}" hx-swap-oob="true"' in body
    assert "Afventer ledelsessiden" in body and "Afventer medarbejdersiden" in body
    # Without JavaScript: back to the comparison page. The same form sent again changes nothing.
    again = client.post(save_url, data | {"back": "sammenligning"})
    assert again.status_code == 302 and again["Location"] == url
    assert Answer.objects.joint().get(question=question).version == 1
    # A stale form keeps what was typed and says so.
    stale = client.post(
        save_url, data | {"text": "Et andet forslag"}, headers={"HX-Request": "true"}
    )
    assert stale.status_code == 409
    assert "Et andet forslag" in stale.content.decode()


def test_controls_are_shown_only_to_those_who_may_use_them(client, people, assessment, question):
    joint(assessment, question, people["lead"])
    url = comparison_url(assessment, question, assessment.project.phase)
    save_url = reverse("joint_answer_save", args=[assessment.pk, question.pk])
    seen = {}
    for who in ("chair", "vice_chair", "member", "lead"):
        client.force_login(people[who])
        page = client.get(url).content.decode()
        seen[who] = (
            "Bekræft for ledelsessiden" in page,
            "Bekræft for medarbejdersiden" in page,
            f'hx-post="{save_url}"' in page,
        )
    assert seen == {
        "chair": (True, False, False),
        "vice_chair": (False, True, False),
        "member": (False, False, False),
        "lead": (False, False, True),
    }
    # Everyone sees what awaits: the assessment page too.
    client.force_login(people["member"])
    page = client.get(part_url(assessment, question, phase=assessment.project.phase))
    page = page.content.decode()
    assert "Afventer ledelsessiden" in page and "Afventer medarbejdersiden" in page


def test_the_comparison_page_keeps_its_queries_as_answers_are_confirmed(client, people, assessment):
    def count(who):
        client.force_login(people[who])
        published.forget()  # each read as by a worker new to the version's questions
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("comparison", args=[assessment.pk])).status_code == 200
        return len(queries)

    before = {who: count(who) for who in ("lead", "chair", "member")}
    for question in assessment.questions().filter(kind="text")[:4]:
        answer(assessment, question, people["chair"], "Ledelsen", side=M)
        answer(assessment, question, people["member"], "Medarbejderne", side=E)
        done = joint(assessment, question, people["lead"])
        for confirmer, side in ((people["chair"], M), (people["vice_chair"], E)):
            JointConfirmation.objects.create(
                answer=done, side=side, version=done.version, confirmed_by=confirmer
            )
    assert {who: count(who) for who in ("lead", "chair", "member")} == before


# -- naming confirmers ----------------------------------------------------------------


def test_the_chair_or_an_administrator_names_confirmers(
    client, people, committee, municipality, outsider
):
    url = reverse("confirmers", args=[committee.pk])
    member_seat = people["member"].memberships.get()
    for who in ("member", "vice_chair", "lead"):
        client.force_login(people[who])
        assert client.get(url).status_code == 403
        assert client.post(url, {"seat": member_seat.pk}).status_code == 403
    client.force_login(outsider)
    assert client.get(url).status_code == 404

    client.force_login(people["chair"])
    page = client.get(url).content.decode()
    assert "Naestformand (næstformand)" in page  # who confirms now, by default
    assert client.post(url, {"seat": "abc"}).status_code == 400
    secretary_seat = people["secretary"].memberships.get()
    assert client.post(url, {"seat": secretary_seat.pk}).status_code == 400
    assert client.post(url, {"seat": member_seat.pk}).status_code == 302
    named = NamedConfirmer.objects.get()
    assert (named.user, named.side, named.named_by) == (people["member"], E, people["chair"])

    admin = make_user("kommuneadmin", municipality, is_municipal_admin=True)
    client.force_login(admin)
    assert "Medlem, udpeget af Formand" in client.get(url).content.decode()
    remove = reverse("confirmer_remove", args=[committee.pk])
    assert client.post(remove, {"confirmer": "x"}).status_code == 302  # refused, said on the page
    assert NamedConfirmer.objects.exists()
    assert client.post(remove, {"confirmer": named.pk}).status_code == 302
    assert not NamedConfirmer.objects.exists()


def test_another_committees_confirmers_cannot_be_removed_from_here(
    client, people, committee, municipality
):
    other = Committee.objects.create(
        municipality=municipality, name="Hovedudvalget", level="hovedudvalg"
    )
    other_seat = seat(people["member"], other, E)
    named = name_confirmer(other, other_seat, people["chair"])
    client.force_login(people["chair"])
    client.post(reverse("confirmer_remove", args=[committee.pk]), {"confirmer": named.pk})
    assert NamedConfirmer.objects.filter(pk=named.pk).exists()


# -- the pack ------------------------------------------------------------------------


def test_the_pack_marks_joint_answers_not_confirmed_by_both_sides(
    people, assessment, committee, project
):
    questions = list(
        assessment.questions().filter(kind="text", phases__contains=["ideudvikling"])[:2]
    )
    confirmed, waiting = (
        joint(assessment, q, people["lead"], f"Svar {n}") for n, q in enumerate(questions)
    )
    for confirmer, side in ((people["chair"], M), (people["vice_chair"], E)):
        JointConfirmation.objects.create(
            answer=confirmed, side=side, version=confirmed.version, confirmed_by=confirmer
        )
    JointConfirmation.objects.create(
        answer=waiting, side=M, version=waiting.version, confirmed_by=people["chair"]
    )
    meeting = Meeting.objects.create(
        committee=committee,
        starts_at=timezone.now() + timedelta(days=7),
        place="Rådhuset",
        created_by=people["lead"],
    )
    meeting.add_item(title="Status", kind="droeftelse", project=project)
    html = " ".join(make_pack(meeting, pdf=False).html.split())
    assert html.count("Ikke bekræftet af begge sider") == 1
    assert "afventer medarbejdersiden" in html
    assert "Bekræftet af begge sider: ledelsessiden ved Formand" in html


def test_a_notice_waiting_to_be_sent_is_dropped_once_its_side_has_confirmed(
    client, people, assessment, question
):
    """A confirmer who reads mail once a day is not asked for what their
    side has confirmed meanwhile; the side still waited for is, also after
    more autosaves of the draft."""
    from notifications import delivery, kinds
    from notifications.models import Dropped

    answer_ = joint(assessment, question, people["lead"])
    joint(assessment, question, people["lead"], "Vi er enige om formålet. Med en tilføjelse.")
    asked = Notification.objects.filter(kind=Kind.CONFIRMATION, object_id=answer_.pk)
    assert asked.count() == 2  # the first status asked both sides; the autosave nobody
    current = Answer.objects.get(pk=answer_.pk)
    client.force_login(people["chair"])
    assert confirm(client, assessment, question, M, current.version).status_code == 200

    chairs = asked.get(recipient=people["chair"])
    assert delivery.deliver(chairs.pk) == delivery.Outcome.DROPPED
    chairs.refresh_from_db()
    assert chairs.dropped_because == Dropped.OUTDATED
    vice_chairs = asked.get(recipient=people["vice_chair"])
    piece = kinds.confirmation(vice_chairs)
    assert piece.subject == "Et fælles svar venter på jeres bekræftelse: Skærmbesøg i hjemmeplejen"


def test_a_joint_answer_with_only_a_status_is_confirmed_too(client, people, assessment, question):
    joint(assessment, question, people["lead"], text="")
    client.force_login(people["chair"])
    page = client.get(reverse("comparison", args=[assessment.pk])).content.decode()
    assert "Bekræft for ledelsessiden" in page
