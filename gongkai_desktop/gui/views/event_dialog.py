"""记录办理事项: one dialog for every workflow step of the reply clock (补正, 征求意见, 延期, 收费, 答复 …).

The fields shown depend on the step. Before anything is saved the step is checked against the clock; a
refusal (wrong order, a date after today, an extension past the due date …) is shown in the dialog and
nothing is written."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ...core.applications import BASIS_CHOICES, OUTCOMES
from ...core.clock import Event, EventKind
from ...core.fees import FEE_METHODS, FeeError, compute_fee
from ...core.workdays import cn_date
from ...storage.applications_repo import ActionError
from ...storage.ledger import Ledger
from .field_form import FieldForm
from .widgets import date_edit, picked, qdate

# what each step asks for besides its date
FIELDS: dict[EventKind, tuple[str, ...]] = {
    EventKind.CORRECTION_REQUESTED: ("until", "note"),
    EventKind.CORRECTION_RECEIVED: ("note",),
    EventKind.CORRECTION_LAPSED: ("note",),
    EventKind.CONSULT_SENT: ("ref", "party_day", "note"),
    EventKind.CONSULT_ANSWERED: ("ref", "note"),
    EventKind.EXTENDED: ("days", "approver", "note"),
    EventKind.FEE_NOTICE: ("fee_method", "fee_units", "party_day", "note"),
    EventKind.FEE_PAID: ("paid", "note"),
    EventKind.FEE_LAPSED: ("note",),
    EventKind.DELAY: ("days", "note"),
    EventKind.REPLIED: ("outcome", "basis", "note"),
    EventKind.WITHDRAWN: ("note",),
}
DATE_LABELS = {
    EventKind.CORRECTION_REQUESTED: "告知书发出日期", EventKind.CORRECTION_RECEIVED: "收到补正日期",
    EventKind.CONSULT_SENT: "征求意见书发出日期", EventKind.CONSULT_ANSWERED: "收到意见日期",
    EventKind.EXTENDED: "决定延期日期", EventKind.FEE_NOTICE: "收费通知发出日期", EventKind.FEE_PAID: "缴费日期",
    EventKind.DELAY: "告知延迟答复日期", EventKind.REPLIED: "答复日期", EventKind.WITHDRAWN: "撤回日期",
}
NOTE_LABELS = {EventKind.CORRECTION_REQUESTED: "需要补正的事项", EventKind.DELAY: "理由",
               EventKind.EXTENDED: "延期理由", EventKind.REPLIED: "答复要点"}




class EventDialog(QDialog):
    def __init__(self, ledger: Ledger, app: dict[str, Any], kind: EventKind, today: date,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.ledger, self.app, self.kind, self.today = ledger, app, kind, today
        self.calendar = ledger.calendar.load()
        self.setWindowTitle(f"{kind.label} — {app['no']}")
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        head = QLabel(f"<b>{app['no']}</b>　{app['applicant']}<br>{app['content_title']}")
        head.setWordWrap(True)
        layout.addWidget(head)
        self.form = FieldForm()
        layout.addLayout(self.form)
        f, wanted = self.form, FIELDS[kind]
        self.day = f.add("day", DATE_LABELS.get(kind, "日期"), date_edit(today))
        self.day.setMaximumDate(qdate(today))
        self.day.setMinimumDate(qdate(date.fromisoformat(app["received"])))
        if "until" in wanted:
            self.until_check = QCheckBox("指定补正期限（不勾选则按15个工作日计算）")
            f.addRow("", self.until_check)
            self.until = f.add("until", "补正期限", date_edit(self.calendar.add_workdays(today, 15)))
            self.until_check.toggled.connect(self.until.setEnabled)
            self.until.setEnabled(False)
        if "ref" in wanted:
            self.ref = f.add("ref", "征求对象", QComboBox())
            self.ref.setEditable(kind is EventKind.CONSULT_SENT)
            if kind is EventKind.CONSULT_ANSWERED:
                self.ref.addItems(self._open_consults())
            else:
                self.ref.lineEdit().setPlaceholderText("第三方或共同制作机关的名称")
        if "party_day" in wanted:
            self.party_check = QCheckBox("对方签收日期与发出日期不同")
            f.addRow("", self.party_check)
            self.party_day = f.add("party_day", "对方签收日期", date_edit(today))
            self.party_check.toggled.connect(self.party_day.setEnabled)
            self.party_day.setEnabled(False)
        if "days" in wanted:
            self.days = f.add("days", "延长工作日数", QSpinBox())
            self.days.setRange(1, 20 if kind is EventKind.EXTENDED else 200)
            self.days.setValue(20 if kind is EventKind.EXTENDED else 10)
        if "approver" in wanted:
            self.approver = f.add("approver", "批准人（公开工作机构负责人）", QLineEdit())
        if "fee_method" in wanted:
            self.fee_method = f.add("fee_method", "计收方式", QComboBox())
            self.fee_method.addItems(FEE_METHODS)
            self.fee_units = f.add("fee_units", "本月第几件", QSpinBox())
            self.fee_units.setRange(1, 100000)
            self.fee_text = QLabel()
            self.fee_text.setWordWrap(True)
            self.fee_text.setMinimumHeight(self.fee_text.fontMetrics().lineSpacing() * 3 + 4)
            f.addRow("计算", self.fee_text)
            self.fee_method.currentTextChanged.connect(self._fee_method_changed)
            self.fee_units.valueChanged.connect(self._update_fee)
            self._fee_method_changed(self.fee_method.currentText())
        if "paid" in wanted:
            self.paid = f.add("paid", "实缴金额（元）", QSpinBox())
            self.paid.setRange(0, 10_000_000)
            self.paid.setValue(app.get("fee_amount") or 0)
        if "outcome" in wanted:
            self.outcome = f.add("outcome", "办理结果（表三）", QComboBox())
            self.outcome.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            self.outcome.setMinimumContentsLength(24)
            self.outcome.addItem("— 请选择 —", None)
            for o in OUTCOMES:
                self.outcome.addItem(o.full, o.code)
            self.basis = f.add("basis", "依据", QComboBox())
            self.basis.setEditable(True)
            self.outcome.currentIndexChanged.connect(self._outcome_changed)
        if "note" in wanted:
            self.note = f.add("note", NOTE_LABELS.get(kind, "备注"), QLineEdit())
        self.message = QLabel()
        self.message.setProperty("role", "error")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        self.result_text = ""
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("保存")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _open_consults(self) -> list[str]:
        rows = self.ledger.applications.event_rows(self.app["id"])
        sent = [r["ref"] or "" for r in rows if r["kind"] == EventKind.CONSULT_SENT.value]
        answered = [r["ref"] or "" for r in rows if r["kind"] == EventKind.CONSULT_ANSWERED.value]
        for ref in answered:
            if ref in sent:
                sent.remove(ref)
        return sent

    def _fee_method_changed(self, method: str) -> None:
        if method == "按件":
            self.form.labels["fee_units"].setText("本月第几件")
            self.fee_units.setValue(self.ledger.applications.month_rank(self.app))
        else:
            self.form.labels["fee_units"].setText("页数")
            self.fee_units.setValue(31)
        self._update_fee()

    def _update_fee(self) -> None:
        try:
            self.fee_text.setText(compute_fee(self.fee_method.currentText(), self.fee_units.value()).explanation)
        except FeeError as exc:
            self.fee_text.setText(str(exc))

    def _outcome_changed(self) -> None:
        code = self.outcome.currentData()
        self.basis.clear()
        if code:
            self.basis.addItems(BASIS_CHOICES[code])

    def build(self) -> tuple[Event, dict[str, Any]]:
        """The event and the extra keyword arguments of `ApplicationsRepo.add_event`."""
        k, extra = self.kind, {}
        until = party = None
        days = ref = None
        if hasattr(self, "until_check") and self.until_check.isChecked():
            until = picked(self.until)
        if hasattr(self, "party_check") and self.party_check.isChecked():
            party = picked(self.party_day)
        if hasattr(self, "days"):
            days = self.days.value()
        if hasattr(self, "ref"):
            ref = self.ref.currentText().strip() or None
        if hasattr(self, "approver"):
            extra["approver"] = self.approver.text()
        if hasattr(self, "note"):
            extra["note"] = self.note.text()
        if hasattr(self, "fee_method"):
            extra["fee"] = compute_fee(self.fee_method.currentText(), self.fee_units.value())
        if hasattr(self, "paid"):
            extra["paid_amount"] = self.paid.value()
        if hasattr(self, "outcome"):
            extra["outcome"] = self.outcome.currentData()
            extra["basis"] = self.basis.currentText()
        return Event(k, picked(self.day), days=days, ref=ref, until=until, received_by_party=party), extra

    def save(self) -> None:
        event, extra = self.build()
        # --- issue 22: a change into a finalised year's 表三 needs a reason (services.annual_report) ---------
        from PySide6.QtWidgets import QInputDialog

        from ...services.annual_report import finalised_year_impact, record_event

        reason = ""
        impacts = finalised_year_impact(self.ledger, self.app["no"], event, extra.get("outcome"), calendar=self.calendar)
        if impacts:
            reason, ok = QInputDialog.getText(self, "已定稿年度", "\n".join(i.message for i in impacts)
                                              + "\n\n如确需补录，请写明原因（记入操作日志，年度报告页列出）：")
            if not ok or not reason.strip():
                self.message.setText("未保存：" + impacts[0].message + "补录须写明原因。")
                return
        # --- end issue 22 ----------------------------------------------------------------------------------
        try:
            result = record_event(self.ledger, self.app["no"], event, self.calendar, self.today, reason=reason, **extra)
        except (ActionError, FeeError) as exc:
            self.message.setText(str(exc))
            return
        if result.closed_on is not None:
            self.result_text = f"{self.app['no']} 已于 {cn_date(result.closed_on)} 办结。"
        elif result.due is not None:
            self.result_text = f"{self.app['no']} 的答复期限：{cn_date(result.due)}。"
        else:
            waiting = "；".join(f"{k}{cn_date(v)}" for k, v in result.waiting.items())
            self.result_text = f"{self.app['no']} 暂停计时" + (f"（{waiting}）" if waiting else "") + "。"
        self.accept()
