"""One firm's verdict for every tier, with each indicator ready to show: for the firm page's panel and its profile."""

from decimal import Decimal

from django.utils.translation import gettext

from cultivation.rules.wording import plain_number
from registry import dates

from .data_items import CHOICE_LABELS, VERDICTS, verdict
from .selectors import firm_eligibility

CHOICE_LABELS_BY_INDICATOR = {**CHOICE_LABELS, "rd_institution": CHOICE_LABELS["rd_institution_level"]}


def shown(value, code=""):
    if value is None:
        return "—"
    if isinstance(value, bool):
        return gettext("是") if value else gettext("否")
    if isinstance(value, Decimal):
        return plain_number(value)
    labels = CHOICE_LABELS_BY_INDICATOR.get(code)
    return labels.get(value, value) if labels else value


def with_unit(text, indicator):
    """A number with the unit it is measured in (万元, %, 项, 人…); a yes/no, a choice or "—" stays as it is."""
    if indicator.unit and isinstance(indicator.value, (int, float, Decimal)) and not isinstance(indicator.value, bool):
        return f"{text}{indicator.unit}"
    return text


def indicator_rows(evaluation):
    return [
        {
            "label": indicator.label,
            "value": with_unit(shown(indicator.value, indicator.code), indicator),
            "band": indicator.band,
            "points": "" if indicator.points is None else f"{shown(indicator.points)} / {shown(indicator.max_points)}",
        }
        for indicator in evaluation.indicators
    ]


def panel_row(line):
    said = verdict(line.evaluation)  # Chinese, as in the candidate list; translated for the page
    return {"line": line, "verdict": gettext(said), "incomplete": said == VERDICTS[2], "indicators": indicator_rows(line.evaluation)}


def firm_verdicts(enterprise, *, on=None):
    """The context of admin/cultivation/eligibility/panel.html: every tier's verdict on `on` (default today)."""
    on = on or dates.today()
    return {"tiers": [panel_row(line) for line in firm_eligibility(enterprise, on=on)], "on": on, "enterprise": enterprise}
