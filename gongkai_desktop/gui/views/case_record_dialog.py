"""登记检索记录 / 沟通记录 / 提供信息: one evidence record of a case (domain.md §8.4), with the same checks as
`gongkai apps record` (services/case.py → core/case_records.py). Nothing is saved when a check fails."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ...core.case_records import CONTACT_METHODS, PROVIDED_FORMS, RECORD_KINDS, SEARCH_SCOPES, RecordError
from ...services.case import CaseService
from . import file_dialogs
from .widgets import date_edit, error_label, ok_cancel_buttons, picked


def _text(height: int = 60) -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setTabChangesFocus(True)
    edit.setFixedHeight(height)
    return edit


class CaseRecordDialog(QDialog):
    """Enter one record of `kind` ("search" | "contact" | "provided") for application `no`."""

    def __init__(self, service: CaseService, no: str, kind: str, today: date, parent: QWidget | None = None):
        super().__init__(parent)
        self.service, self.no, self.kind, self.today = service, no, kind, today
        self.record_id: int | None = None
        spec = RECORD_KINDS[kind]
        self.setWindowTitle(f"{spec.label} — {no}")
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        purpose = QLabel(spec.purpose + "。")
        purpose.setWordWrap(True)
        layout.addWidget(purpose)
        form = QFormLayout()
        layout.addLayout(form)
        app = service.ledger.applications.get(no)
        replied = next((r.day for r in service.ledger.applications.step_rows(app["id"])
                        if r.slug == "replied"), None) if kind == "search" and app is not None else None
        self.day = date_edit(replied or today)  # a search is dated before the reply it supports
        form.addRow(spec.date_label, self.day)
        self.fields: dict[str, QWidget] = {}
        if kind == "search":
            scope = QLineEdit()
            scope.setPlaceholderText("、".join(SEARCH_SCOPES))
            self._add(form, "scope", "检索范围（顿号分隔）", scope)
            self._add(form, "keywords", "关键词（顿号分隔）", QLineEdit())
            self._add(form, "searcher", "检索人", QLineEdit())
            self._add(form, "department", "交办核查的科室（可不填）", QLineEdit())
            self._add(form, "department_opinion", "科室书面核查意见", _text())
            self._add(form, "result", "检索结果", _text())
        elif kind == "contact":
            method = QComboBox()
            method.addItems(CONTACT_METHODS)
            self._add(form, "method", "沟通方式", method)
            app = service.ledger.applications.get(no)
            self._add(form, "party", "沟通对象", QLineEdit(app["applicant"] if app else ""))
            self._add(form, "content", "沟通内容（指导、释明的要点）", _text(80))
            self._add(form, "result", "结果（可不填）", _text())
        else:
            self._add(form, "name", "信息名称", QLineEdit())
            self._add(form, "doc_no", "文号（可不填）", QLineEdit())
            pages = QSpinBox()
            pages.setRange(0, 100000)
            self._add(form, "pages", "页数", pages)
            shape = QComboBox()
            shape.addItems(PROVIDED_FORMS)
            self._add(form, "form", "提供形式", shape)
            self._add(form, "note", "区分处理说明（可不填）", _text())
        self.files: list[str] = []
        self.files_label = QLabel("无")
        self.files_label.setWordWrap(True)
        attach = QPushButton("添加附件…")
        attach.clicked.connect(self._attach)
        row = QHBoxLayout()
        row.addWidget(self.files_label, 1)
        row.addWidget(attach)
        form.addRow("附件（截图、书面意见）", row)
        self.message = error_label()
        layout.addWidget(self.message)
        buttons = ok_cancel_buttons("保存", self.save, self.reject)
        layout.addWidget(buttons)

    def _attach(self) -> None:
        names, _ = file_dialogs.get_open_file_names(self, "选择附件", "", "图片或文档 (*.png *.jpg *.jpeg *.pdf *.docx);;所有文件 (*)")
        self.files.extend(n for n in names if n not in self.files)
        self.files_label.setText("、".join(Path(f).name for f in self.files) or "无")

    def _add(self, form: QFormLayout, key: str, label: str, widget: QWidget) -> None:
        self.fields[key] = widget
        form.addRow(label, widget)

    def values(self) -> dict:
        out: dict = {"date": picked(self.day), "attachments": list(self.files)}
        for key, w in self.fields.items():
            if isinstance(w, QLineEdit):
                out[key] = w.text()
            elif isinstance(w, QPlainTextEdit):
                out[key] = w.toPlainText()
            elif isinstance(w, QComboBox):
                out[key] = w.currentText()
            elif isinstance(w, QSpinBox):
                out[key] = w.value()
        return out

    def save(self) -> None:
        try:
            self.record_id = self.service.add_record(self.no, self.kind, self.values(), self.today)
        except RecordError as exc:
            self.message.setText(str(exc))
            return
        self.accept()
