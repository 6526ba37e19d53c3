"""汇总下级单位年报: add the units' exported report files, check them against the unit list, and write the
summed tables with a per-unit sheet and the problems found (missing, duplicate, other year, failing tables).
Like `gongkai report aggregate`: files of different years need the year chosen; one unit in two different files
needs the file chosen; the result lists what was summed for each unit and does not depend on the file order."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ...core.annual_report import Aggregate, aggregate_reports
from ...services.annual_report import load_unit_reports
from ...storage.ledger import Ledger
from ..ops import OpContext, Operation, run_op, write_output
from . import file_dialogs

UNITS_KEY = "report.units"


class AggregateDialog(QDialog):
    def __init__(self, ledger: Ledger, parent: QWidget | None = None):
        super().__init__(parent)
        self.ledger = ledger
        self.result: Aggregate | None = None  # type: ignore[assignment]  # shadows QDialog.result() (unused); rename once the branches are merged
        self.setWindowTitle("汇总下级单位年报")
        self.resize(700, 620)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("各单位用本程序导出的年报 Excel 文件（或 gongkai report --json 的 JSON 文件）："))
        self.files = QListWidget()
        layout.addWidget(self.files, 1)
        row = QHBoxLayout()
        add = QPushButton("添加文件…")
        add.clicked.connect(self._choose_files)
        remove = QPushButton("移除选中")
        remove.clicked.connect(lambda: [self.files.takeItem(self.files.row(i)) for i in self.files.selectedItems()])
        row.addWidget(add)
        row.addWidget(remove)
        row.addStretch()
        layout.addLayout(row)
        layout.addWidget(QLabel("应报送单位名单（每行一个，用于发现未报送的单位；可不填）："))
        self.units = QPlainTextEdit(ledger.settings.get(UNITS_KEY, ""))
        self.units.setFixedHeight(110)
        layout.addWidget(self.units)
        year_row = QHBoxLayout()
        self.year = QSpinBox()
        self.year.setRange(0, 2100)
        self.year.setSpecialValueText("按文件")
        self.year.setValue(0)
        year_row.addWidget(QLabel("汇总年度（各文件年度不同时必须选择）"))
        year_row.addWidget(self.year)
        year_row.addStretch()
        layout.addLayout(year_row)
        self.pick_box = QWidget()
        self.pick_layout = QVBoxLayout(self.pick_box)
        self.pick_layout.setContentsMargins(0, 0, 0, 0)
        self.picks: dict[str, QComboBox] = {}
        layout.addWidget(self.pick_box)
        out_row = QHBoxLayout()
        self.out = QLineEdit()
        browse = QPushButton("浏览…")
        browse.clicked.connect(self._choose_out)
        out_row.addWidget(QLabel("汇总结果保存为"))
        out_row.addWidget(self.out, 1)
        out_row.addWidget(browse)
        layout.addLayout(out_row)
        self.report = QPlainTextEdit()
        self.report.setReadOnly(True)
        self.report.setMinimumHeight(150)
        layout.addWidget(self.report)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("汇总")
        buttons.accepted.connect(self.run)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def add_file(self, path: Path) -> None:
        self.files.addItem(str(path))

    def _choose_files(self) -> None:
        names, _ = file_dialogs.get_open_file_names(self, "选择年报文件", "", "年报文件 (*.xlsx *.json)")
        for name in names:
            self.add_file(Path(name))

    def _choose_out(self) -> None:
        name, _ = file_dialogs.get_save_file_name(self, "汇总结果", "年报汇总.xlsx", "Excel 工作簿 (*.xlsx)")
        if name:
            self.out.setText(name if name.endswith(".xlsx") else name + ".xlsx")

    def run(self) -> Operation[Aggregate] | None:
        """Read the unit files and write the sum in the background (取消 leaves no result file)."""
        paths = [Path(self.files.item(i).text()) for i in range(self.files.count())]
        if not paths:
            self.report.setPlainText("请先添加年报文件。")
            return None
        out = Path(self.out.text().strip())
        if out.suffix != ".xlsx":
            self.report.setPlainText("请选择汇总结果的保存位置（.xlsx）。")
            return None
        units_text = self.units.toPlainText().strip()
        self.ledger.settings.set(UNITS_KEY, units_text)
        units = [u.strip() for u in units_text.splitlines() if u.strip()] or None
        picks = {unit: combo.currentText() for unit, combo in self.picks.items() if combo.currentIndex() > 0}
        year = self.year.value() or None

        def work(ctx: OpContext) -> Aggregate:
            from ...documents.report_xlsx import (  # openpyxl on first use
                read_report_files,
                write_aggregate_xlsx,
            )

            def read(files: list[Path]) -> tuple[list, list[str]]:
                ctx.progress(0, len(files), f"正在读取 {len(files)} 个单位的年报……")
                return read_report_files(files)

            reports, problems = load_unit_reports(paths, read)
            agg = aggregate_reports(reports, units, year=year, picks=picks)
            agg.problems[:0] = problems
            if not agg.refused:
                ctx.progress(len(paths), len(paths), "正在写入汇总结果……")
                write_output(ctx, out, lambda tmp: write_aggregate_xlsx(agg, tmp))
            return agg

        def done(agg: Aggregate) -> None:
            if agg.refused:
                self._offer_picks(agg.duplicates)
                self.report.setPlainText("未汇总：\n" + "\n".join(agg.problems))
                return
            self.result = agg
            lines = [f"已汇总{agg.year}年{len(agg.units)}个单位：{out}"]
            lines += [f"  {line}" for line in agg.listing()]
            lines += [f"注意：{p}" for p in agg.problems] or ["未发现问题。"]
            self.report.setPlainText("\n".join(lines))

        return run_op(self, "汇总下级单位年报", work, ledger=self.ledger, on_success=done,
                      on_failure=lambda message, _e: self.report.setPlainText(message))

    def _offer_picks(self, duplicates: dict[str, list[str]]) -> None:
        """One chooser per unit that sent different files; the officer picks, then runs again."""
        for unit, files in duplicates.items():
            if unit in self.picks:
                continue
            row = QHBoxLayout()
            combo = QComboBox()
            combo.addItems(["（请选择）", *files])
            row.addWidget(QLabel(f"{unit} 计入的文件："))
            row.addWidget(combo, 1)
            self.pick_layout.addLayout(row)
            self.picks[unit] = combo
