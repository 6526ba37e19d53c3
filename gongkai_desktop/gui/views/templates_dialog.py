"""文书模板: see which templates are the defaults and which the office has edited; open a copy in Word/WPS to
change the letterhead or wording, check it, preview it with a real application, or switch back to the default."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...core.forms import FORM_TYPES, FormType
from ...core.letters import FIELD_HELP, LETTER_TYPES, LetterError
from ...documents.atomic import OutputFileError
from ...documents.case_forms import check_form_template
from ...documents.letter_docx import TemplateProblem, check_template
from ...services.letters import LetterService
from .widgets import open_path


class TemplatesDialog(QDialog):
    def __init__(self, service: LetterService, today: date, parent: QWidget | None = None):
        super().__init__(parent)
        self.service, self.today = service, today
        self.setWindowTitle("文书模板")
        self.resize(760, 560)
        layout = QVBoxLayout(self)
        intro = QLabel("模板是普通的 Word 文档，其中 {{ 占位符 }} 会被替换为申请的内容。点击“修改”会复制一份默认模板到"
                       "台账旁的“模板”文件夹并用 Word/WPS 打开；保存后即生效。可用的占位符见“占位符说明”。")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        # letters, then the case's forms (呈批表、保密审查单、送达回证): (name, template slug, letter type or form type)
        self.entries = [(t.name, t.slug, t) for t in LETTER_TYPES] + [
            (f"表单：{ft.name}", ft.template, ft) for ft in FORM_TYPES.values()]
        self.table = QTableWidget(len(self.entries), 3)
        self.table.setHorizontalHeaderLabels(["文书类型", "模板", "检查结果"])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.edit_button = QPushButton("修改（用 Word/WPS 打开）")
        self.check_button = QPushButton("检查")
        self.preview_button = QPushButton("预览…")
        self.reset_button = QPushButton("恢复默认")
        self.help_button = QPushButton("占位符说明")
        for b in (self.edit_button, self.check_button, self.preview_button, self.reset_button, self.help_button):
            row.addWidget(b)
        row.addStretch()
        layout.addLayout(row)
        self.edit_button.clicked.connect(self.edit)
        self.check_button.clicked.connect(self.refresh)
        self.preview_button.clicked.connect(self.preview)
        self.reset_button.clicked.connect(self.reset)
        self.help_button.clicked.connect(self.show_fields)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.preview_no: str | None = None
        self.refresh()
        self.table.selectRow(0)

    def slug(self) -> str:
        return self.entries[max(0, self.table.currentRow())][1]

    def _problems(self, slug: str, kind) -> list[str]:
        path = self.service.templates.path(slug)
        return check_form_template(path, kind) if isinstance(kind, FormType) else check_template(path, kind)

    def refresh(self) -> None:
        for r, (name, slug, kind) in enumerate(self.entries):
            custom = self.service.templates.is_custom(slug)
            problems = self._problems(slug, kind)
            for c, text in enumerate((name, "已修改" if custom else "默认", "；".join(problems) or "可以使用")):
                item = QTableWidgetItem(text)
                if c == 2 and problems:
                    item.setForeground(self.palette().brightText())
                    item.setToolTip("；".join(problems))
                self.table.setItem(r, c, item)

    def edit(self) -> Path | None:
        try:
            path = self.service.templates.make_custom(self.slug())
        except (LetterError, OSError) as exc:
            QMessageBox.warning(self, "无法修改模板", str(exc))
            return None
        open_path(self, Path(path))
        self.refresh()
        return path

    def reset(self) -> None:
        slug = self.slug()
        if not self.service.templates.is_custom(slug):
            return
        if QMessageBox.question(self, "恢复默认模板", "删除已修改的模板，恢复使用默认模板？") == QMessageBox.StandardButton.Yes:
            self.service.templates.reset(slug)
            self.refresh()

    def preview(self, no: str | None = None) -> Path | None:
        """Fill the template with an application of the ledger into a temporary file, without taking a 文号."""
        from ...core.letters import LETTER_BY_SLUG, LetterRequest, build_context, sample_inputs
        from ...documents.letter_docx import render_letter

        slug = self.slug()
        if slug not in LETTER_BY_SLUG:
            QMessageBox.information(self, "预览", "表单按申请已登记的步骤填写，请在申请详情中生成后查看。")
            return None
        t = LETTER_BY_SLUG[slug]
        ledger = self.service.ledger
        no = no or self.preview_no or next((n for n in self._candidates(slug)), None)
        if no is None:
            QMessageBox.information(self, "预览", "台账中还没有可用于该文书的申请。")
            return None
        app = ledger.applications.get(no)
        assert app is not None
        events = ledger.applications.event_rows(app["id"])
        try:
            clock = ledger.applications.clock(app, ledger.calendar.load(), self.today)
            inputs = sample_inputs(t, app, self.today)
            context = build_context(LetterRequest(t, app, events, clock, ledger.settings.profile(), self.today, inputs),
                                    "（文号）")
            target = Path(tempfile.mkdtemp(prefix="gongkai-preview-")) / f"预览-{t.name.split('：')[0]}.docx"
            render_letter(self.service.templates.path(slug), context, target, self.service.fonts)
        except (LetterError, TemplateProblem, OutputFileError) as exc:
            QMessageBox.warning(self, "无法预览", str(exc))
            return None
        open_path(self, Path(target))
        return target

    def _candidates(self, slug: str):
        from ...core.letters import LETTER_BY_SLUG, check_allowed
        from ...storage.applications_query import ApplicationFilter

        t = LETTER_BY_SLUG[slug]
        ledger = self.service.ledger
        flt = ApplicationFilter(self.today, self.today, outcome=t.outcomes[0] if t.outcomes else None)
        for row in ledger.query.page(flt, "received", True, 200, 0):
            app = ledger.applications.get(row["no"])
            issued = frozenset(r["type"] for r in ledger.letters.for_application(app["id"])) if app else frozenset()
            if app and check_allowed(t, app, ledger.applications.event_rows(app["id"]), issued) is None:
                yield row["no"]

    def show_fields(self) -> None:
        text = "\n".join(f"{{{{ {k} }}}}　{v}" for k, v in FIELD_HELP.items() if k != "part")
        for ft in FORM_TYPES.values():  # the forms' own placeholders
            text += f"\n\n{ft.name}：\n" + "\n".join(f"{{{{ {k} }}}}　{v}" for k, v in ft.fields.items())
        box = QMessageBox(QMessageBox.Icon.Information, "占位符说明", "模板中可以使用的占位符（点“显示详细信息”查看全部）：",
                          QMessageBox.StandardButton.Ok, self)
        box.setDetailedText(text)
        box.exec()
