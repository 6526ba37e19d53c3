"""Export a year's archived cases for the 档案室 (文件 → 导出归档文件…): runs off the GUI thread on its own
ledger connection, with progress and cancel; nothing half-exported is left behind."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ...services.archive_export import ExportCancelled, export
from ...storage.ledger import Ledger
from ..ops import Operation, run_job
from . import file_dialogs


def _job(year: int, out: Path):
    def job(ledger: Ledger, progress) -> Any:
        try:
            return export(ledger, out, year=year, progress=lambda done, total: progress(done, total, ""))
        except ExportCancelled:
            return None
    return job


class ArchiveExportDialog(QDialog):
    def __init__(self, ledger: Ledger, today: date, parent: QWidget | None = None):
        super().__init__(parent)
        self.ledger = ledger
        self.worker: Operation | None = None  # the running export
        self.setWindowTitle("导出归档文件")
        self.resize(620, 420)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.year = QSpinBox()
        self.year.setRange(2008, 2100)
        self.year.setValue(today.year)
        self.year.valueChanged.connect(lambda _v: self._count())
        self.folder = QLineEdit()
        choose = QPushButton("选择…")
        choose.clicked.connect(self._choose)
        row = QHBoxLayout()
        row.addWidget(self.folder, 1)
        row.addWidget(choose)
        form.addRow("归档年度", self.year)
        form.addRow("导出到", row)
        layout.addLayout(form)
        self.count = QLabel()
        layout.addWidget(self.count)
        self.bar = QProgressBar()
        layout.addWidget(self.bar)
        self.report = QPlainTextEdit()
        self.report.setReadOnly(True)
        layout.addWidget(self.report, 1)
        buttons = QHBoxLayout()
        self.start_button = QPushButton("导出")
        self.start_button.clicked.connect(self.start)
        self.cancel_button = QPushButton("取消导出")
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.cancel)
        close = QPushButton("关闭")
        close.clicked.connect(self.reject)
        buttons.addStretch()
        for b in (self.start_button, self.cancel_button, close):
            buttons.addWidget(b)
        layout.addLayout(buttons)
        self._count()

    def _count(self) -> None:
        n = len(self.ledger.archives.for_year(self.year.value()))
        self.count.setText(f"{self.year.value()}年度已归档 {n} 件。每件一个文件夹（文件、卷内目录、合并PDF），"
                           "另附年度归档文件目录。")

    def _choose(self) -> None:
        name = file_dialogs.get_existing_directory(self, "选择导出文件夹", self.folder.text())
        if name:
            self.folder.setText(name)

    def start(self) -> bool:
        if not self.folder.text().strip():
            self.report.setPlainText("请先选择导出文件夹。")
            return False
        if self.ledger.path is None:  # the worker opens its own connection to the ledger's file
            self.report.setPlainText("内存中的台账没有文件，不能在后台导出。请先把台账保存为文件。")
            return False
        self.start_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.report.setPlainText("正在导出…")
        self.worker = run_job(self, "导出归档文件", self.ledger, _job(self.year.value(),
                                                Path(self.folder.text().strip())), self._progress, self._done)
        return True

    def cancel(self) -> None:
        if self.worker is not None:
            self.worker.cancel()
            self.report.setPlainText("正在取消…")

    def _progress(self, done: int, total: int, _what: str) -> None:
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(done)

    def _done(self, result: Any, error: str) -> None:
        self.start_button.setEnabled(True)
        self.cancel_button.setEnabled(False)
        if error:
            self.report.setPlainText(f"导出失败：{error}")
        elif result is None:
            self.report.setPlainText("已取消导出，未留下未完成的文件。")
        else:
            lines = [f"已导出 {len(result.cases)} 件到 {result.folder}，共 {sum(result.pages.values())} 页。"]
            if result.not_converted:
                lines.append("以下文件未能转换为PDF（已原样复制，并在卷内目录备注中注明）：")
                lines += ["  " + x for x in result.not_converted]
            self.report.setPlainText("\n".join(lines))

    def done(self, code: int) -> None:  # noqa: D401 - wait for the worker before closing
        if self.worker is not None and self.worker.running():
            self.cancel()
            self.worker.wait(600_000)  # it stops after the case being written (its folder is removed)
        super().done(code)
