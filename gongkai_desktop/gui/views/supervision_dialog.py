"""督办: the units behind schedule (tasks past their 完成时限 not finished, 反馈表 not sent by the 报送 date), and
督办通知 for the chosen ones — Word per GB/T 9704 from the editable template, each with a 督 文号 — made in the
background with progress and cancel."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...core.errors import DomainError
from ...documents.supervision_docs import NOTICE_SLUG
from ...services.supervision import MadeNotice, SupervisionService
from ..ops import Operation, run_job
from . import file_dialogs
from .widgets import date_edit, open_path, picked


class SupervisionDialog(QDialog):
    def __init__(self, service: SupervisionService, year: int, today: date, parent: QWidget | None = None):
        super().__init__(parent)
        self.service, self.year, self.today = service, year, today
        self.made: list[MadeNotice] = []
        self.worker: Operation | None = None  # the running job
        self.behind = service.behind(year, today)
        self.setWindowTitle(f"督办 — {year}年工作要点")
        self.setMinimumSize(760, 520)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"截至{today.isoformat()}，需督办的单位{len(self.behind)}个（勾选后生成督办通知）："))
        self.table = QTableWidget(len(self.behind), 3)
        self.table.setHorizontalHeaderLabels(["单位", "逾期未完成的任务", "未报送反馈表"])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        for r, e in enumerate(self.behind):
            unit = QTableWidgetItem(e["unit"])
            unit.setFlags(unit.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            unit.setCheckState(Qt.CheckState.Checked)
            self.table.setItem(r, 0, unit)
            tasks = "；".join(f"{t['code'] or ''}{t['title']}（{'、'.join(t['deadlines'])}）" for t in e["overdue"])
            detail = QTableWidgetItem(tasks or "—")
            detail.setToolTip(tasks)
            self.table.setItem(r, 1, detail)
            self.table.setItem(r, 2, QTableWidgetItem("、".join(x["period"] for x in e["missing_rounds"]) or "—"))
        layout.addWidget(self.table, 1)
        form = QFormLayout()
        layout.addLayout(form)
        self.issued = date_edit(today)
        form.addRow("成文日期", self.issued)
        self.reply_by = date_edit(service.ledger.calendar.load().add_workdays(today, 5))
        form.addRow("整改报送期限", self.reply_by)
        row = QHBoxLayout()
        folder = service.output_folder(year, "督办通知")
        self.folder = QLineEdit(str(folder / today.isoformat()) if folder else "")
        browse = QPushButton("浏览…")
        browse.clicked.connect(self._browse)
        row.addWidget(self.folder, 1)
        row.addWidget(browse)
        form.addRow("保存到文件夹", row)
        note_row = QHBoxLayout()
        note = QLabel("督办通知按 GB/T 9704 版式由模板生成，文号取“督”字号，按年度连续编号。"
                      "模板可复制到台账旁的“模板”文件夹后用 Word/WPS 修改。")
        note.setWordWrap(True)
        self.template_button = QPushButton("修改模板…")
        self.template_button.clicked.connect(self.edit_template)
        note_row.addWidget(note, 1)
        note_row.addWidget(self.template_button)
        layout.addLayout(note_row)
        self.bar = QProgressBar()
        self.bar.setRange(0, max(1, len(self.behind)))
        self.bar.setValue(0)
        layout.addWidget(self.bar)
        self.status = QLabel()
        layout.addWidget(self.status)
        self.log = QPlainTextEdit()
        self.log.setReadOnly(True)
        self.log.setFixedHeight(90)
        layout.addWidget(self.log)
        self.buttons = QDialogButtonBox()
        self.start_button = self.buttons.addButton("生成督办通知", QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton("关闭", QDialogButtonBox.ButtonRole.RejectRole)
        self.start_button.setEnabled(bool(self.behind))
        self.start_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self.cancel)
        layout.addWidget(self.buttons)

    def edit_template(self) -> Path | None:
        """Copy the default notice template beside the ledger (kept if already there) and open it in Word/WPS."""

        try:
            path = self.service.templates.make_custom(NOTICE_SLUG)
        except DomainError as exc:
            self.status.setText(str(exc))
            return None
        self.status.setText(f"模板：{path}（修改后保存即可，生成前会检查占位符）")
        open_path(self, Path(path))
        return path

    def units(self) -> list[str]:
        items = (self.table.item(r, 0) for r in range(self.table.rowCount()))
        return [i.text() for i in items if i is not None and i.checkState() == Qt.CheckState.Checked]

    def _browse(self) -> None:
        name = file_dialogs.get_existing_directory(self, "选择文件夹", self.folder.text())
        if name:
            self.folder.setText(name)

    def start(self) -> None:
        units = self.units()
        if not units:
            self.status.setText("请至少勾选一个单位。")
            return
        if self.service.ledger.path is None or not self.folder.text().strip():
            self.status.setText("请选择保存督办通知的文件夹。")
            return
        folder = Path(self.folder.text().strip())
        year, today, issued, reply_by = self.year, self.today, picked(self.issued), picked(self.reply_by)
        templates = self.service.templates
        self.bar.setRange(0, len(units))
        self.start_button.setEnabled(False)
        self.cancel_button.setText("取消")

        def job(ledger, progress):
            return SupervisionService(ledger, templates).make_notices(year, units, today, folder, issued, reply_by,
                                                                      progress)

        self.worker = run_job(self, "生成督办通知", self.service.ledger, job, self._progress, self._finished)

    def _progress(self, done: int, total: int, unit: str) -> None:
        self.bar.setValue(done)
        self.status.setText(f"正在生成 {unit}（{done + 1}/{total}）…" if unit else "完成。")

    def _finished(self, result, error: str) -> None:
        self.worker = None
        self.made, problems = result if result else ([], [error])
        self.log.setPlainText("\n".join([f"{m.doc_number}　{m.unit}　{m.path}" for m in self.made] + problems))
        self.status.setText(f"已生成{len(self.made)}份督办通知" + (f"；{problems[0]}" if problems else "。"))
        self.cancel_button.setText("关闭")

    def cancel(self) -> None:
        if self.worker is not None:
            self.worker.cancel()
            self.status.setText("正在取消…")
            return
        self.accept() if self.made else self.reject()

    def running(self) -> bool:
        return self.worker is not None and self.worker.running()
