from django.db import migrations

from registry.roles import create_all_permissions, sync_roles


def create_roles(apps, schema_editor):
    # The roles as composed from every app's declaration, now that cultivation's permissions (and the registry's last models') exist.
    create_all_permissions(apps)
    sync_roles(apps)


class Migration(migrations.Migration):
    dependencies = [("cultivation", "0005_pool_event_keeps_its_entry"), ("registry", "0007_history_plural_name")]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
