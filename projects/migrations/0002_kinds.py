from django.db import migrations

# Project kinds and renovation sub-kinds as data: staff may add more in the admin.
KINDS = (("new", "新建", False, 10), ("expansion", "扩建", False, 20), ("renovation", "技术改造", True, 30))
RENOVATION_KINDS = (("robots", "机器换人", 10), ("energy", "节能降碳", 20), ("digital", "数字化改造", 30), ("equipment", "设备更新", 40), ("safety", "安全环保", 50))


def add_kinds(apps, schema_editor):
    ProjectKind = apps.get_model("projects", "ProjectKind")
    RenovationKind = apps.get_model("projects", "RenovationKind")
    for code, name, is_renovation, order in KINDS:
        ProjectKind.objects.update_or_create(code=code, defaults={"name": name, "is_renovation": is_renovation, "sort_order": order})
    for code, name, order in RENOVATION_KINDS:
        RenovationKind.objects.update_or_create(code=code, defaults={"name": name, "sort_order": order})


class Migration(migrations.Migration):
    dependencies = [("projects", "0001_initial")]

    operations = [migrations.RunPython(add_kinds, migrations.RunPython.noop)]
