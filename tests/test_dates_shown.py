"""One date format on every page, in both languages, and local time (Asia/Shanghai) in titles and fields alike."""

import datetime
import re

import pytest
from django.urls import reverse

from registry.models import ImportRecord
from tests.factories import make_entry

UTC = datetime.timezone.utc


@pytest.fixture
def record(db):
    record = ImportRecord.objects.create(kind="monthly", file_name="月报.xlsx", checksum="0" * 64)
    ImportRecord.objects.filter(pk=record.pk).update(created_at=datetime.datetime(2026, 11, 30, 18, 20, tzinfo=UTC))  # 02:20 next morning in Zhoushan
    record.refresh_from_db()
    return record


@pytest.mark.django_db
class LocalTimeTests:
    def test_an_import_record_names_the_local_time(self, record):
        assert str(record) == "月度数据 月报.xlsx 2026-12-01 02:20"

    def test_its_page_shows_one_time_in_the_title_and_the_fields(self, admin_client, record):
        page = admin_client.get(reverse("admin:registry_importrecord_change", args=[record.pk])).content.decode()
        assert page.count("2026-12-01 02:20") >= 2 and "18:20" not in page


@pytest.mark.django_db
class DateFormatTests:
    @pytest.mark.parametrize("language", ["zh-hans", "en"])
    def test_lists_write_dates_as_the_files_do(self, admin_client, settings, language):
        make_entry(status="recognised", recognised_on=datetime.date(2024, 7, 15))
        admin_client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        page = admin_client.get(reverse("admin:cultivation_poolentry_changelist")).content.decode()
        assert "2024-07-15" in page and "2024年7月15日" not in page and "July 15, 2024" not in page

    def test_a_date_field_shows_and_reads_the_same_format(self, admin_client):
        entry = make_entry(status="applied", applied_on=datetime.date(2024, 3, 1))
        page = admin_client.post(reverse("admin:cultivation_poolentry_changelist"), {"action": "mark_recognised", "_selected_action": [entry.pk]}).content.decode()
        assert re.search(r'name="on" value="\d{4}-\d{2}-\d{2}"', page)  # what the date picker writes, too
        response = admin_client.post(
            reverse("admin:cultivation_poolentry_changelist"),
            {"action": "mark_recognised", "_selected_action": [entry.pk], "confirm": "1", "on": "2024-07-15", "note": "", "document_number": ""},
        )
        entry.refresh_from_db()
        assert response.status_code == 302 and entry.recognised_on == datetime.date(2024, 7, 15)
