"""A hand-edited or stale URL gets the plain page back, never a server error."""

import pytest
from django.urls import reverse

from cultivation.ladder.services import today
from tests.factories import make_enterprise, make_monthly_report

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
