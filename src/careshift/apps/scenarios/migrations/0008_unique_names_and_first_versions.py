"""Data: make scenario names unique (ignoring case) before 0009 enforces it, and give every existing
scenario its first kept version (its contents now).

Duplicates keep the oldest scenario's name; each later one becomes "Name (2)", "Name (3)", ... (the first
free number), so no scenario is lost or merged and every address (slug) stays the same.
"""

from django.db import migrations


def _unique_names(apps, schema_editor):
    Scenario = apps.get_model("scenarios", "Scenario")
    taken = set()
    for scenario in Scenario.objects.order_by("created", "pk"):
        name = scenario.name
        if name.lower() in taken:
            base, n = name[:190], 2
            while f"{base} ({n})".lower() in taken:
                n += 1
            scenario.name = f"{base} ({n})"
            if isinstance(scenario.spec, dict) and "name" in scenario.spec:
                scenario.spec = {**scenario.spec, "name": scenario.name}
            scenario.save(update_fields=["name", "spec"])
        taken.add(scenario.name.lower())


def _first_versions(apps, schema_editor):
    Scenario = apps.get_model("scenarios", "Scenario")
    ScenarioVersion = apps.get_model("scenarios", "ScenarioVersion")
    ScenarioVersion.objects.bulk_create(
        ScenarioVersion(
            scenario=s, number=s.version, name=s.name, description=s.description, spec=s.spec, saved_by=s.owner
        )
        for s in Scenario.objects.all()
    )


class Migration(migrations.Migration):
    dependencies = [("scenarios", "0007_scenario_versions")]

    operations = [
        migrations.RunPython(_unique_names, migrations.RunPython.noop),
        migrations.RunPython(_first_versions, migrations.RunPython.noop),
    ]
