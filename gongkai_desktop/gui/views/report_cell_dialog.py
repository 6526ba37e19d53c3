"""The applications behind one cell of 表三 (double-click one to open it)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...core.applications import outcome_name
from ...storage.ledger import Ledger


class ReportCellDialog(QDialog):
    applicationActivated = Signal(str)

    def __init__(self, ledger: Ledger, title: str, numbers: list[str], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(820, 480)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"{title}：共 {len(numbers)} 件（双击打开）"))
        self.table = QTableWidget(0, 6)
        self.table.setHorizontalHeaderLabels(["申请编号", "收到日期", "申请人", "申请内容", "办结日期", "办理结果"])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        rows = [r for r in (ledger.applications.get(no) for no in numbers[:2000]) if r is not None]
        self.table.setRowCount(len(rows))
        for r, app in enumerate(rows):
            for c, value in enumerate((app["no"], app["received"], app["applicant"], app["content_title"],
                                       app["closed_on"] or "", outcome_name(app["outcome"]))):
                self.table.setItem(r, c, QTableWidgetItem(value))
        self.table.resizeColumnsToContents()
        self.table.cellDoubleClicked.connect(self._activated)
        layout.addWidget(self.table, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _activated(self, row: int, _column: int) -> None:
        item = self.table.item(row, 0)
        if item is not None:
            self.applicationActivated.emit(item.text())
            self.accept()
