"""A project's business case as data, and the realisation of its benefits.

The business case holds the publication's minimum content (Kerneopgave,
Businesscase): the task or problem, the expected benefits, how the efforts
lead to them, unwanted side effects and their mitigation, the costs and the
governance model. It "bør løbende revideres": every save through
`businesscase.services.save_business_case` keeps a revision with the whole
case as it then stood, and nothing is overwritten. A benefit is measured
over time and given a status; a benefit taken out of the case is marked
removed and keeps its measurements."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organisations.tenancy import MunicipalityQuerySet

MONEY = {"max_digits": 14, "decimal_places": 2}
AMOUNT = MONEY  # baselines, targets and measured values: the same precision


class BusinessCaseQuerySet(MunicipalityQuerySet):
    municipality_path = "project__municipality"


class BusinessCase(models.Model):
    """The case as it stands now; `revisions` keep every earlier state."""

    project = models.OneToOneField(
        "projects.Project", on_delete=models.CASCADE, related_name="business_case"
    )
    task = models.TextField(
        _("opgave eller problem"),
        blank=True,
        help_text=_("Den opgave eller det problem, teknologien skal bidrage til at løse."),
    )
    efforts = models.TextField(
        _("fra indsats til gevinst"),
        blank=True,
        help_text=_(
            "Hvordan de valgte indsatser konkret skal føre frem til løsningen af problemet "
            "og realiseringen af gevinsterne."
        ),
    )
    # [{"effect": "...", "mitigation": "..."}, ...], in the order written.
    side_effects = models.JSONField(_("uønskede bivirkninger"), default=list, blank=True)
    costs_one_off = models.DecimalField(
        _("engangsomkostninger (kr.)"), **MONEY, null=True, blank=True
    )
    costs_yearly = models.DecimalField(
        _("årlige omkostninger (kr.)"), **MONEY, null=True, blank=True
    )
    governance = models.TextField(
        _("styringsmodel"),
        blank=True,
        help_text=_("Hvem har ansvaret for projektet og for at gevinsterne realiseres?"),
    )
    version = models.PositiveIntegerField(_("revision"), default=0)
    updated_at = models.DateTimeField(null=True, blank=True)

    objects = BusinessCaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("businesscase")
        verbose_name_plural = _("businesscases")

    def __str__(self) -> str:
        return str(self.project)


class BusinessCaseRevision(models.Model):
    """The whole case after one save, never changed afterwards. `snapshot`
    is `businesscase.services.snapshot` of the case: its fields and its
    benefits (by id), so two revisions can be compared."""

    case = models.ForeignKey(BusinessCase, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField(_("revision"))
    snapshot = models.JSONField()
    note = models.CharField(_("hvad er ændret og hvorfor"), max_length=500, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("revision af businesscase")
        verbose_name_plural = _("revisioner af businesscases")
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["case", "number"], name="one_case_revision_per_number")
        ]

    def __str__(self) -> str:
        return f"{self.case} r{self.number}"


class BenefitKind(models.TextChoices):
    """The kinds of benefit the publication names (Kerneopgave, Businesscase)."""

    ECONOMY = "oekonomi", _("Økonomi")
    LABOUR = "arbejdskraft", _("Arbejdskraft/tid")
    QUALITY = "kvalitet", _("Kvalitet")
    CITIZENS = "borgertilfredshed", _("Borgertilfredshed")
    PROFESSION = "faglighed", _("Faglighed")
    WORK_ENVIRONMENT = "arbejdsmiljoe", _("Arbejdsmiljø")
    OTHER = "andet", _("Andet")


class BenefitQuerySet(MunicipalityQuerySet):
    municipality_path = "case__project__municipality"

    def current(self):
        """The benefits in the case as it stands (not taken out)."""
        return self.filter(removed_in__isnull=True)


class Benefit(models.Model):
    """An expected benefit: what, its kind, how it is measured, from which
    baseline to which target by when, and who owns it; then its status."""

    class Status(models.TextChoices):
        ON_TRACK = "paa_vej", _("På vej")
        REALISED = "realiseret", _("Realiseret")
        PARTLY = "delvist", _("Delvist realiseret")
        NOT_REALISED = "ikke_realiseret", _("Ikke realiseret")
        ABANDONED = "opgivet", _("Opgivet")

    case = models.ForeignKey(BusinessCase, on_delete=models.CASCADE, related_name="benefits")
    title = models.CharField(_("gevinst"), max_length=200)
    kind = models.CharField(_("type"), max_length=20, choices=BenefitKind.choices)
    measure = models.CharField(
        _("måles som"), max_length=300, help_text=_("Hvad der måles, hvordan og hvor ofte.")
    )
    unit = models.CharField(_("enhed"), max_length=40, blank=True)
    baseline = models.DecimalField(_("udgangspunkt"), **AMOUNT)
    target = models.DecimalField(_("mål"), **AMOUNT)
    due_on = models.DateField(_("nås senest"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="owned_benefits",
        verbose_name=_("ejer"),
    )
    order = models.PositiveIntegerField(default=0)
    # The revision that took the benefit out of the case (its measurements stay).
    removed_in = models.PositiveIntegerField(null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.ON_TRACK
    )
    status_reason = models.TextField(_("begrundelse"), blank=True)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = BenefitQuerySet.as_manager()

    class Meta:
        verbose_name = _("gevinst")
        verbose_name_plural = _("gevinster")
        ordering = ["order", "id"]
        constraints = [
            # Realised in part, not realised or abandoned: the committee says why.
            models.CheckConstraint(
                condition=Q(status__in=["paa_vej", "realiseret"]) | ~Q(status_reason=""),
                name="benefit_status_needs_reason",
                violation_error_message=_("Skriv en begrundelse for denne status."),
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_removed(self) -> bool:
        return self.removed_in is not None

    @staticmethod
    def needs_reason(status: str) -> bool:
        return status not in (Benefit.Status.ON_TRACK, Benefit.Status.REALISED)

    def set_status(self, status: str, reason: str, user) -> None:
        """A new status; delvist realiseret, ikke realiseret and opgivet need
        a reason (also a database constraint). A status without one keeps
        no old reason."""
        if status not in Benefit.Status.values:
            raise ValidationError(_("Ukendt status for gevinsten."))
        reason = reason.strip()
        if self.needs_reason(status) and not reason:
            raise ValidationError(
                _("Skriv hvorfor gevinsten er %(status)s."),
                params={"status": str(Benefit.Status(status).label).lower()},
                code="reason_required",
            )
        self.status, self.status_reason = status, reason
        self.status_changed_at, self.status_changed_by = timezone.now(), user
        self.save(
            update_fields=["status", "status_reason", "status_changed_at", "status_changed_by"]
        )


class MeasurementQuerySet(MunicipalityQuerySet):
    municipality_path = "benefit__case__project__municipality"


class Measurement(models.Model):
    """One measurement of a benefit: when, the value, a note, and who."""

    benefit = models.ForeignKey(Benefit, on_delete=models.CASCADE, related_name="measurements")
    measured_on = models.DateField(_("dato"))
    value = models.DecimalField(_("værdi"), **AMOUNT)
    note = models.CharField(_("note"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("af")
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    objects = MeasurementQuerySet.as_manager()

    class Meta:
        verbose_name = _("måling")
        verbose_name_plural = _("målinger")
        ordering = ["measured_on", "id"]

    def __str__(self) -> str:
        return f"{self.benefit}: {self.value} ({self.measured_on})"
