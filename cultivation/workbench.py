"""What cultivation adds to the home page, the firm profile and the dashboard (registry/workbench.py)."""

from django.utils.translation import gettext_lazy as _

from registry.workbench import ProfileSection, register

from . import profile_sections

register(ProfileSection(_("培育梯度与变更记录"), "admin/cultivation/profile/ladder.html", profile_sections.ladder_context, "cultivation.view_poolentry", order=10))
register(ProfileSection(_("月度趋势（本年与上年）"), "admin/cultivation/profile/trend.html", profile_sections.trend_context, "cultivation.view_monthlyreport", order=20))
register(ProfileSection(_("本年累计指标与预警"), "admin/cultivation/profile/figures.html", profile_sections.figures_context, "cultivation.view_monthlyreport", order=30))
register(ProfileSection(_("年度测评数据"), "admin/cultivation/profile/annual.html", profile_sections.annual_context, "cultivation.view_annualprofile", order=40))
register(ProfileSection(_("各层级条件测评"), "admin/cultivation/profile/eligibility.html", profile_sections.eligibility_context, "cultivation.view_annualprofile", order=50))
