"""An answer's history keeps one revision per editing run, not one per
autosave. What stays recoverable, exactly:

- the text (with choice and status) each author left at the end of each of
  their editing runs: the last save before someone else saved the answer,
  before REVISION_RUN_SECONDS had passed since the run's first save, or
  before the author changed the choice or the status;
- every choice and status ever saved (a change of either starts a new run);
- the stored answer itself (always the newest revision's content).

What is not kept: the texts an author's own later save replaced within the
same run (the pauses in typing that autosave saves). Versions still count
every save, so a stale form is refused as before."""

from datetime import timedelta

import pytest

from assessments.models import AnswerRevision
from assessments.services import StaleAnswer, Submission, save_answer
from method.vocabulary import Side
from questionnaires.models import AnswerKind


def text_question(assessment):
    return assessment.questions().filter(kind=AnswerKind.TEXT).first()


def scale_question(assessment):
    return assessment.questions().filter(kind=AnswerKind.SCALE).first()


def type_(assessment, question, user, texts, *, value=None, joint=False, side=Side.EMPLOYEES):
    """Save each text in turn, as autosave does while the user types."""
    answer = None
    for text in texts:
        answer = save_answer(
            assessment,
            question,
            user,
            Submission(value=value, text=text, base_version=answer.version if answer else None),
            joint=joint,
            side="" if joint else side,
        )
    return answer


def history(question):
    return list(
        AnswerRevision.objects.filter(answer__question=question)
        .order_by("version")
        .values_list("author__username", "version", "text", "saves")
    )


def end_the_run(question):
    """Let REVISION_RUN_SECONDS pass since the open run's first save."""
    latest = AnswerRevision.objects.filter(answer__question=question).order_by("-version").first()
    began = (latest.first_saved_at or latest.created_at) - timedelta(minutes=5, seconds=1)
    AnswerRevision.objects.filter(pk=latest.pk).update(first_saved_at=began, created_at=began)


def test_saves_within_a_run_are_one_revision_with_the_last_text(assessment, member):
    question = text_question(assessment)
    answer = type_(assessment, question, member, ["Vi", "Vi mener", "Vi mener at tiden er knap"])
    assert answer.version == 3
    assert history(question) == [(member.username, 3, "Vi mener at tiden er knap", 3)]
    revision = AnswerRevision.objects.get(answer=answer)
    assert revision.first_saved_at <= revision.created_at


def test_a_run_ends_after_the_run_seconds(assessment, member, settings):
    assert settings.REVISION_RUN_SECONDS == 300
    question = text_question(assessment)
    type_(assessment, question, member, ["Første udkast", "Første udkast, rettet"])
    end_the_run(question)
    type_(assessment, question, member, ["Andet udkast"])
    assert history(question) == [
        (member.username, 2, "Første udkast, rettet", 2),
        (member.username, 3, "Andet udkast", 1),
    ]


def test_another_authors_save_ends_the_run_and_keeps_what_was_left(assessment, lead, chair):
    question = text_question(assessment)
    type_(assessment, question, lead, ["Lederens tekst"], joint=True)
    type_(assessment, question, chair, ["Lederens tekst, og formandens"], joint=True)
    type_(assessment, question, lead, ["Lederens tekst igen"], joint=True)
    assert [row[2] for row in history(question)] == [
        "Lederens tekst",
        "Lederens tekst, og formandens",
        "Lederens tekst igen",
    ]


def test_a_changed_choice_or_status_is_always_kept(assessment, lead):
    question = scale_question(assessment)
    answer = None
    saves = [("1", "", "Begrundelse"), ("1", "", "Begrundelse, længere")]
    saves += [("1", "enige", "Begrundelse, længere"), ("-1", "enige", "Ny vurdering")]
    saves += [("-1", "uenige", "Ny vurdering"), ("-1", "uenige", "Ny vurdering, uddybet")]
    for value, status, text in saves:
        base = answer.version if answer else None
        submission = Submission(value=value, text=text, status=status, base_version=base)
        answer = save_answer(assessment, question, lead, submission, joint=True)
    kept = list(
        AnswerRevision.objects.filter(answer__question=question)
        .order_by("version")
        .values_list("value", "status", "text")
    )
    assert kept == [
        (1, "", "Begrundelse, længere"),
        (1, "enige", "Begrundelse, længere"),
        (-1, "enige", "Ny vurdering"),
        (-1, "uenige", "Ny vurdering, uddybet"),
    ]


def test_versions_count_every_save_so_a_stale_form_is_refused(assessment, member):
    question = text_question(assessment)
    type_(assessment, question, member, ["a", "ab", "abc"])
    with pytest.raises(StaleAnswer):
        save_answer(
            assessment,
            question,
            member,
            Submission(text="fra en gammel fane", base_version=1),
            side=Side.EMPLOYEES,
        )
    assert history(question) == [(member.username, 3, "abc", 3)]


def test_the_history_page_shows_each_run_once(login, assessment, member):
    from django.urls import reverse

    question = text_question(assessment)
    type_(assessment, question, member, ["kladde", "kladde to", "det endelige svar"])
    page = login(member).get(reverse("question_history", args=[assessment.pk, question.pk]))
    html = page.content.decode()
    assert "det endelige svar" in html and "kladde to" not in html
