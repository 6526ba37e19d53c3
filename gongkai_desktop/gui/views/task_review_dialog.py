"""回头看: record whether a task reported as done was checked, and what the check found."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ...storage.ledger import Ledger
from ...storage.tasks_repo import REVIEW_RESULTS, TaskError
from .widgets import date_edit, picked


class TaskReviewDialog(QDialog):
    def __init__(self, ledger: Ledger, task: dict[str, Any], today: date, parent: QWidget | None = None):
        super().__init__(parent)
        self.ledger, self.task = ledger, task
        self.setWindowTitle(f"回头看 — {task['code'] or ''}{task['title']}")
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"<b>{task['code'] or ''}{task['title']}</b>　当前状态：{task['state']}"))
        form = QFormLayout()
        layout.addLayout(form)
        self.day = date_edit(today)
        form.addRow("核查日期", self.day)
        self.result: QComboBox = QComboBox()  # type: ignore[assignment]  # shadows QDialog.result() (unused); rename once the branches are merged
        self.result.addItem("— 请选择 —", None)
        for r in REVIEW_RESULTS:
            self.result.addItem(r, r)
        if task.get("review_result"):
            self.result.setCurrentIndex(self.result.findData(task["review_result"]))
        form.addRow("核查结果", self.result)
        self.note = QLineEdit(task.get("review_note") or "")
        self.note.setPlaceholderText("核查了什么，发现的问题和整改要求")
        form.addRow("说明", self.note)
        self.message = QLabel()
        self.message.setProperty("role", "error")
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def save(self) -> None:
        try:
            self.ledger.tasks.review(self.task["id"], self.result.currentData() or "", self.note.text(),
                                     picked(self.day))
        except TaskError as exc:
            self.message.setText(str(exc))
            return
        self.accept()
