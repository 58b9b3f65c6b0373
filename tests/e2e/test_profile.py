"""一企一档 in a real browser: opened from the firm list, its trend chart drawn, printed to an A4 PDF that holds the name and the chart."""

import datetime

import pytest
from django.utils import translation
from django.utils.formats import date_format

from cultivation.models import PoolEvent
from tests.e2e.conftest import ARTEFACTS, login, screenshot
from tests.e2e.pdf_text import pdf_fill_colours, pdf_text
from tests.factories import make_annual_profile, make_enterprise, make_entry, make_monthly_report, make_user

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

CHART_DRAWN = "() => document.querySelectorAll('#profile-trend-chart svg path').length > 10"
BAR_COLOUR = "() => echarts.getInstanceByDom(document.getElementById('profile-trend-chart')).getVisual({seriesIndex: 0}, 'color')"


def rgb(hex_colour):
    return tuple(int(hex_colour[index : index + 2], 16) / 255 for index in (1, 3, 5))


def firm_with_a_history():
    firm = make_enterprise(name="金塘船厂", contact_person="王经理", contact_phone="13900000000")
    make_enterprise(name="普陀水产", county_id="330903")
    entry = make_entry(firm, "innovative_sme", status="recognised", recognised_on=datetime.date(2024, 3, 15), document_number="舟经信〔2024〕12号")
    PoolEvent.objects.create(entry=entry, from_status="applied", to_status="recognised", happened_on=datetime.date(2024, 3, 15), note="省厅认定")
    for year, scale in ((2024, 100), (2025, 120)):
        for month in range(1, 7):
            make_monthly_report(firm, f"{year}-{month:02d}", output_value=scale + 10 * month, revenue=scale + 5 * month)
    make_annual_profile(firm, 2024, revenue=1500, employees=120)
    return firm


def test_the_profile_opens_from_the_firm_list_and_prints_to_pdf_with_its_chart(page):
    make_user("boss", superuser=True)
    firm = firm_with_a_history()
    login(page, "boss")
    page.goto(f"{page.base_url}/admin/registry/enterprise/")
    page.locator("#result_list tr", has_text="金塘船厂").locator("td.field-profile_link a").click()
    page.wait_for_url(f"**/admin/registry/enterprise/{firm.pk}/profile/")
    assert page.locator("h1").inner_text() == "金塘船厂"
    page.wait_for_function(CHART_DRAWN)
    bars = rgb(page.evaluate(BAR_COLOUR))  # this year's output bars
    assert "舟经信〔2024〕12号" in page.locator("#firm-profile").inner_text()
    screenshot(page, "firm-profile")

    # On paper the admin's frame is gone and the chart keeps its size.
    page.emulate_media(media="print")
    assert not page.locator("#header").is_visible() and not page.locator(".profile-actions").is_visible()
    page.set_viewport_size({"width": 794, "height": 1123})  # A4 at 96 dpi
    box = page.locator("#profile-trend-chart svg").bounding_box()
    assert box["width"] > 600 and box["height"] > 250
    screenshot(page, "firm-profile-print")
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    pdf = page.pdf(path=str(ARTEFACTS / "firm-profile.pdf"), format="A4", print_background=True, prefer_css_page_size=True)
    assert pdf.startswith(b"%PDF") and len(pdf) > 20_000
    text = "".join(pdf_text(pdf).split())  # narrow cells wrap lines anywhere
    with translation.override("zh-hans"):
        valid_until = "".join(date_format(datetime.date(2027, 3, 14)).split())
    assert "金塘船厂" in text and "舟经信〔2024〕12号" in text and valid_until in text
    assert "月度工业总产值与营业收入（万元）" in text and "产值2025年" in text  # the chart's title and legend, drawn as SVG text
    assert any(all(abs(printed - drawn) < 0.01 for printed, drawn in zip(colour, bars)) for colour in pdf_fill_colours(pdf))  # and its bars
    assert page.console_errors == []


def test_the_firm_page_shows_the_latest_figures_and_opens_the_profile(page):
    make_user("boss", superuser=True)
    firm = firm_with_a_history()
    login(page, "boss")
    page.goto(f"{page.base_url}/admin/registry/enterprise/{firm.pk}/change/")
    panel = page.locator(".latest-figures")
    assert "2025年6月" in panel.inner_text() and "180.00" in panel.inner_text()
    screenshot(page, "firm-page-latest-figures")
    page.click("a.firm-profile-link")
    page.wait_for_url(f"**/admin/registry/enterprise/{firm.pk}/profile/")
    page.wait_for_function(CHART_DRAWN)
    assert page.console_errors == []
