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
