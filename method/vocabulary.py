"""The method's vocabulary, in one place (Sammen om ny teknologi, Fremfærd).

- the four main phases of a technology process and their sub-steps
  ("Teknologiprocessens typiske hovedfaser");
- the two sides of the MED committee's table;
- the four core questions (grundspørgsmål) with their headings;
- the levels of familiarity with a competence (kende, kunne, mestre);
- the three involvement levels (information, medindflydelse, medbestemmelse).

Every app imports these from here, so a label or a scale is never written
twice and never disagrees between the page, the comparison and the pack.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

# -- phases and sub-steps -------------------------------------------------------


class Phase(models.TextChoices):
    IDEA = "ideudvikling", _("Idéudvikling")
    IMPACT = "konsekvensvurdering", _("Konsekvensvurdering")
    DEVELOPMENT = "udvikling", _("Udvikling/anskaffelse")
    OPERATION = "drift", _("Implementering og drift")


class StepKey(models.TextChoices):
    NEED = "behov", _("Behov/problem")
    IDEA = "ide", _("Idé")
    EXPLORATION = "udforskning", _("Udforskning")
    PROTOTYPE = "prototype", _("Prototype/forsøg")
    BUSINESS_CASE = "businesscase", _("Businesscase & gevinstkortlægning")
    SPECIFICATION = "specifikation", _("Specifikation")
    BUILD_OR_BUY = "udvikling_anskaffelse", _("Udvikling eller anskaffelse")
    IMPLEMENTATION = "implementering", _("Implementering")
    OPERATION = "drift", _("Drift")


@dataclass(frozen=True)
class Step:
    key: str
    phase: Phase
    label: str


STEPS: tuple[Step, ...] = (
    Step(StepKey.NEED, Phase.IDEA, StepKey.NEED.label),
    Step(StepKey.IDEA, Phase.IDEA, StepKey.IDEA.label),
    Step(StepKey.EXPLORATION, Phase.IDEA, StepKey.EXPLORATION.label),
    Step(StepKey.PROTOTYPE, Phase.IDEA, StepKey.PROTOTYPE.label),
    Step(StepKey.BUSINESS_CASE, Phase.IMPACT, StepKey.BUSINESS_CASE.label),
    Step(StepKey.SPECIFICATION, Phase.DEVELOPMENT, StepKey.SPECIFICATION.label),
    Step(StepKey.BUILD_OR_BUY, Phase.DEVELOPMENT, StepKey.BUILD_OR_BUY.label),
    Step(StepKey.IMPLEMENTATION, Phase.OPERATION, StepKey.IMPLEMENTATION.label),
    Step(StepKey.OPERATION, Phase.OPERATION, StepKey.OPERATION.label),
)
_STEP_BY_KEY = {step.key: step for step in STEPS}


def step(key: str) -> Step:
    return _STEP_BY_KEY[key]


def step_index(key: str) -> int:
    """Where a sub-step lies on the way from need to operation (0-based)."""
    return STEPS.index(_STEP_BY_KEY[key])


def next_step(key: str) -> Step | None:
    index = step_index(key)
    return STEPS[index + 1] if index + 1 < len(STEPS) else None


def steps_before(key: str) -> list[Step]:
    """The sub-steps a project on `key` can go back to, nearest last."""
    return list(STEPS[: step_index(key)])


def steps_in_phase(phase: str) -> list[Step]:
    return [s for s in STEPS if s.phase == phase]


# What each phase is for, in the publication's words (the model
# "Teknologiprocessens typiske hovedfaser", seed 205–300, page 8). The
# project page and the assessment's phase tabs show them.
PHASE_SOURCE = _("Sammen om ny teknologi, Teknologiprocessens typiske hovedfaser, s. 8")
PHASE_DESCRIPTIONS = {
    Phase.IDEA: _(
        "Det er her, idéer fødes, udforskes og afprøves. Idéerne kan udspringe fra "
        "medarbejderne og organisationen selv, eller de kan komme oppe- eller udefra. I "
        "idéfasen har man ideelt set ikke lagt sig fast på en bestemt teknologi eller "
        "løsningsmodel, men er åben over for alt, hvad der kan løse opgaven – uanset om det "
        "er (digital) teknologi eller ej."
    ),
    Phase.IMPACT: _(
        "Her skal de ønskede effekter og forventede konsekvenser af projektet beskrives. Det "
        "er typisk her, man udarbejder en businesscase og en plan for, hvilke gevinster der "
        "skal høstes. Ud fra disse dokumenter overvejes det, om projektet samlet set “kan "
        "betale sig”."
    ),
    Phase.DEVELOPMENT: _(
        "Indholdet i denne fase afhænger af, om man blot skal anskaffe en eksisterende "
        "standardløsning, tilpasse en teknologi til egne behov eller udvikle noget helt nyt. "
        "Uanset hvad skal man først beskrive kravene til løsningen, fx i en kravspecifikation."
    ),
    Phase.OPERATION: _(
        "I denne fase skal den færdige løsning implementeres og sættes i drift. Det "
        "indebærer, at rutiner og processer skal revideres, teknologien skal tilpasses, og "
        "medarbejderne skal klædes kompetencemæssigt på til at kunne bruge den."
    ),
}


def phase_description(phase: str) -> str:
    """What the phase is for, in the publication's words; empty for no phase."""
    return str(PHASE_DESCRIPTIONS.get(phase, ""))


def phase_number(phase: str) -> int:
    return list(Phase.values).index(phase) + 1


# -- how much the employees decide (seed 2070–2095) ----------------------------


class InvolvementLevel(models.TextChoices):
    """The three involvement levels. The publication asks the committee to
    be clear which one applies, and it can differ from phase to phase."""

    INFORMATION = "information", _("Information")
    INFLUENCE = "medindflydelse", _("Medindflydelse")
    CODETERMINATION = "medbestemmelse", _("Medbestemmelse")


# -- the two sides of the table ---------------------------------------------


class Side(models.TextChoices):
    MANAGEMENT = "ledelse", _("Ledelsessiden")
    EMPLOYEES = "medarbejder", _("Medarbejdersiden")


def side_label(side: str) -> str:
    """The side's label; empty for no (or an unknown) side."""
    try:
        return str(Side(side).label)
    except ValueError:
        return ""


# -- for whom: the groups an unintended effect can touch (seed 643–730) -------


class AffectedGroup(models.TextChoices):
    CITIZENS = "borgere", _("Borgere")
    EMPLOYEES = "medarbejdere", _("Medarbejdere")
    RELATIVES = "paaroerende", _("Pårørende")
    OTHERS = "andre", _("Andre")


# -- the four core questions ------------------------------------------------


class CoreQuestion(models.TextChoices):
    CORE_TASK = "kerneopgave", _("Kerneopgave")
    TASK_SOLVING = "opgaveloesning", _("Opgaveløsning")
    COMPETENCES = "kompetenceudvikling", _("Kompetenceudvikling")
    INVOLVEMENT = "inddragelse", _("Inddragelse")


CORE_QUESTION_HEADINGS = {
    CoreQuestion.CORE_TASK: _("Hvad er formålet med og de forventede gevinster af teknologien?"),
    CoreQuestion.TASK_SOLVING: _("Hvordan påvirker teknologien hverdagens arbejde?"),
    CoreQuestion.COMPETENCES: _("Hvordan ændrer teknologien vores behov for nye kompetencer?"),
    CoreQuestion.INVOLVEMENT: _("Hvordan skal vi samarbejde om god implementering?"),
}


def core_question_label(key: str) -> str:
    try:
        return str(CoreQuestion(key).label)
    except ValueError:
        return key


# -- levels of competence ---------------------------------------------------


class CompetenceLevel(models.TextChoices):
    """How familiar staff must be with a competence (seed 1511–1530)."""

    KNOW = "kende", _("Kende")
    CAN = "kunne", _("Kunne")
    MASTER = "mestre", _("Mestre")


# The one numeric scale for competence levels: averages on the page, the
# comparison's gap between the sides, and the wheel's rings all use it.
# Not assessed has no number (the wheel draws it at the centre).
COMPETENCE_RANK = {"kende": 1, "kunne": 2, "mestre": 3}
COMPETENCE_MAX_RANK = max(COMPETENCE_RANK.values())
COMPETENCE_NOT_ASSESSED = _("Ikke vurderet")


def competence_label(rank: int) -> str:
    """The level's label for a rank on the scale (0: not assessed)."""
    for value, number in COMPETENCE_RANK.items():
        if number == rank:
            return str(CompetenceLevel(value).label)
    return str(COMPETENCE_NOT_ASSESSED)


def competence_legend() -> str:
    """ "1 = kende, 2 = kunne, 3 = mestre": what the numbers mean, wherever
    a competence level is shown as a number."""
    return ", ".join(
        f"{COMPETENCE_RANK[value]} = {str(label).lower()}"
        for value, label in CompetenceLevel.choices
    )


# -- Kompetencehjulet: twelve competences in four kinds (seed 1534–1601) -------


class CompetenceArea(models.TextChoices):
    USE = "anvendelse", _("Anvendelse")
    UNDERSTANDING = "teknologiforstaaelse", _("Teknologiforståelse")
    DEVELOPMENT = "udvikling-og-implementering", _("Udvikling og implementering")
    COMMUNICATION = "formidling-og-kommunikation", _("Formidling og kommunikation")


@dataclass(frozen=True)
class Competence:
    """One competence of KL's kompetencehjul. `key` is the area's key and
    the competence's, as in the standard template's question keys
    ("kompetencehjul." + key)."""

    key: str
    area: CompetenceArea
    label: str


def _competence(area: CompetenceArea, slug: str, label) -> Competence:
    return Competence(f"{area.value}.{slug}", area, label)


# The one list of the twelve competences: competence plans have a line for
# each, and the standard template's Kompetencehjulet questions are these, in
# this order (tests/test_competence_plans.py checks it).
COMPETENCE_WHEEL: tuple[Competence, ...] = (
    _competence(CompetenceArea.USE, "brugerkompetencer", _("Brugerkompetencer")),
    _competence(CompetenceArea.USE, "dataanvendelse", _("Dataanvendelse")),
    _competence(
        CompetenceArea.USE, "data-og-informationssikkerhed", _("Data- og informationssikkerhed")
    ),
    _competence(
        CompetenceArea.UNDERSTANDING,
        "teknologi-faglighed-og-mennesker",
        _("Teknologi, faglighed og mennesker"),
    ),
    _competence(CompetenceArea.UNDERSTANDING, "teknologivurdering", _("Teknologivurdering")),
    _competence(CompetenceArea.UNDERSTANDING, "retssikkerhed-og-etik", _("Retssikkerhed og etik")),
    _competence(
        CompetenceArea.DEVELOPMENT,
        "implementering-og-anskaffelse",
        _("Implementering og anskaffelse"),
    ),
    _competence(CompetenceArea.DEVELOPMENT, "udvikling", _("Udvikling")),
    _competence(CompetenceArea.DEVELOPMENT, "innovation", _("Innovation")),
    _competence(
        CompetenceArea.COMMUNICATION,
        "formidling-til-borgere-og-kolleger",
        _("Formidling til borgere og kolleger"),
    ),
    _competence(
        CompetenceArea.COMMUNICATION, "digital-kommunikation-1-1", _("Digital kommunikation 1:1")
    ),
    _competence(
        CompetenceArea.COMMUNICATION,
        "digital-kommunikation-til-mange",
        _("Digital kommunikation til mange"),
    ),
)
COMPETENCE_KEYS = tuple(c.key for c in COMPETENCE_WHEEL)
_COMPETENCE_BY_KEY = {c.key: c for c in COMPETENCE_WHEEL}


def competence(key: str) -> Competence:
    return _COMPETENCE_BY_KEY[key]


def competence_area_index(area: str) -> int:
    """The area's place in the wheel (0–3): the wheel's colour for it."""
    return list(CompetenceArea.values).index(area)


class CompetencePrinciple(models.TextChoices):
    """Three principles for competence development (seed 1602–1630)."""

    PRACTICE = "praksisnaer", _("Praksisnær")
    DIFFERENTIATED = "differentieret", _("Differentieret")
    CONTINUOUS = "vedvarende", _("Vedvarende")


COMPETENCE_PRINCIPLE_MEANING = {
    CompetencePrinciple.PRACTICE: _(
        "Forankret i den konkrete praksis og i høj grad hands-on i en realistisk faglig "
        "kontekst – ikke blot et kursus eller en skriftlig vejledning."
    ),
    CompetencePrinciple.DIFFERENTIATED: _(
        "Tager højde for forskelle i medarbejdernes interesse, kompetencer, læringsstil og "
        "-tempo: bagtroppen skal med, og de særligt engagerede skal udfordres."
    ),
    CompetencePrinciple.CONTINUOUS: _(
        "Timet, så den nye viden kan bruges med det samme, med løbende opfølgning og adgang "
        "til support i hele implementeringen."
    ),
}
