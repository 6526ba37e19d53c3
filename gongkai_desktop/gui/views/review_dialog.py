"""复议/诉讼: record or update a 行政复议 or 行政诉讼 about an application (counted in 年度报告表四)."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ...storage.ledger import Ledger
from ...storage.reviews_repo import REVIEW_KINDS, REVIEW_RESULTS, ReviewError, validate_review
from .field_form import FieldForm
from .widgets import date_edit


class ReviewDialog(QDialog):
    def __init__(self, ledger: Ledger, app: dict[str, Any], today: date, review: dict[str, Any] | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.ledger, self.app, self.review = ledger, app, review
        self.setWindowTitle(f"复议、诉讼 — {app['no']}")
        self.setMinimumWidth(480)
        layout = QVBoxLayout(self)
        self.form = f = FieldForm()
        layout.addLayout(f)
        self.kind = f.add("kind", "类型", QComboBox())
        self.kind.addItems(REVIEW_KINDS)
        self.filed = f.add("filed", "申请（起诉）日期", date_edit(today))
        self.organ = f.add("organ", "复议机关或法院", QLineEdit())
        self.result = f.add("result", "结果", QComboBox())
        self.result.addItems(REVIEW_RESULTS)
        self.result.setCurrentText("尚未审结")
        self.decided = f.add("decided", "决定（裁判）日期", date_edit(today))
        self.note = f.add("note", "备注", QLineEdit())
        self.decided_check = QCheckBox("已审结")
        f.insertRow(3, "", self.decided_check)
        self.decided_check.toggled.connect(self._decided_toggled)
        profile = ledger.settings.profile()
        self.organ.setText(profile.review_organ)
        if review:
            self.kind.setCurrentText(review["kind"])
            self.filed.setDate(QDate.fromString(review["filed"], "yyyy-MM-dd"))
            self.organ.setText(review["organ"] or "")
            self.result.setCurrentText(review["result"])
            if review["decided"]:
                self.decided.setDate(QDate.fromString(review["decided"], "yyyy-MM-dd"))
            self.note.setText(review["note"] or "")
        self.decided_check.setChecked(bool(review and review["decided"]))
        self._decided_toggled(self.decided_check.isChecked())
        self.message = QLabel()
        self.message.setProperty("role", "error")
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("保存")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _decided_toggled(self, on: bool) -> None:
        self.decided.setEnabled(on)
        self.result.setEnabled(on)
        if not on:
            self.result.setCurrentText("尚未审结")
        elif self.result.currentText() == "尚未审结":
            self.result.setCurrentText("结果维持")

    def data(self) -> dict[str, Any]:
        decided = self.decided.date().toString("yyyy-MM-dd") if self.decided_check.isChecked() else None
        return {"kind": self.kind.currentText(), "filed": self.filed.date().toString("yyyy-MM-dd"),
                "organ": self.organ.text().strip(), "decided": decided, "result": self.result.currentText(),
                "note": self.note.text().strip()}

    def save(self) -> None:
        data = self.data()
        errors = validate_review(data)
        if errors:
            self.form.show_errors(errors)
            return
        try:
            self.ledger.reviews.save(self.app["id"], data, self.review["id"] if self.review else None)
        except ReviewError as exc:
            self.message.setText(str(exc))
            return
        self.accept()
