"""Application-wide Qt set-up: Chinese locale, Qt's own zh_CN translations (确定/取消), CJK fonts, style, and
Python's cyclic garbage collection kept on the GUI thread."""

from __future__ import annotations

import gc
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QObject, QTimer, QTranslator
from PySide6.QtGui import QFont, QIcon
from PySide6.QtWidgets import QApplication

from ..paths import resources_dir
from . import theme

CJK_FAMILIES = ["Microsoft YaHei UI", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC",
                "WenQuanYi Micro Hei"]


def translation_dirs() -> list[str]:
    """Where Qt's own translations may be: Qt's configured path, then PySide6's translations folder (a frozen
    build may move it)."""
    import PySide6

    here = Path(PySide6.__file__).resolve().parent
    found = [QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath),
             str(here / "Qt" / "translations"), str(here / "translations")]
    return list(dict.fromkeys(d for d in found if d and Path(d).is_dir()))


def collect_if_due() -> None:
    """One step of Python's generational collection, as the interpreter would do it, but on the calling thread."""
    threshold, count = gc.get_threshold(), gc.get_count()
    if count[0] > threshold[0]:
        generation = 2 if count[2] > threshold[2] else 1 if count[1] > threshold[1] else 0
        gc.collect(generation)


class MainThreadGarbageCollector(QObject):
    """Runs Python's cyclic garbage collection on the GUI thread only.

    With automatic collection on, a collection is triggered by whichever thread allocates — also a QThread worker
    running a ledger job. A dropped dialog caught in a reference cycle was then destroyed on the worker thread
    ("QBasicTimer::stop: Failed … different thread", then a crash): Qt widgets must be destroyed on the GUI
    thread. Automatic collection is switched off and the same generational step runs from a timer here."""

    def __init__(self, parent: QObject, interval_ms: int = 300):
        super().__init__(parent)
        gc.disable()
        self.timer = QTimer(self)
        self.timer.timeout.connect(collect_if_due)
        self.timer.start(interval_ms)


def configure_application(app: QApplication) -> list[QTranslator]:
    """Returns the installed translators (keep a reference for the application's lifetime)."""
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    translators = []
    for name in ("qtbase_zh_CN", "qt_zh_CN"):  # file dialogs, print dialog, 确定/取消 in Chinese
        for folder in translation_dirs():
            translator = QTranslator(app)
            if translator.load(name, folder):
                app.installTranslator(translator)
                translators.append(translator)
                break
    font = QFont(app.font())
    font.setFamilies([*CJK_FAMILIES, font.family()])
    font.setPointSize(max(font.pointSize(), 10))
    app.setFont(font)
    app.setStyleSheet(theme.STYLE_SHEET)
    if app.findChild(MainThreadGarbageCollector) is None:
        MainThreadGarbageCollector(app)
    icon = resources_dir() / "icons" / "gongkai.png"
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    return translators
