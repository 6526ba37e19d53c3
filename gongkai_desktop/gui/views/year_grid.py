"""A year of month grids marking rest days (red on pink) and make-up working days (班); used by the calendar page
and by the notice-import preview."""

from __future__ import annotations

import calendar as pycal
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QGroupBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...core.workdays import WorkCalendar
from .. import theme

DAY_ROLE = Qt.ItemDataRole.UserRole + 1
HEADERS = ("一", "二", "三", "四", "五", "六", "日")
CELL_W, CELL_H = 35, 24


class MonthTable(QTableWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(6, 7, parent)
        self.setHorizontalHeaderLabels(HEADERS)
        self.verticalHeader().setVisible(False)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.horizontalHeader().setMinimumSectionSize(10)
        self.verticalHeader().setMinimumSectionSize(10)
        for c in range(7):
            self.setColumnWidth(c, CELL_W)
        for r in range(6):
            self.setRowHeight(r, CELL_H)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setShowGrid(False)
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.setStyleSheet("QTableWidget::item { padding: 0px; }")
        frame = 2 * self.frameWidth()
        self.setFixedSize(7 * CELL_W + frame, 6 * CELL_H + self.horizontalHeader().sizeHint().height() + frame)

    def fill(self, cal: WorkCalendar, year: int, month: int) -> None:
        self.clearContents()
        weeks = pycal.Calendar(firstweekday=0).monthdatescalendar(year, month)
        bold = QFont()
        bold.setBold(True)
        for r in range(6):
            for c in range(7):
                if r >= len(weeks):
                    continue
                d = weeks[r][c]
                if d.month != month:
                    continue
                item = QTableWidgetItem()
                item.setData(DAY_ROLE, d)
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                text = str(d.day)
                override = cal.overrides.get(d)
                if cal.is_makeup_workday(d):
                    text += "班"
                    item.setBackground(QBrush(theme.MAKEUP_BG))
                    item.setFont(bold)
                elif not cal.is_workday(d) and (cal.holiday_name(d) or override is not None):
                    item.setBackground(QBrush(theme.REST_BG))
                    item.setForeground(QBrush(theme.OVERDUE))
                    item.setFont(bold)
                elif d.weekday() >= 5:
                    item.setForeground(QBrush(theme.WEEKEND_FG))
                if override is not None:
                    item.setForeground(QBrush(theme.MANUAL_BORDER))
                    text += "*"
                item.setText(text)
                source = cal.source_of(d)
                item.setToolTip(f"{d.year}年{d.month}月{d.day}日：{cal.describe(d)}"
                                + (f"\n依据：{source}" if source else ""))
                self.setItem(r, c, item)


class YearGrid(QWidget):
    """Twelve MonthTables in a 4 × 3 grid. Emits dayActivated(date) on double click."""

    dayActivated = Signal(object)

    def __init__(self, parent: QWidget | None = None, columns: int = 4):
        super().__init__(parent)
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.months: list[MonthTable] = []
        for m in range(12):
            box = QGroupBox(f"{m + 1}月")
            inner = QVBoxLayout(box)
            inner.setContentsMargins(4, 4, 4, 4)
            table = MonthTable()
            table.itemDoubleClicked.connect(self._activated)
            inner.addWidget(table)
            layout.addWidget(box, m // columns, m % columns)
            self.months.append(table)

    def show_year(self, cal: WorkCalendar, year: int) -> None:
        for m, table in enumerate(self.months, start=1):
            table.fill(cal, year, m)

    def selected_day(self) -> date | None:
        for table in self.months:
            item = table.currentItem()
            if item is not None and item.isSelected():
                return item.data(DAY_ROLE)
        return None

    def _activated(self, item: QTableWidgetItem) -> None:
        d = item.data(DAY_ROLE)
        if d is not None:
            self.dayActivated.emit(d)
