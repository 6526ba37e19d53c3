"""Working-day calendar: hand-checked examples (domain.md §6.2) and a day-by-day check of the shipped data
against an independent source (the `holidays` package)."""

from datetime import date, timedelta

import pytest

from gongkai_desktop.core.workdays import DayOverride, WorkCalendar, cn_date


def test_domain_example_20_working_days_across_spring_festival(calendar):
    # Fri 2026-01-30 → passes 2/14 (Sat, working), skips 2/15–2/23, includes 2/28 (Sat, working)
    assert calendar.add_workdays(date(2026, 1, 30), 20) == date(2026, 3, 5)


def test_domain_example_correction_window(calendar):
    assert calendar.add_workdays(date(2026, 2, 10), 7) == date(2026, 2, 26)


def test_working_days_per_year(calendar):
    assert calendar.workdays_in_year(2026) == 248
    assert calendar.workdays_in_year(2025) == 248


@pytest.mark.parametrize("d", ["2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"])
def test_2026_makeup_working_weekends(calendar, d):
    day = date.fromisoformat(d)
    assert day.weekday() >= 5
    assert calendar.is_workday(day)
    assert calendar.is_makeup_workday(day)


def test_2026_weekday_rest_days_are_exactly_the_19(calendar):
    rest = {
        d for d in (date(2026, 1, 1) + timedelta(n) for n in range(365))
        if d.weekday() < 5 and not calendar.is_workday(d)
    }
    expected = {date.fromisoformat(s) for s in (
        "2026-01-01 2026-01-02 2026-02-16 2026-02-17 2026-02-18 2026-02-19 2026-02-20 2026-02-23 2026-04-06 "
        "2026-05-01 2026-05-04 2026-05-05 2026-06-19 2026-09-25 2026-10-01 2026-10-02 2026-10-05 2026-10-06 "
        "2026-10-07"
    ).split()}
    assert rest == expected


def test_every_day_2019_to_2026_matches_independent_source(calendar):
    holidays = pytest.importorskip("holidays")
    cn = holidays.China(years=range(2019, 2027))
    d = date(2019, 1, 1)
    mismatches = []
    while d <= date(2026, 12, 31):
        if calendar.is_workday(d) != cn.is_working_day(d):
            mismatches.append(d)
        d += timedelta(days=1)
    assert mismatches == []


def test_counting_conventions(calendar):
    # (a, b]: the start day is never counted
    assert calendar.count_workdays(date(2026, 3, 2), date(2026, 3, 2)) == 0
    assert calendar.count_workdays(date(2026, 3, 2), date(2026, 3, 3)) == 1
    assert calendar.add_workdays(date(2026, 3, 2), 0) == date(2026, 3, 2)
    assert calendar.subtract_workdays(date(2026, 3, 5), 20) == date(2026, 1, 30)


def test_unknown_year_is_reported(calendar):
    assert calendar.unknown_years_between(date(2026, 12, 10), date(2027, 1, 8)) == [2027]
    assert calendar.unknown_years_between(date(2026, 1, 1), date(2026, 12, 31)) == []
    # unknown years fall back to Monday–Friday
    assert calendar.is_workday(date(2027, 1, 4))
    assert not calendar.is_workday(date(2027, 1, 2))


def test_override_beats_official_data():
    cal = WorkCalendar.from_arrangements([], [DayOverride(date(2026, 3, 4), False, "防汛停工")])
    assert not cal.is_workday(date(2026, 3, 4))
    assert "防汛停工" in cal.describe(date(2026, 3, 4))


def test_describe_days(calendar):
    assert calendar.describe(date(2026, 10, 10)).startswith("调休上班")
    assert calendar.describe(date(2026, 10, 5)) == "国庆节放假"
    assert calendar.describe(date(2026, 3, 4)) == "工作日"
    assert calendar.describe(date(2026, 3, 7)) == "周末"


def test_cn_date_has_no_zero_padding():
    assert cn_date(date(2026, 3, 5)) == "2026年3月5日"
    assert cn_date(date(2026, 3, 5), with_year=False, with_weekday=True) == "3月5日（周四）"
