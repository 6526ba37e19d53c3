"""依申请公开: the filterable, searchable list of applications with the selected one's detail beside it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QWidget,
)

from ...core.applications import CATEGORIES, OUTCOMES
from ...core.clock import status_from_cache
from ...services.letters import LetterService
from ...storage.applications_query import STATUSES, ApplicationFilter
from ...storage.ledger import Ledger
from ..models.applications_model import ApplicationsModel
from ..ops import OpContext, Operation, run_op
from ..preferences import Preferences
from . import file_dialogs
from .application_detail import ApplicationDetail
from .batch_letters_dialog import BatchLettersDialog
from .registration_dialog import RegistrationDialog
from .widgets import LedgerPage, page_header, show_saved_file

COLUMN_WIDTHS = (88, 88, 130, 260, 90, 110, 88, 150, 60, 80, 70, 150, 105)


def _choice(first: str, items: list[tuple[str, object]]) -> QComboBox:
    box = QComboBox()
    box.addItem(first, None)
    for text, value in items:
        box.addItem(text, value)
    return box


class ApplicationsPage(LedgerPage):
    registered = Signal(str)

    def __init__(self, ledger: Ledger, letters: LetterService, today: Callable[[], date],
                 parent: QWidget | None = None, prefs: Preferences | None = None):
        super().__init__(ledger, today, parent)
        self.letters = letters
        self.prefs = prefs if prefs is not None else Preferences()
        self.model: ApplicationsModel | None = None
        layout = self.page_layout
        self.count_label = QLabel()
        self.register_button = QPushButton("登记申请（Ctrl+N）")
        self.register_button.setProperty("role", "primary")
        self.register_button.clicked.connect(self.register)
        self.export_button = QPushButton("导出当前列表…")
        self.export_button.clicked.connect(self._choose_export)
        self.print_button = QPushButton("打印列表…")  # issue 28
        self.print_button.clicked.connect(lambda: self.print_list())
        self.batch_button = QPushButton("批量生成文书…")
        self.batch_button.setToolTip("为列表中选中的多件申请生成同一种文书（按住 Ctrl 或 Shift 多选）")
        self.batch_button.clicked.connect(lambda: self.batch_letters())
        layout.addLayout(page_header("依申请公开台账", self.count_label, self.batch_button, self.print_button,
                                     self.export_button, self.register_button))
        # Ctrl+N is the main window's (it works from every page)

        bar = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText("查找申请人、内容或编号")
        self.search.setToolTip("按申请人、申请内容、申请编号，或证件号码、统一社会信用代码的前几位查找（Ctrl+F）")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(240)
        QShortcut(QKeySequence.StandardKey.Find, self, self.search.setFocus)
        self.year = _choice("全部年度", [])
        self.status = _choice("全部状态", [(s, s) for s in STATUSES])
        self.due_within = QSpinBox()
        self.due_within.setRange(0, 60)
        self.due_within.setSpecialValueText("到期：不限")
        self.due_within.setPrefix("")
        self.due_within.setSuffix("个工作日内到期")
        self.category = _choice("全部类别", [(c, c) for c in CATEGORIES])
        self.outcome = _choice("全部办理结果", [(o.full, o.code) for o in OUTCOMES])
        self.outcome.setMaximumWidth(260)
        self.handler = _choice("全部承办人", [])
        self.personal = QCheckBox("显示完整证件号和电话")
        clear = QPushButton("清除筛选")
        clear.clicked.connect(self.clear_filters)
        for w in (self.search, self.year, self.status, self.due_within, self.category, self.outcome, self.handler,
                  self.personal, clear):
            bar.addWidget(w)
        bar.addStretch()
        layout.addLayout(bar)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(200)
        self._search_timer.timeout.connect(self.apply_filters)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        for box in (self.year, self.status, self.category, self.outcome, self.handler):
            box.currentIndexChanged.connect(lambda _i: self.apply_filters())
        self.due_within.valueChanged.connect(lambda _v: self.apply_filters())
        self.personal.toggled.connect(self._personal_toggled)

        split = QSplitter(Qt.Orientation.Horizontal)
        self.table = QTableView()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        self.table.setSortingEnabled(True)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table (issue 28)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)
        split.addWidget(self.table)
        self.detail = ApplicationDetail(ledger, letters, today)
        self.detail.changed.connect(self._detail_changed)
        split.addWidget(self.detail)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([880, 440])
        layout.addWidget(split, 1)

    # --- filters ----------------------------------------------------------------------------------------
    def current_filter(self) -> ApplicationFilter:
        today = self.today()
        cal = self.ledger.calendar.load()
        n = self.due_within.value()
        return ApplicationFilter(
            today=today,
            soon_until=cal.add_workdays(today, self.ledger.rules.due_soon_days),
            year=self.year.currentData(),
            status=self.status.currentData(),
            due_until=cal.add_workdays(today, n) if n else None,
            category=self.category.currentData(),
            outcome=self.outcome.currentData(),
            handler=self.handler.currentData(),
            text=self.search.text().strip(),
        )

    def apply_filters(self) -> None:
        if self.model is None:
            return
        selected = self.detail.app["no"] if self.detail.app else None
        self.model.set_filter(self.current_filter())
        self._update_count()
        if selected is not None and self._select(selected):
            return
        if self.model.rows:
            self.table.selectRow(0)
        else:
            self.detail.show_application(None)

    def clear_filters(self) -> None:
        widgets = (self.year, self.status, self.category, self.outcome, self.handler, self.due_within, self.search)
        for w in widgets:
            w.blockSignals(True)
        for box in (self.year, self.status, self.category, self.outcome, self.handler):
            box.setCurrentIndex(0)
        self.due_within.setValue(0)
        self.search.clear()
        for w in widgets:
            w.blockSignals(False)
        self.apply_filters()

    def _fill_choice(self, box: QComboBox, items: list[tuple[str, object]]) -> None:
        current = box.currentData()
        box.blockSignals(True)
        while box.count() > 1:
            box.removeItem(1)
        for text, value in items:
            box.addItem(text, value)
        index = box.findData(current)
        box.setCurrentIndex(index if index >= 0 else 0)
        box.blockSignals(False)

    def _update_count(self) -> None:
        assert self.model is not None
        total = self.ledger.work_counts(self.today())["applications"]  # voided ones are not counted (issue 28)
        shown = self.model.total
        self.count_label.setText(f"共 {total} 件" if shown == total else f"筛选出 {shown} 件 / 共 {total} 件")

    def _personal_toggled(self, on: bool) -> None:
        if self.model is not None:
            self.model.set_show_personal(on)
        self.detail.show_personal = on
        if self.detail.app:
            self.detail.show_application(self.detail.app["no"])

    # --- page ---------------------------------------------------------------------------------------------
    def refresh(self) -> None:
        self._fill_choice(self.year, [(f"{y}年", y) for y in self.ledger.applications.years()])
        self._fill_choice(self.handler, [(h, h) for h in self.ledger.query.handlers()])
        if self.model is None:
            self.model = ApplicationsModel(self.ledger.query, self.current_filter(), self)
            self.table.setModel(self.model)
            self.table.selectionModel().selectionChanged.connect(self._selection_changed)
            self.table.horizontalHeader().setSortIndicator(1, Qt.SortOrder.DescendingOrder)
            header = self.table.horizontalHeader()
            header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
            header.setStretchLastSection(True)
            saved = self.prefs.column_widths("applications")  # the officer's own widths, else the defaults
            widths = saved if len(saved) == len(COLUMN_WIDTHS) else COLUMN_WIDTHS
            for col, width in enumerate(widths):
                self.table.setColumnWidth(col, width)
            header.sectionResized.connect(self._remember_widths)
            self._update_count()
            if self.model.rows:
                self.table.selectRow(0)
        else:
            self.apply_filters()

    def _select(self, no: str) -> bool:
        assert self.model is not None
        r = self.model.row_of(no)
        if r is None:
            return False
        selection = self.table.selectionModel()  # this row only: a new row never joins the selection (issue 28)
        flags = QItemSelectionModel.SelectionFlag
        selection.setCurrentIndex(self.model.index(r, 0), flags.ClearAndSelect | flags.Rows)
        self.table.scrollTo(self.model.index(r, 0))
        self.detail.show_application(no)
        return True

    def select_application(self, no: str) -> bool:
        if self.model is None:
            self.refresh()
        if self._select(no):
            return True
        self.clear_filters()  # the application may be hidden by a filter
        return self._select(no)

    def selected_numbers(self) -> list[str]:
        if self.model is None:
            return []
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.model.rows[r]["no"] for r in rows]

    def _selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        if self.model is None:
            return
        current = self.table.selectionModel().currentIndex()
        indexes = self.table.selectionModel().selectedRows()
        if current.isValid() and self.table.selectionModel().isRowSelected(current.row()):
            row = self.model.rows[current.row()]
        elif indexes:
            row = self.model.rows[indexes[0].row()]
        else:
            return
        if not self.detail.app or self.detail.app["no"] != row["no"]:
            self.detail.show_application(row["no"])

    def context_actions(self) -> list[QAction]:
        """The list's context menu for the current application (修改登记信息, 作废; issue 28)."""
        edit = QAction("修改登记信息…", self)
        edit.triggered.connect(lambda: self.detail.edit_registration())
        void = QAction("作废…", self)
        void.triggered.connect(lambda: self.detail.void_application())
        for action in (edit, void):
            action.setEnabled(self.detail.app is not None)
        return [edit, void]

    def _context_menu(self, pos) -> None:
        menu = QMenu(self)
        menu.addActions(self.context_actions())
        menu.exec(self.table.viewport().mapToGlobal(pos))

    def _detail_changed(self, no: str) -> None:
        if self.model is None:
            return
        self.model.set_filter(self.current_filter())
        self._update_count()
        self.countsChanged.emit()  # a void changes the counts
        r = self.model.row_of(no)
        if r is not None:
            self.table.selectionModel().blockSignals(True)
            self.table.selectRow(r)
            self.table.selectionModel().blockSignals(False)

    def batch_letters(self, nos: list[str] | None = None) -> BatchLettersDialog | None:
        nos = nos or self.selected_numbers()
        if not nos:
            QMessageBox.information(self, "批量生成文书", "请先在列表中选中申请（按住 Ctrl 或 Shift 可多选）。")
            return None
        dialog = BatchLettersDialog(self.letters, nos, self.today(), self)
        dialog.finished.connect(lambda _r: self.detail.show_application(self.detail.app["no"])
                                if self.detail.app else None)
        dialog.open()
        return dialog

    # --- registration and export ------------------------------------------------------------------------
    def register(self) -> RegistrationDialog:
        dialog = RegistrationDialog(self.ledger, self.today(), self, self.prefs)
        dialog.accepted.connect(lambda: self._registered(dialog.created_no))
        dialog.open()
        return dialog

    def _registered(self, no: str | None) -> None:
        if not no:
            return
        self.refresh()
        self.select_application(no)
        self.registered.emit(no)
        self.countsChanged.emit()

    def _remember_widths(self, *_args: object) -> None:
        self.prefs.set_column_widths("applications", [self.table.columnWidth(c) for c in range(len(COLUMN_WIDTHS))])

    def print_list(self, printer=None) -> bool:
        """打印 the filtered list as shown (columns and order); up to printing.MAX_PRINT_ROWS applications."""
        from .printing import MAX_PRINT_ROWS, model_rows, print_table

        if self.model is None:
            return False
        if self.model.total > MAX_PRINT_ROWS:
            QMessageBox.information(self, "打印列表", f"当前列表共{self.model.total}件，超过{MAX_PRINT_ROWS}件。请先用筛选"
                                    "缩小范围，或导出为 Excel 后打印。")
            return False
        while self.model.canFetchMore():
            self.model.fetchMore()
        headers, rows = model_rows(self.model)
        organ = self.ledger.settings.profile().organ_name
        subtitle = f"{organ}　共{len(rows)}件　打印日期：{self.today().isoformat()}".strip("　")
        return print_table(self, "依申请公开台账", subtitle, headers, rows, printer)

    def _choose_export(self) -> None:
        name, _ = file_dialogs.get_save_file_name(self, "导出当前列表", f"依申请公开台账-{self.today().isoformat()}.xlsx",
                                              "Excel 工作簿 (*.xlsx)")
        if name:  # file_dialogs remembers the folder for the next export
            self.export(Path(name if name.endswith(".xlsx") else name + ".xlsx"))

    def export(self, target: Path) -> Operation[int] | None:
        """Export the filtered list (in its current order) to .xlsx in the background; personal data masked
        unless shown. Returns the running operation (its `result` is the number of applications written)."""
        assert self.model is not None
        flt = self.current_filter()
        sort, descending, total = self.model.sort_key, self.model.descending, self.model.total
        mask = not self.personal.isChecked()

        def work(ctx: OpContext) -> int:
            from ...documents.applications_xlsx import write_applications_xlsx  # openpyxl on first export

            rows = ctx.counted(ctx.ledger.query.iter_all(flt, sort, descending), total,
                               lambda n: f"正在导出第 {n} / {total} 件……")
            return write_applications_xlsx(
                rows, target, lambda row: status_from_cache(row["state"], row["due"], flt.today,
                                                            flt.soon_until).value, mask=mask,
                items=ctx.ledger.items.all_items())

        def done(n: int) -> None:
            show_saved_file(self, "已导出", f"已导出 {n} 件申请到 {target}。"
                            + ("证件号码和电话已脱敏。" if mask else ""), target)

        return run_op(self, "导出台账", work, ledger=self.ledger, label=f"正在导出 {total} 件申请……",
                      on_success=done)
