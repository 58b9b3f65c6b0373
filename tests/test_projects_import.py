"""Project progress import: single months and 1–N月累计, every bad row listed, nothing half-written; the admin page and the command."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from projects.importer import import_progress
from projects.models import ProjectProgress
from projects.views import ProgressImporter
from registry.models import ImportRecord
from tests.dbstate import database_checksum
from tests.factories import PROGRESS_HEADERS, make_progress, make_project, make_user, monthly_xlsx

D = datetime.date
TODAY = D(2026, 6, 15)


def progress_file(*rows):
    return monthly_xlsx(rows, headers=PROGRESS_HEADERS)


def run(content, **kwargs):
    kwargs.setdefault("today", TODAY)
    return import_progress(content=content, file_name="项目进度.xlsx", **kwargs)


def held(project):
    return {progress.period.month: progress.investment for progress in ProjectProgress.objects.filter(project=project)}


def errors_of(outcome):
    return [str(error) for error in outcome.errors]


@pytest.mark.django_db
class ProgressImportTests:
    def test_it_adds_single_months_with_their_notes_and_records_the_import(self):
        user = make_user()
        project = make_project(code="P-A")
        outcome = run(progress_file(("P-A", "", "2026-01", 100, "桩基施工"), ("P-A", "", "2026年2月", "250.5", "")), user=user)
        assert outcome.ok, errors_of(outcome)
        assert held(project) == {1: Decimal(100), 2: Decimal("250.5")}
        record = ImportRecord.objects.get()
        assert (record.kind, record.user, record.rows_added) == ("project_progress", user, 2)
        first = ProjectProgress.objects.get(project=project, period=D(2026, 1, 1))
        assert (first.note, first.source) == ("桩基施工", record)
        assert first.history.get().history_change_reason == record.change_reason

    def test_it_reports_its_stages_as_the_monthly_import_does(self):
        make_project(code="P-A")
        stages = []
        outcome = ProgressImporter().run(content=progress_file(("P-A", "", "2026-01", 100, ""), ("P-A", "", "2026-02", 50, "")), file_name="项目进度.xlsx", dry_run=False, progress=stages.append)
        assert outcome.ok, errors_of(outcome)
        assert stages == ["读取文件", "校验 2 行", "核对已有数据", "写入数据库"]

    def test_it_updates_a_month_already_held(self):
        project = make_project(code="P-A")
        make_progress(project, "2026-01", 10)
        outcome = run(progress_file(("P-A", "", "2026-01", 30, "")))
        assert (outcome.added, outcome.updated) == (0, 1)
        assert held(project) == {1: Decimal(30)}

    def test_it_turns_year_to_date_figures_into_months_using_the_months_held(self):
        # Held: January 100. File: 1-2月 250, 1-3月 600 → February 150, March 350.
        project = make_project(code="P-A")
        make_progress(project, "2026-01", 100)
        outcome = run(progress_file(("P-A", "", "2026-03", 600, ""), ("P-A", "", "2026-02", 250, "")), cumulative=True)
        assert outcome.ok, errors_of(outcome)
        assert held(project) == {1: Decimal(100), 2: Decimal(150), 3: Decimal(350)}

    def test_a_cumulative_figure_going_down_is_refused_by_row_and_column(self):
        project = make_project(code="P-A")
        before = database_checksum()
        outcome = run(progress_file(("P-A", "", "2026-01", 300, ""), ("P-A", "", "2026-02", 200, "")), cumulative=True)
        assert errors_of(outcome) == ["第3行 [当月完成投资（万元）] 换算后2月当月数为负数（1-2月累计200.0，1-1月累计300.0）"]
        assert database_checksum() == before and not held(project)

    def test_every_bad_row_is_listed_and_nothing_is_saved(self):
        make_project(code="P-A")
        before = database_checksum()
        outcome = run(progress_file(
            ("P-A", "", "2026-01", -5, ""),
            ("P-NONE", "", "2026-01", 5, ""),
            ("P-A", "", "2031-01", 5, ""),
            ("P-A", "", "2026-02", "", ""),
            ("P-A", "", "2026-03", 1, ""),
        ))
        assert errors_of(outcome) == [
            "第2行 [当月完成投资（万元）] 不能为负数（-5.0）",
            "第3行 [项目编号] 系统中没有项目编号为P-NONE的项目，或该项目不在您的管辖范围内；请先登记项目",
            "第4行 [统计期] 2031年1月晚于当前月份，不能导入未来的统计期",
            "第5行 [当月完成投资（万元）] 不能为空",
        ]
        assert database_checksum() == before

    def test_the_same_project_and_month_twice_is_refused(self):
        make_project(code="P-A")
        outcome = run(progress_file(("P-A", "", "2026-01", 1, ""), ("P-A", "", "2026/1", 2, "")))
        assert errors_of(outcome) == ["第3行 [项目编号] 与第2行重复：同一项目同一统计期（2026年1月）在文件中出现两次"]

    def test_a_project_outside_the_given_projects_is_unknown(self):
        from projects.models import Project

        make_project(code="P-A")
        other = make_project(code="P-B")
        outcome = run(progress_file(("P-A", "", "2026-01", 1, "")), projects=Project.objects.filter(pk=other.pk))
        assert "系统中没有项目编号为P-A的项目" in errors_of(outcome)[0]


@pytest.mark.django_db
class ProgressImportCommandTests:
    def test_it_imports_year_to_date_figures(self, tmp_path):
        project = make_project(code="P-A")
        path = tmp_path / "进度.xlsx"
        path.write_bytes(progress_file(("P-A", "", "2026-01", 100, ""), ("P-A", "", "2026-02", 160, "")))
        out = io.StringIO()
        call_command("import_project_progress", str(path), "--cumulative", stdout=out, stderr=io.StringIO())
        assert "新增 2 条" in out.getvalue()
        assert held(project) == {1: Decimal(100), 2: Decimal(60)}

    def test_a_dry_run_writes_nothing_and_a_bad_file_fails_with_every_error(self, tmp_path):
        make_project(code="P-A")
        path = tmp_path / "进度.xlsx"
        path.write_bytes(progress_file(("P-A", "", "2026-01", 100, "")))
        before = database_checksum()
        call_command("import_project_progress", str(path), "--dry-run", stdout=io.StringIO(), stderr=io.StringIO())
        assert database_checksum() == before
        path.write_bytes(progress_file(("P-X", "", "2026-01", 100, "")))
        out = io.StringIO()
        with pytest.raises(CommandError, match="没有写入任何数据"):
            call_command("import_project_progress", str(path), stdout=out, stderr=io.StringIO())
        assert "第2行 [项目编号] 系统中没有项目编号为P-X的项目" in out.getvalue()
        assert database_checksum() == before


@pytest.mark.django_db
class ProgressImportAdminTests:
    def test_preview_then_confirm_imports_the_file(self, admin_client, settings, tmp_path):
        settings.MEDIA_ROOT = tmp_path
        project = make_project(code="P-A")
        content = progress_file(("P-A", "", "2026-01", 100, ""), ("P-A", "", "2026-02", 160, ""))
        url = reverse("admin:projects_projectprogress_import")
        preview = admin_client.post(url, {"import_file": SimpleUploadedFile("进度.xlsx", content), "cumulative": "on"})
        assert preview.status_code == 200
        confirm = preview.context["confirm_form"]
        assert confirm is not None and not ProjectProgress.objects.exists()
        response = admin_client.post(reverse("admin:projects_projectprogress_process_import"), {name: confirm.initial[name] for name in confirm.fields})
        assert response.status_code == 302
        assert held(project) == {1: Decimal(100), 2: Decimal(60)}

    def test_the_template_has_the_columns_and_a_note_sheet(self, admin_client):
        import openpyxl

        response = admin_client.get(reverse("admin:projects_projectprogress_import_template"))
        workbook = openpyxl.load_workbook(io.BytesIO(response.content))
        assert [cell.value for cell in workbook.worksheets[0][1]][:4] == ["项目编号", "统计期", "当月完成投资（万元）", "进展情况"]
        assert "说明" in workbook.sheetnames


PROJECT_HEADERS = ["项目编号", "项目名称", "统一社会信用代码", "项目类型", "技改类型", "总投资（万元）", "计划竣工日期", "实际开工日期", "实际竣工日期", "项目状态"]


def project_file(*rows):
    from tests.factories import xlsx_bytes

    return xlsx_bytes([PROJECT_HEADERS, *rows])


@pytest.mark.django_db
class ProjectImportTests:
    def run(self, tmp_path, content, *args):
        path = tmp_path / "项目.xlsx"
        path.write_bytes(content)
        out = io.StringIO()
        call_command("import_projects", str(path), *args, stdout=out, stderr=io.StringIO())
        return out.getvalue()

    def test_it_adds_projects_through_the_service_with_their_first_event(self, tmp_path):
        from projects.models import Project
        from tests.factories import make_enterprise

        firm = make_enterprise()
        self.run(tmp_path, project_file(["2026-01", "数字化车间", firm.uscc, "技术改造", "数字化改造", "12000", "2026-12-31", "", "", "在建"]))
        project = Project.objects.get()
        assert (project.enterprise, project.kind.code, project.renovation_kind.code, project.status, project.is_major) == (firm, "renovation", "digital", "building", True)
        assert project.events.get().to_status == "building"
        assert project.history.get().history_change_reason == ImportRecord.objects.get(kind="projects").change_reason

    def test_it_updates_by_code_and_keeps_the_status_when_the_cell_is_blank(self, tmp_path):
        project = make_project(code="2026-01", status="building")
        self.run(tmp_path, project_file(["2026-01", "改名后的项目", project.enterprise.uscc, "新建", "", "300", "", "", "", ""]))
        project.refresh_from_db()
        assert (project.name, project.total_investment, project.status) == ("改名后的项目", Decimal(300), "building")

    @pytest.mark.parametrize(
        "cells, fragment",
        [
            (["", "", "", "", "", "-1", "", "", "", ""], "第2行 [总投资] 不能为负数"),
            (["", "", "", "", "", "1", "", "2026-05-01", "2026-04-01", ""], "实际竣工日期不能早于实际开工日期"),
            (["", "", "", "新建", "机器换人", "1", "", "", "", ""], "只有技术改造项目才填写技改类型"),
            (["", "", "", "", "", "1", "", "", "", "投产"], "[项目状态] 已有项目的状态请用“变更项目状态”修改"),
        ],
    )
    def test_a_bad_row_is_refused_by_row_and_column_and_nothing_is_saved(self, tmp_path, cells, fragment):
        project = make_project(code="2026-01", status="building")
        row = ["2026-01", "项目", project.enterprise.uscc, "新建", "", "1", "", "", "", ""]
        row = [cell or default for cell, default in zip(cells, row)]
        path = tmp_path / "项目.xlsx"
        path.write_bytes(project_file(row))
        before = database_checksum()
        out = io.StringIO()
        with pytest.raises(CommandError, match="没有写入任何数据"):
            call_command("import_projects", str(path), stdout=out, stderr=io.StringIO())
        assert fragment in out.getvalue()
        assert database_checksum() == before

    def test_the_admin_import_page_previews_projects(self, admin_client, settings, tmp_path):
        from projects.models import Project
        from tests.factories import make_enterprise

        settings.MEDIA_ROOT = tmp_path
        firm = make_enterprise()
        content = project_file(["2026-02", "冷链仓储", firm.uscc, "新建", "", "800", "", "", "", ""])
        response = admin_client.post(reverse("admin:projects_project_import"), {"import_file": SimpleUploadedFile("项目.xlsx", content)})
        assert response.context["outcome"].all_errors() == []
        assert response.context["confirm_form"] is not None and not Project.objects.exists()
