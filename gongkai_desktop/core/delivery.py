"""送达: which date decides whether a reply was on time, and the checks on a recorded delivery
(domain.md §8.3; 国办公开办函〔2016〕235号).

The law's time points: 直接送达 — the day the applicant signs for the letter (签收); 邮寄送达 — the day the
letter is handed to the post (交邮之日), through a 邮政企业 (not another courier). 委托其他行政机关代为送达 is
treated like 直接送达 (the recipient's 签收). E-mail and online platforms are recorded as the applicant asked,
but the law fixes no time point for them: the app records, does not decide — the reply date still counts and
a delivery after the due date is pointed out for the officer to weigh. A reply with no delivery yet is
"已答复待送达" and is judged on its reply date until one is recorded.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from .clock import ClockResult, EventKind
from .workdays import WorkCalendar, cn_date

DIRECT, POSTAL, ENTRUSTED, EMAIL, PLATFORM, OTHER = "直接送达", "邮寄（邮政）", "委托送达", "电子邮件", "网上平台", "其他"
DELIVERY_METHODS = (DIRECT, POSTAL, ENTRUSTED, EMAIL, PLATFORM, OTHER)
# methods whose legal time point is the recipient's signature
SIGNED_METHODS = (DIRECT, ENTRUSTED)

# China Post / EMS numbers: 13 digits (domestic EMS and 国内挂号), or the UPU S10 form "EA123456789CN"
POSTAL_TRACKING = re.compile(r"^(\d{13}|[A-Z]{2}\d{9}CN)$")
COURIERS = ("顺丰", "圆通", "中通", "申通", "韵达", "京东", "德邦", "极兔", "百世", "天天", "宅急送", "丰巢", "菜鸟", "快递")
COURIER_PREFIXES = {"SF": "顺丰", "YT": "圆通", "ZTO": "中通", "STO": "申通", "YD": "韵达", "JD": "京东",
                    "DPK": "德邦", "JT": "极兔"}


@dataclass(frozen=True)
class Delivery:
    """One recorded 送达 (a `deliver` step)."""

    id: int
    letter: str  # the 文号 delivered
    method: str
    day: date  # 交邮日期 (邮寄) or 送达日期
    delivered: date | None = None  # 妥投 or 签收 date
    tracking: str = ""
    signed_by: str = ""
    note: str = ""
    server: str = ""  # 送达人
    completed_by: int | None = None  # the 补记妥投 step that added the 妥投/签收 date later

    @classmethod
    def from_step(cls, row: Any) -> Delivery:
        """From a StepRow of slug "deliver"."""
        data = row.data
        got = data.get("delivered")
        return cls(row.id, str(data.get("letter") or ""), str(data.get("method") or ""), row.day,
                   date.fromisoformat(got) if isinstance(got, str) and got else got if isinstance(got, date) else None,
                   str(data.get("tracking") or ""), str(data.get("signed_by") or ""), str(data.get("note") or ""),
                   row.signer)


def merged_deliveries(rows: Iterable[Any]) -> list[Delivery]:
    """The 送达 of a case from its step rows (recording order): each `deliver` step with the 妥投/签收 date,
    签收人 and note of its `delivered` step (补记妥投), when one was recorded later."""
    rows = list(rows)
    later = {r.data.get("delivery_id"): r for r in rows if r.slug == "delivered"}
    out = []
    for r in rows:
        if r.slug != "deliver":
            continue
        d = Delivery.from_step(r)
        c = later.get(r.id)
        if c is not None:
            note = "；".join(x for x in (d.note, str(c.data.get("note") or "").strip()) if x)
            d = replace(d, delivered=c.day, signed_by=str(c.data.get("signed_by") or "") or d.signed_by, note=note,
                        completed_by=c.id)
        out.append(d)
    return out


def completion_errors(d: Delivery, day: date) -> list[str]:
    """Refusals for recording the 妥投/签收 date of delivery `d` later (补记妥投): not twice, not before 交邮."""
    what = "妥投日期" if d.method == POSTAL else "签收日期"
    first = "交邮日期" if d.method == POSTAL else "送达日期"
    if d.delivered is not None:
        return [f"这次送达已记录{what}{cn_date(d.delivered)}；如需更正，请先撤销原记录。"]
    if day < d.day:
        return [f"{what}{cn_date(day)}早于{first}{cn_date(d.day)}。"]
    return []


def legal_date(d: Delivery) -> tuple[date | None, str]:
    """The date the law counts for this delivery and why (None: the law fixes no time point — record only)."""
    if d.method == POSTAL:
        return d.day, f"邮寄送达以交邮之日为准（国办公开办函〔2016〕235号）：{cn_date(d.day)}交邮"
    if d.method in SIGNED_METHODS:
        how = "直接送达" if d.method == DIRECT else "委托送达"
        if d.delivered is not None:
            return d.delivered, f"{how}以受送达人签收之日为准（国办公开办函〔2016〕235号）：{cn_date(d.delivered)}签收"
        return d.day, f"{how}未记录签收日期（拒收或留置），以送达之日{cn_date(d.day)}为准"
    return None, f"{d.method}送达法律未规定送达时间点，只作记录"


@dataclass(frozen=True)
class Timeliness:
    """Whether a reply was on time, and on which date that was judged."""

    counted: date  # the date that counted
    basis: str  # "delivery" | "reply" | "awaiting" (replied, no delivery recorded yet)
    why: str  # one Chinese sentence: which date counted and why
    late: bool
    late_days: int  # working days after the due date (0 when on time)
    delivery_id: int | None = None
    warnings: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return f"超期{self.late_days}个工作日" if self.late else "按期"


def reply_timeliness(reply_day: date, due: date | None, deliveries: Iterable[Delivery], reply_letters: set[str],
                     cal: WorkCalendar) -> Timeliness:
    """Judge a reply on its legal time point: the earliest delivery of a reply letter whose method the law
    times (交邮 or 签收); with none, the reply date (saying why)."""
    ds = [d for d in deliveries if d.letter in reply_letters]
    decided = [(when, why, d) for d in ds for when, why in [legal_date(d)] if when is not None]
    warnings: list[str] = []
    if decided:
        counted, why, chosen = min(decided, key=lambda x: (x[0], x[2].id))
        basis, delivery_id = "delivery", chosen.id
    else:
        counted, delivery_id = reply_day, None
        if ds:
            basis = "reply"
            why = "；".join(legal_date(d)[1] for d in ds) + f"，仍以答复日期{cn_date(reply_day)}判断是否按期"
            if due is not None:
                for d in ds:
                    if d.day > due:
                        warnings.append(f"{d.method}送达日期{cn_date(d.day)}晚于答复期限"
                                        f"{cal.count_workdays(due, d.day)}个工作日，未据此判断，请核实。")
        else:
            basis = "awaiting"
            why = f"尚未登记送达（已答复待送达），暂以答复日期{cn_date(reply_day)}判断是否按期"
    late = due is not None and counted > due
    return Timeliness(counted, basis, why, late, cal.count_workdays(due, counted) if late and due else 0,
                      delivery_id, tuple(warnings))


def with_timeliness(result: ClockResult, t: Timeliness) -> ClockResult:
    """The clock with its reply judged on `t`: late flag and the trail lines saying which date counted."""
    trail = [line for line in result.trail if not (line.startswith("答复晚于答复期限") and line.endswith("个工作日。"))]
    lines = [("送达：" if t.basis == "delivery" else "") + t.why + "。"]
    if t.late:
        lines.append(f"按{cn_date(t.counted)}计，晚于答复期限{t.late_days}个工作日，超期答复。")
    elif result.due is not None:
        lines.append(f"按{cn_date(t.counted)}计，在答复期限内，按期答复。")
    lines.extend(t.warnings)
    at = next((i for i, line in enumerate(trail) if "尚无国务院节假日安排" in line), len(trail))
    return replace(result, late_reply=t.late, trail=trail[:at] + lines + trail[at:],
                   warnings=[*result.warnings, *t.warnings])


def judge_clock(result: ClockResult, deliveries: Iterable[Delivery], reply_letters: set[str],
                cal: WorkCalendar) -> tuple[ClockResult, Timeliness | None]:
    """The clock judged on the legal time point when the case was closed by a reply (else unchanged)."""
    if result.closing_kind is not EventKind.REPLIED or result.closed_on is None:
        return result, None
    t = reply_timeliness(result.closed_on, result.due, deliveries, reply_letters, cal)
    return with_timeliness(result, t), t


def courier_warnings(method: str, tracking: str = "", note: str = "") -> list[str]:
    """Warnings for a 邮寄送达 that does not look like it went through China Post (a courier's name or number)."""
    if method != POSTAL:
        return []
    out: list[str] = []
    text = f"{tracking} {note}"
    names = [c for c in COURIERS if c in text]
    number = tracking.strip().upper().replace(" ", "")
    prefix = next((name for p, name in COURIER_PREFIXES.items() if number.startswith(p)), None)
    if prefix and prefix not in names:
        names.append(prefix)
    rule = "邮寄送达须通过邮政企业（国办公开办函〔2016〕235号），快递公司寄送不能以交邮日期计算送达时间"
    if names:
        out.append(f"填写的内容涉及{'、'.join(names)}：{rule}。")
    elif number and not POSTAL_TRACKING.match(number):
        out.append(f"邮件号“{tracking.strip()}”不像中国邮政或EMS的邮件号（13位数字，或两个字母+9位数字+CN）。{rule}。")
    return out


def check_delivery(d: Delivery, letter_issued: date | None, letter_name: str, reply_day: date | None,
                   is_reply_letter: bool) -> list[str]:
    """Refusals for a delivery (Chinese): before the letter's 成文日期, a reply letter before the reply,
    妥投 before 交邮."""
    errors = []
    if letter_issued is not None and d.day < letter_issued:
        errors.append(f"送达日期{cn_date(d.day)}早于{letter_name}的成文日期{cn_date(letter_issued)}。")
    if is_reply_letter and reply_day is not None and d.day < reply_day:
        errors.append(f"送达日期{cn_date(d.day)}早于答复日期{cn_date(reply_day)}。")
    if d.delivered is not None and d.delivered < d.day:
        what = "妥投日期" if d.method == POSTAL else "签收日期"
        first = "交邮日期" if d.method == POSTAL else "送达日期"
        errors.append(f"{what}{cn_date(d.delivered)}早于{first}{cn_date(d.day)}。")
    if d.method not in DELIVERY_METHODS:
        errors.append(f"未知的送达方式“{d.method}”，只能是：{'、'.join(DELIVERY_METHODS)}。")
    return errors
