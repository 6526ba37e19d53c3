"""复议/诉讼: record or update a 行政复议 or 行政诉讼 about an application (counted in 年度报告表四): the date the
申请书副本/起诉状副本 was received, the 程序, the agency's answer deadline computed live with its trail
(core/reviews.py), the 答复/答辩 submitted date, hearing dates, the decision's result (mapped to 表四) and 文号;
and the 复议答复书 / 行政诉讼答辩状 with its 证据目录 (services/reviews.py)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...core.reviews import OUTCOMES, PROCEDURES, answer_deadline, section4_result
from ...core.workdays import cn_date
from ...paths import resources_dir
from ...services.reviews import ReviewService, ReviewServiceError
from ...storage.ledger import Ledger
from ...storage.reviews_repo import REVIEW_KINDS, ReviewError, validate_review
from . import file_dialogs
from .field_form import FieldForm
from .widgets import date_edit, error_label, picked


def _iso(edit: Any) -> str:
    return edit.date().toString("yyyy-MM-dd")


class ReviewDialog(QDialog):
    def __init__(self, ledger: Ledger, app: dict[str, Any], today: date, review: dict[str, Any] | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.ledger, self.app, self.review, self.today = ledger, app, review, today
        self.setWindowTitle(f"复议、诉讼 — {app['no']}")
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        self.form = f = FieldForm()
        layout.addLayout(f)
        self.kind = f.add("kind", "类型", QComboBox())
        self.kind.addItems(REVIEW_KINDS)
        self.procedure = f.add("procedure", "程序", QComboBox())
        self.procedure.addItems([f"{p}程序" for p in PROCEDURES])
        self.organ = f.add("organ", "复议机关或法院", QLineEdit())
        self.filed = f.add("filed", "申请（起诉）日期", date_edit(today))
        self.copy_received = f.add("copy_received", "收到副本日期", date_edit(today))
        self.copy_received.setToolTip("收到行政复议申请书副本或起诉状副本的日期，答复（答辩）期限自次日起算")
        self.deadline = QLabel()
        self.deadline.setWordWrap(True)
        f.addRow("答复（答辩）期限", self.deadline)
        self.answered_check = QCheckBox("已提交答复（答辩）")
        f.addRow("", self.answered_check)
        self.answered = f.add("answered", "提交日期", date_edit(today))
        self.hearings = f.add("hearings", "听证（开庭）日期", QLineEdit())
        self.hearings.setPlaceholderText("如 2026-10-12、2026-11-03")
        self.decided_check = QCheckBox("已作出决定（裁判）")
        f.addRow("", self.decided_check)
        self.outcome = f.add("outcome", "结果", QComboBox())
        self.outcome.addItems(OUTCOMES)
        self.section4 = QLabel()
        f.addRow("表四计入", self.section4)
        self.decided = f.add("decided", "决定（裁判）日期", date_edit(today))
        self.doc_no = f.add("doc_no", "决定书（判决书）文号", QLineEdit())
        self.note = f.add("note", "备注", QLineEdit())
        profile = ledger.settings.profile()
        self.organ.setText(profile.review_organ)
        if review:
            self.kind.setCurrentText(review["kind"])
            self.procedure.setCurrentText(f"{review.get('procedure') or '普通'}程序")
            self.filed.setDate(QDate.fromString(review["filed"], "yyyy-MM-dd"))
            self.organ.setText(review["organ"] or "")
            if review.get("copy_received"):
                self.copy_received.setDate(QDate.fromString(review["copy_received"], "yyyy-MM-dd"))
            if review.get("answered"):
                self.answered.setDate(QDate.fromString(review["answered"], "yyyy-MM-dd"))
            self.hearings.setText(review.get("hearings") or "")
            if review.get("outcome"):
                self.outcome.setCurrentText(review["outcome"])
            if review["decided"]:
                self.decided.setDate(QDate.fromString(review["decided"], "yyyy-MM-dd"))
            self.doc_no.setText(review.get("doc_no") or "")
            self.note.setText(review["note"] or "")
        self.answered_check.setChecked(bool(review and review.get("answered")))
        self.decided_check.setChecked(bool(review and review["decided"]))
        for signal in (self.kind.currentTextChanged, self.procedure.currentTextChanged,
                       self.copy_received.dateChanged, self.outcome.currentTextChanged,
                       self.answered_check.toggled, self.decided_check.toggled):
            signal.connect(self._update)
        self._update()
        self.message = error_label()
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("保存")
        self.answer_button = QPushButton("生成答复书（答辩状）…")
        self.answer_button.setToolTip("保存后按台账生成复议答复书或行政诉讼答辩状，附证据目录；可同时导出证据材料")
        self.answer_button.setEnabled(review is not None)
        self.answer_button.clicked.connect(self._choose_answer)
        buttons.addButton(self.answer_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _update(self) -> None:
        is_review = self.kind.currentText() == "行政复议"
        self.procedure.setEnabled(is_review)
        if not is_review:
            self.procedure.setCurrentText("普通程序")
        d = answer_deadline(self.kind.currentText(), picked(self.copy_received), self.ledger.calendar.load(),
                            simplified=self.procedure.currentText() == "简易程序")
        self.deadline.setText(f"<b>{cn_date(d.due, with_weekday=True)}</b>{'（暂定）' if d.provisional else ''}"
                              f"（{d.basis}）<br>" + "<br>".join(d.trail))
        self.answered.setEnabled(self.answered_check.isChecked())
        on = self.decided_check.isChecked()
        for w in (self.outcome, self.decided, self.doc_no):
            w.setEnabled(on)
        self.section4.setText(section4_result(self.outcome.currentText() if on else None))

    def data(self) -> dict[str, Any]:
        decided = self.decided_check.isChecked()
        return {"kind": self.kind.currentText(), "filed": _iso(self.filed), "organ": self.organ.text().strip(),
                "copy_received": _iso(self.copy_received), "procedure": self.procedure.currentText().removesuffix("程序"),
                "answered": _iso(self.answered) if self.answered_check.isChecked() else None,
                "hearings": self.hearings.text().strip() or None,
                "outcome": self.outcome.currentText() if decided else None,
                "decided": _iso(self.decided) if decided else None,
                "result": section4_result(self.outcome.currentText() if decided else None),
                "doc_no": self.doc_no.text().strip() if decided else None, "note": self.note.text().strip()}

    def save(self) -> None:
        data = self.data()
        errors = validate_review(data)
        if errors:
            self.form.show_errors(errors)
            return
        try:
            self.ledger.reviews.save(self.app["id"], data, self.review["id"] if self.review else None)
        except ReviewError as exc:
            self.message.setText(str(exc))
            return
        self.accept()

    def _choose_answer(self) -> None:
        name, _ = file_dialogs.get_save_file_name(self, "保存答复书（答辩状）", f"答复书-{self.app['no']}.docx",
                                              "Word 文档 (*.docx)")
        if name:
            folder = file_dialogs.get_existing_directory(self, "导出证据材料到（可取消，只生成答复书）")
            self.make_answer(Path(name), Path(folder) / f"证据材料-{self.app['no']}" if folder else None)

    def make_answer(self, target: Path, bundle: Path | None = None) -> Path | None:
        """Generate the 答复书/答辩状 (and export the evidence) for the saved record; the message line says how."""
        if self.review is None:
            return None
        from ...documents.atomic import OutputFileError
        from ...documents.letter_docx import TemplateProblem

        service = ReviewService.for_ledger(self.ledger, resources_dir() / "templates")
        try:
            done = service.answer(str(self.review["id"]), target, self.today, bundle)
        except (ReviewServiceError, TemplateProblem, OutputFileError) as exc:
            self.message.setText(str(exc))
            return None
        self.message.setProperty("role", "")
        self.message.setText(f"已生成 {done.path.name}（证据目录{len(done.evidence)}项）"
                             + (f"，证据材料已导出到 {done.bundle}" if done.bundle else "") + "。")
        return done.path
