# Separate from 0003: PostgreSQL does not alter a table with the rows 0003
# just updated still pending their deferred foreign-key checks.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0003_actions_outside_meetings"),
        ("organisations", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="action",
            name="municipality",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="organisations.municipality",
            ),
        ),
    ]
