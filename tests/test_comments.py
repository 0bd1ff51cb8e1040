"""Discussion per question: comments, resolving, open counts per section."""

import re

from django.urls import reverse

from assessments.models import Comment
from tests.factories import part_url


def sent(client, url, body, **kwargs):
    """Post a comment the way the page does: with the key of the form it shows."""
    page = client.get(url).content.decode()
    key = re.search(r'name="key" value="([0-9a-f-]+)"', page).group(1)
    return client.post(url, {"key": key, "body": body}, **kwargs)


def test_comment_thread_through_htmx_and_plain_post(login, member, chair, assessment):
    q = assessment.questions().first()
    url = reverse("comments", args=[assessment.pk, q.pk])
    fragment = sent(login(member), url, "Hvad med nattevagten?", headers={"HX-Request": "true"})
    assert fragment.status_code == 200
    assert "Hvad med nattevagten?" in fragment.content.decode()
    assert "<html" not in fragment.content.decode()
    plain = sent(login(chair), url, "Godt spørgsmål")
    assert plain.status_code == 302
    assert Comment.objects.filter(question=q).count() == 2


def test_empty_comment_is_refused_in_danish(login, member, assessment):
    q = assessment.questions().first()
    response = login(member).post(reverse("comments", args=[assessment.pk, q.pk]), {"body": "  "})
    assert response.status_code == 400
    assert "Skriv en kommentar først" in response.content.decode()


def test_open_comments_are_counted_per_section_and_resolving_removes_them(
    login, member, lead, assessment
):
    q = assessment.questions().filter(section__core_question="kerneopgave").first()
    url = reverse("comments", args=[assessment.pk, q.pk])
    client = login(member)
    sent(client, url, "Første")
    sent(client, url, "Anden")
    page = client.get(part_url(assessment, q)).content.decode()
    assert "2 åbne kommentarer" in page
    comment = Comment.objects.get(body="Første")
    response = login(lead).post(
        reverse("comment_resolve", args=[assessment.pk, comment.pk]), headers={"HX-Request": "true"}
    )
    assert "løst af" in response.content.decode()
    page = client.get(part_url(assessment, q)).content.decode()
    assert "1 åben kommentar" in page


def test_user_text_is_escaped(login, member, assessment):
    q = assessment.questions().first()
    url = reverse("comments", args=[assessment.pk, q.pk])
    body = login(member).post(
        url, {"body": "<script>alert(1)</script>"}, headers={"HX-Request": "true"}
    )
    text = body.content.decode()
    assert "<script>alert(1)</script>" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text


def test_double_submitted_comment_is_stored_once(login, member, assessment):
    q = assessment.questions().first()
    url = reverse("comments", args=[assessment.pk, q.pk])
    client = login(member)
    page = client.get(url).content.decode()
    key = re.search(r'name="key" value="([0-9a-f-]+)"', page).group(1)
    first = client.post(url, {"key": key, "body": "Kun én gang"}, headers={"HX-Request": "true"})
    again = client.post(url, {"key": key, "body": "Kun én gang"}, headers={"HX-Request": "true"})
    assert first.status_code == again.status_code == 200
    assert Comment.objects.filter(body="Kun én gang").count() == 1
    # A new form (after the first was sent) is a new comment, even with the same words.
    sent(client, url, "Kun én gang")
    assert Comment.objects.filter(body="Kun én gang").count() == 2


def test_a_comment_without_its_form_key_is_refused_in_danish(login, member, assessment):
    q = assessment.questions().first()
    url = reverse("comments", args=[assessment.pk, q.pk])
    response = login(member).post(url, {"body": "Uden nøgle"})
    assert response.status_code == 400
    assert "Formularen er forældet" in response.content.decode()
    assert "Uden nøgle" in response.content.decode()  # the typed text is kept in the form
    assert not Comment.objects.exists()
