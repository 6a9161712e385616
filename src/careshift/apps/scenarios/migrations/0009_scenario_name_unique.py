import django.db.models.functions.text
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("scenarios", "0008_unique_names_and_first_versions")]

    operations = [
        migrations.AddConstraint(
            model_name="scenario",
            constraint=models.UniqueConstraint(
                django.db.models.functions.text.Lower("name"), name="scenario_name_unique_ignoring_case"
            ),
        ),
    ]
