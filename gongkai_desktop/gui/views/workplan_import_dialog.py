"""导入工作要点: read the year's work plan, show it as an editable tree, and save it into the task ledger.

The officer corrects anything the parser got wrong (titles, units, deadlines) before saving; importing a
revised document merges by task code and keeps the progress already recorded."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...core.workplan import Workplan, count_text, parse_timing_cell, split_units
from ...documents.workplan_reader import WorkplanReadError, read_workplan
from ...storage.ledger import Ledger
from ...storage.tasks_repo import MergeResult, TaskError
from . import file_dialogs
from .widgets import error_label, fit_to_screen

HEADERS = ("序号", "工作任务", "牵头单位", "责任单位", "完成时限", "具体要求")
EXTRA_ROLE = Qt.ItemDataRole.UserRole + 2


def _timing_text(task: dict[str, Any]) -> str:
    return "、".join(task["deadlines"] + task["recurring"])


def parse_timing(text: str, year: int | None = None) -> tuple[list[str], list[str]]:
    """The 完成时限 cell as edited, read like the importer ("11月底前" → that month's last day of `year`)."""
    return parse_timing_cell(text, year)


class WorkplanImportDialog(QDialog):
    def __init__(self, ledger: Ledger, today: date, parent: QWidget | None = None):
        super().__init__(parent)
        self.ledger, self.today = ledger, today
        self.plan: Workplan | None = None
        self.result: MergeResult | None = None  # type: ignore[assignment]  # shadows QDialog.result() (unused); rename once the branches are merged
        self.source = ""
        self.setWindowTitle("导入政务公开工作要点")
        fit_to_screen(self, None, 1100, 700)
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        self.path = QLineEdit()
        self.path.setPlaceholderText("选择工作要点文件（.docx、.txt、.pdf、.xlsx、.csv）")
        browse = QPushButton("选择文件…")
        browse.clicked.connect(self._browse)
        read = QPushButton("读取")
        read.setAutoDefault(False)
        read.clicked.connect(self.read_path)
        browse.setAutoDefault(False)
        # Enter in the path field reads the file; it never saves (issue 28)
        self.path.returnPressed.connect(self.read_path)
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        row.addWidget(read)
        layout.addLayout(row)
        self.meta = QLabel()
        self.meta.setWordWrap(True)
        layout.addWidget(self.meta)
        year_row = QHBoxLayout()
        year_row.addWidget(QLabel("年度"))
        self.year = QSpinBox()
        self.year.setRange(2008, 2100)
        self.year.setValue(today.year)
        year_row.addWidget(self.year)
        year_row.addWidget(QLabel("　双击单元格可修改；单位之间用“、”分隔；完成时限写成 2021-10-31、“11月底前”或“每季度”等。"))
        year_row.addStretch()
        remove = QPushButton("删除选中的任务")
        remove.clicked.connect(self.remove_selected)
        year_row.addWidget(remove)
        layout.addLayout(year_row)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(list(HEADERS))
        self.tree.header().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for col, width in enumerate((120, 300, 160, 220, 110, 400)):
            self.tree.setColumnWidth(col, width)
        layout.addWidget(self.tree, 1)
        self.count_label = QLabel()
        layout.addWidget(self.count_label)
        self.message = error_label()
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("保存到工作要点台账")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setAutoDefault(False)  # Enter never saves by accident; 保存 is a deliberate click
        self.save_button.setDefault(False)
        layout.addWidget(buttons)

    def _browse(self) -> None:
        name, _ = file_dialogs.get_open_file_name(self, "选择工作要点", "", "工作要点 (*.docx *.txt *.pdf *.xlsx *.csv)")
        if name:
            self.path.setText(name)
            self.load(Path(name))

    def read_path(self) -> bool:
        text = self.path.text().strip().strip('"')
        if not text:
            self.message.setText("请先选择或输入工作要点文件的路径。")
            return False
        return self.load(Path(text))

    def keyPressEvent(self, event) -> None:  # Enter outside a button does not save the preview (issue 28)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers():
            if self.path.hasFocus():
                self.read_path()
            return
        super().keyPressEvent(event)

    def _update_count(self) -> None:
        self.count_label.setText(count_text(self.tasks()) + "。" if self.tree.topLevelItemCount() else "")

    def load(self, path: Path) -> bool:
        try:
            plan = read_workplan(path, self.today.year)
        except WorkplanReadError as exc:
            self.message.setText(str(exc))
            return False
        self.plan, self.source = plan, path.name
        self.path.setText(str(path))
        if plan.year:
            self.year.setValue(plan.year)
        facts = [f"标题：{plan.title or '（未识别）'}", f"发文机关：{plan.issuer or '（未识别）'}",
                 f"文号：{plan.doc_number or '（未识别）'}", f"日期：{plan.date or '（未识别）'}",
                 count_text(plan.tasks)]
        self.meta.setText("　".join(facts) + ("<br>" + "；".join(plan.warnings) if plan.warnings else ""))
        self.message.setText("" if plan.tasks else "没有识别出任务，请检查文件。")
        self.tree.clear()

        def add(items: list[dict[str, Any]], parent: QTreeWidgetItem | None) -> None:
            for t in items:
                values = [t["code"], t["title"], "、".join(t["lead_units"]), "、".join(t["responsible_units"]),
                          _timing_text(t), t["text"]]
                item = QTreeWidgetItem(parent, values) if parent else QTreeWidgetItem(self.tree, values)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
                item.setData(0, EXTRA_ROLE, t.get("section", ""))
                add(t["children"], item)

        add(plan.tasks, None)
        self.tree.expandAll()
        self._update_count()
        return True

    def remove_selected(self) -> None:
        for item in self.tree.selectedItems():
            parent = item.parent() or self.tree.invisibleRootItem()
            parent.removeChild(item)
        self._update_count()

    def tasks(self) -> list[dict[str, Any]]:
        """The tree as edited, in the `workplan import --json` shape."""
        def collect(parent: QTreeWidgetItem) -> list[dict[str, Any]]:
            out = []
            for i in range(parent.childCount()):
                item = parent.child(i)
                if item is None:
                    continue
                deadlines, recurring = parse_timing(item.text(4), self.year.value())
                out.append({"code": item.text(0).strip(), "section": item.data(0, EXTRA_ROLE) or "",
                            "title": item.text(1).strip(), "text": item.text(5).strip(),
                            "lead_units": split_units(item.text(2)), "responsible_units": split_units(item.text(3)),
                            "deadlines": deadlines, "recurring": recurring, "children": collect(item)})
            return out

        return collect(self.tree.invisibleRootItem())

    def save(self) -> None:
        tasks = self.tasks()
        if not tasks:
            self.message.setText("没有可保存的任务。")
            return
        try:
            self.result = self.ledger.tasks.merge_tree(self.year.value(), tasks, self.source,
                                                       self.plan.to_json() if self.plan is not None else None)
        except TaskError as exc:
            self.message.setText(str(exc))
            return
        self.accept()
