"""Dialogue packs (mødemateriale): PDFs for a MED meeting, rendered by a
Celery worker. Every pack is kept; a new one never overwrites an old one.
The files are kept through Django's storage API (settings.STORAGES, the
local file system or S3-compatible object storage), the rows say where:
listing packs never reads a file."""

import hashlib
import json
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organisations.tenancy import MunicipalityQuerySet


class Part(models.TextChoices):
    """Which of a meeting's items a pack holds: the open items, which may be
    circulated, or the closed ones, for those who may see them
    (`packs.access`). A pack never holds both."""

    OPEN = "aabne", _("Åbne punkter")
    CLOSED = "lukkede", _("Lukkede punkter")

    @classmethod
    def of(cls, item) -> "Part":
        return cls.CLOSED if item.is_closed else cls.OPEN


def pack_file_path(pack, filename: str) -> str:
    return f"packs/{pack.meeting_id}/{filename}"


class DialoguePackQuerySet(MunicipalityQuerySet):
    """`for_user` scopes to the municipality; who may read a pack with
    closed items is decided in `packs.access.readable_packs`."""

    municipality_path = "meeting__committee__municipality"

    def for_listing(self):
        """What a list of packs shows, without the content they were made of
        (its error message is shown for a failed pack, so it is read)."""
        return self.defer("source")

    def in_progress(self):
        return self.filter(status__in=DialoguePack.IN_PROGRESS)

    def start_rendering(self, pk) -> "DialoguePack | None":
        """Mark the pack as being made (one more attempt) and take its lease;
        None when there is nothing to make: it is finished, failed or gone,
        or another worker is making it (its lease is still renewed)."""
        now = timezone.now()
        with transaction.atomic():
            pack = (
                self.select_for_update(of=("self",))
                .select_related("meeting", "item")
                .filter(pk=pk)
                .first()
            )
            if pack is None or pack.status in (
                DialoguePack.Status.READY,
                DialoguePack.Status.FAILED,
            ):
                return None
            if pack.status == DialoguePack.Status.RENDERING and pack.holds_lease(now):
                return None
            pack.status = DialoguePack.Status.RENDERING
            pack.attempts += 1
            pack.started_at = now
            pack.lease_expires_at = now + DialoguePack.lease()
            pack.save(update_fields=["status", "attempts", "started_at", "lease_expires_at"])
        return pack

    def renew_lease(self, pk) -> None:
        self.filter(pk=pk, status=DialoguePack.Status.RENDERING).update(
            lease_expires_at=timezone.now() + DialoguePack.lease()
        )

    def lost(self, now):
        """Packs whose worker stopped renewing their lease: it died."""
        return self.filter(status=DialoguePack.Status.RENDERING, lease_expires_at__lt=now)

    def forgotten(self, now):
        """Queued packs whose message the queue should have delivered long
        ago (a broker that lost it); sending it again is harmless."""
        overdue = now - timedelta(
            seconds=settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
        )
        return self.filter(status=DialoguePack.Status.QUEUED).filter(
            Q(sent_at__lt=overdue) | Q(sent_at__isnull=True, requested_at__lt=overdue)
        )


class DialoguePack(models.Model):
    class Status(models.TextChoices):
        QUEUED = "i_koe", _("I kø")
        RENDERING = "genereres", _("Genereres")
        READY = "klar", _("Klar")
        FAILED = "fejlet", _("Fejlet")

    IN_PROGRESS = (Status.QUEUED, Status.RENDERING)

    meeting = models.ForeignKey("meetings.Meeting", on_delete=models.PROTECT, related_name="packs")
    item = models.ForeignKey(
        "meetings.AgendaItem",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="packs",
        help_text=_("Tom for hele mødets materiale."),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    part = models.CharField(max_length=10, choices=Part.choices, default=Part.OPEN)
    with_appendix = models.BooleanField(
        default=True, help_text=_("Med bilag: alle spørgsmål og svar bag den korte del.")
    )
    with_attachments = models.BooleanField(
        default=False, help_text=_("De vedhæftede PDF-filer bagest i materialet.")
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveIntegerField(default=0)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)
    file = models.FileField(upload_to=pack_file_path, blank=True, editable=False)
    docx = models.FileField(upload_to=pack_file_path, blank=True, editable=False)
    size = models.PositiveIntegerField(
        null=True, blank=True, help_text=_("Filens størrelse i bytes.")
    )
    pages = models.PositiveIntegerField(null=True, blank=True)
    source = models.JSONField(
        null=True, blank=True, help_text=_("De data, materialet blev lavet af.")
    )
    checksum = models.CharField(max_length=64, blank=True, help_text=_("SHA-256 af indholdet."))
    # When the pack was last handed to the queue, and until when the worker
    # making it has promised to be alive (it renews this while it renders).
    sent_at = models.DateTimeField(null=True, blank=True)
    lease_expires_at = models.DateTimeField(null=True, blank=True)

    objects = DialoguePackQuerySet.as_manager()

    class Meta:
        verbose_name = _("mødemateriale")
        verbose_name_plural = _("mødematerialer")
        ordering = ["-requested_at", "-id"]
        constraints = [
            # At most one pack in the making per meeting/item and kind:
            # asking again while one is queued gives that same pack.
            models.UniqueConstraint(
                fields=["meeting", "item", "part", "with_appendix", "with_attachments"],
                condition=Q(status__in=["i_koe", "genereres"], item__isnull=False),
                name="one_item_pack_in_progress",
            ),
            models.UniqueConstraint(
                fields=["meeting", "part", "with_appendix", "with_attachments"],
                condition=Q(status__in=["i_koe", "genereres"], item__isnull=True),
                name="one_meeting_pack_in_progress",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.meeting} – {self.item or _('hele mødet')} ({self.get_status_display()})"

    @property
    def is_in_progress(self) -> bool:
        return self.status in self.IN_PROGRESS

    @staticmethod
    def lease() -> timedelta:
        return timedelta(seconds=settings.PACK_LEASE_SECONDS)

    def holds_lease(self, now) -> bool:
        return self.lease_expires_at is not None and self.lease_expires_at >= now

    @property
    def filename(self) -> str:
        local = timezone.localtime(self.meeting.starts_at)
        item = f"-punkt-{self.item.order}" if self.item_id else ""
        closed = "-lukket" if self.part == Part.CLOSED else ""
        short = "" if self.with_appendix else "-kort"
        return f"moedemateriale-{local:%Y-%m-%d}{item}{closed}{short}-{self.pk}.pdf"

    def mark_ready(
        self, source: dict, pdf: bytes, pages: int, *, docx: bytes | None = None
    ) -> "DialoguePack":
        """Store the result, unless a pack is stored already: the files
        first, then the row that points to them. A task that ran twice
        stores one result, and the files of the run that lost are removed."""
        checksum = self.checksum_of(source)
        storage = self.file.storage
        stem = pack_file_path(self, f"{self.pk}-{checksum[:16]}")
        name = storage.save(f"{stem}.pdf", ContentFile(pdf))
        word_name = storage.save(f"{stem}.docx", ContentFile(docx)) if docx else ""
        stored = (
            DialoguePack.objects.filter(pk=self.pk)
            .exclude(status=self.Status.READY)
            .update(
                status=self.Status.READY,
                file=name,
                docx=word_name,
                size=len(pdf),
                pages=pages,
                source=source,
                checksum=checksum,
                finished_at=timezone.now(),
                error="",
            )
        )
        if not stored:
            for written in filter(None, (name, word_name)):
                storage.delete(written)
        self.refresh_from_db()
        return self

    def read_file(self, field: str = "file") -> bytes:
        """The stored PDF, or with field="docx" the Word file (empty while
        there is none)."""
        kept = getattr(self, field)
        if not kept:
            return b""
        with kept.open("rb") as stored:
            return stored.read()

    @property
    def docx_filename(self) -> str:
        return self.filename.removesuffix(".pdf") + ".docx"

    def mark_failed(self, message: str) -> "DialoguePack":
        """Failed with a message for the user; never a pack that is ready."""
        DialoguePack.objects.filter(pk=self.pk).exclude(status=self.Status.READY).update(
            status=self.Status.FAILED, error=message, finished_at=timezone.now()
        )
        self.refresh_from_db()
        return self

    @staticmethod
    def checksum_of(source: dict) -> str:
        """SHA-256 of the content without the moment it was gathered: the
        same data gives the same checksum whenever the pack was made."""
        data = {key: value for key, value in source.items() if key != "generated_at"}
        canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
