"""`manage.py generate_national` at a tiny scale: the shape of the data the
page benchmark runs on (demo/national.py), the same for the same seed."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count

from assessments.models import Answer, AnswerRevision
from demo.national import ITEMS_PER_MEETING, MEETINGS_PER_COMMITTEE, NAME_PREFIX, PLACEHOLDER_PACK
from meetings.models import Meeting
from method.vocabulary import Phase
from organisations.models import Committee, Membership, Municipality
from packs.models import DialoguePack
from projects.models import Project
from questionnaires.models import TemplateVersion

PHASES = list(Phase.values)


def generate(seed=7, scale=0.005):
    out = StringIO()
    call_command("generate_national", "--seed", str(seed), "--scale", str(scale), stdout=out)
    return out.getvalue()


def fingerprint(municipality):
    projects = municipality.projects.order_by("title")
    return (
        list(projects.values_list("title", "step", "field_of_work")),
        Answer.objects.filter(assessment__project__municipality=municipality).count(),
        sorted(
            Answer.objects.filter(assessment__project__municipality=municipality).values_list(
                "text", flat=True
            )
        )[:50],
    )


@pytest.mark.django_db
def test_tiny_national_scale_has_the_shape_of_the_real_one():
    summary = generate()
    generated = Municipality.objects.filter(name__startswith=NAME_PREFIX).annotate(
        n=Count("projects")
    )
    assert generated.count() == 2
    biggest = max(generated, key=lambda m: m.n)
    assert biggest.name in summary and "svar" in summary
    standard = TemplateVersion.objects.current_for(biggest)

    projects = Project.objects.filter(municipality__in=generated).select_related("assessment")
    assert projects.count() == sum(m.n for m in generated) >= 10
    for project in projects:
        assert project.assessment.template_version == standard
        (committee,) = project.committees.all()
        assert committee.municipality_id == project.municipality_id
        phases = set(project.assessment.answers.values_list("phase", flat=True))
        assert phases <= set(PHASES[: PHASES.index(project.phase) + 1])

    answers = Answer.objects.filter(assessment__project__in=projects)
    # About 300 answers per project at full scale, each from a seat on the
    # project's committee (or the joint answer), on a question of its phase.
    assert answers.count() >= 100 * projects.count()
    for answer in answers.select_related("question", "respondent")[:500]:
        assert answer.question.applies_in(answer.phase)
        if answer.respondent:
            assert Membership.objects.filter(
                user=answer.respondent, committee__projects=answer.assessment.project_id
            ).exists()
    # Each answer's newest revision holds what is stored, under its version.
    for answer in answers[:500]:
        newest = answer.revisions.order_by("-version").first()
        assert (newest.version, newest.text, newest.value) == (
            answer.version,
            answer.text,
            answer.value,
        )
    assert AnswerRevision.objects.filter(answer__in=answers).count() > answers.count()

    committees = Committee.objects.filter(municipality__in=generated)
    assert committees.filter(level=Committee.Level.MAIN).count() == 2
    for committee in committees:
        assert committee.meetings.count() == MEETINGS_PER_COMMITTEE
    meetings = Meeting.objects.filter(committee__in=committees)
    assert {m.items.count() for m in meetings} == {ITEMS_PER_MEETING}
    assert meetings.filter(items__is_closed=True).exists()

    packs = DialoguePack.objects.filter(meeting__in=meetings)
    assert packs.count() == 2 * 2 * committees.count()  # two meetings each, two packs
    assert set(packs.values_list("status", "file")) == {("klar", PLACEHOLDER_PACK)}
    assert packs.first().read_file().startswith(b"%PDF")
    assert all(pack.source == {"generated": True} for pack in packs)


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_data():
    generate(seed=3, scale=0.002)
    generate(seed=3, scale=0.002)
    # Each run's first municipality is its biggest.
    runs = list(Municipality.objects.filter(name__startswith=NAME_PREFIX).order_by("code"))
    assert len(runs) == 4
    first, second = runs[0], runs[2]
    assert fingerprint(first) == fingerprint(second)


@pytest.mark.django_db
def test_scale_outside_zero_to_one_is_refused_in_danish():
    with pytest.raises(CommandError, match="--scale skal være større end 0"):
        call_command("generate_national", "--scale", "0")
    with pytest.raises(CommandError, match="--scale skal være større end 0"):
        call_command("generate_national", "--scale", "2")
