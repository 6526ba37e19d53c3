"""The main window: navigation on the left, one page per area, the ledger file in the status bar."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QByteArray, QEvent, QObject, QSettings, QThread, Signal, Slot
from PySide6.QtGui import QAction, QCloseEvent
from PySide6.QtWidgets import QFileDialog, QInputDialog, QLabel, QLineEdit, QMainWindow, QMessageBox, QWidget

from ... import APP_NAME, __version__
from ...documents.atomic import OutputFileError
from ...paths import AppPaths, backup_dir_for, resources_dir
from ...services.letters import LetterService
from ...storage.backups import BackupError, backup_to, check_backup, describe_backup, is_encrypted
from ...storage.ledger import Ledger, quick_check
from ..forms.ui_main_window import Ui_MainWindow
from .dashboard_page import DashboardPage
from .widgets import LedgerPage, installed_families

if TYPE_CHECKING:
    from .aggregate_dialog import AggregateDialog
    from .applications_page import ApplicationsPage
    from .calendar_page import CalendarPage
    from .deadline_calculator_dialog import DeadlineCalculatorDialog
    from .import_dialog import ImportWizard
    from .report_page import ReportPage
    from .settings_page import SettingsPage
    from .tasks_page import TasksPage
    from .templates_dialog import TemplatesDialog

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


class MainWindow(QMainWindow):
    openLedgerRequested = Signal(Path)
    restoreRequested = Signal(Path, str)  # backup file, password ("" when not encrypted)
    damageFound = Signal(list)  # quick_check problems found after opening

    def __init__(self, ledger: Ledger, paths: AppPaths, settings: QSettings, today: Callable[[], date],
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.ui = Ui_MainWindow()
        self.ui.setupUi(self)
        self.ledger = ledger
        self.paths = paths
        self.settings = settings
        self.today = today
        self.setWindowTitle(f"{APP_NAME} — {ledger.path.name if ledger.path else '内存台账'}"
                            + ("（只读）" if ledger.read_only else ""))

        self.letters = LetterService.for_ledger(ledger, resources_dir() / "templates", installed_families())
        # pages are built the first time they are shown (start-up builds only the 工作台)
        self._pages: dict[int, QWidget] = {}
        for _ in PAGE_NAMES:
            self.ui.pages.addWidget(QWidget())
        self.ui.navList.currentRowChanged.connect(self.show_page)

        self.ui.actionQuit.triggered.connect(self.close)
        self.ui.actionAbout.triggered.connect(self.about)
        self.ui.actionCalculator.triggered.connect(self.open_calculator)
        self.ui.actionImportNotice.triggered.connect(self.import_notice)
        self.ui.actionTemplates.triggered.connect(self.open_templates)
        self.ui.actionAggregate.triggered.connect(self.open_aggregate)
        self.ui.actionImportLedger.triggered.connect(self.open_import)
        self.ui.actionBackupTo.triggered.connect(self._choose_backup_folder)
        self.ui.actionRestore.triggered.connect(self._choose_restore)
        self.ui.actionExportAudit.triggered.connect(self._choose_audit_export)
        self.ui.actionOpenLedger.triggered.connect(self._choose_ledger)
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
        self.ui.navList.setCurrentRow(0)

    def check_integrity(self) -> QThread | None:
        """Start the background quick_check of the open ledger; `damageFound` fires when it fails."""
        if self.ledger.path is None:
            return None
        self._check_thread = QThread(self)
        self._check_worker = IntegrityWorker(self.ledger.path)
        self._check_worker.moveToThread(self._check_thread)
        self._check_thread.started.connect(self._check_worker.run)
        self._check_worker.done.connect(self._integrity_checked)
        self._check_worker.done.connect(self._check_thread.quit)
        self._check_thread.start()
        return self._check_thread

    def _integrity_checked(self, problems: list) -> None:
        if problems:
            self.statusBar().showMessage("台账完整性检查未通过！请从备份恢复。")
            self.damageFound.emit(problems)

    def page(self, index: int) -> LedgerPage | QWidget:
        """The page at `index`, built (and its module imported) on first use."""
        if index not in self._pages:
            ledger, today = self.ledger, self.today
            if index == 0:
                page: QWidget = DashboardPage(ledger, today)
                page.importNoticeRequested.connect(self.import_notice)
                page.applicationActivated.connect(self.open_application)
            elif index == 1:
                from .applications_page import ApplicationsPage

                page = ApplicationsPage(ledger, self.letters, today)
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

    def show_page(self, index: int) -> None:
        if not 0 <= index < len(PAGE_NAMES):
            return
        page = self.page(index)
        self.ui.pages.setCurrentWidget(page)
        page.refresh()
        counts = self.ledger.counts()
        self.statusBar().showMessage(f"申请 {counts['applications']} 件　工作要点任务 {counts['tasks']} 项")
        if self.ui.navList.currentRow() != index:
            self.ui.navList.setCurrentRow(index)

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
        folder = QFileDialog.getExistingDirectory(self, "备份到（可选U盘）")
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
            except ValueError as exc:
                QMessageBox.warning(self, "密码太短", str(exc))
                continue
            break
        self.backup_to(Path(folder), password or None)

    def backup_to(self, folder: Path, password: str | None = None) -> Path | None:
        try:
            path = backup_to(self.ledger, folder, password)
        except (BackupError, ValueError) as exc:
            QMessageBox.warning(self, "备份失败", str(exc))
            return None
        QMessageBox.information(self, "已备份", f"已备份到 {path}" + ("（已加密，请牢记密码）" if password else "")
                                + f"。\n备份内容：{describe_backup(self.ledger)}。")
        return path

    def _choose_restore(self) -> None:
        start = str(backup_dir_for(self.paths, self.ledger.path)) if self.ledger.path else ""
        name, _ = QFileDialog.getOpenFileName(self, "选择备份文件", start, "台账备份 (*.zip *.gkbak *.sqlite);;所有文件 (*)")
        if name:
            self.restore_from(Path(name))

    def restore_from(self, backup: Path, password: str | None = None) -> bool:
        """Check a backup, confirm with the officer, then ask the application to swap the ledger."""
        if self.ledger.path is None:
            return False
        try:
            if is_encrypted(backup) and password is None:
                password, ok = QInputDialog.getText(self, "备份密码", "这个备份已加密，请输入密码：",
                                                    QLineEdit.EchoMode.Password)
                if not ok:
                    return False
            info = check_backup(backup, password or None, self.ledger.path)
        except (BackupError, ValueError, OSError) as exc:
            QMessageBox.warning(self, "不能恢复", str(exc))
            return False
        answer = QMessageBox.question(
            self, "从备份恢复",
            f"备份检查通过（{info.describe()}）。用它替换当前台账？\n当前台账会先备份，不会删除。")
        if answer != QMessageBox.StandardButton.Yes:
            return False
        self.restoreRequested.emit(backup, password or "")
        return True

    def _choose_audit_export(self) -> None:
        from ...documents.audit_xlsx import write_audit_xlsx  # openpyxl on first export

        name, _ = QFileDialog.getSaveFileName(self, "导出操作日志", "操作日志.xlsx", "Excel 工作簿 (*.xlsx)")
        if name:
            try:
                write_audit_xlsx(self.ledger.audit.all(), Path(name if name.endswith(".xlsx") else name + ".xlsx"))
            except OutputFileError as exc:
                QMessageBox.warning(self, "导出失败", str(exc))

    def open_import(self) -> ImportWizard:
        from .import_dialog import ImportWizard
        wizard = ImportWizard(self.ledger, self.today(), self)
        wizard.finished.connect(lambda _r: self.refresh_current())
        wizard.open()
        return wizard

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

    def _choose_ledger(self) -> None:
        start = str(self.ledger.path.parent) if self.ledger.path else ""
        name, _ = QFileDialog.getOpenFileName(self, "打开台账文件", start, "台账文件 (*.sqlite *.db);;所有文件 (*)")
        if name:
            self.openLedgerRequested.emit(Path(name))

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
        self.settings.setValue("main_window/geometry", self.saveGeometry())
        self.settings.sync()
        super().closeEvent(event)
