"""The firm page with what projects add: the firm's projects, each with its figures and light, linked to its page."""

from django.contrib import admin
from django.template.loader import render_to_string
from django.utils.translation import gettext, gettext_lazy as _, pgettext_lazy

from registry.models import Enterprise

from ..selectors import projects_of_firm

PROJECT_FIELDSETS = ((pgettext_lazy("plural", "工业项目"), {"fields": ("projects",)}),)


def firm_projects_html(enterprise):
    return render_to_string("admin/projects/firm_projects.html", {"projects": projects_of_firm(enterprise)})


# Built on whatever firm admin is registered (the registry's, as the apps before this one extended it), so each app adds its part.
BaseEnterpriseAdmin = type(admin.site.get_model_admin(Enterprise))


class EnterpriseAdmin(BaseEnterpriseAdmin):
    def get_fieldsets(self, request, obj=None):
        return (*super().get_fieldsets(request, obj), *PROJECT_FIELDSETS)

    def get_readonly_fields(self, request, obj=None):
        return (*super().get_readonly_fields(request, obj), "projects")

    @admin.display(description=_("企业的工业项目"))
    def projects(self, obj):
        return firm_projects_html(obj) if obj.pk is not None else gettext("保存后显示")


admin.site.unregister(Enterprise)
admin.site.register(Enterprise, EnterpriseAdmin)
