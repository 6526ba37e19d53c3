"""年度报告: what the ledger holds for a year — applications received, carried over, closed by outcome."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...core.applications import OUTCOMES
from ...storage.ledger import Ledger
from .widgets import title_label


class ReportPage(QWidget):
    def __init__(self, ledger: Ledger, today: Callable[[], date], parent: QWidget | None = None):
        super().__init__(parent)
        self.ledger = ledger
        self.today = today
        layout = QVBoxLayout(self)
        head = QHBoxLayout()
        head.addWidget(title_label("政府信息公开工作年度报告"))
        head.addStretch()
        head.addWidget(QLabel("年度"))
        self.year_combo = QComboBox()
        self.year_combo.currentIndexChanged.connect(self._show_year)
        head.addWidget(self.year_combo)
        layout.addLayout(head)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        layout.addWidget(QLabel("本年度办理结果（按答复日期统计，行名与国办公开办函〔2021〕30号表三一致）："))
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(["类别", "情形", "件数"])
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        layout.addWidget(self.table, 1)

    def refresh(self) -> None:
        years = sorted(set(self.ledger.applications.years()) | {self.today().year}, reverse=True)
        current = self.year_combo.currentData()
        self.year_combo.blockSignals(True)
        self.year_combo.clear()
        for y in years:
            self.year_combo.addItem(f"{y}年", y)
        self.year_combo.setCurrentIndex(years.index(current) if current in years else 0)
        self.year_combo.blockSignals(False)
        self._show_year()

    def _show_year(self) -> None:
        year = self.year_combo.currentData()
        if year is None:
            return
        c = self.ledger.applications.year_counts(year)
        outcomes = self.ledger.applications.outcomes_in_year(year)
        self.summary.setText(
            f"{year}年：本年新收{c['received']}件，上年结转{c['carried_in']}件，本年办结{c['closed']}件，"
            f"结转下年度{c['carried_out']}件。"
            + ("（年度尚未结束，结转数为截至今天仍在办理的件数。）" if year >= self.today().year else "")
        )
        self.table.setRowCount(len(OUTCOMES) + 1)
        for r, o in enumerate(OUTCOMES):
            group = o.group.split("（区分")[0]
            label = "" if o.label == o.group else o.label
            for col, text in enumerate((group, label, str(outcomes.get(o.code, 0)))):
                item = QTableWidgetItem(text)
                if col == 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(r, col, item)
        total = QTableWidgetItem(str(sum(outcomes.values())))
        total.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.table.setItem(len(OUTCOMES), 0, QTableWidgetItem("（七）总计"))
        self.table.setItem(len(OUTCOMES), 1, QTableWidgetItem(""))
        self.table.setItem(len(OUTCOMES), 2, total)
        self.table.resizeColumnToContents(0)
