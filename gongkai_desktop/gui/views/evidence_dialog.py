"""证据记录: the 检索记录, 沟通记录 and 提供信息清单 of one application (domain.md §8.4) — listed with what a court
would find missing, added through CaseRecordDialog, voided with a reason (kept and audited, never deleted)."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...core.case_records import RECORD_KINDS, RecordError
from ...services.case import CaseService
from ...storage.ledger import Ledger
from .case_record_dialog import CaseRecordDialog
from .widgets import warning_label


class EvidenceDialog(QDialog):
    def __init__(self, ledger: Ledger, no: str, today: date, parent: QWidget | None = None):
        super().__init__(parent)
        self.service, self.no, self.today = CaseService(ledger), no, today
        self.setWindowTitle(f"检索、沟通记录和提供信息清单 — {no}")
        self.resize(760, 440)
        layout = QVBoxLayout(self)
        intro = QLabel("答复“信息不存在”等须有充分、合理的检索（指导案例101号）；申请内容不明确的须指导和释明（条例第30条）；"
                       "提供的信息应列出清单（法释〔2025〕8号）。记录不能修改，登记错误的可作废（须写原因）。")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.warnings = warning_label()
        layout.addWidget(self.warnings)
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(["日期", "记录", "内容"])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.setWordWrap(True)
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.add_buttons: dict[str, QPushButton] = {}
        for kind, spec in RECORD_KINDS.items():
            button = QPushButton(f"登记{spec.label}…")
            button.clicked.connect(lambda _=False, k=kind: self.add(k))
            self.add_buttons[kind] = button
            row.addWidget(button)
        self.void_button = QPushButton("作废…")
        self.void_button.clicked.connect(self.void)
        row.addWidget(self.void_button)
        row.addStretch()
        layout.addLayout(row)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.records: list[dict] = []
        self.refresh()

    def refresh(self) -> None:
        view = self.service.view(self.no, self.today)
        self.records = view.records
        self.table.setRowCount(len(self.records))
        for r, rec in enumerate(self.records):
            for c, text in enumerate((rec["date"], rec["label"], rec["text"])):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(r, c, item)
        self.table.resizeRowsToContents()
        self.warnings.setText("\n".join(view.warnings))
        self.warnings.setVisible(bool(view.warnings))
        self.void_button.setEnabled(bool(self.records))

    def add(self, kind: str) -> CaseRecordDialog:
        dialog = CaseRecordDialog(self.service, self.no, kind, self.today, self)
        dialog.accepted.connect(self.refresh)
        dialog.open()
        return dialog

    def void(self, reason: str | None = None) -> bool:
        row = self.table.currentRow()
        if not 0 <= row < len(self.records):
            QMessageBox.information(self, "作废记录", "请先选择要作废的记录。")
            return False
        rec = self.records[row]
        if reason is None:
            reason, ok = QInputDialog.getText(self, "作废记录", f"作废{rec['label']}（{rec['date']}）的原因：")
            if not ok:
                return False
        try:
            self.service.void_record(self.no, rec["id"], reason)
        except RecordError as exc:
            QMessageBox.warning(self, "不能作废", str(exc))
            return False
        self.refresh()
        return True


def open_evidence_dialog(parent: QWidget, ledger: Ledger, no: str, today: date) -> EvidenceDialog:
    """What the detail panel calls for “证据记录…” (non-modal; reload the panel on `finished`)."""
    dialog = EvidenceDialog(ledger, no, today, parent)
    dialog.open()
    return dialog
