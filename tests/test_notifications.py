"""Notifications by e-mail, read from a real SMTP server on 127.0.0.1
(tests/mailserver.py) as a mail client would: who gets what, the meeting
invitation's calendar event parsed back, the daily digest, each person's
settings, no mail about a closed item to someone who may not see it, and a
task run twice sending once. The tasks run in this process here (the
embedded default); through a real worker and beat: test_notifications_worker.py."""

import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from assessments.services import add_comment
from meetings.models import Meeting
from method.vocabulary import Side
from notifications import events
from notifications.models import Dropped, Kind, MailSettings, Notification
from notifications.tasks import daily_task, deliver_task, digest_task
from organisations.personal_data import anonymise
from tests.factories import answer, make_project, make_user, seat
from tests.mailserver import body_of, link_in, smtp_server  # noqa: F401 - fixture

SITE = "https://med.fjordby.example"
TODAY = timezone.localdate()


def address(user) -> str:
    return f"{user.username}@fjordby.example"


@pytest.fixture(autouse=True)
def site(settings):
    settings.SITE_URL = SITE


@pytest.fixture
def people(chair, vice_chair, member, lead):
    """The committee (chair, vice-chair, member), the project lead, and an
    HR colleague of the same municipality without a seat; all with addresses."""
    hr = make_user("hr", lead.municipality)
    for person in (chair, vice_chair, member, lead, hr):
        person.email = address(person)
        person.save(update_fields=["email"])
    return {"chair": chair, "vice_chair": vice_chair, "member": member, "lead": lead, "hr": hr}


@pytest.fixture
def agenda(committee, lead, project):
    """A meeting in a week with an open item on the project and a closed one."""
    meeting = Meeting.objects.create(
        committee=committee,
        starts_at=timezone.now().replace(microsecond=0) + timedelta(days=7),
        place="Mødelokale 2, Rådhuset",
        created_by=lead,
    )
    meeting.add_item(title="Skærmbesøg: status", kind="droeftelse", project=project)
    meeting.add_item(title="Personalesag på Solhøj", kind="beslutning", is_closed=True)
    return meeting


def former_member(municipality, committee):
    """Someone whose seat in the committee ended today."""
    former = make_user("tidligere", municipality, email="tidligere@fjordby.example")
    ended = seat(former, committee, Side.EMPLOYEES)
    ended.valid_from, ended.valid_to = TODAY - timedelta(days=300), TODAY
    ended.save(update_fields=["valid_from", "valid_to"])
    return former


def choose(client, user, **choices):
    """The person's choices on the settings page (the rest left as shown)."""
    client.force_login(user)
    page = client.get(reverse("notification_settings"))
    form = page.context["form"]
    data = {name: form[name].value() for name in form.fields} | choices
    response = client.post(reverse("notification_settings"), data)
    assert response.status_code == 302, response.content.decode()


def subject(mail) -> str:
    """The subject as a mail client shows it (unfolded: Django folds long
    encoded subjects onto a line of their own)."""
    return str(mail["Subject"]).strip()


def calendar_of(mail) -> Calendar:
    (attachment,) = list(mail.iter_attachments())
    assert attachment.get_content_type() == "text/calendar"
    return Calendar.from_ical(attachment.get_content())


# -- who gets what --------------------------------------------------------------


def test_sending_the_material_invites_the_committee_with_the_meeting_in_their_calendar(
    client, committed, smtp_server, people, agenda, outsider
):
    client.force_login(people["lead"])
    with committed():
        client.post(reverse("material_sent", args=[agenda.pk]))

    invited = ("chair", "vice_chair", "member", "lead")  # the seats, and the project's lead
    for who in invited:
        assert len(smtp_server.to(address(people[who]))) == 1, who
    assert smtp_server.to(address(people["hr"])) == []  # no seat, no project on the agenda
    assert len(smtp_server.messages) == len(invited)

    mail = smtp_server.to(address(people["member"]))[0]
    when = timezone.localtime(agenda.starts_at)
    assert subject(mail).startswith("Indkaldelse: Lokal-MED Hjemmeplejen ")
    body = body_of(mail)
    assert "Kære Medlem" in body and "Mødelokale 2, Rådhuset" in body
    assert "1. Skærmbesøg: status (til drøftelse)" in body
    assert "2. Personalesag på Solhøj (til beslutning) – lukket punkt" in body
    assert link_in(mail) == f"{SITE}/moeder/{agenda.pk}/"

    event = calendar_of(mail).events[0]
    assert str(event["UID"]) == f"moede-{agenda.pk}@med.fjordby.example"
    assert str(event["SUMMARY"]) == "MED-møde: Lokal-MED Hjemmeplejen"
    assert str(event["LOCATION"]) == "Mødelokale 2, Rådhuset"
    assert event.start == when and str(event.start.tzinfo) == "Europe/Copenhagen"
    assert event.end - event.start == timedelta(hours=2)
    assert "Personalesag på Solhøj" in str(event["DESCRIPTION"])
    # Every invitee's event is the same event: one UID per meeting.
    uids = {str(calendar_of(m).events[0]["UID"]) for _to, m in smtp_server.messages}
    assert uids == {f"moede-{agenda.pk}@med.fjordby.example"}


def test_an_invitation_lists_only_the_closed_items_its_reader_may_see(
    committed, smtp_server, people, agenda, municipality, committee
):
    # The lead of a project on a closed item, without a seat and without
    # the project-lead role: invited for their item, blind to the others.
    outside_lead = make_user("ekstern", municipality, email="ekstern@fjordby.example")
    their_project = make_project(municipality, outside_lead, [committee], title="Rengøringsrobot")
    agenda.add_item(
        title="Robotten og arbejdsmiljøet", kind="droeftelse", project=their_project, is_closed=True
    )
    with committed():
        agenda.mark_material_sent(people["lead"])
    body = body_of(smtp_server.wait_for("ekstern@fjordby.example"))
    assert "1. Skærmbesøg: status" in body
    assert "3. Robotten og arbejdsmiljøet (til drøftelse) – lukket punkt" in body
    assert "Personalesag" not in body
    ics = calendar_of(smtp_server.to("ekstern@fjordby.example")[0]).events[0]
    assert "Personalesag" not in str(ics["DESCRIPTION"])
    member_body = body_of(smtp_server.wait_for(address(people["member"])))
    assert "Personalesag på Solhøj" in member_body and "Robotten" in member_body


def test_a_name_on_two_lines_still_makes_a_subject_of_one(
    committed, smtp_server, people, agenda, committee
):
    committee.name = "Lokal-MED\r\nHjemmeplejen"  # typed by someone, somewhere
    committee.save(update_fields=["name"])
    with committed():
        agenda.mark_material_sent(people["lead"])
    assert subject(smtp_server.wait_for(address(people["chair"]))).startswith(
        "Indkaldelse: Lokal-MED Hjemmeplejen "
    )


def test_a_moved_meeting_is_invited_to_again_and_replaces_the_event(
    committed, smtp_server, people, agenda
):
    with committed():
        agenda.mark_material_sent(people["lead"])
    agenda.starts_at += timedelta(hours=3)
    agenda.save(update_fields=["starts_at"])
    with committed():
        events.notify_material_sent(agenda.pk)
    first, second = (calendar_of(m).events[0] for m in smtp_server.to(address(people["chair"])))
    assert first["UID"] == second["UID"]
    assert (first["SEQUENCE"], second["SEQUENCE"]) == (0, 1)
    assert second.start == timezone.localtime(agenda.starts_at)


def test_a_reply_tells_the_others_in_the_thread_who_may_still_take_part(
    client, committed, smtp_server, people, assessment, committee
):
    question = assessment.questions().first()
    url = reverse("comments", args=[assessment.pk, question.pk])
    departed = former_member(people["lead"].municipality, committee)
    add_comment(assessment, question, people["member"], "Hvad med nattevagten?")
    add_comment(assessment, question, departed, "Enig.")  # written before the seat ended
    choose(client, people["member"], **{Kind.REPLY: "straks"})

    client.force_login(people["chair"])
    with committed():
        response = client.post(
            url,
            {"body": "Vi tager det op på mødet.", "key": "11111111-1111-1111-1111-111111111111"},
        )
    assert response.status_code == 302
    mail = smtp_server.wait_for(address(people["member"]))
    assert subject(mail) == "Nyt indlæg i drøftelsen om Skærmbesøg i hjemmeplejen"
    body = body_of(mail)
    assert "Formand har skrevet i en drøftelse om Skærmbesøg i hjemmeplejen" in body
    assert "»Vi tager det op på mødet.«" in body
    assert link_in(mail) == f"{SITE}{url}"
    # Nobody else: the author themself, and the member whose seat ended.
    print([subject(m) for _, m in smtp_server.messages])
    assert len(smtp_server.messages) == 1
    assert not Notification.objects.filter(recipient=departed).exists()


def test_the_side_awaited_hears_that_a_joint_answer_waits_for_its_confirmation(
    committed, smtp_server, people, assessment, project, lead
):
    question = assessment.questions().filter(kind="text").first()
    joint = answer(assessment, question, lead, "Vi er enige.", joint=True, status="enige")
    with committed():
        events.notify_confirmation_awaited(joint.pk, Side.EMPLOYEES)
        events.notify_confirmation_awaited(joint.pk, Side.EMPLOYEES)  # asked twice: once
    mail = smtp_server.wait_for(address(people["vice_chair"]))
    assert subject(mail) == (
        "Et fælles svar venter på jeres bekræftelse: Skærmbesøg i hjemmeplejen"
    )
    assert "venter på, at medarbejdersiden bekræfter det" in body_of(mail)
    assert link_in(mail) == f"{SITE}/vurderinger/{assessment.pk}/sammenligning/"
    print([subject(m) for _, m in smtp_server.messages])
    assert len(smtp_server.messages) == 1  # the employee side's næstformand only

    joint = answer(
        assessment, question, lead, "Vi er enige, med en tilføjelse.", joint=True, status="enige"
    )
    with committed():
        events.notify_confirmation_awaited(joint.pk, Side.EMPLOYEES)  # changed: asked again
        events.notify_confirmation_awaited(joint.pk, Side.MANAGEMENT, confirmers=[people["hr"].pk])
    assert len(smtp_server.to(address(people["vice_chair"]))) == 2
    # Someone the committee named, but outside the room, is not told.
    assert smtp_server.to(address(people["hr"])) == []


def test_a_pack_made_tells_the_one_who_asked_for_it(client, committed, smtp_server, people, agenda):
    """The meeting has a closed item, so two packs are made: one mail for
    each, saying which part it holds."""
    client.force_login(people["lead"])
    with committed():
        client.post(reverse("pack_request", args=[agenda.pk]))
    smtp_server.wait_for(address(people["lead"]), count=2)
    mails = [mail for _to, mail in smtp_server.messages]
    assert len(mails) == 2
    for mail in mails:
        assert subject(mail).startswith("Mødematerialet er klar: Lokal-MED Hjemmeplejen ")
        assert link_in(mail) == f"{SITE}/moeder/{agenda.pk}/"
    parts = [
        sentence
        for mail in mails
        for sentence in ("Det gælder mødets åbne punkter.", "Det gælder mødets lukkede punkter.")
        if sentence in body_of(mail)
    ]
    assert sorted(parts) == [
        "Det gælder mødets lukkede punkter.",
        "Det gælder mødets åbne punkter.",
    ]


# -- the daily run ----------------------------------------------------------------


@pytest.fixture
def follow_ups(agenda, people, committee, project):
    """Actions due tomorrow: one from the closed item, owned by the member,
    one from the closed item owned by a former member, and one from the open
    item owned by the former member."""
    open_item, closed_item = agenda.items.order_by("order")
    former = former_member(project.municipality, committee)
    tomorrow = TODAY + timedelta(days=1)
    return {
        "former": former,
        "closed_member": closed_item.add_action("Tale med den ansatte", people["member"], tomorrow),
        "closed_former": closed_item.add_action("Sende papirerne", former, tomorrow),
        "open_former": open_item.add_action("Bestille skærme", former, tomorrow),
    }


def test_no_mail_about_a_closed_item_to_someone_without_a_seat(
    committed, smtp_server, people, follow_ups
):
    former = follow_ups["former"]
    with committed():
        daily_task.apply()
    member_mail = smtp_server.wait_for(address(people["member"]))
    assert subject(member_mail) == "Frist i morgen: Tale med den ansatte"
    assert "Personalesag på Solhøj" in body_of(member_mail)
    former_mails = smtp_server.to(former.email)
    assert [subject(m) for m in former_mails] == ["Frist i morgen: Bestille skærme"]
    assert "Personalesag" not in body_of(former_mails[0])
    dropped = Notification.objects.get(object_id=follow_ups["closed_former"].pk)
    assert (dropped.sent_at, dropped.dropped_because) == (None, Dropped.NOT_VISIBLE)


def test_the_digest_gathers_what_each_chose_to_get_once_a_day(
    client, committed, smtp_server, people, follow_ups, assessment
):
    member = people["member"]
    overdue = follow_ups["closed_member"]
    overdue.deadline = TODAY - timedelta(days=2)
    overdue.save(update_fields=["deadline"])
    choose(client, member, **{Kind.ACTION_DUE: "daglig"})  # overdue is daily by default
    question = assessment.questions().first()
    with committed():
        events.notify_reply(add_comment(assessment, question, member, "Første").pk)
        events.notify_reply(add_comment(assessment, question, people["chair"], "Svar").pk)
    assert smtp_server.to(address(member)) == []  # replies wait for the digest

    with committed():
        daily_task.apply()
        daily_task.apply()  # the beat fired twice: one digest
    (digest,) = smtp_server.to(address(member))
    assert subject(digest) == "Din daglige oversigt fra MED-arbejdsbordet: 2 nye beskeder"
    body = body_of(digest)
    assert "== En opfølgning, du er ansvarlig for, er over fristen ==" in body
    assert "»Tale med den ansatte«" in body
    assert "== Et nyt indlæg i en drøftelse, du har deltaget i ==" in body
    assert "»Svar«" in body
    # The chair's own settings are the defaults: the reply to the chair's
    # own comment is not theirs; nothing was chosen as digest by them.
    assert smtp_server.to(address(people["chair"])) == []


# -- idempotence, people who get nothing, language --------------------------------


def test_a_task_run_twice_sends_once(smtp_server, people, agenda):
    agenda.mark_material_sent(people["lead"])  # recorded; the queue gets it at commit
    events.notify_material_sent(agenda.pk)  # announced again: recorded once
    assert Notification.objects.filter(recipient=people["chair"]).count() == 1
    note = Notification.objects.get(recipient=people["chair"])
    assert deliver_task.apply(args=[note.pk]).get() == "sent"
    assert deliver_task.apply(args=[note.pk]).get() == "nothing"
    assert len(smtp_server.to(address(people["chair"]))) == 1
    assert digest_task.apply(args=[people["chair"].pk]).get() == "nothing"


def test_no_mail_to_deactivated_or_anonymised_people(
    committed, smtp_server, people, agenda, municipality
):
    people["vice_chair"].is_active = False
    people["vice_chair"].save(update_fields=["is_active"])
    anonymise(people["member"], make_user("kommuneadmin", municipality, is_municipal_admin=True))
    with committed():
        agenda.mark_material_sent(people["lead"])
    assert smtp_server.to(address(people["vice_chair"])) == []
    assert smtp_server.to(address(people["member"])) == []
    assert len(smtp_server.to(address(people["chair"]))) == 1
    # Deactivated after the notification was recorded: dropped when it is sent.
    note = Notification.objects.get(recipient=people["chair"])
    Notification.objects.filter(pk=note.pk).update(sent_at=None)
    people["chair"].is_active = False
    people["chair"].save(update_fields=["is_active"])
    assert deliver_task.apply(args=[note.pk]).get() == "dropped"
    note.refresh_from_db()
    assert note.dropped_because == Dropped.INACTIVE
    assert len(smtp_server.to(address(people["chair"]))) == 1


def test_mails_are_in_english_for_those_who_chose_it(
    client, committed, smtp_server, people, agenda
):
    choose(client, people["chair"], language="en")
    with committed():
        agenda.mark_material_sent(people["lead"])
    mail = smtp_server.wait_for(address(people["chair"]))
    assert subject(mail).startswith("Invitation: Lokal-MED Hjemmeplejen ")
    assert "Dear Formand" in body_of(mail)
    danish = smtp_server.wait_for(address(people["member"]))
    assert subject(danish).startswith("Indkaldelse: ")


# -- the settings page ----------------------------------------------------------


def test_each_person_chooses_per_kind_at_once_daily_or_never(
    client, committed, smtp_server, people, agenda
):
    member = people["member"]
    client.force_login(member)
    page = client.get(reverse("notification_settings"))
    assert page.status_code == 200
    form = page.context["form"]
    # The defaults: what asks for action at once, replies and overdue daily.
    assert form[Kind.INVITATION].value() == "straks"
    assert form[Kind.REPLY].value() == "daglig"
    assert form[Kind.ACTION_OVERDUE].value() == "daglig"
    assert form["language"].value() == "da"
    assert "medlem@fjordby.example" in page.content.decode()

    refused = client.post(reverse("notification_settings"), {Kind.INVITATION: "hver time"})
    assert refused.status_code == 400
    assert "Marker en gyldig valgmulighed" in refused.content.decode()
    assert not MailSettings.objects.filter(user=member).exists()

    choose(client, member, **{Kind.INVITATION: "aldrig"})
    assert MailSettings.objects.get(user=member).delivery(Kind.INVITATION) == "aldrig"
    with committed():
        agenda.mark_material_sent(people["lead"])
    assert smtp_server.to(address(member)) == []
    assert not Notification.objects.filter(recipient=member).exists()  # nothing kept either
    assert len(smtp_server.to(address(people["chair"]))) == 1


def test_the_account_page_leads_to_the_settings(client, people):
    client.force_login(people["member"])
    page = client.get(reverse("account")).content.decode()
    assert reverse("notification_settings") in page


def test_the_export_shows_what_a_person_was_told_and_anonymising_forgets_it(
    client, people, agenda, municipality
):
    member = people["member"]
    choose(client, member, language="en")
    agenda.mark_material_sent(people["lead"])
    client.force_login(member)
    data = json.loads(client.get(reverse("personal_data_export")).content)
    (told,) = data["e-mails"]
    assert (told["slags"], told["om_id"], told["sendt"]) == ("indkaldelse", agenda.pk, None)
    assert data["e-mailindstillinger"][0]["sprog"] == "en"
    anonymise(member, make_user("kommuneadmin", municipality, is_municipal_admin=True))
    assert not Notification.objects.filter(recipient=member).exists()
    assert not MailSettings.objects.filter(user=member).exists()
