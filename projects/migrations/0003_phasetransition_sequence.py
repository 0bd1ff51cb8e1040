from django.db import migrations, models


def number_transitions(apps, schema_editor):
    """Existing transitions get their place in each project's history."""
    PhaseTransition = apps.get_model("projects", "PhaseTransition")
    counters = {}
    for transition in PhaseTransition.objects.order_by("project_id", "moved_at", "id"):
        counters[transition.project_id] = counters.get(transition.project_id, 0) + 1
        transition.sequence = counters[transition.project_id]
        transition.save(update_fields=["sequence"])


class Migration(migrations.Migration):
    dependencies = [("projects", "0002_project_title_unique")]

    operations = [
        migrations.AddField(
            model_name="phasetransition",
            name="sequence",
            field=models.PositiveIntegerField(
                default=0, help_text="1 for projektets første skift.", verbose_name="nummer"
            ),
            preserve_default=False,
        ),
        migrations.RunPython(number_transitions, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="phasetransition",
            constraint=models.UniqueConstraint(
                fields=("project", "sequence"), name="one_transition_per_project_sequence"
            ),
        ),
    ]
