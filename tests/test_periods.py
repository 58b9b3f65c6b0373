import datetime

from cultivation.monitoring.periods import Windows, is_future, month_start, months_from, period_label, same_month_last_year, shift_months

D = datetime.date


class PeriodArithmeticTests:
    def test_it_takes_the_first_day_of_a_leap_day_month(self):
        assert month_start(D(2024, 2, 29)) == D(2024, 2, 1)

    def test_it_shifts_across_year_ends(self):
        assert shift_months(D(2024, 1, 1), -1) == D(2023, 12, 1)
        assert shift_months(D(2024, 2, 1), -11) == D(2023, 3, 1)
        assert shift_months(D(2023, 12, 1), 1) == D(2024, 1, 1)
        assert shift_months(D(2024, 1, 1), -25) == D(2021, 12, 1)

    def test_it_finds_the_same_month_last_year(self):
        assert same_month_last_year(D(2024, 2, 1)) == D(2023, 2, 1)

    def test_it_lists_months_inclusively(self):
        assert months_from(D(2023, 11, 1), D(2024, 2, 1)) == [D(2023, 11, 1), D(2023, 12, 1), D(2024, 1, 1), D(2024, 2, 1)]
        assert months_from(D(2024, 3, 1), D(2024, 2, 1)) == []

    def test_it_treats_only_later_months_as_future(self):
        today = D(2024, 2, 29)
        assert not is_future(D(2024, 2, 1), today)
        assert is_future(D(2024, 3, 1), today)

    def test_it_labels_periods_in_chinese(self):
        assert period_label(D(2024, 2, 1)) == "2024年2月"


class WindowsTests:
    def test_it_bounds_a_january(self):
        windows = Windows(D(2024, 1, 1))
        assert windows.year_to_date == (D(2024, 1, 1), D(2024, 1, 1))
        assert windows.year_to_date_last_year == (D(2023, 1, 1), D(2023, 1, 1))
        assert windows.trailing_12 == (D(2023, 2, 1), D(2024, 1, 1))
        assert windows.before_period == (D(2023, 1, 1), D(2023, 12, 1))
        assert windows.months_of_year == [D(2024, 1, 1)]

    def test_it_bounds_a_leap_february(self):
        windows = Windows(D(2024, 2, 1))
        assert windows.month_last_year == D(2023, 2, 1)
        assert windows.year_to_date == (D(2024, 1, 1), D(2024, 2, 1))
        assert windows.trailing_12 == (D(2023, 3, 1), D(2024, 2, 1))
