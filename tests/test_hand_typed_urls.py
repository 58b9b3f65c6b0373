"""A hand-edited or stale URL gets the plain page back, never a server error."""

import datetime

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse
from django.views.defaults import server_error

from cultivation.ladder.services import today
from registry.admin_guards import HandTypedUrlGuard
from registry.models import IndustryChain
from tests.dbstate import database_checksum
from tests.factories import make_enterprise, make_entry, make_monthly_report

MONTHLY = reverse("admin:cultivation_monthlyreport_changelist")
FIRMS = reverse("admin:registry_enterprise_changelist")
POOL = reverse("admin:cultivation_poolentry_changelist")

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
