"""Issue 26: what the first paint of the main window loads. The Word/Excel libraries, the case services, the
backups and the repositories the 工作台 does not read are imported when first used, not at start-up; this
keeps it so (a stray top-level import would silently add its import time to every start)."""

import os
import subprocess
import sys

from ..conftest import ROOT

FIRST_PAINT = r'''
import sys
from datetime import date
from pathlib import Path
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
from gongkai_desktop.gui.app_setup import configure_application
from gongkai_desktop.gui.views.main_window import MainWindow
from gongkai_desktop.paths import app_paths
from gongkai_desktop.storage.ledger import Ledger
app = QApplication([])
configure_application(app)
led = Ledger.open(Path(sys.argv[1]))
w = MainWindow(led, app_paths(), QSettings(sys.argv[2], QSettings.Format.IniFormat), lambda: date(2026, 11, 20))
w.show()
app.processEvents()
print(" ".join(sorted(sys.modules)))
'''

NOT_AT_START = (
    "docx", "docxtpl", "openpyxl", "python_calamine", "xlrd", "pypdf",
    "gongkai_desktop.services.case", "gongkai_desktop.services.letters", "gongkai_desktop.services.annual_report",
    "gongkai_desktop.storage.backups", "gongkai_desktop.storage.items_repo", "gongkai_desktop.storage.reports_repo",
    "gongkai_desktop.storage.archives_repo", "gongkai_desktop.storage.case_records_repo",
    "gongkai_desktop.gui.views.applications_page", "gongkai_desktop.gui.views.error_dialog",
)


def test_the_first_paint_loads_only_what_the_dashboard_shows(tmp_path):
    env = {"QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path / "c"),
           "XDG_DATA_HOME": str(tmp_path / "d"), "XDG_STATE_HOME": str(tmp_path / "s")}
    result = subprocess.run([sys.executable, "-c", FIRST_PAINT, str(tmp_path / "l.sqlite"), str(tmp_path / "w.ini")],
                            cwd=ROOT, env={**os.environ, **env}, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    loaded = set(result.stdout.split())
    assert "gongkai_desktop.gui.views.dashboard_page" in loaded  # the probe did reach the first paint
    assert sorted(m for m in NOT_AT_START if m in loaded) == []
