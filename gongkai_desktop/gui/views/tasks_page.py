"""工作要点: the year's work-plan tasks as a tree with state, 责任人 and latest progress; deadlines coloured;
a filter to the tasks that concern this unit; import, progress, 回头看 and the 台账 export."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from ...core.clock import ClockRules
from ...core.workplan import concerns_unit, implementation_summary, split_units, state_summary, task_timing
from ...storage.ledger import Ledger
from ...storage.tasks_repo import TASK_STATES
from .. import theme
from ..ops import OpContext, Operation, run_op, write_output
from .task_progress_dialog import TaskProgressDialog
from .task_review_dialog import TaskReviewDialog
from .widgets import LedgerPage, YearCombo, audit_line, page_header, show_saved_file
from .workplan_import_dialog import WorkplanImportDialog

COLUMNS = ("序号", "工作任务", "牵头单位", "责任单位", "完成时限", "状态", "责任人", "最新进展", "回头看")
TASK_ROLE = Qt.ItemDataRole.UserRole + 3
UNIT_KEY = "tasks.unit"


class TasksPage(LedgerPage):
    def __init__(self, ledger: Ledger, today: Callable[[], date], parent: QWidget | None = None):
        super().__init__(ledger, today, parent)
        layout = self.page_layout
        self.year_combo = YearCombo()
        self.year_combo.yearChanged.connect(self.show_year)
        self.import_button = QPushButton("导入工作要点…")
        self.import_button.clicked.connect(lambda: self.import_plan())
        self.export_button = QPushButton("导出台账…")
        self.export_button.clicked.connect(self._choose_export)
        layout.addLayout(page_header("工作要点台账", QLabel("年度"), self.year_combo, self.export_button,
                                     self.import_button))
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)

        bar = QHBoxLayout()
        self.state_filter = QComboBox()
        self.state_filter.addItem("全部状态", None)
        for s in TASK_STATES:
            self.state_filter.addItem(s, s)
        self.timing_filter = QComboBox()
        for text in ("全部期限", "即将到期", "已逾期"):
            self.timing_filter.addItem(text, None if text == "全部期限" else text)
        self.mine = QCheckBox("只看本单位相关")
        self.unit = QLineEdit()
        self.unit.setPlaceholderText("本单位，如 市财政局")
        self.collectives = QLineEdit()
        self.collectives.setPlaceholderText("本单位所属，如 市政府各部门、各单位")
        self.collectives.setMinimumWidth(240)
        for w in (QLabel("筛选："), self.state_filter, self.timing_filter, self.mine, self.unit, self.collectives):
            bar.addWidget(w)
        bar.addStretch()
        self.progress_button = QPushButton("记录进展…")
        self.progress_button.clicked.connect(lambda: self.record_progress())
        self.review_button = QPushButton("回头看…")
        self.review_button.clicked.connect(lambda: self.review())
        bar.addWidget(self.progress_button)
        bar.addWidget(self.review_button)
        layout.addLayout(bar)
        for box in (self.state_filter, self.timing_filter):
            box.currentIndexChanged.connect(lambda _i: self.show_year())
        self.mine.toggled.connect(lambda _c: self.show_year())
        self.unit.editingFinished.connect(self._save_unit)
        self.collectives.editingFinished.connect(self._save_unit)

        split = QSplitter(Qt.Orientation.Vertical)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(list(COLUMNS))
        header = self.tree.header()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for col, width in enumerate((120, 300, 150, 200, 100, 70, 70, 240, 80)):
            self.tree.setColumnWidth(col, width)
        self.tree.setAlternatingRowColors(True)
        self.tree.itemDoubleClicked.connect(lambda item, _c: self.record_progress(item.data(0, TASK_ROLE)))
        self.tree.currentItemChanged.connect(lambda item, _p: self._show_detail(item))
        split.addWidget(self.tree)
        self.detail = QPlainTextEdit()
        self.detail.setReadOnly(True)
        split.addWidget(self.detail)
        split.setSizes([520, 160])
        layout.addWidget(split, 1)
        self._load_unit()

    # --- this unit ---------------------------------------------------------------------------------------
    def _load_unit(self) -> None:
        try:
            saved = json.loads(self.ledger.settings.get(UNIT_KEY, "{}"))
        except ValueError:
            saved = {}
        self.unit.setText(saved.get("unit") or self.ledger.settings.profile().organ_name)
        self.collectives.setText("、".join(saved.get("collectives", [])))

    def _save_unit(self) -> None:
        value = {"unit": self.unit.text().strip(), "collectives": split_units(self.collectives.text())}
        self.ledger.settings.set(UNIT_KEY, json.dumps(value, ensure_ascii=False))
        if self.mine.isChecked():
            self.show_year()

    # --- showing ------------------------------------------------------------------------------------------
    def refresh(self) -> None:
        years = self.ledger.tasks.years()
        self.year_combo.set_years(years, self.today().year)
        self.show_year()

    def visible(self, task: dict[str, Any], soon: date) -> bool:
        if task["n_children"]:
            return True  # sections stay; empty ones are dropped below
        if self.state_filter.currentData() and task["state"] != self.state_filter.currentData():
            return False
        timing = task_timing(task["deadlines"], task["state"], self.today(), soon)
        if self.timing_filter.currentData() and timing != self.timing_filter.currentData():
            return False
        if self.mine.isChecked():
            return concerns_unit(task, self.unit.text().strip(), split_units(self.collectives.text()))
        return True

    def show_year(self) -> None:
        self.tree.clear()
        self.detail.clear()
        year = self.year_combo.year()
        has_tasks = year is not None
        for w in (self.progress_button, self.review_button, self.export_button):
            w.setEnabled(has_tasks)
        if year is None:
            self.summary.setText("台账中还没有工作要点。点击“导入工作要点…”读取本年度的工作要点文件（Word、PDF、文本或 Excel）。")
            return
        today = self.today()
        soon = self.ledger.calendar.load().add_workdays(today, ClockRules().due_soon_days * 2)
        counts = self.ledger.tasks.status_counts(year)
        leaves = self.ledger.tasks.leaves(year)
        late = sum(1 for t in leaves if task_timing(t["deadlines"], t["state"], today, soon) == "已逾期")
        self.summary.setText(f"{year}年工作要点{state_summary(counts)}" + (f"；已过完成时限未完成{late}项" if late else "")
                             + "。双击任务记录进展。")
        items: dict[int, QTreeWidgetItem] = {}
        for t in self.ledger.tasks.list(year):
            if not self.visible(t, soon):
                continue
            timing = task_timing(t["deadlines"], t["state"], today, soon)
            section = bool(t["n_children"])
            review = t["review_result"] or ""
            values = [t["code"] or "", t["title"], "、".join(t["lead_units"]), "、".join(t["responsible_units"]),
                      "、".join(t["deadlines"] + t["recurring"]), "" if section else t["state"], t["owner"] or "",
                      (f"{t['last_day']} {t['last_progress']}" if t["last_progress"] else ""), review]
            parent = items.get(t["parent_id"])
            if t["parent_id"] and parent is None:
                continue
            item = QTreeWidgetItem(parent, values) if parent is not None else QTreeWidgetItem(self.tree, values)
            item.setData(0, TASK_ROLE, t)
            item.setToolTip(1, t["title"])
            item.setToolTip(7, t["last_progress"] or "")
            if timing:
                colour = theme.OVERDUE if timing == "已逾期" else theme.DUE_SOON
                for col in (4, 5):
                    item.setForeground(col, QBrush(colour))
                item.setToolTip(4, timing)
            if section:
                font = item.font(1)
                font.setBold(True)
                item.setFont(1, font)
            items[t["id"]] = item
        for item in list(items.values()):  # drop sections left empty by a filter
            if item.data(0, TASK_ROLE)["n_children"] and item.childCount() == 0:
                (item.parent() or self.tree.invisibleRootItem()).removeChild(item)
        self.tree.expandAll()

    def _show_detail(self, item: QTreeWidgetItem | None) -> None:
        if item is None:
            self.detail.clear()
            return
        t = item.data(0, TASK_ROLE)
        lines = [f"{t['code'] or ''}{t['title']}", t.get("text") or ""]
        updates = self.ledger.tasks.updates(t["id"])
        if updates:
            lines.append("进展记录：")
            lines += [f"  {u['day']}　{u['status'] or ''}　{u['progress'] or ''}"
                      + (f"（佐证：{u['evidence']}）" if u["evidence"] else "") for u in updates]
        files = self.ledger.attachments.for_task(t["id"])
        if files:
            lines.append("佐证文件：" + "、".join(f["name"] for f in files))
        if t.get("review_result"):
            lines.append(f"回头看：{t['review_day']} {t['review_result']} {t.get('review_note') or ''}")
        history = self.ledger.audit.entries("task", t["id"])
        if history:
            lines.append("操作记录：")
            lines += [f"  {audit_line(e)}" for e in history]
        self.detail.setPlainText("\n".join(x for x in lines if x))

    def selected_task(self) -> dict[str, Any] | None:
        item = self.tree.currentItem()
        return item.data(0, TASK_ROLE) if item is not None else None

    # --- actions -------------------------------------------------------------------------------------------
    def import_plan(self) -> WorkplanImportDialog:
        dialog = WorkplanImportDialog(self.ledger, self.today(), self)
        dialog.accepted.connect(lambda: self._imported(dialog))
        dialog.open()
        return dialog

    def _imported(self, dialog: WorkplanImportDialog) -> None:
        r = dialog.result
        self.year_combo.set_years(self.ledger.tasks.years(), dialog.year.value())
        self.year_combo.setCurrentIndex(self.year_combo.findData(dialog.year.value()))
        self.show_year()
        if r is not None and r.missing:
            QMessageBox.information(self, "已导入", f"新增{r.added}项，更新{r.updated}项。以下原有任务在新文件中没有，"
                                    "已保留：\n" + "\n".join(r.missing[:20]))

    def record_progress(self, task: dict[str, Any] | None = None) -> TaskProgressDialog | None:
        task = task or self.selected_task()
        if task is None:
            QMessageBox.information(self, "记录进展", "请先在列表中选择一项任务。")
            return None
        if task["n_children"]:
            QMessageBox.information(self, "记录进展", "请选择具体的任务（不是分组标题）。")
            return None
        dialog = TaskProgressDialog(self.ledger, self.ledger.tasks.get(task["id"]) | {"n_children": 0},
                                    self.today(), self)
        dialog.accepted.connect(self.show_year)
        dialog.open()
        return dialog

    def review(self, task: dict[str, Any] | None = None) -> TaskReviewDialog | None:
        task = task or self.selected_task()
        if task is None or task["n_children"]:
            QMessageBox.information(self, "回头看", "请先在列表中选择一项具体任务。")
            return None
        dialog = TaskReviewDialog(self.ledger, self.ledger.tasks.get(task["id"]), self.today(), self)
        dialog.accepted.connect(self.show_year)
        dialog.open()
        return dialog

    def _choose_export(self) -> None:
        year = self.year_combo.year()
        name, _ = QFileDialog.getSaveFileName(self, "导出工作要点台账", f"{year}年政务公开工作要点台账.xlsx",
                                              "Excel 工作簿 (*.xlsx)")
        if name:
            self.export(Path(name if name.endswith(".xlsx") else name + ".xlsx"))

    def export(self, target: Path) -> Operation[Path] | None:
        """The year's 工作要点台账 as .xlsx, written in the background (5,000 tasks take many seconds)."""
        year = self.year_combo.year()
        if year is None:
            return None

        def work(ctx: OpContext) -> Path:
            from ...documents.tasks_xlsx import write_tasks_xlsx  # openpyxl is loaded on first export

            tasks = ctx.ledger.tasks
            counts = tasks.status_counts(year)
            unfinished = [t["title"] for t in tasks.leaves(year) if t["state"] in ("未启动", "推进中", "未完成")]
            summary = implementation_summary(year, counts, unfinished, tasks.review_counts(year))
            rows, evidence = tasks.list(year), tasks.evidence(year)
            ctx.progress(0, 0, f"正在写入 {len(rows)} 项任务……")
            return write_output(ctx, target, lambda tmp: write_tasks_xlsx(year, rows, evidence, summary, counts, tmp))

        return run_op(self, "导出工作要点台账", work, ledger=self.ledger,
                      on_success=lambda path: show_saved_file(self, "已导出", f"已导出到 {path}。", path))
