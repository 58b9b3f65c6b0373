"""Hostile and broken input through the admin and the commands: each gets a clear message, no server error, no change."""

import datetime
import html
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from tests.dbstate import database_checksum
from tests.factories import (
    csv_bytes,
    make_enterprise,
    make_entry,
    make_monthly_report,
    make_problem,
    monthly_xlsx,
    next_uscc,
    old_xls_bytes,
    reference,
    xlsx_bytes,
    zip_bomb_xlsx,
)

FIRM_HEADER = ["统一社会信用代码", "企业名称", "县(区)", "行业代码"]


def firm_file(*rows, header=FIRM_HEADER):
    return xlsx_bytes([header, *rows])


# (case id, file name, file bytes or a builder taking the preloaded firm, expected fragment of the message)
FIRM_FILES = [
    ("bad-check-digit", "a.xlsx", lambda f: firm_file(["91110000101623741A", "甲有限公司", "定海区", "3731"]), "校验位错误"),
    ("unknown-county", "a.xlsx", lambda f: firm_file([next_uscc(), "甲有限公司", "杭州区", "3731"]), "找不到县(区)“杭州区”"),
    ("three-digit-industry", "a.xlsx", lambda f: firm_file([next_uscc(), "甲有限公司", "定海区", "373"]), "找不到行业小类"),
    ("unknown-industry", "a.xlsx", lambda f: firm_file([next_uscc(), "甲有限公司", "定海区", "9999"]), "找不到行业小类"),
    ("duplicate-in-file", "a.xlsx", lambda f: firm_file(["91110000101623741K", "甲有限公司", "定海区", "3731"], ["91110000101623741k", "乙有限公司", "定海区", "3731"]), "重复"),
    ("formula-name", "a.csv", lambda f: csv_bytes([FIRM_HEADER, [next_uscc(), "=HYPERLINK(\"http://x\")", "定海区", "3731"]]), "企业名称不能以"),
    ("script-name", "a.xlsx", lambda f: firm_file([next_uscc(), "<script>alert(1)</script>有限公司", "定海区", "3731"]), "企业名称不能包含"),
    ("ten-thousand-chars", "a.xlsx", lambda f: firm_file([next_uscc(), "长" * 10000, "定海区", "3731"]), "字符"),
    ("text-in-year", "a.xlsx", lambda f: firm_file([next_uscc(), "甲有限公司", "定海区", "3731", "很久以前"], header=FIRM_HEADER + ["进入细分市场年份"]), "进入细分市场年份"),
    ("absurd-year", "a.xlsx", lambda f: firm_file([next_uscc(), "甲有限公司", "定海区", "3731", 3024], header=FIRM_HEADER + ["进入细分市场年份"]), "进入细分市场年份"),
    ("missing-required-column", "a.xlsx", lambda f: xlsx_bytes([["企业名称", "县(区)"], ["甲有限公司", "定海区"]]), "统一社会信用代码"),
    ("empty-file", "a.xlsx", lambda f: b"", "空"),
    ("header-only", "a.xlsx", lambda f: firm_file(), "只有表头"),
    ("old-xls", "a.xls", lambda f: old_xls_bytes(), "xls"),
    ("csv-renamed-xlsx", "a.xlsx", lambda f: csv_bytes([FIRM_HEADER, [next_uscc(), "甲有限公司", "定海区", "3731"]]), "xlsx"),
    ("zip-bomb", "a.xlsx", lambda f: zip_bomb_xlsx(), "压缩"),
    ("garbage-bytes", "a.csv", lambda f: bytes(range(256)) * 40, ""),
    ("million-blank-rows", "a.csv", lambda f: "统一社会信用代码,企业名称\r\n".encode() + b",\r\n" * 1_000_000, "只有表头"),
    ("update-changes-county-to-unknown", "a.xlsx", lambda f: firm_file([f.uscc, f.name, "火星区", "3731"]), "火星区"),
]


def run_command(name, data, filename, tmp_path, *args):
    path = tmp_path / filename
    path.write_bytes(data)
    out = io.StringIO()
    with pytest.raises(CommandError) as refused:
        call_command(name, str(path), *args, stdout=out, stderr=io.StringIO())
    return out.getvalue() + str(refused.value)


@pytest.mark.django_db
class FirmFileBatteryTests:
    @pytest.mark.parametrize("case, filename, build, fragment", FIRM_FILES, ids=[case[0] for case in FIRM_FILES])
    def test_the_command_refuses_it_and_changes_nothing(self, tmp_path, case, filename, build, fragment):
        firm = make_enterprise(name="已有企业有限公司")
        data = build(firm)
        before = database_checksum()
        message = run_command("import_enterprises", data, filename, tmp_path)
        assert fragment in message
        assert "Traceback" not in message
        assert database_checksum() == before

    @pytest.mark.parametrize("case, filename, build, fragment", FIRM_FILES, ids=[case[0] for case in FIRM_FILES])
    def test_the_admin_refuses_it_and_changes_nothing(self, admin_client, settings, tmp_path, case, filename, build, fragment):
        settings.MEDIA_ROOT = tmp_path
        firm = make_enterprise(name="已有企业有限公司")
        data = build(firm)
        before = database_checksum()
        file_format = "1" if filename.endswith(".csv") else "0"
        response = admin_client.post(reverse("admin:registry_enterprise_import"), {"format": file_format, "import_file": SimpleUploadedFile(filename, data)})
        assert response.status_code == 200
        page = response.content.decode()
        assert fragment in page
        assert response.context.get("confirm_form") is None
        assert "Traceback" not in page
        assert database_checksum() == before

    def test_an_oversize_file_is_refused_before_reading(self, admin_client, settings, tmp_path):
        settings.MEDIA_ROOT = tmp_path
        settings.SHEETS_MAX_UPLOAD_BYTES = 10_000
        before = database_checksum()
        data = firm_file(*[[next_uscc(), f"企业{i}有限公司", "定海区", "3731"] for i in range(400)])
        response = admin_client.post(reverse("admin:registry_enterprise_import"), {"format": "0", "import_file": SimpleUploadedFile("big.xlsx", data)})
        assert "文件过大" in response.content.decode() or "超过" in response.content.decode()
        assert database_checksum() == before
        assert "超过" in run_command("import_enterprises", data, "big.xlsx", tmp_path)


POOL_FILES = [
    ("unknown-firm", lambda firm: [[next_uscc(), "2024-11-28"]], "系统中没有统一社会信用代码为"),
    ("recognition-before-application", lambda firm: [[firm.uscc, "2020-01-01"]], "不能早于申报日期"),
    ("illegal-status", lambda firm: [[firm.uscc, "2024-11-28", "已退库"]], "不是可选的值"),
    ("future-gibberish-date", lambda firm: [[firm.uscc, "2024-13-45"]], "认定日期"),
]


@pytest.mark.django_db
class PoolListBatteryTests:
    @pytest.mark.parametrize("case, rows, fragment", POOL_FILES, ids=[case[0] for case in POOL_FILES])
    def test_import_pool_refuses_it_and_changes_nothing(self, tmp_path, case, rows, fragment):
        import datetime

        firm = make_enterprise()
        make_entry(firm, "innovative_sme", status="applied", applied_on=datetime.date(2024, 5, 1))
        header = ["统一社会信用代码", "认定日期", "状态"]
        data = xlsx_bytes([header, *[row + ["已认定"] if len(row) == 2 else row for row in rows(firm)]])
        before = database_checksum()
        message = run_command("import_pool", data, "list.xlsx", tmp_path, "--tier", "innovative_sme")
        assert fragment in message
        assert database_checksum() == before

    def test_an_unknown_tier_code_is_refused(self, tmp_path):
        before = database_checksum()
        assert "未知的培育层级代码" in run_command("import_pool", xlsx_bytes([["统一社会信用代码"], [next_uscc()]]), "l.xlsx", tmp_path, "--tier", "platinum")
        assert database_checksum() == before


@pytest.mark.django_db
class AdminFormBatteryTests:
    @pytest.mark.parametrize(
        "overrides, fragment",
        [
            ({"uscc": "91110000101623741A"}, "校验位错误"),
            ({"name": "<img src=x onerror=alert(1)>"}, "不能包含"),
            ({"name": "+cmd|' /C calc'!A0"}, "不能以"),
            ({"name": "长" * 10000}, "不超过 100 字符"),
            ({"niche_entry_year": "99999"}, "niche_entry_year" and "确保该值小于或等于"),
            ({"established_on": "2024-02-30"}, "输入一个有效的日期"),
        ],
    )
    def test_the_firm_form_refuses_it_and_changes_nothing(self, admin_client, overrides, fragment):
        data = {"name": "甲有限公司", "uscc": next_uscc(), "county": "330902", "industry": "3731", "status": "operating", **overrides}
        before = database_checksum()
        response = admin_client.post(reverse("admin:registry_enterprise_add"), data)
        assert response.status_code == 200
        assert fragment in response.content.decode()
        assert database_checksum() == before

    def test_an_exit_without_reason_changes_nothing(self, admin_client):
        entry = make_entry()
        before = database_checksum()
        response = admin_client.post(reverse("admin:cultivation_poolentry_changelist"), {"action": "mark_exited", "_selected_action": [entry.pk], "confirm": "1", "on": "2024-01-01", "note": ""})
        assert "这个字段是必填项" in response.content.decode()
        assert database_checksum() == before


MONTHLY = ("统一社会信用代码", "企业名称", "统计期", "工业总产值（万元）", "营业收入（万元）", "主营业务收入（万元）", "从业人员（人）")
# (case id, file builder taking the preloaded firm, whether the figures are year-to-date, expected fragment)
MONTHLY_FILES = [
    ("month-13", lambda f: monthly_xlsx([(f.uscc, "", "2025-13", 1, 1, 1, 1)]), False, "第2行 [统计期] 月份应在1-12之间"),
    ("future-period", lambda f: monthly_xlsx([(f.uscc, "", "2031-01", 1, 1, 1, 1)]), False, "不能导入未来的统计期"),
    ("negative-output", lambda f: monthly_xlsx([(f.uscc, "", "2025-01", -5, 1, 1, 1)]), False, "[工业总产值（万元）] 不能为负数"),
    ("text-in-number", lambda f: monthly_xlsx([(f.uscc, "", "2025-01", "一百", 1, 1, 1)]), False, "“一百”不是有效的数值"),
    ("absurd-output", lambda f: monthly_xlsx([(f.uscc, "", "2025-01", 1e15, 1, 1, 1)]), False, "数值过大"),
    ("fractional-headcount", lambda f: monthly_xlsx([(f.uscc, "", "2025-01", 1, 1, 1, 10.5)]), False, "应为整数"),
    ("unknown-firm", lambda f: monthly_xlsx([(next_uscc(), "", "2025-01", 1, 1, 1, 1)]), False, "系统中没有统一社会信用代码为"),
    ("same-firm-period-twice", lambda f: monthly_xlsx([(f.uscc, "", "2025-01", 1, 1, 1, 1), (f.uscc, "", "2025年1月", 2, 1, 1, 1)]), False, "第3行 [统一社会信用代码] 与第2行重复"),
    ("blank-period", lambda f: monthly_xlsx([(f.uscc, "", "", 1, 1, 1, 1)]), False, "[统计期] 不能为空"),
    ("no-figure-columns", lambda f: monthly_xlsx([(f.uscc, "x", "2025-01")], MONTHLY[:3]), False, "没有任何指标列"),
    ("csv-renamed-xlsx", lambda f: csv_bytes([list(MONTHLY), [f.uscc, "", "2025-01", 1, 1, 1, 1]]), False, "不是真正的 .xlsx 文件"),
    ("empty-file", lambda f: b"", False, "空文件"),
    ("header-only", lambda f: monthly_xlsx([]), False, "没有数据行"),
    ("year-to-date-with-a-gap", lambda f: monthly_xlsx([(f.uscc, "", "2025-03", 30, 3, 3, 1)]), True, "缺少2025年1月的当月数据"),
    ("year-to-date-going-down", lambda f: monthly_xlsx([(f.uscc, "", "2025-01", 30, 3, 3, 1), (f.uscc, "", "2025-02", 20, 3, 3, 1)]), True, "负数"),
]


@pytest.mark.django_db
class MonthlyFileBatteryTests:
    @pytest.mark.parametrize("case, build, cumulative, fragment", MONTHLY_FILES, ids=[case[0] for case in MONTHLY_FILES])
    def test_the_command_refuses_it_and_changes_nothing(self, tmp_path, case, build, cumulative, fragment):
        firm = make_enterprise()
        make_monthly_report(firm, "2024-12", output_value=5)
        data = build(firm)
        before = database_checksum()
        message = run_command("import_monthly", data, "月报.xlsx", tmp_path, *(["--cumulative"] if cumulative else []))
        assert fragment in message
        assert database_checksum() == before

    @pytest.mark.parametrize("case, build, cumulative, fragment", MONTHLY_FILES, ids=[case[0] for case in MONTHLY_FILES])
    def test_the_admin_refuses_it_and_changes_nothing(self, admin_client, settings, tmp_path, case, build, cumulative, fragment):
        settings.MEDIA_ROOT = tmp_path
        firm = make_enterprise()
        make_monthly_report(firm, "2024-12", output_value=5)
        data = build(firm)
        before = database_checksum()
        response = admin_client.post(reverse("admin:cultivation_monthlyreport_import"), {"import_file": SimpleUploadedFile("月报.xlsx", data), **({"cumulative": "on"} if cumulative else {})})
        assert response.status_code == 200
        page = response.content.decode()
        assert html.escape(fragment.split("] ")[-1], quote=False) in page
        assert getattr(response.context.get("outcome"), "ok", False) is False
        assert database_checksum() == before


@pytest.mark.django_db
def test_a_firm_name_with_nul_and_markup_is_quoted_safely_in_the_message(admin_client):
    """企业名称 is only read to name an unknown firm in its message: a NUL or markup there is shown, escaped, and nothing changes."""
    data = csv_bytes([list(MONTHLY), [next_uscc(), "甲\x00<script>alert(1)</script>", "2025-01", 1, 1, 1, 1]])
    before = database_checksum()
    response = admin_client.post(reverse("admin:cultivation_monthlyreport_import"), {"import_file": SimpleUploadedFile("月报.csv", data)})
    page = response.content.decode()
    assert response.status_code == 200 and "系统中没有统一社会信用代码为" in page
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page
    assert database_checksum() == before


SERVICE_HEADER = ["统一社会信用代码", "服务日期", "服务方式", "服务人员", "交流内容", "问题类别", "问题描述", "交办单位", "办结时限"]
SERVICE_FILES = [
    ("unknown-category", lambda firm: [firm.uscc, "2026-02-10", "走访", "boss", "走访", "吃饭", "描述", "", ""], "找不到问题类别“吃饭”"),
    ("unknown-unit", lambda firm: [firm.uscc, "2026-02-10", "走访", "boss", "走访", "用工", "描述", "外星局", ""], "找不到交办单位“外星局”"),
    ("unknown-way", lambda firm: [firm.uscc, "2026-02-10", "飞鸽传书", "boss", "走访", "", "", "", ""], "找不到服务方式“飞鸽传书”"),
    ("due-before-visit", lambda firm: [firm.uscc, "2026-02-10", "走访", "boss", "走访", "用工", "描述", "", "2026-02-01"], "办结时限不能早于提出日期"),
    ("due-in-the-past", lambda firm: [firm.uscc, "2026-02-10", "走访", "boss", "走访", "用工", "描述", "", "2026-02-20"], "办结时限已过"),
    ("visit-in-the-future", lambda firm: [firm.uscc, "2099-01-01", "走访", "boss", "走访", "", "", "", ""], "日期不能晚于今天"),
    ("unknown-officer", lambda firm: [firm.uscc, "2026-02-10", "走访", "无名氏", "走访", "", "", "", ""], "找不到服务人员“无名氏”"),
    ("formula-and-markup", lambda firm: [firm.uscc, "2026-02-10", "走访", "boss", "=cmd|' /C calc'!A0", "其他", "<script>alert(1)</script>", "", "2026-02-00"], "办结时限"),
]


@pytest.mark.django_db
class ServiceSheetBatteryTests:
    @pytest.fixture(autouse=True)
    def fixed_today(self, monkeypatch):
        monkeypatch.setattr("registry.dates.today", lambda: datetime.date(2026, 3, 1))

    @pytest.mark.parametrize("case, row, fragment", SERVICE_FILES, ids=[case[0] for case in SERVICE_FILES])
    def test_import_service_records_refuses_it_and_changes_nothing(self, admin_user, tmp_path, case, row, fragment):
        data = xlsx_bytes([SERVICE_HEADER, row(make_enterprise())])
        before = database_checksum()
        assert fragment in run_command("import_service_records", data, "service.xlsx", tmp_path)
        assert database_checksum() == before

    @pytest.mark.parametrize("case, row, fragment", SERVICE_FILES, ids=[case[0] for case in SERVICE_FILES])
    def test_the_admin_refuses_it_and_changes_nothing(self, admin_client, settings, tmp_path, case, row, fragment):
        settings.MEDIA_ROOT = tmp_path
        data = xlsx_bytes([SERVICE_HEADER, row(make_enterprise())])
        before = database_checksum()
        response = admin_client.post(reverse("admin:assistance_servicerecord_import"), {"format": "0", "import_file": SimpleUploadedFile("service.xlsx", data)})
        assert fragment in html.unescape(response.content.decode()) and response.context["confirm_form"] is None
        assert database_checksum() == before


@pytest.mark.django_db
class ProblemFormBatteryTests:
    @pytest.fixture(autouse=True)
    def fixed_today(self, monkeypatch):
        monkeypatch.setattr("registry.dates.today", lambda: datetime.date(2026, 3, 1))

    @pytest.mark.parametrize(
        "overrides, fragment",
        [
            ({"due_on": "2026-02-01"}, "办结时限已过"),
            ({"due_on": "2026-01-01"}, "办结时限不能早于提出日期"),
            ({"raised_on": "2099-01-01", "due_on": ""}, "日期不能晚于今天"),
            ({"raised_on": "99999-01-01"}, "输入一个有效的日期"),
            ({"description": "   "}, "这个字段是必填项"),
            ({"category": "99999999999999999999"}, "选择一个有效的选项"),
        ],
    )
    def test_the_problem_form_refuses_it_and_changes_nothing(self, admin_client, overrides, fragment):
        data = {"enterprise": make_enterprise().pk, "raised_on": "2026-01-10", "way": reference("ServiceWay", "visit").pk, "category": reference("ProblemCategory", "land").pk, "description": "用地", **overrides}
        before = database_checksum()
        response = admin_client.post(reverse("admin:assistance_problem_add"), data)
        assert response.status_code == 200 and fragment in response.content.decode()
        assert database_checksum() == before

    @pytest.mark.parametrize(
        "action, data, fragment",
        [
            ("resolve", {"resolution": "已解决", "resolved_on": "2026-01-01"}, "不能早于提出日期"),
            ("resolve", {"resolution": "", "resolved_on": "2026-02-01"}, "这个字段是必填项"),
            ("give_up", {"reason": "", "resolution": "已答复", "resolved_on": "2026-02-01"}, "这个字段是必填项"),
            ("resolve", {"resolution": "已解决", "resolved_on": "2026-02-30"}, "输入一个有效的日期"),
        ],
    )
    def test_a_closing_step_with_bad_details_changes_nothing(self, admin_client, action, data, fragment):
        problem = make_problem(status="in_progress", raised_on=datetime.date(2026, 1, 10))
        before = database_checksum()
        response = admin_client.post(reverse("admin:assistance_problem_changelist"), {"action": action, "_selected_action": [problem.pk], "confirm": "1", **data}, follow=True)
        assert fragment in response.content.decode()
        assert database_checksum() == before


PROGRESS = ("项目编号", "项目名称", "统计期", "当月完成投资（万元）", "进展情况")
# (case id, file builder taking the preloaded project, whether the figures are year-to-date, expected fragment)
PROGRESS_FILES = [
    ("unknown-project", lambda p: monthly_xlsx([("NO-SUCH", "", "2025-01", 1, "")], PROGRESS), False, "第2行 [项目编号] 系统中没有项目编号为NO-SUCH的项目"),
    ("negative-investment", lambda p: monthly_xlsx([(p.code, "", "2025-01", -1, "")], PROGRESS), False, "[当月完成投资（万元）] 不能为负数"),
    ("text-in-investment", lambda p: monthly_xlsx([(p.code, "", "2025-01", "一百", "")], PROGRESS), False, "不是有效的数值"),
    ("absurd-investment", lambda p: monthly_xlsx([(p.code, "", "2025-01", 1e15, "")], PROGRESS), False, "数值过大"),
    ("future-period", lambda p: monthly_xlsx([(p.code, "", "2031-01", 1, "")], PROGRESS), False, "不能导入未来的统计期"),
    ("missing-investment-column", lambda p: monthly_xlsx([(p.code, "", "2025-01")], PROGRESS[:3]), False, "缺少必填列：当月完成投资"),
    ("cumulative-going-down", lambda p: monthly_xlsx([(p.code, "", "2025-01", 30, ""), (p.code, "", "2025-02", 20, "")], PROGRESS), True, "第3行 [当月完成投资（万元）] 换算后2月当月数为负数"),
    ("cumulative-with-a-gap", lambda p: monthly_xlsx([(p.code, "", "2025-03", 30, "")], PROGRESS), True, "缺少2025年1月的当月数据"),
    ("empty-file", lambda p: b"", False, "空文件"),
]


@pytest.mark.django_db
class ProgressFileBatteryTests:
    @pytest.mark.parametrize("case, build, cumulative, fragment", PROGRESS_FILES, ids=[case[0] for case in PROGRESS_FILES])
    def test_the_command_refuses_it_and_changes_nothing(self, tmp_path, case, build, cumulative, fragment):
        from tests.factories import make_project

        data = build(make_project(code="P-1"))
        before = database_checksum()
        message = run_command("import_project_progress", data, "进度.xlsx", tmp_path, *(["--cumulative"] if cumulative else []))
        assert fragment in message
        assert database_checksum() == before

    @pytest.mark.parametrize("case, build, cumulative, fragment", PROGRESS_FILES, ids=[case[0] for case in PROGRESS_FILES])
    def test_the_admin_refuses_it_and_changes_nothing(self, admin_client, settings, tmp_path, case, build, cumulative, fragment):
        from tests.factories import make_project

        settings.MEDIA_ROOT = tmp_path
        data = build(make_project(code="P-1"))
        before = database_checksum()
        response = admin_client.post(reverse("admin:projects_projectprogress_import"), {"import_file": SimpleUploadedFile("进度.xlsx", data), **({"cumulative": "on"} if cumulative else {})})
        page = html.unescape(response.content.decode())
        assert response.status_code == 200 and fragment in page and response.context.get("confirm_form") is None
        assert database_checksum() == before


@pytest.mark.django_db
class ProjectFormBatteryTests:
    def project_data(self, **overrides):
        from projects.models import ProjectKind

        firm = make_enterprise()
        return {"code": "P-9", "name": "项目", "enterprise": firm.pk, "kind": ProjectKind.objects.get(code="new").pk, "status": "building", "total_investment": "100", **overrides}

    @pytest.mark.parametrize(
        "overrides, fragment",
        [
            ({"actual_start": "2026-05-01", "actual_completion": "2026-04-30"}, "实际竣工日期不能早于实际开工日期"),
            ({"total_investment": "-1"}, "不能为负数"),
            ({"equipment_investment": "200"}, "设备投资不能大于总投资"),
            ({"plan_year": "2026"}, "计划年度与年度计划投资应同时填写"),
            ({"plan_year": "99999", "plan_investment": "1"}, "计划年度"),
            ({"planned_start": "2026-02-30"}, "输入一个有效的日期"),
        ],
    )
    def test_the_project_form_refuses_it_and_changes_nothing(self, admin_client, overrides, fragment):
        data = self.project_data(**overrides)
        before = database_checksum()
        response = admin_client.post(reverse("admin:projects_project_add"), data)
        assert response.status_code == 200 and fragment in response.content.decode()
        assert database_checksum() == before

    def test_a_status_step_back_without_a_reason_changes_nothing(self, admin_client):
        from tests.factories import make_project

        project = make_project(status="building")
        before = database_checksum()
        response = admin_client.post(reverse("admin:projects_project_changelist"), {"action": "change_status", "_selected_action": [project.pk], "confirm": "1", "to_status": "preparing", "on": "2026-01-01", "note": ""}, follow=True)
        assert "须填写原因" in response.content.decode()
        assert database_checksum() == before

    def test_negative_progress_typed_by_hand_changes_nothing(self, admin_client):
        from tests.factories import make_project

        project = make_project()
        before = database_checksum()
        response = admin_client.post(reverse("admin:projects_projectprogress_add"), {"project": project.pk, "period": "2025-01-01", "investment": "-5"})
        assert response.status_code == 200 and "不能为负数" in response.content.decode()
        assert database_checksum() == before
