"""A hand-edited or stale URL gets the plain page back, never a server error."""

import datetime
from urllib.parse import parse_qsl

import pytest
from django.apps import apps
from django.contrib import admin
from django.db import models
from django.urls import reverse
from django.views.defaults import server_error

from registry.dates import today
from registry.admin_guards import HandTypedUrlGuard
from registry.admin_site import RegistryAdminSite
from registry.models import IndustryChain, Region, Zone
from tests.dbstate import database_checksum
from tests.factories import make_annual_profile, make_enterprise, make_entry, make_monthly_report

MONTHLY = reverse("admin:cultivation_monthlyreport_changelist")
FIRMS = reverse("admin:registry_enterprise_changelist")
POOL = reverse("admin:cultivation_poolentry_changelist")
PROBLEMS = reverse("admin:assistance_problem_changelist")
SERVICES = reverse("admin:assistance_servicerecord_changelist")

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url, params",
    [
        (MONTHLY, {"period": "abc"}),
        (MONTHLY, {"period": "2024-13-01"}),
        (MONTHLY, {"period": "2024-06-15"}),
        (MONTHLY, {"zone": "x"}),
        (MONTHLY, {"county": "999999"}),
        (MONTHLY, {"chain": "-1"}),
        (MONTHLY, {"source": "neither"}),
        (FIRMS, {"division": "zz"}),
        (FIRMS, {"meets_tier": "no_such_tier"}),
        (FIRMS, {"archived": "maybe"}),
        (POOL, {"expiry": "someday"}),
        (PROBLEMS, {"overdue": "forever"}),
        (PROBLEMS, {"county": "999999"}),
        (SERVICES, {"zone": "x"}),
    ],
)
def test_a_filter_value_the_list_does_not_offer_shows_the_plain_list(admin_client, url, params):
    response = admin_client.get(url, params)
    assert (response.status_code, response["Location"]) == (302, f"{url}?e=1")
    assert admin_client.get(response["Location"]).status_code == 200


def test_an_older_period_or_an_import_number_still_filters(admin_client):
    firm = make_enterprise()
    old = make_monthly_report(firm, "2019-01", output_value=5)
    response = admin_client.get(MONTHLY, {"period": "2019-01-01"})
    assert [report.pk for report in response.context["cl"].result_list] == [old.pk]
    assert admin_client.get(MONTHLY, {"source": "12345"}).status_code == 200


def test_an_export_link_with_a_filter_it_cannot_apply_returns_to_the_list_with_a_message(admin_client):
    response = admin_client.get(reverse("admin:registry_enterprise_export"), {"zone": "x"}, follow=True)
    assert response.redirect_chain[-1][0] == FIRMS
    assert "筛选条件无效，请在列表中重新筛选后再导出。" in response.content.decode()


def test_the_progress_page_falls_back_to_this_year_for_a_year_out_of_range(admin_client):
    response = admin_client.get(reverse("admin:cultivation_target_progress"), {"year": "99999"})
    assert response.status_code == 200 and response.context["year"] == today().year


POOL_ADD = reverse("admin:cultivation_poolentry_add")
IMPORTS = reverse("admin:registry_importrecord_changelist")


@pytest.mark.parametrize(
    "url, params",
    [
        (POOL, {"entered_on__year": "9999"}),
        (POOL, {"entered_on__year": "1"}),
        (IMPORTS, {"created_at__year": "9999"}),
        (IMPORTS, {"created_at__year": "0"}),
        (FIRMS, {"uscc__regex": "["}),
        (FIRMS, {"name__iregex": "(("}),
        (FIRMS, {"id__in": "1,99999999999999999999"}),
        (FIRMS, {"county__id__in": "abc"}),
        (MONTHLY, {"source": "99999999999999999999"}),
        (FIRMS, {"created_at__year": "0"}),
        (FIRMS, {"updated_at__year": "99999"}),
        (FIRMS, {"archived_at__year": "10000"}),
        (MONTHLY, {"period__year": "0"}),
        (POOL, {"valid_until__year": "0"}),
        (reverse("admin:auth_user_changelist"), {"date_joined__year": "99999"}),
        (FIRMS, {"name": "\x00"}),
        (FIRMS, {"status": "\x00"}),
        (FIRMS, {"name__icontains": "\x00"}),
        (FIRMS, {"county__code__exact": "\x00"}),
        (FIRMS, {"established_on__gte": "0001-01-01"}),
        (FIRMS, {"id__range": "1"}),
        (IMPORTS, {"created_at__year": "2024", "created_at__month": "13"}),
        (IMPORTS, {"created_at__year": "2024", "created_at__month": "2", "created_at__day": "30"}),
        (IMPORTS, {"created_at__year": "2024", "created_at__month": "99999999999999999999"}),
        (MONTHLY, {"output_value": "1e999999"}),
        (PROBLEMS, {"raised_on__year": "99999"}),
        (PROBLEMS, {"due_on__gte": "0001-01-01"}),
        (PROBLEMS, {"description__icontains": "\x00"}),
        (SERVICES, {"served_on__year": "0"}),
        (SERVICES, {"id__in": "1,99999999999999999999"}),
    ],
)
def test_a_lookup_the_database_would_choke_on_shows_the_plain_list(admin_client, url, params):
    response = admin_client.get(url, params)
    assert (response.status_code, response["Location"]) == (302, f"{url}?e=1")


def test_a_date_drill_down_within_range_still_filters(admin_client):
    entry = make_entry(entered_on=datetime.date(2024, 5, 6))
    response = admin_client.get(POOL, {"entered_on__year": "2024", "entered_on__month": "5"})
    assert [row.pk for row in response.context["cl"].result_list] == [entry.pk]


@pytest.mark.parametrize("value", ["abc", "99999999999999999999"])
def test_an_add_form_link_naming_no_possible_firm_opens_the_empty_form(admin_client, value):
    response = admin_client.get(POOL_ADD, {"enterprise": value})
    assert response.status_code == 200 and response.context["adminform"].form.initial.get("enterprise") is None


def test_an_add_form_link_naming_a_firm_still_fills_it_in(admin_client):
    firm = make_enterprise()
    response = admin_client.get(POOL_ADD, {"enterprise": str(firm.pk)})
    assert response.context["adminform"].form.initial["enterprise"] == str(firm.pk)


@pytest.mark.parametrize("value", ["abc", "99999999999999999999"])
def test_an_action_on_a_tampered_selection_changes_nothing(admin_client, value):
    firm = make_enterprise()
    before = database_checksum()
    response = admin_client.post(FIRMS, {"action": "delete_selected", "_selected_action": [str(firm.pk), value]}, follow=True)
    assert "所选记录无效，没有执行任何操作" in response.content.decode()
    assert database_checksum() == before


def test_a_tampered_list_edit_is_a_form_error(admin_client):
    url = reverse("admin:registry_industrychain_changelist")
    chain = IndustryChain.objects.first()
    response = admin_client.post(url, {"form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "1", "form-0-id": "99999999999999999999", "form-0-sort_order": "7", "_save": "1"})
    assert response.status_code == 200 and response.context["cl"].formset.errors
    chain.refresh_from_db()
    assert chain.sort_order != 7


@pytest.mark.parametrize("path", ["abc/history/", "{pk}/history/abc/", "{pk}/history/99999999999999999999/"])
def test_a_malformed_history_address_is_a_chinese_not_found_page(admin_client, path):
    firm = make_enterprise()
    response = admin_client.get(FIRMS + path.format(pk=firm.pk))
    assert response.status_code == 404 and "页面不存在" in response.content.decode()


def test_the_server_error_page_is_in_chinese(rf):
    page = server_error(rf.get("/admin/")).content.decode()
    assert "服务器错误" in page and "舟山市企业梯度培育库" in page


@pytest.mark.parametrize("name", ["admin:auth_user_changelist", "admin:auth_group_changelist", "admin:axes_accessattempt_changelist"])
def test_djangos_own_lists_are_guarded_too(admin_client, name):
    url = reverse(name)
    response = admin_client.get(url, {"id__in": "1,99999999999999999999"})
    assert (response.status_code, response["Location"]) == (302, f"{url}?e=1")


def test_every_admin_on_the_site_is_guarded():
    unguarded = [model.__name__ for model in apps.get_models() if admin.site.is_registered(model) and not isinstance(admin.site.get_model_admin(model), HandTypedUrlGuard)]
    assert unguarded == []


NUL = "\x00"
TOO_BIG = "99999999999999999999"  # wider than any integer column


def registered_admins():
    return [admin.site.get_model_admin(model) for model in apps.get_models() if admin.site.is_registered(model)]


def compared_field(field):
    """The field a value for `field` is compared with: a relation compares with the key it points at."""
    while field.is_relation:
        field = field.target_field
    return field


def hostile_lookups(model_admin, request):
    """Query strings a hand-edited URL could carry, generated from the admin's own fields, filters and date drill-down."""
    own_filters = {item.parameter_name for item in model_admin.get_list_filter(request) if isinstance(item, type) and issubclass(item, admin.SimpleListFilter)}
    for parameter in sorted(own_filters):
        yield {parameter: NUL}
    for field in model_admin.model._meta.concrete_fields:
        name, target = field.name, compared_field(field)
        if name in own_filters or not super(HandTypedUrlGuard, model_admin).lookup_allowed(name, "", request):
            continue  # the filter checks its own values; a field the admin never filters on (a password) is Django's 400
        yield {name: NUL}
        yield {f"{name}__in": f"1,{NUL}"}
        yield {f"{name}__startswith": NUL}
        if isinstance(target, models.IntegerField):
            yield {name: TOO_BIG}
            yield {f"{name}__in": f"1,{TOO_BIG}"}
        if isinstance(target, (models.DecimalField, models.FloatField)):
            yield {name: "1e999999"}
        if isinstance(target, models.DateField):  # DateTimeField included
            yield {f"{name}__year": "0"}
            yield {f"{name}__year": "99999"}
            yield {f"{name}__month": TOO_BIG}
            yield {f"{name}__gte": "0001-01-01"}
    yield {"pk__regex": "["}
    yield {"pk__range": "1"}
    if model_admin.date_hierarchy:
        drill = model_admin.date_hierarchy
        yield {f"{drill}__year": "2024", f"{drill}__month": "13"}
        yield {f"{drill}__year": "2024", f"{drill}__month": "2", f"{drill}__day": "30"}
        yield {f"{drill}__year": "10000"}


def changelist(model_admin):
    return reverse(f"admin:{model_admin.model._meta.app_label}_{model_admin.model._meta.model_name}_changelist")


@pytest.mark.parametrize("model_admin", registered_admins(), ids=lambda model_admin: model_admin.model._meta.label)
def test_every_admin_list_shows_the_plain_list_for_a_value_its_fields_cannot_take(admin_client, admin_user, rf, model_admin):
    request = rf.get("/")
    request.user = admin_user
    url = changelist(model_admin)
    admin_client.raise_request_exception = False
    answered = {}
    for params in hostile_lookups(model_admin, request):
        response = admin_client.get(url, params)
        answered[repr(params)] = (response.status_code, response.get("Location"))
    assert {params: answer for params, answer in answered.items() if answer != (302, f"{url}?e=1")} == {}


@pytest.mark.parametrize("model_admin", registered_admins(), ids=lambda model_admin: model_admin.model._meta.label)
def test_every_admin_list_answers_a_hand_typed_search_order_or_page(admin_client, model_admin):
    url = changelist(model_admin)
    admin_client.raise_request_exception = False
    answered = {}
    for params in ({"q": NUL}, {"q": f"a{NUL}b"}, {"o": TOO_BIG}, {"o": NUL}, {"o": "1.-x.2"}, {"p": TOO_BIG}, {"p": "-1"}, {"p": NUL}, {"all": NUL}, {"_facets": "1"}):
        response = admin_client.get(url, params)
        answered[repr(params)] = response.status_code
    assert {params: status for params, status in answered.items() if status not in (200, 302)} == {}


@pytest.mark.parametrize("model_admin", registered_admins(), ids=lambda model_admin: model_admin.model._meta.label)
def test_every_admin_answers_an_object_address_naming_no_possible_row(admin_client, model_admin):
    opts = model_admin.model._meta
    admin_client.raise_request_exception = False
    answered = {}
    for view in ("change", "history", "delete"):
        for object_id in (NUL, f"a{NUL}b", TOO_BIG):
            url = reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=[object_id])
            answered[url] = admin_client.get(url).status_code
    assert {url: status for url, status in answered.items() if status not in (302, 403, 404)} == {}


def autocomplete_fields():
    for model_admin in registered_admins():
        for name in model_admin.autocomplete_fields:
            yield model_admin.model._meta.app_label, model_admin.model._meta.model_name, name


@pytest.mark.parametrize("app_label, model_name, field_name", list(autocomplete_fields()))
def test_an_autocomplete_finds_nothing_for_a_nul(admin_client, app_label, model_name, field_name):
    make_enterprise()
    url = reverse("admin:autocomplete")
    response = admin_client.get(url, {"app_label": app_label, "model_name": model_name, "field_name": field_name, "term": f"a{NUL}"})
    assert response.status_code == 200 and response.json()["results"] == []


def filter_links(cl):
    """One link of each shape every list filter offers (the same parameters with other values are checked alike), and date drill-downs."""
    links = {}
    for spec in cl.filter_specs:
        for choice in spec.choices(cl):
            links.setdefault(frozenset(key for key, _ in parse_qsl(choice["query_string"].lstrip("?"))), choice["query_string"])
    if cl.date_hierarchy:
        drill = cl.date_hierarchy
        links["year"], links["day"] = f"?{drill}__year=2024", f"?{drill}__year=2024&{drill}__month=5&{drill}__day=6"
    return sorted(links.values())


def test_every_filter_link_a_list_offers_still_filters(admin_client):
    from cultivation.models import Batch, Target

    entry = make_entry(entered_on=datetime.date(2024, 5, 6))
    make_monthly_report(entry.enterprise, "2024-05")
    make_annual_profile(entry.enterprise, 2024)
    Batch.objects.create(tier=entry.tier, name="2024年第一批", year=2024)
    Target.objects.create(tier=entry.tier, year=2024, count=3)
    refused = {}
    for model_admin in registered_admins():
        url = changelist(model_admin)
        for link in filter_links(admin_client.get(url).context["cl"]):
            response = admin_client.get(url + link)
            if response.status_code != 200:
                refused[url + link] = response.status_code
    assert refused == {}


def test_the_site_puts_the_guard_in_front_of_whatever_registers_on_it():
    site = RegistryAdminSite(name="elsewhere")
    site.register(Region)
    site.register(Zone, admin.ModelAdmin)
    assert all(isinstance(site.get_model_admin(model), HandTypedUrlGuard) for model in (Region, Zone))
    assert isinstance(admin.site, RegistryAdminSite)


@pytest.mark.parametrize("name", ["figures", "unvisited", "workload"])
@pytest.mark.parametrize("params", [{"by": "<script>"}, {"by": "\x00"}, {"export": "pdf"}, {"by": "county", "export": "xlsx\x00"}])
def test_a_report_page_ignores_a_value_it_does_not_offer(admin_client, name, params):
    response = admin_client.get(reverse(f"admin:assistance_problem_{name}"), params)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")


@pytest.mark.parametrize("value", ["abc", "99999999999999999999"])
def test_an_action_on_a_tampered_problem_selection_changes_nothing(admin_client, value):
    from tests.factories import make_problem

    problem = make_problem()
    before = database_checksum()
    response = admin_client.post(PROBLEMS, {"action": "withdraw", "_selected_action": [str(problem.pk), value], "confirm": "1", "reason": "x"}, follow=True)
    assert response.status_code == 200
    assert database_checksum() == before


@pytest.mark.parametrize("url", [reverse("admin:assistance_servicerecord_add"), reverse("admin:assistance_problem_add"), reverse("admin:assistance_firmofficer_add")])
@pytest.mark.parametrize("value", ["abc", "99999999999999999999", "\x00"])
def test_a_service_add_form_link_naming_no_possible_firm_opens_the_empty_form(admin_client, url, value):
    response = admin_client.get(url, {"enterprise": value})
    assert response.status_code == 200 and response.context["adminform"].form.initial.get("enterprise") is None


@pytest.mark.parametrize("value", ["abc", "99999999999999999999"])
def test_the_co_officer_list_ignores_a_firm_it_cannot_name(admin_client, value):
    url = reverse("admin:assistance_firmofficer_changelist")
    assert admin_client.get(url, {"enterprise": value}).status_code in (200, 302)


PROJECT_LISTS = [reverse(f"admin:projects_{name}_changelist") for name in ("project", "completionlist", "renovationlist", "majorprojectlist")]


@pytest.mark.parametrize("url", PROJECT_LISTS)
@pytest.mark.parametrize("params", [{"light": "purple"}, {"light": "red\x00"}, {"county": "x"}, {"chain": "-1"}, {"kind__id__exact": "99999999999999999999"}])
def test_a_project_list_filter_it_cannot_take_shows_the_plain_list(admin_client, url, params):
    response = admin_client.get(url, params)
    assert (response.status_code, response["Location"]) == (302, f"{url}?e=1")


@pytest.mark.parametrize("year", ["1899", "2101", "二〇二六", "99999999999999999999"])
def test_the_completion_list_refuses_a_year_out_of_range(admin_client, year):
    url = reverse("admin:projects_completionlist_changelist")
    assert admin_client.get(url, {"year": year})["Location"] == f"{url}?e=1"


@pytest.mark.parametrize("query", ["?year=99999", "?year=-1&county=999999", "?zone=abc", "?county=%00"])
def test_the_indicator_breakdown_falls_back_to_this_year_for_every_area(admin_client, query):
    response = admin_client.get(reverse("admin:projects_indicatortarget_breakdown") + query)
    assert response.status_code == 200 and "筛选条件无效" in response.content.decode()
