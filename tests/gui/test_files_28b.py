"""Issue 28 (minor): file dialogs start in 文档 or the folder last used for the same purpose; Qt's dialog strings
are Chinese; a file no program opens gives a Chinese message with its path; exports offer 打开文件/打开所在文件夹."""

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox

from gongkai_desktop.gui.views import file_dialogs
from gongkai_desktop.gui.views.file_dialogs import start_path

from .conftest import TODAY


def test_start_path_rules(tmp_path):
    docs, last = tmp_path / "文档", tmp_path / "上次"
    assert start_path("", None, docs) == str(docs)
    assert start_path("", last, docs) == str(last)
    assert start_path("操作日志.xlsx", None, docs) == str(docs / "操作日志.xlsx")
    assert start_path("操作日志.xlsx", last, docs) == str(last / "操作日志.xlsx")
    chosen = str(tmp_path / "信函" / "答复书.docx")
    assert start_path(chosen, last, docs) == chosen  # a full path the program chose (the letters folder) stays


def test_a_dialog_starts_in_documents_then_in_the_last_folder(qtbot, demo_ledger, tmp_path, monkeypatch):
    from gongkai_desktop.gui.views.registration_dialog import RegistrationDialog

    file_dialogs.use_settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    docs = tmp_path / "Documents"
    docs.mkdir()
    monkeypatch.setattr(file_dialogs, "documents_dir", lambda: docs)
    scans = tmp_path / "扫描件"
    scans.mkdir()
    (scans / "身份证.pdf").write_bytes(b"%PDF-1.4")
    asked = []

    def fake(parent, caption, folder, filter="", **kw):
        asked.append(folder)
        return ([str(scans / "身份证.pdf")] if len(asked) == 1 else []), ""

    monkeypatch.setattr(QFileDialog, "getOpenFileNames", fake)
    dialog = RegistrationDialog(demo_ledger, TODAY)
    qtbot.addWidget(dialog)
    dialog._add_files()
    dialog._add_files()
    assert asked == [str(docs), str(scans)]
    assert Path(asked[0]) != Path.cwd()
    file_dialogs.use_settings(None)


def test_qt_dialog_strings_are_chinese():
    assert QCoreApplication.translate("QFileDialog", "Look in:") != "Look in:"
    assert QCoreApplication.translate("QPrintDialog", "Print") == "打印"


def test_a_file_no_program_opens_is_named_in_chinese(qtbot, monkeypatch, tmp_path):
    from gongkai_desktop.gui.views.widgets import open_path

    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: False)
    boxes = []
    monkeypatch.setattr(QMessageBox, "open", lambda self: boxes.append(self))
    letter = tmp_path / "答复书.docx"
    letter.write_bytes(b"x")
    assert open_path(None, letter) is False
    assert boxes and str(letter) in boxes[-1].text() and "无法打开" in boxes[-1].windowTitle()


def test_saved_file_message_offers_open_file_and_folder(qtbot, tmp_path, monkeypatch):
    from gongkai_desktop.gui.views.widgets import show_saved_file

    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    target = tmp_path / "表三.xlsx"
    target.write_bytes(b"x")
    box = show_saved_file(None, "已导出", f"已导出到 {target}。", target)
    texts = [b.text() for b in box.buttons()]
    assert "打开文件" in texts and "打开所在文件夹" in texts
    next(b for b in box.buttons() if b.text() == "打开所在文件夹").click()
    assert opened == [str(tmp_path)]
