"""The statutory reply clock for 依申请公开 (条例第30、32、33、35条; 国办函〔2020〕109号).

The clock is a pure function of the receipt date, the recorded events and the working-day calendar.
Nothing here is stored: callers keep the immutable events and re-derive the due date whenever the
calendar or the events change.

Counting (design.md §3): the day of receipt is not counted; working day 1 is the first working day after
it. A pause (consultation, fee notice) that starts on day P and ends on day E excludes the working days in
(P, E]: the day the letter goes out counts as used, counting resumes the working day after E. Overlapping
pauses are merged, so paused time is counted once. Receipt of a corrected application (补正) restarts the
20 working days from that day.

The period runs to the end of its last working day (条例第33条第3款: consultation time is not counted), so a
consultation or fee notice sent ON the due day still pauses it. That day is used up: no working day remains,
and when the pause ends on day E the reply is due on E itself (or, when E is a rest day, on the first working
day after it; 民法典第203条). A pause one day earlier leaves one working day: due the first working day after E.

Events that come too late cannot stop a period that has already run out: an extension, a consultation or a fee
notice after the due date is refused; a 补正 notice after the due date is recorded with a warning but neither
pauses nor restarts the clock, so the lateness stays visible; a payment after the 20-working-day payment
window is refused (国办函〔2020〕109号: 逾期未缴纳的视为放弃申请), the officer records 逾期未缴费 instead.
`lenient=True` turns these refusals into warnings for events stored before the rules existed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import Enum
from typing import Any

from .errors import DomainError
from .workdays import WorkCalendar, cn_date, weekday_name


class EventKind(str, Enum):
    CORRECTION_REQUESTED = "correction-requested"
    CORRECTION_RECEIVED = "correction-received"
    CORRECTION_LAPSED = "correction-lapsed"
    CONSULT_SENT = "consult-sent"
    CONSULT_ANSWERED = "consult-answered"
    EXTENDED = "extended"
    FEE_NOTICE = "fee-notice"
    FEE_PAID = "fee-paid"
    FEE_LAPSED = "fee-lapsed"
    DELAY = "delay"
    REPLIED = "replied"
    WITHDRAWN = "withdrawn"

    @property
    def label(self) -> str:
        return EVENT_LABELS[self]


EVENT_LABELS = {
    EventKind.CORRECTION_REQUESTED: "发出补正告知",
    EventKind.CORRECTION_RECEIVED: "收到补正",
    EventKind.CORRECTION_LAPSED: "逾期不补正",
    EventKind.CONSULT_SENT: "发出征求意见",
    EventKind.CONSULT_ANSWERED: "收到意见",
    EventKind.EXTENDED: "延期答复",
    EventKind.FEE_NOTICE: "发出收费通知",
    EventKind.FEE_PAID: "缴纳费用",
    EventKind.FEE_LAPSED: "逾期未缴费",
    EventKind.DELAY: "延迟答复（第35条）",
    EventKind.REPLIED: "答复",
    EventKind.WITHDRAWN: "撤回申请",
}

CLOSING_KINDS = {EventKind.CORRECTION_LAPSED, EventKind.FEE_LAPSED, EventKind.REPLIED, EventKind.WITHDRAWN}


class Status(str, Enum):
    NORMAL = "正常"
    DUE_SOON = "即将到期"
    OVERDUE = "已逾期"
    PAUSED = "已暂停"
    CLOSED = "已办结"


@dataclass(frozen=True)
class Event:
    """One recorded step. `days` for 延期/延迟答复; `ref` pairs a consultation with its answer;
    `until` is the 补正期限 set in a 补正告知, or the day the other party / applicant received a
    征求意见书 / 收费通知 (start of their window)."""

    kind: EventKind
    day: date
    days: int | None = None
    ref: str | None = None
    until: date | None = None
    received_by_party: date | None = None


@dataclass(frozen=True)
class ClockRules:
    limit: int = 20  # 条例第33条第2款
    correction_notice_days: int = 7  # 条例第30条
    correction_period_days: int = 15  # 补正期限 default when the notice sets none [U: agency sets it]
    consult_days: int = 15  # 条例第32、34条
    fee_payment_days: int = 20  # 国办函〔2020〕109号
    fee_pauses_clock: bool = True  # [U] configurable, default on
    max_extension: int = 20  # 条例第33条第2款
    due_soon_days: int = 5


class ClockError(DomainError):
    """Invalid event sequence; the message is Chinese and names the event."""


@dataclass
class ClockResult:
    received: date
    start: date
    limit: int
    due: date | None
    status: Status
    used: int
    remaining: int | None
    provisional: bool
    unknown_years: list[int]
    sub_deadlines: dict[str, date]
    trail: list[str]
    closed_on: date | None = None
    closing_kind: EventKind | None = None
    late_reply: bool = False
    warnings: list[str] = field(default_factory=list)
    waiting: dict[str, date] = field(default_factory=dict)  # deadlines of what the clock is paused for
    # A 补正 or payment window that has run out with nothing recorded: the officer should record the lapse.
    lapse_pending: EventKind | None = None
    lapse_since: date | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "received": self.received.isoformat(),
            "start": self.start.isoformat(),
            "due": self.due.isoformat() if self.due else None,
            "status": self.status.value,
            "provisional": self.provisional,
            "unknown_years": self.unknown_years,
            "limit": self.limit,
            "used": self.used,
            "remaining": self.remaining,
            "closed_on": self.closed_on.isoformat() if self.closed_on else None,
            "late_reply": self.late_reply,
            "sub_deadlines": {k: v.isoformat() for k, v in self.sub_deadlines.items()},
            "trail": self.trail,
            "warnings": self.warnings,
            "waiting": {k: v.isoformat() for k, v in self.waiting.items()},
            "lapse": self.lapse_pending.label if self.lapse_pending else None,
            "lapse_since": self.lapse_since.isoformat() if self.lapse_since else None,
        }

    @property
    def lapse_prompt(self) -> str:
        """A Chinese sentence asking the officer to record the lapse; empty when there is none."""
        if self.lapse_pending is None or self.lapse_since is None:
            return ""
        what = "补正期限" if self.lapse_pending is EventKind.CORRECTION_LAPSED else "缴费期限"
        return f"{what}已于{cn_date(self.lapse_since)}届满，请核实后登记“{self.lapse_pending.label}”。"


@dataclass
class _Pause:
    kind: EventKind
    start: date
    end: date | None
    ref: str | None
    window_end: date | None


def _md(d: date) -> str:
    return f"{cn_date(d, with_year=False)}（{weekday_name(d)}）"


def _resume_text(cal: WorkCalendar, end: date) -> str:
    """'计时自4月3日（周五）起恢复': counting resumes on the first working day after the pause's last day."""
    return f"计时自{_md(cal.add_workdays(end, 1))}起恢复"


@dataclass
class _Walk:
    due: date | None
    used: int
    trail: list[tuple[date, str]]
    last_day: date
    last_counted: date | None = None  # the working day that used up the period (when a pause starts on it)
    held_until: date | None = None  # the end of the pause that began on that day


def _walk(cal: WorkCalendar, start: date, limit: int, pauses: list[_Pause]) -> _Walk:
    """`_count` with the pause-free walks remembered on the calendar: most applications have no pause, and
    an import or a re-dating of 100,000 applications asks the same (start, limit) thousands of times."""
    if pauses:
        return _count(cal, start, limit, pauses)
    key = ("walk", start, limit)
    found = cal.memo.get(key)
    if found is None:
        found = cal.memo[key] = _count(cal, start, limit, pauses)
    assert isinstance(found, _Walk)
    # callers get their own trail list (built directly: dataclasses.replace was a tenth of an import's clock time)
    return _Walk(found.due, found.used, list(found.trail), found.last_day, found.last_counted, found.held_until)


def _count(cal: WorkCalendar, start: date, limit: int, pauses: list[_Pause]) -> _Walk:
    """Count `limit` working days after `start`, skipping the days (P, E] of each pause.

    Returns the due date (None when an open pause stops the count first), the working days used and
    a human-readable trail of the notable days passed. A pause that starts on the last counted day holds the
    due date until it ends (module docstring).
    """
    trail: list[tuple[date, str]] = []
    closed = [(p.start, p.end) for p in pauses if p.end is not None]
    open_starts = sorted(p.start for p in pauses if p.end is None)
    count = 0
    d = start
    pending_rest: list[date] = []  # a run of named holiday rest days not yet reported

    def flush_rest() -> None:
        if any(cal.is_holiday_rest(x) for x in pending_rest):
            name = cal.holiday_name(pending_rest[0]) or "节假日"
            a, b = pending_rest[0], pending_rest[-1]
            span = cn_date(a, with_year=False) + ("" if a == b else f"至{cn_date(b, with_year=False)}")
            note = "（法定节假日；该年调休安排尚未公布）" if cal.is_statutory_provisional(a) else ""
            trail.append((a, f"{span}{name}放假{note}，不计入。"))
        pending_rest.clear()

    while count < limit:
        if (d - start).days > 4000:  # eleven years of days: an input error, not a deadline
            raise ClockError("期限计算超出合理范围，请检查事件日期。")
        d += timedelta(days=1)
        if open_starts and d > open_starts[0]:
            flush_rest()
            return _Walk(None, count, trail, d)
        if any(p < d <= e for p, e in closed):
            continue
        if not cal.is_workday(d):
            if cal.holiday_name(d):
                pending_rest.append(d)
            else:
                flush_rest()
            continue
        flush_rest()
        count += 1
        if cal.is_makeup_workday(d):
            trail.append((d, f"{_md(d)}调休上班，计入（第{count}个工作日）。"))
        elif count == 1:
            trail.append((d, f"第1个工作日：{_md(d)}。"))
    # The limit is reached on day d. A pause starting that day (or chained pauses) holds the due date until it
    # ends; no working day remains, so the reply is due on the day the pause ends, or the next working day.
    last = d
    x = d
    held: date | None = None
    while True:
        if open_starts and open_starts[0] <= x:
            return _Walk(None, count, trail, x, last_counted=last)
        ext = max((e for p, e in closed if p <= x < e), default=None)
        if ext is not None:
            x = held = ext
            continue
        if cal.is_workday(x):
            break
        x += timedelta(days=1)
    return _Walk(x, count, trail, x, last_counted=last if held else None, held_until=held)


def compute_clock(
    received: date,
    events: list[Event],
    calendar: WorkCalendar,
    today: date | None = None,
    rules: ClockRules | None = None,
    allow_future: bool = False,
    *,
    lenient: bool = False,
) -> ClockResult:
    """Derive the due date, status, sub-deadlines and explanation trail. Raises ClockError.

    `today` decides the status (即将到期/已逾期) and ends unanswered consultations whose window has passed;
    events after it are refused unless `allow_future` (the what-if calculator). `lenient` accepts, with a
    warning, stored events that later rules refuse (a consultation, fee notice or payment that came too late)."""
    rules = rules or ClockRules()
    cal = calendar
    ordered = sorted(enumerate(events), key=lambda ie: (ie[1].day, ie[0]))
    trail: list[tuple[date, str]] = [
        (received, f"{cn_date(received)}（{weekday_name(received)}）收到申请，当日不计入，自次日起算。")
    ]
    warnings: list[str] = []
    sub: dict[str, date] = {}
    correction_notice_due = cal.add_workdays(received, rules.correction_notice_days)
    sub["补正告知期限"] = correction_notice_due

    start = received
    limit = rules.limit
    pauses: list[_Pause] = []
    awaiting_correction = False
    correction_requested = False
    extended = False
    closed_on: date | None = None
    closing_kind: EventKind | None = None
    consult_no = 0
    late_correction: date | None = None  # the due date a 补正 notice came after (it cannot restart the clock)
    fee_open = False

    def current_due() -> date | None:
        return _walk(cal, start, limit, pauses).due

    def resume_or_end(end: date) -> str:
        """Trail clause for the end of a pause: when counting resumes, or that nothing remains to count."""
        w = _walk(cal, start, limit, pauses)
        if w.due is None and w.used >= limit:
            return f"暂停结束（暂停开始当日已是第{limit}个工作日）"
        return _resume_text(cal, end)

    def refuse_or_warn(message: str) -> None:
        if not lenient:
            raise ClockError(message)
        warnings.append("此前登记的事项不符合期限规则：" + message)

    def check_before_due(ev: Event) -> None:
        """A consultation or fee notice can pause the period only while it runs (the due day included)."""
        if awaiting_correction and late_correction is None:
            return
        due_now = current_due()
        if ev.kind is EventKind.FEE_NOTICE and due_now is not None:  # the 收费通知书's own deadline (letter dates)
            sub["收费通知前答复期限"] = due_now
        if due_now is not None and ev.day > due_now:
            refuse_or_warn(
                f"“{ev.kind.label}”须在答复期限{cn_date(due_now)}届满前（最迟当日）发出，登记日期为{cn_date(ev.day)}；"
                "期限已经届满，不能再暂停计时。"
            )

    for _, ev in ordered:
        label = ev.kind.label
        if ev.day < received:
            raise ClockError(f"“{label}”的日期 {cn_date(ev.day)} 早于收到申请日期 {cn_date(received)}。")
        if today is not None and ev.day > today and not allow_future:
            raise ClockError(f"“{label}”的日期 {cn_date(ev.day)} 晚于今天，不能登记未发生的事项。")
        if closed_on is not None:
            raise ClockError(f"申请已于 {cn_date(closed_on)} 办结，不能再登记“{label}”。")
        k = ev.kind
        if k is EventKind.CORRECTION_REQUESTED:
            if correction_requested:
                raise ClockError("补正告知只能发出一次（条例第30条：一次性告知）。")
            due_now = current_due()
            if ev.day > correction_notice_due and not (due_now is not None and ev.day > due_now):
                warnings.append(
                    f"补正告知于 {cn_date(ev.day)} 发出，已超过收到申请之日起7个工作日（{cn_date(correction_notice_due)}）。"
                )
            correction_requested = True
            awaiting_correction = True
            until = ev.until or cal.add_workdays(ev.day, rules.correction_period_days)
            if until < ev.day:
                raise ClockError("补正期限不能早于补正告知发出日期。")
            sub["补正期限"] = until
            if due_now is not None and ev.day > due_now:
                late_correction = due_now
                warnings.append(
                    f"补正告知于{cn_date(ev.day)}发出时，答复期限{cn_date(due_now)}已经届满。补正不能使已届满的期限"
                    "重新起算（条例第30条：应自收到申请之日起7个工作日内告知），本件仍按逾期计。"
                )
                trail.append((
                    ev.day,
                    f"{_md(ev.day)}发出补正告知，补正期限至{cn_date(until)}；此时答复期限已经届满，"
                    "补正告知不暂停也不重新计算答复期限。",
                ))
            else:
                trail.append((
                    ev.day, f"{_md(ev.day)}发出补正告知，补正期限至{cn_date(until)}；收到补正前暂不计算答复期限。"
                ))
        elif k is EventKind.CORRECTION_RECEIVED:
            if not awaiting_correction:
                raise ClockError("尚未发出补正告知，不能登记“收到补正”。")
            awaiting_correction = False
            if late_correction is not None:
                trail.append((
                    ev.day,
                    f"{_md(ev.day)}收到补正后的申请；补正告知发出时答复期限已经届满，答复期限不重新计算，"
                    f"仍为{cn_date(late_correction)}。",
                ))
            else:
                start = ev.day
                pauses = []
                trail.append((
                    ev.day, f"{_md(ev.day)}收到补正后的申请，答复期限自该日起重新计算（条例第30条），当日不计入。"
                ))
        elif k is EventKind.CORRECTION_LAPSED:
            if not awaiting_correction:
                raise ClockError("尚未发出补正告知或已收到补正，不能登记“逾期不补正”。")
            if ev.day <= sub["补正期限"]:
                raise ClockError(f"补正期限 {cn_date(sub['补正期限'])} 尚未届满，不能登记“逾期不补正”。")
            closed_on, closing_kind = ev.day, k
            trail.append((ev.day, f"{_md(ev.day)}申请人无正当理由逾期不补正，视为放弃申请，不再处理。"))
        elif k is EventKind.CONSULT_SENT:
            check_before_due(ev)
            consult_no += 1
            ref = ev.ref or str(consult_no)
            if any(p.ref == ref and p.kind is k for p in pauses):
                raise ClockError(f"征求意见编号“{ref}”重复。")
            party_day = ev.received_by_party or ev.day
            window_end = cal.add_workdays(party_day, rules.consult_days)
            pauses.append(_Pause(k, ev.day, None, ref, window_end))
            sub[f"征求意见答复期限（{ref}）"] = window_end
            trail.append((
                ev.day,
                f"{_md(ev.day)}发出征求意见（{ref}），当日计入，此后暂停计时；对方应于{cn_date(window_end)}前答复"
                "（条例第32、33条，征求意见时间不计入答复期限）。",
            ))
        elif k is EventKind.CONSULT_ANSWERED:
            open_consults = [p for p in pauses if p.kind is EventKind.CONSULT_SENT and p.end is None]
            if not open_consults:
                raise ClockError("没有尚未答复的征求意见，不能登记“收到意见”。")
            if ev.ref is not None:
                match = next((p for p in open_consults if p.ref == ev.ref), None)
                if match is None:
                    names = "、".join(f"“{p.ref}”" for p in open_consults)
                    raise ClockError(f"没有名为“{ev.ref}”的尚未答复的征求意见（尚未答复的：{names}）。")
            elif len(open_consults) > 1:
                names = "、".join(f"“{p.ref}”" for p in open_consults)
                raise ClockError(f"有{len(open_consults)}项征求意见尚未答复（{names}），请写明收到的是哪一项的意见。")
            else:
                match = open_consults[0]
            end = ev.day
            if match.window_end is not None and end > match.window_end:
                end = match.window_end
                trail.append((
                    ev.day,
                    f"{_md(ev.day)}收到意见（{match.ref}），已超过15个工作日的答复期（至{cn_date(end)}），"
                    f"暂停只算到该日，{resume_or_end(end)}。",
                ))
            else:
                trail.append((ev.day, f"{_md(ev.day)}收到意见（{match.ref}），{resume_or_end(end)}。"))
            match.end = end
        elif k is EventKind.FEE_NOTICE:
            if any(p.kind is k for p in pauses) or "缴费期限" in sub:
                raise ClockError("收费通知只能发出一次。")
            check_before_due(ev)
            fee_open = True
            party_day = ev.received_by_party or ev.day
            window_end = cal.add_workdays(party_day, rules.fee_payment_days)
            sub["缴费期限"] = window_end
            if rules.fee_pauses_clock:
                pauses.append(_Pause(k, ev.day, None, None, window_end))
                trail.append((ev.day, f"{_md(ev.day)}发出收费通知，当日计入，缴费前暂停计时；缴费期限至{cn_date(window_end)}。"))
            else:
                trail.append((ev.day, f"{_md(ev.day)}发出收费通知，缴费期限至{cn_date(window_end)}（设置为不暂停计时）。"))
        elif k is EventKind.FEE_PAID:
            if "缴费期限" not in sub:
                raise ClockError("尚未发出收费通知，不能登记“缴纳费用”。")
            if not fee_open:
                raise ClockError("已登记过缴费。")
            fee = next((p for p in pauses if p.kind is EventKind.FEE_NOTICE), None)
            if ev.day > sub["缴费期限"]:
                refuse_or_warn(
                    f"缴费期限{cn_date(sub['缴费期限'])}已经届满，申请人逾期未缴纳的视为放弃申请"
                    "（国办函〔2020〕109号），不能再登记缴费；请登记“逾期未缴费”。"
                )
            fee_open = False
            if fee is not None:
                trail.append((ev.day, f"{_md(ev.day)}申请人缴纳费用，{resume_or_end(ev.day)}。"))
                fee.end = ev.day
            else:
                trail.append((ev.day, f"{_md(ev.day)}申请人缴纳费用。"))
        elif k is EventKind.FEE_LAPSED:
            if "缴费期限" not in sub:
                raise ClockError("尚未发出收费通知，不能登记“逾期未缴费”。")
            if ev.day <= sub["缴费期限"]:
                raise ClockError(f"缴费期限 {cn_date(sub['缴费期限'])} 尚未届满，不能登记“逾期未缴费”。")
            if not fee_open:
                raise ClockError("已登记过缴费，不能登记“逾期未缴费”。")
            closed_on, closing_kind = ev.day, k
            trail.append((ev.day, f"{_md(ev.day)}申请人逾期未缴纳信息处理费，视为放弃申请，不再处理。"))
        elif k in (EventKind.EXTENDED, EventKind.DELAY):
            n = ev.days
            if n is None or n < 1:
                raise ClockError(f"“{label}”须填写延长的工作日数（至少1个）。")
            if k is EventKind.EXTENDED:
                if extended:
                    raise ClockError("延期答复只能一次（条例第33条第2款）。")
                if n > rules.max_extension:
                    raise ClockError(f"延期不得超过{rules.max_extension}个工作日（条例第33条第2款），填写的是{n}个。")
            if awaiting_correction and late_correction is None:
                raise ClockError(f"等待补正期间不能登记“{label}”。")
            due_now = current_due()
            if due_now is not None and ev.day > due_now:
                raise ClockError(f"“{label}”须在答复期限 {cn_date(due_now)} 届满前决定，登记日期为 {cn_date(ev.day)}。")
            if k is EventKind.EXTENDED:
                extended = True
                if due_now is not None:  # the 延期告知书 must be dated by then (letter dates)
                    sub["延期前答复期限"] = due_now
                trail.append((ev.day, f"{_md(ev.day)}经政府信息公开工作机构负责人同意延期答复{n}个工作日（条例第33条第2款）。"))
            else:
                trail.append((ev.day, f"{_md(ev.day)}确定延迟答复的合理期限，延长{n}个工作日（条例第35条）。"))
            limit += n
        elif k in (EventKind.REPLIED, EventKind.WITHDRAWN):
            closed_on, closing_kind = ev.day, k
        else:  # pragma: no cover - exhaustive
            raise ClockError(f"未知事项：{k}")

    # Consultations with no answer end when their 15-working-day window has passed (条例第32条: 逾期未提出意见的,
    # 由行政机关依照本条例的规定决定).
    if today is not None:
        for p in pauses:
            if p.kind is EventKind.CONSULT_SENT and p.end is None and p.window_end and p.window_end < today:
                p.end = p.window_end
                trail.append((
                    p.window_end,
                    f"征求意见（{p.ref}）至{cn_date(p.window_end)}答复期满未收到意见，{_resume_text(cal, p.window_end)}。",
                ))

    correction_pauses = awaiting_correction and late_correction is None
    walk = (
        _walk(cal, start, limit, pauses)
        if not correction_pauses
        else _Walk(None, 0, [], start)
    )
    trail.extend(walk.trail)
    due = walk.due
    if due is not None and walk.last_counted is not None and walk.held_until is not None:
        last, held = walk.last_counted, walk.held_until
        head = f"{_md(last)}为第{limit}个工作日，当日暂停计时，{limit}个工作日已经用完；暂停至{_md(held)}结束，"
        if due == held:
            trail.append((due, head + f"答复期限为当日：{cn_date(due)}（{weekday_name(due)}）。"))
        else:
            trail.append((due, head + f"当日不是工作日，答复期限顺延至{cn_date(due)}（{weekday_name(due)}）。"))
        sub["答复期限"] = due
    elif due is not None:
        trail.append((due, f"第{limit}个工作日：{cn_date(due)}（{weekday_name(due)}），为答复期限。"))
        sub["答复期限"] = due
    elif correction_pauses:
        pass
    elif walk.used >= limit and walk.last_counted is not None:
        trail.append((
            walk.last_counted,
            f"{_md(walk.last_counted)}为第{limit}个工作日，当日暂停计时，{limit}个工作日已经用完；暂停结束之日即为"
            "答复期限（如为休息日，顺延至其后第一个工作日）。",
        ))
    else:
        trail.append((walk.last_day, f"已用{walk.used}个工作日，暂停中；恢复计时后剩余{limit - walk.used}个工作日。"))

    late = False
    if closing_kind is EventKind.REPLIED and closed_on is not None:
        if closed_on == received:
            trail.append((closed_on, f"{_md(closed_on)}当场答复，办结。"))
        else:
            trail.append((closed_on, f"{_md(closed_on)}作出答复，办结。"))
        if due is not None and closed_on > due:
            late = True
            over = cal.count_workdays(due, closed_on)
            trail.append((closed_on, f"答复晚于答复期限{over}个工作日。"))
    elif closing_kind is EventKind.WITHDRAWN and closed_on is not None:
        trail.append((closed_on, f"{_md(closed_on)}申请人撤回申请，办结。"))

    # Provisional only when a date that decides something lies in a year without a notice: the due date, a
    # sub-deadline, a pause, or a late reply (its lateness is counted in working days). `today` alone does not.
    horizon = max([received, *sub.values(), *(p.start for p in pauses), *(p.end for p in pauses if p.end)])
    if late and closed_on is not None:
        horizon = max(horizon, closed_on)
    unknown = cal.unknown_years_between(received, horizon)
    if unknown:
        years = "、".join(f"{y}年" for y in unknown)
        trail.append((
            date.max,
            f"{years}尚无国务院节假日安排，除法定节假日外按周一至周五推算（调休尚未公布），结果为暂定。",
        ))

    if closed_on is not None:
        status = Status.CLOSED
    elif due is None:
        status = Status.PAUSED
    elif today is not None and today > due:
        status = Status.OVERDUE
    elif today is not None and cal.count_workdays(today, due) <= rules.due_soon_days:
        status = Status.DUE_SOON
    else:
        status = Status.NORMAL

    waiting: dict[str, date] = {}
    if closed_on is None:
        if awaiting_correction:
            waiting["补正期限"] = sub["补正期限"]
        for p in pauses:
            if p.end is None and p.window_end is not None:
                name = f"征求意见答复期限（{p.ref}）" if p.kind is EventKind.CONSULT_SENT else "缴费期限"
                waiting[name] = p.window_end

    lapse_pending: EventKind | None = None
    lapse_since: date | None = None
    if closed_on is None and today is not None:
        if awaiting_correction and today > sub["补正期限"]:
            lapse_pending, lapse_since = EventKind.CORRECTION_LAPSED, sub["补正期限"]
        elif fee_open and today > sub["缴费期限"]:
            lapse_pending, lapse_since = EventKind.FEE_LAPSED, sub["缴费期限"]

    remaining = None
    if due is None and not correction_pauses:
        remaining = limit - walk.used
    elif due is not None and today is not None and closed_on is None:
        remaining = cal.count_workdays(today, due) if today <= due else -cal.count_workdays(due, today)

    return ClockResult(
        received=received,
        start=start,
        limit=limit,
        due=due,
        status=status,
        used=walk.used,
        remaining=remaining,
        provisional=bool(unknown),
        unknown_years=unknown,
        sub_deadlines=sub,
        trail=[text for _, _, text in sorted((d, i, t) for i, (d, t) in enumerate(trail))],
        closed_on=closed_on,
        closing_kind=closing_kind,
        late_reply=late,
        warnings=warnings,
        waiting=waiting,
        lapse_pending=lapse_pending,
        lapse_since=lapse_since,
    )


def status_from_cache(state: str, due: str | None, today: date, soon_until: date) -> Status:
    """The status of a stored application from its cached clock fields (state, due date as ISO text).

    Mirrors `compute_clock`'s rule for lists and filters that cannot afford a full recomputation per row:
    the cache is rewritten on every event and calendar change."""
    if state == "closed":
        return Status.CLOSED
    if state == "paused" or not due:
        return Status.PAUSED
    if due < today.isoformat():
        return Status.OVERDUE
    if due <= soon_until.isoformat():
        return Status.DUE_SOON
    return Status.NORMAL
