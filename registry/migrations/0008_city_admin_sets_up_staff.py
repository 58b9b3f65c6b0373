from django.db import migrations

from registry.roles import create_all_permissions, sync_roles


def sync(apps, schema_editor):
    # The city admin now adds and changes staff accounts: the roles as registry/roles.py composes them today.
    create_all_permissions(apps)
    sync_roles(apps)


class Migration(migrations.Migration):
    dependencies = [("registry", "0007_history_plural_name")]

    operations = [migrations.RunPython(sync, migrations.RunPython.noop)]
