"""Demo annual profiles: three years per firm, shaped so that some firms pass each tier and others
fail it for different reasons (weak R&D, high debt, too little main business, missing figures…)."""

from decimal import Decimal

from django.db import transaction

from cultivation.models import AnnualProfile, ProvincialIndicator, ProvincialScore

from .firm_facts import PROVINCIAL_RULE, valid_titles_by_firm

CENTS = Decimal("0.01")

# name → figures shared by every year; "growth" is the yearly revenue growth, shares are fractions.
PROFILES = {
    "innovative_ready": dict(revenue=(800, 6000), growth=0.12, main=0.75, rd=0.045, debt=0.50, margin=0.06, staff=(30, 300), rd_staff=0.12, ip=(1, 0, 0, 3), institution="city", strategic=True),
    "weak_rd": dict(revenue=(500, 4000), growth=0.03, main=0.65, rd=0.006, debt=0.62, margin=0.03, staff=(20, 200), rd_staff=0.04, ip=(0, 0, 0, 1), institution="none", strategic=False),
    "high_debt": dict(revenue=(600, 5000), growth=-0.04, main=0.55, rd=0.018, debt=0.86, margin=0.01, staff=(20, 250), rd_staff=0.06, ip=(0, 0, 0, 2), institution="none", strategic=False),
    "srdi_ready": dict(revenue=(3000, 12000), growth=0.10, main=0.86, rd=0.05, debt=0.45, margin=0.09, staff=(80, 400), rd_staff=0.18, ip=(3, 1, 2, 5), institution="provincial", strategic=True, platform=68, evaluation=55, digital=3, quality=2, field="strategic", provincial=Decimal(10)),
    "srdi_low_main": dict(revenue=(2500, 9000), growth=0.06, main=0.72, rd=0.04, debt=0.55, margin=0.05, staff=(60, 300), rd_staff=0.12, ip=(1, 0, 1, 3), institution="city", strategic=True, platform=61, digital=2, quality=1, field="other", provincial=Decimal(6)),
    "srdi_thin_rd": dict(revenue=(2000, 6000), growth=0.05, main=0.88, rd=0.022, debt=0.58, margin=0.04, staff=(50, 260), rd_staff=0.08, ip=(1, 0, 0, 2), institution="city", strategic=False, platform=52, digital=2, quality=1, field="other"),
    "giant_ready": dict(revenue=(15000, 35000), growth=0.08, main=0.93, rd=0.05, debt=0.50, margin=0.10, staff=(200, 900), rd_staff=0.20, ip=(6, 2, 4, 12), institution="provincial", strategic=True, platform=74, evaluation=72, digital=3, quality=3, field="key_gap", share=Decimal(15), rank=2, provincial=Decimal(12)),
    "giant_few_ip": dict(revenue=(9000, 20000), growth=0.06, main=0.91, rd=0.05, debt=0.60, margin=0.07, staff=(150, 700), rd_staff=0.15, ip=(2, 0, 2, 8), institution="provincial", strategic=True, platform=66, evaluation=63, digital=3, quality=2, field="strategic", share=Decimal(8), rank=5, provincial=Decimal(9)),
    "billion_champion": dict(revenue=(120000, 300000), growth=0.07, main=0.95, rd=0.03, debt=0.55, margin=0.06, staff=(1200, 3000), rd_staff=0.10, ip=(20, 5, 15, 40), institution="national", strategic=True, global_rank=2, share=Decimal(30), rank=1),
    "large_below_billion": dict(revenue=(45000, 95000), growth=0.02, main=0.90, rd=0.02, debt=0.65, margin=0.04, staff=(1000, 2000), rd_staff=0.06, ip=(8, 1, 5, 20), institution="provincial", strategic=False, global_rank=12),
    "near_scale": dict(revenue=(1600, 2600), growth=0.09, main=0.92, rd=0.015, debt=0.60, margin=0.04, staff=(15, 90), rd_staff=0.05, ip=(0, 0, 0, 1), institution="none", strategic=False),
}
# Firms with no title to build on cycle through these; "incomplete", "current_only" and "not_reported" leave figures missing.
UNTITLED_CYCLE = ("innovative_ready", "weak_rd", "high_debt", "incomplete", "innovative_ready", "current_only", "zero_revenue", "not_reported")


def _money(value):
    return Decimal(str(value)).quantize(CENTS)


def year_figures(rng, shape, year, years_back, revenue_now):
    revenue = revenue_now / (1 + shape["growth"]) ** years_back
    assets = revenue * rng.uniform(0.9, 1.6)
    staff = rng.randint(*shape["staff"])
    class1, high_value, self_developed, class2 = shape["ip"]
    return {
        "year": year,
        "revenue": _money(revenue),
        "main_business_revenue": _money(revenue * shape["main"]),
        "net_profit": _money(revenue * shape["margin"]),
        "total_assets": _money(assets),
        "total_liabilities": _money(assets * shape["debt"]),
        "rd_expense": _money(revenue * shape["rd"]),
        "employees": staff,
        "rd_staff": int(staff * shape["rd_staff"]),
        "ip_class1_count": class1,
        "ip_class1_high_value_count": high_value,
        "ip_class1_self_developed_count": self_developed,
        "ip_class2_count": class2,
        "rd_institution_level": shape["institution"],
        "digitalisation_level": shape.get("digital"),
        "quality_items": shape.get("quality"),
        "niche_market_share": shape.get("share"),
        "niche_market_rank": shape.get("rank"),
        "global_market_rank": shape.get("global_rank"),
        "equity_financing_2y": Decimal(0),
        "equity_financing_3y": Decimal(0),
        "award_level": "none",
        "maker_china_top500": False,
        "high_tech_title": False,
        "strategic_emerging_product": shape["strategic"],
        "main_product_field": shape.get("field", "other"),
        "fills_key_gap": shape.get("field") == "key_gap",
        "platform_score": shape.get("platform"),
        "evaluation_score": shape.get("evaluation"),
        "new_product": False,
    }


def shape_for(firm, position, titles):
    held = titles.get(firm.pk, frozenset())
    if firm.size_class == "large":
        return "billion_champion" if position % 2 == 0 else "large_below_billion"
    if "srdi_sme" in held:
        return ("giant_ready", "giant_few_ip")[position % 2]
    if "innovative_sme" in held:
        return ("srdi_ready", "srdi_low_main", "srdi_ready", "srdi_thin_rd")[position % 4]
    if not firm.is_above_scale and position % 3 == 0:
        return "near_scale"
    return UNTITLED_CYCLE[position % len(UNTITLED_CYCLE)]


def profiles_for(rng, firm, shape_name, base_year):
    """Three AnnualProfile rows (or fewer, for the shapes that miss data) and the provincial points."""
    shape = PROFILES.get(shape_name, PROFILES["innovative_ready"])
    revenue_now = rng.uniform(*shape["revenue"])
    rows = [year_figures(rng, shape, base_year - back, back, revenue_now) for back in (2, 1, 0)]
    if shape_name == "not_reported":
        rows = []
    elif shape_name == "current_only":
        rows = rows[-1:]
    elif shape_name == "incomplete":
        for row in rows:
            row.update(total_assets=None, total_liabilities=None, ip_class1_count=None, ip_class2_count=None, strategic_emerging_product=None)
    elif shape_name == "zero_revenue":
        rows[-1].update(revenue=Decimal(0), main_business_revenue=Decimal(0), net_profit=Decimal(0), rd_expense=Decimal(0))
    return [AnnualProfile(enterprise=firm, **row) for row in rows], shape.get("provincial")


@transaction.atomic
def seed_annual_profiles(rng, firms, today):
    """Profiles for the last three completed years of every demo firm; skipped when they exist already."""
    if not firms or AnnualProfile.objects.filter(enterprise__in=firms).exists():
        return 0
    titles = valid_titles_by_firm(None, today)
    base_year = today.year - 1
    profiles, points = [], []
    for position, firm in enumerate(firms):
        rows, provincial = profiles_for(rng, firm, shape_for(firm, position, titles), base_year)
        profiles.extend(rows)
        points.append(provincial)
    AnnualProfile.objects.bulk_create(profiles, batch_size=2000)
    seed_provincial_scores(profiles, firms, points, base_year)
    return len(profiles)


def seed_provincial_scores(profiles, firms, points, base_year):
    indicator = ProvincialIndicator.objects.filter(rule=PROVINCIAL_RULE, active=True).order_by("sort_order").first()
    if indicator is None:
        return
    current = {profile.enterprise_id: profile for profile in profiles if profile.year == base_year}
    scores = [
        ProvincialScore(profile=current[firm.pk], indicator=indicator, points=min(value, indicator.max_points))
        for firm, value in zip(firms, points)
        if value is not None and firm.pk in current
    ]
    ProvincialScore.objects.bulk_create(scores)
