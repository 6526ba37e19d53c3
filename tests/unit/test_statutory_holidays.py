"""Provisional years: the 13 statutory rest days (放假办法, domain.md §6.5) counted without a notice."""

from datetime import date

import holidays
import pytest

from gongkai_desktop.core.clock import compute_clock
from gongkai_desktop.core.statutory_holidays import TABLE_YEARS, lunar_dates_known, statutory_rest_days

NAMES = {
    "New Year's Day": "元旦", "Chinese New Year's Eve": "春节", "Chinese New Year (Spring Festival)": "春节",
    "Tomb-Sweeping Day": "清明节", "Labor Day": "劳动节", "Dragon Boat Festival": "端午节",
    "Mid-Autumn Festival": "中秋节", "National Day": "国庆节",
}


@pytest.mark.parametrize("year", list(TABLE_YEARS))
def test_table_matches_the_holidays_package_statutory_dates(year):
    """The shipped table equals holidays.China's statutory dates ('observed' guesses ignored)."""
    expected: dict[date, str] = {}
    for d, label in holidays.China(years=year).items():
        parts = [p for p in label.split("; ") if "observed" not in p]
        if parts and d.year == year:
            expected[d] = "、".join(dict.fromkeys(NAMES[p] for p in parts))
    assert statutory_rest_days(year) == expected


@pytest.mark.parametrize("year", list(TABLE_YEARS))
def test_thirteen_statutory_days_per_year(year):
    days = statutory_rest_days(year)
    # 13 days; 12 dates when 中秋 falls within 国庆 (2028, 2031)
    names = [n for v in days.values() for n in v.split("、")]
    assert len(names) == 13
    assert names.count("春节") == 4 and names.count("劳动节") == 2 and names.count("国庆节") == 3
    assert date(year, 1, 1) in days and date(year, 10, 3) in days


def test_outside_the_table_only_fixed_dates_are_known():
    assert not lunar_dates_known(2040)
    assert sorted(statutory_rest_days(2040)) == [date(2040, 1, 1), date(2040, 5, 1), date(2040, 5, 2),
                                                  date(2040, 10, 1), date(2040, 10, 2), date(2040, 10, 3)]


def test_2027_new_year_is_a_rest_day_without_a_notice(calendar):
    assert 2027 not in calendar.known_years
    assert not calendar.is_workday(date(2027, 1, 1))  # 元旦 (Friday)
    assert not calendar.is_workday(date(2027, 2, 8))  # 正月初三 (Monday)
    assert calendar.is_workday(date(2027, 2, 9))  # 调休 unknown: counted as a working day, provisional
    assert calendar.holiday_name(date(2027, 2, 5)) == "春节"  # 除夕
    assert "调休待通知" in calendar.describe(date(2027, 1, 1))


def test_case_received_2026_12_04_is_not_due_on_new_years_day(calendar):
    # 12/7–12/31 = 19 working days; 1/1 元旦 off; 1/2–1/3 weekend; 20th = Monday 1/4
    r = compute_clock(date(2026, 12, 4), [], calendar, today=date(2026, 12, 7))
    assert r.due == date(2027, 1, 4)
    assert r.provisional and r.unknown_years == [2027]
    text = "\n".join(r.trail)
    assert "1月1日元旦放假（法定节假日；该年调休安排尚未公布），不计入。" in text
    assert "2027年尚无国务院节假日安排，除法定节假日外按周一至周五推算（调休尚未公布），结果为暂定。" in text


def test_today_alone_in_an_unknown_year_does_not_flag(calendar):
    r = compute_clock(date(2026, 3, 2), [], calendar, today=date(2027, 1, 5))
    assert r.due == date(2026, 3, 30)
    assert not r.provisional and r.unknown_years == []
    assert r.status.value == "已逾期"


def test_a_late_reply_counted_into_an_unknown_year_is_flagged(calendar):
    from gongkai_desktop.core.clock import Event, EventKind

    # due 2026-12-01 (received 2026-11-03); replied 2027-01-05: its lateness is counted across 2027 days
    r = compute_clock(date(2026, 11, 3), [Event(EventKind.REPLIED, date(2027, 1, 5))], calendar,
                      today=date(2027, 1, 6))
    assert r.late_reply and r.provisional and r.unknown_years == [2027]
