"""导入节假日安排通知: paste the State Council notice (or a supplementary notice) or open a .txt/.docx, check
the parsed days merged into the ledger's calendar — which days change, which stay as another notice set
them — then save. Saving re-dates every open application; the moved due dates are shown."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
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
from ...core.workdays import MergePlan, WorkCalendar, YearArrangement, cn_date, plan_merge, weekday_name
from ...documents.text import DocumentReadError, read_text
from ...storage.applications_repo import DueChange
from ...storage.ledger import Ledger
from ..ops import Operation, run_op
from . import file_dialogs
from .widgets import fit_to_screen, show_due_changes, warning_label
from .year_grid import YearGrid


class NoticeImportDialog(QDialog):
    def __init__(self, ledger: Ledger, parent: QWidget | None = None):
        super().__init__(parent)
        self.ledger = ledger
        self.parsed: ParsedNotice | None = None
        self.resolved: YearArrangement | None = None  # the notice's days, a 延长 notice's extension resolved
        self.plan: MergePlan | None = None
        self.changes: list[DueChange] = []
        self.setWindowTitle("导入节假日安排通知")
        fit_to_screen(self, None, 1280, 800)
        layout = QVBoxLayout(self)
        intro = QLabel("将《国务院办公厅关于××××年部分节假日安排的通知》或调整、延长假期的补充通知全文粘贴到左侧，"
                       "或从 .txt/.docx 文件读取；核对右侧识别结果、有变化的日期和日历无误后保存。"
                       "补充通知与已载入的安排合并，不会替换整年。")
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
        self.changes_label = QLabel()
        self.changes_label.setWordWrap(True)
        right_layout.addWidget(self.changes_label)
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
        name, _ = file_dialogs.get_open_file_name(self, "选择通知文件", "", "通知文件 (*.txt *.docx)")
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
        current = self.ledger.calendar.load()
        try:
            self.parsed = parse_notice(text)
            self.resolved = self.parsed.resolve_extensions(current)
        except NoticeParseError as exc:
            self.parsed = self.resolved = self.plan = None
            save.setEnabled(False)
            self.summary.setText(f"<span style='color:#c62828'>无法识别：{exc}</span>" if text.strip() else "尚未识别。")
            self.warnings.setVisible(False)
            self.changes_label.setVisible(False)
            return
        arr = self.resolved
        kind = "补充通知" if self.parsed.supplementary else "通知"
        lines = [f"<b>{arr.year}年</b>　{self.parsed.title}（{kind}）"
                 + (f"　{cn_date(self.parsed.signed)}" if self.parsed.signed else "")]
        for p in arr.holidays:
            cross = p.start.year != arr.year or p.end.year != arr.year
            span = cn_date(p.start, cross) + ("" if p.start == p.end else f"至{cn_date(p.end, cross)}")
            lines.append(f"{p.name}：{span}，共{(p.end - p.start).days + 1}天")
        work = "、".join(f"{cn_date(d, d.year != arr.year)}（{weekday_name(d)}）" for d in sorted(arr.workdays))
        lines.append(f"调休上班：{work or '无'}")
        self.summary.setText("<br>".join(lines))
        self.warnings.setText("请核对：\n" + "\n".join(self.parsed.warnings))
        self.warnings.setVisible(bool(self.parsed.warnings))
        self.plan = plan_merge(current.arrangements, arr)
        self.changes_label.setText(self._changes_text(self.plan, arr.year in current.arrangements))
        self.changes_label.setVisible(True)
        merged = {**current.arrangements, **{a.year: a for a in self.plan.arrangements}}
        self.grid.show_year(WorkCalendar(merged, current.overrides), arr.year)
        save.setEnabled(True)

    @staticmethod
    def _changes_text(plan: MergePlan, had_year: bool, limit: int = 12) -> str:
        head = "台账中已有该年安排，本通知与之合并（其他通知确定的日期不会丢失）。" if had_year else ""
        if not plan.changes:
            lines = [head + "与台账中的日历相比，没有哪一天的上班或放假安排发生变化。"]
        else:
            lines = [head + f"保存后<b>{len(plan.changes)}天</b>发生变化："]
            lines += [f"　{c.text()}" for c in plan.changes[:limit]]
            if len(plan.changes) > limit:
                lines.append(f"　……另有{len(plan.changes) - limit}天")
        if plan.kept:
            lines.append(f"<span style='color:#8d4a00'>{len(plan.kept)}天以其他通知为准，不按本通知修改：</span>")
            lines += [f"　{c.text()}" for c in plan.kept[:limit]]
        lines.append("保存后重算所有未办结申请的答复期限，并列出期限有变动的申请。")
        return "<br>".join(lines)

    def save(self) -> Operation[list[DueChange]] | None:
        """Save the year (merged with what the ledger holds) and re-date every open application in the
        background (one transaction)."""
        if self.parsed is None or self.resolved is None:
            return None
        arrangement = self.resolved

        def done(changes: list[DueChange]) -> None:
            self.changes = changes
            show_due_changes(self, changes, f"已保存{arrangement.year}年节假日安排")
            self.accept()

        return run_op(self, "导入节假日安排", lambda ctx: ctx.ledger.import_arrangement(arrangement),
                      ledger=self.ledger, label="正在保存并重新计算未办结申请的答复期限……", cancellable=False,
                      on_success=done)
