"""Picking a colleague (助企专员, 责任人) on a firm's or a pool entry's form without the user admin.

Django's autocomplete asks the user admin for view permission, which officers do not have and should not get;
this picker asks the form's own admin instead, and lists only active staff an officer works with.
"""

from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.contrib.admin.widgets import AutocompleteSelect
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.db.models.functions import Concat
from django.urls import path, reverse

from .fields import NUL
from .models import display_name
from .scope import allowed_areas


def colleagues(user):
    """Active staff `user` may make responsible for a firm: everyone for city-wide staff; for an officer, staff of their area or of the whole city."""
    staff = get_user_model().objects.filter(is_active=True, is_staff=True)
    areas = allowed_areas(user)
    if not areas:
        return staff
    city_wide = Q(staff_profile__isnull=True) | Q(staff_profile__county__isnull=True, staff_profile__zone__isnull=True)
    return staff.filter(city_wide | Q(staff_profile__county__in=areas["county"]) | Q(staff_profile__zone__in=areas["zone"]))


def matching(users, term):
    """Users whose login or full name (family name first, as colleagues write it: 周海军) holds every word of the term."""
    if NUL in term:
        return users.none()
    users = users.annotate(full_name=Concat("last_name", "first_name"))
    for word in term.split():
        users = users.filter(Q(username__icontains=word) | Q(full_name__icontains=word))
    return users


def colleague_fields(model_admin, request):
    """The admin's autocomplete fields that point at a user."""
    fields = (model_admin.model._meta.get_field(name) for name in model_admin.get_autocomplete_fields(request))
    return {field.name: field for field in fields if field.related_model is get_user_model()}


class ColleagueAutocompleteView(AutocompleteJsonView):
    """The picker's search: allowed to whoever may add or change the form's rows; results from colleagues()."""

    source_admin = None

    def process_request(self, request):
        field = colleague_fields(self.source_admin, request).get(request.GET.get("field_name"))
        if field is None:
            raise PermissionDenied
        return request.GET.get("term", ""), self.source_admin, field, field.target_field.attname

    def has_perm(self, request, obj=None):
        return self.source_admin.has_add_permission(request) or self.source_admin.has_change_permission(request)

    def get_queryset(self):
        users = colleagues(self.request.user).complex_filter(self.source_field.get_limit_choices_to())
        return matching(users, self.term).order_by("last_name", "first_name", "username")

    def serialize_result(self, obj, to_field_name):
        return {"id": str(getattr(obj, to_field_name)), "text": display_name(obj)}


class ColleagueSelect(AutocompleteSelect):
    """Django's autocomplete widget, searching through the form's own admin."""

    def get_url(self):
        opts = self.field.model._meta
        return reverse(f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_colleagues")


class ColleaguePickerMixin:
    """For a ModelAdmin whose autocomplete_fields name a user: the picker works for everyone who may fill in the form."""

    def get_urls(self):
        opts = self.model._meta
        view = ColleagueAutocompleteView.as_view(admin_site=self.admin_site, source_admin=self)
        return [path("colleagues/", self.admin_site.admin_view(view), name=f"{opts.app_label}_{opts.model_name}_colleagues"), *super().get_urls()]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in colleague_fields(self, request):
            kwargs.setdefault("widget", ColleagueSelect(db_field, self.admin_site, using=kwargs.get("using")))
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if field is not None and isinstance(field.widget, ColleagueSelect):
            field.label_from_instance = display_name  # the name the search results show
        return field
