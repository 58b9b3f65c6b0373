"""The business calendar: today's date where the bureau is, and the years a business date may fall in."""

from django.utils import timezone

FIRST_YEAR, LAST_YEAR = 1900, 2100  # the years a business date may fall in, typed or imported


def today():
    """Today in Asia/Shanghai (TIME_ZONE), whatever the server's clock zone."""
    return timezone.localdate()
