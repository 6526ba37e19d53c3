"""生成表单: the 呈批表, 保密审查单 or 送达回证 of one application, filled from its recorded steps (services/case_forms.py,
the same as `gongkai apps form`), saved as Word (optionally PDF) and recorded on the application."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...core.forms import FORM_TYPES
from ...documents.atomic import OutputFileError
from ...documents.letter_docx import TemplateProblem
from ...documents.pdf import PdfError, find_soffice, to_pdf
from ...services.case import CaseService
from ...services.case_forms import FormError, FormService, MadeForm
from . import file_dialogs
from .widgets import error_label, ok_cancel_buttons, open_path, warning_label


class CaseFormDialog(QDialog):
    def __init__(self, service: FormService, no: str, today: date, form: str | None = None,
                 parent: QWidget | None = None, open_after: bool = True):
        super().__init__(parent)
        self.service, self.no, self.today, self.open_after = service, no, today, open_after
        self.made: MadeForm | None = None
        self.setWindowTitle(f"生成表单 — {no}")
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        f = QFormLayout()
        layout.addLayout(f)
        self.type = QComboBox()
        for slug, ft in FORM_TYPES.items():
            self.type.addItem(ft.name, slug)
        f.addRow("表单", self.type)
        self.delivery = QComboBox()
        f.addRow("送达记录", self.delivery)
        deliveries = CaseService(service.ledger).view(no, today).deliveries
        for d in reversed(deliveries):  # the latest first, as `gongkai apps form` takes by default
            self.delivery.addItem(f"{d['date']} {d['method']} {d['letter_name']}", d["id"])
        if not deliveries:
            self.delivery.addItem("（尚未登记送达：按最近出具的文书填写，签收栏留空，带去送达时使用）", None)
        self.target = QLineEdit()
        browse = QPushButton("浏览…")
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.target, 1)
        row.addWidget(browse)
        f.addRow("保存为", row)
        self.pdf_check = QCheckBox("同时转为 PDF")
        self.pdf_check.setEnabled(find_soffice() is not None)
        self.open_check = QCheckBox("生成后打开")
        self.open_check.setChecked(True)
        row = QHBoxLayout()
        row.addWidget(self.pdf_check)
        row.addWidget(self.open_check)
        row.addStretch()
        f.addRow("", row)
        self.problems = warning_label()
        layout.addWidget(self.problems)
        self.message = error_label()
        layout.addWidget(self.message)
        buttons = ok_cancel_buttons("生成", self.generate, self.reject)
        layout.addWidget(buttons)
        self.type.currentIndexChanged.connect(self._type_changed)
        if form:
            self.type.setCurrentIndex(max(0, self.type.findData(form)))
        self._type_changed()

    def slug(self) -> str:
        return self.type.currentData()

    def _type_changed(self) -> None:
        slug = self.slug()
        self.delivery.setEnabled(slug == "delivery-receipt")
        try:
            self.target.setText(str(self.service.default_target(self.no, slug)))
        except FormError:
            self.target.setText("")
        problems = self.service.problems(slug)
        self.problems.setText("模板有问题：" + "；".join(problems) if problems else "")
        self.problems.setVisible(bool(problems))

    def _browse(self) -> None:
        name, _ = file_dialogs.get_save_file_name(self, "保存表单", self.target.text(), "Word 文档 (*.docx)")
        if name:
            self.target.setText(name if name.endswith(".docx") else name + ".docx")

    def generate(self) -> None:
        if not self.target.text().strip():
            self.message.setText("请选择保存位置。")
            return
        delivery = self.delivery.currentData() if self.slug() == "delivery-receipt" else None
        try:
            self.made = self.service.make(self.no, self.slug(), Path(self.target.text().strip()), self.today,
                                          delivery_id=delivery)
        except OutputFileError as exc:
            if exc.suggestion is not None:
                self.target.setText(str(exc.suggestion))
            self.message.setText(str(exc))
            return
        except (FormError, TemplateProblem, OSError) as exc:
            self.message.setText(str(exc))
            return
        path = self.made.path
        if self.pdf_check.isChecked():
            try:
                path = to_pdf(self.made.path)
            except PdfError as exc:
                self.message.setText(f"Word 文档已生成，但{exc}")
        if self.open_check.isChecked() and self.open_after:
            open_path(self, Path(path))
        self.accept()


def open_form_dialog(parent: QWidget, service: FormService, no: str, today: date,
                     form: str | None = None) -> CaseFormDialog:
    """What the detail panel calls for “呈批表、保密审查单、送达回证…” (reload the timeline on `accepted`)."""
    dialog = CaseFormDialog(service, no, today, form, parent)
    dialog.open()
    return dialog
