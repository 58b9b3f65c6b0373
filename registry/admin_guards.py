"""Values a hand-edited admin URL or form hands to a query as typed are checked first: a plain page, never a 500.

A query-string value is cleaned the way the admin's own form would clean it: the lookup path is resolved to
the field it compares with (after transforms such as __year or __date), the value goes through that field's
form field, and what the database cannot hold (a year out of range, an integer wider than the column, a NUL)
is refused before any query runs.
"""

import datetime

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.db.models.constants import LOOKUP_SEP
from django.db.models.functions import ExtractIsoYear, ExtractYear
from django.db.models.lookups import In, IsNull, PatternLookup, Range, Regex
from django.http import HttpResponseRedirect
from django.utils.translation import gettext

from .fields import EARLIEST_DATE, LATEST_DATE, NUL, is_database_id  # noqa: F401  (is_database_id, NUL: admin modules take them from here too)

LIST_SEPARATOR = ","  # how the changelist splits an __in value
YEAR_TRANSFORMS = (ExtractYear, ExtractIsoYear)  # turned into date bounds: a year near 1 or 9999 overflows in the time zone shift


def value_field(field):
    """The concrete field a value for `field` is compared with: a relation compares with the key it points at."""
    while field.is_relation:
        field = field.target_field
    return field


def resolve_lookup(model, lookup):
    """The field a query-string key's path ends on and the names after it (transforms, then a lookup); None when the key names no field."""
    names = lookup.split(LOOKUP_SEP)
    opts, field = model._meta, None
    for position, name in enumerate(names):
        try:
            field = opts.pk if name == "pk" else opts.get_field(name)
        except FieldDoesNotExist:
            return None if field is None else (value_field(field), names[position:])
        if not field.is_relation:
            return field, names[position + 1 :]
        if field.related_model is None:
            return None  # a generic foreign key: Django refuses to filter on it
        opts = field.related_model._meta
    return value_field(field), []


def compared_expression(field, names):
    """(expression, lookup class) as Django builds them: every name but the last is a transform; the last is a lookup or a transform then exact."""
    expression = field.get_col(field.model._meta.db_table)
    *transforms, last = names or ["exact"]
    for name in transforms:
        transform = expression.get_transform(name)
        if transform is None:
            raise ValidationError(f"unknown transform {name}")
        expression = transform(expression)
    lookup = expression.get_lookup(last)
    if lookup is None:
        transform = expression.get_transform(last)
        if transform is None:
            raise ValidationError(f"unknown lookup {last}")
        expression = transform(expression)
        lookup = expression.get_lookup("exact")
    return expression, lookup


def form_field_for(field):
    """The field's own form field, optional; an auto id has none, so a whole-number field stands in."""
    form_field = field.formfield(required=False)
    if form_field is None and isinstance(field, models.IntegerField):
        form_field = forms.IntegerField(required=False)
    return form_field


def check_value(field, text, *, years=False):
    """Raises ValidationError when `text` is no value of `field` that the database could compare with."""
    if NUL in text:
        raise ValidationError("NUL")
    form_field = form_field_for(field)
    value = form_field.clean(text) if form_field is not None else None
    if value is None:
        return
    if isinstance(field, models.IntegerField):
        field.run_validators(value)  # the column's range on this database
        if years and not EARLIEST_DATE.year <= value <= LATEST_DATE.year:
            raise ValidationError("year out of range")
    elif isinstance(value, datetime.date):
        day = value.date() if isinstance(value, datetime.datetime) else value
        if not EARLIEST_DATE <= day <= LATEST_DATE:
            raise ValidationError("date out of range")


def check_lookup(model, lookup, text):
    """Raises ValidationError for a query-string value the database could not take; a key naming no field is left to Django."""
    if NUL in text:
        raise ValidationError("NUL")
    resolved = resolve_lookup(model, lookup)
    if resolved is None:
        return
    expression, lookup_class = compared_expression(*resolved)
    if issubclass(lookup_class, IsNull):
        return  # any text reads as true or false
    if issubclass(lookup_class, (Regex, Range)):
        # A malformed pattern fails inside the database; a range needs a pair, which a query string cannot give.
        raise ValidationError(f"{lookup_class.lookup_name} not accepted")
    if issubclass(lookup_class, PatternLookup):
        return  # compared as text: only the NUL matters
    values = text.split(LIST_SEPARATOR) if issubclass(lookup_class, In) else [text]
    for value in values:
        check_value(expression.output_field, value, years=isinstance(expression, YEAR_TRANSFORMS))


def simple_filter_parameters(model_admin, request):
    """Query-string keys that belong to the admin's own list filters: each checks its value itself (registry.filters.CheckedListFilter)."""
    return {item.parameter_name for item in model_admin.get_list_filter(request) if isinstance(item, type) and issubclass(item, admin.SimpleListFilter)}


class HandTypedUrlGuard:
    """Put ahead of every registered ModelAdmin, the registry's and Django's alike, by the admin site (admin_site.py)."""

    def lookup_allowed(self, lookup, value, request):
        if not super().lookup_allowed(lookup, value, request):
            return False
        value = str(value)
        if NUL in value:
            raise IncorrectLookupParameters(lookup)
        if lookup in simple_filter_parameters(self, request):
            return True
        try:
            check_lookup(self.model, lookup, value)
        except ValidationError as problem:
            raise IncorrectLookupParameters(lookup) from problem
        return True

    def get_search_results(self, request, queryset, search_term):
        # The changelist's search form already refuses a NUL; the autocompletes pass the term on as typed.
        if NUL in search_term:
            return queryset.none(), False
        return super().get_search_results(request, queryset, search_term)

    def response_action(self, request, queryset):
        selected = request.POST.getlist(helpers.ACTION_CHECKBOX_NAME)
        if not all(self.is_possible_pk(pk) for pk in selected):
            self.message_user(request, gettext("所选记录无效，没有执行任何操作。请在列表中重新勾选。"), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())
        return super().response_action(request, queryset)

    def get_object(self, request, object_id, from_field=None):
        # Django reads the id with the field's to_python, which lets a NUL through to PostgreSQL: such an id names no row.
        field = self.model._meta.get_field(from_field) if from_field else self.model._meta.pk
        try:
            check_value(value_field(field), str(object_id))
        except ValidationError:
            return None
        return super().get_object(request, object_id, from_field)

    def get_changeform_initial_data(self, request):
        # A link such as ?enterprise=12 pre-fills the add form; a value no row could have is dropped, not queried.
        initial = super().get_changeform_initial_data(request)
        for name, value in list(initial.items()):
            try:
                field = self.model._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            try:
                for item in value if isinstance(value, list) else [value]:
                    check_value(value_field(field), str(item))
            except ValidationError:
                del initial[name]
        return initial

    def _get_edited_object_pks(self, request, prefix):
        # Django validates these ids with to_python, which lets an id too large for the database through to a query.
        return [pk for pk in super()._get_edited_object_pks(request, prefix) if self.is_possible_pk(pk)]

    def is_possible_pk(self, text):
        try:
            check_value(value_field(self.model._meta.pk), text)
        except ValidationError:
            return False
        return True


def guarded(admin_class):
    """`admin_class` with the guard in front: what the registry's admin site registers instead of it."""
    if issubclass(admin_class, HandTypedUrlGuard):
        return admin_class
    return type(admin_class.__name__, (HandTypedUrlGuard, admin_class), {"__module__": admin_class.__module__})
