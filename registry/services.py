"""Every write to a firm's master data: each runs the firm form's checks and leaves a history row naming who and why."""

import copy

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from .declarations import declared_callables
from .models import Enterprise
from .scope import area_refusals


def firm_area_moves():
    """What each installed app keeps per area and updates when a firm changes county or zone (`firm_area_moves` on its
    AppConfig: dotted paths of `moved(firm_id, (old county, old zone), (new county, new zone))`, run in the same transaction)."""
    return declared_callables("firm_area_moves")


LINKS = ("chains", "clusters")  # many-to-many fields: set by the services after the firm is saved


def field_values(firm):
    """A firm's own fields as enterprise_create takes them (an unsaved instance built by a form or a file row)."""
    return {field.attname: getattr(firm, field.attname) for field in Enterprise._meta.concrete_fields if not field.primary_key and not field.auto_created and field.editable and field.name not in ("created_at", "updated_at")}


def changed_values(firm, stored):
    """The fields of `firm` that differ from `stored`, as enterprise_update takes them."""
    return {name: value for name, value in field_values(firm).items() if getattr(stored, name) != value}


def enterprise_check(firm, *, acting_user, stored=None):
    """The firm form's checks, for every path that writes a firm: each field, the model's own rules and the user's area."""
    errors = {}
    try:
        firm.full_clean()
    except ValidationError as problems:
        errors = problems.update_error_dict(errors)
    for name, reason in area_refusals(acting_user, firm, stored).items():
        errors.setdefault(name, []).append(reason)
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def enterprise_create(*, acting_user, reason="", chains=(), clusters=(), **fields):
    """A new firm, checked as the form checks it, with its history row naming who and why."""
    firm = Enterprise(**fields)
    enterprise_check(firm, acting_user=acting_user)
    firm._history_user, firm._change_reason = acting_user, reason
    firm.save()
    firm.chains.set(chains)
    firm.clusters.set(clusters)
    return firm


@transaction.atomic
def enterprise_update(*, enterprise, acting_user, reason="", chains=None, clusters=None, **changes):
    """Change a firm's fields (and, when given, its chains and clusters), checked as the form checks them."""
    firm = Enterprise.objects.select_for_update().get(pk=enterprise.pk)
    stored = copy.copy(firm)
    for name, value in changes.items():
        setattr(firm, name, value)
    enterprise_check(firm, acting_user=acting_user, stored=stored)
    firm._history_user, firm._change_reason = acting_user, reason
    firm.save()
    if (stored.county_id, stored.zone_id) != (firm.county_id, firm.zone_id):
        for moved in firm_area_moves():
            moved(firm.pk, (stored.county_id, stored.zone_id), (firm.county_id, firm.zone_id))
    if chains is not None:
        firm.chains.set(chains)
    if clusters is not None:
        firm.clusters.set(clusters)
    return firm


def enterprise_has_records(enterprise):
    return enterprise.pool_entries.exists() or enterprise.monthly_reports.exists() or enterprise.annual_profiles.exists()


@transaction.atomic
def enterprise_archive(*, enterprise, acting_user, reason):
    """Archive a firm instead of deleting it: its ladder, figures and history stay."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(gettext("请填写归档原因"))
    firm = Enterprise.objects.select_for_update().get(pk=enterprise.pk)
    if firm.archived_at:
        raise ValidationError(gettext("%(name)s：已经归档") % {"name": firm.name})
    firm.archived_at, firm.archive_reason = timezone.now(), reason[:200]
    firm._history_user = acting_user
    firm.save(update_fields=["archived_at", "archive_reason", "updated_at"])
    return firm


@transaction.atomic
def enterprise_restore(*, enterprise, acting_user):
    firm = Enterprise.objects.select_for_update().get(pk=enterprise.pk)
    firm.archived_at, firm.archive_reason = None, ""
    firm._history_user = acting_user
    firm.save(update_fields=["archived_at", "archive_reason", "updated_at"])
    return firm
