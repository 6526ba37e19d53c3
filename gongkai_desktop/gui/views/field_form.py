"""A form layout whose fields each carry a Chinese error message underneath (shown only when invalid)."""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtWidgets import QFormLayout, QLabel, QVBoxLayout, QWidget

W = TypeVar("W", bound=QWidget)


class FieldForm(QFormLayout):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.errors: dict[str, QLabel] = {}
        self.editors: dict[str, QWidget] = {}
        self.labels: dict[str, QLabel] = {}

    def add(self, key: str, label: str, editor: W) -> W:
        """Add a labelled row; returns `editor` itself, with its own type (a QLineEdit stays a QLineEdit)."""
        box = QWidget()
        inner = QVBoxLayout(box)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.setSpacing(2)
        inner.addWidget(editor)
        error = QLabel()
        error.setProperty("role", "error")
        error.setWordWrap(True)
        error.setVisible(False)
        inner.addWidget(error)
        caption = QLabel(label)
        caption.setBuddy(editor)
        self.addRow(caption, box)
        self.errors[key], self.editors[key], self.labels[key] = error, editor, caption
        return editor

    def show_errors(self, errors: dict[str, str]) -> list[str]:
        """Show the messages of this form's fields; returns the keys shown (first invalid first)."""
        shown = []
        for key, label in self.errors.items():
            message = errors.get(key, "")
            label.setText(message)
            label.setVisible(bool(message))
            if message:
                shown.append(key)
        return shown

    def set_row_visible(self, key: str, visible: bool) -> None:
        self.setRowVisible(self.labels[key], visible)
