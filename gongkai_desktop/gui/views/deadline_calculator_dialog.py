"""期限计算器: a what-if deadline calculator over a list of events; never touches the ledger."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QListWidgetItem, QWidget

from ...core.clock import ClockError, Event, EventKind, compute_clock
from ...core.workdays import WorkCalendar, cn_date, weekday_name
from .. import theme
from ..forms.ui_deadline_calculator import Ui_DeadlineCalculator
from .widgets import picked, qdate

EVENT_ROLE = Qt.ItemDataRole.UserRole + 1
WITH_DAYS = {EventKind.EXTENDED, EventKind.DELAY}



class DeadlineCalculatorDialog(QDialog):
    def __init__(self, calendar: WorkCalendar, today: date, parent: QWidget | None = None):
        super().__init__(parent)
        self.ui = Ui_DeadlineCalculator()
        self.ui.setupUi(self)
        self.calendar = calendar
        self.ui.receivedEdit.setDate(qdate(today))
        self.ui.todayEdit.setDate(qdate(today))
        self.ui.eventDateEdit.setDate(qdate(today))
        for kind in EventKind:
            self.ui.kindCombo.addItem(kind.label, kind.value)  # Qt stores str subclasses as plain str
        self.ui.kindCombo.currentIndexChanged.connect(self._kind_changed)
        self.ui.addButton.clicked.connect(self.add_current_event)
        self.ui.removeButton.clicked.connect(self._remove_selected)
        self.ui.receivedEdit.dateChanged.connect(self.recompute)
        self.ui.todayEdit.dateChanged.connect(self.recompute)
        self._kind_changed()
        self.recompute()

    def _kind_changed(self) -> None:
        needs_days = EventKind(self.ui.kindCombo.currentData()) in WITH_DAYS
        self.ui.daysSpin.setEnabled(needs_days)
        self.ui.daysLabel.setEnabled(needs_days)

    def add_event(self, event: Event) -> None:
        text = f"{cn_date(event.day)}（{weekday_name(event.day)}）　{event.kind.label}"
        if event.days:
            text += f"　{event.days}个工作日"
        item = QListWidgetItem(text)
        item.setData(EVENT_ROLE, event)
        self.ui.eventList.addItem(item)
        self.recompute()

    def add_current_event(self) -> None:
        kind = EventKind(self.ui.kindCombo.currentData())
        day = picked(self.ui.eventDateEdit)
        days = self.ui.daysSpin.value() if kind in WITH_DAYS else None
        self.add_event(Event(kind, day, days=days))

    def _remove_selected(self) -> None:
        for item in self.ui.eventList.selectedItems():
            self.ui.eventList.takeItem(self.ui.eventList.row(item))
        self.recompute()

    def events(self) -> list[Event]:
        return [self.ui.eventList.item(i).data(EVENT_ROLE) for i in range(self.ui.eventList.count())]

    def recompute(self) -> None:
        received = picked(self.ui.receivedEdit)
        today = picked(self.ui.todayEdit)
        try:
            result = compute_clock(received, self.events(), self.calendar, today, allow_future=True)
        except ClockError as exc:
            self.ui.resultLabel.setProperty("role", "error")
            self.ui.resultLabel.setStyleSheet(f"color: {theme.OVERDUE.name()};")
            self.ui.resultLabel.setText(f"无法计算：{exc}")
            self.ui.trailText.setPlainText("")
            return
        self.ui.resultLabel.setStyleSheet("")
        if result.due is not None:
            head = f"答复期限：<b>{cn_date(result.due)}（{weekday_name(result.due)}）</b>"
        elif result.remaining == 0:
            head = (f"<b>暂停计时中</b>：最后一个工作日当日暂停，{result.used}个工作日已用完；"
                    "暂停结束之日即为答复期限")
        elif result.remaining is not None:
            head = f"<b>暂停计时中</b>：已用{result.used}个工作日，恢复计时后剩余{result.remaining}个工作日"
        else:
            head = "<b>等待补正</b>：收到补正后重新计算20个工作日"
        if result.lapse_prompt:
            head += f"<br><span style='color:{theme.OVERDUE.name()}'>{result.lapse_prompt}</span>"
        colour = theme.STATUS_COLOURS[result.status.value].name()
        parts = [head, f"状态：<span style='color:{colour}'>{result.status.value}</span>"]
        if result.provisional:
            years = "、".join(f"{y}年" for y in result.unknown_years)
            parts.append(f"<span style='color:{theme.DUE_SOON.name()}'>⚠ 暂定：{years}尚无国务院节假日安排</span>")
        subs = "；".join(f"{k}：{cn_date(v)}" for k, v in result.sub_deadlines.items() if k != "答复期限")
        text = "　".join(parts) + (f"<br>{subs}" if subs else "")
        for w in result.warnings:
            text += f"<br><span style='color:{theme.DUE_SOON.name()}'>注意：{w}</span>"
        self.ui.resultLabel.setText(text)
        self.ui.trailText.setPlainText("\n".join(result.trail))
