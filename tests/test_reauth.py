"""Re-authentication before sensitive actions: publishing or retiring a
template version, importing a template, approving minutes need the password
typed within the last 10 minutes; the confirmation page brings the user back
to where they were."""

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from meetings.models import Meeting
from questionnaires import editing
from questionnaires.models import TemplateVersion
from workbench.security import PASSWORD_CONFIRMED_AT

from .factories import PASSWORD, make_user

CONFIRM = reverse("password_confirm")


@pytest.fixture
def hr(municipality):
    return make_user("hr", municipality, is_template_admin=True)


@pytest.fixture
def draft(hr, municipality):
    standard = TemplateVersion.objects.get(template__municipality__isnull=True, number=1)
    return editing.derive_template(standard, municipality, hr, "Fjordbys skabelon")


@pytest.fixture
def meeting(committee, lead):
    return Meeting.objects.create(
        committee=committee, starts_at=timezone.now(), place="Rådhuset", created_by=lead
    )


def logged_in_long_ago(client, user):
    """Logged in (which confirms the password) more than 10 minutes ago."""
    client.force_login(user)
    session = client.session
    session[PASSWORD_CONFIRMED_AT] -= settings.PASSWORD_CONFIRMATION_TIMEOUT + 1
    session.save()
    return client


def confirm_next(url):
    parts = urlsplit(url)
    assert parts.path == CONFIRM
    return parse_qs(parts.query).get("next", [None])[0]


def test_within_ten_minutes_of_login_publishing_needs_no_second_password(client, hr, draft):
    assert settings.PASSWORD_CONFIRMATION_TIMEOUT == 10 * 60
    client.force_login(hr)
    response = client.post(reverse("template_publish", args=[draft.pk]), {"change_note": "Første"})
    assert response.status_code == 302 and not response["Location"].startswith(CONFIRM)
    draft.refresh_from_db()
    assert draft.status == TemplateVersion.Status.PUBLISHED


def test_publishing_asks_for_the_password_and_returns_to_the_version(client, hr, draft):
    client = logged_in_long_ago(client, hr)
    page = reverse("template_version", args=[draft.pk])
    publish = reverse("template_publish", args=[draft.pk])

    refused = client.post(
        publish, {"change_note": "Første"}, headers={"Referer": f"http://testserver{page}"}
    )
    assert confirm_next(refused["Location"]) == page
    draft.refresh_from_db()
    assert draft.status == TemplateVersion.Status.DRAFT

    form = client.get(refused["Location"])
    assert "Bekræft din adgangskode" in form.content.decode()
    assert f'value="{page}"' in form.content.decode()

    wrong = client.post(CONFIRM, {"password": "gæt", "next": page})
    assert wrong.status_code == 400
    assert "Adgangskoden er forkert" in wrong.content.decode()

    confirmed = client.post(CONFIRM, {"password": PASSWORD, "next": page})
    assert confirmed["Location"] == page

    client.post(publish, {"change_note": "Første"})
    draft.refresh_from_db()
    assert draft.status == TemplateVersion.Status.PUBLISHED


def test_retiring_a_version_asks_for_the_password(client, hr, draft):
    editing.publish(draft, hr, "Første")
    client = logged_in_long_ago(client, hr)
    response = client.post(reverse("template_retire", args=[draft.pk]))
    assert urlsplit(response["Location"]).path == CONFIRM
    draft.refresh_from_db()
    assert draft.status == TemplateVersion.Status.PUBLISHED


def test_the_import_page_asks_for_the_password_first(client, hr):
    client = logged_in_long_ago(client, hr)
    page = reverse("template_import")
    response = client.get(page)
    assert confirm_next(response["Location"]) == page


def test_signing_the_minutes_asks_for_the_password(client, chair, vice_chair, meeting):
    meeting.mark_held()
    client = logged_in_long_ago(client, chair)
    page = reverse("meeting_detail", args=[meeting.pk])
    sign = reverse("meeting_approve", args=[meeting.pk])

    response = client.post(sign, {"confirm": "on"}, headers={"Referer": f"http://testserver{page}"})
    assert confirm_next(response["Location"]) == page
    assert not meeting.signatures.exists()

    client.post(CONFIRM, {"password": PASSWORD, "next": page})
    client.post(sign, {"confirm": "on"})
    assert list(meeting.signatures.values_list("signed_by", flat=True)) == [chair.pk]


def test_an_htmx_request_is_sent_to_the_confirmation_with_hx_redirect(client, chair, meeting):
    client = logged_in_long_ago(client, chair)
    page = reverse("meeting_detail", args=[meeting.pk])
    response = client.post(
        reverse("meeting_approve", args=[meeting.pk]),
        headers={"HX-Request": "true", "HX-Current-URL": f"http://testserver{page}"},
    )
    assert confirm_next(response["HX-Redirect"]) == page


@pytest.mark.parametrize(
    "unsafe", ["https://evil.example/", "//evil.example/", "javascript:alert(1)", "x" * 3000]
)
def test_the_confirmation_never_sends_anyone_off_site(client, hr, unsafe):
    client = logged_in_long_ago(client, hr)
    page = client.get(CONFIRM, {"next": unsafe})
    assert page.status_code == 200
    assert 'name="next" value="/" id="id_next"' in page.content.decode()
    response = client.post(CONFIRM, {"password": PASSWORD, "next": unsafe})
    assert response["Location"] == reverse("dashboard")


def test_wrong_passwords_on_the_confirmation_count_towards_the_lockout(client, hr):
    client = logged_in_long_ago(client, hr)
    statuses = [client.post(CONFIRM, {"password": "gæt"}).status_code for _try in range(5)]
    assert statuses == [400, 400, 400, 400, 429]
    assert client.post(CONFIRM, {"password": PASSWORD}).status_code == 429


def test_a_confirmation_lasts_ten_minutes(client, hr, draft):
    client = logged_in_long_ago(client, hr)
    client.post(CONFIRM, {"password": PASSWORD})
    session = client.session
    session[PASSWORD_CONFIRMED_AT] -= timedelta(minutes=9).total_seconds()
    session.save()
    response = client.post(reverse("template_publish", args=[draft.pk]), {"change_note": "x"})
    assert not response["Location"].startswith(CONFIRM)
