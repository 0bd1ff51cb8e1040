"""The migration to answers per phase loses nothing: data made at the old
schema (one answer per person per question, revisions in several phases)
is migrated forward with Django's MigrationExecutor, and every answer and
every revision is accounted for, with its value, version and author. Then
back again, and forward once more."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

OLD = ("assessments", "0004_comment_submission_key")

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("standard_template_restored", "standard_template_left_behind"),
]


def migrate(target) -> object:
    """Migrate the database to `target` (a list of nodes); returns the
    models as they are there."""
    executor = MigrationExecutor(connection)
    executor.migrate(target)
    executor.loader.build_graph()
    return state_apps(executor)


def state_apps(executor):
    """The historical models of what is applied now."""
    graph, applied = executor.loader.graph, executor.loader.applied_migrations
    leaves = [
        node
        for node in applied
        if not any(child in applied for child in graph.node_map[node].children)
    ]
    return executor.loader.project_state(leaves).apps


def latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


class OldWorld:
    """One project in drift with answers written over its life, made with
    the models of the old schema."""

    def __init__(self, apps):
        self.apps = apps
        model = apps.get_model
        municipality = model("organisations", "Municipality").objects.create(
            name="Gammelby Kommune", code="990"
        )
        User = model("organisations", "User")
        self.chair, self.member, self.lead = (
            User.objects.create(username=name, municipality=municipality, password="!")
            for name in ("formand", "medlem", "projektleder")
        )
        version = model("questionnaires", "TemplateVersion").objects.get(
            template__municipality__isnull=True, number=1
        )
        questions = model("questionnaires", "Question").objects.filter(section__version=version)
        self.kvalitet = questions.get(key="kerneopgave.kvalitet")
        self.realistisk = questions.get(key="opgaveloesning.det-gode-arbejde.realistisk")
        self.usynligt = questions.get(key="opgaveloesning.usynligt-arbejde")
        self.gone = questions.get(key="kerneopgave.ressourcer")
        project = model("projects", "Project").objects.create(
            municipality=municipality,
            title="Faldsensorer",
            need="Fald om natten.",
            field_of_work="social_sundhed",
            technology_kind="sensorer",
            local_influence="spillerum",
            lead=self.lead,
            step="drift",
        )
        self.assessment = model("assessments", "Assessment").objects.create(
            project=project, template_version=version
        )
        self.start = timezone.now() - timedelta(days=300)
        self.tick = 0

    def answer(self, question, respondent, saves, **fields):
        """An answer and its revisions, each save (phase, value, text,
        status, author) one version, as `save_answer` wrote them."""
        Answer = self.apps.get_model("assessments", "Answer")
        Revision = self.apps.get_model("assessments", "AnswerRevision")
        answer = Answer.objects.create(
            assessment=self.assessment,
            question=question,
            respondent=respondent,
            side="" if respondent is None else "medarbejder",
            version=len(saves),
            **fields,
        )
        for version, (phase, value, text, status, author) in enumerate(saves, start=1):
            self.tick += 1
            revision = Revision.objects.create(
                answer=answer,
                version=version,
                value=value,
                text=text,
                status=status,
                phase=phase,
                author=author,
            )
            Revision.objects.filter(pk=revision.pk).update(
                created_at=self.start + timedelta(days=self.tick)
            )
        if saves:
            _phase, value, text, status, author = saves[-1]
            Answer.objects.filter(pk=answer.pk).update(
                value=value, text=text, status=status, updated_by=author
            )
        return answer.pk


@pytest.fixture
def old_world():
    world = OldWorld(migrate([OLD]))
    ids = {
        # The joint answer of idéudvikling, overwritten in drift.
        "joint": world.answer(
            world.kvalitet,
            None,
            [
                ("ideudvikling", None, "Fald opdages hurtigt.", "enige", world.lead),
                ("drift", None, "Fald med indlæggelse er halveret.", "enige", world.lead),
            ],
        ),
        # A member's scale answer through three phases, twice in the first.
        "member": world.answer(
            world.realistisk,
            world.member,
            [
                ("konsekvensvurdering", 1, "", "", world.member),
                ("konsekvensvurdering", 2, "Meget bedre", "", world.member),
                ("udvikling", 1, "", "", world.member),
                ("drift", -1, "For mange alarmer", "", world.member),
                ("drift", -2, "Endnu flere", "", world.member),
            ],
        ),
        # One phase only.
        "single": world.answer(
            world.usynligt,
            world.chair,
            [("konsekvensvurdering", None, "Den lille snak", "", world.chair)],
        ),
        # An empty first save: no revision at all.
        "empty": world.answer(world.kvalitet, world.member, []),
        # An archived answer (its question left the template) in two phases.
        "archived": world.answer(
            world.gone,
            world.chair,
            [
                ("ideudvikling", None, "Sparer en nattevagt", "", world.chair),
                ("konsekvensvurdering", None, "Sparer ikke en nattevagt", "", world.chair),
            ],
            archived_at=timezone.now(),
            archived_note="Spørgsmålet findes ikke i version 2.",
        ),
    }
    Revision = world.apps.get_model("assessments", "AnswerRevision")
    before = {
        r.pk: (
            r.answer_id,
            r.version,
            r.value,
            r.text,
            r.status,
            r.phase,
            r.author_id,
            r.created_at,
        )
        for r in Revision.objects.all()
    }
    return world, ids, before


def answers_by_phase(Answer, world, question, respondent):
    rows = Answer.objects.filter(
        assessment_id=world.assessment.pk,
        question_id=question.pk,
        respondent_id=respondent.pk if respondent else None,
    )
    return {a.phase: a for a in rows}


def test_every_answer_and_revision_is_accounted_for_forward_and_back(old_world):
    world, ids, before = old_world
    apps = migrate(latest())
    Answer = apps.get_model("assessments", "Answer")
    Revision = apps.get_model("assessments", "AnswerRevision")

    # Every revision is still there, unchanged but for the answer it hangs on.
    after = {r.pk: r for r in Revision.objects.select_related("answer")}
    assert set(after) == set(before)
    for pk, (_answer, version, value, text, status, phase, author, created) in before.items():
        revision = after[pk]
        assert (revision.version, revision.value, revision.text, revision.status) == (
            version,
            value,
            text,
            status,
        )
        assert (revision.phase, revision.author_id, revision.created_at) == (phase, author, created)
        assert revision.answer.phase == phase  # each revision sits on its phase's answer

    # The joint answer: drift keeps the row, idéudvikling comes back.
    joint = answers_by_phase(Answer, world, world.kvalitet, None)
    assert set(joint) == {"ideudvikling", "drift"}
    assert joint["drift"].pk == ids["joint"]
    assert (joint["drift"].text, joint["drift"].version) == ("Fald med indlæggelse er halveret.", 2)
    idea = joint["ideudvikling"]
    assert (idea.text, idea.status, idea.version, idea.updated_by_id) == (
        "Fald opdages hurtigt.",
        "enige",
        1,
        world.lead.pk,
    )
    first_save = next(r for r in before.values() if r[0] == ids["joint"] and r[1] == 1)
    assert idea.updated_at == first_save[-1]  # when it was last saved in its phase

    # The member's answer: one per phase, each its phase's last save.
    member = answers_by_phase(Answer, world, world.realistisk, world.member)
    assert {phase: (a.value, a.text, a.version) for phase, a in member.items()} == {
        "konsekvensvurdering": (2, "Meget bedre", 2),
        "udvikling": (1, "", 3),
        "drift": (-2, "Endnu flere", 5),
    }
    assert member["drift"].pk == ids["member"]
    assert {a.side for a in member.values()} == {"medarbejder"}
    assert {phase: a.revisions.count() for phase, a in member.items()} == {
        "konsekvensvurdering": 2,
        "udvikling": 1,
        "drift": 2,
    }

    # One phase only: the same row, its phase set.
    single = Answer.objects.get(pk=ids["single"])
    assert (single.phase, single.text, single.version) == (
        "konsekvensvurdering",
        "Den lille snak",
        1,
    )

    # No revision: the phase the project is in.
    assert Answer.objects.get(pk=ids["empty"]).phase == "drift"

    # Archived in both phases, with the same note.
    archived = answers_by_phase(Answer, world, world.gone, world.chair)
    assert {phase: a.text for phase, a in archived.items()} == {
        "ideudvikling": "Sparer en nattevagt",
        "konsekvensvurdering": "Sparer ikke en nattevagt",
    }
    assert all(a.archived_at and a.archived_note for a in archived.values())

    # 5 answers before; the joint and the archived one gained one phase, the member's two.
    assert Answer.objects.filter(assessment_id=world.assessment.pk).count() == 9
    assert Revision.objects.count() == len(before)

    # And back again, and forward once more (one test: each transactional
    # test costs a flush of the database).
    back_and_forth_keeps_every_revision(world, ids, before)


def back_and_forth_keeps_every_revision(world, ids, before):
    apps = migrate([OLD])  # back: one answer per person and question again
    Answer = apps.get_model("assessments", "Answer")
    Revision = apps.get_model("assessments", "AnswerRevision")
    assert set(Answer.objects.values_list("pk", flat=True)) == set(ids.values())
    assert set(Revision.objects.values_list("pk", flat=True)) == set(before)
    member = Answer.objects.get(pk=ids["member"])
    assert (member.value, member.text, member.version) == (-2, "Endnu flere", 5)
    assert list(member.revisions.order_by("version").values_list("version", "value")) == [
        (1, 1),
        (2, 2),
        (3, 1),
        (4, -1),
        (5, -2),
    ]
    apps = migrate(latest())
    assert apps.get_model("assessments", "Answer").objects.count() == 9
