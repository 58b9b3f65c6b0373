"""Writes to firm master data that are more than a form save."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from .models import Enterprise


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
