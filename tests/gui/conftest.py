from datetime import date

import pytest
from PySide6.QtCore import QSettings

TODAY = date(2026, 12, 10)  # December: some due dates reach the unknown year 2027


@pytest.fixture
def demo_ledger(ledger):
    from gongkai_desktop.core.demo import generate
    from gongkai_desktop.storage.demo_writer import write_demo

    cal = ledger.calendar.load()
    write_demo(ledger, generate(300, 30, 7, TODAY, cal), cal, TODAY)
    return ledger


@pytest.fixture
def app_paths(tmp_path):
    from gongkai_desktop.paths import app_paths as make

    (tmp_path / "exe").mkdir()
    (tmp_path / "exe" / "portable.txt").write_text("portable", encoding="utf-8")
    return make(tmp_path / "exe")


@pytest.fixture
def window(qtbot, demo_ledger, app_paths):
    from gongkai_desktop.gui.views.main_window import MainWindow

    settings = QSettings(str(app_paths.config_file), QSettings.Format.IniFormat)
    w = MainWindow(demo_ledger, app_paths, settings, lambda: TODAY)
    qtbot.addWidget(w)
    w.show()
    return w


@pytest.fixture(autouse=True, scope="session")
def configured_app(qapp):
    from gongkai_desktop.gui.app_setup import configure_application

    return configure_application(qapp)


@pytest.fixture(autouse=True)
def no_unanswered_modal_dialogs(monkeypatch):
    """A modal question nobody answers hangs a headless run (e.g. 放弃填写？ when a test's dialog is closed at
    teardown). Unless a test patches them itself, questions are answered with neither Yes nor Discard… except
    that closing a typed-in dialog at teardown discards it, and input prompts are cancelled."""
    from PySide6.QtWidgets import QInputDialog, QMessageBox

    def question(*args, **kwargs):
        buttons = args[3] if len(args) > 3 else kwargs.get("buttons")
        if buttons is not None and QMessageBox.StandardButton.Discard in QMessageBox.StandardButton(buttons):
            return QMessageBox.StandardButton.Discard
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", question)
    monkeypatch.setattr(QMessageBox, "exec", lambda self: 0)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("", False))
