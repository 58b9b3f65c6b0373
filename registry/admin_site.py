"""The admin site of the registry: its names, the home page (工作台), the sidebar in the order of the daily work, and the
URL guard in front of every ModelAdmin registered on it."""

from django.contrib import admin
from django.urls import reverse
from django.utils.translation import gettext, gettext_lazy as _

from . import workbench
from .admin_guards import guarded

REFERENCE_ORDER = 1000  # a ModelAdmin without a `workbench_order` is a reference table: listed after the daily pages


class RegistryAdminSite(admin.AdminSite):
    site_header = _("舟山市企业梯度培育库")
    site_title = _("企业梯度培育库")
    index_title = _("工作台")
    index_template = "admin/registry/workbench.html"
    site_url = None  # the admin is the whole site: no "view site" link back to itself

    def register(self, model_or_iterable, admin_class=None, **options):
        # Django's and django-axes' admins register here too, as the default site: each gets the guard.
        super().register(model_or_iterable, guarded(admin_class or admin.ModelAdmin), **options)

    def index(self, request, extra_context=None):
        todo_groups = [(group, [{"label": todo.label, "count": todo.count(request), "url": todo.url(request)} for todo in todos]) for group, todos in workbench.grouped(workbench.todos(request))]
        context = {"todo_groups": todo_groups, "app_list": self.get_app_list(request, downloads=True), **(extra_context or {})}
        return super().index(request, context)

    def get_app_list(self, request, app_label=None, *, downloads=False):
        """The sidebar and the home page: the daily pages by group, then the daily lists, then each app's reference tables."""
        apps = super().get_app_list(request, app_label)
        if app_label is not None:
            return apps
        daily, reference = [], []
        for app in apps:
            for model in app["models"]:
                model["workbench_order"] = getattr(self._registry.get(model.get("model")), "workbench_order", REFERENCE_ORDER)
            daily += [model for model in app["models"] if model["workbench_order"] < REFERENCE_ORDER]
            rest = [model for model in app["models"] if model["workbench_order"] >= REFERENCE_ORDER]
            if rest:
                reference.append({**app, "models": rest})
        lists = [_section("daily-lists", gettext("日常名单"), sorted(daily, key=lambda model: model["workbench_order"]))] if daily else []
        return [*self.shortcut_sections(request, downloads=downloads), *lists, *reference]

    def shortcut_sections(self, request, *, downloads):
        shortcuts = [item for item in workbench.shortcuts(request) if downloads or item.in_sidebar]
        return [
            _section(f"daily-{number}", group, [_page_link(f"daily-{number}-{position}", item.label, item.url(request)) for position, item in enumerate(items)])
            for number, (group, items) in enumerate(workbench.grouped(shortcuts))
        ]


def _section(label, name, models):
    # app_url with a fragment: Django marks the section whose app_url is in the path as current, and "/admin/" is in every path.
    return {"name": name, "app_label": label, "app_url": reverse("admin:index") + "#" + label, "has_module_perms": True, "models": models}


def _page_link(slug, name, url):
    """A daily page in the shape of an app-list model: the sidebar and the home page draw it like a list."""
    return {"name": name, "object_name": slug, "admin_url": url, "add_url": None, "view_only": True, "perms": {"view": True}}
