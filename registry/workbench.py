"""What the home page (工作台), a firm's one-page profile (一企一档) and the monitoring dashboard show, declared by each app.

An installed app may hold a `workbench.py` that registers its to-dos, shortcuts and profile sections; those
modules are discovered like `admin.py`, so the registry shows the other apps' work without importing them.
Every callable takes the request, so each count, link and section stays within the user's area.
"""

from dataclasses import dataclass
from typing import Callable

from django.urls import reverse
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _

from .jobs import jobs_to_follow
from .sheets.previews import previews_waiting


@dataclass(frozen=True)
class Todo:
    """A count of waiting work that links to the list showing exactly those rows."""

    label: str
    group: str  # the heading it is shown under, e.g. 培育库, 月度监测
    count: Callable  # (request) -> int
    url: Callable  # (request) -> str: the filtered list
    permission: str  # "app_label.codename" the user needs to see it
    order: int = 100


@dataclass(frozen=True)
class Shortcut:
    """A daily page: on the home page and, in the same order, at the top of the sidebar."""

    label: str
    group: str
    url: Callable  # (request) -> str
    permission: str
    order: int = 100
    in_sidebar: bool = True  # False for a download (an import template): the home page lists it, the sidebar does not


@dataclass(frozen=True)
class ProfileSection:
    """One part of a firm's profile page: a template and the context it needs."""

    title: str
    template: str
    context: Callable  # (request, enterprise) -> dict
    permission: str
    order: int = 100


@dataclass(frozen=True)
class DashboardPanel:
    """A block of the monitoring dashboard, for the period and the firms its filters chose."""

    title: str
    template: str
    context: Callable  # (request, period, enterprises) -> dict; enterprises None means every firm
    permission: str
    order: int = 100


_declared = {Todo: [], Shortcut: [], ProfileSection: [], DashboardPanel: []}
_discovered = False


def register(item):
    """Called from an app's workbench.py; returns the item, so a module can keep a name for it."""
    _declared[type(item)].append(item)
    return item


def _items(kind, request):
    global _discovered
    if not _discovered:
        _discovered = True
        autodiscover_modules("workbench")
    return sorted((item for item in _declared[kind] if request.user.has_perm(item.permission)), key=lambda item: item.order)


def todos(request):
    return _items(Todo, request)


def shortcuts(request):
    return _items(Shortcut, request)


def grouped(items):
    """[(group, [item, …]), …] in the order of each group's first item (the items come sorted by order)."""
    groups = {}
    for item in items:
        groups.setdefault(str(item.group), []).append(item)
    return list(groups.items())


def profile_sections(request):
    return _items(ProfileSection, request)


def dashboard_panels(request):
    return _items(DashboardPanel, request)


# The registry's own daily pages: this module is its app's workbench.py as well. Other apps file their imports under the same headings.
IMPORTS, TEMPLATES = _("导入"), _("导入模板")
register(Shortcut(_("导入企业名录"), IMPORTS, lambda request: reverse("admin:registry_enterprise_import"), "registry.import_enterprise", order=50))
register(Shortcut(_("企业名录模板"), TEMPLATES, lambda request: reverse("admin:registry_enterprise_import_template"), "registry.import_enterprise", order=70, in_sidebar=False))
JOBS = _("后台任务")
register(Todo(_("进行中的后台任务"), JOBS, lambda request: jobs_to_follow(request.user, "running").count(), lambda request: reverse("admin:registry_job_changelist") + "?mine=running", "registry.view_job", order=400))
register(Todo(_("近7天失败的后台任务"), JOBS, lambda request: jobs_to_follow(request.user, "failed").count(), lambda request: reverse("admin:registry_job_changelist") + "?mine=failed", "registry.view_job", order=401))
register(Todo(_("待确认的导入"), IMPORTS, lambda request: previews_waiting(request.user).count(), lambda request: reverse("admin:registry_importpreview_changelist"), "registry.view_importpreview", order=70))
