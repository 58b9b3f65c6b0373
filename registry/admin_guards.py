"""Values a hand-edited admin URL or form hands to a query as typed are checked first: a plain page, never a 500."""

import re

from django.apps import apps
from django.contrib import messages
from django.contrib.admin import helpers
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models.constants import LOOKUP_SEP
from django.http import HttpResponseRedirect
from django.utils.translation import gettext

from .fields import EARLIEST_DATE, LATEST_DATE

ID_DIGITS = 18  # any number this long fits a bigint, so neither SQLite nor PostgreSQL overflows
WHOLE_NUMBER = re.compile(rf"-?\d{{1,{ID_DIGITS}}}")
PATTERN_LOOKUPS = {"regex", "iregex"}  # a malformed pattern fails inside the database, after the checks


def is_database_id(text):
    """Digits that fit a bigint: anything else typed into a URL or a query string must not reach a query."""
    return text.isascii() and text.isdigit() and len(text) <= ID_DIGITS


def last_field(model, lookup):
    """The model field a lookup path ends on (before any transform or lookup name), or None."""
    field = None
    for part in lookup.split(LOOKUP_SEP):
        try:
            field = model._meta.pk if part == "pk" else model._meta.get_field(part)
        except FieldDoesNotExist:
            break
        model = field.related_model
        if model is None:
            break
    return field


def takes_whole_numbers(field):
    target = getattr(field, "target_field", None) if field.is_relation else field
    return isinstance(target, models.IntegerField)  # AutoField and BigAutoField included


def whole_numbers(text):
    return all(WHOLE_NUMBER.fullmatch(part.strip()) for part in text.split(","))


class HandTypedUrlGuard:
    """Put ahead of every registered ModelAdmin, the registry's and Django's alike, by guard_every_admin."""

    def lookup_allowed(self, lookup, value, request):
        name = lookup.rsplit(LOOKUP_SEP, 1)[-1]
        if name in PATTERN_LOOKUPS:
            raise IncorrectLookupParameters(lookup)
        if self.date_hierarchy and lookup == f"{self.date_hierarchy}__year":
            # Django adds a year to it and converts it to UTC: years near 1 and 9999 overflow.
            if not (is_database_id(value) and EARLIEST_DATE.year <= int(value) <= LATEST_DATE.year):
                raise IncorrectLookupParameters(lookup)
        field = last_field(self.model, lookup)
        if field is not None and name != "isnull" and takes_whole_numbers(field) and not whole_numbers(value):
            raise IncorrectLookupParameters(lookup)
        return super().lookup_allowed(lookup, value, request)

    def response_action(self, request, queryset):
        selected = request.POST.getlist(helpers.ACTION_CHECKBOX_NAME)
        if takes_whole_numbers(self.model._meta.pk) and not all(WHOLE_NUMBER.fullmatch(pk) for pk in selected):
            self.message_user(request, gettext("所选记录无效，没有执行任何操作。请在列表中重新勾选。"), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())
        return super().response_action(request, queryset)

    def get_changeform_initial_data(self, request):
        # A link such as ?enterprise=12 pre-fills the add form; a value no row could have is dropped, not queried.
        initial = super().get_changeform_initial_data(request)
        for name, value in list(initial.items()):
            field = last_field(self.model, name)
            if field is not None and field.is_relation and takes_whole_numbers(field):
                values = value if isinstance(value, list) else [value]
                if not all(WHOLE_NUMBER.fullmatch(str(item)) for item in values):
                    del initial[name]
        return initial

    def _get_edited_object_pks(self, request, prefix):
        # Django validates these ids with to_python, which lets an id too large for the database through to a query.
        pks = super()._get_edited_object_pks(request, prefix)
        return [pk for pk in pks if WHOLE_NUMBER.fullmatch(pk)] if takes_whole_numbers(self.model._meta.pk) else pks


def guard_every_admin(site):
    """Every admin on the site, including Django's and django-axes' own (users, groups, login attempts), gets the guard."""
    for model in apps.get_models():
        if site.is_registered(model) and not isinstance(site.get_model_admin(model), HandTypedUrlGuard):
            model_admin = site.get_model_admin(model).__class__
            site.unregister(model)
            site.register(model, type(model_admin.__name__, (HandTypedUrlGuard, model_admin), {}))
