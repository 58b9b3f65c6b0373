"""Small factories: each test builds the data it needs."""

import itertools

from django.contrib.auth import get_user_model

from registry.models import Enterprise
from registry.uscc import make_uscc

_serial = itertools.count(1)


def next_uscc(county="330902"):
    return make_uscc(f"91{county}{next(_serial):09d}")


def make_enterprise(**overrides):
    county = overrides.pop("county_id", "330902")
    chains = overrides.pop("chains", ())
    values = {
        "uscc": next_uscc(county),
        "name": f"测试企业{next(_serial)}有限公司",
        "county_id": county,
        "industry_id": "3731",
    }
    values.update(overrides)
    firm = Enterprise.objects.create(**values)
    if chains:
        firm.chains.set(chains)
    return firm


def make_user(username="staff", *, superuser=False, perms=(), **extra):
    user = get_user_model().objects.create_user(username=username, password="pw-for-tests-5428", is_staff=True, is_superuser=superuser, **extra)
    if perms:
        from django.contrib.auth.models import Permission

        for perm in perms:
            app_label, codename = perm.split(".")
            user.user_permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    return user
