"""What the rule sets read: one firm's yearly figures and the facts around them.

Money is in 万元 (10,000 yuan) as Decimal, percentages are Decimal percent
(12.5 means 12.5 %), and None always means "not reported".
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

RD_INSTITUTION_LEVELS = frozenset({"national", "provincial", "city", "other", "none"})
AWARD_LEVELS = frozenset({"national", "provincial", "none"})
MAIN_PRODUCT_FIELDS = frozenset({"key_gap", "strategic", "other"})


@dataclass(frozen=True, slots=True)
class YearFigures:
    """One firm's figures for one year; the field names are the AnnualProfile columns."""

    year: int
    revenue: Decimal | None = None
    main_business_revenue: Decimal | None = None
    net_profit: Decimal | None = None
    total_assets: Decimal | None = None
    total_liabilities: Decimal | None = None
    rd_expense: Decimal | None = None
    employees: int | None = None
    rd_staff: int | None = None
    ip_class1_count: int | None = None
    ip_class1_high_value_count: int | None = None
    ip_class1_self_developed_count: int | None = None
    ip_class2_count: int | None = None
    rd_institution_level: str | None = None
    digitalisation_level: int | None = None
    quality_items: int | None = None
    niche_market_share: Decimal | None = None
    niche_market_rank: int | None = None
    global_market_rank: int | None = None
    equity_financing_2y: Decimal | None = None
    equity_financing_3y: Decimal | None = None
    award_level: str | None = None
    award_rank: int | None = None
    maker_china_top500: bool | None = None
    high_tech_title: bool | None = None
    strategic_emerging_product: bool | None = None
    main_product_field: str | None = None
    fills_key_gap: bool | None = None
    platform_score: Decimal | None = None
    evaluation_score: Decimal | None = None
    new_product: bool | None = None

    def __post_init__(self):
        # Choice fields are checked here so a typo cannot silently score as "none".
        _check_choice("rd_institution_level", self.rd_institution_level, RD_INSTITUTION_LEVELS)
        _check_choice("award_level", self.award_level, AWARD_LEVELS)
        _check_choice("main_product_field", self.main_product_field, MAIN_PRODUCT_FIELDS)
        if self.digitalisation_level is not None and not 1 <= self.digitalisation_level <= 4:
            raise ValueError(f"digitalisation_level must be 1–4, got {self.digitalisation_level!r}")


@dataclass(frozen=True, slots=True)
class Facts:
    """Everything one evaluation may look at, as known on `as_of`.

    `current` is the last completed year ("上年" in the criteria), `prior` the year
    before it and `prior2` the one before that.
    """

    as_of: date
    current: YearFigures | None = None
    prior: YearFigures | None = None
    prior2: YearFigures | None = None
    niche_entry_year: int | None = None
    valid_titles: frozenset[str] = field(default_factory=frozenset)
    provincial_points: Decimal | None = None
    is_review: bool = False

    def __post_init__(self):
        # The rules compare neighbouring years, so the three slots must be consecutive.
        years = [
            (offset, figures.year)
            for offset, figures in enumerate((self.current, self.prior, self.prior2))
            if figures is not None
        ]
        if len({year + offset for offset, year in years}) > 1:
            raise ValueError(f"current/prior/prior2 must be consecutive years, got {years!r}")

    @property
    def base_year(self) -> int:
        """The year of `current`, inferred from the other slots or `as_of` when absent."""
        for offset, figures in enumerate((self.current, self.prior, self.prior2)):
            if figures is not None:
                return figures.year + offset
        return self.as_of.year - 1


def _check_choice(name, value, allowed):
    if value is not None and value not in allowed:
        raise ValueError(f"{name} must be one of {sorted(allowed)}, got {value!r}")
