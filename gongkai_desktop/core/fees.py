"""信息处理费 (《政府信息公开信息处理费管理办法》, 国办函〔2020〕109号), domain.md §3.

Two methods, one per application, both 超额累进 (marginal):
- 按件计收 (Art. 4): by the applicant's cumulative count of applications in the natural month. The first 10
  are free, the 11th–30th cost 100元 each, and from the 31st each band of 10 adds 100元 per application.
  The fee of one application is the rate of the band it falls in.
- 按量计收 (Art. 5): by the pages of one application: 1–30 free, 31–100 10元/页, 101–200 20元/页, 201+ 40元/页.
"""

from __future__ import annotations

from dataclasses import dataclass

from .errors import DomainError

FEE_METHODS = ("按件", "按量")


class FeeError(DomainError):
    """Bad fee input; the message is Chinese."""


@dataclass(frozen=True)
class Fee:
    method: str
    units: int  # the application's number in the month (按件) or its pages (按量)
    amount: int  # 元
    explanation: str


def count_rate(nth: int) -> int:
    """元 for the nth application of one applicant in one natural month."""
    if nth <= 10:
        return 0
    if nth <= 30:
        return 100
    return 100 + 100 * ((nth - 31) // 10 + 1)


def fee_by_count(nth: int) -> Fee:
    if nth < 1:
        raise FeeError("本月申请件数应为正整数。")
    rate = count_rate(nth)
    if rate == 0:
        text = f"本自然月第{nth}件，10件以内不收费。"
    elif nth <= 30:
        text = f"本自然月第{nth}件，属11—30件档，按100元/件计收，收费{rate}元。"
    else:
        low = 31 + (nth - 31) // 10 * 10
        text = f"本自然月第{nth}件，属{low}—{low + 9}件档，按{rate}元/件计收，收费{rate}元。"
    return Fee("按件", nth, rate, text)


PAGE_TIERS = ((1, 30, 0), (31, 100, 10), (101, 200, 20), (201, None, 40))


def fee_by_pages(pages: int) -> Fee:
    if pages < 1:
        raise FeeError("页数应为正整数。")
    parts: list[str] = []
    total = 0
    for low, high, rate in PAGE_TIERS:
        if pages < low:
            break
        top = pages if high is None else min(pages, high)
        n = top - low + 1
        band = f"{low}—{high}页" if high is not None else f"{low}页以上"
        if rate == 0:
            parts.append(f"{band}不收费")
        else:
            parts.append(f"{band}{n}页×{rate}元={n * rate}元")
            total += n * rate
    return Fee("按量", pages, total, f"{pages}页：{'；'.join(parts)}；合计{total}元。")


def compute_fee(method: str, units: int) -> Fee:
    if method == "按件":
        return fee_by_count(units)
    if method == "按量":
        return fee_by_pages(units)
    raise FeeError(f"未知的计收方式：{method}（应为按件或按量）。")
