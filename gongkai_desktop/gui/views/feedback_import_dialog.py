"""导入反馈表: read the 落实情况反馈表 units sent back (any order, again if re-sent), in the background with
progress and cancel; each file is all or nothing and every problem is listed in Chinese."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...core.errors import DomainError
from ...services.supervision import FeedbackImport, SupervisionService
from ..ops import Operation, run_job
from . import file_dialogs


class FeedbackImportDialog(QDialog):
    def __init__(self, service: SupervisionService, year: int, today: date, parent: QWidget | None = None):
        super().__init__(parent)
        self.service, self.year, self.today = service, year, today
        self.paths: list[Path] = []
        self.results: list[FeedbackImport] = []
        self.worker: Operation | None = None  # the running job
        self.setWindowTitle("导入落实情况反馈表")
        self.setMinimumWidth(620)
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        add_files = QPushButton("添加文件…")
        add_files.clicked.connect(self._add_files)
        add_folder = QPushButton("添加文件夹…")
        add_folder.clicked.connect(self._add_folder)
        row.addWidget(QLabel("各单位填好的反馈表（顺序不限，重复导入不会重复记录）："), 1)
        row.addWidget(add_files)
        row.addWidget(add_folder)
        layout.addLayout(row)
        self.list = QListWidget()
        self.list.setMaximumHeight(150)
        layout.addWidget(self.list)
        self.bar = QProgressBar()
        self.bar.setValue(0)
        layout.addWidget(self.bar)
        self.status = QLabel()
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.log = QPlainTextEdit()
        self.log.setReadOnly(True)
        self.log.setMinimumHeight(140)
        layout.addWidget(self.log, 1)
        self.buttons = QDialogButtonBox()
        self.start_button = self.buttons.addButton("导入", QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        self.start_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self.cancel)
        layout.addWidget(self.buttons)

    def add_paths(self, paths: list[Path]) -> None:
        for p in paths:
            if p not in self.paths:
                self.paths.append(p)
                self.list.addItem(str(p))
        self.status.setText(f"已选择{len(self.paths)}个文件。")

    def _add_files(self) -> None:
        names, _ = file_dialogs.get_open_file_names(self, "选择反馈表", "", "Excel 工作簿 (*.xlsx)")
        self.add_paths([Path(n) for n in names])

    def _add_folder(self) -> None:
        name = file_dialogs.get_existing_directory(self, "选择存放反馈表的文件夹")
        if name:
            self.add_paths(sorted(Path(name).glob("*.xlsx")))

    def start(self) -> None:
        if not self.paths:
            self.status.setText("请先添加要导入的反馈表。")
            return
        if self.service.ledger.path is None:
            self.status.setText("内存台账不能导入反馈表。")
            return
        paths, today, templates = list(self.paths), self.today, self.service.templates
        self.bar.setRange(0, len(paths))
        self.start_button.setEnabled(False)

        def job(ledger, progress):
            return SupervisionService(ledger, templates).import_feedback(paths, today, progress)

        self.worker = run_job(self, "导入反馈表", self.service.ledger, job, self._progress, self._finished)

    def _progress(self, done: int, total: int, name: str) -> None:
        self.bar.setValue(done)
        self.status.setText(f"正在导入 {name}（{done + 1}/{total}）…" if name else "完成。")

    def _finished(self, results, error: str) -> None:
        self.worker = None
        self.results = results or []
        lines = [r.message() for r in self.results] + ([error] if error else [])
        failed = sum(1 for r in self.results if not r.ok)
        try:
            rnd, missing = self.service.missing(self.year)
            lines.append(f"{rnd['period']}（报送截止{rnd['due']}）尚未报送{len(missing)}个单位"
                         + (f"：{'、'.join(missing)}" if missing else "") + "。")
        except DomainError:  # no 报送期次 yet (TaskUnitError)
            pass
        self.log.setPlainText("\n".join(lines))
        self.status.setText(f"共{len(self.results)}个文件，导入{len(self.results) - failed}个"
                            + (f"，{failed}个未导入（原因见下）。" if failed else "。"))
        self.cancel_button.setText("关闭")

    def cancel(self) -> None:
        if self.worker is not None:
            self.worker.cancel()
            self.status.setText("正在取消…")
            return
        self.accept() if any(r.ok for r in self.results) else self.reject()

    def running(self) -> bool:
        return self.worker is not None and self.worker.running()
