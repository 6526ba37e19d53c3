"""行政复议 / 行政诉讼 answer deadlines and the 表四 mapping (domain.md §8.5); hand-checked on the 2026 calendar."""

from datetime import date

import pytest

from gongkai_desktop.core.reviews import (
    OUTCOMES,
    SECTION4_RESULT,
    answer_deadline,
    reopen_due,
    section4_result,
    stored_kind,
)


def test_fuyi_simplified_five_workdays_with_makeup_sunday(calendar):
    """行政复议法第54、88条: copy received Friday 2026-09-18, 简易程序 → 5 working days from the next day:
    Sun 9/20 (调休上班), Mon 9/21, Tue 9/22, Wed 9/23, Thu 9/24."""
    assert calendar.is_workday(date(2026, 9, 20))
    d = answer_deadline("行政复议", date(2026, 9, 18), calendar, simplified=True)
    assert d.due == date(2026, 9, 24)
    assert "第54条" in d.basis and "第88条" in d.basis
    assert any("第5个工作日" in line for line in d.trail)
    assert any("第70条" in line for line in d.trail)


def test_fuyi_ordinary_ten_workdays(calendar):
    """行政复议法第48条: 10 working days; from Fri 2026-09-18: 9/20,21,22,23,24,25,28,29,30 and — 国庆 10/1–10/7
    being rest days — the 10th is 2026-10-08 (or later if 10/8 is a rest day)."""
    d = answer_deadline("行政复议", date(2026, 9, 18), calendar)
    assert d.due == calendar.add_workdays(date(2026, 9, 18), 10)
    assert calendar.count_workdays(date(2026, 9, 18), d.due) == 10
    assert d.due > date(2026, 9, 30)


def test_suit_fifteen_days_end_in_national_day_holiday(calendar):
    """行政诉讼法第67条: copy received 2026-09-18 → 15th day Sat 2026-10-03 inside 国庆 → next working day Thu 10/8."""
    d = answer_deadline("未经复议直接起诉", date(2026, 9, 18), calendar)
    assert d.due == date(2026, 10, 8)
    assert d.basis == "行政诉讼法第67条"
    assert any("2026年10月3日" in line for line in d.trail)
    assert any("顺延" in line for line in d.trail)


def test_suit_period_ending_on_workday_is_not_moved(calendar):
    """行政诉讼法第67条: received Mon 2026-06-01 → 15th day Tue 2026-06-16, a working day."""
    d = answer_deadline("复议后起诉", date(2026, 6, 1), calendar)
    assert d.due == date(2026, 6, 16)
    assert not any("顺延" in line for line in d.trail)


def test_section4_mapping_covers_every_outcome():
    assert set(SECTION4_RESULT) == set(OUTCOMES)
    assert section4_result("维持") == "结果维持"
    assert section4_result("驳回") == "结果维持"
    for corrected in ("撤销", "确认违法", "责令重新答复"):
        assert section4_result(corrected) == "结果纠正"
    assert section4_result("撤回") == "其他结果"
    assert section4_result(None) == "尚未审结"
    with pytest.raises(ValueError):
        section4_result("胜诉")


def test_stored_kind_suit_after_review():
    assert stored_kind("复议", False) == "行政复议"
    assert stored_kind("诉讼", False) == "未经复议直接起诉"
    assert stored_kind("诉讼", True) == "复议后起诉"


def test_reopen_default_twenty_workdays(calendar):
    """“自收到本决定书之日起20个工作日内”: decision received Fri 2026-09-18 → 20 working days."""
    due = reopen_due(date(2026, 9, 18), 20, calendar)
    assert calendar.count_workdays(date(2026, 9, 18), due) == 20
    assert calendar.is_workday(due)
