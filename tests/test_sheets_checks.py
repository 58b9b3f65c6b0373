"""The header vocabulary is collected from the declared resources; mistakes in a declaration are system checks."""

import pytest
from django.core import checks
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from registry.models import Enterprise
from registry.sheets import headers
from registry.sheets.columns import Column
from registry.sheets.reader import read_rows
from registry.sheets.resources import SheetResource
from registry.sheets.widgets import DecimalCell, TextCell
from tests.factories import xlsx_bytes


@pytest.fixture
def declared_here():
    """Resources a test declares are withdrawn after it."""
    declared = list(headers.DECLARED)
    yield
    headers.DECLARED[:] = declared


def declare_resource(*columns):
    meta = type("Meta", (), {"model": Enterprise, "import_id_fields": ("uscc",)})
    return type("TestResource", (SheetResource,), {"columns": columns, "Meta": meta, "__module__": __name__})


def sheet_errors():
    return [(error.id, error.msg) for error in checks.run_checks(tags=["sheets"])]


@pytest.mark.usefixtures("declared_here")
class DeclaredColumnCheckTests:
    def test_it_reports_nothing_for_the_resources_as_shipped(self):
        assert sheet_errors() == []

    def test_it_reports_an_alias_claimed_by_two_headers(self):
        declare_resource(Column("注册资本", "notes", TextCell(), aliases=("资本", "信用代码")))
        assert sheet_errors() == [("sheets.E001", "The header or alias '信用代码' is claimed by '统一社会信用代码' and by '注册资本'.")]

    def test_it_reports_an_alias_that_spells_another_header(self):
        declare_resource(Column("注册资本", "notes", TextCell(), aliases=("企业 名称",)))
        assert [code for code, _ in sheet_errors()] == ["sheets.E001"]

    def test_it_reports_a_column_that_names_no_field(self):
        declare_resource(Column("注册资本", "registered_capital", DecimalCell(), unit="万元"))
        assert sheet_errors() == [("sheets.E002", "The column '注册资本' names 'registered_capital', which is no field of Enterprise and has no dehydrate_registered_capital().")]

    def test_it_follows_a_field_through_its_relations(self):
        declare_resource(Column("注册资本", "county__parent__name", TextCell()), Column("资本", "county__nowhere", TextCell()))
        assert [message for _, message in sheet_errors()] == ["The column '资本' names 'county__nowhere', which is no field of Enterprise and has no dehydrate_county__nowhere()."]

    def test_it_reports_a_unit_it_does_not_know(self):
        declare_resource(Column("注册资本", "notes", DecimalCell(), unit="美元"))
        assert [code for code, _ in sheet_errors()] == ["sheets.E003"]

    def test_manage_py_check_reports_the_clash(self):
        declare_resource(Column("注册资本", "notes", TextCell(), aliases=("信用代码",)))
        with pytest.raises(SystemCheckError, match="sheets.E001"):
            call_command("check")


@pytest.mark.usefixtures("declared_here")
class VocabularyTests:
    def test_it_reads_the_aliases_a_resource_declares(self):
        declare_resource(Column("注册资本", "notes", TextCell(), aliases=("注册资金",)))
        assert headers.canonical_header("注册资金（万元）") == "注册资本"

    def test_a_header_shared_by_resources_shares_its_aliases(self):
        # The firm list declares 统一社会信用代码's aliases; the monthly and pool columns of that header read them too.
        assert headers.canonical_header("信用代码") == "统一社会信用代码"
        assert headers.match_headers(["信用代码"], [Column("统一社会信用代码", "enterprise", TextCell())]).names == ["统一社会信用代码"]

    def test_the_parse_child_finds_the_header_row_with_what_this_process_declared(self):
        declare_resource(Column("注册资本", "notes", TextCell(), aliases=("注册资金",)), Column("实缴资本", "short_name", TextCell()))
        sheet = read_rows(xlsx_bytes([["2026年企业资本情况"], ["注册资金", "实缴资本"], ["100", "50"]]), "capital.xlsx")
        assert sheet.headers == ["注册资金", "实缴资本"]
        assert sheet.header_row_number == 2
