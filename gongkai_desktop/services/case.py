"""Recording the steps of a case — the one home of the workflow rules shared by the window and `gongkai`.

`CaseService.record(no, slug, values, today)` checks a step against the step table (core/steps.py), the
office's rules and the clock, then writes it with its effects in one transaction: a clock step through
`ApplicationsRepo.add_event` (which re-derives the deadline), a case step as a signed row; afterwards the
cached chain stage and internal deadline are brought up to date. Nothing is half-written: a refusal raises
`StepError` (a Chinese message naming what is missing and the rule) before anything is stored.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ..core.applications import BASIS_CHOICES, OUTCOME_BY_CODE
from ..core.case_records import RECORD_KINDS, RecordError, check_dates, describe, normalise, reply_warnings
from ..core.clock import ClockError, ClockResult, Event, EventKind
from ..core.delivery import (
    Delivery,
    Timeliness,
    check_delivery,
    completion_errors,
    courier_warnings,
    legal_date,
    merged_deliveries,
)
from ..core.fees import Fee, FeeError, compute_fee
from ..core.letters import LETTER_BY_SLUG
from ..core.steps import (
    STEP_BY_SLUG,
    Availability,
    CaseState,
    InternalDeadline,
    StepDef,
    StepError,
    available_steps,
    case_state,
    check_values,
    internal_deadlines,
)
from ..core.workdays import cn_date
from ..storage.applications_repo import ActionError
from ..storage.attachments_repo import AttachmentError
from ..storage.ledger import Ledger
from .annual_report import FinalisedYearError, record_event, record_finalised_entry, undo_impact

# the row columns a case step keeps outside its JSON data
_COLUMN_KEYS = ("day", "signer", "result", "opinion")
# values a step keeps beside its fields: the delivered letter's type, the scan's hash
_EXTRA_KEYS = ("letter_type", "scan_sha256", "delivery_id")


@dataclass
class CaseView:
    """Everything the detail panel and `apps show` need about one case's steps."""

    app: dict[str, Any]
    clock: ClockResult | None
    state: CaseState
    choices: list[Availability]
    internal: list[InternalDeadline]
    steps: list[dict[str, Any]] = field(default_factory=list)  # recorded case steps, for display and JSON
    timeliness: Timeliness | None = None  # a reply judged on its legal 送达 time point (None: no reply)
    deliveries: list[dict[str, Any]] = field(default_factory=list)
    records: list[dict[str, Any]] = field(default_factory=list)  # 检索、沟通、提供信息清单 (not voided)
    forms: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # evidence a court would find missing


@dataclass(frozen=True)
class Recorded:
    no: str
    step: StepDef
    clock: ClockResult | None
    message: str  # one Chinese line for the status bar / CLI
    warnings: tuple[str, ...] = ()  # recorded, but worth the officer's attention (shown after the message)


@dataclass(frozen=True)
class StepHooks:
    """What one step does beyond the step table's generic checks (those need no ledger: `StepDef.validate`).

    prepare(service, view, values): fill defaults before the values are checked.
    check(service, view, values) -> warnings: refuse (StepError) or warn, with the ledger at hand.
    write(service, view, values): inside the step's transaction, before the step is stored (attach a file).
    done(view_after, message) -> (message, warnings): the message and warnings once the step is stored.
    clock_after: report the clock as it stands after the step (a 送达 can change the reply's timeliness)."""

    prepare: Callable[[CaseService, CaseView, dict[str, Any]], None] | None = None
    check: Callable[[CaseService, CaseView, dict[str, Any]], list[str]] | None = None
    write: Callable[[CaseService, CaseView, dict[str, Any]], None] | None = None
    done: Callable[[CaseView, str], tuple[str, list[str]]] | None = None
    clock_after: bool = False


NO_HOOKS = StepHooks()


class CaseService:
    def __init__(self, ledger: Ledger, steps: dict[str, StepDef] | None = None,
                 hooks: dict[str, StepHooks] | None = None):
        self.ledger = ledger
        self.steps = steps if steps is not None else STEP_BY_SLUG
        self.hooks = hooks if hooks is not None else STEP_HOOKS

    # --- reading ----------------------------------------------------------------------------------
    def _app(self, no: str) -> dict[str, Any]:
        app = self.ledger.applications.get(no)
        if app is None:
            raise StepError(f"台账中没有申请编号为 {no} 的申请。")
        return app

    def view(self, no: str, today: date) -> CaseView:
        app = self._app(no)
        repo = self.ledger.applications
        calendar = self.ledger.calendar.load()
        try:
            clock: ClockResult | None = repo.clock(app, calendar, today)
        except ClockError:
            clock = None
        rows = repo.step_rows(app["id"])
        letters = [r["type"] for r in self.ledger.letters.for_application(app["id"])]
        delivered = [r.data.get("letter", "") for r in rows if r.slug == "deliver"]
        state = case_state(date.fromisoformat(app["received"]), rows, clock, letters, delivered, today)
        rules = self.ledger.rules
        steps = [{"id": r.id, "step": r.slug, "label": self.steps[r.slug].label if r.slug in self.steps else r.slug,
                  "date": r.day.isoformat(), "by": r.signer, "result": r.result, "opinion": r.opinion,
                  "data": {k: v for k, v in r.data.items() if k not in _COLUMN_KEYS}}
                 for r in rows if r.slug in self.steps and not self.steps[r.slug].is_clock]
        timeliness = None
        if clock is not None:
            clock, timeliness = repo.judge_reply(app["id"], clock, calendar)
        letter_rows = {r["doc_number"]: r for r in self.ledger.letters.for_application(app["id"])}
        deliveries = []
        by_id = {r.id: r for r in rows}
        for d in merged_deliveries(rows):
            r = by_id[d.id]
            counted, why = legal_date(d)
            deliveries.append({
                "id": r.id, "letter": d.letter, "letter_name": _letter_name(letter_rows.get(d.letter)),
                "method": d.method, "date": d.day.isoformat(),
                "delivered": d.delivered.isoformat() if d.delivered else None, "tracking": d.tracking,
                "signed_by": d.signed_by, "server": d.server, "recipient": r.data.get("recipient") or app["applicant"],
                "place": r.data.get("place") or "", "note": d.note, "scan": r.data.get("scan"),
                "counted": counted.isoformat() if counted else None, "why": why,
                "completed_by": d.completed_by})
        records = [{"id": r["id"], "kind": r["kind"], "label": RECORD_KINDS[r["kind"]].label, "date": r["day"],
                    "data": r["data"], "text": describe(r["kind"], r["data"])}
                   for r in self.ledger.records.for_application(app["id"])]
        counts = {k: sum(1 for r in records if r["kind"] == k) for k in RECORD_KINDS}
        warnings = []
        if state.replied and app.get("outcome"):
            warnings = reply_warnings(app["outcome"], counts["search"], counts["contact"], state.correction_sent)
        return CaseView(app, clock, state, available_steps(state, rules, self.steps.values()),
                        internal_deadlines(state, clock, calendar, rules), steps, timeliness, deliveries, records,
                        self.ledger.records.forms_for_application(app["id"]), warnings)

    # --- writing ----------------------------------------------------------------------------------
    def _refuse_archived(self, no: str) -> None:
        refusal = self.ledger.archives.refusal(no)
        if refusal:
            raise StepError(refusal)

    def record(self, no: str, slug: str, values: dict[str, Any], today: date) -> Recorded:
        """Check and record one step; raises StepError (nothing written) with a Chinese message.

        The generic part reads the step table (`needs`, the fields' checks, `validate`); what one step does
        beyond that — filling defaults, checks that need the ledger, files to attach, the message after — is
        in its `StepHooks` (`STEP_HOOKS`, keyed by slug). No branch here names a step."""
        step = self.steps.get(slug)
        if step is None:
            raise StepError(f"未知的办理事项“{slug}”。可用：{'、'.join(self.steps)}")
        hooks = self.hooks.get(step.slug, NO_HOOKS)
        self._refuse_archived(no)
        view = self.view(no, today)
        reason = step.needs(view.state, self.ledger.rules)
        if reason:
            raise StepError(f"现在不能登记“{step.label}”：{reason}")
        values = dict(values)
        received = date.fromisoformat(view.app["received"])
        if hooks.prepare is not None:
            hooks.prepare(self, view, values)
        errors = check_values(step, values, received, today)
        errors.extend(step.validate(values, view.state))
        if errors:
            raise StepError("；".join(errors))
        warnings: list[str] = list(hooks.check(self, view, values)) if hooks.check is not None else []
        try:
            with self.ledger.db.atomic():
                if hooks.write is not None:
                    hooks.write(self, view, values)
                if step.event is not None:
                    clock: ClockResult | None = self._record_clock_step(view, step, values, today)
                else:
                    self.ledger.applications.insert_case_step(
                        view.app, step.slug, values["day"], str(values.get("signer") or ""),
                        str(values.get("result") or ""), str(values.get("opinion") or ""),
                        _data(step, values))
                    self.ledger.audit.record(step.audit or step.label, "application", no, None,
                                             _audit_values(step, values))
                    clock = view.clock
                after = self.refresh_cache(no, today)
        except (ActionError, FeeError, AttachmentError) as exc:
            raise StepError(str(exc)) from exc
        message = _message(no, step, clock, values)
        if hooks.done is not None:
            message, more = hooks.done(after, message)
            warnings.extend(more)
        return Recorded(no, step, after.clock if hooks.clock_after else clock, message, tuple(warnings))

    # --- 送达 -----------------------------------------------------------------------------------------
    def _check_delivery(self, view: CaseView, values: dict[str, Any]) -> list[str]:
        """Resolve the letter (文号 or letter type) and refuse a delivery the dates rule out; returns warnings."""
        letters = self.ledger.letters.for_application(view.app["id"])
        wanted = str(values.get("letter") or "").strip()
        letter = next((r for r in letters if r["doc_number"] == wanted), None)
        if letter is None:
            of_type = [r for r in letters if r["type"] == wanted]
            letter = of_type[-1] if of_type else None
        if letter is None:
            known = "、".join(f"{r['doc_number']}（{_letter_name(r)}）" for r in letters) or "无"
            raise StepError(f"“{wanted}”不是本件已出具的文书。可以送达的文书：{known}。")
        values["letter"] = letter["doc_number"]
        values["letter_type"] = letter["type"]
        reply_day = next((r.day for r in self.ledger.applications.step_rows(view.app["id"]) if r.slug == "replied"),
                         None)
        t = LETTER_BY_SLUG.get(letter["type"])
        delivery = Delivery(0, letter["doc_number"], str(values.get("method") or ""), values["day"],
                            values.get("delivered"), str(values.get("tracking") or ""),
                            str(values.get("signed_by") or ""), str(values.get("note") or ""))
        errors = check_delivery(delivery, date.fromisoformat(letter["issued"]), _letter_name(letter), reply_day,
                                t is not None and t.needs_event is EventKind.REPLIED)
        if errors:
            raise StepError("；".join(errors))
        return courier_warnings(delivery.method, delivery.tracking, f"{delivery.note} {values.get('place') or ''}")

    def _check_completion(self, view: CaseView, values: dict[str, Any]) -> None:
        """补记妥投: find the 送达 it completes (by 文号 or letter type; the only one without a 妥投/签收 date when
        none is given) and refuse a date before the 交邮 or a second 妥投. Stores the delivery's id."""
        rows = self.ledger.applications.step_rows(view.app["id"])
        open_ones = [d for d in merged_deliveries(rows) if d.delivered is None]
        wanted = str(values.get("letter") or "").strip()
        if wanted:
            types = {r["doc_number"]: r["type"] for r in self.ledger.letters.for_application(view.app["id"])}
            matching = [d for d in open_ones if wanted in (d.letter, types.get(d.letter))]
            if not matching:
                done = [d for d in merged_deliveries(rows) if wanted in (d.letter, types.get(d.letter))]
                if done:
                    raise StepError("；".join(completion_errors(done[-1], values["day"])))
                raise StepError(f"“{wanted}”没有已登记的送达。尚未记录妥投或签收日期的送达："
                                + ("、".join(d.letter for d in open_ones) or "无") + "。")
        elif len(open_ones) == 1:
            matching = open_ones
        else:
            raise StepError("本件有多次送达尚未记录妥投或签收日期，请指明文书（文号）："
                            + "、".join(d.letter for d in open_ones) + "。")
        delivery = matching[-1]
        errors = completion_errors(delivery, values["day"])
        if errors:
            raise StepError("；".join(errors))
        values["letter"] = delivery.letter
        values["delivery_id"] = delivery.id

    def _attach_scan(self, view: CaseView, values: dict[str, Any]) -> None:
        """Copy the scan of the 送达回证 or postal receipt into the attachments; the step keeps its name and hash."""
        source = values["scan"]
        row = self.ledger.attachments.attach(view.app["id"], view.app["no"], Path(str(source)))
        values["scan"] = row["name"]
        values["scan_sha256"] = row["sha256"]

    # --- evidence records (检索、沟通、提供信息清单) ----------------------------------------------------------
    def add_record(self, no: str, kind: str, values: dict[str, Any], today: date) -> int:
        """Check and save one evidence record; raises RecordError (nothing written) with a Chinese message."""
        app = self._app(no)
        refusal = self.ledger.archives.refusal(no)
        if refusal:
            raise RecordError(refusal)
        data = normalise(kind, values)
        reply_day = next((r.day for r in self.ledger.applications.step_rows(app["id"]) if r.slug == "replied"), None)
        errors = check_dates(kind, values["date"], date.fromisoformat(app["received"]), reply_day, today)
        if errors:
            raise RecordError("；".join(errors))
        files = [Path(str(f)) for f in values.get("attachments") or []]
        missing = [str(f) for f in files if not f.is_file()]
        if missing:
            raise RecordError("找不到附件文件：" + "、".join(missing))
        try:
            with self.ledger.db.atomic():
                if files:  # screenshots of the search, the written confirmation … (kept beside the record)
                    data["attachments"] = [
                        {k: row[k] for k in ("name", "sha256")}
                        for row in (self.ledger.attachments.attach(app["id"], no, f) for f in files)]
                return self.ledger.records.add(app["id"], no, kind, values["date"].isoformat(), data)
        except AttachmentError as exc:
            raise RecordError(str(exc)) from exc

    def void_record(self, no: str, record_id: int, reason: str) -> dict[str, Any]:
        app = self._app(no)
        refusal = self.ledger.archives.refusal(no)
        if refusal:
            raise RecordError(refusal)
        record = self.ledger.records.get(record_id)
        if record is None or record["application_id"] != app["id"]:
            raise RecordError(f"{no} 没有编号为 {record_id} 的记录。")
        if record["voided_at"]:
            raise RecordError(f"记录 {record_id} 已于 {record['voided_at']} 作废。")
        if not reason.strip():
            raise RecordError("作废记录须写明原因。")
        self.ledger.records.void(record, no, reason.strip())
        return record

    def _check_items_and_consistency(self, view: CaseView, values: dict[str, Any]) -> None:
        """The reply's 表三 outcome follows the items' findings (core.items.derive_outcome) when the application
        has items; a different outcome from an earlier answer to the same information (by anyone) needs
        `consistency_reason` (domain.md §8.6)."""
        from ..core.applications import outcome_name
        from ..core.items import consistency_message, inconsistent_with

        app = view.app
        derived = self.ledger.items.derived_outcome(app["id"])
        if derived and values.get("outcome") != derived:
            raise StepError(f"本件申请已分项登记办理结果，整件应计入“{outcome_name(derived)}”"
                            f"（分项合并规则），不能登记为“{outcome_name(values.get('outcome'))}”。")
        text = " ".join(filter(None, (app["content_title"], app.get("doc_number"))))
        earlier = self.ledger.items.similar(text, exclude_id=app["id"])
        other = inconsistent_with(values.get("outcome"), earlier)
        if other is not None:
            if not str(values.get("consistency_reason") or "").strip():
                raise StepError(consistency_message(other))
            values["consistency_with"] = other.no

    def _default_from_draft(self, values: dict[str, Any], state: CaseState) -> None:
        """The reply takes its outcome and basis from the approved 拟办意见 unless the officer changed them."""
        if state.draft is None:
            return
        draft = state.draft.data
        if not values.get("outcome"):
            values["outcome"] = draft.get("outcome")
            values.setdefault("basis", draft.get("basis"))
        elif values["outcome"] != draft.get("outcome"):
            values["changed_from_draft"] = draft.get("outcome")

    def _record_clock_step(self, view: CaseView, step: StepDef, values: dict[str, Any], today: date) -> ClockResult:
        assert step.event is not None
        fee = values.get("fee")
        if isinstance(fee, tuple):
            fee = compute_fee(*fee)
        event = Event(step.event, values["day"], days=_int(values.get("days")), ref=_text(values.get("ref")),
                      until=values.get("until"), received_by_party=values.get("party_received"))
        outcome = values.get("outcome") or None
        basis = values.get("basis") or (BASIS_CHOICES[outcome][0] if outcome in BASIS_CHOICES else None)
        data = {k: v for k, v in values.items() if k == "changed_from_draft"}
        if values.get("consistency_reason"):  # issue 20: a different answer to the same information
            data["consistency_reason"] = str(values["consistency_reason"]).strip()
            data["consistency_with"] = values.get("consistency_with")
        # a reply dated in a finalised year needs a reason (FinalisedYearError otherwise; issue 22)
        result = record_event(
            self.ledger, view.app["no"], event, self.ledger.calendar.load(), today,
            reason=str(values.get("finalised_reason") or ""), approver=str(values.get("approver") or ""),
            note=str(values.get("note") or ""), outcome=outcome, basis=basis,
            fee=fee if isinstance(fee, Fee) else None, paid_amount=_int(values.get("amount")), data=data)
        if "changed_from_draft" in data:
            old = OUTCOME_BY_CODE[data["changed_from_draft"]].full if data["changed_from_draft"] in OUTCOME_BY_CODE \
                else data["changed_from_draft"]
            self.ledger.audit.record("答复结果与拟办意见不同", "application", view.app["no"], old, outcome)
        return result

    def undo(self, no: str, today: date, reason: str = "", finalised_reason: str = "") -> dict[str, Any]:
        """Void the last recorded step (clock event or case step); kept, struck through and audited.

        Reopening a case that a finalised year's 表三 counts needs `finalised_reason` (FinalisedYearError)."""
        self._app(no)
        self._refuse_archived(no)
        impacts = undo_impact(self.ledger, no)
        if impacts and not finalised_reason.strip():
            raise FinalisedYearError(impacts)
        try:
            with self.ledger.db.atomic():
                last = self.ledger.applications.undo_last_event(no, self.ledger.calendar.load(), today,
                                                                reason or finalised_reason)
                record_finalised_entry(self.ledger, impacts, finalised_reason)
                self.refresh_cache(no, today)
        except (ActionError, ClockError) as exc:
            raise StepError(str(exc)) from exc
        return last

    def last_step(self, no: str) -> dict[str, Any] | None:
        """The step 撤销上一项 would void, with its label (for the confirmation)."""
        app = self._app(no)
        rows = self.ledger.applications.event_rows(app["id"])
        if not rows:
            return None
        last = max(rows, key=lambda r: r["id"])
        step = self.steps.get(last["kind"])
        return {**last, "label": step.label if step else last["kind"]}

    def refresh_cache(self, no: str, today: date) -> CaseView:
        """Bring the cached chain stage and earliest internal deadline of one application up to date; returns
        the case as it now stands (its `app` row read before the cache columns were written)."""
        view = self.view(no, today)
        first = view.internal[0] if view.internal else None
        self.ledger.applications.refresh_late_reply(view.app, self.ledger.calendar.load())
        self.ledger.applications.set_case_cache(
            view.app["id"], None if view.state.closed else view.state.chain_stage(),
            first.due if first else None, first.label if first else None)
        return view

    def letter_reason(self, no: str, letter_needs_reply: bool, today: date) -> str | None:
        """Why a reply letter may not be issued yet under the office's rules (None: it may)."""
        if not letter_needs_reply or not self.ledger.rules.letter_requires_approval:
            return None
        state = self.view(no, today).state
        if state.draft is not None and state.approved:
            return None
        if state.replied and state.draft is None and state.assigned is None:
            return ("答复书须在领导核准后出具（设置：答复书须在领导核准后出具）：本件尚未登记交办、拟办意见和领导核准。"
                    "请在“内部审批”中补登，或在设置中关闭这一规则。")
        return "答复书须在领导核准后出具：尚未登记" + ("拟办意见" if state.draft is None else "领导核准") + "。"


def _letter_name(letter: dict[str, Any] | None) -> str:
    if letter is None:
        return ""
    t = LETTER_BY_SLUG.get(letter["type"])
    return (t.name.split("：")[0] if t else letter["type"]) + (f"（{letter['doc_number']}）" if letter.get("doc_number") else "")


def _int(value: Any) -> int | None:
    return None if value in (None, "") else int(value)


def _text(value: Any) -> str | None:
    text = str(value or "").strip()
    return text or None


def _data(step: StepDef, values: dict[str, Any]) -> dict[str, Any]:
    """A case step's other fields, as stored in its JSON data (dates as ISO text)."""
    out: dict[str, Any] = {}
    for f in step.fields:
        if f.key in _COLUMN_KEYS:
            continue
        value = values.get(f.key)
        if value in (None, ""):
            continue
        out[f.key] = value.isoformat() if isinstance(value, date) else value
    for key in _EXTRA_KEYS:
        if values.get(key):
            out[key] = values[key]
    return out


def _audit_values(step: StepDef, values: dict[str, Any]) -> dict[str, Any]:
    return {"day": values["day"].isoformat(), "signer": values.get("signer"), "result": values.get("result"),
            "opinion": values.get("opinion"), **_data(step, values)}


def _message(no: str, step: StepDef, clock: ClockResult | None, values: dict[str, Any]) -> str:
    if step.event is None:
        who = f"（{values['signer']}）" if values.get("signer") else ""
        result = f"：{values['result']}" if values.get("result") else ""
        return f"{no} 已登记“{step.label}”{who}{result}。"
    if clock is None:
        return f"{no} 已登记“{step.label}”。"
    if clock.closed_on is not None:
        return f"{no} 已于 {cn_date(clock.closed_on)} 办结。"
    if clock.due is not None:
        return f"{no} 的答复期限：{cn_date(clock.due)}。"
    waiting = "；".join(f"{k}{cn_date(v)}" for k, v in clock.waiting.items())
    return f"{no} 暂停计时" + (f"（{waiting}）" if waiting else "") + "。"


# --- the steps' hooks ------------------------------------------------------------------------------------
def _reply_defaults(service: CaseService, view: CaseView, values: dict[str, Any]) -> None:
    """The reply takes the approved 拟办意见's outcome, else the items' 表三 cell (core.items)."""
    service._default_from_draft(values, view.state)
    if not values.get("outcome"):
        values["outcome"] = service.ledger.items.derived_outcome(view.app["id"])


def _reply_check(service: CaseService, view: CaseView, values: dict[str, Any]) -> list[str]:
    service._check_items_and_consistency(view, values)
    return []


def _reply_done(after: CaseView, message: str) -> tuple[str, list[str]]:
    return message, list(after.warnings)  # evidence a court would find missing (检索、沟通记录)


def _delivered_check(service: CaseService, view: CaseView, values: dict[str, Any]) -> list[str]:
    service._check_completion(view, values)
    return []


def _deliver_write(service: CaseService, view: CaseView, values: dict[str, Any]) -> None:
    if values.get("scan"):
        service._attach_scan(view, values)


def _deliver_done(after: CaseView, message: str) -> tuple[str, list[str]]:
    t = after.timeliness
    if t is not None and t.delivery_id is not None:
        message = message.rstrip("。") + f"；答复{t.label}（以{cn_date(t.counted)}为准）。"
    return message, []


STEP_HOOKS: dict[str, StepHooks] = {
    "replied": StepHooks(prepare=_reply_defaults, check=_reply_check, done=_reply_done),
    "deliver": StepHooks(check=lambda service, view, values: service._check_delivery(view, values),
                         write=_deliver_write, done=_deliver_done, clock_after=True),
    # 补记妥投 (issue 17): the date may change which 送达 date counts, so the clock is reported after it
    "delivered": StepHooks(check=_delivered_check, write=_deliver_write, done=_deliver_done, clock_after=True),
}
