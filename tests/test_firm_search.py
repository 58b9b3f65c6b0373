"""Searching figures and pool entries by their firm: one subquery on the firm table, which PostgreSQL answers from trigram indexes."""

import pytest
from django.db import connection
from django.urls import reverse

from cultivation.models import MonthlyReport
from registry.firm_search import firm_search, firms_matching
from tests.factories import make_enterprise, make_entry, make_monthly_report

MONTHLY = reverse("admin:cultivation_monthlyreport_changelist")
POOL = reverse("admin:cultivation_poolentry_changelist")


@pytest.fixture
def firms(db):
    ship = make_enterprise(name="舟山长宏国际船舶修造有限公司", short_name="长宏船舶", uscc="91330900MA28A0B12X")
    fish = make_enterprise(name="普陀水产有限公司", short_name="普水")
    for firm in (ship, fish):
        make_monthly_report(firm, "2024-05", output_value=1)
    make_entry(ship, "innovative_sme", document_number="浙经信〔2024〕12号")
    make_entry(fish, "innovative_sme", document_number="浙经信〔2024〕99号")
    return ship, fish


@pytest.mark.django_db
class FirmSearchTests:
    @pytest.mark.parametrize("term", ["长宏国际", "长宏船舶", "ma28a0b12", "船舶 国际", '"长宏国际船舶"'])
    def test_it_finds_figures_by_name_short_name_or_uscc(self, admin_client, firms, term):
        rows = list(admin_client.get(MONTHLY, {"q": term}).context["cl"].result_list)
        assert [row.enterprise for row in rows] == [firms[0]]

    def test_every_term_must_match(self, admin_client, firms):
        assert list(admin_client.get(MONTHLY, {"q": "长宏 水产"}).context["cl"].result_list) == []

    def test_pool_entries_match_their_own_document_number_too(self, admin_client, firms):
        rows = list(admin_client.get(POOL, {"q": "99号"}).context["cl"].result_list)
        assert [row.enterprise for row in rows] == [firms[1]]
        assert [row.enterprise for row in admin_client.get(POOL, {"q": "长宏"}).context["cl"].result_list] == [firms[0]]

    def test_it_asks_the_firm_table_in_a_subquery(self, firms):
        sql = str(firm_search(MonthlyReport.objects.all(), "长宏").query)
        assert "IN (SELECT" in sql and "JOIN" not in sql.split("IN (SELECT")[0]

    def test_postgresql_answers_from_the_trigram_index(self, firms):
        if connection.vendor != "postgresql":
            pytest.skip("trigram indexes exist on PostgreSQL only")
        with connection.cursor() as cursor:
            # A test table is tiny: the planner is made to show that it can use the index (a term needs three characters for a trigram).
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_indexscan = off")
            sql, params = firms_matching("长宏国际").order_by().query.sql_with_params()
            cursor.execute("EXPLAIN " + sql, params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
        assert all(f"registry_enterprise_{column}_upper_trgm" in plan for column in ("name", "short_name", "uscc")), plan
