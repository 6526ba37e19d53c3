"""The main window: navigation on the left, one page per area, the ledger file in the status bar."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QByteArray, QSettings, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QFileDialog, QLabel, QMainWindow, QMessageBox, QWidget

from ... import APP_NAME, __version__
from ...paths import AppPaths, resources_dir
from ...services.letters import LetterService
from ...storage.ledger import Ledger
from ..forms.ui_main_window import Ui_MainWindow
from .aggregate_dialog import AggregateDialog
from .applications_page import ApplicationsPage
from .calendar_page import CalendarPage
from .dashboard_page import DashboardPage
from .deadline_calculator_dialog import DeadlineCalculatorDialog
from .import_dialog import ImportWizard
from .notice_import_dialog import NoticeImportDialog
from .report_page import ReportPage
from .settings_page import SettingsPage
from .tasks_page import TasksPage
from .templates_dialog import TemplatesDialog

PAGE_NAMES = ("工作台", "依申请公开", "工作要点", "年度报告", "工作日历", "设置")


class MainWindow(QMainWindow):
    openLedgerRequested = Signal(Path)

    def __init__(self, ledger: Ledger, paths: AppPaths, settings: QSettings, today: Callable[[], date],
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.ui = Ui_MainWindow()
        self.ui.setupUi(self)
        self.ledger = ledger
        self.paths = paths
        self.settings = settings
        self.today = today
        self.setWindowTitle(f"{APP_NAME} — {ledger.path.name if ledger.path else '内存台账'}")

        self.dashboard = DashboardPage(ledger, today)
        self.letters = LetterService.for_ledger(ledger, resources_dir() / "templates")
        self.applications = ApplicationsPage(ledger, self.letters, today)
        self.tasks = TasksPage(ledger, today)
        self.report = ReportPage(ledger, today)
        self.calendar = CalendarPage(ledger, today)
        self.settings_page = SettingsPage(ledger, paths)
        self.pages = [self.dashboard, self.applications, self.tasks, self.report, self.calendar, self.settings_page]
        for page in self.pages:
            self.ui.pages.addWidget(page)
        self.ui.navList.currentRowChanged.connect(self.show_page)
        self.dashboard.importNoticeRequested.connect(self.import_notice)
        self.dashboard.applicationActivated.connect(self.open_application)
        self.report.applicationActivated.connect(self.open_application)
        self.calendar.importNoticeRequested.connect(self.import_notice)

        self.ui.actionQuit.triggered.connect(self.close)
        self.ui.actionAbout.triggered.connect(self.about)
        self.ui.actionCalculator.triggered.connect(self.open_calculator)
        self.ui.actionImportNotice.triggered.connect(self.import_notice)
        self.ui.actionTemplates.triggered.connect(self.open_templates)
        self.ui.actionAggregate.triggered.connect(self.open_aggregate)
        self.ui.actionImportLedger.triggered.connect(self.open_import)
        self.ui.actionOpenLedger.triggered.connect(self._choose_ledger)

        self.ledger_label = QLabel(f"台账：{ledger.path}")
        self.statusBar().addPermanentWidget(self.ledger_label)
        geometry = settings.value("main_window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        self.ui.navList.setCurrentRow(0)

    def show_page(self, index: int) -> None:
        if not 0 <= index < len(self.pages):
            return
        self.ui.pages.setCurrentIndex(index)
        self.pages[index].refresh()
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
        dialog = DeadlineCalculatorDialog(self.ledger.calendar.load(), self.today(), self)
        dialog.show()
        return dialog

    def open_templates(self) -> TemplatesDialog:
        dialog = TemplatesDialog(self.letters, self.today(), self)
        dialog.open()
        return dialog

    def open_import(self) -> ImportWizard:
        wizard = ImportWizard(self.ledger, self.today(), self)
        wizard.finished.connect(lambda _r: self.refresh_current())
        wizard.open()
        return wizard

    def open_aggregate(self) -> AggregateDialog:
        dialog = AggregateDialog(self.ledger, self)
        dialog.open()
        return dialog

    def import_notice(self) -> None:
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

    def closeEvent(self, event: QCloseEvent) -> None:
        self.settings.setValue("main_window/geometry", self.saveGeometry())
        self.settings.sync()
        super().closeEvent(event)
