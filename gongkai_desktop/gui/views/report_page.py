"""年度报告: the year's tables computed from the ledger with their 勾稽 checks, 表二 and the narrative
sections entered per year, finalising (lock) and export to Word and Excel. Any 表三 cell opens the list of
applications behind it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QSyntaxHighlighter, QTextCharFormat
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDateEdit,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ...core.annual_report import (
    COLUMNS,
    REVIEW_RESULTS,
    SECTION3_ROWS,
    SECTION4_GROUPS,
    row_label,
    section2_rows,
)
from ...core.errors import DomainError
from ...core.report_text import field_catalogue, render
from ...services.annual_report import TEXT_TITLES, Report, ReportService
from ...storage.ledger import Ledger
from .. import theme
from ..ops import OpContext, Operation, run_op, write_output
from . import file_dialogs
from .report_cell_dialog import ReportCellDialog
from .task_parts_dialog import TaskPartsDialog
from .widgets import LedgerPage, YearCombo, page_header, picked, show_saved_file, warning_label

RESULT_GROUP = "三、本年度办理结果"


def screen_rows() -> list[tuple[str | None, str]]:
    """表三 as shown: (row key, label); the outcome rows follow a label row (key None) "三、本年度办理结果" and
    are indented under it, as in the Word report's merged first column."""
    rows: list[tuple[str | None, str]] = []
    for key, level1, _level2, _level3 in SECTION3_ROWS:
        if level1 == RESULT_GROUP:
            if not any(k is None for k, _ in rows):
                rows.append((None, RESULT_GROUP))
            rows.append((key, "　" + row_label(key)))
        else:
            rows.append((key, row_label(key)))
    return rows


def table3_row(key: str) -> int:
    """The screen row of a 表三 row key."""
    return [k for k, _ in screen_rows()].index(key)


def _item(text: object, align_right: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(str(text))
    if align_right:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


class FieldHighlighter(QSyntaxHighlighter):
    """Fields such as {表三.办结} shown as marked chips: the figure comes from the tables, the rest is free text;
    【请补充…】 marks what the officer still has to write."""

    def __init__(self, document) -> None:
        super().__init__(document)
        self.field = QTextCharFormat()
        self.field.setBackground(QColor("#dbeafe"))
        self.field.setForeground(QColor("#1e3a8a"))
        self.todo = QTextCharFormat()
        self.todo.setBackground(QColor("#fde68a"))

    def highlightBlock(self, text: str) -> None:  # noqa: N802 - Qt's name
        import re

        for m in re.finditer(r"\{[^{}\n]+\}", text):
            if not (m.start() > 0 and text[m.start() - 1] == "{"):
                self.setFormat(m.start(), m.end() - m.start(), self.field)
        for m in re.finditer(r"【请补充[^】]*】", text):
            self.setFormat(m.start(), m.end() - m.start(), self.todo)


class ReportPage(LedgerPage):
    applicationActivated = Signal(str)

    def __init__(self, ledger: Ledger, today: Callable[[], date], parent: QWidget | None = None):
        super().__init__(ledger, today, parent)
        self.service = ReportService(ledger)
        self.report: Report | None = None
        layout = self.page_layout
        self.year_combo = YearCombo()
        self.year_combo.yearChanged.connect(self._year_switched)
        self._shown_year: int | None = None
        self._section2_shown: dict[str, list[str]] = {}
        self.state_label = QLabel()
        self.docx_button = QPushButton("导出 Word…")
        self.xlsx_button = QPushButton("导出 Excel…")
        self.lock_button = QPushButton("定稿")
        self.correction_button = QPushButton("更正说明…")
        self.correction_button.setToolTip("定稿后补录改变了表三：写更正说明，已发布的报告保持定稿，次年按更正后的数字核对")
        self.correction_button.clicked.connect(lambda: self.add_correction())
        self.correction_button.setVisible(False)  # only on a finalised year whose ledger changed
        self.docx_button.clicked.connect(lambda: self._choose_export("docx"))
        self.xlsx_button.clicked.connect(lambda: self._choose_export("xlsx"))
        self.lock_button.clicked.connect(self.toggle_lock)
        layout.addLayout(page_header("政府信息公开工作年度报告", self.state_label, QLabel("年度"), self.year_combo,
                                     self.docx_button, self.xlsx_button, self.lock_button, self.correction_button))
        self.warning = warning_label()
        layout.addWidget(self.warning)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)

        self.tabs = QTabWidget()
        layout.addWidget(self.tabs, 1)
        # 表三
        self.table3_keys = screen_rows()  # 表三 rows as in the Word, with the 三、本年度办理结果 label row (issue 28)
        self.table3 = QTableWidget(len(self.table3_keys), len(COLUMNS) + 1)
        self.table3.setHorizontalHeaderLabels(["", *COLUMNS])
        self.table3.verticalHeader().setVisible(False)
        self.table3.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table3.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table3.cellDoubleClicked.connect(self._cell_activated)
        self.table3.setToolTip("双击数字查看对应的申请")
        # any period (a quarter, a date range): the same 表三 exported to Excel
        period = QHBoxLayout()
        self.period_from, self.period_to = QDateEdit(), QDateEdit()
        for edit in (self.period_from, self.period_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.period_button = QPushButton("导出该期间表三（Excel）…")
        self.period_button.clicked.connect(self._choose_period_export)
        self.period_label = QLabel()
        period.addWidget(QLabel("按期间统计表三：自"))
        period.addWidget(self.period_from)
        period.addWidget(QLabel("至"))
        period.addWidget(self.period_to)
        period.addWidget(self.period_button)
        period.addWidget(self.period_label, 1)
        t3box = QWidget()
        t3 = QVBoxLayout(t3box)
        t3.setContentsMargins(0, 0, 0, 0)
        t3.addWidget(self.table3, 1)
        t3.addLayout(period)
        self.tabs.addTab(t3box, "三、依申请公开（表三）")
        # 表二
        self.section2_box = QWidget()
        self._build_section2(2025)
        self.tabs.addTab(self.section2_box, "二、主动公开（表二）")
        # 表四
        self._build_rest()
        self.tabs.tabBar().moveTab(self.tabs.indexOf(self.section2_box), 0)  # the report's order: 表二, 表三, 表四
        self.tabs.setCurrentWidget(t3box)  # opens on the table computed from the ledger

    def _build_section2(self, year: int) -> None:
        """The 表二 form for the year's format (2019 试行 for 2019 and 2020)."""
        self._section2_rows = section2_rows(year)
        old = self.section2_box.layout()
        if old is not None:
            while old.count():
                taken = old.takeAt(0)
                widget = taken.widget() if taken is not None else None
                if widget:
                    widget.deleteLater()
            QWidget().setLayout(old)
        grid = QGridLayout(self.section2_box)
        self.section2_edits: dict[str, list[QLineEdit | QSpinBox]] = {}
        r = 0
        for item, name, cols in self._section2_rows:
            grid.addWidget(QLabel(f"{item}　{name}"), r, 0)
            edits: list[QLineEdit | QSpinBox] = []
            edit: QLineEdit | QSpinBox
            for c, col in enumerate(cols):
                if "万元" in col or "增/减" in col:
                    edit = QLineEdit("0")
                    edit.setPlaceholderText("万元，可有小数" if "万元" in col else "如 增5、减1、0")
                else:
                    edit = QSpinBox()
                    edit.setRange(0, 10_000_000)
                edit.setMaximumWidth(140)
                grid.addWidget(QLabel(col), r, 1 + 2 * c)
                grid.addWidget(edit, r, 2 + 2 * c)
                edits.append(edit)
            self.section2_edits[name] = edits
            r += 1
        self.section2_error = QLabel()
        self.section2_error.setProperty("role", "error")
        grid.addWidget(self.section2_error, r, 0, 1, 7)
        self.section2_state = QLabel()
        grid.addWidget(self.section2_state, r + 1, 0, 1, 7)
        self.save2_button = QPushButton("保存并确认表二")
        self.save2_button.setToolTip("逐项核对后保存；没有发生的填0。未录入的表二不能定稿。")
        self.save2_button.clicked.connect(lambda: self.save_section2())
        grid.addWidget(self.save2_button, r + 2, 0)
        grid.setRowStretch(r + 3, 1)
        grid.setColumnStretch(7, 1)

    def _build_rest(self) -> None:
        # 表四
        self.table4 = QTableWidget(1, 15)
        self.table4.setHorizontalHeaderLabels([f"{g}\n{x}" for g in SECTION4_GROUPS for x in REVIEW_RESULTS])
        self.table4.verticalHeader().setVisible(False)
        self.table4.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table4.setMaximumHeight(110)
        t4box = QWidget()
        t4 = QVBoxLayout(t4box)
        t4.addWidget(QLabel("按复议决定、裁判日期统计；年底尚未审结的计入“尚未审结”。记录在申请详情的“复议/诉讼”中登记。"))
        t4.addWidget(self.table4)
        t4.addStretch()
        self.tabs.addTab(t4box, "四、复议诉讼（表四）")
        # 正文
        text_box = QWidget()
        text_layout = QVBoxLayout(text_box)
        self.text_edits: dict[str, QPlainTextEdit] = {}
        for part, title in TEXT_TITLES.items():
            row = QHBoxLayout()
            row.addWidget(QLabel(f"<b>{title}</b>"))
            row.addStretch()
            insert = QToolButton()
            insert.setText("插入数字")
            insert.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
            insert.setMenu(QMenu(insert))
            insert.menu().aboutToShow.connect(lambda p=part, b=insert: self._fill_field_menu(p, b.menu()))
            row.addWidget(insert)
            redraft = QPushButton("按台账重新生成草稿")
            redraft.clicked.connect(lambda _c=False, p=part: self.redraft(p))
            row.addWidget(redraft)
            text_layout.addLayout(row)
            edit = QPlainTextEdit()
            edit.setToolTip("蓝底的 {…} 是取自表格的数字字段，导出和定稿时按表格填入；其余文字可自由修改。")
            FieldHighlighter(edit.document())
            self.text_edits[part] = edit
            text_layout.addWidget(edit, 1)
        text_layout.addWidget(QLabel("蓝底 {…} 为数字字段（如 {表三.办结}），数字随台账更新；黄底【请补充】须改写后才能定稿。"))
        self.save_text_button = QPushButton("保存正文")
        self.save_text_button.clicked.connect(self.save_texts)
        self.tag_button = QPushButton("工作要点任务归类…")
        self.tag_button.setToolTip("总体情况五部分中各写哪些工作要点任务")
        self.tag_button.clicked.connect(lambda: self.open_task_parts())
        self.preview_check = QCheckBox("预览（填入数字）")
        self.preview_check.setToolTip("按当前表格填入数字显示正文，不能编辑；取消勾选回到带字段的正文")
        self.preview_check.toggled.connect(self.set_preview)
        self._templates_shown: dict[str, str] | None = None
        buttons_row = QHBoxLayout()
        buttons_row.addWidget(self.save_text_button)
        buttons_row.addWidget(self.tag_button)
        buttons_row.addWidget(self.preview_check)
        buttons_row.addStretch()
        text_layout.addLayout(buttons_row)
        self.tabs.addTab(text_box, "正文（一、五、六）")
        # 检查
        check_box = QWidget()
        check_layout = QVBoxLayout(check_box)
        self.check_list = QListWidget()
        check_layout.addWidget(self.check_list, 1)
        prev = QFormLayout()
        self.prev_edits = [QSpinBox() for _ in COLUMNS]
        prev_row = QGridLayout()  # labels above the boxes: the row fits a 1024-pixel screen (issue 22)
        for i, (name, spin) in enumerate(zip(COLUMNS, self.prev_edits, strict=True)):
            spin.setRange(0, 1_000_000)
            label = QLabel(name)
            label.setBuddy(spin)
            prev_row.addWidget(label, 0, i)
            prev_row.addWidget(spin, 1, i)
        self.prev_button = QPushButton("保存")
        self.prev_button.clicked.connect(self.save_previous)
        prev_row.addWidget(self.prev_button, 1, len(COLUMNS))
        prev_row.setColumnStretch(len(COLUMNS) + 1, 1)
        self.prev_label = QLabel()
        self.prev_label.setWordWrap(True)
        prev.addRow(self.prev_label)
        prev.addRow(prev_row)
        check_layout.addLayout(prev)
        self.tabs.addTab(check_box, "勾稽检查")

    # --- showing -------------------------------------------------------------------------------------------
    def refresh(self) -> None:
        years = sorted(set(self.ledger.applications.years()) | {self.today().year}, reverse=True)
        default = self.today().year - 1 if self.today().month <= 3 and self.today().year - 1 in years else None
        self.year_combo.set_years(years, default)
        self.show_year()

    def _year(self) -> int:
        """The chosen year: the list always holds the current year (refresh), so this is its fallback."""
        year = self.year_combo.year()
        return year if year is not None else self.today().year

    def show_year(self) -> None:
        year = self.year_combo.year()
        if year is None:
            return
        self.preview_check.setChecked(False)
        report = self.report = self.service.build(year, self.today())
        if section2_rows(year) != self._section2_rows:
            self._build_section2(year)
        v = report.section3.values
        locked = report.locked_at is not None
        self.correction_button.setVisible(locked and bool(report.changes_since_lock))
        if self.period_from.date().year() != year:
            self.period_from.setDate(QDate(year, 1, 1))
            self.period_to.setDate(QDate(year, 3, 31))
        self.state_label.setText(f"已定稿（{report.locked_at[:10]}）" if report.locked_at is not None else "草稿")
        self.lock_button.setText("解除定稿…" if locked else "定稿")
        self.summary.setText(
            f"{year}年：本年新收{v['received'][-1]}件，上年结转{v['carried_in'][-1]}件，办结{v['total'][-1]}件，"
            f"结转下年度{v['carried_out'][-1]}件。"
            + ("" if report.year_complete else "（年度尚未结束，数字截至今天。）"))
        warnings = []
        failing = [c for c in report.checks if not c.ok]
        if failing and not locked:
            warnings.append(f"检查有{len(failing)}项未通过，不能定稿（见“勾稽检查”）："
                            + "；".join(c.rule for c in failing[:4]) + ("……" if len(failing) > 4 else ""))
        for entry in report.late_entries[:5]:
            cells = "；".join(f"{row}·{col} {'+' if d > 0 else '−'}{abs(d)}" for row, col, d in entry["cells"])
            warnings.append(f"定稿后补录：{entry['no']} {entry['what']}（{entry['recorded_at'][:10]}，理由：{entry['reason']}），"
                            f"影响表三 {cells}")
        if report.correction:
            warnings.append(f"已写更正说明（{report.correction['at'][:10]}）：{report.correction['text']}")
        if report.changes_since_lock:
            warnings.append(f"定稿后台账中该年度数据有{len(report.changes_since_lock)}处变化，导出仍按定稿数据："
                            + "；".join(report.changes_since_lock[:3]) + ("……" if len(report.changes_since_lock) > 3 else ""))
        self.warning.setText("\n".join(warnings))
        self.warning.setVisible(bool(warnings))
        bad_cells = {cell for c in failing for cell in c.cells}
        for r, (key, label) in enumerate(self.table3_keys):
            self.table3.setItem(r, 0, _item(label))
            if key is None:  # the label row: no figures, spans the table as the Word's merged cell does
                self.table3.setSpan(r, 0, 1, len(COLUMNS) + 1)
                label_item = self.table3.item(r, 0)
                assert label_item is not None  # set just above
                label_item.setFlags(Qt.ItemFlag.ItemIsEnabled)
                continue
            for c, value in enumerate(v[key]):
                item = _item(value, align_right=True)
                if (key, COLUMNS[c]) in bad_cells:
                    item.setForeground(QBrush(theme.OVERDUE))
                self.table3.setItem(r, c + 1, item)
        for c in range(1, len(COLUMNS) + 1):
            self.table3.setColumnWidth(c, 80)
        for c, value in enumerate(report.section4):
            self.table4.setItem(0, c, _item(value, align_right=True))
        for name, edits in self.section2_edits.items():
            for edit, given in zip(edits, report.section2.get(name, []), strict=False):
                if isinstance(edit, QSpinBox):
                    edit.setValue(int(given))
                else:
                    edit.setText(str(given))
                edit.setEnabled(not locked)
        self.save2_button.setEnabled(not locked)
        self._shown_year, self._section2_shown = year, self.section2_values()
        self.section2_state.setText(f"已确认（{report.section2_confirmed}）" if report.section2_confirmed
                                    else "表二尚未录入：请逐项填写（没有的填0）后保存确认。未录入的表二不能定稿。")
        for part, text_edit in self.text_edits.items():
            text_edit.setPlainText(report.texts.get(part, "") if locked else report.templates.get(part, ""))
            text_edit.setReadOnly(locked)
        self.save_text_button.setEnabled(not locked)
        self.tag_button.setEnabled(not locked)
        self.preview_check.setEnabled(not locked)
        self.prev_label.setText(f"{year - 1}年“结转下年度”（仅当台账没有包含{year - 1}年底仍在办理的全部申请时手工录入，"
                                f"用于核对本年“上年结转”）：")
        saved = self.ledger.reports.get_input(year - 1, "section3.carried_out") or [0] * len(COLUMNS)
        for spin, value in zip(self.prev_edits, saved, strict=True):
            spin.setValue(int(value))
        self.check_list.clear()
        for check in report.checks:
            line = QListWidgetItem(("✓ " if check.ok else "✗ ") + check.rule
                                   + ("" if check.ok or not check.detail else f"：{check.detail}"))
            line.setForeground(QBrush(theme.NORMAL if check.ok else theme.OVERDUE))
            self.check_list.addItem(line)

    def _cell_activated(self, row: int, column: int) -> ReportCellDialog | None:
        if self.report is None or column == 0 or self.report.locked_at:
            return None
        key = self.table3_keys[row][0]
        if key is None:
            return None
        numbers = self.service.cell_members(self.report.year, key, column - 1)
        dialog = ReportCellDialog(self.ledger, f"{row_label(key)}·{COLUMNS[column - 1]}", numbers, self)
        dialog.applicationActivated.connect(self.applicationActivated)
        dialog.open()
        return dialog

    def _fill_field_menu(self, part: str, menu: QMenu) -> None:
        menu.clear()
        if self.report is None or self.report.figures is None:
            menu.addAction("（已定稿，不能修改）").setEnabled(False)
            return
        for name, value in field_catalogue(self.report.figures):
            action = menu.addAction(f"{{{name}}}　现为 {value}")
            action.triggered.connect(lambda _c=False, n=name, p=part: self.text_edits[p].insertPlainText(f"{{{n}}}"))

    def open_task_parts(self) -> TaskPartsDialog:
        dialog = TaskPartsDialog(self.service, self._year(), self)
        dialog.open()
        return dialog

    # --- any period ------------------------------------------------------------------------------------------
    def _choose_period_export(self) -> None:
        start, end = picked(self.period_from), picked(self.period_to)
        name, _ = file_dialogs.get_save_file_name(self, "导出期间表三", f"表三_{start}至{end}.xlsx", "Excel 工作簿 (*.xlsx)")
        if name:
            self.export_period(start, end, Path(name if name.endswith(".xlsx") else f"{name}.xlsx"))

    def export_period(self, start: date, end: date, target: Path) -> bool:
        from ...documents.report_xlsx import write_period_xlsx

        try:
            s3 = self.service.period_table(start, end)
            write_period_xlsx(s3, self.ledger.settings.profile().organ_name, target)
        except DomainError as exc:
            QMessageBox.warning(self, "无法导出", str(exc))
            return False
        v = s3.values
        self.period_label.setText(f"{start}至{end}：新收{v['received'][-1]}件，办结{v['total'][-1]}件，"
                                  f"结转下期{v['carried_out'][-1]}件。已导出到 {target.name}")
        show_saved_file(self, "已导出", f"期间表三已导出到 {target}。", target)
        return True

    def add_correction(self, text: str | None = None) -> None:
        year = self._year()
        if text is None:
            text, ok = QInputDialog.getText(self, "更正说明", f"{year}年度报告定稿后台账有变化。请写明更正原因"
                                            "（已发布的报告保持定稿；更正后的数字用于次年核对并写入次年第六部分）：")
            if not ok:
                return
        try:
            self.service.add_correction(year, text)
        except DomainError as exc:
            QMessageBox.warning(self, "无法保存更正说明", str(exc))
            return
        self.show_year()

    # --- editing --------------------------------------------------------------------------------------------
    def section2_values(self) -> dict[str, list[str]]:
        return {name: [str(e.value()) if isinstance(e, QSpinBox) else e.text().strip() for e in edits]
                for name, edits in self.section2_edits.items()}

    def section2_unsaved(self) -> bool:
        return self._shown_year is not None and self.section2_values() != self._section2_shown

    def _year_switched(self) -> None:
        """Another year chosen: unsaved 表二 edits of the shown year are saved, discarded or kept (issue 28 #13)."""
        if self.section2_unsaved() and self.year_combo.year() != self._shown_year:
            answer = QMessageBox.question(
                self, "表二尚未保存", f"{self._shown_year}年表二的修改尚未保存。保存后再切换年度吗？",
                QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
                | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Save)
            if answer == QMessageBox.StandardButton.Cancel or (
                    answer == QMessageBox.StandardButton.Save and not self.save_section2(self._shown_year,
                                                                                         refresh=False)):
                self.year_combo.blockSignals(True)
                self.year_combo.setCurrentIndex(self.year_combo.findData(self._shown_year))
                self.year_combo.blockSignals(False)
                return
        self.show_year()

    def save_section2(self, year: int | None = None, refresh: bool = True) -> bool:
        year = year if year is not None else self._year()
        try:
            errors = self.service.save_section2(year, self.section2_values())
        except DomainError as exc:
            errors = {"": str(exc)}
        self.section2_error.setText("；".join(errors.values()))
        if not errors and refresh:
            self.show_year()
        return not errors

    def templates_in_editor(self) -> dict[str, str]:
        if self._templates_shown is not None:
            return dict(self._templates_shown)
        return {part: edit.toPlainText().strip() for part, edit in self.text_edits.items()}

    def set_preview(self, on: bool) -> None:
        """Show the text with the figures filled in (read-only), or the templates again."""
        if self.report is None or self.report.figures is None:
            return
        if on and self._templates_shown is None:
            self._templates_shown = self.templates_in_editor()
            for part, edit in self.text_edits.items():
                edit.setPlainText(render(self._templates_shown[part], self.report.figures, strict=False))
                edit.setReadOnly(True)
        elif not on and self._templates_shown is not None:
            shown, self._templates_shown = self._templates_shown, None
            for part, edit in self.text_edits.items():
                edit.setPlainText(shown[part])
                edit.setReadOnly(False)

    def save_texts(self) -> None:
        year = self._year()
        try:
            for part, template in self.templates_in_editor().items():
                self.service.save_text(year, part, template)
        except DomainError as exc:
            QMessageBox.warning(self, "无法保存", str(exc))

    def redraft(self, part: str) -> None:
        self.preview_check.setChecked(False)
        self.text_edits[part].setPlainText(self.service.drafts(self._year())[part])

    def save_previous(self) -> None:
        year = self._year()
        try:
            self.service.save_previous_carried_out(year - 1, [s.value() for s in self.prev_edits])
        except DomainError as exc:
            QMessageBox.warning(self, "无法保存", str(exc))
            return
        self.show_year()

    def toggle_lock(self, reason: str | None = None) -> None:
        year = self._year()
        if self.report and self.report.locked_at:
            if reason is None:
                reason, ok = QInputDialog.getText(self, "解除定稿", f"解除{year}年度报告定稿的原因（记入操作日志）：")
                if not ok:
                    return
            try:
                self.service.unlock(year, reason)
            except DomainError as exc:
                QMessageBox.warning(self, "无法解除定稿", str(exc))
                return
        else:
            self.save_texts()
            try:
                self.service.finalise(year, self.today())
            except DomainError as exc:
                QMessageBox.warning(self, "不能定稿", str(exc))
                return
        self.show_year()

    # --- export ---------------------------------------------------------------------------------------------
    def _choose_export(self, kind: str) -> None:
        year = self.year_combo.year()
        suffix = "Word 文档 (*.docx)" if kind == "docx" else "Excel 工作簿 (*.xlsx)"
        name, _ = file_dialogs.get_save_file_name(self, "导出年度报告", f"{year}年政府信息公开工作年度报告.{kind}", suffix)
        if name:
            self.export(Path(name if name.endswith(f".{kind}") else f"{name}.{kind}"))

    def export(self, target: Path) -> Operation[bool] | None:
        """Write the report to Word or Excel in the background (取消 leaves no file). The report is built again
        in the worker from its own connection, after the texts on screen are saved."""
        if self.report is None:
            return None
        year, today = self.report.year, self.today()
        # the texts on screen are saved by the worker: checking their fields builds the year's figures (~3 s at 100k)
        texts = {} if self.report.locked_at else self.templates_in_editor()
        kind = "Word" if target.suffix == ".docx" else "Excel"

        def work(ctx: OpContext) -> bool:
            from ...documents.report_docx import write_report_docx  # python-docx and openpyxl on first export
            from ...documents.report_xlsx import write_report_xlsx

            ctx.progress(0, 0, f"正在汇总{year}年数据……")
            service = ReportService(ctx.ledger)
            with ctx.ledger.db.atomic():
                for part, template in texts.items():  # a text with an unknown field: DomainError, nothing exported
                    service.save_text(year, part, template)
            report = service.build(year, today)
            ctx.progress(0, 0, f"正在生成 {kind} 文件……")
            write = write_report_docx if target.suffix == ".docx" else write_report_xlsx
            write_output(ctx, target, lambda tmp: write(report.to_json(), tmp))
            return report.ok

        def done(ok: bool) -> None:
            note = "" if ok else "（注意：勾稽检查未通过，导出的是草稿。）"
            show_saved_file(self, "已导出", f"已导出到 {target}。{note}", target)

        return run_op(self, f"导出年度报告（{kind}）", work, ledger=self.ledger, on_success=done)
