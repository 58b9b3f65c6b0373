"""The derived figures, by name: what each sums or counts and over which window (periods.Windows). No ORM here.

The selectors compute them and the monthly summary stores one column for each (models/monitoring.py, summary.py).
"""

# Name → (model field, window): every summed figure a user can see, defined once.
SUMMED_FIGURES = {
    "month_output": ("output_value", "month"),
    "month_output_last_year": ("output_value", "month_last_year"),
    "month_revenue": ("revenue", "month"),
    "month_revenue_last_year": ("revenue", "month_last_year"),
    "ytd_output": ("output_value", "year_to_date"),
    "ytd_output_last_year": ("output_value", "year_to_date_last_year"),
    "ytd_revenue": ("revenue", "year_to_date"),
    "ytd_revenue_last_year": ("revenue", "year_to_date_last_year"),
    "ytd_main_business_revenue": ("main_business_revenue", "year_to_date"),
    "ytd_main_business_revenue_last_year": ("main_business_revenue", "year_to_date_last_year"),
    "ytd_total_profit": ("total_profit", "year_to_date"),
    "t12_revenue": ("revenue", "trailing_12"),
    "t12_main_business_revenue": ("main_business_revenue", "trailing_12"),
}
# Name → window: how many monthly reports a firm filed in it.
COUNTED_FIGURES = {
    "reported_in_period": "month",
    "t12_months": "trailing_12",
    "reported_before_period": "before_period",
}
# Name → window: the latest period the firm filed a report in it.
LATEST_FIGURES = {"latest_period": "before_period"}
ALL_FIGURES = (*SUMMED_FIGURES, *COUNTED_FIGURES, *LATEST_FIGURES)


def window_of(name):
    return SUMMED_FIGURES[name][1] if name in SUMMED_FIGURES else {**COUNTED_FIGURES, **LATEST_FIGURES}[name]


def stored(name):
    """The monthly summary's field holding a figure (a queryset may not annotate a name its model has as a field)."""
    return f"stored_{name}"


def bounds(windows, window):
    """The (first, last) periods of a window; "month" is the period itself."""
    if window == "month":
        return windows.period, windows.period
    if window == "month_last_year":
        return windows.month_last_year, windows.month_last_year
    return getattr(windows, window)
