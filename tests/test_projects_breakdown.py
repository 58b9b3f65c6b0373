"""月度指标分解 against a hand-computed example (today 2026-06-15), and its scope."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from projects.models import IndicatorTarget
from registry.models import StaffProfile
from registry.roles import OFFICER
from tests.factories import make_enterprise, make_monthly_report, make_progress, make_project, make_user

D = datetime.date


def target(indicator, value, month=2, county="330902"):
    return IndicatorTarget.objects.create(county_id=county, year=2026, month=month, indicator=indicator, value=Decimal(value))


@pytest.fixture
def example(db, monkeypatch):
    """定海 through February: above-scale output 300 (last year 200, +50 %), one above-scale firm reporting;
    investment 80 (技改) + 20 (新建) = 100; the sub-scale firm's output is not counted."""
    monkeypatch.setattr("registry.dates.today", lambda: D(2026, 6, 15))
    above = make_enterprise(is_above_scale=True)
    below = make_enterprise()
    for period, value in (("2026-01", 100), ("2026-02", 200), ("2025-01", 100), ("2025-02", 100)):
        make_monthly_report(above, period, output_value=value)
    make_monthly_report(below, "2026-01", output_value=999)
    renovation = make_project(above, kind="renovation")
    make_progress(renovation, "2026-01", 50)
    make_progress(renovation, "2026-02", 30)
    make_progress(make_project(below), "2026-02", 20)
    make_progress(make_project(below), "2026-03", 1000)  # after February: not in its year-to-date
    return {
        "output": target("output", 300),
        "output_growth": target("output_growth", 55),
        "investment": target("investment", 110),
        "renovation": target("renovation", 80),
        "above_scale_firms": target("above_scale_firms", 2),
        "future": target("investment", 500, month=7),
        "elsewhere": target("investment", 1, county="330903"),
    }


def shown(response):
    return {row.target.pk: (row.actual, row.lit.light) for row in response.context["rows"]}


@pytest.mark.django_db
class BreakdownTests:
    def test_each_target_meets_its_actual_and_light(self, admin_client, example):
        rows = shown(admin_client.get(reverse("admin:projects_indicatortarget_breakdown") + "?county=330902"))
        assert rows[example["output"].pk] == (Decimal(300), "green")
        assert rows[example["output_growth"].pk] == (pytest.approx(50.0), "red")
        assert rows[example["investment"].pk] == (Decimal(100), "yellow")
        assert rows[example["renovation"].pk] == (Decimal(80), "green")
        assert rows[example["above_scale_firms"].pk] == (1, "red")
        assert rows[example["future"].pk] == (None, None)
        assert example["elsewhere"].pk not in rows

    def test_a_bad_choice_shows_this_year_for_every_area(self, admin_client, example):
        response = admin_client.get(reverse("admin:projects_indicatortarget_breakdown") + "?year=abc&county=%00")
        assert response.status_code == 200 and "筛选条件无效" in response.content.decode()
        assert len(response.context["rows"]) == 7

    def test_an_officer_sees_only_their_countys_targets(self, client, example):
        user = make_user("putuo")
        user.groups.add(Group.objects.get(name=OFFICER))
        StaffProfile.objects.create(user=user, county_id="330903")
        client.force_login(user)
        rows = shown(client.get(reverse("admin:projects_indicatortarget_breakdown")))
        assert list(rows) == [example["elsewhere"].pk]
        listed = client.get(reverse("admin:projects_indicatortarget_changelist")).context["cl"].result_list
        assert [item.pk for item in listed] == [example["elsewhere"].pk]


TARGET_HEADERS = ["县(区)", "功能区", "年度", "截至月份", "指标", "目标值"]


@pytest.mark.django_db
class TargetImportTests:
    def post(self, client, *rows):
        from django.core.files.uploadedfile import SimpleUploadedFile

        from tests.factories import xlsx_bytes

        return client.post(reverse("admin:projects_indicatortarget_import"), {"import_file": SimpleUploadedFile("目标.xlsx", xlsx_bytes([TARGET_HEADERS, *rows]))})

    def test_it_adds_targets_then_updates_them_on_confirm(self, admin_client, settings, tmp_path):
        settings.MEDIA_ROOT = tmp_path
        IndicatorTarget.objects.create(county_id="330902", year=2026, month=3, indicator="investment", value=1)
        preview = self.post(admin_client, ["定海区", "", 2026, 3, "工业投资（万元）", 12000], ["", "金塘", 2026, 3, "规上工业产值增速（%）", 8.5])
        confirm = preview.context["confirm_form"]
        assert confirm is not None, preview.context["outcome"].all_errors()
        admin_client.post(reverse("admin:projects_indicatortarget_process_import"), {name: confirm.initial[name] for name in confirm.fields})
        held = {(target.county_id, target.zone and target.zone.name, target.indicator): target.value for target in IndicatorTarget.objects.all()}
        assert held == {("330902", None, "investment"): Decimal(12000), (None, "金塘", "output_growth"): Decimal("8.5")}

    @pytest.mark.parametrize(
        "row, fragment",
        [
            (["定海区", "金塘", 2026, 3, "工业投资（万元）", 1], "二者选一"),
            (["定海区", "", 2026, 13, "工业投资（万元）", 1], "截至月份"),
            (["定海区", "", 2026, 3, "利润", 1], "指标"),
            (["定海区", "", 2026, 3, "工业投资（万元）", -1], "不能为负数"),
        ],
    )
    def test_a_bad_row_is_refused_and_nothing_saved(self, admin_client, settings, tmp_path, row, fragment):
        from tests.dbstate import database_checksum

        settings.MEDIA_ROOT = tmp_path
        before = database_checksum()
        response = self.post(admin_client, row)
        assert response.context["confirm_form"] is None and fragment in response.content.decode(), response.context["outcome"].all_errors()
        assert database_checksum() == before
