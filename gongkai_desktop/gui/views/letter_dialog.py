"""生成文书: pick a letter type for the application, fill what the letter needs, and write the Word file.

Types that cannot be issued now stay in the list, greyed, with the reason as a tooltip (e.g. “须先登记答复”).
The file opens in Word/WPS afterwards; a PDF copy is made when LibreOffice is installed."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...core.letter_dates import LetterDateError
from ...core.letters import LetterError, LetterRecords, LetterType, suggested_inputs
from ...core.steps import letter_for_last_step
from ...documents.atomic import OutputFileError
from ...documents.letter_docx import TemplateProblem
from ...documents.pdf import PdfCancelled, find_soffice, to_pdf
from ...services.letters import LetterEditedError, LetterService, MadeLetter
from ..ops import OpContext, Operation, OperationCancelled, run_op
from . import file_dialogs
from .widgets import date_edit, error_label, open_path, picked, qdate


class LetterDialog(QDialog):
    def __init__(self, service: LetterService, no: str, today: date, parent: QWidget | None = None,
                 preselect: str | None = None, records: LetterRecords | None = None):
        super().__init__(parent)
        self.service, self.no, self.today = service, no, today
        # 检索记录/沟通记录/提供信息清单 for the letter body (fed from storage once it records them)
        self.records = records or service.records_for(no)  # the case's own 检索、沟通、提供信息 records
        self.app = service.app_row(no)
        self.made: MadeLetter | None = None
        self.pdf_op: Operation[Path] | None = None
        self.open_after = True
        self.setWindowTitle(f"生成文书 — {no}")
        self.setMinimumWidth(640)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        layout.addLayout(form)
        self.type = QComboBox()
        self.type.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.type.setMinimumContentsLength(24)
        self.choices = service.choices(no, today)
        model = self.type.model()
        assert isinstance(model, QStandardItemModel)
        first_ok = None
        for i, (t, reason) in enumerate(self.choices):
            self.type.addItem(t.name + ("" if reason is None else "（暂不可用）"), t.slug)
            item = model.item(i)
            if reason is not None:
                item.setEnabled(False)
                item.setToolTip(reason)
            elif first_ok is None:
                first_ok = i
        form.addRow("文书类型", self.type)
        self.reason = error_label()
        reason_row = QHBoxLayout()
        reason_row.addWidget(self.reason, 1)
        self.settings_button = QPushButton("打开设置…")  # issue 28: "请先在“设置”中填写…" leads there
        self.settings_button.clicked.connect(self.open_settings)
        self.settings_button.hide()
        reason_row.addWidget(self.settings_button)
        form.addRow("", reason_row)
        self.issued = date_edit(today)
        form.addRow("成文日期", self.issued)
        self.inputs_box = QWidget()
        self.inputs_form = QFormLayout(self.inputs_box)
        self.inputs_form.setContentsMargins(0, 0, 0, 0)
        form.addRow(self.inputs_box)
        target_row = QHBoxLayout()
        self.target = QLineEdit()
        self.browse_button = browse = QPushButton("浏览…")
        browse.clicked.connect(self._browse)
        target_row.addWidget(self.target, 1)
        target_row.addWidget(browse)
        form.addRow("保存为", target_row)
        self.open_check = QCheckBox("生成后用 Word/WPS 打开")
        self.open_check.setChecked(True)
        self.pdf_check = QCheckBox("同时转为 PDF（需要 LibreOffice）")
        self.pdf_check.setEnabled(find_soffice() is not None)
        form.addRow("", self.open_check)
        form.addRow("", self.pdf_check)
        self.template_label = QLabel()
        self.template_label.setStyleSheet("color: #546e7a;")
        form.addRow("模板", self.template_label)
        self.warnings = QLabel()
        self.warnings.setWordWrap(True)
        self.warnings.setStyleSheet("color: #8d6e00;")
        layout.addWidget(self.warnings)
        self.message = error_label()
        layout.addWidget(self.message)
        self.buttons = buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                                  | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("生成")
        buttons.accepted.connect(self.generate)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.fields: dict[str, QLineEdit | QPlainTextEdit] = {}
        self.type.currentIndexChanged.connect(self._type_changed)
        # issue 28 #8: open on the letter the last recorded step calls for, filled from that step
        called_for, self.prefill = letter_for_last_step(service.ledger.applications.step_rows(self.app["id"]))
        if preselect is None and called_for is not None:
            choice = next((r for t, r in self.choices if t.slug == called_for), "unknown")
            if choice is None:  # available now
                preselect = called_for
        index = self.type.findData(preselect) if preselect else -1
        self.type.setCurrentIndex(index if index >= 0 else (first_ok or 0))
        self._type_changed()

    def open_settings(self) -> bool:
        """Show the 设置 page of the main window (the letter needs something filled in there) and close."""
        parent = self.parentWidget()
        window = parent.window() if parent is not None else None
        if window is None or not hasattr(window, "show_page_named"):
            return False
        self.reject()
        window.show_page_named("设置")
        return True

    def _needs_settings(self, text: str) -> None:
        self.settings_button.setVisible("设置" in text and "请先" in text)

    def _tab_order(self) -> None:
        """Type → 成文日期 → the letter's own fields → 保存为 → 浏览 → checkboxes → 生成/取消 (issue 28): the
        fields are made when the type changes, so they would otherwise come after the buttons."""
        chain = [self.type, self.settings_button, self.issued, *self.fields.values(), self.target,
                 self.browse_button, self.open_check, self.pdf_check,
                 self.buttons.button(QDialogButtonBox.StandardButton.Ok),
                 self.buttons.button(QDialogButtonBox.StandardButton.Cancel)]
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)

    def current(self) -> tuple[LetterType, str | None]:
        return self.choices[self.type.currentIndex()]

    def _type_changed(self) -> None:
        t, reason = self.current()
        self.reason.setText(reason or "")
        self._needs_settings(reason or "")
        while self.inputs_form.rowCount():
            self.inputs_form.removeRow(0)
        self.fields = {}
        suggested = {**suggested_inputs(t, self.app),
                     **{k: v for k, v in getattr(self, "prefill", {}).items() if k in {f.key for f in t.inputs}}}
        edit: QLineEdit | QPlainTextEdit
        for f in t.inputs:
            if f.multiline:
                edit = QPlainTextEdit(suggested.get(f.key, ""))
                edit.setTabChangesFocus(True)
                edit.setFixedHeight(90 if "【" in suggested.get(f.key, "") else 70)
            else:
                edit = QLineEdit(suggested.get(f.key, ""))
                if f.end == "date":
                    edit.setPlaceholderText("如 2026-12-18")
            self.fields[f.key] = edit
            self.inputs_form.addRow(f.label if f.required or "不填" in f.label else f.label + "（可不填）", edit)
        try:
            self.target.setText(str(self.service.default_target(self.no, t.slug)))
        except LetterError:
            self.target.setText("")
        custom = self.service.templates.is_custom(t.slug)
        self.template_label.setText("已修改的模板" if custom else "默认模板")
        self.issued.setDate(qdate(self.service.default_issued(self.no, t.slug, self.today)))  # the event's date
        self._tab_order()
        self.show_warnings()

    def show_warnings(self) -> list[str]:
        """Warnings about the letter as it stands (they do not stop it being made)."""
        t, reason = self.current()
        warnings: list[str] = []
        if reason is None:
            try:
                _, warnings = self.service.check(self.no, t.slug, self.inputs(), self.records, picked(self.issued),
                                                 self.today)
            except LetterError:
                warnings = []
        self.warnings.setText("\n".join("提示：" + w for w in warnings))
        return warnings

    def _browse(self) -> None:
        name, _ = file_dialogs.get_save_file_name(self, "保存文书", self.target.text(), "Word 文档 (*.docx)")
        if name:
            self.target.setText(name if name.endswith(".docx") else name + ".docx")

    def inputs(self) -> dict[str, str]:
        return {k: (w.toPlainText() if isinstance(w, QPlainTextEdit) else w.text()) for k, w in self.fields.items()}

    def generate(self) -> None:
        t, reason = self.current()
        if reason:
            self.message.setText(reason)
            return
        if not self.target.text().strip():
            self.message.setText("请选择保存位置。")
            return
        try:
            self.made = self._make(t)
        except OutputFileError as exc:
            if exc.suggestion is not None:
                self.target.setText(str(exc.suggestion))
            self.message.setText(str(exc))
            return
        except (LetterError, TemplateProblem, OSError) as exc:
            self.message.setText(str(exc))
            self._needs_settings(str(exc))
            return
        if self.pdf_check.isChecked():
            self.convert_pdf(self.made.path)
            return
        self._done(self.made.path)

    def convert_pdf(self, docx: Path) -> Operation[Path] | None:
        """LibreOffice in the background (it can take many seconds); 取消 stops it and leaves no PDF. The letter
        itself is already made and registered either way."""

        def failed(message: str, _exc: BaseException) -> None:
            QMessageBox.warning(self, "未能转换为 PDF", f"Word 文档已生成，但{message}")
            self._done(docx)

        def work(ctx: OpContext) -> Path:
            try:
                return to_pdf(docx, should_stop=ctx.cancelled)
            except PdfCancelled:
                raise OperationCancelled from None

        self.pdf_op = run_op(self, "转换为 PDF", work,
                             label="正在用 LibreOffice 转换为 PDF……", on_success=self._done, on_failure=failed,
                             on_cancel=lambda: self._done(docx))
        return self.pdf_op

    def _done(self, path: Path) -> None:
        if self.open_check.isChecked() and self.open_after:
            open_path(self, Path(path))
        self.accept()

    def _make(self, t: LetterType, reason: str | None = None, if_edited: str | None = None) -> MadeLetter:
        """Make the letter; a 成文日期 that needs confirming asks for the reason (recorded) and tries again;
        a file edited since it was generated asks: keep theirs, save the new one beside it, or replace."""
        try:
            return self.service.make(self.no, t.slug, Path(self.target.text().strip()), self.inputs(),
                                     picked(self.issued), self.today, self.records, confirm_date_reason=reason,
                                     if_edited=if_edited)
        except LetterDateError as exc:
            if not exc.confirmable or reason is not None:
                raise
            text, ok = QInputDialog.getText(self, "确认成文日期", f"{exc}\n\n理由：")
            if not ok or not text.strip():
                raise
            return self._make(t, text.strip(), if_edited)
        except LetterEditedError as exc:
            choice = self.ask_edited(exc)
            if choice is None:
                raise LetterError(f"已保留修改过的 {exc.path.name}，未重新生成。") from exc
            return self._make(t, reason, choice)

    def ask_edited(self, exc: LetterEditedError) -> str | None:
        """"replace", "beside" or None (keep the officer's file)."""
        box = QMessageBox(QMessageBox.Icon.Warning, "文书已被修改", f"{exc}\n\n{exc.path}", parent=self)
        keep = box.addButton("保留已修改的文件", QMessageBox.ButtonRole.RejectRole)
        beside = box.addButton("新文书另存在旁边", QMessageBox.ButtonRole.AcceptRole)
        replace = box.addButton("覆盖", QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(keep)
        box.exec()
        clicked = box.clickedButton()
        return "beside" if clicked is beside else "replace" if clicked is replace else None

    def keyPressEvent(self, event) -> None:  # Enter in a field does not generate by accident
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers():
            self.focusNextChild()
            return
        super().keyPressEvent(event)
