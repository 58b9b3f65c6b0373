"""The monthly import's preview shows what it changes: figures it replaces (old → new), and jumps against last month and last year."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cultivation.models import MonthlyReport
from cultivation.monitoring.changes import jump_percent
from tests.factories import make_enterprise, make_monthly_report, make_user, monthly_xlsx

IMPORT_URL = reverse("admin:cultivation_monthlyreport_import")
HEADERS = ("统一社会信用代码", "统计期", "工业总产值（万元）", "从业人员（人）")


@pytest.fixture
def importer(client, db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    client.force_login(make_user("importer", perms=("cultivation.import_monthlyreport", "cultivation.view_monthlyreport")))
    return client


@pytest.fixture
def shipyard(db):
    """March 2024 held (output 100, 399 staff); February 100 and 399; March 2023 80 and 390."""
    firm = make_enterprise(name="金塘船厂")
    make_monthly_report(firm, "2024-02", output_value=100, employees=399)
    make_monthly_report(firm, "2024-03", output_value=100, employees=399)
    make_monthly_report(firm, "2023-03", output_value=80, employees=390)
    return firm


def preview(client, rows):
    response = client.post(IMPORT_URL, {"import_file": SimpleUploadedFile("月报.xlsx", monthly_xlsx(rows, HEADERS))})
    assert response.status_code == 200 and response.context["confirm_form"] is not None
    return response, {table.key: table for table in response.context["outcome"].preview_tables}


def cells(table):
    return [[str(cell) for cell in row] for row in table.rows]


class JumpPercentTests:
    def test_it_flags_only_what_is_beyond_the_threshold(self):
        assert jump_percent(2950, 399, 50) == pytest.approx(100 * 2551 / 399)
        assert jump_percent(149, 100, 50) is None and jump_percent(151, 100, 50) == pytest.approx(51)
        assert jump_percent(49, 100, 50) == pytest.approx(-51) and jump_percent(50, 100, 50) is None
        assert jump_percent(10, 0, 50) is None and jump_percent(None, 10, 50) is None and jump_percent(10, None, 50) is None
        assert jump_percent(-30, -10, 50) == pytest.approx(-200)  # a loss growing threefold


@pytest.mark.django_db
class MonthlyPreviewTests:
    def test_it_shows_replaced_figures_old_to_new(self, importer, shipyard):
        response, tables = preview(importer, [(shipyard.uscc, "2024-03", 120, 2950)])
        assert cells(tables["import-replaced"]) == [
            ["2", "金塘船厂", "2024年3月", "工业总产值（万元）", "100.00 → 120.00"],
            ["2", "金塘船厂", "2024年3月", "从业人员（人）", "399 → 2,950"],
        ]
        assert "399 → 2,950" in response.content.decode()
        assert MonthlyReport.objects.get(enterprise=shipyard, period__month=3, period__year=2024).employees == 399  # a preview writes nothing

    def test_it_flags_a_jump_against_last_month_and_the_same_month_last_year(self, importer, shipyard):
        response, tables = preview(importer, [(shipyard.uscc, "2024-03", 120, 2950)])
        assert cells(tables["import-jumps"]) == [
            ["2", "金塘船厂", "2024年3月", "从业人员（人）", "2,950", "上月", "399", "+639.3%"],
            ["2", "金塘船厂", "2024年3月", "从业人员（人）", "2,950", "去年同月", "390", "+656.4%"],
        ]  # output 120 is +20% on February and +50% on last March: within ±50%
        page = response.content.decode()
        assert "2 个数值与上月或去年同月相比变动超过 ±50%，请核实后再确认导入。" in page

    def test_it_compares_with_an_earlier_month_of_the_same_file(self, importer, shipyard):
        _, tables = preview(importer, [(shipyard.uscc, "2024-04", 10, 399), (shipyard.uscc, "2024-05", 100, 400)])
        flagged = [(row[2], row[3], row[5], row[7]) for row in cells(tables["import-jumps"])]
        assert flagged == [("2024年4月", "工业总产值（万元）", "上月", "-90.0%"), ("2024年5月", "工业总产值（万元）", "上月", "+900.0%")]
        assert "import-replaced" not in tables  # new months replace nothing

    def test_the_threshold_is_a_setting(self, importer, shipyard, settings):
        settings.MONTHLY_JUMP_THRESHOLD = 10
        _, tables = preview(importer, [(shipyard.uscc, "2024-03", 120, 399)])
        assert [(row[3], row[5], row[7]) for row in cells(tables["import-jumps"])] == [("工业总产值（万元）", "上月", "+20.0%"), ("工业总产值（万元）", "去年同月", "+50.0%")]

    def test_a_blank_cell_that_clears_a_figure_is_shown(self, importer, shipyard):
        _, tables = preview(importer, [(shipyard.uscc, "2024-03", 100, None)])
        assert cells(tables["import-replaced"]) == [["2", "金塘船厂", "2024年3月", "从业人员（人）", "399 → （空）"]]

    def test_a_file_of_many_firms_reads_the_months_whole_and_finds_the_same(self, importer, shipyard, monkeypatch):
        monkeypatch.setattr("cultivation.monitoring.selectors.FIRMS_LISTED_IN_QUERY", 0)
        make_monthly_report(make_enterprise(), "2024-03", employees=5)  # another firm's month: read, then left out
        _, tables = preview(importer, [(shipyard.uscc, "2024-03", 120, 2950)])
        assert [row[4] for row in cells(tables["import-replaced"])] == ["100.00 → 120.00", "399 → 2,950"]

    def test_an_unchanged_file_shows_no_tables(self, importer, shipyard):
        response, tables = preview(importer, [(shipyard.uscc, "2024-03", 100, 399)])
        assert tables == {}
        assert "import-jumps" not in response.content.decode()

    def test_it_shows_at_most_200_rows_and_counts_the_rest(self, importer, db):
        firms = [make_enterprise() for _ in range(205)]
        for firm in firms:
            make_monthly_report(firm, "2024-02", output_value=100)
        response, tables = preview(importer, [(firm.uscc, "2024-03", 500, None) for firm in firms])
        assert len(tables["import-jumps"].rows) == 200 and tables["import-jumps"].total == 205
        assert "另有 5 条未在此显示。" in response.content.decode()
