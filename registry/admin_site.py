"""The admin site of the registry: its names, and the URL guard in front of every ModelAdmin registered on it."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .admin_guards import guarded


class RegistryAdminSite(admin.AdminSite):
    site_header = _("舟山市企业梯度培育库")
    site_title = _("企业梯度培育库")
    index_title = _("工作台")
    site_url = None  # the admin is the whole site: no "view site" link back to itself

    def register(self, model_or_iterable, admin_class=None, **options):
        # Django's and django-axes' admins register here too, as the default site: each gets the guard.
        super().register(model_or_iterable, guarded(admin_class or admin.ModelAdmin), **options)

