"""What the workbench tells people by e-mail, and how each person wants it.

A `Notification` is recorded once per (recipient, kind, object, occasion):
the unique constraint is what makes every path idempotent (an event
announced twice, a task run twice, two beats at once all find the row that
is there and send nothing new). The row holds no text: the mail is written
when it is sent, in the recipient's language, from the object as it then
is, and only if the recipient may still see it (`notifications.kinds`).

`MailSettings` holds a person's choice per kind (at once, in the daily
digest, never) and the language of their mails; a person without a row has
the defaults."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organisations.tenancy import MunicipalityQuerySet


class Kind(models.TextChoices):
    """What a mail is about; its words and who may still see it are in
    `notifications.kinds`."""

    PACK_READY = "materiale_klar", _("Mødemateriale, du har bestilt, er klar")
    INVITATION = "indkaldelse", _("Indkaldelse med dagsorden, når materialet er sendt ud")
    ACTION_DUE = "frist_i_morgen", _("En opfølgning, du er ansvarlig for, har frist i morgen")
    ACTION_OVERDUE = "frist_overskredet", _("En opfølgning, du er ansvarlig for, er over fristen")
    REPLY = "svar_i_droeftelse", _("Et nyt indlæg i en drøftelse, du har deltaget i")
    CONFIRMATION = "bekraeftelse", _("Et fælles svar venter på din sides bekræftelse")


class Delivery(models.TextChoices):
    AT_ONCE = "straks", _("Med det samme")
    DIGEST = "daglig", _("Samlet i den daglige oversigt")
    NEVER = "aldrig", _("Aldrig")


# What a person gets before they choose: at once what is needed today or
# asks them to act (material, invitation, a deadline tomorrow, a
# confirmation); the rest once a day, so a lively discussion or an old
# overdue action does not fill the inbox.
DEFAULT_DELIVERY = {
    Kind.PACK_READY: Delivery.AT_ONCE,
    Kind.INVITATION: Delivery.AT_ONCE,
    Kind.ACTION_DUE: Delivery.AT_ONCE,
    Kind.ACTION_OVERDUE: Delivery.DIGEST,
    Kind.REPLY: Delivery.DIGEST,
    Kind.CONFIRMATION: Delivery.AT_ONCE,
}


class Dropped(models.TextChoices):
    """Why a recorded notification was never sent."""

    INACTIVE = "inaktiv", _("Personen er deaktiveret eller anonymiseret")
    NO_ADDRESS = "ingen_adresse", _("Personen har ingen e-mailadresse")
    DECLINED = "fravalgt", _("Personen har valgt denne slags e-mails fra")
    NOT_VISIBLE = "ikke_synlig", _("Personen må ikke (længere) se det, e-mailen handler om")
    OUTDATED = "forældet", _("Det, e-mailen handler om, er ikke længere aktuelt")
    REFUSED = "afvist", _("Mailserveren afviste adressen")


class NotificationQuerySet(MunicipalityQuerySet):
    municipality_path = "recipient__municipality"

    def pending(self):
        return self.filter(sent_at__isnull=True, dropped_at__isnull=True)


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("slags"), max_length=30, choices=Kind.choices)
    # The meeting, pack, action, comment or joint answer the mail is about
    # (which one the kind says); a mail about a deleted object is dropped.
    object_id = models.PositiveBigIntegerField()
    # What makes this moment another than an earlier one about the same
    # object: the deadline of an action, the start of a meeting, the side
    # and version of a joint answer; empty when there is only one.
    occasion = models.CharField(max_length=60, blank=True)
    in_digest = models.BooleanField(_("i den daglige oversigt"), default=False)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(_("sendt"), null=True, blank=True)
    dropped_at = models.DateTimeField(_("ikke sendt"), null=True, blank=True)
    dropped_because = models.CharField(max_length=20, choices=Dropped.choices, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("e-mail")
        verbose_name_plural = _("e-mails")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "kind", "object_id", "occasion"],
                name="one_notification_per_occasion",
            )
        ]
        indexes = [
            # The sweep and the digest read the few rows still to send.
            models.Index(
                fields=["in_digest", "created_at"],
                condition=Q(sent_at__isnull=True, dropped_at__isnull=True),
                name="notification_pending",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.recipient_id}"


class MailSettings(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="mail_settings",
    )
    language = models.CharField(
        _("sprog i e-mails"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )
    # Kind -> Delivery for the kinds the person chose; any other kind has
    # its default (DEFAULT_DELIVERY), so a new kind needs no migration.
    deliveries = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("e-mailindstillinger")
        verbose_name_plural = _("e-mailindstillinger")

    def __str__(self) -> str:
        return str(self.user)

    def delivery(self, kind: str) -> Delivery:
        chosen = self.deliveries.get(kind)
        return Delivery(chosen) if chosen in Delivery.values else DEFAULT_DELIVERY[kind]


def mail_settings_of(user) -> MailSettings:
    """The person's settings, or the defaults (unsaved) if they chose none."""
    try:
        return user.mail_settings
    except MailSettings.DoesNotExist:
        return MailSettings(user=user)
