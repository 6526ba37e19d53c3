"""依申请转主动审查 (条例第44条; domain.md §8.6): the information disclosed to at least N applicants in a year (the
`proactive_min_applicants` rule, default 3), each with its decision; the officer records 转为主动公开 / 不转 with the
reason, date, 审核人 and where it was published. The list is built on a worker thread (≈0.2 s at 100,000
applications, `proactive_list` in benchmarks/run.py) with its own ledger connection; same checks as
`gongkai report proactive-decide`."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...core.items import PROACTIVE_DECISIONS, ItemError, ProactiveGroup
from ...storage.ledger import Ledger
from ..ops import Operation, run_job
from .widgets import date_edit, error_label, picked

HEADERS = ("所需信息", "申请人数", "申请编号", "审查结论")


def decision_text(d: dict[str, Any] | None) -> str:
    if not d:
        return "待审查"
    where = "，".join(x for x in (d.get("column_name"), d.get("url")) if x)
    return f"{d['decision']}（{d['day']}，{d['reviewer']}" + (f"，{where}" if where else f"，{d['reason']}") + "）"


class ProactiveDialog(QDialog):
    def __init__(self, ledger: Ledger, today: date, parent: QWidget | None = None):
        super().__init__(parent)
        self.ledger, self.today = ledger, today
        self.groups: list[ProactiveGroup] = []
        self.worker: Operation | None = None  # the running job
        self.setWindowTitle("依申请转主动审查")
        self.resize(900, 560)
        outer = QVBoxLayout(self)
        top = QHBoxLayout()
        self.year = QSpinBox()
        self.year.setRange(2008, 2100)
        self.year.setValue(today.year)
        self.least = QSpinBox()
        self.least.setRange(2, 50)
        self.least.setValue(ledger.rules.proactive_min_applicants)
        top.addWidget(QLabel("年度"))
        top.addWidget(self.year)
        top.addWidget(QLabel("同一信息申请人数不少于"))
        top.addWidget(self.least)
        self.refresh_button = QPushButton("查找")
        self.refresh_button.clicked.connect(self.refresh)
        top.addWidget(self.refresh_button)
        top.addStretch(1)
        outer.addLayout(top)
        rule = QLabel("依据：条例第四十四条；上海杨浦区市场监管局2022年规定“同一信息一年内3名以上申请人申请且已公开的，"
                      "转为主动公开”（人数可在设置中修改）。")
        rule.setWordWrap(True)
        rule.setStyleSheet("color: #546e7a;")
        outer.addWidget(rule)
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setColumnWidth(0, 300)
        self.table.setColumnWidth(2, 220)
        outer.addWidget(self.table, 1)
        self.status = QLabel()
        outer.addWidget(self.status)

        form = QFormLayout()
        self.decision = QComboBox()
        self.decision.addItems(PROACTIVE_DECISIONS)
        self.reason = QLineEdit()
        self.day = date_edit(today)
        self.reviewer = QLineEdit()
        self.column = QLineEdit()
        self.column.setPlaceholderText("如：政府信息公开/法定主动公开内容/财政预决算")
        self.url = QLineEdit()
        for label, widget in (("审查结论", self.decision), ("理由", self.reason), ("决定日期", self.day),
                              ("审核人", self.reviewer), ("公开栏目", self.column), ("网址", self.url)):
            form.addRow(label, widget)
        outer.addLayout(form)
        self.message = error_label()
        outer.addWidget(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.save_button = buttons.addButton("记录审查结论", QDialogButtonBox.ButtonRole.ActionRole)
        self.save_button.clicked.connect(self.decide)
        buttons.rejected.connect(self.reject)
        outer.addWidget(buttons)
        self.refresh()

    def _job(self) -> Callable[[Ledger, Callable[[int, int, str], bool]], Any]:
        year, least = self.year.value(), self.least.value()
        return lambda led, _progress: led.items.proactive(f"{year}-01-01", f"{year}-12-31", least)

    def refresh(self) -> None:
        if self.ledger.path is None:  # an in-memory ledger (tests): no second connection possible
            self._show(self._job()(self.ledger, lambda *_: True), "")
            return
        self.refresh_button.setEnabled(False)
        self.status.setText("正在查找…")
        self.worker = run_job(self, "查找依申请转主动的信息", self.ledger, self._job(), lambda *_: None, self._show)

    def busy(self) -> bool:
        return self.worker is not None and self.worker.running()

    def _show(self, groups: Any, error: str) -> None:
        self.refresh_button.setEnabled(True)
        if error:
            self.status.setText(f"查找失败：{error}")
            return
        self.groups = list(groups or [])
        self.table.setRowCount(len(self.groups))
        for i, g in enumerate(self.groups):
            for j, text in enumerate((g.title, str(g.applicants), "、".join(g.nos), decision_text(g.decision))):
                self.table.setItem(i, j, QTableWidgetItem(text))
        pending = sum(1 for g in self.groups if not g.decision)
        self.status.setText(f"共 {len(self.groups)} 项，待审查 {pending} 项。" if self.groups else
                            "该年度没有达到人数的已公开信息。")

    def decide(self) -> None:
        row = self.table.currentRow()
        if not 0 <= row < len(self.groups):
            self.message.setText("请先在列表中选择一项信息。")
            return
        try:
            self.ledger.items.decide(self.groups[row], self.decision.currentText(), self.reason.text(),
                                     picked(self.day).isoformat(), self.reviewer.text(), self.column.text(),
                                     self.url.text())
        except ItemError as exc:
            self.message.setText(str(exc))
            return
        self.message.setText("")
        self.refresh()

    def done(self, result: int) -> None:  # let a running search finish before the dialog goes away
        if self.worker is not None and self.worker.running():
            self.worker.cancel()
            self.worker.wait(3000)
        super().done(result)
