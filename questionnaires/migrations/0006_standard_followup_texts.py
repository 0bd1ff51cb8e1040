"""Gives the questions of the national standard template their follow-up
texts ("Opfølgning i drift"), as the shipped JSON now has them.

In implementering og drift the committee answers the opgaveløsning
questions (faglighed, relationer, arbejdsmiljø, the six marks of good work,
driftssikkerhed, grænseløshed, transparens) and the unintended effects
again, looking back, so what each side experiences can be set beside what it
predicted in konsekvensvurdering.

This writes into the already published standard version instead of making
a new one, although a published version otherwise never changes: the texts
are additive (a separate field beside the question; every question's own
text, kind, choices and phases stay exactly as they were), so no answer
given to that version changes meaning, and every assessment pinned to it
gets the follow-up without a move. A question gets its follow-up only where
its text is still the JSON's, word for word, and it has none yet; running
this again changes nothing. Reversing clears the texts it wrote.
"""

from django.db import migrations

from questionnaires.template_format import read_standard_template

STANDARD_KEY = "sammen-om-ny-teknologi"


def _followups() -> dict[str, tuple[str, str]]:
    """Question key → (the question's text, its follow-up text)."""
    return {
        question["key"]: (question["text"], question["followup_text"])
        for section in read_standard_template(number=1)["sections"]
        for question in section["questions"]
        if question.get("followup_text")
    }


def _standard_questions(apps):
    Question = apps.get_model("questionnaires", "Question")
    return Question.objects.filter(
        section__version__template__municipality__isnull=True,
        section__version__template__key=STANDARD_KEY,
    )


def add_followup_texts(apps, schema_editor):
    for key, (text, followup) in _followups().items():
        # A queryset update: the model's guard against changing a published
        # version is deliberately not in the way (see the docstring).
        _standard_questions(apps).filter(key=key, text=text, followup_text="").update(
            followup_text=followup
        )


def remove_followup_texts(apps, schema_editor):
    for key, (_text, followup) in _followups().items():
        _standard_questions(apps).filter(key=key, followup_text=followup).update(
            followup_text=""
        )


class Migration(migrations.Migration):
    dependencies = [("questionnaires", "0005_question_followup_text")]

    operations = [migrations.RunPython(add_followup_texts, remove_followup_texts)]
