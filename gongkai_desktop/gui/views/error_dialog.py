"""The dialog shown for an unexpected error: a plain Chinese sentence plus a copyable report."""

from __future__ import annotations

import platform

from PySide6 import __version__ as pyside_version
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ... import __version__


def build_report(details: str, log_file: str) -> str:
    return (
        f"政务公开台账 {__version__}\nPython {platform.python_version()}，PySide6 {pyside_version}，"
        f"{platform.system()} {platform.release()} {platform.machine()}\n日志文件：{log_file}\n\n{details}"
    )


class ErrorDialog(QDialog):
    def __init__(self, message: str, report: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("程序出错")
        self.resize(640, 420)
        layout = QVBoxLayout(self)
        label = QLabel(message)
        label.setWordWrap(True)
        layout.addWidget(label)
        layout.addWidget(QLabel("错误报告（可复制后发给技术支持，其中不含申请人信息）："))
        self.report = QPlainTextEdit(report)
        self.report.setReadOnly(True)
        layout.addWidget(self.report)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        copy = QPushButton("复制报告")
        copy.clicked.connect(lambda: QApplication.clipboard().setText(self.report.toPlainText()))
        buttons.addButton(copy, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
