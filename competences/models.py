"""Competence plans: for each employee group a project touches (for
example social- og sundhedsassistenter, sagsbehandlere, superbrugere), the
level needed and the level now for each of Kompetencehjulet's twelve
competences (`method.vocabulary.COMPETENCE_WHEEL`, on the one scale kende,
kunne, mestre), the planned activities, and for each of the three
principles (praksisnær, differentieret, vedvarende) whether the plan meets
it, and why."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from method.vocabulary import (
    COMPETENCE_RANK,
    COMPETENCE_WHEEL,
    CompetenceLevel,
    CompetencePrinciple,
)
from organisations.tenancy import MunicipalityQuerySet

COMPETENCE_CHOICES = [(c.key, c.label) for c in COMPETENCE_WHEEL]


class CompetencePlanQuerySet(MunicipalityQuerySet):
    municipality_path = "project__municipality"


class CompetencePlan(models.Model):
    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="competence_plans"
    )
    group = models.CharField(
        _("medarbejdergruppe"),
        max_length=200,
        help_text=_("Fx social- og sundhedsassistenter, sagsbehandlere eller superbrugere."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CompetencePlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("kompetenceplan")
        verbose_name_plural = _("kompetenceplaner")
        ordering = ["group", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "group"],
                name="one_competence_plan_per_group",
                violation_error_message=_("Projektet har allerede en plan for den gruppe."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.project}: {self.group}"


class CompetenceLineQuerySet(MunicipalityQuerySet):
    municipality_path = "plan__project__municipality"


class CompetenceLine(models.Model):
    """One competence of the wheel in one group's plan: needed and current level."""

    plan = models.ForeignKey(CompetencePlan, on_delete=models.CASCADE, related_name="lines")
    order = models.PositiveSmallIntegerField()
    competence = models.CharField(_("kompetence"), max_length=80, choices=COMPETENCE_CHOICES)
    needed = models.CharField(
        _("nødvendigt niveau"), max_length=10, choices=CompetenceLevel.choices, blank=True
    )
    current = models.CharField(
        _("nuværende niveau"), max_length=10, choices=CompetenceLevel.choices, blank=True
    )

    objects = CompetenceLineQuerySet.as_manager()

    class Meta:
        verbose_name = _("kompetence i planen")
        verbose_name_plural = _("kompetencer i planen")
        ordering = ["plan", "order"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "competence"], name="one_line_per_competence")
        ]

    def __str__(self) -> str:
        return f"{self.plan.group}: {self.get_competence_display()}"

    @property
    def needed_rank(self) -> int:
        return COMPETENCE_RANK.get(self.needed, 0)

    @property
    def current_rank(self) -> int:
        return COMPETENCE_RANK.get(self.current, 0)

    @property
    def gap(self) -> int:
        """How many levels the group lacks (0 when it has enough, or when
        either level is not assessed)."""
        if not (self.needed and self.current):
            return 0
        return max(self.needed_rank - self.current_rank, 0)


class PrincipleCheck(models.Model):
    """Whether the plan meets one of the three principles, and why."""

    class Verdict(models.TextChoices):
        YES = "ja", _("Ja")
        PARTLY = "delvist", _("Delvist")
        NO = "nej", _("Nej")

    plan = models.ForeignKey(CompetencePlan, on_delete=models.CASCADE, related_name="principles")
    principle = models.CharField(_("princip"), max_length=20, choices=CompetencePrinciple.choices)
    meets = models.CharField(
        _("opfylder planen det?"), max_length=10, choices=Verdict.choices, blank=True
    )
    justification = models.TextField(_("begrundelse"), blank=True)

    class Meta:
        verbose_name = _("princip for kompetenceudvikling")
        verbose_name_plural = _("principper for kompetenceudvikling")
        ordering = ["plan", "id"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "principle"], name="one_check_per_principle"),
            # A verdict comes with its justification.
            models.CheckConstraint(
                condition=Q(meets="") | ~Q(justification=""),
                name="principle_verdict_needs_justification",
                violation_error_message=_("Begrund vurderingen af princippet."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan.group}: {self.get_principle_display()}"


class ActivityKind(models.TextChoices):
    HANDS_ON = "sidemandsoplaering", _("Sidemandsoplæring")
    WORKSHOP = "workshop", _("Workshop")
    COURSE = "kursus", _("Kursus")
    E_LEARNING = "e_laering", _("E-læring")
    SUPER_USERS = "superbrugere", _("Superbrugerforløb")
    SUPPORT = "support", _("Support og opfølgning")
    OTHER = "andet", _("Andet")


class ActivityQuerySet(MunicipalityQuerySet):
    municipality_path = "plan__project__municipality"


class Activity(models.Model):
    """A planned competence activity: what, in which form, when, how many
    hours per employee, and who is responsible."""

    plan = models.ForeignKey(CompetencePlan, on_delete=models.CASCADE, related_name="activities")
    what = models.CharField(_("aktivitet"), max_length=300)
    form = models.CharField(_("form"), max_length=30, choices=ActivityKind.choices)
    timing = models.CharField(
        _("hvornår"), max_length=200, help_text=_("Fx “uge 10–12, før idriftsættelse”.")
    )
    hours = models.DecimalField(_("timer pr. medarbejder"), max_digits=6, decimal_places=1)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("ansvarlig"),
    )

    objects = ActivityQuerySet.as_manager()

    class Meta:
        verbose_name = _("kompetenceaktivitet")
        verbose_name_plural = _("kompetenceaktiviteter")
        ordering = ["plan", "id"]

    def __str__(self) -> str:
        return self.what
