"""记录单位落实情况: one 责任单位's state on a task, its 报送 date, 落实情况 and 佐证 (files copied into the ledger's
附件 folder), as the office receives it outside the 反馈表 (a phone call, a 函, an e-mail)."""

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
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from ...storage.attachments_repo import AttachmentError
from ...storage.ledger import Ledger
from ...storage.task_units_repo import UNIT_STATES, TaskUnitError
from .evidence_files import EvidenceFiles
from .widgets import date_edit, error_label, picked


class UnitProgressDialog(QDialog):
    def __init__(self, ledger: Ledger, task: dict[str, Any], today: date, unit: str | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.ledger, self.task = ledger, task
        self.rows = {u["unit"]: u for u in ledger.tasks.units.for_task(task["id"])}
        self.setWindowTitle(f"记录单位落实情况 — {task['code'] or ''}{task['title']}")
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"<b>{task['code'] or ''}{task['title']}</b>　任务状态：{task['state']}"))
        form = QFormLayout()
        layout.addLayout(form)
        self.unit = QComboBox()
        for name, u in self.rows.items():
            if not u["closed_on"]:
                self.unit.addItem(f"{name}（{u['role']}）", name)
        if unit is not None and self.unit.findData(unit) >= 0:
            self.unit.setCurrentIndex(self.unit.findData(unit))
        self.unit.currentIndexChanged.connect(lambda _i: self._unit_changed())
        form.addRow("责任单位", self.unit)
        self.state = QComboBox()
        self.state.addItems(list(UNIT_STATES))
        form.addRow("完成状态", self.state)
        self.day = date_edit(today)
        form.addRow("报送日期", self.day)
        self.progress = QPlainTextEdit()
        self.progress.setFixedHeight(80)
        self.progress.setPlaceholderText("单位报送的落实情况")
        form.addRow("落实情况", self.progress)
        self.evidence = QLineEdit()
        self.evidence.setPlaceholderText("佐证材料名称或网址")
        form.addRow("佐证材料", self.evidence)
        self.evidence_files = EvidenceFiles(60)
        form.addRow("佐证文件", self.evidence_files)
        self.message = error_label("" if self.unit.count() else "该任务没有未销号的责任单位。")
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._unit_changed()

    def _unit_changed(self) -> None:
        u = self.rows.get(self.unit.currentData() or "")
        if u is not None:
            self.state.setCurrentText(u["state"])

    def add_file(self, path: Path) -> None:
        self.evidence_files.add(path)

    def save(self) -> bool:
        unit = self.unit.currentData()
        if not unit:
            return False
        if not self.progress.toPlainText().strip() and self.state.currentText() == self.rows[unit]["state"] \
                and not self.evidence_files.paths and not self.evidence.text().strip():
            self.message.setText("请填写落实情况，或修改完成状态、添加佐证。")
            return False
        missing = [p.name for p in self.evidence_files.paths if not p.is_file()]
        if missing:
            self.message.setText("找不到文件：" + "、".join(missing))
            return False
        try:
            names = [self.ledger.attachments.attach_to_task(self.task["id"], p)["name"] for p in self.evidence_files.paths]
            evidence = "；".join([x for x in [self.evidence.text().strip(), *names] if x])
            self.ledger.tasks.units.record(self.task["id"], unit, picked(self.day), self.state.currentText(),
                                           self.progress.toPlainText(), evidence, source="窗口录入")
        except (TaskUnitError, AttachmentError) as exc:
            self.message.setText(str(exc))
            return False
        self.accept()
        return True
