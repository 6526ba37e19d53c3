"""Probes run in fresh processes by run.py.

    python benchmarks/probes.py bare LEDGER     → baseline for start-up: a bare PySide6 window with a QTableView
                                                  over the same SQLite rows; prints "shown" once on screen
    python benchmarks/probes.py scroll LEDGER   → the real main window, the 依申请公开 list scrolled end to end;
                                                  prints JSON with the rows loaded and the peak RSS in MB

    python benchmarks/probes.py detail LEDGER NO N → the 依申请公开 page's detail panel showing application NO,
                                                  N times after a warm-up; prints JSON with the times

The app's own start-up is measured on the real entry point (`python -m gongkai_desktop --startup-probe`)."""

from __future__ import annotations

import json
import os
import sqlite3
import sys
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmHWM:"):  # peak resident set
                return int(line.split()[1]) / 1024
    return 0.0


def app(ledger: Path, scroll: bool = False) -> dict:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from gongkai_desktop.core.workdays import load_bundled_arrangements
    from gongkai_desktop.gui.app_setup import configure_application
    from gongkai_desktop.gui.views.main_window import MainWindow
    from gongkai_desktop.paths import app_paths, calendar_dir
    from gongkai_desktop.storage.ledger import Ledger

    qt = QApplication([])
    configure_application(qt)
    led = Ledger.open(ledger)
    led.seed_calendar(load_bundled_arrangements(calendar_dir()))
    paths = app_paths(Path(os.environ.get("GONGKAI_BENCH_EXE", "/nonexistent")))
    window = MainWindow(led, paths, QSettings(str(ledger.with_suffix(".ini")), QSettings.Format.IniFormat),
                        lambda: date(2026, 11, 20))
    window.resize(1280, 800)
    window.show()
    qt.processEvents()
    out: dict = {}
    if scroll:
        window.show_page_named("依申请公开")
        model = window.applications.model
        while model.canFetchMore():
            model.fetchMore()
            window.applications.table.scrollToBottom()
            qt.processEvents()
        out["rows"] = model.rowCount()
        out["rss_mb"] = rss_mb()
    return out


def detail(ledger: Path, no: str, n: int) -> dict:
    import statistics
    import time

    from PySide6.QtWidgets import QApplication

    from gongkai_desktop.gui.app_setup import configure_application
    from gongkai_desktop.gui.views.application_detail import ApplicationDetail
    from gongkai_desktop.paths import resources_dir
    from gongkai_desktop.services.letters import LetterService
    from gongkai_desktop.storage.ledger import Ledger

    qt = QApplication([])
    configure_application(qt)
    led = Ledger.open(ledger, verify=False)
    panel = ApplicationDetail(led, LetterService.for_ledger(led, resources_dir() / "templates"),
                              lambda: date(2026, 11, 20))
    panel.resize(700, 800)
    panel.show()
    panel.show_application(no)  # warm-up: first use of each widget
    qt.processEvents()
    times = []
    for _ in range(n):
        start = time.perf_counter()
        panel.show_application(no)
        qt.processEvents()  # the repaint is part of opening it
        times.append(time.perf_counter() - start)
    app = led.applications.get(no)
    return {"times": times, "median": statistics.median(times),
            "events": len(led.applications.event_rows(app["id"])), "letters": len(led.letters.for_application(app["id"]))}


def bare(ledger: Path) -> dict:
    from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
    from PySide6.QtWidgets import QApplication, QTableView

    conn = sqlite3.connect(str(ledger))
    rows = conn.execute("SELECT a.no, a.received, p.name, a.content_title, a.due FROM applications a "
                        "JOIN applicants p ON p.id = a.applicant_id ORDER BY a.received DESC LIMIT 200").fetchall()

    class Model(QAbstractTableModel):
        def rowCount(self, parent=QModelIndex()):  # noqa: B008
            return len(rows)

        def columnCount(self, parent=QModelIndex()):  # noqa: B008
            return 5

        def data(self, index, role=Qt.ItemDataRole.DisplayRole):
            return str(rows[index.row()][index.column()]) if role == Qt.ItemDataRole.DisplayRole else None

    qt = QApplication([])
    view = QTableView()
    view.setModel(Model())
    view.resize(1280, 800)
    view.show()
    qt.processEvents()
    print("shown", flush=True)
    return {}


if __name__ == "__main__":
    kind, ledger = sys.argv[1], Path(sys.argv[2])
    result = {"bare": lambda: bare(ledger), "scroll": lambda: app(ledger, True),
              "detail": lambda: detail(ledger, sys.argv[3], int(sys.argv[4]))}[kind]()
    if result:
        print(json.dumps(result))
