"""行政复议 / 行政诉讼 from the agency's side: its own answer deadline, the decision's result as 表四 counts it,
and the period a decision sets for a new answer (domain.md §1.6, §8.5). Pure rules: no Qt, no SQL.

- 复议: the agency answers in writing with its evidence within 10 days of receiving the 申请书副本
  (行政复议法第48条); 政府信息公开 cases may use the 简易程序 (第53条第1款第(四)项) — then 5 days (第54条).
  These are working days (第88条) and are counted on the ledger's WorkCalendar from the day after receipt.
  Missing it: 视为该行政行为没有证据、依据，决定撤销 (第70条).
- 诉讼: 答辩状 and evidence within 15 days of receiving the 起诉状副本 (行政诉讼法第67条). Calendar days from
  the next day; a period whose last day is a rest day (weekend or holiday) runs to the next working day.

Result mapping to 表四 (written down once here; README repeats it):
  维持 → 结果维持; 驳回 → 结果维持 (the agency's act stands);
  撤销、确认违法、责令重新答复 → 结果纠正;
  撤回、其他 → 其他结果; no decision yet → 尚未审结.

表三 and a new answer (重新答复): the application is counted once in 表三, in the year of its first closing with its
first outcome; the new answer does not change 表三. The correction is reported in 表四 (结果纠正 of the review that
ordered it) and in the narrative.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from .errors import DomainError
from .workdays import WorkCalendar, cn_date

REVIEW_TYPES = ("复议", "诉讼")
PROCEDURES = ("普通", "简易")
OUTCOMES = ("维持", "撤销", "确认违法", "责令重新答复", "驳回", "撤回", "其他")
SECTION4_RESULT = {
    "维持": "结果维持", "驳回": "结果维持",
    "撤销": "结果纠正", "确认违法": "结果纠正", "责令重新答复": "结果纠正",
    "撤回": "其他结果", "其他": "其他结果",
}
REOPEN_SOURCES = ("复议决定", "判决", "自行纠正")
REOPEN_DEFAULT_DAYS = 20  # "自收到本决定书之日起20个工作日内" is the usual wording (domain.md §8.5)

ANSWER_DEADLINE_LABELS = {"复议": "复议答复期限", "诉讼": "诉讼答辩期限"}
REVIEW_ANSWER_DAYS = 10  # 行政复议法第48条
REVIEW_ANSWER_DAYS_SIMPLE = 5  # 行政复议法第54条
SUIT_ANSWER_DAYS = 15  # 行政诉讼法第67条


def review_type(kind: str) -> str:
    """复议 or 诉讼 for a stored 表四 kind (行政复议 / 未经复议直接起诉 / 复议后起诉)."""
    return "复议" if kind == "行政复议" else "诉讼"


def stored_kind(review_type_: str, earlier_review: bool) -> str:
    """The 表四 kind for a new record: a 诉讼 after a 复议 on the same application is 复议后起诉."""
    if review_type_ == "复议":
        return "行政复议"
    if review_type_ == "诉讼":
        return "复议后起诉" if earlier_review else "未经复议直接起诉"
    raise DomainError(f"类型只能是：{'、'.join(REVIEW_TYPES)}。")


def section4_result(outcome: str | None) -> str:
    """表四's column for a decision's result; no result yet → 尚未审结."""
    if not outcome:
        return "尚未审结"
    if outcome not in SECTION4_RESULT:
        raise DomainError(f"结果只能是：{'、'.join(OUTCOMES)}。")
    return SECTION4_RESULT[outcome]


@dataclass(frozen=True)
class AnswerDeadline:
    due: date
    basis: str  # the article(s)
    trail: tuple[str, ...]  # how it was computed, in Chinese
    provisional: bool = False  # reaches a year the calendar has no official arrangement for

    @property
    def label(self) -> str:
        return "复议答复期限" if "复议" in self.basis else "诉讼答辩期限"


def answer_deadline(kind: str, copy_received: date, calendar: WorkCalendar, simplified: bool = False) -> AnswerDeadline:
    """The agency's own deadline to answer a 复议 (working days) or a 诉讼 (calendar days, holiday rule)."""
    if review_type(kind) == "复议":
        n = REVIEW_ANSWER_DAYS_SIMPLE if simplified else REVIEW_ANSWER_DAYS
        due = calendar.add_workdays(copy_received, n)
        basis = "行政复议法第48条、第54条、第88条" if simplified else "行政复议法第48条、第88条"
        trail = (f"{cn_date(copy_received, with_weekday=True)} 收到行政复议申请书副本",
                 ("适用简易程序：5日内提出书面答复（行政复议法第54条）" if simplified
                  else "普通程序：10日内提出书面答复（行政复议法第48条）"),
                 "“日”指工作日（行政复议法第88条），自次日起算，按工作日历（含调休）计算",
                 f"第{n}个工作日为 {cn_date(due, with_weekday=True)}",
                 "逾期未答复的，视为该行政行为没有证据、依据，决定撤销（行政复议法第70条）")
        provisional = not all(calendar.is_known(d) for d in (copy_received, due))
        return AnswerDeadline(due, basis, trail, provisional)
    end = copy_received + timedelta(days=SUIT_ANSWER_DAYS)
    due = calendar.next_workday_on_or_after(end)
    lines = [f"{cn_date(copy_received, with_weekday=True)} 收到起诉状副本",
             "15日内提交答辩状、证据和所依据的规范性文件（行政诉讼法第67条）",
             f"期间按日计算，自次日起算，第15日为 {cn_date(end, with_weekday=True)}"]
    if due != end:
        name = calendar.holiday_name(end)
        lines.append(f"期间届满日为{name + '假期' if name else '休息日'}，顺延至其后第一个工作日 "
                     f"{cn_date(due, with_weekday=True)}")
    provisional = not all(calendar.is_known(d) for d in (copy_received, due))
    return AnswerDeadline(due, "行政诉讼法第67条", tuple(lines), provisional)


def reopen_due(received_decision: date, days: int, calendar: WorkCalendar) -> date:
    """The new answer's deadline: `days` working days from the day after the decision was received."""
    if days <= 0:
        raise DomainError("重新答复期限应为正整数（工作日）。")
    return calendar.add_workdays(received_decision, days)


def answer_status(due: date, answered: date | None, today: date) -> str:
    """按期 / 逾期 / 未答复 for lists (Chinese)."""
    if answered is not None:
        return "按期答复" if answered <= due else "逾期答复"
    return "已逾期未答复" if today > due else f"剩{(due - today).days}天"
