"""The steps of a case: one declarative table read by the GUI menus, the step dialog, the CLI, the letter checks
and the demo generator (domain.md §1.2, §8.1–8.3).

A step is either a *clock step* — it is recorded as a clock event (`EventKind`) and moves the reply deadline
(补正, 征求意见, 延期, 收费, 答复 …) — or a *case step* that the clock ignores: the internal chain
交办 → 拟办意见 → 公开机构审核 → 法制审核 → 保密审查 → 领导核准 (退回 sends it back to 拟办), and 送达.
All of them are stored alike (one row each, immutable, undone by voiding), so the case file is one list.

For each step the table says: its slug (the CLI name; a clock step's slug is its `EventKind` value, the same
word `gongkai clock` uses), its Chinese label and menu section, the date it records, the fields it asks for,
whether a signature (签署人) is required and which results it allows, what must be true of the case before
it (`needs`, a function of the derived `CaseState` and the office's `CaseRules` that returns the Chinese
reason it is not possible yet, or None), its effect in one line, and the letters and forms it enables.
Nothing here decides by display text. Adding a step means adding a row here and, where it asks for a field
kind the dialog does not know yet, teaching the dialog that kind.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from typing import Any

from .applications import OUTCOME_BY_CODE
from .clock import ClockResult, EventKind
from .delivery import DELIVERY_METHODS, merged_deliveries
from .errors import DomainError
from .reviews import REOPEN_DEFAULT_DAYS, REOPEN_SOURCES
from .rules import CaseRules
from .workdays import WorkCalendar, cn_date


class StepError(DomainError):
    """A step that cannot be recorded now; the message names what is missing and the rule."""


class FieldKind(str, Enum):
    TEXT = "text"
    LONGTEXT = "longtext"
    INT = "int"
    DATE = "date"
    CHOICE = "choice"
    BOOL = "bool"
    OUTCOME = "outcome"  # a 表三 outcome code
    BASIS = "basis"  # the article relied on (suggested from the outcome)
    FEE = "fee"  # 计收方式 and 件数/页数 (core.fees)
    LETTER = "letter"  # a letter issued for this case (文号)
    FILE = "file"  # a file to attach (a scan); stored through the attachments repository


@dataclass(frozen=True)
class StepField:
    key: str
    label: str
    kind: FieldKind = FieldKind.TEXT
    required: bool = False
    choices: tuple[str, ...] = ()
    help: str = ""

    @property
    def option(self) -> str:
        """The CLI option for this field (`--party-received` for `party_received`)."""
        return "--" + self.key.replace("_", "-")


@dataclass(frozen=True)
class StepRow:
    """One recorded step as the rules see it (from storage, voided rows left out)."""

    id: int
    slug: str
    day: date
    signer: str = ""
    result: str = ""
    opinion: str = ""
    data: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class CaseState:
    """What has happened on a case, derived from its recorded steps and its clock."""

    received: date
    closed: bool
    replied: bool
    correction_sent: bool
    awaiting_correction: bool
    open_consults: tuple[str, ...]
    fee_noticed: bool
    fee_pending: bool
    extended: bool
    delayed: bool
    assigned: StepRow | None  # the latest 交办
    draft: StepRow | None  # the current 拟办意见 (none after a 退回 until a new one)
    after_draft: dict[str, StepRow]  # the latest of each review step recorded after the current draft
    letters: tuple[str, ...] = ()  # slugs of letters issued
    delivered: tuple[str, ...] = ()  # 文号 of letters with a recorded 送达
    awaiting_receipt: tuple[str, ...] = ()  # 文号 of 送达 with no 妥投/签收 date yet (补记妥投 possible)
    reopen: StepRow | None = None  # a 重新答复 ordered and not yet answered
    re_replies: tuple[StepRow, ...] = ()  # the new answers given after earlier reopenings
    today: date | None = None  # the day availability is judged on (None: date rules not applied)
    correction_notice_due: date | None = None  # last day to send a 补正告知 (条例第30条: 7 working days)
    correction_until: date | None = None  # the 补正期限 of the 补正告知 sent

    @property
    def draft_outcome(self) -> str | None:
        return self.draft.data.get("outcome") if self.draft else None

    @property
    def approved(self) -> bool:
        return "approve" in self.after_draft

    def chain_stage(self) -> str:
        """Where the internal chain stands, for lists and the detail header."""
        if self.assigned is None:
            return "未交办"
        if self.draft is None:
            return "待拟办"
        if self.approved:
            return "已核准"
        return "待审核" if "review" not in self.after_draft else "待核准"


Needs = Callable[[CaseState, CaseRules], str | None]
# checks of the entered values against each other and the case (beyond each field's own check): Chinese messages
Validate = Callable[[dict[str, Any], CaseState], list[str]]


def _no_checks(values: dict[str, Any], state: CaseState) -> list[str]:
    return []


@dataclass(frozen=True)
class StepDef:
    slug: str
    label: str
    section: str  # menu section
    date_label: str
    fields: tuple[StepField, ...] = ()
    event: EventKind | None = None  # a clock step is recorded as this clock event
    signer: str = ""  # label of the required signature; empty: no signature
    results: tuple[str, ...] = ()  # allowed results (the first is the default)
    needs: Needs = lambda s, r: None
    effect: str = ""
    enables: tuple[str, ...] = ()  # letters and forms this step makes possible
    audit: str = ""  # audit wording; the label when empty
    validate: Validate = _no_checks  # cross-field checks of the values (services.case.STEP_HOOKS: checks needing the ledger)

    @property
    def is_clock(self) -> bool:
        return self.event is not None

    def field(self, key: str) -> StepField | None:
        return next((f for f in self.fields if f.key == key), None)


# --- value checks ------------------------------------------------------------------------------------
def _reopen_dates(values: dict[str, Any], state: CaseState) -> list[str]:
    """重新答复的来由: the decision is dated before it was received; the period is a positive number of days."""
    day, decided = values.get("day"), values.get("decided")
    errors = []
    if isinstance(day, date) and isinstance(decided, date) and decided > day:
        errors.append(f"决定（判决）日期 {cn_date(decided)} 晚于收到日期 {cn_date(day)}。")
    days = values.get("period_days")
    if days not in (None, "") and int(days) <= 0:
        errors.append("重新答复期限应为正整数（工作日）。")
    return errors


def _re_reply_dates(values: dict[str, Any], state: CaseState) -> list[str]:
    """The new answer is not dated before the reopening was received."""
    day = values.get("day")
    if isinstance(day, date) and state.reopen is not None and day < state.reopen.day:
        return [f"重新答复日期 {cn_date(day)} 早于收到决定书日期 {cn_date(state.reopen.day)}。"]
    return []


# --- preconditions -----------------------------------------------------------------------------------
def _open(s: CaseState, r: CaseRules) -> str | None:
    return "申请已办结。" if s.closed else None


def _all(*checks: Needs) -> Needs:
    def check(s: CaseState, r: CaseRules) -> str | None:
        for c in checks:
            reason = c(s, r)
            if reason:
                return reason
        return None
    return check


def _not_awaiting_correction(s: CaseState, r: CaseRules) -> str | None:
    return "正在等待补正，收到补正或登记逾期不补正后才能办理。" if s.awaiting_correction else None


def _correction_not_sent(s: CaseState, r: CaseRules) -> str | None:
    return "补正告知只能发出一次（条例第30条：一次性告知）。" if s.correction_sent else None


def _awaiting_correction(s: CaseState, r: CaseRules) -> str | None:
    return None if s.awaiting_correction else "没有等待中的补正告知。"


def _correction_period_over(s: CaseState, r: CaseRules) -> str | None:
    """逾期不补正 only once the 补正期限 has passed (the clock refuses a lapse dated on or before it)."""
    if s.today is not None and s.correction_until is not None and s.today <= s.correction_until:
        return (f"补正期限至{cn_date(s.correction_until)}，尚未届满；届满后仍未补正的，才能登记逾期不补正"
                "（条例第30条）。")
    return None


def _open_consult(s: CaseState, r: CaseRules) -> str | None:
    return None if s.open_consults else "没有尚未答复的征求意见。"


def _no_fee_yet(s: CaseState, r: CaseRules) -> str | None:
    return "收费通知只能发出一次。" if s.fee_noticed else None


def _fee_pending(s: CaseState, r: CaseRules) -> str | None:
    return None if s.fee_pending else "没有等待缴费的收费通知。"


def _not_extended(s: CaseState, r: CaseRules) -> str | None:
    return "已延期一次，延期答复只能一次（条例第33条第2款）。" if s.extended else None


def _assigned(s: CaseState, r: CaseRules) -> str | None:
    return None if s.assigned else "须先登记“交办”（由公开工作机构交承办科室办理）。"


def _has_draft(s: CaseState, r: CaseRules) -> str | None:
    if s.draft is None:
        return "须先登记承办科室的“拟办意见”" + ("（上一份拟办意见已退回）。" if s.assigned else "。")
    return None


def _not_approved(s: CaseState, r: CaseRules) -> str | None:
    return "拟办意见已经领导核准；如需修改，先登记“退回”。" if s.approved else None


def _secrecy_undetermined(s: CaseState, r: CaseRules) -> str | None:
    sec = s.after_draft.get("secrecy-review")
    if sec is None or sec.result != "不能确定":
        return "只有保密审查结论为“不能确定”时才需登记主管部门的确定意见。"
    return None


def missing_for_approval(s: CaseState, r: CaseRules) -> str | None:
    """What must be recorded before 领导核准 (the office's rules decide which reviews are required)."""
    if s.draft is None:
        return _has_draft(s, r)
    outcome = s.draft_outcome
    missing = []
    if "review" not in s.after_draft:
        missing.append("公开机构审核")
    legal = s.after_draft.get("legal-review")
    if r.needs_legal_review(outcome):
        if legal is None:
            missing.append("法制审核")
        elif legal.result == "不同意":
            return "法制审核意见为“不同意”，须退回承办科室重新拟办。"
    secrecy = s.after_draft.get("secrecy-review")
    if r.needs_secrecy_review(outcome):
        if secrecy is None:
            missing.append("保密审查")
        elif secrecy.result == "不能确定" and "secrecy-answer" not in s.after_draft:
            return "保密审查结论为“不能确定”，须等保密行政管理部门或业务主管部门确定后再报核准。"
    final = s.after_draft.get("secrecy-answer") or secrecy
    if final is not None and final.result == "不予公开" and outcome and outcome.split(".")[0] in ("1", "2"):
        return "保密审查结论为“不予公开”，与拟办的公开意见不一致，须退回重新拟办。"
    if missing:
        name = OUTCOME_BY_CODE[outcome].full if outcome in OUTCOME_BY_CODE else "该办理结果"
        return f"拟办意见（{name}）须先经{'、'.join(missing)}，才能报领导核准。"
    return None


def _approved_if_chain(s: CaseState, r: CaseRules) -> str | None:
    """A reply on a case whose chain has begun waits for 核准 (a case without a draft may be answered
    directly, e.g. 当场答复)."""
    if s.draft is not None and not s.approved:
        return "拟办意见尚未经领导核准，不能登记答复。" + (missing_for_approval(s, r) or "")
    return None


def _closed(s: CaseState, r: CaseRules) -> str | None:
    return None if s.closed else "申请尚未办结；重新答复只在已办结的申请上登记。"


def _no_pending_reopen(s: CaseState, r: CaseRules) -> str | None:
    return "已登记重新答复，尚未作出新的答复。" if s.reopen is not None else None


def _pending_reopen(s: CaseState, r: CaseRules) -> str | None:
    return None if s.reopen is not None else "须先登记“重新答复”的来由（复议决定、判决或自行纠正）。"


def _has_letter(s: CaseState, r: CaseRules) -> str | None:
    return None if s.letters else "尚未出具文书，先生成答复书或告知书再登记送达。"


def _awaiting_receipt(s: CaseState, r: CaseRules) -> str | None:
    if s.awaiting_receipt:
        return None
    return "已登记的送达都已记录妥投或签收日期。" if s.delivered else "尚未登记送达。"


# --- the table ---------------------------------------------------------------------------------------
NOTE = StepField("note", "备注")
SIGNED_OPINION = StepField("opinion", "意见", FieldKind.LONGTEXT)

STEPS: tuple[StepDef, ...] = (
    # 补正 (条例第30条)
    StepDef("correction-requested", "发出补正告知", "补正", "告知书发出日期",
            (StepField("until", "补正期限", FieldKind.DATE, help="不填则按设置中的补正期限默认天数计算"),
             StepField("note", "需要补正的事项", FieldKind.LONGTEXT)),
            event=EventKind.CORRECTION_REQUESTED, needs=_all(_open, _correction_not_sent),
            effect="收到补正前暂停；收到补正后答复期限重新起算（条例第30条）", enables=("correction",)),
    StepDef("correction-received", "收到补正", "补正", "收到补正日期", (NOTE,),
            event=EventKind.CORRECTION_RECEIVED, needs=_all(_open, _awaiting_correction),
            effect="答复期限自该日起重新计算20个工作日"),
    StepDef("correction-lapsed", "逾期不补正", "补正", "登记日期", (NOTE,),
            event=EventKind.CORRECTION_LAPSED, needs=_all(_open, _awaiting_correction, _correction_period_over),
            effect="视为放弃申请，办结（表三（六）1）", enables=("terminate-correction",)),
    # 征求意见 (条例第32、34条)
    StepDef("consult-sent", "发出征求意见", "征求意见", "征求意见书发出日期",
            (StepField("ref", "征求对象", required=True, help="第三方或共同制作机关的名称"),
             StepField("party_received", "对方签收日期", FieldKind.DATE, help="与发出日期不同时填写"), NOTE),
            event=EventKind.CONSULT_SENT, needs=_all(_open, _not_awaiting_correction),
            effect="发出当日计入，此后暂停计时；对方15个工作日内答复（条例第32、33条）",
            enables=("consult-third-party", "consult-notice", "consult-co-producer", "disclosure-third-party")),
    StepDef("consult-answered", "收到意见", "征求意见", "收到意见日期",
            (StepField("ref", "征求对象", FieldKind.CHOICE, help="未答复的征求意见"), NOTE),
            event=EventKind.CONSULT_ANSWERED, needs=_all(_open, _open_consult), effect="次日起恢复计时"),
    # 期限
    StepDef("extended", "延期答复", "期限", "决定延期日期",
            (StepField("days", "延长工作日数", FieldKind.INT, required=True, help="不超过20个工作日"),
             StepField("approver", "批准人（公开工作机构负责人）", required=True),
             StepField("note", "延期理由")),
            event=EventKind.EXTENDED, needs=_all(_open, _not_awaiting_correction, _not_extended),
            effect="经公开工作机构负责人同意，延长不超过20个工作日（条例第33条第2款）", enables=("extension",)),
    StepDef("delay", "延迟答复（第35条）", "期限", "告知延迟答复日期",
            (StepField("days", "延长工作日数", FieldKind.INT, required=True), StepField("note", "理由")),
            event=EventKind.DELAY, needs=_all(_open, _not_awaiting_correction),
            effect="申请数量、频次明显超过合理范围，确定延迟答复的合理期限（条例第35条）"),
    # 收费 (国办函〔2020〕109号)
    StepDef("fee-notice", "发出收费通知", "收费", "收费通知发出日期",
            (StepField("fee", "计收方式与件数/页数", FieldKind.FEE, required=True),
             StepField("party_received", "申请人签收日期", FieldKind.DATE, help="与发出日期不同时填写"), NOTE),
            event=EventKind.FEE_NOTICE, needs=_all(_open, _not_awaiting_correction, _no_fee_yet),
            effect="缴费期限为申请人收到通知次日起20个工作日；按设置暂停计时", enables=("fee-notice",)),
    StepDef("fee-paid", "缴纳费用", "收费", "缴费日期",
            (StepField("amount", "实缴金额（元）", FieldKind.INT, required=True), NOTE),
            event=EventKind.FEE_PAID, needs=_all(_open, _fee_pending), effect="次日起恢复计时"),
    StepDef("fee-lapsed", "逾期未缴费", "收费", "登记日期", (NOTE,),
            event=EventKind.FEE_LAPSED, needs=_all(_open, _fee_pending),
            effect="视为放弃申请，办结（表三（六）2）", enables=("terminate-fee",)),
    # 内部审批 (domain.md §8.1–8.2)
    StepDef("assign", "交办", "内部审批", "交办日期",
            (StepField("department", "承办科室", required=True),
             StepField("handler", "承办人"),
             StepField("feedback_days", "科室反馈期限（工作日）", FieldKind.INT, help="不填则按设置"), NOTE),
            signer="交办人（公开工作机构）", needs=_all(_open, _not_approved),
            effect="承办科室在反馈期限内提出拟办意见", audit="交办"),
    StepDef("draft", "拟办意见", "内部审批", "拟办日期",
            (StepField("outcome", "拟办理结果（表三）", FieldKind.OUTCOME, required=True),
             StepField("basis", "依据", FieldKind.BASIS),
             StepField("opinion", "拟办意见及理由", FieldKind.LONGTEXT, required=True),
             StepField("provide", "可以提供的信息", FieldKind.LONGTEXT),
             StepField("letter", "拟用文书", FieldKind.CHOICE)),
            signer="拟办人（承办科室）", needs=_all(_open, _assigned, _not_approved),
            effect="拟办理结果、依据和理由，报公开工作机构审核", enables=("approval",)),
    StepDef("review", "公开机构审核", "内部审批", "审核日期", (SIGNED_OPINION,),
            signer="审核人（公开工作机构）", results=("同意", "修改后同意"), needs=_all(_open, _has_draft, _not_approved),
            effect="公开工作机构审核拟办意见"),
    StepDef("legal-review", "法制审核", "内部审批", "法制审核日期", (SIGNED_OPINION,),
            signer="审核人（法规科室或法律顾问）", results=("同意", "修改意见", "不同意"),
            needs=_all(_open, _has_draft, _not_approved),
            effect="法规科室（法律顾问）审核适用条款；“不同意”须退回重拟"),
    StepDef("secrecy-review", "保密审查", "内部审批", "审查日期",
            (StepField("info_name", "信息名称", required=True),
             StepField("doc_no", "文号"),
             StepField("pages", "页数", FieldKind.INT),
             StepField("carrier", "载体", FieldKind.CHOICE, choices=("纸质", "电子", "纸质和电子", "其他")),
             StepField("state_secret", "涉及国家秘密", FieldKind.BOOL),
             StepField("commercial_secret", "涉及商业秘密", FieldKind.BOOL),
             StepField("privacy", "涉及个人隐私", FieldKind.BOOL),
             StepField("referred_to", "报请确定的部门", help="结论为“不能确定”时填写"),
             SIGNED_OPINION,
             StepField("head", "负责人")),
            signer="审查人", results=("可以公开", "部分公开", "不予公开", "不能确定"),
            needs=_all(_open, _has_draft, _not_approved),
            effect="公开前保密审查（条例第17条）；“不能确定”须报保密行政管理部门或业务主管部门确定",
            enables=("secrecy",)),
    StepDef("secrecy-answer", "保密审查确定意见", "内部审批", "收到确定意见日期",
            (StepField("organ", "确定部门", required=True), SIGNED_OPINION),
            signer="登记人", results=("可以公开", "部分公开", "不予公开"),
            needs=_all(_open, _secrecy_undetermined), effect="保密行政管理部门或业务主管部门的确定意见"),
    StepDef("approve", "领导核准", "内部审批", "核准日期",
            (StepField("role", "核准人职务", FieldKind.CHOICE, choices=("分管领导", "主要领导")),
             StepField("opinion", "领导批示", FieldKind.LONGTEXT)),
            signer="核准人", results=("同意",), needs=_all(_open, _not_approved, missing_for_approval),
            effect="领导核准后可以答复、出具答复书"),
    StepDef("return", "退回", "内部审批", "退回日期",
            (StepField("opinion", "退回理由", FieldKind.LONGTEXT, required=True),),
            signer="退回人", needs=_all(_open, _has_draft),
            effect="拟办意见作废，退回承办科室重新拟办"),
    # 办结
    StepDef("replied", "答复", "办结", "答复日期",
            (StepField("outcome", "办理结果（表三）", FieldKind.OUTCOME, required=True),
             StepField("basis", "依据", FieldKind.BASIS),
             StepField("note", "答复要点"),
             StepField("consistency_reason", "与此前答复不一致的理由", FieldKind.LONGTEXT,
                       help="同一信息此前对其他申请人作出不同答复的，须写明理由")),
            event=EventKind.REPLIED, needs=_all(_open, _not_awaiting_correction, _approved_if_chain),
            effect="办结；答复书按办理结果出具"),
    StepDef("withdrawn", "撤回申请", "办结", "撤回日期", (NOTE,),
            event=EventKind.WITHDRAWN, needs=_open, effect="申请人撤回，办结（表三（六）3）"),
    # 重新答复 (domain.md §8.5): a case step on a closed application; the original reply's clock is untouched
    StepDef("reopen", "重新答复（登记来由）", "重新答复", "收到决定书（判决书）日期",
            (StepField("source", "来由", FieldKind.CHOICE, required=True, choices=REOPEN_SOURCES),
             StepField("doc_no", "决定书（判决书）文号"),
             StepField("decided", "决定（判决）日期", FieldKind.DATE),
             StepField("period_days", "重新答复期限（工作日）", FieldKind.INT,
                       help=f"不填则为自收到之日起{REOPEN_DEFAULT_DAYS}个工作日"),
             StepField("review_id", "对应的复议诉讼记录", FieldKind.INT),
             NOTE),
            needs=_all(_closed, _no_pending_reopen), validate=_reopen_dates,
            effect="责令重新答复或自行纠正：在期限内重新作出答复；原答复和表三统计不变"),
    StepDef("re-reply", "重新答复", "重新答复", "重新答复日期",
            (StepField("outcome", "新的办理结果", FieldKind.OUTCOME, required=True),
             StepField("basis", "依据", FieldKind.BASIS),
             StepField("note", "答复要点")),
            needs=_pending_reopen, validate=_re_reply_dates,
            effect="作出新的答复（出具答复书并登记送达）；表三仍按首次办结计，纠正情况在表四和年度报告中说明"),
    # 送达 (国办公开办函〔2016〕235号)
    StepDef("deliver", "送达", "送达", "交邮或送达日期",
            (StepField("letter", "送达的文书", FieldKind.LETTER, required=True,
                       help="本件已出具的文书（文号）；答复书、补正、延期、征求意见、收费通知书都应登记送达"),
             StepField("method", "送达方式", FieldKind.CHOICE, required=True, choices=DELIVERY_METHODS,
                       help="邮寄须通过邮政企业；电子邮件、网上平台按申请人要求送达的，只作记录"),
             StepField("recipient", "受送达人", help="不填则为申请人（致第三方的文书为该第三方）"),
             StepField("place", "送达地点"),
             StepField("tracking", "邮件号", help="中国邮政或EMS邮件号"),
             StepField("delivered", "妥投或签收日期", FieldKind.DATE,
                       help="直接送达、委托送达以签收日期为准；邮寄以交邮日期为准，妥投日期作记录"),
             StepField("signed_by", "签收人"),
             StepField("note", "拒收、留置等说明"),
             StepField("scan", "送达回证或邮寄凭证扫描件", FieldKind.FILE)),
            signer="送达人", needs=_has_letter,
            effect="直接送达以签收日期、邮寄送达以交邮日期判断是否按期（国办公开办函〔2016〕235号）",
            enables=("delivery-receipt",)),
    StepDef("delivered", "补记妥投（签收）", "送达", "妥投或签收日期",
            (StepField("letter", "送达的文书", FieldKind.LETTER,
                       help="已登记送达、尚未记录妥投或签收日期的文书（文号）；只有一份时可不填"),
             StepField("signed_by", "签收人"),
             StepField("note", "说明", help="如查询邮件妥投信息的方式、拒收或留置情况"),
             StepField("scan", "妥投证明或签收回执扫描件", FieldKind.FILE)),
            needs=_awaiting_receipt,
            effect="在已登记的送达上补记妥投或签收日期（原送达记录不变）；直接送达、委托送达以签收日期判断是否按期",
            audit="补记妥投（签收）"),
)


def step_by_slug(steps: Iterable[StepDef] = STEPS) -> dict[str, StepDef]:
    return {s.slug: s for s in steps}


STEP_BY_SLUG = step_by_slug()
CLOCK_SLUGS = frozenset(s.slug for s in STEPS if s.event is not None)
SECTIONS = tuple(dict.fromkeys(s.section for s in STEPS))


# --- deriving the state ------------------------------------------------------------------------------
REVIEW_SLUGS = ("review", "legal-review", "secrecy-review", "secrecy-answer", "approve")


def case_state(received: date, rows: Iterable[StepRow], clock: ClockResult | None,
               letters: Iterable[str] = (), delivered: Iterable[str] = (), today: date | None = None) -> CaseState:
    """The case's state from its recorded steps (in recording order) and its clock; `today` is the day the
    date-dependent rules (逾期不补正 only after the 补正期限) are judged on."""
    rows = list(rows)
    kinds = [r.slug for r in rows]
    sub = clock.sub_deadlines if clock is not None else {}
    sent = [r.data.get("ref") or "" for r in rows if r.slug == "consult-sent"]
    for r in rows:
        if r.slug == "consult-answered":
            ref = r.data.get("ref") or ""
            if ref in sent:
                sent.remove(ref)
            elif sent:
                sent.pop(0)
    closed = clock.closed_on is not None if clock is not None else any(
        k in ("replied", "withdrawn", "correction-lapsed", "fee-lapsed") for k in kinds)
    correction_sent = "correction-requested" in kinds
    reopen: StepRow | None = None
    re_replies: list[StepRow] = []
    for r in rows:
        if r.slug == "reopen":
            reopen = r
        elif r.slug == "re-reply" and reopen is not None:
            re_replies.append(r)
            reopen = None
    assigned = draft = None
    after: dict[str, StepRow] = {}
    for r in rows:
        if r.slug == "assign":
            assigned = r
        elif r.slug == "draft":
            draft, after = r, {}
        elif r.slug == "return":
            draft, after = None, {}
        elif r.slug in REVIEW_SLUGS and draft is not None:
            after[r.slug] = r
    return CaseState(
        received=received, closed=closed, replied="replied" in kinds, correction_sent=correction_sent,
        awaiting_correction=correction_sent and "correction-received" not in kinds and not closed,
        open_consults=tuple(sent), fee_noticed="fee-notice" in kinds,
        fee_pending="fee-notice" in kinds and "fee-paid" not in kinds and "fee-lapsed" not in kinds,
        extended="extended" in kinds, delayed="delay" in kinds, assigned=assigned, draft=draft, after_draft=after,
        letters=tuple(letters), delivered=tuple(delivered),
        awaiting_receipt=tuple(d.letter for d in merged_deliveries(rows) if d.delivered is None),
        reopen=reopen, re_replies=tuple(re_replies),
        today=today, correction_notice_due=sub.get("补正告知期限"), correction_until=sub.get("补正期限"))


@dataclass(frozen=True)
class Availability:
    step: StepDef
    reason: str | None  # None: possible now

    @property
    def possible(self) -> bool:
        return self.reason is None


def available_steps(state: CaseState, rules: CaseRules, steps: Iterable[StepDef] = STEPS) -> list[Availability]:
    return [Availability(s, s.needs(state, rules)) for s in steps]


def check_values(step: StepDef, values: dict[str, Any], received: date, today: date) -> list[str]:
    """Field-level checks common to every step: date, signature, result, required fields. Chinese messages."""
    errors: list[str] = []
    day = values.get("day")
    if not isinstance(day, date):
        errors.append(f"请填写{step.date_label}。")
    else:
        if day < received:
            errors.append(f"{step.date_label} {cn_date(day)} 早于收到申请日期 {cn_date(received)}。")
        if day > today:
            errors.append(f"{step.date_label} {cn_date(day)} 晚于今天，不能登记未发生的事项。")
    if step.signer and not str(values.get("signer") or "").strip():
        errors.append(f"“{step.label}”须填写{step.signer}的姓名（签署人）。")
    result = values.get("result")
    if step.results:
        if result in (None, ""):
            values["result"] = step.results[0]
        elif result not in step.results:
            errors.append(f"“{step.label}”的结论只能是：{'、'.join(step.results)}。")
    for f in step.fields:
        value = values.get(f.key)
        if f.required and (value is None or (isinstance(value, str) and not value.strip())):
            errors.append(f"请填写“{f.label}”。")
        if f.kind is FieldKind.CHOICE and f.choices and value not in (None, "") and value not in f.choices:
            errors.append(f"“{f.label}”只能是：{'、'.join(f.choices)}。")
        if f.kind is FieldKind.OUTCOME and value not in (None, "") and value not in OUTCOME_BY_CODE:
            errors.append(f"未知的办理结果代码：{value}。")
        if f.kind is FieldKind.DATE and isinstance(value, date) and isinstance(day, date):
            if value < day and f.key in ("delivered", "party_received"):
                errors.append(f"“{f.label}”{cn_date(value)} 早于{step.date_label} {cn_date(day)}。")
    return errors


def default_correction_until(day: date, calendar: WorkCalendar, rules: CaseRules) -> date:
    """The 补正期限 when the 补正告知 sets none: the rules' default number of working days after it (the clock
    uses the same)."""
    return calendar.add_workdays(day, rules.correction_period_days)


def save_warnings(step: StepDef, values: dict[str, Any], state: CaseState) -> list[str]:
    """What the officer should confirm before a step is recorded (it is lawful to record, but worth a second
    look). A 补正告知 sent after the 7 working days of 条例第30条 is late: the clock does not restart on it when
    the reply deadline has already passed, and the delay is an irregularity a reviewer would find."""
    out: list[str] = []
    day = values.get("day")
    if step.slug == "correction-requested" and isinstance(day, date) and state.correction_notice_due is not None \
            and day > state.correction_notice_due:
        out.append(f"补正告知应自收到申请之日起7个工作日内一次性发出（条例第30条），即不晚于"
                   f"{cn_date(state.correction_notice_due)}；本告知于{cn_date(day)}发出，已超过该期限。")
    return out


# --- internal deadlines ------------------------------------------------------------------------------
SECRECY_WAIT_DAYS = 15  # [U] local rules allow 7–15 working days for the 保密 department's answer


@dataclass(frozen=True)
class InternalDeadline:
    kind: str  # "feedback" | "approval" | "secrecy"
    label: str
    due: date


def internal_deadlines(state: CaseState, clock: ClockResult | None, calendar: WorkCalendar,
                       rules: CaseRules) -> list[InternalDeadline]:
    """The office's own deadlines on an open case: 科室反馈, 报批, 保密审查确定 (domain.md §8.1–8.2)."""
    if state.closed:
        return []
    out: list[InternalDeadline] = []
    if state.assigned is not None and state.draft is None:
        days = state.assigned.data.get("feedback_days") or rules.feedback_days
        out.append(InternalDeadline("feedback", "科室反馈期限", calendar.add_workdays(state.assigned.day, int(days))))
    if clock is not None and clock.due is not None and not state.approved and not state.replied:
        out.append(InternalDeadline("approval", "报批期限",
                                    calendar.subtract_workdays(clock.due, rules.approval_lead_days)
                                    if rules.approval_lead_days else clock.due))
    sec = state.after_draft.get("secrecy-review")
    if sec is not None and sec.result == "不能确定" and "secrecy-answer" not in state.after_draft:
        out.append(InternalDeadline("secrecy", "保密审查待确定", calendar.add_workdays(sec.day, SECRECY_WAIT_DAYS)))
    return sorted(out, key=lambda d: d.due)


# --- the letter the last step calls for (issue 28 #8) ---------------------------------------------------------
_PREFILL_FROM_STEP = {  # step slug → (letter input key, step data key)
    "correction-requested": ("correction_items", "note"),
    "consult-sent": ("third_party", "ref"),
    "extended": ("extension_reason", "note"),
    "delay": ("extension_reason", "note"),
}


def letter_for_last_step(rows: Iterable[StepRow]) -> tuple[str | None, dict[str, str]]:
    """The letter the most recently recorded step enables (the first of its `enables`), and what the letter
    dialog can fill in from it: 补正事项 from the 补正 step's note, the third party from the consultation's ref,
    the extension reason. (None, {}) when the last step calls for no letter."""
    rows = list(rows)
    if not rows:
        return None, {}
    last = max(rows, key=lambda r: r.id)
    step = STEP_BY_SLUG.get(last.slug)
    if step is None or not step.enables:
        return None, {}
    prefill = {}
    if last.slug in _PREFILL_FROM_STEP:
        key, source = _PREFILL_FROM_STEP[last.slug]
        value = str(last.data.get(source) or "").strip()
        if value:
            prefill[key] = value
    return step.enables[0], prefill
