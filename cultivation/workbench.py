"""Cultivation's part of the home page (工作台), the firm profile and the dashboard (registry/workbench.py): to-dos, daily pages, profile sections.

Each to-do counts with the selector its list filters with, so the count is the number of rows its link opens.
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from registry import dates
from registry.scope import enterprise_scope
from registry.workbench import IMPORTS, TEMPLATES, ProfileSection, Shortcut, Todo, register

from . import profile_sections
from .ladder.progress import targets_behind
from .ladder.selectors import expiring_entries, reviews_due
from .models import PoolEntry
from .monitoring.selectors import firms_in_scope, latest_period
from .monitoring.watchlists import WATCH_LISTS, watch_list_rows

LADDER, MONITORING = _("培育库"), _("月度监测")


def _entries(request):
    return PoolEntry.objects.filter(enterprise_scope(request.user, "enterprise__"))


def _page(name, *args, query=""):
    return lambda request: reverse(name, args=args) + query


def _watch_list_count(slug, light=None):
    def count(request):
        enterprises = firms_in_scope(request.user)
        # The list opens on the latest period of the user's firms; the count takes the same one.
        period = latest_period(enterprises=enterprises)
        return watch_list_rows(WATCH_LISTS[slug], period, enterprises=enterprises, light=light).count() if period else 0

    return count


register(Todo(_("90天内到期的认定"), LADDER, lambda request: expiring_entries(_entries(request), on=dates.today()).count(), _page("admin:cultivation_poolentry_changelist", query="?expiry=soon"), "cultivation.view_poolentry", order=10))
register(Todo(_("90天内需复核的认定"), LADDER, lambda request: reviews_due(_entries(request), on=dates.today()).count(), _page("admin:cultivation_poolentry_changelist", query="?expiry=review"), "cultivation.view_poolentry", order=20))
register(Todo(_("落后于时间进度的目标"), LADDER, lambda request: len(targets_behind(request.user, on=dates.today())), _page("admin:cultivation_target_progress", query="?behind=1"), "cultivation.view_target", order=30))
register(Todo(_("本期缺报月度数据的企业"), MONITORING, _watch_list_count("missing_report"), _page("admin:cultivation_monthlyreport_watchlist", "missing_report"), "cultivation.view_monthlyreport", order=40))
register(Todo(_("降规风险企业"), MONITORING, _watch_list_count("above_scale_risk"), _page("admin:cultivation_monthlyreport_watchlist", "above_scale_risk"), "cultivation.view_monthlyreport", order=50))
register(Todo(_("红灯减产企业"), MONITORING, _watch_list_count("declining", light="red"), _page("admin:cultivation_monthlyreport_watchlist", "declining", query="?light=red"), "cultivation.view_monthlyreport", order=60))


register(Shortcut(_("监测看板"), MONITORING, _page("admin:cultivation_monthlyreport_dashboard"), "cultivation.view_monthlyreport", order=10))
for position, watch_list in enumerate(WATCH_LISTS.values()):
    register(Shortcut(watch_list.title, MONITORING, _page("admin:cultivation_monthlyreport_watchlist", watch_list.slug), "cultivation.view_monthlyreport", order=11 + position))
register(Shortcut(_("目标进度"), LADDER, _page("admin:cultivation_target_progress"), "cultivation.view_target", order=30))
register(Shortcut(_("导出候选名单"), LADDER, _page("admin:cultivation_candidate_list"), "cultivation.export_poolentry", order=31))
IMPORT_PAGES = ((_("导入培育库名单"), _("培育库名单模板"), "poolentry"), (_("导入月度数据"), _("月度数据模板"), "monthlyreport"), (_("导入年度数据"), _("年度数据模板"), "annualprofile"))
for position, (label, template_label, model) in enumerate(IMPORT_PAGES):
    register(Shortcut(label, IMPORTS, _page(f"admin:cultivation_{model}_import"), f"cultivation.import_{model}", order=51 + position))
    register(Shortcut(template_label, TEMPLATES, _page(f"admin:cultivation_{model}_import_template"), f"cultivation.import_{model}", order=71 + position, in_sidebar=False))

register(ProfileSection(_("培育梯度与变更记录"), "admin/cultivation/profile/ladder.html", profile_sections.ladder_context, "cultivation.view_poolentry", order=10))
register(ProfileSection(_("月度趋势（本年与上年）"), "admin/cultivation/profile/trend.html", profile_sections.trend_context, "cultivation.view_monthlyreport", order=20))
register(ProfileSection(_("本年累计指标与预警"), "admin/cultivation/profile/figures.html", profile_sections.figures_context, "cultivation.view_monthlyreport", order=30))
register(ProfileSection(_("年度测评数据"), "admin/cultivation/profile/annual.html", profile_sections.annual_context, "cultivation.view_annualprofile", order=40))
register(ProfileSection(_("各层级条件测评"), "admin/cultivation/profile/eligibility.html", profile_sections.eligibility_context, "cultivation.view_annualprofile", order=50))
