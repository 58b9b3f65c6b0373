"""Whose service records and problems a user may see: their county's or zone's firms (registry/scope.py), and the firms they serve."""

from django.db.models import Q

from registry.colleagues import colleagues
from registry.models import Enterprise
from registry.scope import NOTHING, enterprise_scope

from .models import FirmOfficer


def assistance_scope(user, prefix="enterprise__"):
    """A Q restricting firms (prefix "") or rows of a firm (prefix "enterprise__") to the user's area or the firms they serve."""
    area = enterprise_scope(user, prefix)
    if area == Q() or area == NOTHING and not (user and user.is_authenticated and user.is_active):
        return area
    co_served = FirmOfficer.objects.filter(officer=user).values("enterprise_id")
    return area | Q(**{f"{prefix}service_officer": user}) | Q(**{f"{prefix}pk__in": co_served})


def served_firms(user, queryset=None):
    queryset = Enterprise.objects.all() if queryset is None else queryset
    return queryset.filter(assistance_scope(user, ""))


def firm_in_scope(user, enterprise):
    return user is None or served_firms(user).filter(pk=enterprise.pk).exists()


def officers_out_of_scope(user, officers):
    """The officers `user` may not name on a record or problem: staff outside their area (city-wide staff are everyone's)."""
    if user is None:
        return []
    allowed = set(colleagues(user).filter(pk__in=[officer.pk for officer in officers]).values_list("pk", flat=True))
    return [officer for officer in officers if officer.pk not in allowed]
