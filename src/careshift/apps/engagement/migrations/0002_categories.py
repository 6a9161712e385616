from django.db import migrations


def add_categories(apps, schema_editor):
    from careshift.apps.engagement.models.stakeholders import DEFAULT_CATEGORIES

    Category = apps.get_model("engagement", "Category")
    for order, (name, description) in enumerate(DEFAULT_CATEGORIES):
        Category.objects.get_or_create(name=name, defaults={"description": description, "order": order})


class Migration(migrations.Migration):
    dependencies = [("engagement", "0001_initial")]
    operations = [migrations.RunPython(add_categories, migrations.RunPython.noop)]
