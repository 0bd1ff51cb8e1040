"""A committee's meetings: agenda items in order, decisions, dissent and
follow-up actions. Approved minutes are frozen."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from method.vocabulary import Side
from organisations.tenancy import MunicipalityQuerySet
from workbench.ordering import move_in_order


class MeetingQuerySet(MunicipalityQuerySet):
    municipality_path = "committee__municipality"

    def upcoming(self):
        return self.filter(starts_at__gte=timezone.now()).order_by("starts_at")


class Meeting(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planlagt", _("Planlagt")
        HELD = "afholdt", _("Afholdt")
        APPROVED = "godkendt", _("Referat godkendt")

    committee = models.ForeignKey(
        "organisations.Committee",
        on_delete=models.PROTECT,
        related_name="meetings",
        verbose_name=_("MED-udvalg"),
    )
    starts_at = models.DateTimeField(_("dato og tidspunkt"))
    place = models.CharField(_("sted"), max_length=200)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    approved_at = models.DateTimeField(_("referat godkendt"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("godkendt af"),
    )

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("møde")
        verbose_name_plural = _("møder")
        ordering = ["-starts_at"]

    def __str__(self) -> str:
        local = timezone.localtime(self.starts_at)
        return f"{self.committee} {local:%d.%m.%Y}"

    @property
    def minutes_frozen(self) -> bool:
        return self.status == self.Status.APPROVED

    def assert_editable(self) -> None:
        if self.minutes_frozen:
            raise ValidationError(_("Referatet er godkendt og kan ikke ændres."))

    def previous(self) -> "Meeting | None":
        return (
            Meeting.objects.filter(committee=self.committee, starts_at__lt=self.starts_at)
            .order_by("-starts_at")
            .first()
        )

    def mark_held(self) -> None:
        self.assert_editable()
        self.status = self.Status.HELD
        self.save(update_fields=["status"])

    def approve_minutes(self, user) -> None:
        self.assert_editable()
        self.status = self.Status.APPROVED
        self.approved_at = timezone.now()
        self.approved_by = user
        self.save(update_fields=["status", "approved_at", "approved_by"])

    @transaction.atomic
    def add_item(self, **fields) -> "AgendaItem":
        self.assert_editable()
        last = self.items.aggregate(last=Max("order"))["last"] or 0
        return AgendaItem.objects.create(meeting=self, order=last + 1, **fields)

    def move_item(self, item: "AgendaItem", offset: int) -> None:
        """Swap an item with its neighbour (offset −1 = up, +1 = down)."""
        self.assert_editable()
        move_in_order(item, self.items, offset)

    @transaction.atomic
    def carry_over_undecided(self) -> list["AgendaItem"]:
        """Put the undecided items of the committee's earlier meetings on this
        agenda (once each)."""
        self.assert_editable()
        pending = AgendaItem.objects.undecided().filter(
            meeting__committee=self.committee,
            meeting__starts_at__lt=self.starts_at,
            carried_to__isnull=True,
        )
        return [
            self.add_item(
                title=item.title,
                kind=item.kind,
                is_closed=item.is_closed,
                project=item.project,
                description=item.description,
                carried_from=item,
            )
            for item in pending
        ]


class AgendaItemQuerySet(MunicipalityQuerySet):
    municipality_path = "meeting__committee__municipality"

    def undecided(self):
        """Items put up for a decision that never got one."""
        return self.filter(kind=AgendaItem.Kind.DECISION, decision="")


class AgendaItem(models.Model):
    class Kind(models.TextChoices):
        INFORMATION = "orientering", _("Til orientering")
        DISCUSSION = "droeftelse", _("Til drøftelse")
        DECISION = "beslutning", _("Til beslutning")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    order = models.PositiveIntegerField(_("nummer"))
    title = models.CharField(_("overskrift"), max_length=200)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    is_closed = models.BooleanField(
        _("lukket punkt"), default=False, help_text=_("Kun synligt for udvalgets medlemmer.")
    )
    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agenda_items",
        verbose_name=_("teknologiprojekt"),
    )
    description = models.TextField(_("hvad udvalget skal"), blank=True)
    decision = models.TextField(_("beslutning eller konklusion"), blank=True)
    dissent = models.TextField(_("mindretalsudtalelse"), blank=True)
    dissent_side = models.CharField(
        _("mindretalsudtalelse fra"), max_length=20, choices=Side.choices, blank=True
    )
    carried_from = models.OneToOneField(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="carried_to",
        verbose_name=_("overført fra"),
    )

    objects = AgendaItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("dagsordenspunkt")
        verbose_name_plural = _("dagsordenspunkter")
        ordering = ["meeting", "order", "id"]

    def __str__(self) -> str:
        return f"{self.order}. {self.title}"

    @property
    def is_undecided(self) -> bool:
        return self.kind == self.Kind.DECISION and not self.decision

    def add_action(self, what: str, owner, deadline=None) -> "Action":
        self.meeting.assert_editable()
        return Action.objects.create(item=self, what=what, owner=owner, deadline=deadline)

    def record_outcome(self, decision: str, dissent: str = "", dissent_side: str = "") -> None:
        self.meeting.assert_editable()
        if dissent and not dissent_side:
            raise ValidationError(_("Angiv hvilken side mindretalsudtalelsen kommer fra."))
        self.decision, self.dissent = decision.strip(), dissent.strip()
        self.dissent_side = dissent_side if self.dissent else ""
        self.save(update_fields=["decision", "dissent", "dissent_side"])


class ActionQuerySet(MunicipalityQuerySet):
    municipality_path = "item__meeting__committee__municipality"

    def open(self):
        return self.exclude(status=Action.Status.DONE)


class Action(models.Model):
    """A follow-up action agreed at a meeting."""

    class Status(models.TextChoices):
        OPEN = "aaben", _("Åben")
        IN_PROGRESS = "i_gang", _("I gang")
        DONE = "udfoert", _("Udført")

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="actions")
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

    objects = ActionQuerySet.as_manager()

    class Meta:
        verbose_name = _("opfølgning")
        verbose_name_plural = _("opfølgninger")
        ordering = ["deadline", "id"]

    def __str__(self) -> str:
        return self.what

    def set_status(self, status: str) -> None:
        """A follow-up's progress (åben, i gang, udført); it may change after
        the minutes are approved, since the work happens after the meeting."""
        self.status = status
        self.save(update_fields=["status"])
