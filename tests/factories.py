"""Small hand-written factories shared by the tests."""

from assessments.services import Submission, save_answer, start_assessment
from organisations.models import Membership, User
from projects.models import FieldOfWork, LocalInfluence, Project, TechnologyKind

PASSWORD = "demo-test-pw"


def make_user(username, municipality, **flags):
    user = User(username=username, municipality=municipality, first_name=username.title(), **flags)
    user.set_password(PASSWORD)
    user.save()
    return user


def seat(user, committee, side, role=Membership.Role.MEMBER):
    return Membership.objects.create(user=user, committee=committee, side=side, role=role)


def make_project(municipality, lead, committees, title="Skærmbesøg i hjemmeplejen", **fields):
    project = Project.objects.create(
        municipality=municipality,
        title=title,
        need="Borgere venter for længe på besøg.",
        field_of_work=FieldOfWork.SOCIAL_HEALTH,
        technology_kind=TechnologyKind.VIDEO,
        local_influence=LocalInfluence.ROOM_TO_MANOEUVRE,
        lead=lead,
        **fields,
    )
    project.committees.set(committees)
    start_assessment(project)
    return project


def answer(assessment, question, user, text, *, joint=False, status="", side=""):
    """Save a text answer as a user whose form shows the stored version."""
    stored = assessment.answers.filter(
        question=question, respondent=None if joint else user
    ).first()
    submission = Submission(
        text=text, status=status, base_version=stored.version if stored else None
    )
    return save_answer(assessment, question, user, submission, joint=joint, side=side)
