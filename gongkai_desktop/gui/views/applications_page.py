"""依申请公开: the list of applications over the whole ledger, with the selected one's clock beside it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QItemSelection, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...core.applications import OUTCOME_BY_CODE
from ...core.clock import ClockError
from ...core.workdays import cn_date, weekday_name
from ...storage.ledger import Ledger
from .. import theme
from ..models.applications_model import ROW_ROLE, ApplicationsModel
from .dashboard_page import DUE_SOON_DAYS
from .widgets import LedgerPage, page_header


class ApplicationsPage(LedgerPage):
    def __init__(self, ledger: Ledger, today: Callable[[], date], parent: QWidget | None = None):
        super().__init__(ledger, today, parent)
        self.model: ApplicationsModel | None = None
        layout = self.page_layout
        self.count_label = QLabel()
        layout.addLayout(page_header("依申请公开台账", self.count_label))
        split = QSplitter(Qt.Orientation.Horizontal)
        self.table = QTableView()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        split.addWidget(self.table)
        detail = QWidget()
        detail_layout = QVBoxLayout(detail)
        self.detail_head = QLabel("选择一件申请查看答复期限及计算过程。")
        self.detail_head.setWordWrap(True)
        self.detail_head.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        detail_layout.addWidget(self.detail_head)
        detail_layout.addWidget(QLabel("<b>期限计算过程</b>"))
        self.trail = QPlainTextEdit()
        self.trail.setReadOnly(True)
        detail_layout.addWidget(self.trail)
        split.addWidget(detail)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        split.setSizes([800, 300])
        layout.addWidget(split, 1)

    def refresh(self) -> None:
        today = self.today()
        cal = self.ledger.calendar.load()
        if self.model is None:
            self.model = ApplicationsModel(self.ledger.applications, today, cal.add_workdays(today, DUE_SOON_DAYS), self)
            self.table.setModel(self.model)
            self.table.selectionModel().selectionChanged.connect(self._selection_changed)
            header = self.table.horizontalHeader()
            header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
            header.setStretchLastSection(True)
            for col, width in enumerate((90, 95, 150, 90, 75, 300, 70, 75, 140, 160)):
                self.table.setColumnWidth(col, width)
        else:
            self.model.today, self.model.soon_until = today, cal.add_workdays(today, DUE_SOON_DAYS)
            self.model.reload()
        self.count_label.setText(f"共 {self.model.total} 件")
        if self.model.rows and not self.table.selectionModel().hasSelection():
            self.table.selectRow(0)

    def select_application(self, no: str) -> bool:
        if self.model is None:
            self.refresh()
        assert self.model is not None
        while True:
            for r, row in enumerate(self.model.rows):
                if row["no"] == no:
                    self.table.selectRow(r)
                    self.table.scrollTo(self.model.index(r, 0))
                    return True
            if not self.model.canFetchMore():
                return False
            self.model.fetchMore()

    def _selection_changed(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        indexes = selected.indexes()
        if not indexes or self.model is None:
            return
        row = self.model.data(indexes[0], ROW_ROLE)
        app = self.ledger.applications.get(row["no"])
        if app is None:
            return
        cal = self.ledger.calendar.load()
        today = self.today()
        try:
            result = self.ledger.applications.clock(app, cal, today)
        except ClockError as exc:
            self.detail_head.setText(f"{app['no']}：事项记录有误，无法计算期限：{exc}")
            self.trail.setPlainText("")
            return
        colour = theme.STATUS_COLOURS[result.status.value].name()
        lines = [
            f"<b>{app['no']}</b>　{app['applicant']}（{app['category']}）",
            f"申请内容：{app['content_title']}",
            f"申请方式：{app['channel']}　收到日期：{cn_date(date.fromisoformat(app['received']))}",
            f"状态：<span style='color:{colour}'><b>{result.status.value}</b></span>",
        ]
        if result.due is not None and result.closed_on is None:
            lines.append(f"答复期限：<b>{cn_date(result.due)}（{weekday_name(result.due)}）</b>")
        if result.closed_on is not None:
            lines.append(f"办结日期：{cn_date(result.closed_on)}")
        if app["outcome"] in OUTCOME_BY_CODE:
            lines.append(f"办理结果：{OUTCOME_BY_CODE[app['outcome']].full}")
        if result.provisional:
            years = "、".join(f"{y}年" for y in result.unknown_years)
            lines.append(f"<span style='color:{theme.DUE_SOON.name()}'>⚠ 暂定：{years}尚无国务院节假日安排</span>")
        subs = [f"{k}：{cn_date(v)}" for k, v in result.sub_deadlines.items() if k != "答复期限"]
        if subs:
            lines.append("；".join(subs))
        self.detail_head.setText("<br>".join(lines))
        self.trail.setPlainText("\n".join(result.trail + [f"注意：{w}" for w in result.warnings]))
