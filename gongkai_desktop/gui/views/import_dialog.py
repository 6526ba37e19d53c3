"""导入已有台账: a wizard — file → column mapping → value review → preview → import.

Nothing is written until the last step, and then all rows or none: a file with bad rows lists every bad row
with its reason (and can save them as .xlsx with an error column). Mappings the officer confirms are kept in
the ledger and offered again for a file with the same headers.

Reading the file, the preview's check and the import run as gui/ops.py operations (a worker thread; the check
and the import on their own ledger connection) with a progress window after half a second and 取消; a
cancelled import is rolled back whole. Files over MAX_ROWS rows are refused with a message (documents/table_reader.py)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from ...core.applications import CATEGORIES, OUTCOME_BY_CODE, OUTCOMES, outcome_name
from ...core.ledger_import import (
    FIELDS,
    REQUIRED,
    ParsedRow,
    guess_mapping,
    header_signature,
    map_category,
    map_outcome,
    parse_rows,
    unmapped_values,
)
from ...documents.atomic import OutputFileError
from ...documents.table_reader import Table, TableReadError, read_table
from ...storage.import_writer import ImportRejected, ImportResult, check_import, import_rows
from ...storage.ledger import Ledger
from ..ops import OpContext, OperationCancelled, run_and_wait
from ..preferences import Preferences
from . import file_dialogs


def _table(headers: list[str]) -> QTableWidget:
    t = QTableWidget(0, len(headers))
    t.setHorizontalHeaderLabels(headers)
    t.verticalHeader().setVisible(False)
    t.horizontalHeader().setStretchLastSection(True)
    return t


class ImportWizard(QWizard):
    def __init__(self, ledger: Ledger, today: date, parent: QWidget | None = None, prefs: Preferences | None = None):
        super().__init__(parent)
        self.ledger, self.today = ledger, today
        self.prefs = prefs if prefs is not None else Preferences()  # remembered mappings are the officer's own
        self.table: Table | None = None
        self.mapping: dict[int, str] = {}
        self.outcome_map: dict[str, str] = {}
        self.category_map: dict[str, str] = {}
        self.rows: list[ParsedRow] = []
        self.result: ImportResult | None = None  # type: ignore[assignment]  # shadows QDialog.result() (unused); rename once the branches are merged
        self.setWindowTitle("导入已有的依申请公开台账")
        self.resize(900, 620)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)  # done: only 完成 (issue 28)
        self.file_page = FilePage(self)
        self.mapping_page = MappingPage(self)
        self.review_page = ReviewPage(self)
        self.preview_page = PreviewPage(self)
        self.done_page = DonePage(self)
        for page in (self.file_page, self.mapping_page, self.review_page, self.preview_page, self.done_page):
            self.addPage(page)
        self.setButtonText(QWizard.WizardButton.NextButton, "下一步 >")
        self.setButtonText(QWizard.WizardButton.BackButton, "< 上一步")
        self.setButtonText(QWizard.WizardButton.FinishButton, "完成")
        self.setButtonText(QWizard.WizardButton.CancelButton, "取消")

    def in_background(self, label: str, step: Callable[..., ImportResult]) -> ImportResult:
        """check_import or import_rows of the parsed rows, as a gui/ops.py operation: on a worker thread with its
        own ledger connection, progress after half a second, 取消 (raises OperationCancelled here; the import's
        transaction is rolled back whole)."""
        rows, today = self.rows, self.today

        def work(ctx: OpContext) -> ImportResult:
            own = ctx.ledger

            def progress(done: int, total: int) -> None:
                ctx.progress(done, total, f"{label.rstrip('…')}（{done:,} / {total:,}）")

            return step(own, rows, own.settings.profile(), own.calendar.load(), today, progress=progress)

        return run_and_wait(self, "导入台账", work, ledger=self.ledger, label=label)

    # mappings the officer confirmed, remembered per user (gui/preferences.py), not in the ledger's audit log
    def remember(self) -> None:
        assert self.table is not None
        self.prefs.remember_import_mapping(header_signature(self.table.headers), self.mapping)
        self.prefs.remember_import_values(self.outcome_map, self.category_map)


class FilePage(QWizardPage):
    def __init__(self, wizard: ImportWizard):
        super().__init__()
        self.w = wizard
        self.setTitle("第1步：选择文件")
        self.setSubTitle("支持 .xlsx、.xls（WPS/Excel 旧格式）和 .csv。表头可以不在第一行。")
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        self.path = QLineEdit()
        browse = QPushButton("浏览…")
        browse.clicked.connect(self._browse)
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        layout.addLayout(row)
        self.info = QLabel()
        self.info.setWordWrap(True)
        layout.addWidget(self.info)
        layout.addStretch()

    def _browse(self) -> None:
        name, _ = file_dialogs.get_open_file_name(self, "选择台账文件", "", "台账 (*.xlsx *.xls *.csv)")
        if name:
            self.path.setText(name)

    def validatePage(self) -> bool:
        path = Path(self.path.text().strip())
        try:
            self.w.table = run_and_wait(self, "读取文件", lambda _ctx: read_table(path), label="正在读取文件…",
                                        cancellable=False)
        except TableReadError as exc:
            self.info.setText(f"<span style='color:#c62828'>{exc}</span>")
            return False
        t = self.w.table
        saved = self.w.prefs.import_mapping(header_signature(t.headers), legacy_ledger=self.w.ledger)
        self.w.mapping = saved or guess_mapping(t.headers)
        self.w.outcome_map, self.w.category_map = self.w.prefs.import_value_maps(legacy_ledger=self.w.ledger)
        return True


class MappingPage(QWizardPage):
    def __init__(self, wizard: ImportWizard):
        super().__init__()
        self.w = wizard
        self.setTitle("第2步：核对列的对应")
        self.setSubTitle("已按表头名称自动对应，请核对。必需的列：" + "、".join(FIELDS[k] for k in REQUIRED) +
                         "（已办结的还需答复日期和办理结果）。")
        layout = QVBoxLayout(self)
        self.grid = _table(["文件中的列", "示例", "对应到"])
        layout.addWidget(self.grid)
        self.message = QLabel()
        self.message.setProperty("role", "error")
        layout.addWidget(self.message)
        self.combos: list[QComboBox] = []

    def initializePage(self) -> None:
        t = self.w.table
        assert t is not None
        self.grid.setRowCount(len(t.headers))
        self.combos = []
        for i, header in enumerate(t.headers):
            sample = next((r[i] for r in t.rows[:20] if i < len(r) and r[i] not in (None, "")), "")
            self.grid.setItem(i, 0, QTableWidgetItem(str(header or "")))
            self.grid.setItem(i, 1, QTableWidgetItem(str(sample)))
            combo = QComboBox()
            combo.addItem("（不导入）", None)
            for key, label in FIELDS.items():
                combo.addItem(label, key)
            combo.setCurrentIndex(max(0, combo.findData(self.w.mapping.get(i))))
            self.grid.setCellWidget(i, 2, combo)
            self.combos.append(combo)
        self.grid.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)

    def validatePage(self) -> bool:
        mapping = {i: c.currentData() for i, c in enumerate(self.combos) if c.currentData()}
        chosen = list(mapping.values())
        doubled = {FIELDS[k] for k in chosen if chosen.count(k) > 1}
        if doubled:
            self.message.setText("以下字段对应了多列：" + "、".join(doubled))
            return False
        missing = [FIELDS[k] for k in REQUIRED if k not in chosen]
        if missing:
            self.message.setText("缺少必需的列：" + "、".join(missing))
            return False
        self.w.mapping = mapping
        self.w.remember()
        return True


class ReviewPage(QWizardPage):
    def __init__(self, wizard: ImportWizard):
        super().__init__()
        self.w = wizard
        self.setTitle("第3步：对应办理结果和申请人类型")
        self.setSubTitle("文件中下列写法无法自动识别，请逐个指定对应的表三项或申请人类型（每种写法只需指定一次）。")
        layout = QVBoxLayout(self)
        self.grid = _table(["类别", "文件中的写法", "对应到"])
        layout.addWidget(self.grid)
        self.message = QLabel()
        self.message.setProperty("role", "error")
        layout.addWidget(self.message)
        self.items: list[tuple[str, str, QComboBox]] = []

    def initializePage(self) -> None:
        t = self.w.table
        assert t is not None
        mapping, outcome_map, category_map = dict(self.w.mapping), dict(self.w.outcome_map), dict(self.w.category_map)

        def scan(_ctx: OpContext) -> tuple[list[str], list[str]]:  # ~0.2 s for 10,000 rows: not on the GUI thread
            return (unmapped_values(t.rows, mapping, "outcome", map_outcome, outcome_map),
                    unmapped_values(t.rows, mapping, "category", map_category, category_map))

        outcomes, categories = run_and_wait(self, "读取文件", scan, label="正在查看办理结果和申请人类型的写法…",
                                            cancellable=False)
        self.grid.setRowCount(len(outcomes) + len(categories))
        self.items = []
        for r, (kind, text) in enumerate([("办理结果", x) for x in outcomes] + [("申请人类型", x) for x in categories]):
            self.grid.setItem(r, 0, QTableWidgetItem(kind))
            self.grid.setItem(r, 1, QTableWidgetItem(text))
            combo = QComboBox()
            combo.addItem("— 请选择 —", None)
            if kind == "办理结果":
                for o in OUTCOMES:
                    combo.addItem(o.full, o.code)
            else:
                for c in CATEGORIES:
                    combo.addItem(c, c)
            self.grid.setCellWidget(r, 2, combo)
            self.items.append((kind, text, combo))
        self.message.setText("" if self.items else "所有写法都已识别，可直接下一步。")

    def validatePage(self) -> bool:
        missing = [text for _k, text, combo in self.items if combo.currentData() is None]
        if missing:
            self.message.setText("请为以下写法选择对应项：" + "、".join(missing[:10]))
            return False
        for kind, text, combo in self.items:
            (self.w.outcome_map if kind == "办理结果" else self.w.category_map)[text] = combo.currentData()
        self.w.remember()  # kept even if the preview then finds bad rows and the import is abandoned (issue 28)
        return True


class PreviewPage(QWizardPage):
    def __init__(self, wizard: ImportWizard):
        super().__init__()
        self.w = wizard
        self.setTitle("第4步：预览")
        layout = QVBoxLayout(self)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.grid = _table(["行号", "申请编号", "收到日期", "申请人", "类型", "申请内容", "答复日期", "办理结果"])
        layout.addWidget(self.grid, 1)
        self.warnings = QLabel()  # rows imported as they are but worth checking (a wrong ID check digit, issue 28)
        self.warnings.setWordWrap(True)
        self.warnings.setProperty("role", "warning")
        layout.addWidget(self.warnings)
        self.save_errors = QPushButton("把出错的行另存为 Excel…")
        self.save_errors.clicked.connect(self._save_errors)
        layout.addWidget(self.save_errors)
        self.bad: list[ParsedRow] = []

    def initializePage(self) -> None:
        t = self.w.table
        assert t is not None
        mapping, outcome_map, category_map = dict(self.w.mapping), dict(self.w.outcome_map), dict(self.w.category_map)
        today = self.w.today
        self.w.rows = run_and_wait(  # ~0.6 s for 10,000 rows: not on the GUI thread
            self, "读取文件", lambda _ctx: parse_rows(t.rows, mapping, outcome_map, category_map, today, t.first_line),
            label="正在读取每一行…", cancellable=False)
        try:
            result = self.w.in_background("正在检查每一行…", check_import)
            self.bad = []
        except ImportRejected as exc:
            self.bad, result = exc.rows, None
        except OperationCancelled:
            self.bad, result = [], None
            self.summary.setText("已取消检查。可点“< 上一步”后再“下一步”重新检查。")
            self.grid.setRowCount(0)
            self.save_errors.setVisible(False)
            self.cancelled = True
            self.completeChanged.emit()
            return
        self.cancelled = False
        self.grid.setRowCount(0)
        if self.bad:
            self.summary.setText(f"<span style='color:#c62828'><b>{len(self.bad)} 行有错误，不能导入。</b></span>"
                                 "请在原文件中改正后重新导入（或另存出错的行，改好后导入）。")
            self.grid.setColumnCount(2)
            self.grid.setHorizontalHeaderLabels(["行号", "错误原因"])
            self.grid.setRowCount(len(self.bad))
            for r, row in enumerate(self.bad):
                self.grid.setItem(r, 0, QTableWidgetItem(str(row.line)))
                self.grid.setItem(r, 1, QTableWidgetItem("；".join(row.errors)))
        else:
            assert result is not None
            numbered = any(not r.values["no"] for r in self.w.rows)
            self.summary.setText(f"将导入 {len(result.imported)} 件申请；已在台账中、跳过 {len(result.skipped)} 行。"
                                 + ("文件中的申请编号照原样保留；未写编号的按收到日期先后编号。" if numbered else
                                    "申请编号照文件保留。") + "以下是前20行导入后的样子：")
            self.grid.setColumnCount(8)
            self.grid.setHorizontalHeaderLabels(["行号", "申请编号", "收到日期", "申请人", "类型", "申请内容", "答复日期",
                                                 "办理结果"])
            new = [r for r in self.w.rows if r.line not in set(result.skipped)][:20]
            self.grid.setRowCount(len(new))
            for r, (row, no) in enumerate(zip(new, result.imported, strict=False)):
                v = row.values
                values = [row.line, no, v["received"], v["applicant"], v["category"], v["content"],
                          v["closed_on"] or "", outcome_name(v["outcome"]) if v["outcome"] in OUTCOME_BY_CODE else ""]
                for c, value in enumerate(values):
                    self.grid.setItem(r, c, QTableWidgetItem(str(value)))
        self.save_errors.setVisible(bool(self.bad))
        warned = [r for r in self.w.rows if r.warnings]
        self.warnings.setText(
            f"⚠ {len(warned)} 行需要核对（照原样导入）：" + "；".join(f"第{r.line}行 {'，'.join(r.warnings)}"
                                                        for r in warned[:8]) + ("……" if len(warned) > 8 else "")
            if warned else "")
        self.warnings.setVisible(bool(warned))
        self.grid.resizeColumnsToContents()
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return not self.bad and not getattr(self, "cancelled", False)

    def _save_errors(self) -> None:
        name, _ = file_dialogs.get_save_file_name(self, "保存出错的行", "未导入的行.xlsx", "Excel 工作簿 (*.xlsx)")
        if name:
            self.write_errors(Path(name))

    def write_errors(self, target: Path) -> bool:
        from ...documents.applications_xlsx import write_import_errors  # openpyxl on first use

        t = self.w.table
        assert t is not None
        try:
            write_import_errors(t.headers, t.rows, t.first_line, {r.line: r.errors for r in self.bad}, target)
        except OutputFileError as exc:
            self.summary.setText(str(exc))
            return False
        return True

    def validatePage(self) -> bool:
        self.w.remember()
        try:
            self.w.result = self.w.in_background("正在导入…", import_rows)
        except ImportRejected as exc:
            self.bad = exc.rows
            self.summary.setText(str(exc))
            return False
        except OperationCancelled:
            self.summary.setText("已取消导入，台账没有任何改动。")
            return False
        return True


class DonePage(QWizardPage):
    def __init__(self, wizard: ImportWizard):
        super().__init__()
        self.w = wizard
        self.setTitle("导入完成")
        layout = QVBoxLayout(self)
        self.label = QLabel()
        self.label.setWordWrap(True)
        layout.addWidget(self.label)
        layout.addStretch()

    def initializePage(self) -> None:
        r = self.w.result
        assert r is not None
        self.label.setText(f"已导入 {len(r.imported)} 件申请，跳过已在台账中的 {len(r.skipped)} 行。导入已记入操作日志。")
