"""导出反馈表: one 落实情况反馈表 (.xlsx) per 责任单位 for a 报送期次 with its 报送 date, written in the background
with progress and cancel."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...documents.feedback_xlsx import safe_file_name
from ...services.supervision import SupervisionService
from ..ops import Operation, run_job
from . import file_dialogs
from .widgets import date_edit, picked


def default_period(today: date) -> str:
    """The quarter just ended (reports are collected after it): 2026年第三季度 in October."""
    quarter = (today.month - 1) // 3  # 0 in Q1 → last year's 第四季度
    names = "一二三四"
    return f"{today.year - 1}年第四季度" if quarter == 0 else f"{today.year}年第{names[quarter - 1]}季度"


class FeedbackExportDialog(QDialog):
    def __init__(self, service: SupervisionService, year: int, today: date, parent: QWidget | None = None):
        super().__init__(parent)
        self.service, self.year, self.today = service, year, today
        self.files: list[Path] = []
        self.problems: list[str] = []
        self.worker: Operation | None = None  # the running job
        self.setWindowTitle(f"导出{year}年工作要点落实情况反馈表")
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        layout.addLayout(form)
        self.period = QLineEdit(default_period(today))
        form.addRow("报送期次", self.period)
        self.due = date_edit(today + timedelta(days=10))
        form.addRow("报送截止日期", self.due)
        row = QHBoxLayout()
        folder = service.output_folder(year, "反馈表")
        self.folder = QLineEdit(str(folder) if folder else "")
        browse = QPushButton("浏览…")
        browse.clicked.connect(self._browse)
        row.addWidget(self.folder, 1)
        row.addWidget(browse)
        form.addRow("保存到文件夹", row)
        self.units = QListWidget()
        for unit in service.units.unit_names(year):
            item = QListWidgetItem(unit)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.units.addItem(item)
        self.units.setMaximumHeight(160)
        form.addRow(f"责任单位（{self.units.count()}个）", self.units)
        note = QLabel("每个单位一个文件，列出写明该单位的任务；任务、单位列已锁定，单位只需填写完成状态、落实情况、"
                      "佐证材料和报送日期。收回后用“导入反馈表…”读入。")
        note.setWordWrap(True)
        layout.addWidget(note)
        self.bar = QProgressBar()
        self.bar.setRange(0, max(1, self.units.count()))
        self.bar.setValue(0)
        layout.addWidget(self.bar)
        self.status = QLabel()
        layout.addWidget(self.status)
        self.log = QPlainTextEdit()
        self.log.setReadOnly(True)
        self.log.setFixedHeight(100)
        layout.addWidget(self.log)
        self.buttons = QDialogButtonBox()
        self.start_button = self.buttons.addButton("导出", QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        self.start_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self.cancel)
        layout.addWidget(self.buttons)

    def chosen_units(self) -> list[str]:
        return [self.units.item(i).text() for i in range(self.units.count())
                if self.units.item(i).checkState() == Qt.CheckState.Checked]

    def _browse(self) -> None:
        name = file_dialogs.get_existing_directory(self, "选择文件夹", self.folder.text())
        if name:
            self.folder.setText(name)

    def start(self) -> None:
        period, units = self.period.text().strip(), self.chosen_units()
        if not period:
            self.status.setText("请填写报送期次，如 2026年第三季度。")
            return
        if not units:
            self.status.setText("请至少选择一个单位。")
            return
        if self.service.ledger.path is None or not self.folder.text().strip():
            self.status.setText("请选择保存反馈表的文件夹。")
            return
        folder = Path(self.folder.text().strip()) / safe_file_name(period)
        due, year, templates = picked(self.due), self.year, self.service.templates
        self.bar.setRange(0, len(units))
        self.start_button.setEnabled(False)

        def job(ledger, progress):
            return SupervisionService(ledger, templates).export_feedback(year, period, due, folder, units, progress)

        self.worker = run_job(self, "导出反馈表", self.service.ledger, job, self._progress, self._finished)

    def _progress(self, done: int, total: int, unit: str) -> None:
        self.bar.setValue(done)
        self.status.setText(f"正在导出 {unit}（{done + 1}/{total}）…" if unit else "完成。")

    def _finished(self, result, error: str) -> None:
        self.worker = None
        self.files, self.problems = result if result else ([], [error])
        self.bar.setValue(len(self.files))
        self.log.setPlainText("\n".join([str(f) for f in self.files] + self.problems))
        self.status.setText(f"已导出{len(self.files)}个单位的反馈表" + (f"；{self.problems[0]}" if self.problems else "。"))
        self.cancel_button.setText("关闭")

    def cancel(self) -> None:
        if self.worker is not None:
            self.worker.cancel()
            self.status.setText("正在取消…")
            return
        self.accept() if self.files else self.reject()

    def running(self) -> bool:
        return self.worker is not None and self.worker.running()
