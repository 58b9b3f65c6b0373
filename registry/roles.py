"""The three staff roles as groups with permissions, composed from each app's declaration; `sync_roles` is idempotent
and also runs in a migration."""

from django.apps import apps as installed_apps

CITY_ADMIN = "市级管理员"
OFFICER = "县区/功能区经办人"
VIEWER = "只读"


def role_declarations():
    """{app label: the codenames a county or zone officer gets} of every installed app that takes part in the roles.

    An app takes part by declaring `officer_permissions` on its AppConfig; the city admin then gets all of its
    permissions and the viewer its view_ and export_ ones. An app that declares them ships a migration that calls
    sync_roles once its own permissions exist (registry 0004, cultivation 0006).
    """
    return {config.label: frozenset(config.officer_permissions) for config in installed_apps.get_app_configs() if hasattr(config, "officer_permissions")}


def sync_roles(apps):
    """`apps`: the model registry to write through (a migration's historical one, or django.apps.apps)."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    declared = role_declarations()
    ours = Permission.objects.filter(content_type__app_label__in=list(declared))
    city, _ = Group.objects.get_or_create(name=CITY_ADMIN)
    # The city admin sets up colleagues from the screens (registry/admin_staff.py), never beyond their own rights.
    staff = Permission.objects.filter(content_type__app_label="auth", codename__in=["view_user", "add_user", "change_user", "view_group"])
    city.permissions.set(list(ours) + list(staff))
    viewer, _ = Group.objects.get_or_create(name=VIEWER)
    viewer.permissions.set([p for p in ours if p.codename.startswith(("view_", "export_"))])
    officer, _ = Group.objects.get_or_create(name=OFFICER)
    officer.permissions.set([p for p in ours if p.codename in declared[p.content_type.app_label]])


def create_all_permissions(apps):
    """Permissions are normally created after migrate; a role migration needs them now."""
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
