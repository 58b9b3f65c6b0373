from django.db import migrations

from registry.roles import create_all_permissions, sync_roles


def create_roles(apps, schema_editor):
    # The roles as composed from every app's declaration, now that the projects' permissions exist.
    create_all_permissions(apps)
    sync_roles(apps)


class Migration(migrations.Migration):
    dependencies = [("projects", "0002_kinds"), ("cultivation", "0006_roles"), ("registry", "0008_import_preview")]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
