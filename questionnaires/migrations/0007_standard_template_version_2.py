"""Publishes version 2 of the national standard template, through the
template area's own versioning: a new version of the same template (the
JSON `questionnaires/standard/sammen-om-ny-teknologi.json`), published with
a change note, beside version 1, which stays as it was so that every
assessment on it keeps its meaning until its project lead moves it
(`assessments.versioning`). New assessments start on version 2, the newest
published.

Also the two answer kinds version 2 asks with (`principle`,
`group_effect`) join the question's kinds.

Reversing removes version 2 unless an assessment is on it (the PROTECT
from the assessment stops it then: move those back first)."""

from types import SimpleNamespace

from django.db import migrations, models
from django.utils import timezone

from questionnaires.template_format import build_version, read_standard_template

STANDARD_KEY = "sammen-om-ny-teknologi"
CHANGE_NOTE = (
    "Version 2: hele publikationen, spurgt som dialog frem for afkrydsning. "
    "De dataetiske principper med GDPR, de ti principper for god inddragelse og de tre "
    "principper for kompetenceudvikling spørger nu, hvordan projektet lever op til dem "
    "(slet ikke, i nogen grad, i høj grad, ikke relevant) med en kort begrundelse, når "
    "svaret er “slet ikke”, og i det fælles svar, når siderne svarer forskelligt. "
    "Hvert kendetegn ved det gode arbejde spørger om mulige fordele og mulige ulemper hver "
    "for sig. Hver utilsigtet effekt spørger, for hvem (borgere, medarbejdere, pårørende, "
    "andre) og i hvilken retning. Nyt i vejledningen: kerneopgavens forbehold (kontrol og "
    "tilsyn, ansøgninger, påbud), de fire gode råd om teknologi og kerneopgave, "
    "businesscasens minimumsindhold, boksen om agile projektmetoder og de fem gode råd om "
    "forandring og digitalisering, som lister; hver vejledning med afsnit og side i "
    "publikationen. Svar på spørgsmål, hvis svartype er ændret, arkiveres ved flytning – "
    "de slettes ikke."
)


def publish_version_2(apps, schema_editor):
    models_ = SimpleNamespace(
        QuestionTemplate=apps.get_model("questionnaires", "QuestionTemplate"),
        TemplateVersion=apps.get_model("questionnaires", "TemplateVersion"),
        Section=apps.get_model("questionnaires", "Section"),
        Question=apps.get_model("questionnaires", "Question"),
    )
    if models_.TemplateVersion.objects.filter(
        template__municipality__isnull=True, template__key=STANDARD_KEY, number=2
    ).exists():
        return
    version = build_version(read_standard_template(), models=models_, number=2)
    version.status = "udgivet"
    version.published_at = timezone.now()
    version.change_note = CHANGE_NOTE
    version.save()


def remove_version_2(apps, schema_editor):
    apps.get_model("questionnaires", "TemplateVersion").objects.filter(
        template__municipality__isnull=True, template__key=STANDARD_KEY, number=2
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("questionnaires", "0006_standard_followup_texts")]

    operations = [
        migrations.AlterField(
            model_name="question",
            name="kind",
            field=models.CharField(
                choices=[
                    ("text", "Fritekst"),
                    ("scale", "Effektskala (−2 til +2)"),
                    ("single_choice", "Ét valg"),
                    ("multiple_choice", "Flere valg"),
                    ("competence", "Kompetenceniveau (kende/kunne/mestre)"),
                    ("yes_no", "Ja/nej/ved ikke"),
                    ("principle", "Princip (slet ikke … i høj grad, ikke relevant)"),
                    ("group_effect", "Effekt for hvem (borgere, medarbejdere, pårørende, andre)"),
                ],
                max_length=20,
                verbose_name="svartype",
            ),
        ),
        migrations.RunPython(publish_version_2, remove_version_2),
    ]
