"""The packs' PDFs move out of the database into file storage (Django's
storage API: the local file system or S3-compatible object storage).

Every stored PDF is written to storage and read back and compared before
its row points to it; only then is the column with the bytes removed. A
failure stops the migration with the database as it was (the transaction
rolls back; files written so far are left behind, never lost). Going back
reads the files into the column again."""

import hashlib

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import migrations, models

import packs.models


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def pdfs_into_storage(apps, schema_editor):
    DialoguePack = apps.get_model("packs", "DialoguePack")
    stored = DialoguePack.objects.filter(pdf__isnull=False).only("pk", "meeting_id", "checksum")
    for pack in stored.iterator(chunk_size=20):
        pdf = bytes(DialoguePack.objects.values_list("pdf", flat=True).get(pk=pack.pk))
        path = packs.models.pack_file_path(pack, f"{pack.pk}-{pack.checksum[:16]}.pdf")
        name = default_storage.save(path, ContentFile(pdf))
        with default_storage.open(name, "rb") as written:
            if _digest(written.read()) != _digest(pdf):
                raise RuntimeError(f"Pack {pack.pk}: the file in storage differs from the database")
        DialoguePack.objects.filter(pk=pack.pk).update(file=name, size=len(pdf))


def pdfs_back_into_the_database(apps, schema_editor):
    DialoguePack = apps.get_model("packs", "DialoguePack")
    for pack in DialoguePack.objects.exclude(file="").only("pk", "file").iterator(chunk_size=20):
        with default_storage.open(pack.file.name, "rb") as stored:
            DialoguePack.objects.filter(pk=pack.pk).update(pdf=stored.read())


class Migration(migrations.Migration):
    dependencies = [
        ("packs", "0004_pack_part"),
    ]

    operations = [
        migrations.AddField(
            model_name="dialoguepack",
            name="file",
            field=models.FileField(
                blank=True, editable=False, upload_to=packs.models.pack_file_path
            ),
        ),
        migrations.AddField(
            model_name="dialoguepack",
            name="size",
            field=models.PositiveIntegerField(
                blank=True, help_text="Filens størrelse i bytes.", null=True
            ),
        ),
        migrations.RunPython(pdfs_into_storage, pdfs_back_into_the_database),
        migrations.RemoveField(
            model_name="dialoguepack",
            name="pdf",
        ),
    ]
