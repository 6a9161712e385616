"""Full-text search of the evidence bank on SQLite: an FTS5 virtual table, filled from the items already
there (careshift.apps.appraisal.search keeps it in step). PostgreSQL searches the tables themselves,
and an SQLite without FTS5 falls back to word matching, so on those this migration does nothing."""

from django.db import OperationalError, migrations


def create_index(apps, schema_editor):
    from careshift.apps.appraisal import search

    if schema_editor.connection.vendor != "sqlite":
        return
    try:
        schema_editor.execute(search.CREATE_FTS)
    except OperationalError:  # this SQLite has no FTS5
        return
    search.rebuild(apps.get_model("appraisal", "EvidenceItem"), apps.get_model("appraisal", "EffectSize"))


def drop_index(apps, schema_editor):
    from careshift.apps.appraisal import search

    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f"DROP TABLE IF EXISTS {search.FTS_TABLE}")


class Migration(migrations.Migration):
    dependencies = [("appraisal", "0001_initial")]
    operations = [migrations.RunPython(create_index, drop_index)]
