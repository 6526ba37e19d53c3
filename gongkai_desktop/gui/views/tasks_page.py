"""工作要点: the year's work-plan tasks as a tree with state, 责任人 and latest progress; deadlines coloured;
a filter to the tasks that concern this unit; import, progress, 回头看 and the 台账 export. Below the tree, the
selected task's 责任单位 each with its own state, 报送 date, 落实情况, 佐证 and 销号; the 督办 bar exports and imports
the 反馈表, lists who has not reported, makes 督办通知 and the 通报, and drafts the 本机关工作要点."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QBrush, QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...core.errors import DomainError
from ...core.workplan import concerns_unit, implementation_summary, split_units, state_summary, task_timing
from ...paths import resources_dir
from ...services.supervision import SupervisionService
from ...storage.attachments_repo import AttachmentError
from ...storage.ledger import Ledger
from ...storage.tasks_repo import TASK_STATES
from .. import theme
from ..ops import OpContext, Operation, run_op, write_output
from . import file_dialogs
from .bulletin_dialog import BulletinDialog
from .feedback_export_dialog import FeedbackExportDialog
from .feedback_import_dialog import FeedbackImportDialog
from .supervision_dialog import SupervisionDialog
from .task_close_dialog import TaskCloseDialog
from .task_progress_dialog import TaskProgressDialog
from .task_review_dialog import TaskReviewDialog
from .unit_progress_dialog import UnitProgressDialog
from .widgets import LedgerPage, YearCombo, audit_line, page_header, show_saved_file
from .workplan_import_dialog import WorkplanImportDialog

COLUMNS = ("序号", "工作任务", "牵头单位", "责任单位", "完成时限", "状态", "责任人", "最新进展", "回头看", "单位完成")
UNIT_COLUMNS = ("责任单位", "职责", "状态", "报送日期", "落实情况", "佐证材料", "销号")
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
        self.print_button = QPushButton("打印…")  # issue 28
        self.print_button.clicked.connect(lambda: self.print_list())
        layout.addLayout(page_header("工作要点台账", QLabel("年度"), self.year_combo, self.print_button,
                                     self.export_button, self.import_button))
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

        self.service = SupervisionService.for_ledger(ledger, resources_dir() / "templates")
        duty = QHBoxLayout()
        self.feedback_export_button = QPushButton("导出反馈表…")
        self.feedback_export_button.setToolTip("为每个责任单位导出落实情况反馈表（.xlsx），设定报送截止日期")
        self.feedback_export_button.clicked.connect(lambda: self.export_feedback())
        self.feedback_import_button = QPushButton("导入反馈表…")
        self.feedback_import_button.clicked.connect(lambda: self.import_feedback())
        self.supervise_button = QPushButton("督办…")
        self.supervise_button.setToolTip("逾期未完成、逾期未报送的单位；生成督办通知")
        self.supervise_button.clicked.connect(lambda: self.supervise())
        self.bulletin_button = QPushButton("通报…")
        self.bulletin_button.clicked.connect(lambda: self.bulletin())
        self.own_plan_button = QPushButton("本机关工作要点…")
        self.own_plan_button.setToolTip("由写明本单位的任务生成本机关工作要点草稿（Word）")
        self.own_plan_button.clicked.connect(self._choose_own_plan)
        duty.addWidget(QLabel("督办："))
        for button in (self.feedback_export_button, self.feedback_import_button, self.supervise_button,
                       self.bulletin_button, self.own_plan_button):
            duty.addWidget(button)
        duty.addStretch()
        layout.addLayout(duty)
        self.duty_label = QLabel()
        self.duty_label.setWordWrap(True)
        self.duty_label.setProperty("role", "warning")
        layout.addWidget(self.duty_label)
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
        for col, width in enumerate((110, 280, 140, 190, 100, 70, 70, 220, 80, 80)):
            self.tree.setColumnWidth(col, width)
        self.tree.setAlternatingRowColors(True)
        self.tree.itemDoubleClicked.connect(lambda item, _c: self.record_progress(item.data(0, TASK_ROLE)))
        self.tree.currentItemChanged.connect(lambda item, _p: self._show_detail(item))
        split.addWidget(self.tree)
        lower = QSplitter(Qt.Orientation.Horizontal)
        unit_box = QWidget()
        unit_layout = QVBoxLayout(unit_box)
        unit_layout.setContentsMargins(0, 0, 0, 0)
        self.unit_table = QTableWidget(0, len(UNIT_COLUMNS))
        self.unit_table.setHorizontalHeaderLabels(list(UNIT_COLUMNS))
        self.unit_table.verticalHeader().setVisible(False)
        self.unit_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.unit_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.unit_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.unit_table.setTabKeyNavigation(False)
        self.unit_table.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.unit_table.cellDoubleClicked.connect(lambda _r, _c: self.record_unit())
        unit_layout.addWidget(self.unit_table)
        unit_buttons = QHBoxLayout()
        self.unit_progress_button = QPushButton("记录单位落实情况…")
        self.unit_progress_button.clicked.connect(lambda: self.record_unit())
        self.close_button = QPushButton("销号…")
        self.close_button.clicked.connect(lambda: self.close_task())
        unit_buttons.addWidget(self.unit_progress_button)
        unit_buttons.addWidget(self.close_button)
        unit_buttons.addStretch()
        unit_layout.addLayout(unit_buttons)
        lower.addWidget(unit_box)
        detail_box = QWidget()
        detail_layout = QVBoxLayout(detail_box)
        detail_layout.setContentsMargins(0, 0, 0, 0)
        self.detail = QPlainTextEdit()
        self.detail.setReadOnly(True)
        detail_layout.addWidget(self.detail, 1)
        # evidence files: double-click (or Enter) opens one; a file added by mistake can be removed (issue 28)
        self.files_label = QLabel("佐证文件（双击打开）")
        detail_layout.addWidget(self.files_label)
        self.file_list = QListWidget()
        self.file_list.setMaximumHeight(90)
        self.file_list.itemActivated.connect(lambda item: self.open_file(item.data(Qt.ItemDataRole.UserRole)))
        detail_layout.addWidget(self.file_list)
        file_buttons = QHBoxLayout()
        self.open_file_button = QPushButton("打开")
        self.open_file_button.clicked.connect(lambda: self.open_file())
        self.remove_file_button = QPushButton("删除误添加的文件…")
        self.remove_file_button.clicked.connect(lambda: self.remove_file())
        file_buttons.addWidget(self.open_file_button)
        file_buttons.addWidget(self.remove_file_button)
        file_buttons.addStretch()
        detail_layout.addLayout(file_buttons)
        self.file_list.currentRowChanged.connect(lambda _r: self._file_buttons())
        self._show_files([])
        lower.addWidget(detail_box)
        lower.setSizes([620, 380])
        split.addWidget(lower)
        split.setSizes([460, 220])
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
        self.unit_table.setRowCount(0)
        for w in (self.progress_button, self.review_button, self.export_button, self.feedback_export_button,
                  self.feedback_import_button, self.supervise_button, self.bulletin_button, self.own_plan_button,
                  self.unit_progress_button, self.close_button):
            w.setEnabled(has_tasks)
        self.duty_label.setText(self.duty_text(year) if year is not None else "")
        self.duty_label.setVisible(bool(self.duty_label.text()))
        if year is None:
            self.summary.setText("台账中还没有工作要点。点击“导入工作要点…”读取本年度的工作要点文件（Word、PDF、文本或 Excel）。")
            return
        today = self.today()
        soon = self.ledger.calendar.load().add_workdays(today, self.ledger.rules.due_soon_days * 2)
        counts = self.ledger.tasks.status_counts(year)
        leaves = self.ledger.tasks.leaves(year)
        late = sum(1 for t in leaves if task_timing(t["deadlines"], t["state"], today, soon) == "已逾期")
        self.summary.setText(f"{year}年工作要点{state_summary(counts)}" + (f"；已过完成时限未完成{late}项" if late else "")
                             + "。双击任务记录进展。")
        items: dict[int, QTreeWidgetItem] = {}
        units = self.ledger.tasks.units.states_by_task(year)
        for t in self.ledger.tasks.list(year):
            if not self.visible(t, soon):
                continue
            timing = task_timing(t["deadlines"], t["state"], today, soon)
            section = bool(t["n_children"])
            review = t["review_result"] or ""
            values = [t["code"] or "", t["title"], "、".join(t["lead_units"]), "、".join(t["responsible_units"]),
                      "、".join(t["deadlines"] + t["recurring"]), "" if section else t["state"], t["owner"] or "",
                      (f"{t['last_day']} {t['last_progress']}" if t["last_progress"] else ""), review,
                      "" if section else unit_progress(units.get(t["id"], []))]
            parent = items.get(t["parent_id"])
            if t["parent_id"] and parent is None:
                continue
            item = QTreeWidgetItem(parent, values) if parent is not None else QTreeWidgetItem(self.tree, values)
            item.setData(0, TASK_ROLE, t)
            item.setToolTip(1, t["title"])
            item.setToolTip(7, t["last_progress"] or "")
            item.setToolTip(9, "\n".join(f"{unit}：{state}" + ("（已销号）" if closed else "")
                                          for unit, state, closed in units.get(t["id"], [])))
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

    def duty_text(self, year: int) -> str:
        """Who has not reported for the latest 报送期次, and the 本机关工作要点 reminder."""
        today = self.today()
        parts = []
        rounds = self.ledger.tasks.units.rounds(year)
        if rounds:
            rnd = rounds[0]
            missing = self.ledger.tasks.units.missing(rnd["id"])
            if missing:
                late = rnd["due"] < today.isoformat()
                parts.append(f"{rnd['period']}落实情况（报送截止{rnd['due']}）{'逾期未报送' if late else '尚未报送'}"
                             f"{len(missing)}个单位：{'、'.join(missing)}。")
            else:
                parts.append(f"{rnd['period']}落实情况：{rnd['n_units']}个单位已全部报送。")
        own = self.service.own_plan_reminder(year, today)
        if own:
            parts.append(own)
        return "　".join(parts)

    def print_list(self, printer=None) -> bool:
        """打印 the year's 工作要点 as shown in the tree (groups with their tasks indented)."""
        from .printing import model_rows, print_table

        headers, rows = model_rows(self.tree.model())
        year = self.year_combo.year()
        return print_table(self, f"{year}年政务公开工作要点台账", f"打印日期：{self.today().isoformat()}", headers, rows,
                           printer)

    def _show_detail(self, item: QTreeWidgetItem | None) -> None:
        self.unit_table.setRowCount(0)
        if item is None:
            self.detail.clear()
            self._show_files([])
            return
        t = item.data(0, TASK_ROLE)
        self._show_units(t)
        lines = [f"{t['code'] or ''}{t['title']}", t.get("text") or ""]
        updates = self.ledger.tasks.updates(t["id"])
        if updates:
            lines.append("进展记录：")
            lines += [f"  {u['day']}　{u['status'] or ''}　{u['progress'] or ''}"
                      + (f"（佐证：{u['evidence']}）" if u["evidence"] else "") for u in updates]
        files = self.ledger.attachments.for_task(t["id"])
        self._show_files(files)
        if files:
            lines.append("佐证文件：" + "、".join(f["name"] for f in files))
        if t.get("review_result"):
            lines.append(f"回头看：{t['review_day']} {t['review_result']} {t.get('review_note') or ''}")
        history = self.ledger.audit.entries("task", t["id"])
        if history:
            lines.append("操作记录：")
            lines += [f"  {audit_line(e)}" for e in history]
        self.detail.setPlainText("\n".join(x for x in lines if x))

    def _show_files(self, files: list[dict[str, Any]]) -> None:
        self.file_list.clear()
        for f in files:
            item = QListWidgetItem(f"{f['name']}（{f['added'][:10]}）")
            item.setData(Qt.ItemDataRole.UserRole, f)
            item.setToolTip("双击打开")
            self.file_list.addItem(item)
        for w in (self.files_label, self.file_list, self.open_file_button, self.remove_file_button):
            w.setVisible(bool(files))
        if files:
            self.file_list.setCurrentRow(0)
        self._file_buttons()

    def _file_buttons(self) -> None:
        has = self.file_list.currentItem() is not None
        self.open_file_button.setEnabled(has)
        self.remove_file_button.setEnabled(has and not self.ledger.read_only)

    def _current_file(self) -> dict[str, Any] | None:
        item = self.file_list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def open_file(self, row: dict[str, Any] | None = None) -> Path | None:
        """Open an evidence file with the system's program; returns its path (None when it can't be found)."""
        row = row or self._current_file()
        if row is None:
            return None
        try:
            path = self.ledger.attachments.path_of(row)
        except AttachmentError as exc:
            QMessageBox.warning(self, "无法打开文件", str(exc))
            return None
        if not path.exists():
            QMessageBox.warning(self, "无法打开文件", f"文件不存在（可能已被移动或删除）：{path}")
            return None
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
            QMessageBox.warning(self, "无法打开文件", f"本机没有能打开该文件的程序：{path}")
        return path

    def remove_file(self, reason: str | None = None) -> bool:
        """删除误添加的佐证文件: asks for the reason (audited with the file's name and SHA-256)."""
        row, task = self._current_file(), self.selected_task()
        if row is None or task is None:
            return False
        if reason is None:
            reason, ok = QInputDialog.getText(self, "删除佐证文件", f"删除“{row['name']}”的原因（记入操作日志）：")
            if not ok:
                return False
        try:
            self.ledger.attachments.remove_from_task(task["id"], row["id"], reason)
        except AttachmentError as exc:
            QMessageBox.warning(self, "删除佐证文件", str(exc))
            return False
        self._show_detail(self.tree.currentItem())
        return True

    def _show_units(self, t: dict[str, Any]) -> None:
        rows = [] if t["n_children"] else self.ledger.tasks.units.for_task(t["id"])
        self.unit_table.setRowCount(len(rows))
        for r, u in enumerate(rows):
            closed = f"{u['closed_on']} {u['close_note'] or ''}" if u["closed_on"] else ""
            values = [u["unit"], u["role"], u["state"], u["reported_on"] or "", u["progress"] or "",
                      u["evidence"] or "", closed]
            for c, v in enumerate(values):
                cell = QTableWidgetItem(v)
                cell.setToolTip(v)
                self.unit_table.setItem(r, c, cell)
        self.unit_table.resizeColumnsToContents()
        self.unit_table.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)

    def selected_unit(self) -> str | None:
        row = self.unit_table.currentRow()
        item = self.unit_table.item(row, 0) if row >= 0 else None
        return item.text() if item is not None else None

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
        self.countsChanged.emit()
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
        current = self.ledger.tasks.get(task["id"])
        if current is None:  # gone since the list was drawn (the plan was imported again meanwhile)
            QMessageBox.information(self, "记录进展", "该任务已不在台账中（工作要点可能已重新导入），列表已刷新。")
            self.show_year()
            return None
        dialog = TaskProgressDialog(self.ledger, current | {"n_children": 0}, self.today(), self)
        dialog.accepted.connect(self.show_year)
        dialog.open()
        return dialog

    def review(self, task: dict[str, Any] | None = None) -> TaskReviewDialog | None:
        task = task or self.selected_task()
        if task is None or task["n_children"]:
            QMessageBox.information(self, "回头看", "请先在列表中选择一项具体任务。")
            return None
        current = self.ledger.tasks.get(task["id"])
        if current is None:  # gone since the list was drawn (the plan was imported again meanwhile)
            QMessageBox.information(self, "回头看", "该任务已不在台账中（工作要点可能已重新导入），列表已刷新。")
            self.show_year()
            return None
        dialog = TaskReviewDialog(self.ledger, current, self.today(), self)
        dialog.accepted.connect(self.show_year)
        dialog.open()
        return dialog

    def _leaf_or_warn(self, title: str, task: dict[str, Any] | None) -> dict[str, Any] | None:
        task = task or self.selected_task()
        if task is None or task["n_children"]:
            QMessageBox.information(self, title, "请先在列表中选择一项具体任务。")
            return None
        if not self.ledger.tasks.units.for_task(task["id"]):
            QMessageBox.information(self, title, "该任务没有写明责任单位。可用“记录进展…”记录本机关的落实情况。")
            return None
        return self.ledger.tasks.get(task["id"])

    def record_unit(self, task: dict[str, Any] | None = None, unit: str | None = None) -> UnitProgressDialog | None:
        task = self._leaf_or_warn("记录单位落实情况", task)
        if task is None:
            return None
        dialog = UnitProgressDialog(self.ledger, task, self.today(), unit or self.selected_unit(), self)
        dialog.accepted.connect(self._after_unit_change)
        dialog.open()
        return dialog

    def close_task(self, task: dict[str, Any] | None = None, unit: str | None = None) -> TaskCloseDialog | None:
        task = self._leaf_or_warn("销号", task)
        if task is None:
            return None
        dialog = TaskCloseDialog(self.ledger, task, self.today(), unit or self.selected_unit(), self)
        dialog.accepted.connect(self._after_unit_change)
        dialog.open()
        return dialog

    def _after_unit_change(self) -> None:
        current = self.selected_task()
        self.show_year()
        if current is not None:
            self.select_task(current["id"])

    def select_task(self, task_id: int) -> None:
        from PySide6.QtWidgets import QTreeWidgetItemIterator

        it = QTreeWidgetItemIterator(self.tree)
        while it.value():
            if it.value().data(0, TASK_ROLE)["id"] == task_id:
                self.tree.setCurrentItem(it.value())
                return
            it += 1

    def export_feedback(self) -> FeedbackExportDialog | None:
        year = self.year_combo.year()
        if year is None:
            return None
        if not self.ledger.tasks.units.unit_names(year):
            QMessageBox.information(self, "导出反馈表", f"{year}年工作要点中没有写明责任单位的任务。")
            return None
        dialog = FeedbackExportDialog(self.service, year, self.today(), self)
        dialog.finished.connect(lambda _r: self.show_year())
        dialog.open()
        return dialog

    def import_feedback(self) -> FeedbackImportDialog | None:
        year = self.year_combo.year()
        if year is None:
            return None
        dialog = FeedbackImportDialog(self.service, year, self.today(), self)
        dialog.finished.connect(lambda _r: self.show_year())
        dialog.open()
        return dialog

    def supervise(self) -> SupervisionDialog | None:
        year = self.year_combo.year()
        if year is None:
            return None
        dialog = SupervisionDialog(self.service, year, self.today(), self)
        dialog.open()
        return dialog

    def bulletin(self) -> BulletinDialog | None:
        year = self.year_combo.year()
        if year is None:
            return None
        dialog = BulletinDialog(self.service, year, self.today(), self)
        dialog.open()
        return dialog

    def _choose_own_plan(self) -> None:
        year = self.year_combo.year()
        unit = self.unit.text().strip()
        if not unit:
            QMessageBox.information(self, "本机关工作要点", "请先在筛选栏填写本单位名称。")
            return
        name, _ = file_dialogs.get_save_file_name(self, "保存本机关工作要点草稿", f"{unit}{year}年政务公开工作要点（征求意见稿）.docx",
                                              "Word 文档 (*.docx)")
        if name:
            self.own_plan(Path(name if name.endswith(".docx") else name + ".docx"))

    def own_plan(self, target: Path) -> bool:
        year = self.year_combo.year()
        if year is None:
            return False
        try:
            n = self.service.own_plan(year, self.unit.text().strip(), split_units(self.collectives.text()), target,
                                      self.today())
        except DomainError as exc:
            QMessageBox.warning(self, "本机关工作要点", str(exc))
            return False
        self.show_year()
        show_saved_file(self, "本机关工作要点", f"已由{n}项任务生成草稿：{target}", target)
        return True

    def _choose_export(self) -> None:
        year = self.year_combo.year()
        name, _ = file_dialogs.get_save_file_name(self, "导出工作要点台账", f"{year}年政务公开工作要点台账.xlsx",
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
            units = tasks.units.by_task(year)
            return write_output(ctx, target, lambda tmp: write_tasks_xlsx(year, rows, evidence, summary, counts, tmp,
                                                                             units))

        return run_op(self, "导出工作要点台账", work, ledger=self.ledger,
                      on_success=lambda path: show_saved_file(self, "已导出", f"已导出到 {path}。", path))


def unit_progress(rows: list[tuple[str, str, bool]]) -> str:
    """1/3完成 for a task's (unit, state, closed) rows ('' when it names none)."""
    if not rows:
        return ""
    applying = [state for _unit, state, _closed in rows if state != "不适用"]
    done = sum(1 for state in applying if state == "已完成")
    return f"{done}/{len(applying)}完成"
