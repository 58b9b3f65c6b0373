"""Imports previewed and not yet confirmed: a to-do on the uploader's home page, a list to open each one again and
confirm it or give it up, and gone once confirmed or cleared."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from cultivation.models import MonthlyReport
from registry.models import ImportPreview, KeptUpload
from tests.factories import make_enterprise, make_user, monthly_xlsx

pytestmark = pytest.mark.django_db
WAITING = reverse("admin:registry_importpreview_changelist")


def preview(client, firm, cumulative=False):
    content = monthly_xlsx([(firm.uscc, firm.name, "2025-01", 12.5, 10, 10, 8)])
    data = {"import_file": SimpleUploadedFile("三月.xlsx", content), **({"cumulative": "on"} if cumulative else {})}
    response = client.post(reverse("admin:cultivation_monthlyreport_import"), data)
    assert response.context["confirm_form"] is not None
    return response


def waiting_count(client):
    html = client.get(reverse("admin:index")).content.decode()
    marker = f'<li class="todo"><a href="{WAITING}">待确认的导入</a>'
    assert marker in html
    return int(html.split(marker)[1].split('data-count="')[1].split('"')[0])


class ImportPreviewTests:
    def test_a_preview_waits_on_the_home_page_and_its_list_until_confirmed(self, admin_client):
        firm = make_enterprise()
        preview(admin_client, firm)
        assert waiting_count(admin_client) == 1
        listed = admin_client.get(WAITING)
        assert listed.context["cl"].result_count == 1 and "三月.xlsx" in listed.content.decode()
        waiting = ImportPreview.objects.get()
        again = admin_client.get(reverse("admin:cultivation_monthlyreport_import_resume", args=[waiting.kept_name]))
        assert again.status_code == 200 and again.context["confirm_form"] is not None
        done = admin_client.post(reverse("admin:cultivation_monthlyreport_process_import"), again.context["confirm_form"].initial)
        assert done.status_code == 302
        assert MonthlyReport.objects.filter(enterprise=firm).count() == 1
        assert waiting_count(admin_client) == 0 and not ImportPreview.objects.exists() and not KeptUpload.objects.exists()

    def test_it_keeps_the_upload_options_for_the_confirm_step(self, admin_client):
        preview(admin_client, make_enterprise(), cumulative=True)
        again = admin_client.get(reverse("admin:cultivation_monthlyreport_import_resume", args=[ImportPreview.objects.get().kept_name]))
        assert again.context["confirm_form"].initial["cumulative"] is True

    def test_each_user_sees_only_their_own_previews(self, client, admin_client):
        preview(admin_client, make_enterprise())
        colleague = make_user("colleague", perms=["registry.view_importpreview", "cultivation.import_monthlyreport", "cultivation.view_monthlyreport"])
        client.force_login(colleague)
        assert waiting_count(client) == 0 and client.get(WAITING).context["cl"].result_count == 0
        kept = ImportPreview.objects.get().kept_name
        assert client.get(reverse("admin:cultivation_monthlyreport_import_resume", args=[kept])).status_code == 404

    def test_giving_up_removes_the_row_and_the_file(self, admin_client):
        preview(admin_client, make_enterprise())
        waiting = ImportPreview.objects.get()
        admin_client.post(WAITING, {"action": "give_up", "_selected_action": [waiting.pk]})
        assert not ImportPreview.objects.exists() and not KeptUpload.objects.exists()

    @pytest.mark.parametrize("name", ["0" * 32, "a" * 300, "%00" * 3, "..%2F..%2Fsecret"])
    def test_a_hand_typed_preview_name_shows_no_preview(self, admin_client, name):
        response = admin_client.get(reverse("admin:cultivation_monthlyreport_import_resume", args=["x"]).replace("/x/", f"/{name}/"))
        assert response.status_code in (302, 404)  # a slash in it leaves the preview's address: the admin's own "not found"

    def test_a_preview_whose_file_is_gone_says_so_and_stops_waiting(self, admin_client):
        preview(admin_client, make_enterprise())
        KeptUpload.objects.all().delete()
        response = admin_client.get(reverse("admin:cultivation_monthlyreport_import_resume", args=[ImportPreview.objects.get().kept_name]))
        assert response.status_code == 302 and not ImportPreview.objects.exists()

    def test_the_daily_clearing_forgets_stale_previews(self, admin_client):
        preview(admin_client, make_enterprise())
        ImportPreview.objects.update(created_at=datetime.datetime(2020, 1, 1, tzinfo=datetime.timezone.utc))
        call_command("clear_stale_uploads", stdout=io.StringIO())
        assert waiting_count(admin_client) == 0
