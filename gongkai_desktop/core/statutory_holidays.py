"""The 13 statutory rest days of years with no State Council notice yet (《全国年节及纪念日放假办法》, 2024 revision).

元旦 1/1; 春节 农历除夕至正月初三; 清明节 (the 清明 solar term); 劳动节 5/1–5/2; 端午节 农历五月初五; 中秋节 农历八月十五;
国庆节 10/1–10/3 (domain.md §6.1, §6.5). They are rest days whatever the yearly notice says; only the 调休 (which
weekdays are also off, which weekends are worked, the make-up day for a holiday on a weekend) waits for the
notice, so a year counted with these days is still provisional. Before the 2024 revision (in force 2025)
劳动节 was one day and 春节 three (初一至初三); outside the table only the fixed solar dates of the year's law are
known.

The lunar and solar-term dates come from a table generated with the `holidays` package (its China class; its
"observed" guesses ignored) and checked against it in tests/unit/test_statutory_holidays.py, so the running app
needs no calendar library. Beyond the table only the fixed solar dates are known.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

TABLE_YEARS = range(2027, 2036)

# year → "MM-DD 名称" items; generated from holidays.China (statutory dates only), see the module docstring.
_TABLE = {
    2027: "01-01 元旦, 02-05 春节, 02-06 春节, 02-07 春节, 02-08 春节, 04-05 清明节, 05-01 劳动节, 05-02 劳动节, "
          "06-09 端午节, 09-15 中秋节, 10-01 国庆节, 10-02 国庆节, 10-03 国庆节",
    2028: "01-01 元旦, 01-25 春节, 01-26 春节, 01-27 春节, 01-28 春节, 04-04 清明节, 05-01 劳动节, 05-02 劳动节, "
          "05-28 端午节, 10-01 国庆节, 10-02 国庆节, 10-03 中秋节、国庆节",
    2029: "01-01 元旦, 02-12 春节, 02-13 春节, 02-14 春节, 02-15 春节, 04-04 清明节, 05-01 劳动节, 05-02 劳动节, "
          "06-16 端午节, 09-22 中秋节, 10-01 国庆节, 10-02 国庆节, 10-03 国庆节",
    2030: "01-01 元旦, 02-02 春节, 02-03 春节, 02-04 春节, 02-05 春节, 04-05 清明节, 05-01 劳动节, 05-02 劳动节, "
          "06-05 端午节, 09-12 中秋节, 10-01 国庆节, 10-02 国庆节, 10-03 国庆节",
    2031: "01-01 元旦, 01-22 春节, 01-23 春节, 01-24 春节, 01-25 春节, 04-05 清明节, 05-01 劳动节, 05-02 劳动节, "
          "06-24 端午节, 10-01 中秋节、国庆节, 10-02 国庆节, 10-03 国庆节",
    2032: "01-01 元旦, 02-10 春节, 02-11 春节, 02-12 春节, 02-13 春节, 04-04 清明节, 05-01 劳动节, 05-02 劳动节, "
          "06-12 端午节, 09-19 中秋节, 10-01 国庆节, 10-02 国庆节, 10-03 国庆节",
    2033: "01-01 元旦, 01-30 春节, 01-31 春节, 02-01 春节, 02-02 春节, 04-04 清明节, 05-01 劳动节, 05-02 劳动节, "
          "06-01 端午节, 09-08 中秋节, 10-01 国庆节, 10-02 国庆节, 10-03 国庆节",
    2034: "01-01 元旦, 02-18 春节, 02-19 春节, 02-20 春节, 02-21 春节, 04-05 清明节, 05-01 劳动节, 05-02 劳动节, "
          "06-20 端午节, 09-27 中秋节, 10-01 国庆节, 10-02 国庆节, 10-03 国庆节",
    2035: "01-01 元旦, 02-07 春节, 02-08 春节, 02-09 春节, 02-10 春节, 04-05 清明节, 05-01 劳动节, 05-02 劳动节, "
          "06-10 端午节, 09-16 中秋节, 10-01 国庆节, 10-02 国庆节, 10-03 国庆节",
}

_FIXED = "01-01 元旦, 05-01 劳动节, 05-02 劳动节, 10-01 国庆节, 10-02 国庆节, 10-03 国庆节"
_FIXED_BEFORE_2025 = "01-01 元旦, 05-01 劳动节, 10-01 国庆节, 10-02 国庆节, 10-03 国庆节"  # 劳动节 1 day until 2024


@lru_cache(maxsize=64)
def statutory_rest_days(year: int) -> dict[date, str]:
    """The statutory rest days of `year` (date → 节日名称). Outside the table only the fixed solar dates."""
    spec = _TABLE.get(year, _FIXED if year >= 2025 else _FIXED_BEFORE_2025)
    result: dict[date, str] = {}
    for item in spec.split(", "):
        md, name = item.split(" ", 1)
        month, day = md.split("-")
        result[date(year, int(month), int(day))] = name
    return result


def lunar_dates_known(year: int) -> bool:
    """Whether the table covers the year's lunar and solar-term holidays (春节, 清明, 端午, 中秋)."""
    return year in _TABLE
