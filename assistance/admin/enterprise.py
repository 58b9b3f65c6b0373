"""The firm page with what 助企服务 adds: its co-officers, service log and problems (co-officers are kept on their own list: admin/officers.py)."""

from django.contrib import admin
from django.template.loader import render_to_string
from django.utils.translation import gettext, gettext_lazy as _

from registry.models import Enterprise

from ..selectors import firm_service_log

ASSISTANCE_FIELDSETS = ((_("助企服务"), {"fields": ("service_log",)}),)


def service_log_panel(enterprise):
    """HTML for the firm page: its service records and problems with their status."""
    if enterprise.pk is None:
        return gettext("保存后显示")
    return render_to_string("admin/assistance/firm_service_log.html", firm_service_log(enterprise))


# Built on whatever firm admin is registered (the registry's, as cultivation extended it), so each app adds its part.
BaseEnterpriseAdmin = type(admin.site.get_model_admin(Enterprise))


class EnterpriseAdmin(BaseEnterpriseAdmin):
    def get_fieldsets(self, request, obj=None):
        return (*super().get_fieldsets(request, obj), *ASSISTANCE_FIELDSETS)

    def get_readonly_fields(self, request, obj=None):
        return (*super().get_readonly_fields(request, obj), "service_log")

    @admin.display(description=_("服务记录与问题诉求"))
    def service_log(self, obj):
        return service_log_panel(obj)


admin.site.unregister(Enterprise)
admin.site.register(Enterprise, EnterpriseAdmin)
