"""The bureau's monthly watch lists (清单): each narrows the one firm-figures selector."""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from registry.models import Enterprise

from ..models.ladder import OPEN_STATUSES
from ..rules.above_scale import MAIN_BUSINESS_REVENUE_MINIMUM
from ..rules.billion_yuan import BILLION_YUAN
from .selectors import WAN_YUAN, Light, firm_figures

OUTPUT_500M = Decimal(50000)  # 产值5亿元, in 万元
ABOVE_SCALE_CANDIDATE_TIER = "above_scale_candidate"


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    kind: str = "text"  # text, firm (linked to its profile), person, money, percent, count, light, bool, period


FIRM_COLUMNS = (
    Column("uscc", _("统一社会信用代码")),
    Column("name", _("企业名称"), "firm"),
    Column("county.name", _("县（区）")),
    Column("zone.name", _("功能区")),
)
# Who to call about a firm on a list: its 助企专员 and the firm's own number.
CONTACT_COLUMNS = (
    Column("service_officer", _("助企专员"), "person"),
    Column("contact_phone", _("联系电话")),
)
YTD_OUTPUT = (
    Column("ytd_output", _("本年累计产值（万元）"), "money"),
    Column("ytd_output_last_year", _("上年同期累计产值（万元）"), "money"),
    Column("ytd_output_growth", _("累计产值同比（%）"), "percent"),
)
YTD_FIGURES = ("ytd_output", "ytd_output_last_year")
T12_FIGURES = ("t12_main_business_revenue", "t12_revenue", "t12_months")
T12 = (
    Column("t12_main_business_revenue", _("近12个月主营业务收入（万元）"), "money"),
    Column("t12_revenue", _("近12个月营业收入（万元）"), "money"),
    Column("t12_months", _("近12个月报表月数"), "count"),
)


def declining_lights():
    """The lights a declining firm (growth below 0 %) can show: green only where green starts below 0 %."""
    lights = [Light.RED, Light.YELLOW]
    if settings.MONITORING_GREEN_AT_OR_ABOVE < 0:
        lights.append(Light.GREEN)
    return lights


def _open_on_tier(tier_code):
    return Enterprise.objects.filter(pool_entries__tier__code=tier_code, pool_entries__status__in=OPEN_STATUSES).values("pk")


def output_500m(firms):
    return firms.filter(ytd_output__gte=OUTPUT_500M)


def declining(firms):
    return firms.filter(ytd_output_last_year__gt=0, ytd_output__lt=F("ytd_output_last_year"))


def above_scale_ready(firms):
    return firms.filter(pk__in=_open_on_tier(ABOVE_SCALE_CANDIDATE_TIER), t12_main_business_revenue__gte=MAIN_BUSINESS_REVENUE_MINIMUM)


def above_scale_risk(firms):
    # A firm that reported but left main-business revenue blank counts as below the line.
    firms = firms.filter(is_above_scale=True, t12_months__gt=0).alias(t12_main_or_zero=Coalesce("t12_main_business_revenue", 0, output_field=WAN_YUAN))
    return firms.filter(t12_main_or_zero__lt=MAIN_BUSINESS_REVENUE_MINIMUM)


def billion_yuan(firms):
    return firms.filter(ytd_output__gte=BILLION_YUAN)


def missing_report(firms):
    # Expected to report: above-scale firms, and any operating firm that reported in the twelve months before.
    expected = Q(is_above_scale=True) | Q(reported_before_period__gt=0)
    return firms.filter(expected, status=Enterprise.Status.OPERATING, reported_in_period=0)


@dataclass(frozen=True)
class WatchList:
    slug: str
    title: str
    description: str
    narrow: Callable
    columns: tuple
    ordering: tuple
    figures: tuple  # what the list narrows and shows: only these are summed
    lights: Callable | None = None  # () -> the lights its filter offers: only those a firm on the list can show

    def describe(self):
        return self.description.format(red=settings.MONITORING_RED_AT_OR_BELOW, green=settings.MONITORING_GREEN_AT_OR_ABOVE)

    def offered_lights(self):
        return self.lights() if self.lights else []

    def all_columns(self):
        return self.columns + CONTACT_COLUMNS


WATCH_LISTS = {
    watch_list.slug: watch_list
    for watch_list in (
        WatchList("output_500m", _("产值5亿元以上企业"), _("本年累计工业总产值达到5亿元（50,000万元）的企业。"), output_500m, FIRM_COLUMNS + YTD_OUTPUT + (Column("month_output", _("当月产值（万元）"), "money"),), ("-ytd_output", "pk"), YTD_FIGURES + ("month_output",)),
        WatchList(
            "declining",
            _("减产企业"),
            _("本年累计工业总产值低于上年同期的企业。亮灯：同比≤{red:g}%为红灯，≥{green:g}%为绿灯，其间为黄灯。"),
            declining,
            FIRM_COLUMNS + YTD_OUTPUT + (Column("output_light", _("预警"), "light"), Column("month_output", _("当月产值（万元）"), "money"), Column("month_output_growth", _("当月产值同比（%）"), "percent")),
            ("ytd_output_growth", "pk"),
            YTD_FIGURES + ("month_output", "month_output_last_year"),
            lights=declining_lights,
        ),
        WatchList("above_scale_ready", _("小升规企业（已达规上标准）"), _("上规升级培育库在库企业中，近12个月主营业务收入达到2,000万元的企业。"), above_scale_ready, FIRM_COLUMNS + T12, ("-t12_main_business_revenue", "pk"), T12_FIGURES),
        WatchList("above_scale_risk", _("降规风险企业"), _("规上企业中，近12个月主营业务收入低于2,000万元的企业（近12个月无报表的见“本期缺报企业”）。"), above_scale_risk, FIRM_COLUMNS + T12, ("t12_main_business_revenue", "pk"), T12_FIGURES),
        WatchList("billion_yuan", _("产值十亿元以上企业"), _("本年累计工业总产值达到10亿元（100,000万元）的企业。"), billion_yuan, FIRM_COLUMNS + YTD_OUTPUT, ("-ytd_output", "pk"), YTD_FIGURES),
        WatchList(
            "missing_report",
            _("本期缺报企业"),
            _("应报企业（规上企业，或前12个月报过月报的企业）本期没有月度数据。"),
            missing_report,
            FIRM_COLUMNS + (Column("is_above_scale", _("规上企业"), "bool"), Column("latest_period", _("最近报表期"), "period")),
            ("county_id", "name", "pk"),
            ("reported_in_period", "reported_before_period", "latest_period"),
        ),
    )
}


def watch_list_rows(watch_list, period, *, enterprises=None, light=None):
    """The firms on `watch_list` for `period`, with every figure its columns show."""
    firms = watch_list.narrow(firm_figures(period, enterprises=enterprises, names=watch_list.figures))
    if light and light in watch_list.offered_lights():
        firms = firms.filter(output_light=light)
    return firms.select_related("county", "zone", "service_officer").order_by(*watch_list.ordering)
