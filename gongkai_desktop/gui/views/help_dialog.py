"""帮助 → 使用说明: a short offline guide to the workflow (登记—补正—征求意见—延期—答复—送达—归档) with the 条例
articles, read from resources/help/guide.html (shipped with the program; no network)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from ...paths import resources_dir
from .widgets import available_geometry, fit_to_screen


def guide_html() -> str:
    path = resources_dir() / "help" / "guide.html"
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        return f"<p>找不到使用说明文件 {path}，程序安装可能不完整。</p>"


class HelpDialog(QDialog):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("使用说明")
        layout = QVBoxLayout(self)
        self.browser = QTextBrowser()
        self.browser.setOpenExternalLinks(False)
        self.browser.setHtml(guide_html())
        layout.addWidget(self.browser, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        fit_to_screen(self, available_geometry(parent), 760, 680)
