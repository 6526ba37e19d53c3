"""工作要点: the year's work-plan tasks as a tree, with status counts."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from ...storage.ledger import Ledger
from .widgets import LedgerPage, YearCombo, page_header


class TasksPage(LedgerPage):
    def __init__(self, ledger: Ledger, today: Callable[[], date], parent: QWidget | None = None):
        super().__init__(ledger, today, parent)
        layout = self.page_layout
        self.year_combo = YearCombo()
        self.year_combo.yearChanged.connect(self._show_year)
        layout.addLayout(page_header("工作要点台账", QLabel("年度"), self.year_combo))
        self.summary = QLabel()
        layout.addWidget(self.summary)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["序号", "工作任务", "牵头单位", "责任单位", "完成时限", "状态"])
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.tree.setAlternatingRowColors(True)
        layout.addWidget(self.tree, 1)

    def refresh(self) -> None:
        years = self.ledger.tasks.years()
        self.year_combo.set_years(years)
        self._show_year()

    def _show_year(self) -> None:
        self.tree.clear()
        year = self.year_combo.year()
        if year is None:
            self.summary.setText("台账中还没有工作要点任务。")
            return
        c = self.ledger.tasks.status_counts(year)
        self.summary.setText(
            f"{year}年共{sum(c.values())}项：已完成{c['已完成']}项，推进中{c['推进中']}项，未开始{c['未开始']}项，不适用{c['不适用']}项。"
        )
        items: dict[int, QTreeWidgetItem] = {}
        for t in self.ledger.tasks.list(year):
            values = [
                t["code"] or "", t["title"], "、".join(t["lead_units"]), "、".join(t["responsible_units"]),
                "、".join(t["deadlines"] + t["recurring"]), t["status"],
            ]
            parent = items.get(t["parent_id"])
            item = QTreeWidgetItem(parent, values) if parent is not None else QTreeWidgetItem(self.tree, values)
            items[t["id"]] = item
        self.tree.expandAll()
