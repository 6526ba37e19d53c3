"""工作要点任务归类: which of the five parts of 一、总体情况 (主动公开, 依申请公开, 政府信息管理, 政府信息公开平台建设,
监督保障) each work-plan task is written under. Untagged tasks go by keywords; the officer's choice wins."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...core.annual_report import TaskItem
from ...core.report_text import OVERVIEW_PARTS, task_part
from ...services.annual_report import TASK_PARTS_KEY, ReportService

AUTO = "按关键词"


class TaskPartsDialog(QDialog):
    def __init__(self, service: ReportService, year: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.service, self.year = service, year
        self.setWindowTitle(f"{year}年工作要点任务归类")
        self.resize(760, 520)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("总体情况按五部分起草，每项任务写在所选部分；选“按关键词”则按任务名称中的词归类。"
                                "修改后点“确定”，再在正文页“按台账重新生成草稿”。"))
        ledger = service.ledger
        tags = ledger.reports.get_input(year, TASK_PARTS_KEY, {}) or {}
        self.tasks = ledger.tasks.leaves(year) if year in ledger.tasks.years() else []
        self.table = QTableWidget(len(self.tasks), 3)
        self.table.setHorizontalHeaderLabels(["任务", "状态", "写入总体情况的部分"])
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.combos: list[QComboBox] = []
        for r, t in enumerate(self.tasks):
            self.table.setItem(r, 0, QTableWidgetItem(t["title"]))
            self.table.setItem(r, 1, QTableWidgetItem(t["state"]))
            combo = QComboBox()
            guess = task_part(TaskItem(t["id"], t["title"], t["state"], t.get("text") or ""))
            combo.addItem(f"{AUTO}（{guess}）", "")
            for part in OVERVIEW_PARTS:
                combo.addItem(part, part)
            combo.setCurrentIndex(max(0, combo.findData(tags.get(str(t["id"]), ""))))
            self.table.setCellWidget(r, 2, combo)
            self.combos.append(combo)
        self.table.setColumnWidth(2, 220)
        layout.addWidget(self.table, 1)
        if not self.tasks:
            layout.addWidget(QLabel(f"{year}年尚未导入工作要点（工作要点页导入）。"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def save(self) -> None:
        tags = self.service.ledger.reports.get_input(self.year, TASK_PARTS_KEY, {}) or {}
        with self.service.ledger.db.atomic():
            for t, combo in zip(self.tasks, self.combos, strict=True):
                if combo.currentData() != tags.get(str(t["id"]), ""):
                    self.service.tag_task(self.year, t["id"], combo.currentData())
        self.accept()
