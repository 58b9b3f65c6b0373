"""A checksum of every table the registry owns, to prove an operation changed nothing (or everything back)."""

import hashlib

from django.apps import apps

APPS = ("registry", "cultivation", "projects", "auth")
# Permissions are recreated from code by migrate; groups are compared by permission codename instead.
DERIVED = ("auth.Permission", "auth.Group_permissions")


def table_checksums():
    sums = {}
    for model in sorted(apps.get_models(include_auto_created=True), key=lambda m: m._meta.label):
        if model._meta.app_label not in APPS or model._meta.label in DERIVED or model._meta.proxy:
            continue
        digest = hashlib.sha256()
        fields = [field.attname for field in model._meta.concrete_fields if field.attname not in ("last_login",)]
        if model._meta.auto_created:
            # A many-to-many link is its pair of ids; the link row's own id carries no meaning.
            fields = [name for name in fields if name != model._meta.pk.attname]
        for row in sorted(model.objects.values_list(*fields), key=repr):
            digest.update(repr(row).encode())
        sums[model._meta.label] = digest.hexdigest()
    from django.contrib.auth.models import Group

    sums["auth.Group.permissions"] = repr(sorted((g.name, sorted(g.permissions.values_list("codename", flat=True))) for g in Group.objects.all()))
    return sums


def database_checksum():
    return hashlib.sha256(repr(sorted(table_checksums().items())).encode()).hexdigest()
