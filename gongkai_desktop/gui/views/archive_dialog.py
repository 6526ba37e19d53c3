"""The 归档 dialog of one case: the checklist with its gaps, the 归档类别 of each attachment, the 档号 and
保管期限 it will get, and the 归档 / 撤销归档 buttons (the same checks as `gongkai archive`)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...core.archive import ATTACHMENT_CLASSES, RETENTIONS, ArchiveError
from ...services.archive import ArchiveService
from ...storage.ledger import Ledger

NO_CLASS = "（未设定）"


class ArchiveDialog(QDialog):
    def __init__(self, ledger: Ledger, no: str, today: date, parent: QWidget | None = None):
        super().__init__(parent)
        self.ledger, self.no, self.today = ledger, no, today
        self.service = ArchiveService(ledger)
        self.setWindowTitle(f"归档 — {no}")
        self.resize(720, 560)
        layout = QVBoxLayout(self)
        self.state = QLabel()
        self.state.setWordWrap(True)
        layout.addWidget(self.state)
        layout.addWidget(QLabel("应归档的材料（国家档案局令第8号；DA/T 22-2015）："))
        self.items = QListWidget()
        layout.addWidget(self.items, 2)
        layout.addWidget(QLabel("附件的归档类别（申请表、补正材料、邮寄凭证等扫描件须设定类别才能计入）："))
        self.attachments = QTableWidget(0, 2)
        self.attachments.setHorizontalHeaderLabels(["附件", "归档类别"])
        self.attachments.horizontalHeader().setStretchLastSection(True)
        self.attachments.setColumnWidth(0, 360)
        layout.addWidget(self.attachments, 1)
        form = QFormLayout()
        self.retention = QComboBox()
        self.retention.addItems(RETENTIONS)
        self.retention.currentTextChanged.connect(lambda _t: self._preview())
        self.day = QDateEdit(QDate(today.year, today.month, today.day))
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd")
        self.day.dateChanged.connect(lambda _d: self._preview())
        self.file_no = QLabel()
        form.addRow("保管期限", self.retention)
        form.addRow("归档日期", self.day)
        form.addRow("档号", self.file_no)
        layout.addLayout(form)
        self.message = QLabel()  # the outcome of the last action (refusals in Chinese)
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #a40000;")
        layout.addWidget(self.message)
        buttons = QHBoxLayout()
        self.archive_button = QPushButton("归档")
        self.archive_button.clicked.connect(self.archive)
        self.undo_button = QPushButton("撤销归档…")
        self.undo_button.clicked.connect(self.undo)
        buttons.addWidget(self.archive_button)
        buttons.addWidget(self.undo_button)
        buttons.addStretch()
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        self.refresh(initial=True)

    def _day(self) -> date:
        d = self.day.date()
        return date(d.year(), d.month(), d.day())

    def refresh(self, initial: bool = False) -> None:
        plan = self.service.plan(self.no, self.today)
        if initial:
            self.retention.blockSignals(True)
            self.retention.setCurrentText(plan.retention)
            self.retention.blockSignals(False)
        self.items.clear()
        for problem in plan.checklist.problems:
            self.items.addItem(QListWidgetItem(f"✗ {problem}"))
        for item in plan.checklist.items:
            self.items.addItem(QListWidgetItem(
                f"{'✓' if item.satisfied else '✗'} {item.title}：{item.by if item.satisfied else item.missing}"))
        archived = plan.archived is not None
        app = self.ledger.applications.get(self.no)
        rows = self.ledger.attachments.for_application(app["id"]) if app else []
        self.attachments.setRowCount(0)  # drop the old class pickers before new ones are placed
        self.attachments.setRowCount(len(rows))
        for i, row in enumerate(rows):
            self.attachments.setItem(i, 0, QTableWidgetItem(row["name"]))
            combo = QComboBox()
            combo.addItems([NO_CLASS, *ATTACHMENT_CLASSES])
            combo.setCurrentText(row.get("archive_class") or NO_CLASS)
            combo.setEnabled(not archived)
            combo.currentTextChanged.connect(lambda text, rid=row["id"]: self._set_class(rid, text))
            self.attachments.setCellWidget(i, 1, combo)
        for w in (self.retention, self.day, self.archive_button):
            w.setEnabled(not archived)
        self.undo_button.setEnabled(archived)
        if plan.archived is not None:
            self.state.setText(f"本件已于{plan.archived['day']}归档，档号 {plan.file_no}，保管期限 {plan.retention}。"
                               "归档后本件只读；如需修改，先撤销归档并写明原因。")
            self.file_no.setText(plan.file_no)
        else:
            gaps = plan.checklist.gaps
            self.state.setText("材料齐全，可以归档。" if not gaps else f"还缺{len(gaps)}项，补齐后才能归档。")
            self.archive_button.setEnabled(not gaps and not plan.number_problem)
            self._preview()

    def _preview(self) -> None:
        try:
            plan = self.service.plan(self.no, self.today, self.retention.currentText(), self._day())
        except ArchiveError as exc:
            self.file_no.setText(str(exc))
            return
        if plan.number_problem:
            self.file_no.setText(plan.number_problem)
        elif plan.archived is None:
            self.file_no.setText(plan.file_no + "（预览，归档时编定）")

    def _set_class(self, attachment_id: int, text: str) -> None:
        try:
            self.service.set_class(self.no, attachment_id, None if text == NO_CLASS else text)
        except ArchiveError as exc:
            self.message.setText(str(exc))
        QTimer.singleShot(0, self.refresh)  # not while the picker that changed is still emitting

    def archive(self) -> bool:
        try:
            plan = self.service.archive(self.no, self.today, self.retention.currentText(), self._day())
        except ArchiveError as exc:
            self.message.setText(str(exc))
            return False
        self.refresh()
        self.message.setText(f"{self.no} 已归档，档号 {plan.file_no}。")
        return True

    def undo(self, reason: str | None = None) -> bool:
        if reason is None:
            reason, ok = QInputDialog.getText(self, "撤销归档", "撤销归档的原因（记入操作日志）：")
            if not ok:
                return False
        try:
            self.service.undo(self.no, reason)
        except ArchiveError as exc:
            self.message.setText(str(exc))
            return False
        self.refresh(initial=True)
        self.message.setText("已撤销归档，原因已记入操作日志。")
        return True
