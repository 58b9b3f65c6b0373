import datetime

import pytest
from django.urls import reverse

from registry.models import Enterprise
from tests.factories import make_enterprise, make_entry

D = datetime.date


@pytest.mark.django_db
class FirmAuditTests:
    def test_it_records_who_changed_what_through_the_admin(self, admin_client, admin_user):
        firm = make_enterprise(name="旧名称有限公司")
        url = reverse("admin:registry_enterprise_change", args=[firm.pk])
        data = {"name": "新名称有限公司", "short_name": "", "uscc": firm.uscc, "uscc_override_reason": "", "county": "330902", "zone": "", "industry": "3731", "status": "operating", "size_class": "", "main_products": "", "niche_market": "", "address": "", "notes": ""}
        assert admin_client.post(url, data).status_code == 302
        latest = firm.history.latest()
        assert (latest.history_type, latest.history_user, latest.name) == ("~", admin_user, "新名称有限公司")
        delta = latest.diff_against(latest.prev_record)
        assert [(c.field, c.old, c.new) for c in delta.changes] == [("name", "旧名称有限公司", "新名称有限公司")]

    def test_the_history_page_shows_the_change(self, admin_client):
        firm = make_enterprise(name="旧名称有限公司")
        firm.name = "新名称有限公司"
        firm.save()
        content = admin_client.get(reverse("admin:registry_enterprise_history", args=[firm.pk])).content.decode()
        assert "新名称有限公司" in content

    def test_pool_entry_changes_are_recorded(self):
        entry = make_entry()
        entry.notes = "补充材料"
        entry.save()
        assert entry.history.count() == 2


@pytest.mark.django_db
class ArchiveTests:
    def test_a_firm_with_records_is_archived_not_deleted(self, admin_client):
        firm = make_enterprise(name="有记录企业")
        make_entry(firm)
        assert admin_client.get(reverse("admin:registry_enterprise_delete", args=[firm.pk])).status_code == 403
        changelist = reverse("admin:registry_enterprise_changelist")
        response = admin_client.post(changelist, {"action": "archive", "_selected_action": [firm.pk], "confirm": "1", "reason": "企业注销"}, follow=True)
        assert "归档企业：成功 1 条" in response.content.decode()
        firm.refresh_from_db()
        assert firm.archived_at is not None and firm.archive_reason == "企业注销"
        assert firm.pool_entries.count() == 1
        assert [f.pk for f in admin_client.get(changelist).context["cl"].result_list] == []
        assert [f.pk for f in admin_client.get(changelist, {"archived": "yes"}).context["cl"].result_list] == [firm.pk]

    def test_archiving_needs_a_reason(self, admin_client):
        firm = make_enterprise()
        response = admin_client.post(reverse("admin:registry_enterprise_changelist"), {"action": "archive", "_selected_action": [firm.pk], "confirm": "1", "reason": ""})
        assert "这个字段是必填项" in response.content.decode()
        firm.refresh_from_db()
        assert firm.archived_at is None

    def test_a_firm_without_records_can_still_be_deleted(self, admin_client):
        firm = make_enterprise()
        admin_client.post(reverse("admin:registry_enterprise_delete", args=[firm.pk]), {"post": "yes"})
        assert not Enterprise.objects.filter(pk=firm.pk).exists()
        assert Enterprise.history.filter(id=firm.pk, history_type="-").exists()
