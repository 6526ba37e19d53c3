"""Composition root for the GUI: paths → logging → excepthook → ledger (+migrate) → QApplication → window.

Everything the window needs is created here and passed in; nothing reaches for globals.
"""

from __future__ import annotations

import argparse
import logging
import sys
import traceback
from datetime import date
from pathlib import Path

from . import APP_NAME, __version__
from .logs import setup_logging
from .paths import app_paths, calendar_dir, ledger_path

log = logging.getLogger("gongkai")


def parse_args(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="gongkai-desktop", description=f"{APP_NAME}（图形界面）")
    p.add_argument("--db", help="台账文件路径（默认使用本机默认台账，或环境变量 GONGKAI_DB）")
    p.add_argument("--screenshot", metavar="FILE", help="显示主窗口后保存截图（PNG）并退出")
    p.add_argument("--page", help="启动后显示的页面，如 工作台、依申请公开、工作日历")
    p.add_argument("--today", type=date.fromisoformat, help=argparse.SUPPRESS)  # fixed date for screenshots
    p.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    paths = app_paths()
    log_file = setup_logging(paths)

    from PySide6.QtCore import QSettings, QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    from .core.workdays import load_bundled_arrangements
    from .gui.app_setup import configure_application
    from .gui.views.error_dialog import ErrorDialog, build_report
    from .gui.views.main_window import PAGE_NAMES, MainWindow
    from .storage.ledger import Ledger, LedgerError

    app = QApplication.instance() or QApplication([sys.argv[0]])
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    translators = configure_application(app)  # noqa: F841 - keep the translators alive

    def excepthook(exc_type, exc, tb) -> None:
        details = "".join(traceback.format_exception(exc_type, exc, tb))
        log.error("unhandled exception:\n%s", details)
        if args.screenshot:
            print(details, file=sys.stderr)
            app.exit(1)
            return
        ErrorDialog("程序遇到意外错误，刚才的操作可能没有完成。台账数据未受影响（每次保存都是完整的事务）。",
                    build_report(details, str(log_file))).exec()

    sys.excepthook = excepthook
    settings = QSettings(str(paths.config_file), QSettings.Format.IniFormat)
    today = (lambda: args.today) if args.today else date.today
    bundled = load_bundled_arrangements(calendar_dir())

    def open_ledger(path: Path) -> Ledger | None:
        while True:
            try:
                ledger = Ledger.open(path, backup_dir=paths.backup_dir)
                ledger.seed_calendar(bundled)
                return ledger
            except LedgerError as exc:
                log.warning("ledger refused: %s", type(exc).__name__)
                if args.screenshot:
                    print(f"错误：{exc}", file=sys.stderr)
                    return None
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
    if is_new and not args.screenshot and ledger.applications.count() == 0:
        offer_demo(ledger, today())

    windows: list[MainWindow] = []

    def show_window(led: Ledger) -> None:
        window = MainWindow(led, paths, settings, today)
        window.openLedgerRequested.connect(switch_ledger)
        if args.page:
            window.show_page_named(args.page if args.page in PAGE_NAMES else PAGE_NAMES[0])
        if args.screenshot:
            window.resize(1280, 800)
        window.show()
        for old in windows:
            old.close()
            old.ledger.close()
        windows[:] = [window]

    def switch_ledger(path: Path) -> None:
        new = open_ledger(path)
        if new is not None:
            show_window(new)

    show_window(ledger)
    if args.screenshot:
        target = Path(args.screenshot)

        def capture() -> None:
            windows[0].grab().save(str(target))
            app.quit()

        QTimer.singleShot(400, capture)
    code = app.exec()
    for w in windows:
        w.ledger.close()
    return code


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


if __name__ == "__main__":
    sys.exit(main())
