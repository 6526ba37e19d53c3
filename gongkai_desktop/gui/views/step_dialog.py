"""记录办理事项 / 内部审批: one dialog for every step of the step table (core/steps.py).

The fields shown are the step's own (its date, its fields, a signature and a result where the table asks for
them). Saving goes through `CaseService.record`, which checks the step against the table, the office's rules
and the clock; a refusal is shown in the dialog and nothing is written."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ...core.applications import BASIS_CHOICES, OUTCOMES
from ...core.fees import FEE_METHODS, FeeError, compute_fee
from ...core.letters import LETTER_TYPES
from ...core.steps import FieldKind, StepDef, StepError, StepField, default_correction_until, save_warnings
from ...services.annual_report import FinalisedYearError
from ...services.case import CaseService, CaseView
from .earlier_answers import EarlierAnswersBox
from .field_form import FieldForm
from .widgets import date_edit, error_label, ok_cancel_buttons, picked, qdate

_INT_RANGES = {"days": (1, 200), "feedback_days": (1, 60), "amount": (0, 10_000_000), "pages": (0, 100_000)}


class StepDialog(QDialog):
    def __init__(self, service: CaseService, no: str, step: StepDef, today: date, parent: QWidget | None = None):
        super().__init__(parent)
        self.service, self.no, self.step, self.today = service, no, step, today
        self.view: CaseView = service.view(no, today)
        app = self.view.app
        self.result_text = ""
        self.setWindowTitle(f"{step.label} — {no}")
        self.setMinimumWidth(560)
        outer = QVBoxLayout(self)
        head = QLabel(f"<b>{app['no']}</b>　{app['applicant']}<br>{app['content_title']}"
                      + (f"<br><span style='color:#555'>{step.effect}</span>" if step.effect else ""))
        head.setWordWrap(True)
        outer.addWidget(head)
        body = QWidget()
        self.form = FieldForm(body)
        scroll = QScrollArea()  # long steps (保密审查) stay usable on a 1024×768 screen
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)

        self.day = self.form.add("day", step.date_label, date_edit(today))
        self.day.setMaximumDate(qdate(today))
        self.day.setMinimumDate(qdate(date.fromisoformat(app["received"])))
        self.widgets: dict[str, QWidget] = {}
        self.optional_dates: dict[str, QCheckBox] = {}
        for f in step.fields:
            self._add_field(f)
        if step.signer:
            self.signer = self.form.add("signer", step.signer, QLineEdit())
            self.signer.setPlaceholderText("签署人姓名（纸质文件上签字的人）")
        if step.results:
            self.conclusion = self.form.add("result", "结论", QComboBox())
            self.conclusion.addItems(step.results)
        self._prefill()
        if "until" in self.optional_dates:  # 补正期限: the greyed date previews the default for the chosen day
            self.day.dateChanged.connect(self._preview_until)
            self.optional_dates["until"].toggled.connect(self._preview_until)
            self._preview_until()
        if step.slug in ("replied", "draft"):  # issue 20: earlier answers to the same information, by anyone
            self.earlier = EarlierAnswersBox(service.ledger)
            self.earlier.show_for(" ".join(filter(None, (app["content_title"], app.get("doc_number")))), app["id"])
            outer.addWidget(self.earlier)

        self.message = error_label()
        outer.addWidget(self.message)
        buttons = ok_cancel_buttons("保存", self.save, self.user_cancel)
        outer.addWidget(buttons)
        self._pristine = self._snapshot()

    def _snapshot(self) -> str:
        return repr(sorted((k, repr(v)) for k, v in self.values().items()))

    def _discard_ok(self) -> bool:
        """Whether typed-in values may be discarded: asks only when something was typed (issue 28 #11)."""
        return self.result() == QDialog.DialogCode.Accepted or self._snapshot() == self._pristine or \
            QMessageBox.question(self, "放弃填写", f"“{self.step.label}”已填写的内容尚未保存，确定放弃吗？",
                                 QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
                                 QMessageBox.StandardButton.Cancel) == QMessageBox.StandardButton.Discard

    def user_cancel(self) -> None:
        """The officer's 取消 or Esc: asks before discarding typed values. A programmatic `reject()`/`close()`
        (the window closing, a test) does not ask."""
        if self._discard_ok():
            self.reject()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if event.key() == Qt.Key.Key_Escape and not event.modifiers():
            self.user_cancel()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        if event.spontaneous() and not self._discard_ok():  # the title bar's ×, not close() from code
            event.ignore()
            return
        super().closeEvent(event)

    # --- building the form --------------------------------------------------------------------------
    def _add_field(self, f: StepField) -> None:
        form = self.form
        label = f.label + ("" if f.required or f.kind in (FieldKind.BOOL, FieldKind.FEE) else "（选填）")
        widget: QWidget
        if f.kind is FieldKind.FEE:
            self._add_fee_fields()
            return
        if f.kind is FieldKind.DATE:
            check = QCheckBox(f.help or f"填写{f.label}")
            form.addRow("", check)
            widget = form.add(f.key, f.label, date_edit(self.today))
            check.toggled.connect(widget.setEnabled)
            widget.setEnabled(False)
            self.optional_dates[f.key] = check
            setattr(self, f"{f.key}_check", check)
        elif f.kind is FieldKind.INT:
            spin = QSpinBox()
            spin.setRange(*_INT_RANGES.get(f.key, (0, 100_000)))
            widget = form.add(f.key, label, spin)
        elif f.kind is FieldKind.LONGTEXT:
            edit = QPlainTextEdit()
            edit.setMaximumHeight(edit.fontMetrics().lineSpacing() * 4 + 12)
            edit.setTabChangesFocus(True)
            widget = form.add(f.key, label, edit)
        elif f.kind is FieldKind.BOOL:
            widget = form.add(f.key, "", QCheckBox(f.label))
        elif f.kind is FieldKind.OUTCOME:
            combo = QComboBox()
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(24)
            combo.addItem("— 请选择 —", None)
            for o in OUTCOMES:
                combo.addItem(o.full, o.code)
            combo.currentIndexChanged.connect(self._outcome_changed)
            widget = form.add(f.key, label, combo)
        elif f.kind in (FieldKind.BASIS, FieldKind.CHOICE, FieldKind.LETTER):
            combo = QComboBox()
            choices = self._choices(f)
            combo.setEditable(f.kind is FieldKind.BASIS or not f.choices and f.kind is not FieldKind.LETTER
                              and f.key != "ref")
            for text, data in choices:
                combo.addItem(text, data)
            if not f.required and f.kind is FieldKind.CHOICE and f.choices:
                combo.insertItem(0, "", None)
                combo.setCurrentIndex(0)
            widget = form.add(f.key, label, combo)
        else:
            line = QLineEdit()
            line.setPlaceholderText(f.help)
            widget = form.add(f.key, label, line)
        if f.help and f.kind is not FieldKind.DATE:
            widget.setToolTip(f.help)
        self.widgets[f.key] = widget
        setattr(self, f.key, widget)

    def _choices(self, f: StepField) -> list[tuple[str, Any]]:
        if f.key == "ref" and self.step.slug == "consult-answered":
            return [(r, r) for r in self.view.state.open_consults]
        if f.kind is FieldKind.LETTER and self.step.slug == "delivered":  # 补记妥投: deliveries without a 妥投 yet
            return [(no, no) for no in dict.fromkeys(self.view.state.awaiting_receipt)]
        if f.kind is FieldKind.LETTER:
            rows = self.service.ledger.letters.for_application(self.view.app["id"])
            return [(f"{r['doc_number']}（{r['issued']}）", r["doc_number"]) for r in rows]
        if f.key == "letter":  # 拟用文书: reply letters
            return [("", None)] + [(t.name, t.slug) for t in LETTER_TYPES if t.outcomes]
        return [(c, c) for c in f.choices]

    def _add_fee_fields(self) -> None:
        self.fee_method = self.form.add("fee_method", "计收方式", QComboBox())
        self.fee_method.addItems(FEE_METHODS)
        self.fee_units = self.form.add("fee_units", "本月第几件", QSpinBox())
        self.fee_units.setRange(1, 100000)
        self.fee_text = QLabel()
        self.fee_text.setWordWrap(True)
        self.fee_text.setMinimumHeight(self.fee_text.fontMetrics().lineSpacing() * 3 + 4)
        self.form.addRow("计算", self.fee_text)
        self.fee_method.currentTextChanged.connect(self._fee_method_changed)
        self.fee_units.valueChanged.connect(self._update_fee)
        self._fee_method_changed(self.fee_method.currentText())

    def _fee_method_changed(self, method: str) -> None:
        if method == "按件":
            self.form.labels["fee_units"].setText("本月第几件")
            self.fee_units.setValue(self.service.ledger.applications.month_rank(self.view.app))
        else:
            self.form.labels["fee_units"].setText("页数")
            self.fee_units.setValue(31)
        self._update_fee()

    def _update_fee(self) -> None:
        try:
            self.fee_text.setText(compute_fee(self.fee_method.currentText(), self.fee_units.value()).explanation)
        except FeeError as exc:
            self.fee_text.setText(str(exc))

    def _outcome_changed(self) -> None:
        basis = self.widgets.get("basis")
        outcome = self.widgets.get("outcome")
        if isinstance(basis, QComboBox) and isinstance(outcome, QComboBox):
            basis.clear()
            code = outcome.currentData()
            if code:
                basis.addItems(BASIS_CHOICES[code])

    def _prefill(self) -> None:
        """Sensible defaults: the approved 拟办意见's outcome for a reply, the rules' periods, the fee amount."""
        rules = self.service.ledger.rules
        days = self.widgets.get("days")
        if isinstance(days, QSpinBox):
            days.setRange(1, 20 if self.step.slug == "extended" else 200)
            days.setValue(20 if self.step.slug == "extended" else 10)
        feedback = self.widgets.get("feedback_days")
        if isinstance(feedback, QSpinBox):
            feedback.setValue(rules.feedback_days)
        amount = self.widgets.get("amount")
        if isinstance(amount, QSpinBox):
            amount.setValue(self.view.app.get("fee_amount") or 0)
        draft = self.view.state.draft
        outcome = self.widgets.get("outcome")
        if draft is not None and self.step.slug == "replied" and isinstance(outcome, QComboBox):
            outcome.setCurrentIndex(max(0, outcome.findData(draft.data.get("outcome"))))
            basis = self.widgets.get("basis")
            if isinstance(basis, QComboBox) and draft.data.get("basis"):
                basis.setCurrentText(draft.data["basis"])
        handler = self.widgets.get("handler")
        if isinstance(handler, QLineEdit):
            handler.setText(self.view.app.get("handler") or "")
        info = self.widgets.get("info_name")  # 保密审查: the information asked for, as a start
        if isinstance(info, QLineEdit):
            info.setText(self.view.app.get("content_title") or "")
        doc_no = self.widgets.get("doc_no")
        if isinstance(doc_no, QLineEdit):
            doc_no.setText(self.view.app.get("doc_number") or "")

    def _preview_until(self, *_: Any) -> None:
        """While 补正期限 is not set by hand, show the default the clock will use (rules' working days after the
        chosen issue date)."""
        until = self.widgets["until"]
        if self.optional_dates["until"].isChecked():
            until.setToolTip("")
            return
        default = default_correction_until(picked(self.day), self.service.ledger.calendar.load(),
                                           self.service.ledger.rules)
        until.setDate(qdate(default))  # type: ignore[attr-defined]
        until.setToolTip(f"未勾选时按设置的默认补正期限（{self.service.ledger.rules.correction_period_days}个工作日）计算")

    # --- saving -----------------------------------------------------------------------------------
    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {"day": picked(self.day)}
        for f in self.step.fields:
            if f.kind is FieldKind.FEE:
                out["fee"] = (self.fee_method.currentText(), self.fee_units.value())
                continue
            w = self.widgets[f.key]
            if f.kind is FieldKind.DATE:
                if self.optional_dates[f.key].isChecked():
                    out[f.key] = picked(w)  # type: ignore[arg-type]
            elif isinstance(w, QSpinBox):
                out[f.key] = w.value()
            elif isinstance(w, QPlainTextEdit):
                out[f.key] = w.toPlainText().strip()
            elif isinstance(w, QCheckBox):
                out[f.key] = w.isChecked()
            elif isinstance(w, QComboBox):
                data = w.currentData()
                out[f.key] = data if data is not None and not w.isEditable() else (
                    data if f.kind is FieldKind.OUTCOME else w.currentText().strip())
            elif isinstance(w, QLineEdit):
                out[f.key] = w.text().strip()
        if self.step.signer:
            out["signer"] = self.signer.text().strip()
        if self.step.results:
            out["result"] = self.conclusion.currentText()
        return out

    def save(self) -> None:
        values = self.values()
        warnings = save_warnings(self.step, values, self.view.state)
        if warnings and QMessageBox.question(
                self, self.step.label, "\n\n".join(warnings) + "\n\n仍要登记吗？",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel) != QMessageBox.StandardButton.Yes:
            self.message.setText("未保存：" + warnings[0])
            return
        try:
            done = self.service.record(self.no, self.step.slug, values, self.today)
        except FinalisedYearError as exc:  # the reply changes a published 表三: only with a reason (issue 22)
            reason, ok = QInputDialog.getText(self, "已定稿年度", "\n".join(i.message for i in exc.impacts)
                                              + "\n\n如确需补录，请写明原因（记入操作日志，年度报告页列出）：")
            if not ok or not reason.strip():
                self.message.setText("未保存：" + exc.impacts[0].message + "补录须写明原因。")
                return
            try:
                done = self.service.record(self.no, self.step.slug, {**values, "finalised_reason": reason}, self.today)
            except (StepError, FeeError) as again:
                self.message.setText(str(again))
                return
        except (StepError, FeeError) as exc:
            self.message.setText(str(exc))
            return
        self.result_text = done.message + "".join(f" 提醒：{w}" for w in done.warnings)
        self.accept()
