"""Follow-up actions ("opfølgninger"): what a committee agreed someone does
by when, at a meeting or from an assessment's open point or by hand on a
project. The model lives in the meetings app (an action is usually agreed on
an agenda item); `meetings/models.py` imports it so Django finds it. The
overview, filters and export are the `actions` app."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organisations.tenancy import MunicipalityQuerySet


def _link(model: str, label, related_name="+"):
    return models.ForeignKey(
        model,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name=related_name,
        verbose_name=label,
    )


class ActionQuerySet(MunicipalityQuerySet):
    municipality_path = "municipality"

    def open(self):
        return self.exclude(status=Action.Status.DONE)

    def overdue(self, today=None):
        """Open actions whose deadline has passed."""
        return self.open().filter(deadline__lt=today or timezone.localdate())


class Action(models.Model):
    """A follow-up action: agreed at a meeting (`item`), made from an open
    point of an assessment (`question`, and the open `comment` if it came
    from one) or added by hand on a project; and the question, benefit or
    competence-plan line it serves. Created through `AgendaItem.add_action`
    or `actions.services.add_project_action`."""

    class Status(models.TextChoices):
        OPEN = "aaben", _("Åben")
        IN_PROGRESS = "i_gang", _("I gang")
        DONE = "udfoert", _("Udført")

    municipality = models.ForeignKey(
        "organisations.Municipality", on_delete=models.CASCADE, related_name="+"
    )
    item = models.ForeignKey(
        "meetings.AgendaItem",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="actions",
    )
    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name=_("teknologiprojekt"),
    )
    what = models.CharField(_("hvad"), max_length=500)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="actions",
        verbose_name=_("ansvarlig"),
    )
    deadline = models.DateField(_("frist"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN
    )
    # What the action serves (each optional; links, not ownership).
    question = _link("questionnaires.Question", _("spørgsmål"))
    comment = _link("assessments.Comment", _("kommentar"))
    benefit = _link("businesscase.Benefit", _("gevinst"), "actions")
    competence_line = _link(
        "competences.CompetenceLine", _("kompetence i kompetenceplan"), "actions"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = ActionQuerySet.as_manager()

    class Meta:
        verbose_name = _("opfølgning")
        verbose_name_plural = _("opfølgninger")
        ordering = [models.F("deadline").asc(nulls_last=True), "id"]

    def __str__(self) -> str:
        return self.what

    @property
    def is_overdue(self) -> bool:
        return (
            self.status != self.Status.DONE
            and self.deadline is not None
            and self.deadline < timezone.localdate()
        )

    def set_status(self, status: str) -> None:
        """A follow-up's progress (åben, i gang, udført); it may change after
        the minutes are approved, since the work happens after the meeting."""
        self.status = status
        self.save(update_fields=["status"])
