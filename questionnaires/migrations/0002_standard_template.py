"""Ships the national standard template, derived from the publication
Sammen om ny teknologi (Fremfærd), as published version 1."""

from types import SimpleNamespace

from django.db import migrations
from django.utils import timezone

from questionnaires.template_format import build_version, read_standard_template


def load_standard_template(apps, schema_editor):
    models = SimpleNamespace(
        QuestionTemplate=apps.get_model("questionnaires", "QuestionTemplate"),
        TemplateVersion=apps.get_model("questionnaires", "TemplateVersion"),
        Section=apps.get_model("questionnaires", "Section"),
        Question=apps.get_model("questionnaires", "Question"),
    )
    version = build_version(read_standard_template(number=1), models=models, number=1)
    version.status = "udgivet"
    version.published_at = timezone.now()
    version.change_note = "Standardskabelonen efter Sammen om ny teknologi."
    version.save()


def remove_standard_template(apps, schema_editor):
    apps.get_model("questionnaires", "QuestionTemplate").objects.filter(
        municipality__isnull=True, key="sammen-om-ny-teknologi"
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("questionnaires", "0001_initial")]

    operations = [migrations.RunPython(load_standard_template, remove_standard_template)]
