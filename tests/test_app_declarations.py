"""registry knows nothing of cultivation: the roles, the audited models, the demo and the firm admin are
composed from what each app declares."""

import io

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import RequestFactory

from assistance.admin.enterprise import EnterpriseAdmin as AssistanceEnterpriseAdmin
from assistance.demo import seed_assistance
from assistance.models import ServiceRecord
from cultivation.admin.enterprise import EnterpriseAdmin as CultivationEnterpriseAdmin
from cultivation.eligibility.demo import seed_annual_profiles
from cultivation.ladder.demo import seed_ladder
from cultivation.models import AnnualProfile, MonthlyReport, PoolEntry
from cultivation.monitoring.demo import seed_monthly_reports
from projects.demo import seed_projects
from projects.models import Project, ProjectProgress
from registry.admin import EnterpriseAdmin as RegistryEnterpriseAdmin
from registry.audit import audited_models
from registry.demo import demo_steps
from registry.models import Enterprise
from registry.roles import CITY_ADMIN, OFFICER, VIEWER, sync_roles
from tests.factories import make_user


def role_codenames():
    return {group.name: sorted(group.permissions.values_list("content_type__app_label", "codename")) for group in Group.objects.filter(name__in=(CITY_ADMIN, OFFICER, VIEWER))}


@pytest.mark.django_db
class RoleCompositionTests:
    def test_migrate_gives_the_roles_everything_sync_roles_gives(self):
        migrated = role_codenames()
        call_command("sync_roles", stdout=io.StringIO())
        assert role_codenames() == migrated
        assert ("cultivation", "import_monthlyreport") in migrated[OFFICER] and ("registry", "change_enterprise") in migrated[OFFICER]

    def test_the_officer_gets_what_each_app_declares(self):
        declared = {(config.label, codename) for config in apps.get_app_configs() for codename in getattr(config, "officer_permissions", ())}
        assert set(role_codenames()[OFFICER]) == declared

    def test_an_app_that_declares_more_gives_the_officer_more(self, monkeypatch):
        cultivation = apps.get_app_config("cultivation")
        monkeypatch.setattr(cultivation, "officer_permissions", (*cultivation.officer_permissions, "add_tier"))
        sync_roles(apps)
        assert ("cultivation", "add_tier") in role_codenames()[OFFICER]


class AuditedModelTests:
    def test_it_lists_the_models_each_app_declares_in_app_order(self):
        assert audited_models() == [Enterprise, PoolEntry, AnnualProfile, MonthlyReport, ServiceRecord, Project, ProjectProgress]


class ImportKindTests:
    def test_an_import_record_names_each_apps_kind_and_every_sheet_names_a_declared_kind(self):
        from registry.models import ImportRecord
        from registry.sheets.resources import SheetResource

        assert [code for code, _ in ImportRecord._meta.get_field("kind").choices] == ["enterprises", "pool", "monthly", "annual", "service_records", "projects", "project_progress", "indicator_targets"]
        assert ImportRecord(kind="service_records").get_kind_display() == "服务记录"
        declared = {code for code, _ in ImportRecord._meta.get_field("kind").choices}
        sheets = [resource for resource in all_subclasses(SheetResource) if resource.import_kind]
        assert len(sheets) >= 8 and {resource.import_kind for resource in sheets} <= declared


def all_subclasses(cls):
    return [sub for direct in cls.__subclasses__() for sub in (direct, *all_subclasses(direct))]


class DemoStepTests:
    def test_it_runs_the_apps_steps_after_the_firms_in_the_declared_order(self):
        assert demo_steps() == [seed_ladder, seed_annual_profiles, seed_monthly_reports, seed_assistance, seed_projects]


@pytest.mark.django_db
class FirmAdminExtensionTests:
    def test_cultivation_registers_its_extension_of_the_registrys_firm_admin(self):
        model_admin = admin.site.get_model_admin(Enterprise)
        assert isinstance(model_admin, AssistanceEnterpriseAdmin) and isinstance(model_admin, CultivationEnterpriseAdmin) and isinstance(model_admin, RegistryEnterpriseAdmin)

    def test_the_firm_list_keeps_its_columns_filters_and_actions_in_order(self):
        request = RequestFactory().get("/admin/registry/enterprise/")
        request.user = make_user("boss", superuser=True)
        model_admin = admin.site.get_model_admin(Enterprise)
        assert list(model_admin.get_list_display(request)) == ["name", "uscc", "county", "zone", "industry_display", "chain_names", "highest_tier", "is_above_scale", "size_class", "officer_name", "status", "profile_link"]
        assert [getattr(item, "__name__", item) for item in model_admin.get_list_filter(request)] == ["CountyListFilter", "ZoneListFilter", "IndustryDivisionListFilter", "chains", "is_above_scale", "size_class", "status", "service_officer", "ArchivedListFilter", "MeetsTierListFilter"]
        assert list(model_admin.get_actions(request)) == ["delete_selected", "archive", "add_passing_firms_to_batch"]
        assert [str(name) for name, _ in model_admin.get_fieldsets(request)][-5:] == ["最新月度数据", "培育梯度", "条件测评", "助企服务", "工业项目"]

    def test_the_registrys_firm_admin_alone_shows_nothing_of_cultivation(self):
        request = RequestFactory().get("/admin/registry/enterprise/")
        request.user = make_user("boss", superuser=True)
        model_admin = RegistryEnterpriseAdmin(Enterprise, admin.site)
        assert "highest_tier" not in model_admin.get_list_display(request)
        assert not {"latest_figures", "ladder", "eligibility"} & set(model_admin.get_readonly_fields(request))
