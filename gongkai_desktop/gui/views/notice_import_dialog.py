"""导入节假日安排通知: paste the State Council notice or open a .txt/.docx, check the parsed year on a
calendar, then save. Saving re-dates every open application; the moved due dates are shown."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ...core.holiday_notice import NoticeParseError, ParsedNotice, parse_notice
from ...core.workdays import WorkCalendar, cn_date, weekday_name
from ...documents.text import DocumentReadError, read_text
from ...storage.applications_repo import DueChange
from ...storage.ledger import Ledger
from ..ops import Operation, run_op
from .widgets import show_due_changes, warning_label
from .year_grid import YearGrid


class NoticeImportDialog(QDialog):
    def __init__(self, ledger: Ledger, parent: QWidget | None = None):
        super().__init__(parent)
        self.ledger = ledger
        self.parsed: ParsedNotice | None = None
        self.changes: list[DueChange] = []
        self.setWindowTitle("导入节假日安排通知")
        self.resize(1280, 800)
        layout = QVBoxLayout(self)
        intro = QLabel("将《国务院办公厅关于××××年部分节假日安排的通知》全文粘贴到左侧，或从 .txt/.docx 文件读取；"
                       "核对右侧识别结果和日历无误后保存。")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        split = QSplitter()
        left = QWidget()
        left_layout = QVBoxLayout(left)
        self.text = QPlainTextEdit()
        self.text.setPlaceholderText("在此粘贴通知全文……")
        self.text.textChanged.connect(self.reparse)
        left_layout.addWidget(self.text)
        row = QHBoxLayout()
        open_button = QPushButton("从文件读取…")
        open_button.clicked.connect(self._open_file)
        row.addWidget(open_button)
        row.addStretch()
        left_layout.addLayout(row)
        split.addWidget(left)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        self.summary = QLabel("尚未识别。")
        self.summary.setWordWrap(True)
        right_layout.addWidget(self.summary)
        self.warnings = warning_label()
        right_layout.addWidget(self.warnings)
        self.grid = YearGrid(columns=3)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.grid)
        right_layout.addWidget(scroll)
        split.addWidget(right)
        split.setSizes([360, 900])
        layout.addWidget(split, 1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(False)
        layout.addWidget(self.buttons)

    def _open_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "选择通知文件", "", "通知文件 (*.txt *.docx)")
        if name:
            self.load_file(Path(name))

    def load_file(self, path: Path) -> None:
        try:
            self.text.setPlainText(read_text(path))
        except DocumentReadError as exc:
            QMessageBox.warning(self, "无法读取文件", str(exc))

    def reparse(self) -> None:
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        text = self.text.toPlainText()
        try:
            self.parsed = parse_notice(text)
        except NoticeParseError as exc:
            self.parsed = None
            save.setEnabled(False)
            self.summary.setText(f"<span style='color:#c62828'>无法识别：{exc}</span>" if text.strip() else "尚未识别。")
            self.warnings.setVisible(False)
            return
        arr = self.parsed.arrangement
        lines = [f"<b>{arr.year}年</b>　{self.parsed.title}" + (f"（{cn_date(self.parsed.signed)}）" if self.parsed.signed else "")]
        for p in arr.holidays:
            cross = p.start.year != arr.year or p.end.year != arr.year
            span = cn_date(p.start, cross) + ("" if p.start == p.end else f"至{cn_date(p.end, cross)}")
            lines.append(f"{p.name}：{span}，共{(p.end - p.start).days + 1}天")
        work = "、".join(f"{cn_date(d, d.year != arr.year)}（{weekday_name(d)}）" for d in sorted(arr.workdays))
        lines.append(f"调休上班：{work or '无'}")
        if self.ledger.calendar.has_year(arr.year):
            lines.append(f"<span style='color:#8d4a00'>台账中已有{arr.year}年安排，保存将替换它。</span>")
        self.summary.setText("<br>".join(lines))
        self.warnings.setText("请核对：\n" + "\n".join(self.parsed.warnings))
        self.warnings.setVisible(bool(self.parsed.warnings))
        preview = WorkCalendar.from_arrangements([arr])
        self.grid.show_year(preview, arr.year)
        save.setEnabled(True)

    def save(self) -> Operation[list[DueChange]] | None:
        """Save the year and re-date every open application in the background (one transaction)."""
        if self.parsed is None:
            return None
        arrangement = self.parsed.arrangement

        def done(changes: list[DueChange]) -> None:
            self.changes = changes
            show_due_changes(self, changes, f"已保存{arrangement.year}年节假日安排")
            self.accept()

        return run_op(self, "导入节假日安排", lambda ctx: ctx.ledger.import_arrangement(arrangement),
                      ledger=self.ledger, label="正在保存并重新计算未办结申请的答复期限……", cancellable=False,
                      on_success=done)
