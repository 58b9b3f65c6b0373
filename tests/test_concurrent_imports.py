"""Two staff confirm imports of the same period at the same moment (PostgreSQL): one consistent result."""

import threading
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from cultivation.models import MonthlyReport
from registry.models import Enterprise, ImportRecord
from tests.factories import make_enterprise, make_monthly_report, make_user, monthly_xlsx, next_uscc

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

FIRMS = 400


@pytest.fixture(autouse=True)
def postgres_only(settings, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("row locking under concurrent imports is a PostgreSQL matter; CI runs the suite on PostgreSQL too")
    settings.MEDIA_ROOT = tmp_path


def previewed(username, firms, output):
    """A logged-in client and the confirm data of its previewed file: every firm's 2025-03 output = `output`."""
    client = Client()
    client.force_login(make_user(username, superuser=True))
    content = monthly_xlsx([(firm.uscc, firm.name, "2025-03", output, 1, 1, 1) for firm in firms])
    preview = client.post(reverse("admin:cultivation_monthlyreport_import"), {"import_file": SimpleUploadedFile(f"{username}.xlsx", content)})
    form = preview.context["confirm_form"]
    return client, {name: form.initial[name] for name in ("import_file_name", "original_file_name", "checksum", "cumulative")}


def confirm_both_at_once(uploads):
    start = threading.Barrier(len(uploads))
    responses, failures = {}, []

    def confirm(client, data):
        try:
            start.wait()
            responses[data["original_file_name"]] = client.post(reverse("admin:cultivation_monthlyreport_process_import"), data)
        except Exception as error:  # noqa: BLE001 - any exception in a thread is the failure under test
            failures.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=confirm, args=upload) for upload in uploads]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return responses, failures


@pytest.mark.parametrize("held_before", [False, True], ids=["new-period", "period-already-held"])
def test_two_imports_of_one_period_end_with_one_file_whole(held_before):
    firms = [make_enterprise(name=f"并发企业{i:03d}有限公司", uscc=next_uscc()) for i in range(FIRMS)]
    if held_before:
        for firm in firms:
            make_monthly_report(firm, "2025-03", output_value=Decimal(1))
    uploads = [previewed("dinghai", firms, 10), previewed("putuo", firms, 20)]

    responses, failures = confirm_both_at_once(uploads)

    assert failures == []
    assert {name: response.status_code for name, response in responses.items()} == {"dinghai.xlsx": 302, "putuo.xlsx": 302}
    assert MonthlyReport.objects.count() == FIRMS
    # Every row comes from the same file: the one committed last.
    winners = set(MonthlyReport.objects.values_list("source", "output_value"))
    assert len(winners) == 1
    (source, output), = winners
    assert output == {"dinghai.xlsx": 10, "putuo.xlsx": 20}[ImportRecord.objects.get(pk=source).file_name]
    records = ImportRecord.objects.filter(kind="monthly")
    assert records.count() == 2
    assert sum(record.rows_added for record in records) == (0 if held_before else FIRMS)
    assert Enterprise.objects.count() == FIRMS
    # Whatever the second writer replaced was kept first: one "+" per report, then a "~" per replacing import.
    history = MonthlyReport.history.values_list("history_type", flat=True)
    assert sorted(set(history)) == ["+", "~"] and list(history).count("+") == FIRMS
    assert history.filter(history_type="~").count() == (2 if held_before else 1) * FIRMS
