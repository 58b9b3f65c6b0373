"""Writes to monthly figures by hand (the admin); the import has its own bulk path (importer.py).

Figures an import wrote have no history row until they change (history.py): each write here keeps them first.
"""

from django.db import connection, transaction

from .history import keep_earlier_figures


def keep_figures_of(report):
    if report.pk is not None:
        with connection.cursor() as cursor:
            keep_earlier_figures(cursor, where="m.id = %s", params=[report.pk])


@transaction.atomic
def monthly_report_save(*, report, acting_user):
    """Add or change one firm's figures for one month; the figures replaced are kept as history."""
    keep_figures_of(report)
    report._history_user = acting_user
    report.save()
    return report


@transaction.atomic
def monthly_reports_delete(*, reports, acting_user):
    """Delete figures; what they held stays in their history."""
    for report in reports:
        keep_figures_of(report)
        report._history_user = acting_user
        report.delete()
