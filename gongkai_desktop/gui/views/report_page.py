"""年度报告: what the ledger holds for a year — applications received, carried over, closed by outcome."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from ...core.applications import OUTCOMES
from ...storage.ledger import Ledger
from .widgets import LedgerPage, YearCombo, page_header


class ReportPage(LedgerPage):
    def __init__(self, ledger: Ledger, today: Callable[[], date], parent: QWidget | None = None):
        super().__init__(ledger, today, parent)
        layout = self.page_layout
        self.year_combo = YearCombo()
        self.year_combo.yearChanged.connect(self._show_year)
        layout.addLayout(page_header("政府信息公开工作年度报告", QLabel("年度"), self.year_combo))
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
        self.year_combo.set_years(years)
        self._show_year()

    def _show_year(self) -> None:
        year = self.year_combo.year()
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
