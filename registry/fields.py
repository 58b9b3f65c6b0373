import datetime

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from .dates import FIRST_YEAR, LAST_YEAR
from .uscc import normalise_uscc


class USCCFormField(forms.CharField):
    def to_python(self, value):
        return normalise_uscc(super().to_python(value))


NUL = "\x00"  # PostgreSQL refuses it in any text parameter
EARLIEST_DATE, LATEST_DATE = datetime.date(FIRST_YEAR, 1, 1), datetime.date(LAST_YEAR, 12, 31)
DATE_RANGE_PROBLEM = _("日期应在1900年至2100年之间")
ID_DIGITS = 18  # any number this long fits a bigint, so neither SQLite nor PostgreSQL overflows


def is_database_id(text):
    """Digits that fit a bigint: anything else typed into a URL or a query string must not reach a query."""
    return text.isascii() and text.isdigit() and len(text) <= ID_DIGITS


class BusinessDateField(forms.DateField):
    """A date typed into an action form: bounded, so that adding validity years or stepping back a year cannot overflow."""

    default_validators = [MinValueValidator(EARLIEST_DATE, DATE_RANGE_PROBLEM), MaxValueValidator(LATEST_DATE, DATE_RANGE_PROBLEM)]


class USCCField(models.CharField):
    """A USCC column that stores, compares and looks up codes in normalised form."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 18)
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        return normalise_uscc(super().to_python(value))

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return value if value is None else normalise_uscc(value)

    def formfield(self, **kwargs):
        kwargs.setdefault("form_class", USCCFormField)
        # Staff paste codes with spaces; the length is checked after normalising, with a clearer message.
        kwargs.setdefault("max_length", 40)
        return super().formfield(**kwargs)


def change_reason_field():
    """The history tables' change reason, indexed: an import's page finds its rows by it."""
    return models.CharField(max_length=100, null=True, db_index=True)
