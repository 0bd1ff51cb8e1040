"""What a municipal administrator changes is recorded: who, when, what it
was before and what it is after (`ChangeRecord`); and the invitations they
send (`Invitation`: a single-use link that expires)."""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organisations.tenancy import MunicipalityQuerySet


class ChangeRecordQuerySet(MunicipalityQuerySet):
    municipality_path = "municipality"


class ChangeRecord(models.Model):
    class Kind(models.TextChoices):
        MUNICIPALITY = "kommune", _("Kommune")
        COMMITTEE = "udvalg", _("MED-udvalg")
        SEAT = "plads", _("Plads")
        USER = "bruger", _("Bruger")

    class Action(models.TextChoices):
        CREATED = "oprettet", _("oprettet")
        CHANGED = "aendret", _("ændret")
        ENDED = "afsluttet", _("afsluttet")
        INVITED = "inviteret", _("inviteret")
        JOINED = "tiltraadt", _("tog imod invitationen")
        ROLES = "roller", _("roller ændret")
        DEACTIVATED = "deaktiveret", _("deaktiveret")
        REACTIVATED = "genaktiveret", _("genaktiveret")
        ANONYMISED = "anonymiseret", _("anonymiseret")

    municipality = models.ForeignKey(
        "organisations.Municipality", on_delete=models.CASCADE, related_name="+"
    )
    # Empty for what the installation did itself (the first-run page).
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("af"),
    )
    at = models.DateTimeField(_("tidspunkt"), default=timezone.now)
    kind = models.CharField(_("hvad"), max_length=20, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField()
    action = models.CharField(_("handling"), max_length=40, choices=Action.choices)
    summary = models.CharField(_("beskrivelse"), max_length=300)
    before = models.JSONField(_("før"), default=dict, blank=True)
    after = models.JSONField(_("efter"), default=dict, blank=True)

    objects = ChangeRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("ændring")
        verbose_name_plural = _("ændringer")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["municipality", "-at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.summary}"

    def changes(self) -> list[tuple[str, object, object]]:
        """(field, before, after) for every field that differs."""
        keys = list(dict.fromkeys([*self.before, *self.after]))
        return [
            (key, self.before.get(key), self.after.get(key))
            for key in keys
            if self.before.get(key) != self.after.get(key)
        ]


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class InvitationQuerySet(models.QuerySet):
    def usable(self):
        return self.filter(used_at__isnull=True, expires_at__gt=timezone.now())


class Invitation(models.Model):
    """A link sent by e-mail to a new user. Only the token's digest is kept,
    so the database alone cannot be used to accept an invitation."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="invitations"
    )
    token_digest = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitationer")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.user} ({self.created_at:%Y-%m-%d})"

    @classmethod
    def issue(cls, user, created_by) -> tuple["Invitation", str]:
        """A new invitation and its token (shown once, in the e-mail); any
        earlier unused invitation of the user stops working."""
        cls.objects.filter(user=user).usable().update(expires_at=timezone.now())
        token = secrets.token_urlsafe(32)
        invitation = cls.objects.create(
            user=user,
            token_digest=token_digest(token),
            created_by=created_by,
            expires_at=timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS),
        )
        return invitation, token
