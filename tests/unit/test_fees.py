"""信息处理费 (国办函〔2020〕109号): 按件 by the applicant's count in the natural month, 按量 by pages;
both marginal (超额累进). Hand-checked against domain.md §3.1."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai_desktop.core.fees import FeeError, fee_by_count, fee_by_pages


@pytest.mark.parametrize(
    ("nth", "amount"),
    [(1, 0), (10, 0), (11, 100), (30, 100), (31, 200), (40, 200), (41, 300), (51, 400)],
)
def test_by_count_charges_the_tier_of_this_application(nth, amount):
    assert fee_by_count(nth).amount == amount


def test_by_count_explains_itself():
    fee = fee_by_count(12)
    assert fee.method == "按件"
    assert "本自然月第12件" in fee.explanation
    assert "100元" in fee.explanation


def test_by_pages_worked_example_from_a_real_notice():
    # 2,219 pages → 0 + 70×10 + 100×20 + 2,019×40 = 83,460元
    fee = fee_by_pages(2219)
    assert fee.amount == 83460
    assert fee.explanation == "2219页：1—30页不收费；31—100页70页×10元=700元；101—200页100页×20元=2000元；" \
        "201页以上2019页×40元=80760元；合计83460元。"


@pytest.mark.parametrize(("pages", "amount"), [(1, 0), (30, 0), (31, 10), (100, 700), (101, 720), (200, 2700), (201, 2740)])
def test_by_pages_tiers(pages, amount):
    assert fee_by_pages(pages).amount == amount


@pytest.mark.parametrize("bad", [0, -1])
def test_nonpositive_input_is_refused(bad):
    with pytest.raises(FeeError):
        fee_by_pages(bad)
    with pytest.raises(FeeError):
        fee_by_count(bad)


@given(st.integers(1, 5000))
def test_page_fee_is_monotone_and_marginal(n):
    a, b = fee_by_pages(n).amount, fee_by_pages(n + 1).amount
    assert b >= a
    assert b - a in (0, 10, 20, 40)


@given(st.integers(1, 500))
def test_count_fee_never_falls_as_the_month_goes_on(n):
    assert fee_by_count(n + 1).amount >= fee_by_count(n).amount
