from django.db import migrations

from registry.reference import load_fixture


def load(apps, schema_editor):
    # The ways of contact, problem categories and units the bureau uses: data, editable by the city admin.
    load_fixture(apps, "assistance_reference")


class Migration(migrations.Migration):
    dependencies = [("assistance", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
