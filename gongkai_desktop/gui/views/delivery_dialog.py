"""登记送达: which letter went out how and when (domain.md §8.3, 国办公开办函〔2016〕235号). The reply's
timeliness is judged on the legal time point — 直接送达 the 签收 date, 邮寄 the 交邮 date — and the dialog says so
before saving; a courier's name or a non-postal tracking number for 邮寄 is warned about as it is typed. Saved
through CaseService.record("deliver"), the same checks as `gongkai apps deliver`."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...core.delivery import DELIVERY_METHODS, DIRECT, ENTRUSTED, POSTAL, courier_warnings
from ...core.steps import StepError
from ...services.case import CaseService, Recorded
from ...storage.ledger import Ledger
from . import file_dialogs
from .widgets import date_edit, error_label, ok_cancel_buttons, picked, warning_label

HINTS = {
    DIRECT: "以受送达人签收之日判断是否按期。",
    ENTRUSTED: "委托其他行政机关代为送达，以受送达人签收之日判断是否按期。",
    POSTAL: "以交邮之日判断是否按期；须通过邮政企业寄送，填写邮件号，妥投后补记妥投日期可另行登记。",
}


class DeliveryDialog(QDialog):
    def __init__(self, ledger: Ledger, no: str, today: date, parent: QWidget | None = None):
        super().__init__(parent)
        self.service, self.no, self.today = CaseService(ledger), no, today
        self.recorded: Recorded | None = None
        app = ledger.applications.get(no)
        assert app is not None
        self.setWindowTitle(f"登记送达 — {no}")
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        layout.addLayout(form)
        self.letter = QComboBox()
        letters = ledger.letters.for_application(app["id"])
        for r in letters:
            self.letter.addItem(f"{r['doc_number']}（{r['issued']}）", r["doc_number"])
        reply = [i for i, r in enumerate(letters) if r["type"].startswith("reply-")]
        if reply:
            self.letter.setCurrentIndex(reply[-1])
        form.addRow("送达的文书", self.letter)
        self.method = QComboBox()
        self.method.addItems(DELIVERY_METHODS)
        form.addRow("送达方式", self.method)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        form.addRow("", self.hint)
        self.day = date_edit(today)
        self.day_label = QLabel("交邮或送达日期")
        form.addRow(self.day_label, self.day)
        self.tracking = QLineEdit()
        form.addRow("邮件号", self.tracking)
        self.delivered_check = QCheckBox("已妥投或签收")
        self.delivered = date_edit(today)
        row = QHBoxLayout()
        row.addWidget(self.delivered_check)
        row.addWidget(self.delivered)
        form.addRow("妥投或签收日期", row)
        self.signed_by = QLineEdit()
        form.addRow("签收人", self.signed_by)
        self.recipient = QLineEdit(app["applicant"])
        form.addRow("受送达人", self.recipient)
        self.place = QLineEdit(app.get("address") or "")
        form.addRow("送达地点", self.place)
        self.note = QLineEdit()
        form.addRow("拒收、留置等说明", self.note)
        self.server = QLineEdit(ledger.settings.profile().contact)
        form.addRow("送达人", self.server)
        self.scan = QLineEdit()
        browse = QPushButton("选择…")
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.scan, 1)
        row.addWidget(browse)
        form.addRow("回证或凭证扫描件", row)
        self.warning = warning_label()
        layout.addWidget(self.warning)
        self.message = error_label()
        layout.addWidget(self.message)
        buttons = ok_cancel_buttons("保存", self.save, self.reject)
        layout.addWidget(buttons)
        self.method.currentTextChanged.connect(self._changed)
        self.tracking.textChanged.connect(self._changed)
        self.note.textChanged.connect(self._changed)
        self.delivered_check.toggled.connect(self.delivered.setEnabled)
        self.delivered.setEnabled(False)
        self.method.setCurrentText(POSTAL if "邮寄" in (app.get("delivery") or "") else DIRECT)
        self._changed()
        if not letters:
            self.message.setText("本件尚未出具文书，先生成答复书或告知书再登记送达。")
            buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)

    def _browse(self) -> None:
        name, _ = file_dialogs.get_open_file_name(self, "选择扫描件", "", "扫描件 (*.pdf *.jpg *.jpeg *.png *.tif *.tiff);;所有文件 (*)")
        if name:
            self.scan.setText(name)

    def _changed(self) -> None:
        method = self.method.currentText()
        self.day_label.setText("交邮日期" if method == POSTAL else "送达日期")
        self.hint.setText(HINTS.get(method, "法律未规定该方式的送达时间点：只作记录，仍以答复日期判断是否按期。"))
        self.tracking.setEnabled(method == POSTAL)
        if method in (DIRECT, ENTRUSTED) and not self.delivered_check.isChecked():
            self.delivered_check.setChecked(True)  # the 签收 date is what counts for these
            self.delivered.setDate(self.day.date())
        warnings = courier_warnings(method, self.tracking.text(), self.note.text())
        self.warning.setText("\n".join(warnings))
        self.warning.setVisible(bool(warnings))

    def values(self) -> dict:
        out: dict = {"day": picked(self.day), "letter": self.letter.currentData(), "method": self.method.currentText(),
                     "signer": self.server.text().strip()}
        if self.delivered_check.isChecked():
            out["delivered"] = picked(self.delivered)
        for key, edit in (("tracking", self.tracking), ("signed_by", self.signed_by), ("recipient", self.recipient),
                          ("place", self.place), ("note", self.note)):
            if edit.isEnabled() and edit.text().strip():
                out[key] = edit.text().strip()
        if self.scan.text().strip():
            out["scan"] = Path(self.scan.text().strip())
        return out

    def save(self) -> None:
        try:
            self.recorded = self.service.record(self.no, "deliver", self.values(), self.today)
        except StepError as exc:
            self.message.setText(str(exc))
            return
        self.accept()


def open_delivery_dialog(parent: QWidget, ledger: Ledger, no: str, today: date) -> DeliveryDialog:
    """What the detail panel calls for “登记送达…”; `dialog.recorded.message` / `.warnings` after `accepted`."""
    dialog = DeliveryDialog(ledger, no, today, parent)
    dialog.open()
    return dialog
