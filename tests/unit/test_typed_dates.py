"""Issue 28 #7: typed dates parse exactly (the reported 20261014 → 2026-11-04 must not happen) or are refused."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai_desktop.core.typed_dates import TypedDateError, parse_typed_date

TODAY = date(2026, 12, 10)


@pytest.mark.parametrize("text", ["2026-10-14", "20261014", "2026/10/14", "2026.10.14", "2026年10月14日",
                                  "10月14日", " 2026-10-14 ", "２０２６－１０－１４", "2026-10-14日"[:-1]])
def test_usual_forms(text):
    assert parse_typed_date(text, TODAY) == date(2026, 10, 14)


@pytest.mark.parametrize("text, words", [("2026-02-30", "没有2026年2月30日"), ("20261314", "没有2026年13月14日"),
                                         ("明天", "不是日期"), ("2026104", "不是日期"), ("", "不是日期")])
def test_refused_with_a_message(text, words):
    with pytest.raises(TypedDateError, match=words):
        parse_typed_date(text, TODAY)


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)))
def test_every_form_of_every_day_round_trips(day):
    for text in (day.isoformat(), day.strftime("%Y%m%d"), day.strftime("%Y/%m/%d"),
                 f"{day.year}年{day.month}月{day.day}日"):
        assert parse_typed_date(text, TODAY) == day
