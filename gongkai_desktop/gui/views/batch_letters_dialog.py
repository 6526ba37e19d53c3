"""批量生成文书: the same letter for several selected applications, in the background with progress and cancel.

The work runs as a gui/ops.py operation: the worker opens its own connection to the ledger file (SQLite
connections stay on the thread that opened them) and the dialog's own bar shows the progress. The batch stops at
the first failure so the 文号 stay consecutive; 取消 stops after the letter being made (each letter is complete
and registered with its number, so the letters made so far are kept and listed)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...core.letters import LETTER_TYPES
from ...services.letters import LetterService, MadeLetter
from ..ops import OpContext, Operation, run_op
from . import file_dialogs
from .widgets import date_edit, picked


class BatchLettersDialog(QDialog):
    def __init__(self, service: LetterService, nos: list[str], today: date, parent: QWidget | None = None):
        super().__init__(parent)
        self.service, self.nos, self.today = service, nos, today
        self.made: list[MadeLetter] = []
        self.problems: list[str] = []
        self.op: Operation[tuple[list[MadeLetter], list[str]]] | None = None
        self.setWindowTitle(f"批量生成文书（{len(nos)} 件）")
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        layout.addLayout(form)
        self.type = QComboBox()
        for t in LETTER_TYPES:
            if not t.inputs:  # a batch fills no per-letter fields
                self.type.addItem(t.name, t.slug)
        form.addRow("文书类型", self.type)
        self.issued = date_edit(today)
        form.addRow("成文日期", self.issued)
        row = QHBoxLayout()
        folder = service.output_folder()
        self.folder = QLineEdit(str(folder / f"批量-{today.isoformat()}") if folder else "")
        browse = QPushButton("浏览…")
        browse.clicked.connect(self._browse)
        row.addWidget(self.folder, 1)
        row.addWidget(browse)
        form.addRow("保存到文件夹", row)
        note = QLabel("需要逐件填写内容的文书（如补正事项、不予公开部分）请在申请详情中逐件生成。")
        note.setWordWrap(True)
        form.addRow("", note)
        self.bar = QProgressBar()
        self.bar.setRange(0, len(nos))
        self.bar.setValue(0)
        layout.addWidget(self.bar)
        self.status = QLabel()
        layout.addWidget(self.status)
        self.log = QPlainTextEdit()
        self.log.setReadOnly(True)
        self.log.setFixedHeight(120)
        layout.addWidget(self.log)
        self.buttons = QDialogButtonBox()
        self.start_button = self.buttons.addButton("开始生成", QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        self.start_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self.cancel)
        layout.addWidget(self.buttons)

    def _browse(self) -> None:
        name = file_dialogs.get_existing_directory(self, "选择文件夹", self.folder.text())
        if name:
            self.folder.setText(name)

    def start(self) -> None:
        folder = Path(self.folder.text().strip())
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            self.status.setText(f"无法创建文件夹：{exc.strerror or exc}")
            return
        templates, nos, slug = self.service.templates, self.nos, self.type.currentData()
        issued, today = picked(self.issued), self.today

        def work(ctx: OpContext) -> tuple[list[MadeLetter], list[str]]:
            service = LetterService(ctx.ledger, templates)

            def report(done: int, total: int, no: str) -> bool:
                ctx.update(done, total, no)
                return not ctx.cancelled()

            return service.make_batch(nos, slug, folder, {}, issued, today, report)

        self.op = run_op(self, "批量生成文书", work, ledger=self.service.ledger, show_dialog=False,
                         on_progress=self._progress, on_success=self._finished,
                         on_failure=lambda message, _e: self._finished(([], [message])))
        if self.op is not None:
            self.start_button.setEnabled(False)

    def _progress(self, done: int, total: int, no: str) -> None:
        self.bar.setValue(done)
        self.status.setText(f"正在生成 {no}（{done + 1}/{total}）…" if no else "完成。")

    def _finished(self, outcome: tuple[list[MadeLetter], list[str]]) -> None:
        made, problems = outcome
        self.made, self.problems = made, problems
        self.bar.setValue(len(made))
        lines = [f"{m.no}　{m.doc_number}" for m in made] + problems
        self.log.setPlainText("\n".join(lines))
        self.status.setText(f"已生成 {len(made)} 份" + (f"；{problems[0]}" if problems else "。"))
        self.cancel_button.setText("关闭")

    def cancel(self) -> None:
        if self.running():
            assert self.op is not None
            self.op.cancel()
            self.status.setText("正在取消…")
            return
        self.accept() if self.made else self.reject()

    def reject(self) -> None:  # Esc or the close box while letters are being made: cancel first
        if self.running():
            self.cancel()
            return
        super().reject()

    def running(self) -> bool:
        return self.op is not None and self.op.running()
