"""销号: one unit's part of a task is checked and closed, with its 佐证 (files copied into the ledger's 附件
folder, or named) and the 销号意见; recorded in the 操作日志. A closed item can be reopened with a reason."""

from __future__ import annotations

from datetime import date
from pathlib import Path
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

from ...storage.attachments_repo import AttachmentError
from ...storage.ledger import Ledger
from ...storage.task_units_repo import TaskUnitError
from .evidence_files import EvidenceFiles
from .widgets import date_edit, error_label, picked


class TaskCloseDialog(QDialog):
    def __init__(self, ledger: Ledger, task: dict[str, Any], today: date, unit: str | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.ledger, self.task = ledger, task
        self.setWindowTitle(f"销号 — {task['code'] or ''}{task['title']}")
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"<b>{task['code'] or ''}{task['title']}</b>"))
        form = QFormLayout()
        layout.addLayout(form)
        self.unit = QComboBox()
        for u in ledger.tasks.units.for_task(task["id"]):
            if not u["closed_on"]:
                self.unit.addItem(f"{u['unit']}（{u['role']}，{u['state']}）", u["unit"])
        if unit is not None and self.unit.findData(unit) >= 0:
            self.unit.setCurrentIndex(self.unit.findData(unit))
        form.addRow("责任单位", self.unit)
        self.day = date_edit(today)
        form.addRow("销号日期", self.day)
        self.note = QLineEdit()
        self.note.setPlaceholderText("如 经核查已落实，网站已公开")
        form.addRow("销号意见", self.note)
        self.evidence = QLineEdit()
        self.evidence.setPlaceholderText("佐证材料名称或网址（或添加文件）")
        form.addRow("佐证材料", self.evidence)
        self.evidence_files = EvidenceFiles(70)
        form.addRow("佐证文件", self.evidence_files)
        self.message = error_label("" if self.unit.count() else "该任务的责任单位都已销号。")
        layout.addWidget(self.message)
        buttons = QDialogButtonBox()
        self.ok = buttons.addButton("销号", QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok.setEnabled(self.unit.count() > 0)
        buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole).clicked.connect(self.reject)
        self.ok.clicked.connect(self.save)
        layout.addWidget(buttons)

    def add_file(self, path: Path) -> None:
        self.evidence_files.add(path)

    def save(self) -> bool:
        unit = self.unit.currentData()
        if not unit:
            return False
        if not self.note.text().strip():
            self.message.setText("请写明销号意见（如 经核查已落实）。")
            return False
        if not self.evidence.text().strip() and not self.evidence_files.paths:
            self.message.setText("销号须有佐证材料：请添加文件或写明材料名称。")
            return False
        missing = [p.name for p in self.evidence_files.paths if not p.is_file()]
        if missing:
            self.message.setText("找不到文件：" + "、".join(missing))
            return False
        try:
            names = [self.ledger.attachments.attach_to_task(self.task["id"], p)["name"] for p in self.evidence_files.paths]
            evidence = "；".join([x for x in [self.evidence.text().strip(), *names] if x])
            self.ledger.tasks.units.close(self.task["id"], unit, picked(self.day), self.note.text(), evidence)
        except (TaskUnitError, AttachmentError) as exc:
            self.message.setText(str(exc))
            return False
        self.accept()
        return True
