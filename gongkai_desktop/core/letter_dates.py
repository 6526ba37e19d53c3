"""成文日期 of a letter (domain.md §4.1 item 10; issue 17): it defaults to the date of the event the letter
belongs to, not to the day it is printed; a date after the legal deadline, before the event the letter reports,
or in another year than its 文号 needs an explicit confirmation with a reason (recorded); a 补正告知书 whose
"请于…前补正" or a 延期告知书 whose new due date is not after the 成文日期 is refused outright.

Pure: the caller passes the letter type, the application's event rows (dicts as stored), the clock and, when
the letter is being regenerated, its earlier register row."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from .clock import ClockResult, EventKind
from .letters import LetterError, LetterType
from .workdays import cn_date

CONFIRMABLE = ("after_deadline", "before_event", "other_year")


@dataclass(frozen=True)
class DateProblem:
    code: str  # "after_deadline" | "before_event" | "other_year" | "correction_until" | "extension_due"
    message: str

    @property
    def confirmable(self) -> bool:
        return self.code in CONFIRMABLE


class LetterDateError(LetterError):
    """A 成文日期 that is refused, or that needs a confirmation with a reason (`confirmable`)."""

    def __init__(self, problems: list[DateProblem]):
        self.problems = problems
        self.confirmable = all(p.confirmable for p in problems)
        tail = "如确需使用该日期，请写明理由后确认（记入操作日志）。" if self.confirmable else ""
        super().__init__("成文日期有误：" + "；".join(p.message for p in problems) + tail)


def _latest(events: list[dict[str, Any]], kind: EventKind) -> dict[str, Any] | None:
    rows = [e for e in events if e["kind"] == kind.value and not e.get("voided_at")]
    return max(rows, key=lambda e: (e["day"], e["id"])) if rows else None


def event_day(t: LetterType, events: list[dict[str, Any]], received: date) -> date | None:
    """The date of the event the letter belongs to (its default 成文日期); None when it has none."""
    if t.slug == "receipt":
        return received
    if t.needs_event is None:
        return None
    row = _latest(events, t.needs_event)
    return date.fromisoformat(row["day"]) if row else None


def legal_deadline(t: LetterType, clock: ClockResult | None) -> tuple[date, str] | None:
    """The last day the law allows for this letter, with its name: the reply's 答复期限, the 补正告知 window."""
    if clock is None:
        return None
    if t.needs_event is EventKind.REPLIED and clock.due is not None:
        return clock.due, "答复期限"
    if t.needs_event is EventKind.CORRECTION_REQUESTED and "补正告知期限" in clock.sub_deadlines:
        return clock.sub_deadlines["补正告知期限"], "补正告知期限（收到申请后7个工作日，条例第30条）"
    if t.needs_event is EventKind.EXTENDED and "延期前答复期限" in clock.sub_deadlines:
        return clock.sub_deadlines["延期前答复期限"], "延期前的答复期限（延长答复期限须在原期限内决定并告知申请人，条例第33条第2款）"
    if t.needs_event is EventKind.FEE_NOTICE and "收费通知前答复期限" in clock.sub_deadlines:
        return (clock.sub_deadlines["收费通知前答复期限"],
                "收费通知前的答复期限（收费通知须在答复期限内发出，国办函〔2020〕109号）")
    return None


def check_issued(t: LetterType, issued: date, events: list[dict[str, Any]], received: date,
                 clock: ClockResult | None, doc_year: int | None) -> list[DateProblem]:
    """Everything wrong with `issued` as this letter's 成文日期 (empty: fine). `doc_year` is the year of the
    letter's existing 文号 when it is regenerated (a new letter takes its number from the 成文日期's year)."""
    out: list[DateProblem] = []
    deadline = legal_deadline(t, clock)
    if deadline is not None and issued > deadline[0]:
        out.append(DateProblem("after_deadline", f"{cn_date(issued)}晚于{deadline[1]}{cn_date(deadline[0])}"))
    day = event_day(t, events, received)
    if day is not None and issued < day:
        what = {EventKind.REPLIED: "答复日期", EventKind.CORRECTION_REQUESTED: "补正告知日期",
                EventKind.EXTENDED: "决定延期日期"}.get(t.needs_event, "所涉事项的日期") if t.needs_event else "收到申请日期"
        out.append(DateProblem("before_event", f"{cn_date(issued)}早于{what}{cn_date(day)}"))
    if doc_year is not None and issued.year != doc_year:
        out.append(DateProblem("other_year", f"{cn_date(issued)}与文号的年度〔{doc_year}〕不一致"))
    if clock is not None and t.needs_event is EventKind.CORRECTION_REQUESTED:
        until = clock.sub_deadlines.get("补正期限")
        if until is not None and until <= issued:
            out.append(DateProblem("correction_until", f"告知书要求“请于{cn_date(until)}前补正”，该日期不在成文日期"
                                                       f"{cn_date(issued)}之后"))
    if clock is not None and t.needs_event is EventKind.EXTENDED and clock.due is not None and clock.due <= issued:
        out.append(DateProblem("extension_due", f"延期后的答复期限{cn_date(clock.due)}不在成文日期{cn_date(issued)}之后"))
    return out


def require(problems: list[DateProblem], confirm_reason: str | None) -> None:
    """Raise LetterDateError unless every problem is confirmable and a reason was given."""
    if not problems:
        return
    if all(p.confirmable for p in problems) and (confirm_reason or "").strip():
        return
    raise LetterDateError(problems)
