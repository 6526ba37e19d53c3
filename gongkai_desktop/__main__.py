"""Composition root for the GUI: paths → logging → excepthook → ledger (+migrate) → QApplication → window.

Everything the window needs is created here and passed in; nothing reaches for globals.
"""

from __future__ import annotations

import argparse
import logging
import sqlite3
import sys
import traceback
from datetime import date
from pathlib import Path
from typing import cast

from . import APP_NAME, __version__
from .logs import enable_fatal_trace, setup_logging
from .paths import app_paths, backup_dir_for, calendar_dir, ledger_path, restrict_new_files

log = logging.getLogger("gongkai")


def parse_args(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="gongkai-desktop", description=f"{APP_NAME}（图形界面）")
    p.add_argument("--db", help="台账文件路径（默认使用本机默认台账，或环境变量 GONGKAI_DB）")
    p.add_argument("--screenshot", metavar="FILE", help="显示主窗口后保存截图（PNG）并退出")
    p.add_argument("--page", help="启动后显示的页面，如 工作台、依申请公开、工作日历")
    p.add_argument("--today", type=date.fromisoformat, help=argparse.SUPPRESS)  # fixed date for screenshots
    p.add_argument("--startup-probe", action="store_true", help=argparse.SUPPRESS)  # benchmarks/
    p.add_argument("--tour", type=int, default=0, help=argparse.SUPPRESS)  # tests: visit every page N times, quit
    p.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    restrict_new_files()
    paths = app_paths()
    unattended = bool(args.screenshot or args.startup_probe or args.tour)  # no dialogs: tests, benchmarks
    log_file = setup_logging(paths)
    enable_fatal_trace(paths.log_dir / "fatal.log")  # a hard crash in Qt leaves its stack in the log

    from PySide6.QtCore import QSettings, QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    from .core.errors import DomainError
    from .core.workdays import load_bundled_arrangements
    from .gui.app_setup import configure_application
    from .gui.views.main_window import PAGE_NAMES, MainWindow
    from .storage.instance_lock import InstanceLock
    from .storage.ledger import Ledger, LedgerError, damaged_message

    # instance() is typed QCoreApplication; in this process it is always the QApplication made here or by a test
    app = cast(QApplication, QApplication.instance() or QApplication([sys.argv[0]]))
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    translators = configure_application(app)  # noqa: F841 - keep the translators alive

    def excepthook(exc_type, exc, tb) -> None:
        details = "".join(traceback.format_exception(exc_type, exc, tb))
        log.error("unhandled exception", exc_info=(exc_type, exc, tb))  # the log formatter leaves out messages
        if unattended:
            print(details, file=sys.stderr)
            app.exit(1)
            return
        text = str(exc).lower()
        if issubclass(exc_type, LedgerError):  # e.g. the ledger file was replaced under the window
            QMessageBox.warning(None, "没有保存", str(exc))
            return
        if issubclass(exc_type, DomainError):  # an expected refusal no dialog caught: its message is for the officer
            QMessageBox.warning(None, "没有完成", str(exc))
            return
        if issubclass(exc_type, sqlite3.OperationalError) and "readonly" in text:
            QMessageBox.warning(None, "只读台账", "台账是以只读方式打开的（或文件只读），不能保存修改。刚才的修改没有保存。")
            return
        if issubclass(exc_type, sqlite3.OperationalError) and ("locked" in text or "busy" in text):
            QMessageBox.warning(None, "台账忙", "台账正被另一个程序写入，等待超时，刚才的修改没有保存。请稍后再试。")
            return
        if issubclass(exc_type, sqlite3.OperationalError) and "full" in text:
            QMessageBox.warning(None, "磁盘已满", "磁盘空间已满，刚才的修改没有保存。请清理磁盘后重试。台账数据完好。")
            return
        from .gui.views.error_dialog import ErrorDialog, build_report  # loaded when needed, not at start-up

        ErrorDialog(f"内部错误：程序遇到意外错误（{exc_type.__name__}），刚才的操作可能没有完成。"
                    "台账数据未受影响（每次保存都是完整的事务），错误详情已写入日志。",
                    build_report(details, str(log_file))).exec()

    sys.excepthook = excepthook
    settings = QSettings(str(paths.config_file), QSettings.Format.IniFormat)
    today = (lambda: args.today) if args.today else date.today
    bundled = load_bundled_arrangements(calendar_dir())

    locks: dict[Path, InstanceLock] = {}

    def ask_read_only(path: Path, lock: InstanceLock) -> bool | None:
        """True: open read-only; False: choose another file; None: quit."""
        if unattended:
            return True
        box = QMessageBox(QMessageBox.Icon.Warning, "台账正在使用",
                          f"台账 {path.name} 正由 {lock.holder()} 打开。为避免两处同时修改，这里只能以只读方式打开。")
        ro = box.addButton("只读打开", QMessageBox.ButtonRole.AcceptRole)
        other = box.addButton("打开其他台账文件…", QMessageBox.ButtonRole.ActionRole)
        box.addButton("退出", QMessageBox.ButtonRole.RejectRole)
        box.exec()
        return True if box.clickedButton() is ro else (False if box.clickedButton() is other else None)

    def offer_backup(path: Path, exc: LedgerError, lock: InstanceLock | None = None) -> bool:
        """A damaged ledger: offer the newest good backup; the damaged file is renamed aside, never deleted."""
        from .storage.backups import BackupError, list_backups, restore

        folder = backup_dir_for(paths, path)
        backups = list_backups(folder)
        if not backups or unattended:
            return False
        newest = backups[0]
        answer = QMessageBox.question(
            None, "台账已损坏",
            f"{exc}\n\n最近的备份：{newest.label}。\n用它恢复台账吗？损坏的文件会改名保留，不会删除。")
        if answer != QMessageBox.StandardButton.Yes:
            return False
        for b in backups:
            try:
                kept = restore(b.path, path, folder, lock=lock if lock is not None and lock.held else None)
            except BackupError:
                continue
            QMessageBox.information(None, "已恢复", f"已从 {b.label} 恢复。" + (f"损坏的文件保存为 {kept}。" if kept else ""))
            return True
        QMessageBox.warning(None, "无法恢复", "所有备份都无法通过检查。")
        return False

    def finish_backups() -> None:
        """Let the windows' start-up threads (integrity check, daily backup) finish before a file is touched."""
        for w in windows:
            w.wait_background()

    def open_ledger(path: Path) -> Ledger | None:
        while True:
            try:
                lock = locks.get(path) or InstanceLock(path)
                read_only = False
                if path.exists() and path not in locks and not lock.acquire():
                    choice = ask_read_only(path, lock)
                    if choice is None:
                        return None
                    read_only = bool(choice)
                    if not read_only:
                        raise LedgerError("请选择其他台账文件。", "other")
                elif path not in locks:
                    lock.acquire()
                ledger = Ledger.open(path, backup_dir=backup_dir_for(paths, path), read_only=read_only,
                                     verify=False)  # checked in the background once the window is shown
                if not read_only:
                    locks[path] = lock
                    ledger.seed_calendar(bundled)
                    # the day's automatic backup runs once the window is on screen (MainWindow.after_shown)
                return ledger
            except LedgerError as exc:
                log.warning("ledger refused: %s", exc.kind or type(exc).__name__)
                if unattended:
                    print(f"错误：{exc}", file=sys.stderr)
                    return None
                if exc.kind == "damaged" and offer_backup(path, exc, lock):
                    continue
                if exc.kind != "other":  # "other": the officer already chose to pick another file
                    box = QMessageBox(QMessageBox.Icon.Critical, "无法打开台账", str(exc))
                    other = box.addButton("打开其他台账文件…", QMessageBox.ButtonRole.AcceptRole)
                    box.addButton("退出", QMessageBox.ButtonRole.RejectRole)
                    box.exec()
                    if box.clickedButton() is not other:
                        return None
                from PySide6.QtWidgets import QFileDialog

                name, _ = QFileDialog.getOpenFileName(None, "打开台账文件", str(path.parent),
                                                      "台账文件 (*.sqlite *.db);;所有文件 (*)")
                if not name:
                    return None
                path = Path(name)

    db_path = ledger_path(args.db, paths)
    is_new = not db_path.exists()
    ledger = open_ledger(db_path)
    if ledger is None:
        return 1
    if is_new and not unattended and ledger.applications.count() == 0:
        offer_demo(ledger, today())

    windows: list[MainWindow] = []

    def show_window(led: Ledger) -> None:
        window = MainWindow(led, paths, settings, today)
        window.openLedgerRequested.connect(switch_ledger)
        window.restoreRequested.connect(restore_ledger)
        window.damageFound.connect(lambda problems, w=window: damaged_after_open(w, problems))
        if args.page:
            window.show_page_named(args.page if args.page in PAGE_NAMES else PAGE_NAMES[0])
        if args.screenshot:
            window.resize(1280, 800)
        window.show()
        # after the first paint, off the GUI thread: the integrity check, then the day's backup
        QTimer.singleShot(0, lambda w=window, p=led.path: w.after_shown(
            backup_dir_for(paths, p) if p is not None else None, verify=not unattended))
        for old in windows:
            old.close()
            old.ledger.close()
        windows[:] = [window]

    def damaged_after_open(window: MainWindow, problems: list) -> None:
        path = window.ledger.path
        if path is None or unattended:
            return
        window.ledger.close()
        finish_backups()
        if offer_backup(path, LedgerError(damaged_message(path, problems[0]), "damaged"), locks.get(path)):
            reopened = open_ledger(path)
            if reopened is not None:
                show_window(reopened)
                return
        QMessageBox.critical(None, "台账已损坏", damaged_message(path, problems[0]) + "\n程序将关闭，损坏的文件未做任何改动。")
        window.close()

    def switch_ledger(path: Path) -> None:
        new = open_ledger(path)
        if new is not None:
            show_window(new)

    def restore_ledger(backup: Path, password: str) -> None:
        """The window checked the backup in the background; close the ledger (Windows cannot replace an open
        file), restore under this window's instance lock (the current ledger is backed up first) and reopen."""
        from .storage.backups import restore

        windows[0].wait_background()
        current = windows[0].ledger
        path = current.path
        if path is None:
            return
        current.close()
        finish_backups()
        try:
            kept = restore(backup, path, backup_dir_for(paths, path), password or None, lock=locks.get(path))
        except (DomainError, OSError) as exc:  # BackupError, BackupPasswordError …
            QMessageBox.warning(None, "恢复失败", f"{exc}\n台账未改动。")
            kept = None
        else:
            QMessageBox.information(None, "已恢复", "已从备份恢复。" + (f"原台账已备份为 {kept}。" if kept else ""))
        reopened = open_ledger(path)
        if reopened is not None:
            show_window(reopened)

    show_window(ledger)
    if args.startup_probe:  # benchmarks/: "shown" once the window is on screen, "filled" once the 工作台 is complete
        def filled() -> None:
            print("filled", flush=True)
            app.quit()

        windows[0].dashboard.sectionsFilled.connect(filled)  # before any event is processed: the fill is a timer
        app.processEvents()
        print("shown", flush=True)
        QTimer.singleShot(30_000, app.quit)  # never hang a benchmark
    elif args.tour:
        QTimer.singleShot(0, lambda: tour_pages(windows[0], args.tour, app))
    elif args.screenshot:
        target = Path(args.screenshot)

        def capture() -> None:
            windows[0].grab().save(str(target))
            app.quit()

        QTimer.singleShot(400, capture)
    code = app.exec()
    finish_backups()
    for w in windows:
        w.wait_background()
        w.ledger.close()
    for lock in locks.values():
        lock.release()
    return code


def tour_pages(window, rounds: int, app) -> None:
    """Show every page `rounds` times (each refreshes its data), then quit: the exit-code test's workload."""
    from .gui.views.main_window import PAGE_NAMES

    for _ in range(rounds):
        for name in PAGE_NAMES:
            window.show_page_named(name)
            app.processEvents()
    app.quit()


def offer_demo(ledger, today: date) -> None:
    """First launch on a new, empty ledger: offer demo data so the officer can look around."""
    from PySide6.QtWidgets import QMessageBox

    from .core.demo import generate
    from .storage.demo_writer import write_demo

    answer = QMessageBox.question(
        None,
        "欢迎使用政务公开台账",
        "这是一个新的空台账。是否载入演示数据（200件虚构申请和40项工作要点）以便熟悉功能？\n\n"
        "演示数据只用于熟悉操作，正式使用时请新建台账或在“打开台账文件”中另选文件。",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    if answer == QMessageBox.StandardButton.Yes:
        calendar = ledger.calendar.load()
        write_demo(ledger, generate(200, 40, 1, today, calendar), calendar, today)
        from .paths import resources_dir
        from .services.demo_cases import deliver_recent

        deliver_recent(ledger, resources_dir() / "templates", today)  # a few letters and their 送达 (issue 17)


if __name__ == "__main__":
    sys.exit(main())
