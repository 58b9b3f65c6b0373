"""What every 助企服务 admin shares: rows, firms and colleagues limited to the user's area and the firms they serve."""

from django.contrib.admin.utils import unquote
from django.http import Http404
from django.utils.translation import gettext

from registry.colleagues import colleagues
from registry.models import display_name

from ..scope import assistance_scope, served_firms

OFFICER_FIELDS = ("officer", "officers")


class AssistanceScopedMixin:
    """Put it before the ModelAdmin base; `scope_prefix` is the path from the listed model to its firm."""

    scope_prefix = "enterprise__"

    def get_queryset(self, request):
        return super().get_queryset(request).filter(assistance_scope(request.user, self.scope_prefix))

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (form,), {"acting_user": request.user})  # the form's checks are the services', for this user

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "enterprise":
            kwargs["queryset"] = served_firms(request.user)
        return _officers_as_colleagues(db_field, request, kwargs, super().formfield_for_foreignkey)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        return _officers_as_colleagues(db_field, request, kwargs, super().formfield_for_manytomany)

    def ensure_in_scope(self, request, object_id):
        if self.get_object(request, unquote(object_id)) is None:
            raise Http404(gettext("不存在或无权访问"))


def start_inline_log(formsets):
    """Inline rows are written by the services, not formset.save(): the admin's log message still reads these lists."""
    for formset in formsets:
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []


def _officers_as_colleagues(db_field, request, kwargs, make_field):
    """An officer field (one or many) offers the user's colleagues, named as colleagues write them."""
    if db_field.name in OFFICER_FIELDS:
        kwargs["queryset"] = colleagues(request.user).order_by("last_name", "first_name", "username")
    field = make_field(db_field, request, **kwargs)
    if db_field.name in OFFICER_FIELDS and field is not None:
        field.label_from_instance = display_name
    return field
