"""Answers belong to a phase (2 of 3): every existing answer gets its phase,
and nothing is lost.

Until now one answer was kept per person (or the committee) per question for
the whole life of a project; each save (`AnswerRevision`) already recorded
the phase the project was in. So:

- each answer lands in the phase its latest revision was written in;
- where an answer's revisions span several phases, each earlier phase gets
  an answer of its own holding that phase's last revision (value, text,
  status, version, author and time), and that phase's revisions move to it.
  A joint answer written in idéudvikling and overwritten in drift comes
  back as the idéudvikling answer;
- an answer without revisions (an empty first save) lands in the phase the
  project is in now;
- an archived answer's copies are archived too, with the same note.

Revisions are moved, never rewritten: their ids, versions, texts, authors
and times stay. `tests/test_answer_phase_migration.py` runs this on data made
at the old schema and accounts for every answer and revision.

Reversing merges each person's (and the committee's) answers to a question
back into one: the latest phase's answer stays, every revision moves to it,
renumbered 1, 2, … in the order they were written (versions of different
phases may repeat), and the other phases' answers are removed.
"""

from collections import defaultdict

from django.db import migrations

# Frozen here: a migration must not follow later changes of the vocabulary.
PHASES = ("ideudvikling", "konsekvensvurdering", "udvikling", "drift")
STEP_PHASE = {
    "behov": "ideudvikling",
    "ide": "ideudvikling",
    "udforskning": "ideudvikling",
    "prototype": "ideudvikling",
    "businesscase": "konsekvensvurdering",
    "specifikation": "udvikling",
    "udvikling_anskaffelse": "udvikling",
    "implementering": "drift",
    "drift": "drift",
}
COPIED = ("assessment_id", "question_id", "respondent_id", "side", "archived_at", "archived_note")


def _revisions_by_answer(AnswerRevision) -> dict[int, list]:
    saves = defaultdict(list)
    for revision in AnswerRevision.objects.order_by("answer_id", "version", "id"):
        saves[revision.answer_id].append(revision)
    return saves


def split_answers_by_phase(apps, schema_editor):
    Answer = apps.get_model("assessments", "Answer")
    AnswerRevision = apps.get_model("assessments", "AnswerRevision")
    saves_of = _revisions_by_answer(AnswerRevision)
    for answer in list(Answer.objects.select_related("assessment__project").order_by("id")):
        saves = saves_of.get(answer.pk, [])
        if not saves:
            phase = STEP_PHASE[answer.assessment.project.step]
            Answer.objects.filter(pk=answer.pk).update(phase=phase)
            continue
        latest_phase = saves[-1].phase
        Answer.objects.filter(pk=answer.pk).update(phase=latest_phase)
        by_phase = defaultdict(list)
        for save in saves:
            by_phase[save.phase].append(save)
        for phase, phase_saves in by_phase.items():
            if phase != latest_phase:
                _answer_of_earlier_phase(Answer, AnswerRevision, answer, phase, phase_saves)


def _answer_of_earlier_phase(Answer, AnswerRevision, answer, phase, saves):
    """The answer as it stood at the end of `phase`, holding its revisions."""
    last = saves[-1]
    earlier = Answer.objects.create(
        **{name: getattr(answer, name) for name in COPIED},
        phase=phase,
        value=last.value,
        text=last.text,
        status=last.status,
        version=last.version,
        updated_by_id=last.author_id,
    )
    # updated_at is auto_now: set it afterwards, to when it was last saved.
    Answer.objects.filter(pk=earlier.pk).update(updated_at=last.created_at)
    AnswerRevision.objects.filter(pk__in=[save.pk for save in saves]).update(answer=earlier)


def merge_phases(apps, schema_editor):
    Answer = apps.get_model("assessments", "Answer")
    AnswerRevision = apps.get_model("assessments", "AnswerRevision")
    saves_of = _revisions_by_answer(AnswerRevision)
    groups = defaultdict(list)
    for answer in Answer.objects.order_by("id"):
        groups[(answer.assessment_id, answer.question_id, answer.respondent_id)].append(answer)
    for answers in groups.values():
        if len(answers) < 2:
            continue
        keep = max(answers, key=lambda a: PHASES.index(a.phase))
        saves = sorted(
            (save for a in answers for save in saves_of.get(a.pk, [])),
            key=lambda save: (save.created_at, save.pk),
        )
        # Out of the way first, so the renumbering never meets a taken version.
        top = max((save.version for save in saves), default=0) + 1
        for index, save in enumerate(saves):
            AnswerRevision.objects.filter(pk=save.pk).update(answer=keep, version=top + index)
        for index, save in enumerate(saves, start=1):
            AnswerRevision.objects.filter(pk=save.pk).update(version=index)
        Answer.objects.filter(pk=keep.pk).update(version=len(saves) or keep.version)
        Answer.objects.filter(pk__in=[a.pk for a in answers if a.pk != keep.pk]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0005_answer_phase"),
        ("projects", "0001_initial"),
    ]

    operations = [migrations.RunPython(split_answers_by_phase, merge_phases)]
