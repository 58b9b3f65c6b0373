"""The three staff roles as groups with permissions; `sync_roles` is idempotent and also runs in a migration."""

CITY_ADMIN = "市级管理员"
OFFICER = "县区/功能区经办人"
VIEWER = "只读"
APPS = ("registry", "cultivation")

# What a county or zone officer may do: their area's firms and figures; reference data read-only.
OFFICER_PERMISSIONS = {
    "registry": ["view_enterprise", "add_enterprise", "change_enterprise", "import_enterprise", "export_enterprise", "view_region", "view_zone", "view_industry", "view_industrychain", "view_cluster", "view_importrecord"],
    "cultivation": [
        "view_poolentry", "add_poolentry", "change_poolentry", "import_poolentry", "export_poolentry",
        "view_monthlyreport", "add_monthlyreport", "change_monthlyreport", "import_monthlyreport", "export_monthlyreport",
        "view_annualprofile", "add_annualprofile", "change_annualprofile", "import_annualprofile", "export_annualprofile",
        "view_provincialscore", "add_provincialscore", "change_provincialscore", "delete_provincialscore",
        "view_tier", "view_batch", "view_target", "view_poolevent", "view_provincialindicator", "view_exportlayout", "view_exportcolumn",
    ],
}


def sync_roles(apps):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ours = Permission.objects.filter(content_type__app_label__in=APPS)
    city, _ = Group.objects.get_or_create(name=CITY_ADMIN)
    city.permissions.set(list(ours) + list(Permission.objects.filter(content_type__app_label="auth", codename__in=["view_user", "view_group"])))
    viewer, _ = Group.objects.get_or_create(name=VIEWER)
    viewer.permissions.set([p for p in ours if p.codename.startswith(("view_", "export_"))])
    officer, _ = Group.objects.get_or_create(name=OFFICER)
    officer.permissions.set([p for p in ours if p.codename in OFFICER_PERMISSIONS.get(p.content_type.app_label, ())])


def create_all_permissions(apps):
    """Permissions are normally created after migrate; a role migration needs them now."""
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
