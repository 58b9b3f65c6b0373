"""Facts for many firms in four queries: firms, annual profiles, valid titles, provincial points.

Which year is "last year" (上年): the year before the evaluation date. Annual figures for a year
are filed by 31 May of the next year, so until then a firm without last year's profile is judged
on the year before it; after 31 May missing figures stay missing and the rules say so.
"""

import datetime
from dataclasses import fields

from django.db.models import Sum

from cultivation.gc_pause import cyclic_gc_paused
from cultivation.models import AnnualProfile, PoolEntry, ProvincialScore
from cultivation.models.ladder import PoolStatus
from cultivation.rules import Facts, YearFigures
from cultivation.rules.facts import AWARD_LEVELS, MAIN_PRODUCT_FIELDS, RD_INSTITUTION_LEVELS
from registry.models import Enterprise

FIGURE_FIELDS = tuple(field.name for field in fields(YearFigures))  # "year" first, then the AnnualProfile columns
FILING_DEADLINE = (5, 31)
# The 15 特色化 points belong to the 2022 SRDI rule set; indicators of other rule sets are not summed into them.
PROVINCIAL_RULE = "srdi_sme@2022"
_CHOICES = {"rd_institution_level": RD_INSTITUTION_LEVELS, "award_level": AWARD_LEVELS, "main_product_field": MAIN_PRODUCT_FIELDS}
_CHOICE_POSITIONS = tuple((FIGURE_FIELDS.index(name), allowed) for name, allowed in _CHOICES.items())
_DIGITALISATION = FIGURE_FIELDS.index("digitalisation_level")


def last_year(on):
    return on.year - 1


def filing_open(on):
    """True until 31 May: last year's figures may not be filed yet."""
    return on <= datetime.date(on.year, *FILING_DEADLINE)


def _within(queryset, enterprises, path):
    if enterprises is None:
        return queryset
    return queryset.filter(**{f"{path}__in": enterprises.order_by().values("pk")})


def figures_from_row(row):
    """A YearFigures from the profile columns; a stored value the rules cannot read becomes None (missing)."""
    try:
        return YearFigures(*row)
    except ValueError:
        cleaned = list(row)
        for position, allowed in _CHOICE_POSITIONS:
            if cleaned[position] not in allowed:
                cleaned[position] = None
        level = cleaned[_DIGITALISATION]
        if level is not None and not 1 <= level <= 4:
            cleaned[_DIGITALISATION] = None
        return YearFigures(*cleaned)


def _blank_choices_to_none(row):
    # A blank choice saved as "" means "not reported", which the rules spell None.
    if "" in row:
        return tuple(None if value == "" else value for value in row)
    return row


def profiles_by_firm(enterprises, years):
    """{enterprise id: {year: YearFigures}} for the given years."""
    rows = _within(AnnualProfile.objects.filter(year__in=years), enterprises, "enterprise").values_list("enterprise_id", *FIGURE_FIELDS)
    by_firm = {}
    for row in rows.iterator(chunk_size=5000):
        by_firm.setdefault(row[0], {})[row[1]] = figures_from_row(_blank_choices_to_none(row[1:]))
    return by_firm


def valid_title_entries(enterprises, on):
    """The entries whose title is held validly on `on`: recognised, recognised by then and not past valid-until."""
    entries = PoolEntry.objects.filter(status=PoolStatus.RECOGNISED, recognised_on__lte=on).exclude(valid_until__lt=on)
    return _within(entries, enterprises, "enterprise")


def valid_titles_by_firm(enterprises, on):
    """{enterprise id: tier codes} held validly on `on`."""
    titles = {}
    for enterprise_id, code in valid_title_entries(enterprises, on).values_list("enterprise_id", "tier__code"):
        titles.setdefault(enterprise_id, set()).add(code)
    return {enterprise_id: frozenset(codes) for enterprise_id, codes in titles.items()}


def provincial_points_by_firm(enterprises, years):
    """{(enterprise id, year): points} summed over active provincial indicators; firms with no scores are absent."""
    scores = ProvincialScore.objects.filter(indicator__active=True, indicator__rule=PROVINCIAL_RULE, profile__year__in=years)
    rows = _within(scores, enterprises, "profile__enterprise").values_list("profile__enterprise_id", "profile__year").annotate(total=Sum("points")).order_by()
    return {(enterprise_id, year): total for enterprise_id, year, total in rows}


def base_year_for(profiles, on):
    """The year the rules call 上年 for one firm (see the module docstring)."""
    year = last_year(on)
    if year not in profiles and year - 1 in profiles and filing_open(on):
        return year - 1
    return year


def facts_by_firm(enterprises=None, *, on):
    """{enterprise id: Facts as of `on`} for `enterprises` (a queryset; None for all firms), in four queries."""
    years = range(last_year(on) - 3, last_year(on) + 1)
    firms = (Enterprise.objects.all() if enterprises is None else enterprises).order_by().values_list("pk", "niche_entry_year")
    no_profiles, no_titles = {}, frozenset()
    book = {}
    with cyclic_gc_paused():
        profiles = profiles_by_firm(enterprises, years)
        titles = valid_titles_by_firm(enterprises, on)
        points = provincial_points_by_firm(enterprises, years)
        for enterprise_id, niche_entry_year in firms.iterator(chunk_size=5000):
            mine = profiles.get(enterprise_id, no_profiles)
            base = base_year_for(mine, on)
            book[enterprise_id] = Facts(
                as_of=on,
                current=mine.get(base),
                prior=mine.get(base - 1),
                prior2=mine.get(base - 2),
                niche_entry_year=niche_entry_year,
                valid_titles=titles.get(enterprise_id, no_titles),
                provincial_points=points.get((enterprise_id, base)),
            )
    return book
