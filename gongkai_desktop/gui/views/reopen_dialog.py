"""重新答复: register on a closed application why it is answered again (复议决定 / 判决 / 自行纠正), the decision's
date and 文号 and the period it sets (default 20 working days from receipt), with the new deadline shown live.
Recorded as the `reopen` case step (core/steps.py); the new answer is then the `re-reply` step, its letter and 送达.
The original reply's clock and 表三 stay as they were."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ...core.reviews import REOPEN_DEFAULT_DAYS, REOPEN_SOURCES, reopen_due
from ...core.steps import StepError
from ...core.workdays import cn_date
from ...services.case import CaseService
from .field_form import FieldForm
from .widgets import date_edit, error_label, ok_cancel_buttons, picked


class ReopenDialog(QDialog):
    def __init__(self, case: CaseService, no: str, today: date, reviews: list[dict[str, Any]],
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.case, self.no, self.today = case, no, today
        self.setWindowTitle(f"重新答复 — {no}")
        self.setMinimumWidth(480)
        layout = QVBoxLayout(self)
        note = QLabel("责令重新答复或自行纠正的，先登记来由和期限，再作出新的答复（“内部审批与送达”菜单中的"
                      "“重新答复”），出具答复书并登记送达。原答复及其期限不变；表三仍按首次办结统计。")
        note.setWordWrap(True)
        layout.addWidget(note)
        self.form = f = FieldForm()
        layout.addLayout(f)
        self.source = f.add("source", "来由", QComboBox())
        self.source.addItems(REOPEN_SOURCES)
        self.day = f.add("day", "收到决定书（判决书）日期", date_edit(today))
        self.decided_check = QCheckBox("填写决定（判决）日期")
        f.addRow("", self.decided_check)
        self.decided = f.add("decided", "决定（判决）日期", date_edit(today))
        self.doc_no = f.add("doc_no", "决定书（判决书）文号", QLineEdit())
        self.days = f.add("period_days", "重新答复期限（工作日）", QSpinBox())
        self.days.setRange(1, 120)
        self.days.setValue(REOPEN_DEFAULT_DAYS)
        self.due = QLabel()
        f.addRow("应于此前答复", self.due)
        self.review = f.add("review_id", "对应的复议诉讼", QComboBox())
        self.review.addItem("（无）", None)
        for r in reviews:
            self.review.addItem(f"{r['kind']} {r.get('organ') or ''} {r.get('outcome') or r['result']}", r["id"])
            if r.get("outcome") == "责令重新答复":
                self.review.setCurrentIndex(self.review.count() - 1)
                self.source.setCurrentText("复议决定" if r["kind"] == "行政复议" else "判决")
                self.doc_no.setText(r.get("doc_no") or "")
        self.note = f.add("note", "备注", QLineEdit())
        for signal in (self.day.dateChanged, self.days.valueChanged, self.decided_check.toggled):
            signal.connect(self._update)
        self._update()
        self.message = error_label()
        layout.addWidget(self.message)
        buttons = ok_cancel_buttons("登记", self.save, self.reject)
        layout.addWidget(buttons)
        self.result_text = ""

    def _update(self) -> None:
        self.decided.setEnabled(self.decided_check.isChecked())
        due = reopen_due(picked(self.day), self.days.value(), self.case.ledger.calendar.load())
        self.due.setText(f"<b>{cn_date(due, with_weekday=True)}</b>（自收到之日次日起第{self.days.value()}个工作日）")

    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {"day": picked(self.day), "source": self.source.currentText(),
                               "period_days": self.days.value()}
        if self.decided_check.isChecked():
            out["decided"] = picked(self.decided)
        for key, text in (("doc_no", self.doc_no.text()), ("note", self.note.text())):
            if text.strip():
                out[key] = text.strip()
        if self.review.currentData() is not None:
            out["review_id"] = int(self.review.currentData())
        return out

    def save(self) -> None:
        try:
            done = self.case.record(self.no, "reopen", self.values(), self.today)
        except StepError as exc:
            self.message.setText(str(exc))
            return
        self.result_text = done.message
        self.accept()
