"""设置 · 办理规则: the office's workflow rules (core/rules.py), each with its default and the source of it.

Saving stores the rules in the ledger (audited) and re-dates open applications, since the clock follows
some of them (补正期限默认, 收费通知是否暂停计时)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ...core.rules import OUTCOME_GROUPS, RULE_SETTINGS, CaseRules, RulesError, format_rule, parse_rule
from ...storage.ledger import Ledger
from .widgets import show_due_changes


class GroupPicker(QWidget):
    """Tick boxes for the 表三 outcome groups (予以公开 … 其他处理)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.boxes = {code: QCheckBox(name) for code, name in OUTCOME_GROUPS.items()}
        for box in self.boxes.values():
            row.addWidget(box)
        row.addStretch()

    def value(self) -> tuple[str, ...]:
        return tuple(code for code, box in self.boxes.items() if box.isChecked())

    def set_value(self, codes: tuple[str, ...]) -> None:
        for code, box in self.boxes.items():
            box.setChecked(code in codes)


class RulesPanel(QWidget):
    saved = Signal()

    def __init__(self, ledger: Ledger, parent: QWidget | None = None,
                 on_error: Callable[[str], None] | None = None):
        super().__init__(parent)
        self.ledger = ledger
        layout = QVBoxLayout(self)
        hint = QLabel("这些规则决定期限计算、内部审批的要求和提醒；鼠标停在规则上可查看默认值和依据。修改后，未办结申请的期限随之重算。")
        hint.setWordWrap(True)
        layout.addWidget(hint)
        form = QFormLayout()
        layout.addLayout(form)
        self.editors: dict[str, QWidget] = {}
        default = CaseRules()
        for spec in RULE_SETTINGS:
            editor: QWidget
            if spec.kind == "int":
                spin = QSpinBox()
                spin.setRange(spec.minimum, spec.maximum)
                editor = spin
            elif spec.kind == "bool":
                editor = QCheckBox("是")
            elif spec.kind in ("text", "retention"):
                editor = QLineEdit()
            else:
                editor = GroupPicker()
            tip = f"默认：{format_rule(spec, getattr(default, spec.key))}\n依据：{spec.source}"
            editor.setToolTip(tip)
            label = QLabel(spec.label)
            label.setToolTip(tip)
            form.addRow(label, editor)
            self.editors[spec.key] = editor
        buttons = QHBoxLayout()
        self.save_button = QPushButton("保存规则")
        self.save_button.clicked.connect(self.save)
        self.default_button = QPushButton("恢复默认")
        self.default_button.clicked.connect(lambda: self.show_rules(CaseRules()))
        self.message = QLabel()
        self.message.setWordWrap(True)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.default_button)
        buttons.addWidget(self.message, 1)
        layout.addLayout(buttons)
        layout.addStretch()

    def refresh(self) -> None:
        self.show_rules(self.ledger.rules)
        self.message.setText("")

    def show_rules(self, rules: CaseRules) -> None:
        for spec in RULE_SETTINGS:
            editor, value = self.editors[spec.key], getattr(rules, spec.key)
            if isinstance(editor, QSpinBox):
                editor.setValue(value)
            elif isinstance(editor, QCheckBox):
                editor.setChecked(value)
            elif isinstance(editor, GroupPicker):
                editor.set_value(value)
            elif isinstance(editor, QLineEdit):
                editor.setText(format_rule(spec, value))

    def rules(self) -> CaseRules:
        values: dict[str, object] = {}
        for spec in RULE_SETTINGS:
            editor = self.editors[spec.key]
            if isinstance(editor, QSpinBox):
                values[spec.key] = editor.value()
            elif isinstance(editor, QCheckBox):
                values[spec.key] = editor.isChecked()
            elif isinstance(editor, GroupPicker):
                values[spec.key] = editor.value()
            elif isinstance(editor, QLineEdit):
                values[spec.key] = parse_rule(spec, editor.text())
        return CaseRules(**values)  # type: ignore[arg-type]

    def save(self) -> bool:
        try:
            rules = self.rules()
        except RulesError as exc:
            self.message.setText(str(exc))
            return False
        if rules == self.ledger.rules:
            self.message.setText("规则没有改动。")
            return True
        changes = self.ledger.save_rules(rules)
        self.message.setText("规则已保存。")
        if changes:
            show_due_changes(self, changes, "办理规则修改")
        self.saved.emit()
        return True
