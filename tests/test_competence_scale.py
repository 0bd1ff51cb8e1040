"""One competence scale: the comparison page and the pack give the same
numbers for the same answers, with the same legend."""

import re

from django.urls import reverse

from assessments.services import Submission, save_answer
from method.vocabulary import Side, competence_legend
from packs.pipeline import make_pack
from questionnaires.models import AnswerKind
from tests.factories import move_to_phase


def _levels(text: str) -> list[str]:
    return re.findall(r"[Gg]ennemsnitligt niveau (\d,\d) \(([^)]*)\)", text)


def test_page_and_pack_show_one_competence_scale(
    login,
    assessment,
    chair,
    member,
    meeting,  # noqa: F811
):
    question = assessment.questions().filter(kind=AnswerKind.COMPETENCE).first()
    # Answered in the question's first phase, where the project now is.
    move_to_phase(assessment.project, assessment.project.lead, question.phases[0])
    save_answer(assessment, question, chair, Submission(value="kende"), side=Side.MANAGEMENT)
    save_answer(assessment, question, member, Submission(value="mestre"), side=Side.EMPLOYEES)
    meeting.add_item(title="Skærmbesøg", kind="droeftelse", project=assessment.project)

    url = reverse("comparison", args=[assessment.pk]) + f"?fase={question.phases[0]}"
    page = login(member).get(url).content.decode()
    pack = make_pack(meeting, pdf=False).html

    legend = competence_legend()
    assert legend == "1 = kende, 2 = kunne, 3 = mestre"
    # kende is 1 and mestre is 3 on the page and in the pack alike.
    assert _levels(page) == [("1,0", legend), ("3,0", legend)]
    # The pack shows them twice: in the item's short part and in its appendix.
    assert _levels(pack) == [("1,0", legend), ("3,0", legend)] * 2
    assert f"Kompetencehjulet i tal ({legend})" in pack
    assert "0 = " not in page and "0 = " not in pack
