"""修改登记信息 (issue 28): correct a registered application's fields with a reason; 作废 with a reason.
Both go through services/registration.py, like `gongkai apps edit|void`: an archived case is refused, and a
change to a finalised year's 表三 asks for a reason first (issue 22)."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from ...core.applications import CHANNELS, NATURAL_PERSON, ORG_CATEGORIES
from ...core.errors import DomainError
from ...services.annual_report import FinalisedYearError, YearImpact
from ...services.registration import RegistrationService
from ...storage.applications_repo import ActionError, RegistrationError
from ...storage.ledger import Ledger
from .field_form import FieldForm
from .widgets import date_edit, error_label, picked, qdate


class EditApplicationDialog(QDialog):
    def __init__(self, ledger: Ledger, no: str, today: date, parent: QWidget | None = None):
        super().__init__(parent)
        self.ledger, self.no, self.today = ledger, no, today
        app = ledger.applications.get(no)
        if app is None:
            raise DomainError(f"台账中没有申请编号为 {no} 的申请。")
        self.app: dict[str, Any] = app
        self.changed: dict[str, tuple[Any, Any]] = {}
        self.setWindowTitle(f"修改登记信息 — {no}")
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        intro = QLabel("申请编号不变；修改写入操作日志。改动收到日期会按新日期重新计算答复期限。")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.form = FieldForm()
        f = self.form
        self.name = f.add("name", "申请人姓名(&N)", QLineEdit(app["applicant"] or ""))
        person = app.get("applicant_kind") == "自然人"
        self.id_number = f.add("id_number", "证件号码(&I)" if person else "统一社会信用代码(&I)",
                               QLineEdit((app["id_number"] if person else app["credit_code"]) or ""))
        self.id_number.setPlaceholderText("未提供（缺身份证明）：收到补正的身份证明后在此填写")
        self.channel = f.add("channel", "申请方式(&W)", QComboBox())
        self.channel.addItems([c.name for c in CHANNELS])
        self.channel.setCurrentText(app["channel"])
        self.category = f.add("category", "申请人类别", QComboBox())
        if app.get("applicant_kind") == NATURAL_PERSON:
            self.category.addItem(NATURAL_PERSON)
            self.category.setEnabled(False)
        else:
            self.category.addItems(list(ORG_CATEGORIES))
            self.category.setToolTip("表三的列；改动后该申请人的各件申请一并改")
        self.category.setCurrentText(app.get("category") or "")
        self.received = f.add("received", "收到日期(&D)", date_edit())
        self.received.setMaximumDate(qdate(today))
        self.received.setDate(qdate(date.fromisoformat(app["received"])))
        self.content_title = f.add("content_title", "所需信息名称(&C)", QLineEdit(app["content_title"] or ""))
        self.doc_number = f.add("doc_number", "文号", QLineEdit(app["doc_number"] or ""))
        self.description = f.add("description", "特征描述", QPlainTextEdit(app["description"] or ""))
        self.description.setTabChangesFocus(True)
        self.description.setFixedHeight(60)
        self.department = f.add("department", "承办科室", QLineEdit(app["department"] or ""))
        self.handler = f.add("handler", "承办人(&H)", QLineEdit(app["handler"] or ""))
        self.notes = f.add("notes", "备注", QLineEdit(app["notes"] or ""))
        self.reason = f.add("reason", "修改原因(&R)", QLineEdit())
        self.reason.setPlaceholderText("必填，例如：收到日期登记错误")
        layout.addLayout(f)
        self.message = error_label()
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("保存修改")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def values(self) -> dict[str, Any]:
        return {"name": self.name.text(), "channel": self.channel.currentText(),
                "received": picked(self.received).isoformat(), "content_title": self.content_title.text(),
                "doc_number": self.doc_number.text(), "description": self.description.toPlainText(),
                "department": self.department.text(), "handler": self.handler.text(), "notes": self.notes.text(),
                "category": self.category.currentText(),
                "id_number": self.id_number.text()}

    def save(self) -> bool:
        self.form.show_errors({})
        service = RegistrationService(self.ledger)
        values = self.values()
        try:
            try:
                self.changed = service.edit(self.no, values, self.reason.text(), self.today)
            except FinalisedYearError as exc:  # the edit moves a published 表三: only with a reason (issue 22)
                reason = ask_finalised_reason(self, exc.impacts, "修改")
                if not reason:
                    self.message.setText("未保存：" + exc.impacts[0].message + "修改须写明原因。")
                    return False
                self.changed = service.edit(self.no, values, self.reason.text(), self.today, finalised_reason=reason)
        except RegistrationError as exc:
            self.form.show_errors(exc.errors)
            self.message.setText("；".join(exc.errors.values()))
            return False
        except ActionError as exc:
            self.message.setText(str(exc))
            return False
        self.accept()
        return True


def ask_finalised_reason(parent: QWidget, impacts: list[YearImpact], verb: str) -> str:
    """The finalised-year question (as for a reply dated in such a year); "" when cancelled or left empty."""
    reason, ok = QInputDialog.getText(parent, "已定稿年度", "\n".join(i.message for i in impacts)
                                      + f"\n\n如确需{verb}，请写明原因（记入操作日志，年度报告页列出）：")
    return reason.strip() if ok else ""


def ask_void(parent: QWidget, ledger: Ledger, no: str) -> bool:
    """作废 after asking for the reason (and, when a finalised year counts it, why); True when voided."""
    service = RegistrationService(ledger)
    refusal = ledger.archives.refusal(no)
    if refusal:
        QMessageBox.warning(parent, "无法作废", refusal)
        return False
    reason, ok = QInputDialog.getText(
        parent, "作废申请", f"作废 {no}？\n作废后记录保留，不再计入台账统计、工作台和年度报告；操作记入日志。\n\n作废原因（必填）：")
    if not ok:
        return False
    try:
        try:
            service.void(no, reason)
        except FinalisedYearError as exc:
            finalised = ask_finalised_reason(parent, exc.impacts, "作废")
            if not finalised:
                return False
            service.void(no, reason, finalised_reason=finalised)
    except ActionError as exc:
        QMessageBox.warning(parent, "无法作废", str(exc))
        return False
    return True
