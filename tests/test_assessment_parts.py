"""The assessment page in parts (issue 13.4): it opens on what is left for
me, then one core question at a time (`?del=`), each part also as an htmx
fragment; a save tells the page to reload its counters."""

import json
import re

import pytest
from django.urls import reverse

from assessments.services import Submission, add_comment, save_answer
from method.vocabulary import Phase, Side

from .factories import make_user, move_to_phase

HTMX = {"HX-Request": "true"}


def url(assessment, **query):
    base = reverse("assessment", args=[assessment.pk])
    return base + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def required(assessment):
    return assessment.required_questions(assessment.project.phase)


def test_the_page_opens_on_what_is_left_for_me(login, member, assessment):
    first, second = required(assessment)[:2]
    save_answer(assessment, first, member, Submission(text="Svaret."), side=Side.EMPLOYEES)
    page = login(member).get(url(assessment)).content.decode()
    left = page[page.index('class="left-for-me"') :]
    assert "Det mangler i idéudvikling" in left
    assert second.text in left and first.text not in left
    # Each question links to its own part, at the question.
    assert f"del={second.section.core_question}#q-{second.pk}" in left
    # No question's form is on this part.
    assert 'class="answer-form' not in page
    total = len(required(assessment))
    assert f"1 af {total} påkrævede" in page


def test_a_part_shows_one_core_question(login, member, assessment):
    page = login(member).get(url(assessment, **{"del": "opgaveloesning"})).content.decode()
    assert 'id="core-opgaveloesning"' in page
    assert 'id="core-kerneopgave"' not in page and 'class="left-for-me"' not in page
    assert 'aria-current="page">2. Opgaveløsning' in page
    # In-page steps to the parts before and after.
    assert "← 1. Kerneopgave" in page and "3. Kompetenceudvikling →" in page


def test_an_unknown_part_is_a_404(login, member, assessment):
    assert login(member).get(url(assessment, **{"del": "noget"})).status_code == 404


def test_an_earlier_phase_opens_on_its_first_core_question(login, member, lead, assessment):
    move_to_phase(assessment.project, lead, Phase.IMPACT)
    page = login(member).get(url(assessment, fase=Phase.IDEA)).content.decode()
    assert 'id="core-kerneopgave"' in page and 'class="left-for-me"' not in page
    assert (
        login(member).get(url(assessment, fase=Phase.IDEA, **{"del": "mangler"})).status_code == 404
    )


def test_the_lead_is_left_with_the_joint_answers(login, lead, assessment):
    question = required(assessment)[0]
    save_answer(assessment, question, lead, Submission(text="Fælles."), joint=True)
    page = login(lead).get(url(assessment)).content.decode()
    left = page[page.index('class="left-for-me"') :]
    assert "Påkrævede spørgsmål uden udvalgets fælles svar" in left
    assert "Dine påkrævede spørgsmål uden svar" not in left  # the lead has no seat
    assert question.text not in left and required(assessment)[1].text in left


def test_open_comments_addressed_to_me(
    login, member, chair, lead, assessment, committee, municipality
):
    mine, other = assessment.questions()[:2]
    add_comment(assessment, mine, member, "Mit spørgsmål")
    add_comment(assessment, mine, chair, "Formandens svar til dig")
    add_comment(assessment, other, chair, "En anden tråd")
    resolved = add_comment(assessment, mine, chair, "Allerede løst")
    resolved.resolved_at = resolved.created_at
    resolved.save()
    page = login(member).get(url(assessment)).content.decode()
    assert "Formandens svar til dig" in page
    assert "Mit spørgsmål" not in page  # my own
    assert "En anden tråd" not in page  # a discussion I am not in
    assert "Allerede løst" not in page
    # The lead resolves anyone's comment: every open one by others is theirs.
    page = login(lead).get(url(assessment)).content.decode()
    assert all(t in page for t in ("Mit spørgsmål", "Formandens svar til dig", "En anden tråd"))
    # Someone outside the room is told nothing of the discussion.
    reader = make_user("laeser", municipality)
    assert "Formandens svar" not in login(reader).get(url(assessment)).content.decode()


def test_htmx_gets_the_part_with_the_navigation_out_of_band(login, member, assessment):
    client = login(member)
    part = url(assessment, **{"del": "inddragelse"})
    body = client.get(part, headers={**HTMX, "HX-Target": "assessment-part"}).content.decode()
    assert "<html" not in body and 'id="core-inddragelse"' in body
    assert 'id="assessment-parts"' in body and 'hx-swap-oob="true"' in body
    assert "autofocus" in body  # focus moves to the part's heading
    nav = client.get(part, headers={**HTMX, "HX-Target": "assessment-parts"}).content.decode()
    assert nav.lstrip().startswith("<nav") and 'id="core-inddragelse"' not in nav
    assert 'id="section-meta-' in nav  # the part's section counters, out of band


@pytest.mark.parametrize("joint", [False, True])
def test_a_save_tells_the_page_to_reload_its_counters(login, member, lead, assessment, joint):
    question = required(assessment)[0]
    name = "joint_answer_save" if joint else "answer_save"
    response = login(lead if joint else member).post(
        reverse(name, args=[assessment.pk, question.pk]),
        {"text": "Gemt", "version": 0, "phase": Phase.IDEA},
        headers=HTMX,
    )
    assert response.status_code == 200
    assert json.loads(response.headers["HX-Trigger"]) == {"answer-saved": {}}


def test_the_other_parts_counters_hold_while_one_part_is_shown(login, member, lead, assessment):
    """The part shown loads its answers in full; the navigation's counters
    of every other part still count what is left, own and joint."""
    in_core = [q for q in required(assessment) if q.section.core_question == "kerneopgave"]
    first, second = in_core[:2]
    save_answer(assessment, first, member, Submission(text="Svaret."), side=Side.EMPLOYEES)
    # Saved, then emptied again: an answer that says nothing is still left.
    save_answer(assessment, second, member, Submission(text="Kladde"), side=Side.EMPLOYEES)
    save_answer(assessment, second, member, Submission(text=""), side=Side.EMPLOYEES)
    save_answer(assessment, first, lead, Submission(text="Fælles."), joint=True)
    core_left = re.compile(r'>1\. Kerneopgave</a>\s*<span class="parts__left">(\d+) ')

    page = login(member).get(url(assessment, **{"del": "inddragelse"})).content.decode()
    assert core_left.search(page).group(1) == str(len(in_core) - 1)
    assert f"1 af {len(required(assessment))} påkrævede" in page
    page = login(lead).get(url(assessment, **{"del": "inddragelse"})).content.decode()
    assert core_left.search(page).group(1) == str(len(in_core) - 1)
