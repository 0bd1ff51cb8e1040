"""Files the committee decides on beside the assessment (the business-case
spreadsheet, the requirements, a pilot's evaluation), attached to a project
or to an agenda item. Kept through Django's storage API like the packs;
served only through `attachments.views.download`, which asks `access`."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from organisations.tenancy import MunicipalityQuerySet

from . import sniff


def attachment_path(attachment, _filename: str) -> str:
    """A name of our own in storage: never the uploader's."""
    extension = sniff.EXTENSIONS[attachment.kind]
    return f"attachments/{attachment.municipality_id}/{uuid.uuid4().hex}.{extension}"


class AttachmentQuerySet(MunicipalityQuerySet):
    municipality_path = "municipality"


class Attachment(models.Model):
    class Kind(models.TextChoices):
        PDF = sniff.PDF, "PDF"
        DOCX = sniff.DOCX, "Word"
        XLSX = sniff.XLSX, "Excel"
        PNG = sniff.PNG, "PNG"
        JPEG = sniff.JPEG, "JPEG"

    municipality = models.ForeignKey(
        "organisations.Municipality", on_delete=models.CASCADE, related_name="+"
    )
    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="attachments",
    )
    item = models.ForeignKey(
        "meetings.AgendaItem",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="attachments",
    )
    file = models.FileField(upload_to=attachment_path, max_length=200)
    name = models.CharField(_("navn"), max_length=150)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    size = models.PositiveIntegerField(_("størrelse i bytes"))
    pages = models.PositiveIntegerField(null=True, blank=True, help_text=_("Sider (PDF)."))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    objects = AttachmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("vedhæftet fil")
        verbose_name_plural = _("vedhæftede filer")
        ordering = ["uploaded_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(project__isnull=False, item__isnull=True)
                | Q(project__isnull=True, item__isnull=False),
                name="attachment_on_project_or_item",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def content_type(self) -> str:
        return sniff.CONTENT_TYPES[self.kind]

    @property
    def can_be_appended(self) -> bool:
        """A PDF whose pages can go behind the pack."""
        return self.kind == self.Kind.PDF and bool(self.pages)
