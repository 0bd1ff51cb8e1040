"""A committee's meetings: agenda items in order, decisions, dissent and
follow-up actions (the `Action` model is in `meetings/followups.py`).

A meeting's life: planned (the agenda can be changed) → material sent out
(the agenda is fixed) → held (only once it has begun) → the minutes signed
by the committee's chair and vice-chair → approved and frozen. The rules of
*when* live here; *who* may do each step is `meetings/access.py`."""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Max
from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from method.vocabulary import Side
from organisations.models import Membership
from organisations.tenancy import MunicipalityQuerySet
from workbench.ordering import move_in_order, renumber

from .followups import Action
from .schedule import working_days_before
from .signals import material_sent

# The seats that sign the minutes, in the order they are shown.
SIGNING_ROLES = (Membership.Role.CHAIR, Membership.Role.VICE_CHAIR)


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
    # The organiser marks the agenda and material as sent out; from then on
    # the agenda is fixed, and the invitations go out (notifications/).
    material_sent_at = models.DateTimeField(_("materiale sendt ud"), null=True, blank=True)
    material_sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sendt ud af"),
    )
    # Set when the last of the chair's and vice-chair's signatures is given.
    approved_at = models.DateTimeField(_("referat godkendt"), null=True, blank=True)
    # Who attended, for the minutes: the committee's members who were there.
    attendees = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="meetings_attended",
        verbose_name=_("til stede"),
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

    @property
    def was_held(self) -> bool:
        return self.status in HELD_STATUSES

    @property
    def has_started(self) -> bool:
        return self.starts_at <= timezone.now()

    @property
    def agenda_is_open(self) -> bool:
        """Items can be added, edited, reordered and removed until the
        material is sent out (and never once the meeting is held)."""
        return self.status == self.Status.PLANNED and self.material_sent_at is None

    @property
    def material_due_on(self):
        """The last day to send the material: the committee's number of
        working days before the meeting day."""
        meeting_day = timezone.localdate(self.starts_at)
        return working_days_before(meeting_day, self.committee.material_days)

    @property
    def material_is_late(self) -> bool:
        return self.agenda_is_open and timezone.localdate() > self.material_due_on

    def assert_editable(self) -> None:
        if self.minutes_frozen:
            raise ValidationError(_("Referatet er godkendt og kan ikke ændres."))

    def assert_agenda_open(self) -> None:
        self.assert_editable()
        if self.was_held:
            raise ValidationError(_("Mødet er afholdt; dagsordenen kan ikke længere ændres."))
        if self.material_sent_at is not None:
            raise ValidationError(
                _("Materialet er sendt ud %(when)s; dagsordenen kan ikke længere ændres."),
                params={"when": _date(self.material_sent_at)},
            )

    def previous(self) -> "Meeting | None":
        return (
            Meeting.objects.filter(committee=self.committee, starts_at__lt=self.starts_at)
            .order_by("-starts_at")
            .first()
        )

    def mark_material_sent(self, user) -> None:
        """The agenda and material are sent out: the agenda is fixed from now."""
        if self.material_sent_at is not None:
            return  # sent already: a second click changes nothing
        self.assert_agenda_open()
        if not self.items.exists():
            raise ValidationError(_("Dagsordenen er tom; der er intet materiale at sende ud."))
        self.material_sent_at = timezone.now()
        self.material_sent_by = user
        self.save(update_fields=["material_sent_at", "material_sent_by"])
        material_sent.send(sender=Meeting, meeting=self)

    def mark_held(self) -> None:
        self.assert_editable()
        if self.was_held:
            return
        if not self.has_started:
            raise ValidationError(
                _("Mødet begynder først %(when)s og kan ikke markeres som afholdt før."),
                params={"when": _date(self.starts_at)},
            )
        self.status = self.Status.HELD
        self.save(update_fields=["status"])

    # -- the minutes' signatures ------------------------------------------

    def signature_sheet(self) -> list["SignatureLine"]:
        """For each signing role: who holds the seat now, and the signature
        if it is given. Two queries."""
        signed = {s.role: s for s in self.signatures.select_related("signed_by")}
        holders = {
            seat.role: seat
            for seat in self.committee.memberships.current()
            .filter(role__in=SIGNING_ROLES)
            .select_related("user")
        }
        return [
            SignatureLine(Membership.Role(role), holders.get(role), signed.get(role))
            for role in SIGNING_ROLES
        ]

    def awaits_signature_from(self, role: str) -> bool:
        return (
            self.status == self.Status.HELD
            and role in SIGNING_ROLES
            and not self.signatures.filter(role=role).exists()
        )

    @transaction.atomic
    def sign_minutes(self, seat: Membership) -> "MinutesSignature":
        """The chair or the vice-chair signs the minutes; when both have
        signed, the minutes are approved and frozen. Signing twice returns
        the first signature."""
        locked = Meeting.objects.select_for_update().get(pk=self.pk)
        locked.assert_editable()
        if seat.committee_id != locked.committee_id or seat.role not in SIGNING_ROLES:
            raise ValidationError(_("Kun udvalgets formand og næstformand underskriver referatet."))
        if locked.status != self.Status.HELD:
            raise ValidationError(_("Referatet kan først underskrives, når mødet er afholdt."))
        signature, _created = MinutesSignature.objects.get_or_create(
            meeting=locked, role=seat.role, defaults={"signed_by": seat.user}
        )
        if set(locked.signatures.values_list("role", flat=True)) >= set(SIGNING_ROLES):
            locked.status = self.Status.APPROVED
            locked.approved_at = timezone.now()
            locked.save(update_fields=["status", "approved_at"])
        self.status, self.approved_at = locked.status, locked.approved_at
        return signature

    def record_attendance(self, attendees) -> None:
        """Who attended: part of the minutes, so a change reopens them."""
        self.assert_editable()
        if {user.pk for user in attendees} == set(self.attendees.values_list("pk", flat=True)):
            return  # nothing changed: the signatures stand
        self.reopen_minutes()
        self.attendees.set(attendees)

    def attendance(self) -> tuple[list, list]:
        """(the committee's seats whose holders attended, those who did not)."""
        present = set(self.attendees.values_list("pk", flat=True))
        seats = list(
            Membership.objects.filter(committee=self.committee_id)
            .select_related("user")
            .order_by("side", "user__first_name", "user__last_name", "user__username")
        )
        return (
            [seat for seat in seats if seat.user_id in present],
            [seat for seat in seats if seat.user_id not in present],
        )

    def reopen_minutes(self) -> None:
        """The minutes changed after a signature: what was signed is no
        longer what stands, so both sign again."""
        self.signatures.all().delete()

    # -- the agenda -------------------------------------------------------

    @transaction.atomic
    def add_item(self, **fields) -> "AgendaItem":
        self.assert_agenda_open()
        last = self.items.aggregate(last=Max("order"))["last"] or 0
        return AgendaItem.objects.create(meeting=self, order=last + 1, **fields)

    def move_item(self, item: "AgendaItem", offset: int) -> None:
        """Swap an item with its neighbour (offset −1 = up, +1 = down)."""
        self.assert_agenda_open()
        move_in_order(item, self.items, offset)

    @transaction.atomic
    def remove_item(self, item: "AgendaItem") -> None:
        """Take an item off the agenda and renumber the rest. An item with
        its own dialogue pack stays: the pack is the committee's record of
        what it was given. A carried-over item goes back to waiting."""
        self.assert_agenda_open()
        if item.packs.exists():
            raise ValidationError(
                _(
                    "Punktet kan ikke fjernes, fordi der er lavet mødemateriale til det. "
                    "Ret punktet i stedet."
                )
            )
        item.delete()
        renumber(self.items)

    @transaction.atomic
    def carry_over_undecided(self) -> list["AgendaItem"]:
        """Put the undecided items of the committee's earlier meetings on this
        agenda (once each). Only meetings that were held count: an item of a
        meeting still to come may yet be decided there."""
        self.assert_agenda_open()
        pending = AgendaItem.objects.undecided().filter(
            meeting__committee=self.committee,
            meeting__starts_at__lt=self.starts_at,
            meeting__status__in=HELD_STATUSES,
            carried_to__isnull=True,
        )
        return [
            self.add_item(
                title=item.title,
                kind=item.kind,
                is_closed=item.is_closed,
                project=item.project,
                description=item.description,
                proposal=item.proposal,
                carried_from=item,
            )
            for item in pending
        ]


HELD_STATUSES = (Meeting.Status.HELD, Meeting.Status.APPROVED)


def _date(moment) -> str:
    return formats.date_format(timezone.localtime(moment), gettext("j. F Y H:i"))


class MinutesSignature(models.Model):
    """The chair's or the vice-chair's signature on a meeting's minutes."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="signatures")
    role = models.CharField(
        _("som"), max_length=20, choices=[(r.value, r.label) for r in SIGNING_ROLES]
    )
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("underskrevet af"),
    )
    signed_at = models.DateTimeField(_("underskrevet"), default=timezone.now)

    class Meta:
        verbose_name = _("underskrift på referat")
        verbose_name_plural = _("underskrifter på referater")
        ordering = ["signed_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "role"], name="one_signature_per_role")
        ]

    def __str__(self) -> str:
        return f"{self.meeting}: {self.get_role_display()} {self.signed_by}"


@dataclass
class SignatureLine:
    """One line of the minutes' signature block: the role, who holds that
    seat in the committee (None if nobody), and the signature if given."""

    role: Membership.Role
    holder: Membership | None
    signature: MinutesSignature | None


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
    proposal = models.TextField(
        _("indstilling"), blank=True, help_text=_("Det forslag til beslutning, udvalget får.")
    )
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

    def change(self, **fields) -> None:
        """Edit what the item is about (title, kind, project, text, closed)
        while the agenda is open."""
        self.meeting.assert_agenda_open()
        for name, value in fields.items():
            setattr(self, name, value)
        self.save(update_fields=list(fields))

    @transaction.atomic
    def add_action(self, what: str, owner, deadline=None, **links) -> Action:
        self.meeting.assert_editable()
        self.meeting.reopen_minutes()
        return Action.objects.create(
            municipality_id=self.meeting.committee.municipality_id,
            item=self,
            project=self.project,
            what=what,
            owner=owner,
            deadline=deadline,
            **links,
        )

    @transaction.atomic
    def record_outcome(self, decision: str, dissent: str = "", dissent_side: str = "") -> None:
        self.meeting.assert_editable()
        if dissent and not dissent_side:
            raise ValidationError(_("Angiv hvilken side mindretalsudtalelsen kommer fra."))
        decision, dissent = decision.strip(), dissent.strip()
        dissent_side = dissent_side if dissent else ""
        if (decision, dissent, dissent_side) == (self.decision, self.dissent, self.dissent_side):
            return  # nothing changed: the signatures stand
        self.meeting.reopen_minutes()
        self.decision, self.dissent, self.dissent_side = decision, dissent, dissent_side
        self.save(update_fields=["decision", "dissent", "dissent_side"])
