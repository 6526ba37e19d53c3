"""How long the GUI event loop is blocked while long actions run, in the real main window (run by run.py).

    python benchmarks/gui_block.py LEDGER IMPORT_XLSX --batch 500 [--baseline]

A QTimer on the GUI thread fires every 10 ms and records the largest gap between two firings while an action
runs, from the click (the method the button calls) until its success callback ran. Actions: export of the whole
list to .xlsx, import of IMPORT_XLSX through the import wizard into a fresh ledger, backup to a folder (plain and
encrypted), the annual report as Word, and batch letters. Prints JSON: per action the largest gap, the total
time and whether the progress dialog was shown.

--baseline runs the same work on the GUI thread with the window's own connection, as the window did before
gui/ops.py (the largest gap is then the whole time); the import wizard is driven the same way in both modes,
since it is not converted here (see benchmarks/README.md)."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TODAY = date(2026, 11, 20)
TICK_MS = 10


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("ledger")
    p.add_argument("import_file")
    p.add_argument("--batch", type=int, default=500)
    p.add_argument("--baseline", action="store_true")
    p.add_argument("--only", help="只测这一项（export、backup、backup_encrypted、report_docx、letters、import）")
    args = p.parse_args()

    from PySide6.QtCore import QObject, QSettings, QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    from gongkai_desktop.core.organisation import OrgProfile
    from gongkai_desktop.core.workdays import load_bundled_arrangements
    from gongkai_desktop.gui import ops
    from gongkai_desktop.gui.app_setup import configure_application
    from gongkai_desktop.gui.views import applications_page, main_window, report_page
    from gongkai_desktop.gui.views.main_window import MainWindow
    from gongkai_desktop.paths import app_paths, calendar_dir
    from gongkai_desktop.storage.ledger import Ledger

    qt = QApplication([])
    configure_application(qt)
    for name in ("information", "warning", "critical"):
        setattr(QMessageBox, name, staticmethod(lambda *a, **k: None))
    QMessageBox.question = staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes)  # type: ignore[method-assign]
    for module in (applications_page, report_page, main_window):
        module.show_saved_file = lambda *a, **k: None  # type: ignore[attr-defined]
    if args.baseline:  # the old way: the work on the GUI thread, on the window's connection
        original_init = ops.Operation.__init__

        def on_gui_thread(self, *a, **k):
            original_init(self, *a, **k)
            if k.get("ledger") is not None:
                self.ctx._shared = k["ledger"]

        ops.Operation.__init__ = on_gui_thread  # type: ignore[method-assign]

    class BlockMeter(QObject):
        def __init__(self) -> None:
            super().__init__()
            self.timer = QTimer(self)
            self.timer.setInterval(TICK_MS)
            self.timer.timeout.connect(self.tick)
            self.last = 0.0
            self.max_gap = 0.0

        def start(self) -> None:
            self.last, self.max_gap, self.max_at = time.perf_counter(), 0.0, 0.0
            self.began = self.last
            self.timer.start()

        def tick(self) -> None:
            now = time.perf_counter()
            if now - self.last > self.max_gap:
                self.max_gap, self.max_at = now - self.last, self.last - self.began  # when the stall began
            self.last = now

        def stop(self) -> float:
            self.tick()
            self.timer.stop()
            return self.max_gap

    work = Path(tempfile.mkdtemp(prefix="gongkai-gui-block-"))
    exe = work / "exe"
    exe.mkdir()
    (exe / "portable.txt").write_text("portable", encoding="utf-8")
    paths = app_paths(exe)
    ledger_path = work / "台账.sqlite"
    shutil.copyfile(args.ledger, ledger_path)
    led = Ledger.open(ledger_path)
    led.seed_calendar(load_bundled_arrangements(calendar_dir()))
    led.settings.save_profile(OrgProfile(organ_name="某局", doc_prefix="某公开", review_organ="某市人民政府",
                                         court="某区人民法院", contact="王明", phone="0935-2212345"))  # letters need them
    settings = QSettings(str(work / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(led, paths, settings, lambda: TODAY)
    window.resize(1280, 800)
    window.show()
    qt.processEvents()
    meter = BlockMeter()
    results: dict[str, dict] = {}

    def measure(name: str, start, done) -> None:
        """`start()` is what the button calls; `done()` says the action (and its callbacks) finished."""
        if args.only and name != args.only:
            return
        dialogs: list[bool] = []
        original_show = ops.Operation._show_dialog

        def spy(self):
            original_show(self)
            dialogs.append(self.dialog_shown)

        ops.Operation._show_dialog = spy  # type: ignore[method-assign]
        qt.processEvents()
        meter.start()
        t0 = time.perf_counter()
        started = start()
        deadline = t0 + 600
        while not done(started) and time.perf_counter() < deadline:
            qt.processEvents()
            time.sleep(0.001)
        total = time.perf_counter() - t0
        gap = meter.stop()
        ops.Operation._show_dialog = original_show  # type: ignore[method-assign]
        results[name] = {"max_gap": gap, "max_gap_at": meter.max_at, "total": total, "dialog_shown": any(dialogs)}
        print(f"  {name}: {gap * 1000:.0f} ms blocked of {total:.1f} s", file=sys.stderr, flush=True)

    def op_done(op) -> bool:
        return op is None or op.done

    out = work / "out"
    out.mkdir()
    # export of the whole list
    window.show_page_named("依申请公开")
    page = window.applications
    measure("export", lambda: page.export(out / "全部.xlsx"), op_done)
    # backup, plain and encrypted
    usb = work / "usb"
    usb.mkdir()
    measure("backup", lambda: window.backup_to(usb), op_done)
    measure("backup_encrypted", lambda: window.backup_to(usb, "密码123456"), op_done)
    # the Word report for the busiest year
    year = int(led.db.execute("SELECT substr(received, 1, 4) AS y FROM applications GROUP BY y "
                              "ORDER BY count(*) DESC LIMIT 1").fetchone()[0])
    window.show_page_named("年度报告")
    window.report.year_combo.setCurrentIndex(window.report.year_combo.findData(year))
    measure("report_docx", lambda: window.report.export(out / "年报.docx"), op_done)
    # batch letters
    nos = [r[0] for r in led.db.execute("SELECT no FROM applications ORDER BY id DESC LIMIT ?", [args.batch])]
    window.show_page_named("依申请公开")

    def batch():
        dialog = page.batch_letters(nos)
        dialog.type.setCurrentIndex(dialog.type.findData("receipt"))
        dialog.folder.setText(str(out / "批量"))
        dialog.start()
        return dialog

    made: list = []
    measure("letters", batch, lambda d: not d.running() and bool(d.made or d.problems) and not made.append(d))
    if "letters" in results:
        results["letters"]["letters"] = len(made[0].made) if made else 0  # letters actually made (not refused)
    window.close()
    led.close()

    # import through the wizard into a fresh ledger
    fresh = Ledger.open(work / "新台账.sqlite")
    fresh.seed_calendar(load_bundled_arrangements(calendar_dir()))
    window = MainWindow(fresh, paths, settings, lambda: TODAY)
    window.show()
    qt.processEvents()
    wizard = window.open_import()
    wizard.file_page.path.setText(str(args.import_file))

    def drive():
        return wizard

    def imported(w) -> bool:
        if w.currentPage() is w.done_page:
            return True
        page_now = w.currentPage()
        if page_now.isComplete() and getattr(w, "_bench_page", None) is not page_now:
            w._bench_page = page_now
            w.next()
        elif page_now.isComplete() and time.perf_counter() - getattr(w, "_bench_at", 0) > 0.5:
            w._bench_at = time.perf_counter()
            w.next()
        return w.currentPage() is w.done_page

    measure("import", drive, imported)
    if "import" not in results:
        print(json.dumps(results, ensure_ascii=False))
        return 0
    results["import"]["rows"] = fresh.applications.count()
    wizard_source = (ROOT / "gongkai_desktop" / "gui" / "views" / "import_dialog.py").read_text(encoding="utf-8")
    results["import"]["converted"] = any(w in wizard_source for w in ("run_op", "Operation", "QThread"))
    window.close()
    fresh.close()
    shutil.rmtree(work, ignore_errors=True)
    print(json.dumps(results, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
