import os

from django import forms
from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.template.defaultfilters import filesizeformat
from django.utils.text import get_valid_filename
from django.utils.translation import gettext_lazy as _

from . import sniff

NAME_LENGTH = 120


class AttachmentForm(forms.Form):
    """An uploaded file, accepted by what it contains (PDF, Word, Excel,
    PNG, JPEG) and no larger than ATTACHMENT_MAX_BYTES; its name is made
    safe and given the extension of what it is."""

    fil = forms.FileField(label=_("Fil"))

    def clean_fil(self):
        upload = self.cleaned_data["fil"]
        if upload.size > settings.ATTACHMENT_MAX_BYTES:
            raise forms.ValidationError(
                _("Filen er for stor: %(size)s. Den må højst være %(limit)s.")
                % {
                    "size": filesizeformat(upload.size),
                    "limit": filesizeformat(settings.ATTACHMENT_MAX_BYTES),
                }
            )
        upload.seek(0)
        kind = sniff.kind_of(upload.read(16), upload)
        if kind is None:
            raise forms.ValidationError(
                _("Filen kan ikke vedhæftes: kun PDF, Word (.docx), Excel (.xlsx), PNG og JPEG.")
            )
        pages = None
        if kind == sniff.PDF:
            upload.seek(0)
            pages = sniff.pdf_pages(upload.read())
            if pages is None:
                raise forms.ValidationError(
                    _("PDF-filen kan ikke læses (den er beskadiget eller krypteret).")
                )
        upload.seek(0)
        self.kind, self.pages = kind, pages
        self.safe_name = safe_name(upload.name, kind)
        return upload


def safe_name(uploaded: str, kind: str) -> str:
    """The uploader's file name without folders or odd characters, cut to a
    sensible length, with the extension of what the file is."""
    base = os.path.basename(uploaded.replace("\\", "/"))
    stem = os.path.splitext(base)[0]
    try:
        stem = get_valid_filename(stem)
    except SuspiciousFileOperation:  # nothing usable left
        stem = ""
    stem = stem[:NAME_LENGTH].strip("._-") or "bilag"
    return f"{stem}.{sniff.EXTENSIONS[kind]}"
