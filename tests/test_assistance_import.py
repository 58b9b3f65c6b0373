"""The officers' service sheet: template, preview, confirm, the command, all or nothing with every bad row listed, and the round trip."""

import datetime
import io

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import load_workbook

from assistance.models import AssigneeUnit, Problem, ServiceRecord
from assistance.resources import ServiceRecordResource
from registry.models import ImportRecord, StaffProfile
from registry.roles import OFFICER
from registry.sheets.services import run_import
from tests.dbstate import database_checksum
from tests.factories import make_enterprise, make_user, next_uscc, xlsx_bytes

D = datetime.date
TODAY = D(2026, 3, 1)
HEADER = ["统一社会信用代码", "服务日期", "服务方式", "服务人员", "交流内容", "后续措施", "问题类别", "问题描述", "交办单位", "办结时限", "确认时限已过"]
IMPORT_URL = reverse("admin:assistance_servicerecord_import")
PROCESS_URL = reverse("admin:assistance_servicerecord_process_import")


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch, settings, tmp_path):
    monkeypatch.setattr("registry.dates.today", lambda: TODAY)
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def people(db):
    return {
        "zhou": make_user("zhou", first_name="海军", last_name="周"),
        "wang": make_user("wang", first_name="丽娜", last_name="王"),
        "firm": make_enterprise(name="海星船舶修造有限公司"),
        "other_firm": make_enterprise(county_id="330903", name="普陀水产有限公司", uscc=next_uscc("330903")),
    }


def row(firm, **overrides):
    values = dict(zip(HEADER, [firm.uscc, "2026-02-10", "走访", "周海军、王丽娜", "了解一季度订单", "协调招聘", "用工", "缺焊工20名", "", "2026-04-30", ""]))
    values.update(overrides)
    return [values[header] for header in HEADER]


def sheet(rows):
    return xlsx_bytes([HEADER, *rows])


@pytest.mark.django_db
class ServiceSheetTests:
    def test_a_visit_with_two_problems_is_one_record_with_both(self, people):
        firm = people["firm"]
        rows = [row(firm), row(firm, **{"问题类别": "融资", "问题描述": "续贷", "交办单位": "市委金融办", "办结时限": "2026-03-20"}), row(firm, **{"服务日期": "2026-02-12", "服务方式": "电话", "交流内容": "电话回访", "问题类别": "", "问题描述": "", "办结时限": ""})]
        outcome = run_import(ServiceRecordResource, sheet(rows), "服务记录.xlsx", dry_run=False)
        assert outcome.ok, outcome.all_errors()
        visit, call = ServiceRecord.objects.order_by("served_on")
        assert (visit.served_on, visit.way.name, sorted(o.username for o in visit.officers.all())) == (D(2026, 2, 10), "走访", ["wang", "zhou"])
        assert sorted(visit.problems.values_list("category__name", "status", "unit__name")) == [("用工", "collected", None), ("融资", "assigned", "市委金融办")]
        assert not call.problems.exists()
        assert outcome.record.kind == "service_records" and outcome.record.user is None

    def test_every_bad_row_is_listed_by_row_and_column_and_nothing_is_written(self, people):
        firm = people["firm"]
        rows = [
            row(firm),
            row(firm, **{"问题类别": "吃饭"}),
            row(firm, **{"交办单位": "不存在的局"}),
            row(firm, **{"办结时限": "2026-02-01"}),
            row(firm, **{"办结时限": "2026-02-20", "确认时限已过": "是"}),
            row(firm, **{"服务人员": "无名氏"}),
            row(firm, **{"服务日期": "2026-03-05"}),
            row(firm, **{"统一社会信用代码": next_uscc()}),
        ]
        before = database_checksum()
        outcome = run_import(ServiceRecordResource, sheet(rows), "服务记录.xlsx", dry_run=False)
        errors = [(error.row, error.column) for error in outcome.errors]
        assert errors == [(3, "问题类别"), (4, "交办单位"), (5, "办结时限"), (7, "服务人员"), (8, "服务日期"), (9, "统一社会信用代码")]
        assert "找不到问题类别“吃饭”" in str(outcome.errors[0]) and "找不到交办单位“不存在的局”" in str(outcome.errors[1])
        assert database_checksum() == before

    def test_a_retired_unit_is_refused(self, people):
        AssigneeUnit.objects.filter(name="市委金融办").update(active=False)
        outcome = run_import(ServiceRecordResource, sheet([row(people["firm"], **{"交办单位": "市委金融办"})]), "服务记录.xlsx", dry_run=False)
        assert [(error.row, error.column) for error in outcome.errors] == [(2, "交办单位")]

    def test_a_due_date_before_the_visit_is_refused_even_when_confirmed(self, people):
        outcome = run_import(ServiceRecordResource, sheet([row(people["firm"], **{"办结时限": "2026-02-01", "确认时限已过": "是"})]), "服务记录.xlsx", dry_run=False)
        assert [(error.column, error.message) for error in outcome.errors] == [("办结时限", "办结时限不能早于提出日期")]

    def test_an_officer_imports_only_their_firms_and_colleagues(self, people):
        clerk = make_user("dinghai")
        clerk.groups.add(Group.objects.get(name=OFFICER))
        StaffProfile.objects.create(user=clerk, county_id="330902")
        StaffProfile.objects.create(user=people["wang"], county_id="330903")
        outcome = run_import(ServiceRecordResource, sheet([row(people["other_firm"]), row(people["firm"])]), "服务记录.xlsx", dry_run=False, user=clerk)
        assert [(error.row, error.column) for error in outcome.errors] == [(2, "统一社会信用代码"), (3, "服务人员")]
        assert "王丽娜不在您负责的范围内" in str(outcome.errors[1])
        assert not ServiceRecord.objects.exists()

    def test_the_round_trip_exports_what_was_imported(self, people):
        firm = people["firm"]
        rows = [row(firm, **{"交办单位": "市人力社保局"}), row(firm, **{"服务日期": "2026-02-12", "服务方式": "座谈会", "服务人员": "周海军", "交流内容": "座谈", "后续措施": "", "问题类别": "", "问题描述": "", "办结时限": ""})]
        assert run_import(ServiceRecordResource, sheet(rows), "服务记录.xlsx", dry_run=False).ok
        exported = ServiceRecordResource().export(ServiceRecord.objects.order_by("served_on"))
        got = [dict(zip(exported.headers, line)) for line in exported]
        assert [[str(item[h] or "") for h in HEADER[:-1]] for item in got] == [
            [firm.uscc, "2026-02-10", "走访", "周海军、王丽娜", "了解一季度订单", "协调招聘", "用工", "缺焊工20名", "市人力社保局", "2026-04-30"],
            [firm.uscc, "2026-02-12", "座谈会", "周海军", "座谈", "", "", "", "", ""],
        ]
        again = xlsx_bytes([exported.headers, *[list(line) for line in exported]][:2])  # the first exported row, imported again
        assert run_import(ServiceRecordResource, again, "再次导入.xlsx", dry_run=True).ok


@pytest.mark.django_db
class ServiceSheetPageTests:
    def test_the_template_has_the_columns_and_an_explanation_sheet(self, admin_client):
        workbook = load_workbook(io.BytesIO(admin_client.get(reverse("admin:assistance_servicerecord_import_template")).content))
        assert [cell.value for cell in workbook.worksheets[0][1]][:5] == ["统一社会信用代码", "服务日期", "服务方式", "服务人员", "交流内容"]
        assert "说明" in workbook.sheetnames

    def test_it_previews_then_imports(self, admin_client, people):
        preview = admin_client.post(IMPORT_URL, {"format": "0", "import_file": SimpleUploadedFile("服务记录.xlsx", sheet([row(people["firm"])]))})
        assert preview.context["confirm_form"] is not None and not ServiceRecord.objects.exists()
        admin_client.post(PROCESS_URL, preview.context["confirm_form"].initial, follow=True)
        assert ServiceRecord.objects.count() == 1 and Problem.objects.count() == 1
        assert ImportRecord.objects.get().rows_added == 1

    def test_a_bad_file_on_the_page_lists_its_errors(self, admin_client, people):
        response = admin_client.post(IMPORT_URL, {"format": "0", "import_file": SimpleUploadedFile("服务记录.xlsx", sheet([row(people["firm"], **{"问题类别": "吃饭"})]))})
        assert "找不到问题类别“吃饭”" in response.content.decode() and response.context["confirm_form"] is None


@pytest.mark.django_db
class ImportCommandTests:
    def test_the_command_imports_with_the_same_importer(self, people, tmp_path):
        path = tmp_path / "服务记录.xlsx"
        path.write_bytes(sheet([row(people["firm"])]))
        out = io.StringIO()
        call_command("import_service_records", str(path), "--dry-run", stdout=out)
        assert "试运行" in out.getvalue() and not ServiceRecord.objects.exists()
        call_command("import_service_records", str(path), stdout=io.StringIO())
        assert ServiceRecord.objects.count() == 1

    def test_the_command_fails_on_any_bad_row(self, people, tmp_path):
        path = tmp_path / "服务记录.xlsx"
        path.write_bytes(sheet([row(people["firm"]), row(people["firm"], **{"交办单位": "外星局"})]))
        out = io.StringIO()
        with pytest.raises(CommandError, match="共 1 处错误"):
            call_command("import_service_records", str(path), stdout=out)
        assert "第3行 [交办单位]" in out.getvalue() and not ServiceRecord.objects.exists()
