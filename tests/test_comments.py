"""Discussion per question: comments, resolving, open counts per section."""

from django.urls import reverse

from assessments.models import Comment


def test_comment_thread_through_htmx_and_plain_post(login, member, chair, assessment):
    q = assessment.questions().first()
    url = reverse("comments", args=[assessment.pk, q.pk])
    fragment = login(member).post(
        url, {"body": "Hvad med nattevagten?"}, headers={"HX-Request": "true"}
    )
    assert fragment.status_code == 200
    assert "Hvad med nattevagten?" in fragment.content.decode()
    assert "<html" not in fragment.content.decode()
    plain = login(chair).post(url, {"body": "Godt spørgsmål"})
    assert plain.status_code == 302
    assert Comment.objects.filter(question=q).count() == 2


def test_empty_comment_is_refused_in_danish(login, member, assessment):
    q = assessment.questions().first()
    response = login(member).post(reverse("comments", args=[assessment.pk, q.pk]), {"body": "  "})
    assert response.status_code == 400
    assert "Skriv en kommentar først" in response.content.decode()


def test_open_comments_are_counted_per_section_and_resolving_removes_them(
    login, member, chair, assessment
):
    q = assessment.questions().filter(section__core_question="kerneopgave").first()
    url = reverse("comments", args=[assessment.pk, q.pk])
    client = login(member)
    client.post(url, {"body": "Første"})
    client.post(url, {"body": "Anden"})
    page = client.get(reverse("assessment", args=[assessment.pk]) + "?fase=alle").content.decode()
    assert "2 åbne kommentarer" in page
    comment = Comment.objects.get(body="Første")
    response = login(chair).post(
        reverse("comment_resolve", args=[assessment.pk, comment.pk]), headers={"HX-Request": "true"}
    )
    assert "løst af" in response.content.decode()
    page = client.get(reverse("assessment", args=[assessment.pk]) + "?fase=alle").content.decode()
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
    client.post(url, {"body": "Kun én gang"})
    client.post(url, {"body": "Kun én gang"})
    assert Comment.objects.filter(body="Kun én gang").count() == 1
