"""What cultivation shows on a firm's profile (一企一档): its ladder, its monthly figures and lights, its annual
profiles and its eligibility. Declared in workbench.py; each reads through the selectors the other pages use."""

from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from registry.models import Enterprise, display_name

from .eligibility.firm_verdicts import firm_verdicts, shown
from .ladder.selectors import firm_ladder
from .models import AnnualProfile
from .monitoring.dashboard import trend, trend_labels
from .monitoring.exports import money_text
from .monitoring.periods import period_label
from .monitoring.selectors import Light, firm_figures, firms_in_scope, latest_period
from .monitoring.watchlists import WATCH_LISTS, watch_list_rows

ANNUAL_YEARS_SHOWN = 5  # the criteria look back three years; five fit an A4 page across
ANNUAL_SKIPPED = {"id", "enterprise", "year", "source", "created_at", "updated_at"}
# (label, this year's figure, last year's, growth): the year-to-date block, every number from firm_figures.
YTD_ROWS = (
    (_("工业总产值（万元）"), "ytd_output", "ytd_output_last_year", "ytd_output_growth"),
    (_("营业收入（万元）"), "ytd_revenue", "ytd_revenue_last_year", "ytd_revenue_growth"),
    (_("主营业务收入（万元）"), "ytd_main_business_revenue", "ytd_main_business_revenue_last_year", "ytd_main_business_revenue_growth"),
    (_("当月工业总产值（万元）"), "month_output", "month_output_last_year", "month_output_growth"),
    (_("当月营业收入（万元）"), "month_revenue", "month_revenue_last_year", "month_revenue_growth"),
)
YTD_FIGURES = tuple(name for row in YTD_ROWS for name in row[1:3]) + ("ytd_total_profit", "t12_main_business_revenue", "t12_months")


def one_firm(firm):
    return Enterprise.objects.filter(pk=firm.pk)


def profile_period(request):
    """The period the dashboard opens on for this user: the latest month any firm in their area reported."""
    return latest_period(enterprises=firms_in_scope(request.user))


def document_of(entry):
    """The entry's own 文号, else its batch's (the recognition notice names the whole batch)."""
    return entry.document_number or (entry.batch.document_number if entry.batch_id else "") or "—"


def ladder_context(request, firm):
    entries, events = firm_ladder(firm)
    for entry in entries:
        entry.officer_name = display_name(entry.officer) if entry.officer_id else "—"
        entry.document = document_of(entry)
    for event in events:
        event.document = document_of(event.entry)
    # A timeline reads oldest first: by business date, then by when it was recorded.
    events = sorted(events, key=lambda event: (event.happened_on, event.recorded_at, event.pk))
    return {"entries": entries, "events": events}


def trend_context(request, firm):
    period = profile_period(request)
    if period is None:
        return {"chart": None}
    return {"chart": {"trend": trend(period, enterprises=one_firm(firm)), "labels": trend_labels(period.year)}, "period": period_label(period)}


def figures_context(request, firm):
    period = profile_period(request)
    if period is None:
        return {"period": None}
    figures = firm_figures(period, enterprises=one_firm(firm), names=YTD_FIGURES).get()
    rows = [
        {"label": label, "this_year": money_text(getattr(figures, current)), "last_year": money_text(getattr(figures, previous)), "growth": getattr(figures, growth)}
        for label, current, previous, growth in YTD_ROWS
    ]
    # The watch lists this firm is on for the period, each a query as small as the firm.
    on_lists = [watch_list for watch_list in WATCH_LISTS.values() if watch_list_rows(watch_list, period, enterprises=one_firm(firm)).exists()]
    return {
        "period": period_label(period),
        "rows": rows,
        "light": figures.output_light,
        "light_label": Light(figures.output_light).label if figures.output_light else "",
        "profit": money_text(figures.ytd_total_profit),
        "t12_main_business_revenue": money_text(figures.t12_main_business_revenue),
        "t12_months": figures.t12_months,
        "watch_lists": on_lists,
    }


def annual_value(profile, field):
    value = getattr(profile, field.name)
    if field.choices and value is not None:
        return getattr(profile, f"get_{field.name}_display")()
    return shown(value) if isinstance(value, (bool, Decimal)) or value is None else value


def annual_context(request, firm):
    profiles = list(AnnualProfile.objects.filter(enterprise=firm).order_by("-year")[:ANNUAL_YEARS_SHOWN])[::-1]
    fields = [field for field in AnnualProfile._meta.concrete_fields if field.name not in ANNUAL_SKIPPED]
    rows = [{"label": field.verbose_name, "values": [annual_value(profile, field) for profile in profiles]} for field in fields]
    # Rows no year filled in are left out: the page shows what the bureau knows.
    rows = [row for row in rows if any(value != "—" for value in row["values"])]
    return {"years": [profile.year for profile in profiles], "rows": rows, "firm": firm}


def eligibility_context(request, firm):
    return {**firm_verdicts(firm), "expanded": True}
