"""Application-wide Qt set-up: Chinese locale, Qt's own zh_CN translations (确定/取消), CJK fonts, style."""

from __future__ import annotations

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QFont, QIcon
from PySide6.QtWidgets import QApplication

from ..paths import resources_dir
from . import theme

CJK_FAMILIES = ["Microsoft YaHei UI", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC",
                "WenQuanYi Micro Hei"]


def configure_application(app: QApplication) -> list[QTranslator]:
    """Returns the installed translators (keep a reference for the application's lifetime)."""
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    translators = []
    qt_translations = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for name in ("qtbase_zh_CN", "qt_zh_CN"):
        translator = QTranslator(app)
        if translator.load(name, qt_translations):
            app.installTranslator(translator)
            translators.append(translator)
    font = QFont(app.font())
    font.setFamilies([*CJK_FAMILIES, font.family()])
    font.setPointSize(max(font.pointSize(), 10))
    app.setFont(font)
    app.setStyleSheet(theme.STYLE_SHEET)
    icon = resources_dir() / "icons" / "gongkai.png"
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    return translators
