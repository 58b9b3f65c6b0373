"""Every admin page opens on the demo data, for the city administrator and for a county officer: no server error."""

import io

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import reverse

from registry.models import StaffProfile
from registry.roles import OFFICER, VIEWER
from tests.factories import make_user

CUSTOM_PAGES = [
    "admin:cultivation_monthlyreport_dashboard",
    "admin:cultivation_monthlyreport_watchlists",
    "admin:cultivation_target_progress",
    "admin:cultivation_candidate_list",
    "admin:registry_enterprise_import",
    "admin:registry_enterprise_export",
    "admin:registry_enterprise_import_template",
    "admin:cultivation_poolentry_import",
    "admin:cultivation_monthlyreport_import",
    "admin:cultivation_annualprofile_import",
]


@pytest.fixture
def demo(db):
    call_command("seed_demo", enterprises=40, seed=3, stdout=io.StringIO())


def admin_pages(user):
    """The changelist, the add page (where adding is allowed) and the first object's change and history pages of every registered model."""
    request = RequestFactory().get("/admin/")
    request.user = user
    for model, model_admin in admin.site._registry.items():
        info = (model._meta.app_label, model._meta.model_name)
        yield reverse("admin:%s_%s_changelist" % info)
        if model_admin.has_add_permission(request):
            yield reverse("admin:%s_%s_add" % info)
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            yield reverse("admin:%s_%s_change" % info, args=[first.pk])
            yield reverse("admin:%s_%s_history" % info, args=[first.pk])


def user_with(role, county=None):
    user = make_user(f"{role}-{county}")
    user.groups.add(Group.objects.get(name=role))
    if county:
        StaffProfile.objects.create(user=user, county_id=county)
    return user


@pytest.mark.django_db
@pytest.mark.usefixtures("demo")
class AdminPageTests:
    @pytest.mark.parametrize("who, language", [("superuser", "zh-hans"), ("superuser", "en"), (OFFICER, "zh-hans"), (VIEWER, "zh-hans")])
    def test_every_page_answers_without_a_server_error(self, client, settings, who, language):
        user = make_user("boss", superuser=True) if who == "superuser" else user_with(who, "330902" if who == OFFICER else None)
        client.force_login(user)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        statuses = {}
        for url in [*admin_pages(user), *(reverse(name) for name in CUSTOM_PAGES), reverse("admin:index")]:
            statuses[url] = client.get(url).status_code
        assert {url: status for url, status in statuses.items() if status >= 500} == {}
        if who == "superuser":
            assert {url: status for url, status in statuses.items() if status != 200} == {}
        index = client.get(reverse("admin:index")).content.decode()
        assert ("Workbench" if language == "en" else "工作台") in index and ("Recent actions" if language == "en" else "最近动作") not in index
