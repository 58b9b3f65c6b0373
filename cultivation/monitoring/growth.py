"""Year-on-year growth, defined once: as a database expression (the selectors annotate it, the monthly summary is
indexed on it) and, beside it, for two sums already read."""

from django.db.models import Case, ExpressionWrapper, F, FloatField, Value, When


def growth_percent(current, previous):
    """Year-on-year growth in percent; empty when last year's figure is missing or zero."""
    change = (F(current) - F(previous)) * Value(100.0) / F(previous)
    return Case(When(**{f"{previous}__gt": 0}, then=ExpressionWrapper(change, output_field=FloatField())), default=None, output_field=FloatField())


def growth_of(current, previous):
    """The same growth of two sums already read (the dashboard's statement returns sums): a float, or None."""
    return float((current - previous) * 100 / previous) if current is not None and previous is not None and previous > 0 else None
