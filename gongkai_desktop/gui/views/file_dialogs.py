"""File dialogs that start where officers keep their files (issue 28): in 文档 (the system's Documents folder) or
in the folder last used for the same purpose, remembered in the program's settings — never in the program folder.
Drop-in replacements for QFileDialog's static functions; the purpose is the dialog's caption. Qt's own dialog
strings are Chinese through the qtbase_zh_CN translation installed at start-up (gui/app_setup.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings, QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

_settings: QSettings | None = None


def use_settings(settings: QSettings | None) -> None:
    """The program's settings (the main window passes its own); default QSettings otherwise."""
    global _settings
    _settings = settings


def _store() -> QSettings:
    return _settings if _settings is not None else QSettings()


def documents_dir() -> Path:
    """文档: the user's Documents folder, or the home folder when there is none."""
    docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    if docs and Path(docs).is_dir():
        return Path(docs)
    return Path.home()


def _key(purpose: str) -> str:
    return "last_folder/" + "".join(c if c.isalnum() else "_" for c in purpose)


def remembered_dir(purpose: str) -> Path | None:
    value = _store().value(_key(purpose))
    if value and Path(str(value)).is_dir():
        return Path(str(value))
    return None


def remember_dir(purpose: str, folder: Path) -> None:
    _store().setValue(_key(purpose), str(folder))


def start_path(given: str, remembered: Path | None, documents: Path) -> str:
    """Where a dialog opens: a full path the caller chose stays; a bare file name goes into the last folder used
    for this purpose (or 文档); nothing given opens that folder."""
    base = remembered or documents
    if not given:
        return str(base)
    path = Path(given)
    if path.is_absolute():
        return given
    return str(base / path)


def _start(purpose: str, given: str) -> str:
    return start_path(given or "", remembered_dir(purpose), documents_dir())


def get_open_file_name(parent: QWidget | None, caption: str, dir: str = "", filter: str = "",
                       **kwargs: Any) -> tuple[str, str]:
    name, chosen = QFileDialog.getOpenFileName(parent, caption, _start(caption, dir), filter, **kwargs)
    if name:
        remember_dir(caption, Path(name).parent)
    return name, chosen


def get_open_file_names(parent: QWidget | None, caption: str, dir: str = "", filter: str = "",
                        **kwargs: Any) -> tuple[list[str], str]:
    names, chosen = QFileDialog.getOpenFileNames(parent, caption, _start(caption, dir), filter, **kwargs)
    if names:
        remember_dir(caption, Path(names[0]).parent)
    return names, chosen


def get_save_file_name(parent: QWidget | None, caption: str, dir: str = "", filter: str = "",
                       **kwargs: Any) -> tuple[str, str]:
    name, chosen = QFileDialog.getSaveFileName(parent, caption, _start(caption, dir), filter, **kwargs)
    if name:
        remember_dir(caption, Path(name).parent)
    return name, chosen


def get_existing_directory(parent: QWidget | None, caption: str, dir: str = "", **kwargs: Any) -> str:
    name = QFileDialog.getExistingDirectory(parent, caption, _start(caption, dir), **kwargs)
    if name:
        remember_dir(caption, Path(name))
    return name
