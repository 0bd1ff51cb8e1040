"""Answers belong to a phase (1 of 3): the column, empty for now, and the
old rule of one answer per person per question dropped. 0006 fills the
column and splits answers that span phases; 0007 adds the new rules."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("assessments", "0004_comment_submission_key")]

    operations = [
        migrations.AddField(
            model_name="answer",
            name="phase",
            field=models.CharField(
                choices=[
                    ("ideudvikling", "Idéudvikling"),
                    ("konsekvensvurdering", "Konsekvensvurdering"),
                    ("udvikling", "Udvikling/anskaffelse"),
                    ("drift", "Implementering og drift"),
                ],
                default="",
                max_length=30,
                verbose_name="fase",
            ),
            preserve_default=False,
        ),
        migrations.RemoveConstraint(model_name="answer", name="one_answer_per_respondent"),
        migrations.RemoveConstraint(model_name="answer", name="one_joint_answer"),
    ]
