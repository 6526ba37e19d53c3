"""Small widgets shared by several pages: page titles, warning banners, count cards."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, QRect, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QGuiApplication, QValidator
from PySide6.QtWidgets import (
    QCalendarWidget,
    QComboBox,
    QDateEdit,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from ...core.typed_dates import TypedDateError, parse_typed_date
from ...storage.applications_repo import DueChange
from ...storage.ledger import Ledger


def available_geometry(widget: QWidget | None = None) -> QRect:
    """The part of the widget's screen (or the primary screen) not taken by taskbars and panels."""
    screen = widget.screen() if widget is not None else None
    screen = screen or QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else QRect(0, 0, 1024, 728)


def fit_to_screen(widget: QWidget, available: QRect | None, width: int, height: int) -> None:
    """Resize to width×height but never beyond the available screen (1024×768 with a taskbar must work)."""
    area = available if available is not None else available_geometry(widget)
    widget.resize(min(width, area.width()), min(height, area.height()))


def clamp_to(widget: QWidget, available: QRect | None = None) -> None:
    """Keep a top-level window (restored from the settings) inside the available screen area."""
    if widget.isMaximized() or widget.isFullScreen():
        return
    area = available if available is not None else available_geometry(widget)
    frame, inner = widget.frameGeometry(), widget.geometry()
    extra_w, extra_h = frame.width() - inner.width(), frame.height() - inner.height()
    width = min(inner.width(), area.width() - extra_w)
    height = min(inner.height(), area.height() - extra_h)
    widget.resize(max(width, 1), max(height, 1))
    x = min(max(frame.x(), area.left()), area.right() + 1 - width - extra_w)
    y = min(max(frame.y(), area.top()), area.bottom() + 1 - height - extra_h)
    widget.move(x, y)


def qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def picked(edit: QDateEdit) -> date:
    """The date in a date field, as a Python date."""
    d = edit.date()
    return date(d.year(), d.month(), d.day())


class DateEdit(QDateEdit):
    """A date field that takes dates as officers type them (2026-10-14, 20261014, 2026/10/14, 10月14日: see
    core.typed_dates), exactly or not at all: a text that is no date, or outside the allowed range, is refused
    with a message and the previous date kept. F4 or Alt+↓ opens the calendar (issue 28 #7)."""

    refused = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.problem = ""
        self.calendar_popup: QCalendarWidget | None = None
        self.lineEdit().editingFinished.connect(self._commit_typed)

    def validate(self, text: str, pos: int):
        if len(text) > 20:
            return QValidator.State.Invalid, text, pos
        return QValidator.State.Intermediate, text, pos  # anything while typing; decided when done

    def _commit_typed(self) -> None:
        text = self.lineEdit().text()
        if text == self.date().toString(self.displayFormat()):
            return
        try:
            day = parse_typed_date(text, date.today())
        except TypedDateError as exc:
            self._refuse(str(exc))
            return
        q = qdate(day)
        if q < self.minimumDate() or q > self.maximumDate():
            low, high = self.minimumDate().toString("yyyy-MM-dd"), self.maximumDate().toString("yyyy-MM-dd")
            self._refuse(f"{day.isoformat()} 不在可填写的范围（{low} 至 {high}）内。")
            return
        self.problem = ""
        self.setDate(q)
        self.lineEdit().setText(q.toString(self.displayFormat()))

    def _refuse(self, message: str) -> None:
        self.problem = message
        self.lineEdit().setText(self.date().toString(self.displayFormat()))
        QToolTip.showText(self.mapToGlobal(self.rect().bottomLeft()), message, self)
        self.refused.emit(message)

    def focusOutEvent(self, event) -> None:
        self._commit_typed()
        super().focusOutEvent(event)

    def keyPressEvent(self, event) -> None:
        key, alt = event.key(), bool(event.modifiers() & Qt.KeyboardModifier.AltModifier)
        if key == Qt.Key.Key_F4 or (alt and key == Qt.Key.Key_Down):
            self.show_calendar()
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._commit_typed()
        super().keyPressEvent(event)

    def show_calendar(self) -> QCalendarWidget:
        """The calendar under the field, from the keyboard too; Enter or a click takes the day."""
        popup = QCalendarWidget(self)
        popup.setWindowFlags(Qt.WindowType.Popup)
        popup.setMinimumDate(self.minimumDate())
        popup.setMaximumDate(self.maximumDate())
        popup.setSelectedDate(self.date())

        def take(d: QDate) -> None:
            self.setDate(d)
            popup.close()

        popup.activated.connect(take)
        popup.clicked.connect(take)
        popup.move(self.mapToGlobal(self.rect().bottomLeft()))
        popup.show()
        popup.setFocus()
        self.calendar_popup = popup
        return popup


def date_edit(day: date | None = None) -> QDateEdit:
    """A keyboard-friendly date field: yyyy-MM-dd, typed in any usual form, with a calendar popup."""
    field = DateEdit()
    field.setCalendarPopup(False)  # our own popup (F4 / Alt+↓), not Qt's section-bound one
    field.setDisplayFormat("yyyy-MM-dd")
    if day is not None:
        field.setDate(qdate(day))
    return field


def audit_line(entry: dict) -> str:
    """One audit-log entry as a line in a detail panel: time, action, who."""
    who = entry["operator"] or entry["os_user"] or ""
    return f"{entry['at'].replace('T', ' ')}　{entry['action']}" + (f"（{who}）" if who else "")


def title_label(text: str) -> QLabel:
    label = QLabel(text)
    label.setProperty("role", "title")
    return label


def ok_cancel_buttons(ok_text: str, accept: Callable[[], object], reject: Callable[[], object]) -> QDialogButtonBox:
    """A dialog's 确定/取消 row with the 确定 button named for what it does (保存, 生成, 登记 …)."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert ok is not None
    ok.setText(ok_text)
    buttons.accepted.connect(accept)
    buttons.rejected.connect(reject)
    return buttons


def error_label(text: str = "") -> QLabel:
    """The line under a form that says, in red, why it was not saved (role "error", wrapped)."""
    label = QLabel(text)
    label.setProperty("role", "error")
    label.setWordWrap(True)
    return label


def warning_label(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setProperty("role", "warning")
    label.setWordWrap(True)
    label.setVisible(bool(text))
    return label


class CountCard(QFrame):
    """A number with a caption, e.g. 已逾期 3."""

    def __init__(self, caption: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setProperty("role", "card")
        layout = QVBoxLayout(self)
        self.value = QLabel("0")
        self.value.setProperty("role", "cardValue")
        self.caption = QLabel(caption)
        self.caption.setProperty("role", "cardLabel")
        self.caption.setWordWrap(True)  # "5个工作日内到期" takes two lines when eight cards share a 1024-pixel screen
        layout.addWidget(self.value)
        layout.addWidget(self.caption)
        self.setMinimumWidth(92)

    def set_value(self, n: int, colour: str | None = None) -> None:
        self.value.setText(str(n))
        self.value.setStyleSheet(f"color: {colour};" if colour and n else "")


def show_due_changes(parent: QWidget, changes: list[DueChange], what: str) -> None:
    if not changes:
        QMessageBox.information(parent, "已保存", f"{what}。没有申请的答复期限因此改变。")
        return
    box = QMessageBox(QMessageBox.Icon.Information, "已保存",
                      f"{what}。{len(changes)}件未办结申请的答复期限随之调整，明细见下方（已记入操作日志）。",
                      QMessageBox.StandardButton.Ok, parent)
    box.setDetailedText("\n".join(c.text() for c in changes))
    box.exec()


def open_path(parent: QWidget | None, path: Path) -> bool:
    """Open a file or folder with the system's program; when none opens it (no Word/WPS, no PDF reader), say so
    in Chinese with the path instead of failing silently (issue 28)."""
    if QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
        return True
    box = QMessageBox(QMessageBox.Icon.Warning, "无法打开", f"本机没有能打开这个文件的程序，或打开失败：\n{path}\n\n"
                      "请安装 Word/WPS（PDF 阅读器），或到所在文件夹中用其他程序打开。", QMessageBox.StandardButton.Ok,
                      parent)
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return False


def show_saved_file(parent: QWidget, title: str, text: str, path: Path) -> QMessageBox:
    """“已导出” with 打开文件 / 打开所在文件夹 / 关闭. Opened window-modal without blocking; returns the box."""
    box = QMessageBox(QMessageBox.Icon.Information, title, text, QMessageBox.StandardButton.NoButton, parent)
    open_file = box.addButton("打开文件", QMessageBox.ButtonRole.ActionRole)
    open_folder = box.addButton("打开所在文件夹", QMessageBox.ButtonRole.ActionRole)
    box.addButton("关闭", QMessageBox.ButtonRole.RejectRole)

    def clicked(button) -> None:
        if button is open_file:
            open_path(parent, path)
        elif button is open_folder:
            open_path(parent, path if path.is_dir() else path.parent)

    box.buttonClicked.connect(clicked)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box


def page_header(title: str, *right: QWidget) -> QHBoxLayout:
    """A page title on the left and the page's controls on the right."""
    row = QHBoxLayout()
    row.addWidget(title_label(title))
    row.addStretch()
    for widget in right:
        row.addWidget(widget)
    return row


class YearCombo(QComboBox):
    """年度 selector that keeps the chosen year across refreshes; `yearChanged` fires on user choice only."""

    yearChanged = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAccessibleName("年度")
        self.currentIndexChanged.connect(lambda _i: self.yearChanged.emit())

    def set_years(self, years: list[int], default: int | None = None, label=lambda y: f"{y}年") -> None:
        current = self.currentData()
        self.blockSignals(True)
        self.clear()
        for y in years:
            self.addItem(label(y), y)
        keep = current if current in years else default if default in years else None
        self.setCurrentIndex(years.index(keep) if keep is not None else 0)
        self.blockSignals(False)

    def year(self) -> int | None:
        return self.currentData()


class LedgerPage(QWidget):
    """Base of the main window's pages: the open ledger, a 'today' provider, a vertical layout, refresh();
    `countsChanged` when applications or tasks were added or removed (the status bar's counts follow)."""

    countsChanged = Signal()

    def __init__(self, ledger: Ledger, today: Callable[[], date], parent: QWidget | None = None):
        super().__init__(parent)
        self.ledger = ledger
        self.today = today
        self.page_layout = QVBoxLayout(self)

    def refresh(self) -> None:
        raise NotImplementedError


def installed_families() -> list[str]:
    """The font families installed on this machine (for choosing the letters' fonts, documents.gbt9704)."""
    from PySide6.QtGui import QFontDatabase

    return list(QFontDatabase.families())
