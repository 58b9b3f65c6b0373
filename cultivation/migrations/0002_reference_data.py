from django.db import migrations

from registry.reference import load_fixture


def load(apps, schema_editor):
    for name in ("tiers", "export_layouts", "provincial_indicators"):
        load_fixture(apps, name)


class Migration(migrations.Migration):
    dependencies = [("cultivation", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
