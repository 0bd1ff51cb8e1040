"""Answers belong to a phase (3 of 3): one answer per person, question and
phase, one joint answer per question and phase, and every answer in a
phase (0006 has given each one)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("assessments", "0006_answers_per_phase")]

    operations = [
        migrations.AddConstraint(
            model_name="answer",
            constraint=models.UniqueConstraint(
                condition=models.Q(("respondent__isnull", False)),
                fields=("assessment", "question", "respondent", "phase"),
                name="one_answer_per_respondent_and_phase",
            ),
        ),
        migrations.AddConstraint(
            model_name="answer",
            constraint=models.UniqueConstraint(
                condition=models.Q(("respondent__isnull", True)),
                fields=("assessment", "question", "phase"),
                name="one_joint_answer_per_phase",
            ),
        ),
        migrations.AddConstraint(
            model_name="answer",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("phase__in", ["ideudvikling", "konsekvensvurdering", "udvikling", "drift"])
                ),
                name="answer_phase_is_a_phase",
            ),
        ),
    ]
