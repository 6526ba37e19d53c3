"""Edit one calendar day by hand (working day / rest day / back to official), with a required reason."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from ...core.workdays import WorkCalendar, cn_date, weekday_name


class DayEditDialog(QDialog):
    def __init__(self, day: date, calendar: WorkCalendar, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("修改日历")
        self.day = day
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"{cn_date(day)}（{weekday_name(day)}）　当前：{calendar.describe(day)}"))
        self.workday = QRadioButton("设为工作日")
        self.rest = QRadioButton("设为休息日")
        self.clear = QRadioButton("恢复为官方安排")
        group = QButtonGroup(self)
        for b in (self.workday, self.rest, self.clear):
            group.addButton(b)
            layout.addWidget(b)
        (self.rest if calendar.is_workday(day) else self.workday).setChecked(True)
        self.clear.setEnabled(day in calendar.overrides)
        form = QFormLayout()
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("如：市政府通知因灾停工")
        form.addRow("修改原因", self.reason)
        layout.addLayout(form)
        self.error = QLabel("")
        self.error.setProperty("role", "error")
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def value(self) -> bool | None:
        if self.clear.isChecked():
            return None
        return self.workday.isChecked()

    def _accept(self) -> None:
        if self.value() is not None and not self.reason.text().strip():
            self.error.setText("请填写修改原因，它将记入操作日志。")
            self.reason.setFocus()
            return
        self.accept()
