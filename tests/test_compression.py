"""Pages go out gzip-compressed, except those holding a secret link beside
input that may be reflected (BREACH, docs/security.md)."""

from django.urls import reverse

from tests.pulse_helpers import make_pulse
from workbench.compression import SECRET_BEARING_PAGES

GZIP = {"HTTP_ACCEPT_ENCODING": "gzip"}


def test_pages_are_compressed(login, member, assessment):
    response = login(member).get(reverse("assessment", args=[assessment.pk]), **GZIP)
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]


def test_pages_with_a_secret_are_not_compressed(login, lead, project, client):
    assert {
        "pulse_detail",
        "survey",
        "invitation_accept",
        "password_reset_confirm",
    } == SECRET_BEARING_PAGES
    pulse = make_pulse(project, lead)
    pages = [
        (login(lead), reverse("pulse_detail", args=[pulse.pk])),
        (client, reverse("survey", args=[pulse.token])),
        (client, reverse("invitation_accept", args=["ukendt-token"])),
        (client, reverse("password_reset_confirm", args=["MQ", "set-password"])),
    ]
    for browser, url in pages:
        response = browser.get(url, **GZIP)
        assert response.status_code < 500, url
        assert not response.has_header("Content-Encoding"), url
