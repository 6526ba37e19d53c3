"""通报: the summary of one 报送期次 — who reported, each unit's tasks by state, overdue items — as Word (GB/T 9704)
and Excel, written in the background (a plan of thousands of tasks takes a moment)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QThread
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ...documents.feedback_xlsx import safe_file_name
from ...services.supervision import SupervisionService
from .ledger_worker import LedgerWorker, start_worker
from .widgets import date_edit, picked


class BulletinDialog(QDialog):
    def __init__(self, service: SupervisionService, year: int, today: date, parent: QWidget | None = None):
        super().__init__(parent)
        self.service, self.year, self.today = service, year, today
        self.written: list[Path] = []
        self.thread: QThread | None = None  # type: ignore[assignment]  # shadows QObject.thread() (unused); rename once the branches are merged
        self.worker: LedgerWorker | None = None
        self.setWindowTitle("落实情况通报")
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        layout.addLayout(form)
        self.period = QComboBox()
        for r in service.units.rounds(year):
            self.period.addItem(f"{r['period']}（报送截止{r['due']}，已报送{r['n_reported']}/{r['n_units']}）", r["period"])
        form.addRow("报送期次", self.period)
        self.as_of = date_edit(today)
        form.addRow("统计截至", self.as_of)
        self.issued = date_edit(today)
        form.addRow("成文日期", self.issued)
        folder = service.output_folder(year, "通报")
        self.folder = QLineEdit(str(folder) if folder else "")
        form.addRow("保存到文件夹", self.folder)
        self.want_docx = QCheckBox("Word 通报（.docx）")
        self.want_docx.setChecked(True)
        self.want_xlsx = QCheckBox("Excel 汇总表（.xlsx）")
        self.want_xlsx.setChecked(True)
        form.addRow("生成", self.want_docx)
        form.addRow("", self.want_xlsx)
        self.message = QLabel("" if self.period.count() else "还没有发起过落实情况报送：请先“导出反馈表…”。")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        buttons = QDialogButtonBox()
        self.ok = buttons.addButton("生成通报", QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok.setEnabled(self.period.count() > 0)
        buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole).clicked.connect(self.reject)
        self.ok.clicked.connect(self.make)
        layout.addWidget(buttons)

    def make(self) -> bool:
        period = self.period.currentData()
        if not period or not self.folder.text().strip():
            self.message.setText("请选择报送期次和保存文件夹。")
            return False
        folder = Path(self.folder.text().strip())
        stem = f"关于{safe_file_name(period)}政务公开工作要点落实情况的通报"
        docx = folder / f"{stem}.docx" if self.want_docx.isChecked() else None
        xlsx = folder / f"{stem}.xlsx" if self.want_xlsx.isChecked() else None
        if docx is None and xlsx is None:
            self.message.setText("请至少选择一种文件。")
            return False
        if self.service.ledger.path is None:
            self.message.setText("内存台账不能生成通报。")
            return False
        year, as_of, issued, templates = self.year, picked(self.as_of), picked(self.issued), self.service.templates

        def job(ledger, _progress):
            folder.mkdir(parents=True, exist_ok=True)
            return SupervisionService(ledger, templates).bulletin(year, period, as_of, docx, xlsx, issued)

        self.ok.setEnabled(False)
        self.message.setText("正在生成通报…")
        self.pending = [p for p in (docx, xlsx) if p]
        self.thread, self.worker = start_worker(self, self.service.ledger.path, job, lambda *_a: None, self._finished)
        return True

    def _finished(self, data, error: str) -> None:
        self.worker = None
        if error:
            self.message.setText(error)
            self.ok.setEnabled(True)
            return
        self.written = self.pending
        self.message.setText(data["summary"] + "\n已生成：" + "；".join(str(p) for p in self.written))
