"""设置: the organisation profile printed on letters and reports, and where the ledger lives."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit, QTabWidget, QWidget

from ...core.organisation import OrgProfile
from ...paths import AppPaths
from ...storage.ledger import Ledger
from ..forms.ui_settings_page import Ui_SettingsPage
from .rules_panel import RulesPanel


class SettingsPage(QWidget):
    def __init__(self, ledger: Ledger, paths: AppPaths, parent: QWidget | None = None):
        super().__init__(parent)
        self.ui = Ui_SettingsPage()
        self.ui.setupUi(self)
        self.ui.title.setProperty("role", "title")
        self.ui.title.setText("设置")
        self.ui.errorLabel.setProperty("role", "error")
        self.ledger = ledger
        self.paths = paths
        self.ui.saveButton.clicked.connect(self.save)
        self.ui.revertButton.clicked.connect(self.refresh)
        # 单位信息 and 办理规则 as tabs, so the page fits a 1024×768 screen
        self.tabs = QTabWidget()
        index = self.ui.outer.indexOf(self.ui.profileBox)
        self.ui.outer.removeWidget(self.ui.profileBox)
        self.ui.profileBox.setTitle("")
        self.tabs.addTab(self.ui.profileBox, "单位信息")
        self.rules = RulesPanel(ledger)
        self.tabs.addTab(self.rules, "办理规则")
        self.tabs.currentChanged.connect(self._tab_changed)
        self.ui.outer.insertWidget(index, self.tabs, 1)

    def edits(self) -> dict[str, QLineEdit]:
        return {name: getattr(self.ui, f"edit_{name}") for name in OrgProfile().to_dict()}

    def _tab_changed(self, index: int) -> None:
        on_profile = self.tabs.widget(index) is self.ui.profileBox  # the profile's own save/revert buttons
        self.ui.saveButton.setVisible(on_profile)
        self.ui.revertButton.setVisible(on_profile)

    def refresh(self) -> None:
        self.rules.refresh()
        profile = self.ledger.settings.profile()
        for name, edit in self.edits().items():
            edit.setText(getattr(profile, name))
            edit.setStyleSheet("")
        self.ui.errorLabel.setText("")
        counts = self.ledger.counts()
        mode = "便携模式（数据保存在程序旁的 data 文件夹）" if self.paths.portable else "标准模式"
        self.ui.ledgerInfo.setText(
            f"台账文件：{self.ledger.path}\n备份文件夹：{self.paths.backup_dir}\n日志文件夹：{self.paths.log_dir}\n"
            f"运行方式：{mode}\n台账内容：申请{counts['applications']}件，事项{counts['application_events']}条，"
            f"工作要点任务{counts['tasks']}项，节假日安排{counts['calendar_years']}个年度。"
        )

    def save(self) -> bool:
        profile = OrgProfile(**{name: edit.text().strip() for name, edit in self.edits().items()})
        try:
            self.ledger.settings.save_profile(profile)
        except ValueError as exc:
            errors: dict[str, str] = exc.args[0]
            for name, edit in self.edits().items():
                edit.setStyleSheet("border: 1px solid #c62828;" if name in errors else "")
            self.ui.errorLabel.setText("未保存：" + " ".join(errors.values()))
            first = next(iter(errors))
            self.edits()[first].setFocus()
            return False
        for edit in self.edits().values():
            edit.setStyleSheet("")
        self.ui.errorLabel.setText("已保存。")
        return True
