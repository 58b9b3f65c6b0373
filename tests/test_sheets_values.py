"""Cell values as staff type them: dates, periods, numbers, booleans, empties; refusals in Chinese."""

import datetime
from decimal import Decimal

import pytest

from registry.sheets.safety import neutralise, restore_neutralised
from registry.sheets.values import clean_text, is_empty, parse_bool, parse_date, parse_decimal, parse_integer, parse_period, parse_year

D = datetime.date


class DateTests:
    @pytest.mark.parametrize(
        "typed",
        ["2024-03-05", "2024/3/5", "2024年3月5日", "20240305", "2024.3.5", " 2024-03-05 ", "２０２４－０３－０５", "2024-03-05 00:00:00", 20240305, 45356.0, 45356, datetime.datetime(2024, 3, 5, 8, 30), D(2024, 3, 5)],
    )
    def test_it_reads_the_ways_staff_write_a_date(self, typed):
        assert parse_date(typed) == D(2024, 3, 5)

    @pytest.mark.parametrize("typed", [None, "", "-", "—", "－", "/", "／", "  "])
    def test_it_reads_empty_markers_as_no_date(self, typed):
        assert parse_date(typed) is None

    @pytest.mark.parametrize(
        "typed, reason",
        [("2024-13-01", "月份应在1-12之间"), ("2023-02-29", "2023年2月没有29日"), ("明年", "不是有效的日期"), ("#REF!", "Excel 错误值"), (True, "应为日期"), (3_000_000, "不是有效的日期")],
    )
    def test_it_refuses_an_impossible_date_with_a_reason(self, typed, reason):
        with pytest.raises(ValueError, match=reason):
            parse_date(typed)


class PeriodTests:
    @pytest.mark.parametrize(
        "typed",
        ["2024-03", "2024/3", "2024年3月", "2024年03月份", "202403", "2024.03", "2024-03-17", 202403, 202403.0, 2024.03, D(2024, 3, 17), datetime.datetime(2024, 3, 1), 45352.0],
    )
    def test_it_reads_a_month_as_its_first_day(self, typed):
        assert parse_period(typed) == D(2024, 3, 1)

    def test_it_reads_october_typed_with_two_digits(self):
        assert parse_period("2024.10") == D(2024, 10, 1)
        assert parse_period(2024.12) == D(2024, 12, 1)

    @pytest.mark.parametrize("typed, reason", [("2024-13", "月份应在1-12之间"), (202413, "月份应在1-12之间"), ("三月", "不是有效的统计期"), (2024.1, "有歧义"), (2024, "不是有效的统计期")])
    def test_it_refuses_a_bad_period_with_a_reason(self, typed, reason):
        with pytest.raises(ValueError, match=reason):
            parse_period(typed)


class NumberTests:
    @pytest.mark.parametrize(
        "typed, number",
        [
            ("1,234.5", Decimal("1234.5")),
            ("１，２３４．５", Decimal("1234.5")),
            (" 1 234.5 ", Decimal("1234.5")),
            ("12.5%", Decimal("12.5")),
            ("-3", Decimal("-3")),
            ("（120）", Decimal("-120")),
            (1234.5, Decimal("1234.5")),
            (0.1, Decimal("0.1")),
            (7, Decimal("7")),
        ],
    )
    def test_it_reads_numbers_as_staff_type_them(self, typed, number):
        assert parse_decimal(typed) == number

    @pytest.mark.parametrize("typed", [None, "", "-", "—", "/", "／"])
    def test_it_reads_empty_markers_as_no_number(self, typed):
        assert parse_decimal(typed) is None

    @pytest.mark.parametrize("typed, reason", [("十二", "不是有效的数值"), ("#DIV/0!", "Excel 错误值"), ("NaN", "不是有效的数值"), (True, "应为数值"), (D(2024, 1, 1), "应为数值")])
    def test_it_refuses_what_is_not_a_number(self, typed, reason):
        with pytest.raises(ValueError, match=reason):
            parse_decimal(typed)

    def test_it_reads_whole_numbers_and_refuses_fractions_as_integers(self):
        assert parse_integer("1,200") == 1200
        assert parse_integer(35.0) == 35
        with pytest.raises(ValueError, match="应为整数"):
            parse_integer("12.5")

    def test_it_reads_a_year(self):
        assert parse_year("2018") == 2018
        assert parse_year(D(2018, 5, 1)) == 2018
        with pytest.raises(ValueError, match="四位数字"):
            parse_year("18")


class BooleanTests:
    @pytest.mark.parametrize("typed", ["是", "Y", "y", "√", "1", 1, 1.0, True, "TRUE", " 是 "])
    def test_it_reads_yes(self, typed):
        assert parse_bool(typed) is True

    @pytest.mark.parametrize("typed", ["否", "N", "n", "×", "0", 0, False, "FALSE"])
    def test_it_reads_no(self, typed):
        assert parse_bool(typed) is False

    def test_it_reads_blank_as_unknown_and_refuses_other_words(self):
        assert parse_bool("-") is None
        with pytest.raises(ValueError, match="应为“是”或“否”"):
            parse_bool("也许")


class TextTests:
    def test_it_trims_spaces_including_full_width(self):
        assert clean_text("\u3000舟山海星 ") == "舟山海星"

    def test_it_reads_empty_markers_as_empty_text(self):
        assert clean_text("—") == "" and clean_text(None) == ""
        assert is_empty("／") and not is_empty(0)

    def test_it_writes_whole_number_cells_without_a_decimal_point(self):
        assert clean_text(13800000000.0) == "13800000000"

    def test_it_undoes_export_neutralising(self):
        for text in ["=SUM(A1)", "+86 580", "-5", "@x", "\tx"]:
            assert clean_text(neutralise(text)) == text.strip()
        assert restore_neutralised("'abc") == "'abc"
