"""The main window: navigation on the left, one page per area, the ledger file in the status bar."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import (
    QByteArray,
    QCoreApplication,
    QEvent,
    QObject,
    QSettings,
    Qt,
    QThread,
    Signal,
    Slot,
)
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFileDialog,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QMessageBox,
    QWidget,
)

from ... import APP_NAME, __version__
from ...core.errors import DomainError
from ...paths import AppPaths, backup_dir_for, resources_dir
from ...storage.ledger import Ledger, quick_check
from ..forms.ui_main_window import Ui_MainWindow
from ..ops import OpContext, Operation, run_op, running_operation, write_output
from ..preferences import Preferences
from . import file_dialogs
from .dashboard_page import DashboardPage
from .widgets import LedgerPage, clamp_to, installed_families, open_path, show_saved_file

if TYPE_CHECKING:
    from ...services.letters import LetterService
    from ...storage.backups import BackupCheck
    from .aggregate_dialog import AggregateDialog
    from .applications_page import ApplicationsPage
    from .calendar_page import CalendarPage
    from .deadline_calculator_dialog import DeadlineCalculatorDialog
    from .import_dialog import ImportWizard
    from .report_page import ReportPage
    from .settings_page import SettingsPage
    from .tasks_page import TasksPage
    from .templates_dialog import TemplatesDialog

log = logging.getLogger(__name__)

PAGE_NAMES = ("工作台", "依申请公开", "工作要点", "年度报告", "工作日历", "设置")


class IntegrityWorker(QObject):
    """Runs SQLite's quick_check on its own connection while the officer already works."""

    done = Signal(list)

    def __init__(self, path: Path):
        super().__init__()
        self.path = path

    @Slot()
    def run(self) -> None:
        self.done.emit(quick_check(self.path))


class DailyBackupWorker(QObject):
    """The day's automatic backup, on its own ledger connection, after the window is on screen."""

    done = Signal(str)  # "" when done or not due, else a Chinese message

    def __init__(self, path: Path, folder: Path):
        super().__init__()
        self.path, self.folder = path, folder

    @Slot()
    def run(self) -> None:
        from ...storage.backups import BackupError, auto_backup

        message = ""
        try:
            other = Ledger.open(self.path, create=False, verify=False)
            try:
                auto_backup(other, self.folder)
            finally:
                other.close()
        except Exception as exc:  # noqa: BLE001 - a failed backup never stops the work
            log.warning("automatic backup failed: %s", type(exc).__name__)
            message = str(exc) if isinstance(exc, BackupError) else "今天的自动备份没有完成，请稍后用“备份到…”手动备份。"
        self.done.emit(message)


class MainWindow(QMainWindow):
    openLedgerRequested = Signal(Path)
    restoreRequested = Signal(Path, str)  # a checked backup and its password: close, then restore
    damageFound = Signal(list)  # quick_check problems found after opening

    def __init__(self, ledger: Ledger, paths: AppPaths, settings: QSettings, today: Callable[[], date],
                 parent: QWidget | None = None):
        super().__init__(parent)
        self._starting = True  # pages built now are the window's first paint (issue 26)
        self.ui = Ui_MainWindow()
        self.ui.setupUi(self)
        self.ledger = ledger
        self.paths = paths
        self.settings = settings
        self.prefs = Preferences(settings)  # the officer's own defaults, passed to the pages and dialogs that use them
        self.today = today
        file_dialogs.use_settings(settings)  # file dialogs remember their last folder here (issue 28)
        self.setWindowTitle(f"{APP_NAME} — {ledger.path.name if ledger.path else '内存台账'}"
                            + ("（只读）" if ledger.read_only else ""))

        self._letters: LetterService | None = None  # the letter modules load on first use (start-up)
        # pages are built the first time they are shown (start-up builds only the 工作台)
        self._pages: dict[int, LedgerPage | SettingsPage] = {}
        for _ in PAGE_NAMES:
            self.ui.pages.addWidget(QWidget())
        self.ui.navList.currentRowChanged.connect(self.show_page)

        self.ui.actionQuit.triggered.connect(self.close)
        self.ui.actionAbout.triggered.connect(self.about)
        self.actionGuide = QAction("使用说明(&U)", self)  # issue 28: an offline guide with the 条例 articles
        self.actionGuide.setShortcut(QKeySequence.StandardKey.HelpContents)
        self.ui.menuHelp.insertAction(self.ui.actionAbout, self.actionGuide)
        self.actionGuide.triggered.connect(self.open_guide)
        self.ui.actionCalculator.triggered.connect(self.open_calculator)
        self.ui.actionImportNotice.triggered.connect(self.import_notice)
        self.ui.actionTemplates.triggered.connect(self.open_templates)
        self.ui.actionAggregate.triggered.connect(self.open_aggregate)
        self.ui.menuTools.addAction("依申请转主动审查…", self.open_proactive)  # issue 20
        self.ui.actionImportLedger.triggered.connect(self.open_import)
        self.ui.actionBackupTo.triggered.connect(self._choose_backup_folder)
        self.ui.actionRestore.triggered.connect(self._choose_restore)
        self.ui.actionExportAudit.triggered.connect(self._choose_audit_export)
        self.ui.actionOpenLedger.triggered.connect(self._choose_ledger)
        self._add_ledger_file_actions(settings)
        # issue 28: Ctrl+1…6 open the pages, Ctrl+N registers an application from any page
        for i, _name in enumerate(PAGE_NAMES):
            QShortcut(QKeySequence(f"Ctrl+{i + 1}"), self, lambda i=i: self.show_page(i))
        QShortcut(QKeySequence.StandardKey.New, self, self.register_from_anywhere)
        self.actionExportArchive = QAction("导出归档文件(&G)…", self)  # 归档 (issue 19)
        self.ui.menuFile.insertAction(self.ui.actionExportAudit, self.actionExportArchive)
        self.actionExportArchive.triggered.connect(self.open_archive_export)

        if hasattr(ledger.db, "on_wait"):
            ledger.db.on_wait = self._waiting_for_writer
        self.ledger_label = QLabel(f"台账：{ledger.path}" + ("　只读打开，不能保存修改" if ledger.read_only else ""))
        self.statusBar().addPermanentWidget(self.ledger_label)
        geometry = settings.value("main_window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        clamp_to(self)  # a window saved on a larger screen (or the designer's 1280×800) stays on this one
        self.ui.navList.setCurrentRow(0)
        self._starting = False

    def after_shown(self, backup_folder: Path | None, verify: bool = True) -> None:
        """Start-up work that waits for the first paint: the background quick_check (when `verify`), then —
        only on a ledger that passed — the day's automatic backup, each on its own thread and connection."""
        self._backup_folder = backup_folder
        if verify and self.check_integrity() is not None:
            return  # the backup follows a clean check (_integrity_checked)
        self.start_daily_backup()

    def start_daily_backup(self) -> QThread | None:
        folder = getattr(self, "_backup_folder", None)
        if folder is None or self.ledger.path is None or self.ledger.read_only:
            return None
        self._backup_thread = QThread(self)
        self._backup_worker = DailyBackupWorker(self.ledger.path, folder)
        self._backup_worker.moveToThread(self._backup_thread)
        self._backup_thread.started.connect(self._backup_worker.run)
        self._backup_worker.done.connect(self._backup_done)
        # quit from the worker's own thread: the GUI loop may already have ended (closing, --startup-probe)
        self._backup_worker.done.connect(self._backup_thread.quit, Qt.ConnectionType.DirectConnection)
        self._backup_thread.start()
        return self._backup_thread

    def _backup_done(self, message: str) -> None:
        if message:
            self.statusBar().showMessage(message, 15000)

    def wait_background(self) -> None:
        """Let the start-up threads finish (before the window or its ledger goes away), delivering their
        results on the way (a clean check starts the backup, which is then waited for too)."""
        for name in ("_check_thread", "_backup_thread"):
            thread = getattr(self, name, None)
            while thread is not None and thread.isRunning():
                thread.wait(50)
            QCoreApplication.sendPostedEvents()

    @property
    def letters(self) -> LetterService:
        if self._letters is None:
            from ...services.letters import LetterService

            self._letters = LetterService.for_ledger(self.ledger, resources_dir() / "templates", installed_families())
        return self._letters

    def check_integrity(self) -> QThread | None:
        """Start the background quick_check of the open ledger; `damageFound` fires when it fails."""
        if self.ledger.path is None:
            return None
        self._check_thread = QThread(self)
        self._check_worker = IntegrityWorker(self.ledger.path)
        self._check_worker.moveToThread(self._check_thread)
        self._check_thread.started.connect(self._check_worker.run)
        self._check_worker.done.connect(self._integrity_checked)
        self._check_worker.done.connect(self._check_thread.quit, Qt.ConnectionType.DirectConnection)
        self._check_thread.start()
        return self._check_thread

    def _integrity_checked(self, problems: list) -> None:
        if problems:
            self.statusBar().showMessage("台账完整性检查未通过！请从备份恢复。")
            self.damageFound.emit(problems)
        else:
            self.start_daily_backup()

    def page(self, index: int) -> LedgerPage | SettingsPage:
        """The page at `index`, built (and its module imported) on first use."""
        if index not in self._pages:
            ledger, today = self.ledger, self.today
            page: LedgerPage | SettingsPage
            if index == 0:
                page = DashboardPage(ledger, today, defer_first_fill=self._starting)
                page.importNoticeRequested.connect(self.import_notice)
                page.applicationActivated.connect(self.open_application)
            elif index == 1:
                from .applications_page import ApplicationsPage

                page = ApplicationsPage(ledger, self.letters, today, prefs=self.prefs)
            elif index == 2:
                from .tasks_page import TasksPage

                page = TasksPage(ledger, today)
            elif index == 3:
                from .report_page import ReportPage

                page = ReportPage(ledger, today)
                page.applicationActivated.connect(self.open_application)
            elif index == 4:
                from .calendar_page import CalendarPage

                page = CalendarPage(ledger, today)
                page.importNoticeRequested.connect(self.import_notice)
            else:
                from .settings_page import SettingsPage

                page = SettingsPage(ledger, self.paths)
            if isinstance(page, LedgerPage):
                page.countsChanged.connect(self.update_counts)
            placeholder = self.ui.pages.widget(index)
            self.ui.pages.insertWidget(index, page)
            self.ui.pages.removeWidget(placeholder)
            placeholder.deleteLater()
            self._pages[index] = page
        return self._pages[index]

    @property
    def dashboard(self) -> DashboardPage:
        return self.page(0)  # type: ignore[return-value]

    @property
    def applications(self) -> ApplicationsPage:
        return self.page(1)  # type: ignore[return-value]

    @property
    def tasks(self) -> TasksPage:
        return self.page(2)  # type: ignore[return-value]

    @property
    def report(self) -> ReportPage:
        return self.page(3)  # type: ignore[return-value]

    @property
    def calendar(self) -> CalendarPage:
        return self.page(4)  # type: ignore[return-value]

    @property
    def settings_page(self) -> SettingsPage:
        return self.page(5)  # type: ignore[return-value]

    def _leaving_settings_ok(self) -> bool:
        """Unsaved 设置 ask 保存 / 放弃 / 取消 before the page is left or the window closes (issue 28)."""
        settings = self._pages.get(PAGE_NAMES.index("设置"))
        if settings is None or self.ui.pages.currentWidget() is not settings:
            return True
        return bool(settings.confirm_leave())  # type: ignore[union-attr]  # the 设置 page is a SettingsPage

    def show_page(self, index: int) -> None:
        if not 0 <= index < len(PAGE_NAMES):
            return
        if self.ui.pages.currentIndex() != index and not self._leaving_settings_ok():
            current = self.ui.pages.currentIndex()
            if self.ui.navList.currentRow() != current:
                self.ui.navList.blockSignals(True)
                self.ui.navList.setCurrentRow(current)
                self.ui.navList.blockSignals(False)
            return
        page = self.page(index)
        self.ui.pages.setCurrentWidget(page)
        page.refresh()
        self.update_counts()
        if self.ui.navList.currentRow() != index:
            self.ui.navList.setCurrentRow(index)

    def update_counts(self) -> None:
        """The status bar's counts (one definition with 设置 and the pages: Ledger.work_counts), refreshed on
        page switches and whenever a page reports a change (registering, importing, voiding; issue 28)."""
        self.statusBar().showMessage(self.ledger.work_counts_text(self.today()))

    def register_from_anywhere(self):
        self.show_page_named("依申请公开")
        return self.applications.register()

    def show_page_named(self, name: str) -> None:
        self.show_page(PAGE_NAMES.index(name))

    def refresh_current(self) -> None:
        self.show_page(self.ui.pages.currentIndex())

    def open_application(self, no: str) -> None:
        self.show_page_named("依申请公开")
        self.applications.select_application(no)

    def open_calculator(self) -> DeadlineCalculatorDialog:
        from .deadline_calculator_dialog import DeadlineCalculatorDialog

        dialog = DeadlineCalculatorDialog(self.ledger.calendar.load(), self.today(), self)
        dialog.show()
        return dialog

    def open_templates(self) -> TemplatesDialog:
        from .templates_dialog import TemplatesDialog
        dialog = TemplatesDialog(self.letters, self.today(), self)
        dialog.open()
        return dialog

    # --- backups and the audit log --------------------------------------------------------------------------
    def _choose_backup_folder(self) -> None:
        folder = file_dialogs.get_existing_directory(self, "备份到（可选U盘）")
        if not folder:
            return
        from ...storage.backup_crypto import MIN_PASSWORD, check_password

        while True:
            password, ok = QInputDialog.getText(
                self, "备份密码",
                f"如需加密，请输入至少{MIN_PASSWORD}位的密码（建议用一句话或字母、数字混合；忘记密码将无法恢复）。\n"
                "不加密请留空：", QLineEdit.EchoMode.Password)
            if not ok:
                return
            try:
                if password:
                    check_password(password)
            except DomainError as exc:
                QMessageBox.warning(self, "密码太短", str(exc))
                continue
            break
        self.backup_to(Path(folder), password or None)

    def backup_to(self, folder: Path, password: str | None = None) -> Operation[Path] | None:
        """Copy the ledger, its attachments and documents to a folder (a USB stick) in the background."""
        from ...storage.backups import backup_to, describe_backup  # not needed for the first paint (issue 26)

        contents = describe_backup(self.ledger)

        def work(ctx: OpContext) -> Path:
            return backup_to(ctx.ledger, folder, password)

        def done(path: Path) -> None:
            show_saved_file(self, "已备份", f"已备份到 {path}" + ("（已加密，请牢记密码）" if password else "")
                            + f"。\n备份内容：{contents}。", path)

        return run_op(self, "备份台账", work, ledger=self.ledger, label=f"正在备份到 {folder}……", on_success=done)

    def _choose_restore(self) -> None:
        start = str(backup_dir_for(self.paths, self.ledger.path)) if self.ledger.path else ""
        name, _ = file_dialogs.get_open_file_name(self, "选择备份文件", start, "台账备份 (*.zip *.gkbak *.sqlite);;所有文件 (*)")
        if name:
            self.restore_from(Path(name))

    def restore_from(self, backup: Path, password: str | None = None) -> Operation | None:
        """Check a backup in the background (unpack, integrity, schema, every carried file's hash), confirm with the
        officer, then ask the application to close this ledger and restore (`restoreRequested`; storage.backups
        restore keeps a copy of the current ledger and takes the instance lock). 取消 leaves the ledger as it was.
        Returns the checking operation."""
        from ...storage.backups import check_backup, is_encrypted

        path = self.ledger.path
        if path is None:
            return None
        try:
            if is_encrypted(backup) and password is None:
                password, ok = QInputDialog.getText(self, "备份密码", "这个备份已加密，请输入密码：",
                                                    QLineEdit.EchoMode.Password)
                if not ok:
                    return None
        except OSError as exc:
            QMessageBox.warning(self, "不能恢复", f"无法读取备份文件：{exc.strerror or exc}")
            return None

        def check(ctx: OpContext) -> BackupCheck:  # the slow part: unpack, integrity, schema, every file's hash
            return check_backup(backup, password or None, path)

        def checked(info: BackupCheck) -> None:
            answer = QMessageBox.question(
                self, "从备份恢复",
                f"备份检查通过（{info.describe()}）。用它替换当前台账？\n当前台账会先备份，不会删除。")
            if answer == QMessageBox.StandardButton.Yes:
                self.restoreRequested.emit(backup, password or "")  # the application closes this ledger and swaps

        return run_op(self, "检查备份", check, ledger=self.ledger, label=f"正在检查备份 {backup.name}……",
                      on_success=checked,
                      on_failure=lambda message, _e: QMessageBox.warning(self, "不能恢复", message))

    def _choose_audit_export(self) -> None:
        name, _ = file_dialogs.get_save_file_name(self, "导出操作日志", "操作日志.xlsx", "Excel 工作簿 (*.xlsx)")
        if name:
            self.export_audit(Path(name if name.endswith(".xlsx") else name + ".xlsx"))

    def export_audit(self, target: Path) -> Operation[Path] | None:
        def work(ctx: OpContext) -> Path:
            from ...documents.audit_xlsx import write_audit_xlsx  # openpyxl on first export

            entries = ctx.ledger.audit.all()
            rows = ctx.counted(entries, len(entries), lambda n: f"正在导出第 {n} / {len(entries)} 条……")
            return write_output(ctx, target, lambda tmp: write_audit_xlsx(rows, tmp))

        return run_op(self, "导出操作日志", work, ledger=self.ledger,
                      on_success=lambda path: show_saved_file(self, "已导出", f"操作日志已导出到 {path}。", path))

    def open_import(self) -> ImportWizard:
        from .import_dialog import ImportWizard
        wizard = ImportWizard(self.ledger, self.today(), self, self.prefs)
        wizard.finished.connect(lambda _r: self.refresh_current())
        wizard.open()
        return wizard

    def open_proactive(self) -> QWidget:
        from .proactive_dialog import ProactiveDialog
        dialog = ProactiveDialog(self.ledger, self.today(), self)
        dialog.open()
        return dialog

    def open_archive_export(self) -> QWidget:
        from .archive_export_dialog import ArchiveExportDialog
        dialog = ArchiveExportDialog(self.ledger, self.today(), self)
        dialog.open()
        return dialog

    def open_aggregate(self) -> AggregateDialog:
        from .aggregate_dialog import AggregateDialog
        dialog = AggregateDialog(self.ledger, self)
        dialog.open()
        return dialog

    def import_notice(self) -> None:
        from .notice_import_dialog import NoticeImportDialog
        dialog = NoticeImportDialog(self.ledger, self)
        if dialog.exec():
            self.refresh_current()

    # --- 新建台账、最近打开的台账、打开所在文件夹 (issue 28 #12) --------------------------------------------------
    RECENT_KEY = "ledgers/recent"

    def _add_ledger_file_actions(self, settings: QSettings) -> None:
        self.settings_store = settings
        menu = self.ui.menuFile
        self.new_ledger_action = QAction("新建台账(&N)…", self)
        self.new_ledger_action.triggered.connect(lambda: self.new_ledger())
        menu.insertAction(self.ui.actionOpenLedger, self.new_ledger_action)
        self.recent_menu = QMenu("最近打开的台账(&R)", self)
        menu.insertMenu(self.ui.actionImportLedger, self.recent_menu)
        self.open_folder_action = QAction("打开台账所在文件夹(&F)", self)
        self.open_folder_action.triggered.connect(self.open_ledger_folder)
        self.open_folder_action.setEnabled(self.ledger.path is not None)
        menu.insertAction(self.ui.actionImportLedger, self.open_folder_action)
        menu.insertSeparator(self.ui.actionImportLedger)
        if self.ledger.path is not None:
            path = str(self.ledger.path.resolve())
            recent = [p for p in self.recent_ledgers() if p != path]
            settings.setValue(self.RECENT_KEY, [path, *recent][:8])
        self._fill_recent()

    def recent_ledgers(self) -> list[str]:
        value = self.settings_store.value(self.RECENT_KEY) or []
        return [value] if isinstance(value, str) else [str(v) for v in value]

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        current = str(self.ledger.path.resolve()) if self.ledger.path else None
        for path in self.recent_ledgers():
            action = self.recent_menu.addAction(path)
            action.setEnabled(path != current and Path(path).exists())
            action.triggered.connect(lambda _=False, p=path: self.openLedgerRequested.emit(Path(p)))
        self.recent_menu.setEnabled(bool(self.recent_menu.actions()))

    def new_ledger(self, name: str | None = None) -> Path | None:
        """Ask for a new ledger file's name and open it (created empty); an existing file is refused."""
        if name is None:
            start = str(self.ledger.path.parent / "新台账.sqlite") if self.ledger.path else "新台账.sqlite"
            name, _ = file_dialogs.get_save_file_name(self, "新建台账", start, "台账文件 (*.sqlite)",
                                                  options=QFileDialog.Option.DontConfirmOverwrite)
            if not name:
                return None
        path = Path(name)
        if path.suffix.lower() not in (".sqlite", ".db"):
            path = path.with_name(path.name + ".sqlite")
        if path.exists():
            QMessageBox.warning(self, "新建台账", f"{path} 已存在。打开已有的台账请用“打开台账文件”。")
            return None
        self.openLedgerRequested.emit(path)
        return path

    def open_ledger_folder(self) -> None:
        if self.ledger.path is not None:
            open_path(self, Path(self.ledger.path.parent))

    def _choose_ledger(self) -> None:
        start = str(self.ledger.path.parent) if self.ledger.path else ""
        name, _ = file_dialogs.get_open_file_name(self, "打开台账文件", start, "台账文件 (*.sqlite *.db);;所有文件 (*)")
        if name:
            self.openLedgerRequested.emit(Path(name))

    def open_guide(self):
        from .help_dialog import HelpDialog

        dialog = HelpDialog(self)
        dialog.open()
        return dialog

    def about(self) -> None:
        QMessageBox.about(
            self,
            f"关于{APP_NAME}",
            f"<h3>{APP_NAME} {__version__}</h3>"
            "<p>依申请公开台账、法定答复期限、答复文书与政府信息公开工作年度报告。离线使用，数据保存在本机。</p>"
            f"<p>台账文件：{self.ledger.path}</p><p>PySide6 {pyside_version}</p>",
        )

    def _waiting_for_writer(self) -> None:
        """Another program holds the ledger's write lock past the first 5 s: say so while waiting (up to 2 min)."""
        from PySide6.QtWidgets import QApplication

        self.statusBar().showMessage("台账正被另一个程序写入，正在等待其完成（最多2分钟）……", 120_000)
        QApplication.processEvents()

    # --- the ledger file replaced under the window ---------------------------------------------------------
    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.ActivationChange and self.isActiveWindow():
            self.check_ledger_file()

    def check_ledger_file(self) -> bool:
        """On focus: is the ledger file still the one open here? If it was replaced (restored from a backup in
        another window or by `gongkai restore`) or removed, say so once and offer to reopen it."""
        problem = self.ledger.replaced()
        if problem is None:
            return True
        self.ledger_label.setText(f"台账：{self.ledger.path}　文件已被替换或删除，修改不会保存")
        if not getattr(self, "_replaced_told", False):
            self._replaced_told = True
            removed = self.ledger.path is None or not self.ledger.path.exists()
            what = "已被删除或移走" if removed else "已被替换（可能在另一处从备份恢复）"
            box = QMessageBox(QMessageBox.Icon.Warning, "台账文件已变化",
                              f"台账文件 {self.ledger.path} {what}，这个窗口打开的仍是原来的文件。\n\n"
                              "在这里所做的修改不会保存到现在的台账中。请重新打开台账。")
            reopen = None if removed else box.addButton("重新打开台账", QMessageBox.ButtonRole.AcceptRole)
            box.addButton("稍后", QMessageBox.ButtonRole.RejectRole)
            box.exec()
            if reopen is not None and box.clickedButton() is reopen and self.ledger.path is not None:
                self.openLedgerRequested.emit(self.ledger.path)
        return False

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._leaving_settings_ok():
            event.ignore()
            return
        op = running_operation(self)
        if op is not None:  # closing mid-way cancels what can be cancelled and waits for the worker
            op.cancel()
            op.wait()
        self.wait_background()
        self.settings.setValue("main_window/geometry", self.saveGeometry())
        self.settings.sync()
        super().closeEvent(event)
