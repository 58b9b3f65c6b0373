from django.db import migrations

from registry.roles import create_all_permissions, sync_roles


def create_roles(apps, schema_editor):
    # Staff may follow the jobs they start (view_job), now that the model exists.
    create_all_permissions(apps)
    sync_roles(apps)


class Migration(migrations.Migration):
    dependencies = [("registry", "0008_jobs"), ("auth", "0012_alter_user_first_name_max_length")]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
