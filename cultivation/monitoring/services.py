"""Writes to monthly figures by hand (the admin); the import has its own bulk path (importer.py).

Figures an import wrote have no history row until they change (history.py): each write here keeps them first.
Each write refreshes the monthly summary of the months it touched, in its transaction (summary.py).
"""

from django.db import connection, transaction

from ..models import MonthlyReport
from .history import keep_earlier_figures
from .summary import refresh_pairs


def keep_figures_of(report):
    if report.pk is not None:
        with connection.cursor() as cursor:
            keep_earlier_figures(cursor, where="m.id = %s", params=[report.pk])


def stored_pair(report):
    """(firm id, period) as the database holds the report: an edit may move it to another month or firm."""
    if report.pk is None:
        return None
    return MonthlyReport.objects.filter(pk=report.pk).values_list("enterprise_id", "period").first()


@transaction.atomic
def monthly_report_save(*, report, acting_user):
    """Add or change one firm's figures for one month; the figures replaced are kept as history."""
    keep_figures_of(report)
    before = stored_pair(report)
    report._history_user = acting_user
    report.save()
    refresh_pairs([pair for pair in (before, (report.enterprise_id, report.period)) if pair])
    return report


@transaction.atomic
def monthly_reports_delete(*, reports, acting_user):
    """Delete figures; what they held stays in their history."""
    deleted = []
    for report in reports:
        keep_figures_of(report)
        deleted.append((report.enterprise_id, report.period))
        report._history_user = acting_user
        report.delete()
    refresh_pairs(deleted)
