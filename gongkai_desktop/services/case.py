"""Recording the steps of a case — the one home of the workflow rules shared by the window and `gongkai`.

`CaseService.record(no, slug, values, today)` checks a step against the step table (core/steps.py), the
office's rules and the clock, then writes it with its effects in one transaction: a clock step through
`ApplicationsRepo.add_event` (which re-derives the deadline), a case step as a signed row; afterwards the
cached chain stage and internal deadline are brought up to date. Nothing is half-written: a refusal raises
`StepError` (a Chinese message naming what is missing and the rule) before anything is stored.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..core.applications import BASIS_CHOICES, OUTCOME_BY_CODE
from ..core.clock import ClockError, ClockResult, Event
from ..core.fees import Fee, FeeError, compute_fee
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
from ..storage.ledger import Ledger
from .annual_report import FinalisedYearError, record_event, record_finalised_entry, undo_impact

# the row columns a case step keeps outside its JSON data
_COLUMN_KEYS = ("day", "signer", "result", "opinion")


@dataclass
class CaseView:
    """Everything the detail panel and `apps show` need about one case's steps."""

    app: dict[str, Any]
    clock: ClockResult | None
    state: CaseState
    choices: list[Availability]
    internal: list[InternalDeadline]
    steps: list[dict[str, Any]] = field(default_factory=list)  # recorded case steps, for display and JSON


@dataclass(frozen=True)
class Recorded:
    no: str
    step: StepDef
    clock: ClockResult | None
    message: str  # one Chinese line for the status bar / CLI


class CaseService:
    def __init__(self, ledger: Ledger, steps: dict[str, StepDef] | None = None):
        self.ledger = ledger
        self.steps = steps if steps is not None else STEP_BY_SLUG

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
        state = case_state(date.fromisoformat(app["received"]), rows, clock, letters, delivered)
        rules = self.ledger.rules
        steps = [{"id": r.id, "step": r.slug, "label": self.steps[r.slug].label if r.slug in self.steps else r.slug,
                  "date": r.day.isoformat(), "by": r.signer, "result": r.result, "opinion": r.opinion,
                  "data": {k: v for k, v in r.data.items() if k not in _COLUMN_KEYS}}
                 for r in rows if r.slug in self.steps and not self.steps[r.slug].is_clock]
        return CaseView(app, clock, state, available_steps(state, rules, self.steps.values()),
                        internal_deadlines(state, clock, calendar, rules), steps)

    # --- writing ----------------------------------------------------------------------------------
    def record(self, no: str, slug: str, values: dict[str, Any], today: date) -> Recorded:
        """Check and record one step; raises StepError (nothing written) with a Chinese message."""
        step = self.steps.get(slug)
        if step is None:
            raise StepError(f"未知的办理事项“{slug}”。可用：{'、'.join(self.steps)}")
        view = self.view(no, today)
        reason = step.needs(view.state, self.ledger.rules)
        if reason:
            raise StepError(f"现在不能登记“{step.label}”：{reason}")
        values = dict(values)
        received = date.fromisoformat(view.app["received"])
        self._default_from_draft(step, values, view.state)
        errors = check_values(step, values, received, today)
        if errors:
            raise StepError("；".join(errors))
        try:
            with self.ledger.db.atomic():
                if step.event is not None:
                    clock = self._record_clock_step(view, step, values, today)
                else:
                    self.ledger.applications.insert_case_step(
                        view.app, step.slug, values["day"], str(values.get("signer") or ""),
                        str(values.get("result") or ""), str(values.get("opinion") or ""),
                        _data(step, values))
                    self.ledger.audit.record(step.audit or step.label, "application", no, None,
                                             _audit_values(step, values))
                    clock = view.clock
                self.refresh_cache(no, today)
        except (ActionError, FeeError) as exc:
            raise StepError(str(exc)) from exc
        return Recorded(no, step, clock, _message(no, step, clock, values))

    def _default_from_draft(self, step: StepDef, values: dict[str, Any], state: CaseState) -> None:
        """The reply takes its outcome and basis from the approved 拟办意见 unless the officer changed them."""
        if step.slug != "replied" or state.draft is None:
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
        # a reply dated in a finalised year needs a reason (FinalisedYearError otherwise; issue 22)
        result = record_event(
            self.ledger, view.app["no"], event, self.ledger.calendar.load(), today,
            reason=str(values.get("finalised_reason") or ""), approver=str(values.get("approver") or ""),
            note=str(values.get("note") or ""), outcome=outcome, basis=basis,
            fee=fee if isinstance(fee, Fee) else None, paid_amount=_int(values.get("amount")), data=data)
        if data:
            old = OUTCOME_BY_CODE[data["changed_from_draft"]].full if data["changed_from_draft"] in OUTCOME_BY_CODE \
                else data["changed_from_draft"]
            self.ledger.audit.record("答复结果与拟办意见不同", "application", view.app["no"], old, outcome)
        return result

    def undo(self, no: str, today: date, reason: str = "", finalised_reason: str = "") -> dict[str, Any]:
        """Void the last recorded step (clock event or case step); kept, struck through and audited.

        Reopening a case that a finalised year's 表三 counts needs `finalised_reason` (FinalisedYearError)."""
        self._app(no)
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

    def refresh_cache(self, no: str, today: date) -> None:
        """Bring the cached chain stage and earliest internal deadline of one application up to date."""
        view = self.view(no, today)
        first = view.internal[0] if view.internal else None
        self.ledger.applications.set_case_cache(
            view.app["id"], None if view.state.closed else view.state.chain_stage(),
            first.due if first else None, first.label if first else None)

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


