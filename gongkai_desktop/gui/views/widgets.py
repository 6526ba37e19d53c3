"""Small widgets shared by several pages: page titles, warning banners, count cards."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from ...storage.applications_repo import DueChange
from ...storage.ledger import Ledger


def qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def picked(edit: QDateEdit) -> date:
    """The date in a date field, as a Python date."""
    d = edit.date()
    return date(d.year(), d.month(), d.day())


def date_edit(day: date | None = None) -> QDateEdit:
    """A keyboard-friendly date field: yyyy-MM-dd, with a calendar popup."""
    field = QDateEdit()
    field.setCalendarPopup(True)
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
        layout.addWidget(self.value)
        layout.addWidget(self.caption)
        self.setMinimumWidth(120)

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


def show_saved_file(parent: QWidget, title: str, text: str, path: Path) -> QMessageBox:
    """“已导出” with 打开文件 / 打开所在文件夹 / 关闭. Opened window-modal without blocking; returns the box."""
    box = QMessageBox(QMessageBox.Icon.Information, title, text, QMessageBox.StandardButton.NoButton, parent)
    open_file = box.addButton("打开文件", QMessageBox.ButtonRole.ActionRole)
    open_folder = box.addButton("打开所在文件夹", QMessageBox.ButtonRole.ActionRole)
    box.addButton("关闭", QMessageBox.ButtonRole.RejectRole)

    def clicked(button) -> None:
        if button is open_file:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
        elif button is open_folder:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent)))

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
    """Base of the main window's pages: the open ledger, a 'today' provider, a vertical layout, refresh()."""

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
