"""记录进展: a task's state, 责任人, dated progress note and 佐证材料 (text, links or attached files)."""

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
from ...storage.tasks_repo import TASK_STATES, TaskError
from .evidence_files import EvidenceFiles
from .widgets import date_edit, error_label, picked


class TaskProgressDialog(QDialog):
    def __init__(self, ledger: Ledger, task: dict[str, Any], today: date, parent: QWidget | None = None):
        super().__init__(parent)
        self.ledger, self.task = ledger, task
        self.setWindowTitle(f"记录进展 — {task['code'] or ''}{task['title']}")
        self.setMinimumWidth(620)
        layout = QVBoxLayout(self)
        head = QLabel(f"<b>{task['code'] or ''}{task['title']}</b><br>{task.get('text') or ''}")
        head.setWordWrap(True)
        layout.addWidget(head)
        form = QFormLayout()
        layout.addLayout(form)
        self.day = date_edit(today)
        form.addRow("日期", self.day)
        self.state = QComboBox()
        self.state.addItems(TASK_STATES)
        self.state.setCurrentText(task["state"])
        form.addRow("完成状态", self.state)
        self.owner = QLineEdit(task.get("owner") or "")
        form.addRow("责任人", self.owner)
        self.progress = QPlainTextEdit()
        self.progress.setPlaceholderText("做了什么、到了哪一步，例如：已在门户网站开设专栏并公开12件规划文件。")
        self.progress.setTabChangesFocus(True)
        self.progress.setFixedHeight(90)
        form.addRow("进展情况", self.progress)
        self.evidence = QLineEdit()
        self.evidence.setPlaceholderText("佐证材料名称或网址")
        form.addRow("佐证材料", self.evidence)
        self.evidence_files = EvidenceFiles(50, fixed_height=True, file_filter="所有文件 (*)")
        form.addRow("佐证文件", self.evidence_files)
        history = self.ledger.tasks.updates(task["id"])
        if history:
            form.addRow("此前进展", QLabel("<br>".join(
                f"{u['day']}　{u['status'] or ''}　{u['progress'] or ''}" for u in history[:5])))
        self.message = error_label()
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def add_file(self, path: Path) -> None:
        self.evidence_files.add(path)

    def save(self) -> None:
        evidence = "；".join([x for x in [self.evidence.text().strip(), *(f.name for f in self.evidence_files.paths)] if x])
        try:
            self.ledger.tasks.record_progress(self.task["id"], picked(self.day),
                                              self.state.currentText(), self.progress.toPlainText(), evidence,
                                              self.owner.text().strip())
        except TaskError as exc:
            self.message.setText(str(exc))
            return
        problems = []
        for path in self.evidence_files.paths:
            try:
                self.ledger.attachments.attach_to_task(self.task["id"], path)
            except AttachmentError as exc:
                problems.append(str(exc))
        if problems:
            self.message.setText("进展已保存，但以下文件未能保存：" + "；".join(problems))
            return
        self.accept()
