"""工作日历: a year's month grids with rest days and make-up working days (班), the provenance of the
official data, the years covered, and hand edits of single days."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QWidget,
)

from ...core.workdays import cn_date, source_title
from ...storage.applications_repo import DueChange
from ...storage.ledger import Ledger
from .. import theme
from ..ops import Operation, run_op
from .day_edit_dialog import DayEditDialog
from .widgets import LedgerPage, YearCombo, page_header, show_due_changes, warning_label
from .year_grid import YearGrid


class CalendarPage(LedgerPage):
    importNoticeRequested = Signal()

    def __init__(self, ledger: Ledger, today: Callable[[], date], parent: QWidget | None = None):
        super().__init__(ledger, today, parent)
        layout = self.page_layout
        self.year_combo = YearCombo()
        self.year_combo.yearChanged.connect(self._show_year)
        import_button = QPushButton("导入节假日安排通知…")
        import_button.clicked.connect(self.importNoticeRequested)
        edit_button = QPushButton("修改选中日期…")
        edit_button.clicked.connect(self._edit_selected)
        layout.addLayout(page_header("工作日历", QLabel("年度"), self.year_combo, import_button, edit_button))
        self.source = QLabel()
        self.source.setWordWrap(True)
        layout.addWidget(self.source)
        self.unknown = warning_label()
        layout.addWidget(self.unknown)
        legend = QLabel(
            f"<span style='background:{theme.REST_BG.name()};color:{theme.OVERDUE.name()}'><b>&nbsp;1&nbsp;</b></span> 节假日放假　"
            f"<span style='background:{theme.MAKEUP_BG.name()}'>&nbsp;班&nbsp;</span> 调休上班　"
            f"<span style='color:{theme.WEEKEND_FG.name()}'>灰色</span> 周末　"
            f"<span style='color:{theme.MANUAL_BORDER.name()}'>*</span> 手工修改　双击某天可修改"
        )
        layout.addWidget(legend)
        self.grid = YearGrid()
        self.grid.dayActivated.connect(self.edit_day)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.grid)
        layout.addWidget(scroll, 1)

    def refresh(self) -> None:
        known = [r["year"] for r in self.ledger.calendar.years()]
        this_year = self.today().year
        cal = self.ledger.calendar.load()
        neighbours = {d.year for a in cal.arrangements.values() for d in a.rest_days | a.workdays}  # 2018 of the 2019 notice
        years = sorted(set(known) | neighbours | {this_year, this_year + 1}, reverse=True)
        self.year_combo.set_years(years, default=this_year,
                                  label=lambda y: f"{y}年" + ("" if y in known else "（未载入）"))
        self._show_year()

    def _show_year(self) -> None:
        year = self.year_combo.year()
        if year is None:
            return
        cal = self.ledger.calendar.load()
        rows = {r["year"]: r for r in self.ledger.calendar.years()}
        covered = sorted(rows)
        span = f"{covered[0]}—{covered[-1]}年" if covered else "无"
        row = rows.get(year)
        days = cal.official_days_of_year(year)  # days in this year, whichever year's notice set them
        main = row["source"].split("；")[0] if row else ""
        by_source: dict[str, list[date]] = {}
        for d, _, src in days:
            if source_title(src) != source_title(main):
                by_source.setdefault(src, []).append(d)
        notes = "".join(f"<br>依据《{source_title(src)}》的日期：" + "、".join(cn_date(d, False) for d in ds)
                        for src, ds in by_source.items())
        if row:
            origin = "随程序提供" if row["origin"] == "bundled" else "由通知导入"
            self.source.setText(f"来源：{row['source']}（{origin}，{row['loaded_at'][:10]}载入）　"
                                f"全年工作日{cal.workdays_in_year(year)}天　已载入年份：{span}{notes}")
            self.unknown.setVisible(False)
        else:
            self.source.setText(f"已载入年份：{span}{notes}")
            self.unknown.setText(f"{year}年尚未载入国务院节假日安排：下方除法定节假日和其他年度通知已确定的日期外，"
                                 "按周一至周五显示；涉及该年的答复期限均为暂定。")
            self.unknown.setVisible(True)
        self.grid.show_year(cal, year)

    def _edit_selected(self) -> None:
        day = self.grid.selected_day()
        if day is None:
            QMessageBox.information(self, "修改日历", "请先在日历中选中要修改的日期。")
            return
        self.edit_day(day)

    def edit_day(self, day: date) -> Operation[list[DueChange]] | None:
        dialog = DayEditDialog(day, self.ledger.calendar.load(), self)
        if not dialog.exec():
            return None
        return self.set_day(day, dialog.value(), dialog.reason.text())

    def set_day(self, day: date, is_workday: bool | None, reason: str) -> Operation[list[DueChange]] | None:
        """Save the day and re-date every open application, in the background (one transaction, not cancelled
        half-way: at 100,000 applications it takes about half a second)."""

        def done(changes: list[DueChange]) -> None:
            self._show_year()
            show_due_changes(self, changes, f"已修改{cn_date(day)}")

        return run_op(self, "修改工作日历", lambda ctx: ctx.ledger.set_calendar_day(day, is_workday, reason),
                      ledger=self.ledger, label="正在保存并重新计算未办结申请的答复期限……", cancellable=False,
                      on_success=done)
