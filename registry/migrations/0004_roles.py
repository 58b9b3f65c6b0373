from django.db import migrations

from registry.roles import create_all_permissions, sync_roles


def create_roles(apps, schema_editor):
    create_all_permissions(apps)
    sync_roles(apps)


class Migration(migrations.Migration):
    # The registry's part of the roles; each app that declares officer permissions syncs them again once its own exist.
    dependencies = [("registry", "0003_importrecord_staffprofile"), ("auth", "0012_alter_user_first_name_max_length")]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
