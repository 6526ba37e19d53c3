"""设置: the organisation profile printed on letters and reports, the fonts letters will use on this machine,
and where the ledger lives."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...core.errors import DomainError
from ...core.organisation import NUMBER_STYLES, OrgProfile, compose_number_format, split_number_format
from ...core.rules import RulesError
from ...documents.gbt9704 import FONT_CHAINS, FONT_ROLES, choose_fonts
from ...paths import AppPaths
from ...storage.ledger import Ledger, beside
from ..forms.ui_settings_page import Ui_SettingsPage
from .rules_panel import RulesPanel
from .widgets import open_path


class NumberFormatPicker(QWidget):
    """申请编号格式 as a prefix and a style from a list, with a preview — not Python format syntax (issue 28)."""

    changed = Signal(str)  # the stored number_format

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.prefix = QLineEdit()
        self.prefix.setPlaceholderText("前缀，可不填")
        self.prefix.setToolTip("编号前的固定文字，如“依申”；不需要可不填")
        self.prefix.setMaximumWidth(160)
        self.number_style = QComboBox()
        for style, label in NUMBER_STYLES:
            self.number_style.addItem(label, style)
        self.preview = QLabel()
        self.preview.setStyleSheet("color: #546e7a;")
        row.addWidget(self.prefix)
        row.addWidget(self.number_style, 1)
        row.addWidget(self.preview)
        self.prefix.textChanged.connect(self._changed)
        self.number_style.currentIndexChanged.connect(self._changed)

    def value(self) -> str:
        style = self.number_style.currentData()
        if style not in {s for s, _ in NUMBER_STYLES}:  # a format kept from before (not one of the styles)
            return str(style)
        return compose_number_format(self.prefix.text(), style)

    def set_value(self, fmt: str) -> None:
        self.blockSignals(True)
        for i in range(self.number_style.count() - 1, len(NUMBER_STYLES) - 1, -1):
            self.number_style.removeItem(i)
        split = split_number_format(fmt or NUMBER_STYLES[0][0])
        if split is None:
            self.number_style.addItem(f"现有格式：{fmt}", fmt)
            self.number_style.setCurrentIndex(self.number_style.count() - 1)
            self.prefix.setText("")
        else:
            self.prefix.setText(split[0])
            self.number_style.setCurrentIndex(self.number_style.findData(split[1]))
        self.blockSignals(False)
        self._changed()

    def _changed(self, *_: object) -> None:
        custom = self.number_style.currentIndex() >= len(NUMBER_STYLES)
        self.prefix.setEnabled(not custom)
        fmt = self.value()
        try:
            sample = OrgProfile(number_format=fmt).format_number(date.today().year, 12)
            self.preview.setText(f"示例：{sample}")
        except (KeyError, ValueError, IndexError):
            self.preview.setText("格式无效")
        self.changed.emit(fmt)


class SettingsPage(QWidget):
    def __init__(self, ledger: Ledger, paths: AppPaths, parent: QWidget | None = None):
        super().__init__(parent)
        self.ui = Ui_SettingsPage()
        inner = QWidget()
        self.ui.setupUi(inner)
        scroll = QScrollArea()  # the page is taller than a 1024×768 window leaves it
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(inner)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        self.ui.title.setProperty("role", "title")
        self.ui.title.setText("设置")
        self.ui.errorLabel.setProperty("role", "error")
        self.ledger = ledger
        self.paths = paths
        self.ui.saveButton.clicked.connect(self.save)
        self.ui.revertButton.clicked.connect(self.refresh)
        # 单位信息, 办理规则 and 文书字体 as tabs
        self.tabs = QTabWidget()
        index = self.ui.outer.indexOf(self.ui.profileBox)
        self.ui.outer.removeWidget(self.ui.profileBox)
        self.ui.profileBox.setTitle("")
        self.tabs.addTab(self.ui.profileBox, "单位信息")
        self.rules = RulesPanel(ledger)
        self.tabs.addTab(self.rules, "办理规则")
        self.fonts_box = QGroupBox()
        self.fonts_form = QFormLayout(self.fonts_box)
        self.font_labels: dict[str, QLabel] = {}
        for role, label in FONT_ROLES.items():
            value = QLabel()
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.font_labels[role] = value
            self.fonts_form.addRow(label, value)
        self.font_hint = QLabel()
        self.font_hint.setWordWrap(True)
        self.fonts_form.addRow(self.font_hint)
        self.tabs.addTab(self.fonts_box, "文书字体（本机）")
        self.tabs.currentChanged.connect(self._tab_changed)
        self.ui.outer.insertWidget(index, self.tabs, 1)
        # 申请编号格式: a picker with a preview; the (hidden) line edit keeps the stored text for save()
        self.number_picker = NumberFormatPicker()
        self.ui.form.removeWidget(self.ui.edit_number_format)
        self.ui.form.setWidget(7, QFormLayout.ItemRole.FieldRole, self.number_picker)
        self.ui.edit_number_format.hide()
        self.ui.label_number_format.setBuddy(self.number_picker.prefix)
        self.number_picker.changed.connect(self.ui.edit_number_format.setText)
        # the folders officers look for: generated letters and attachments (issue 28), with buttons to open them
        folders = QHBoxLayout()
        self.open_letters_button = QPushButton("打开文书文件夹")
        self.open_letters_button.clicked.connect(lambda: self._open_folder("文书"))
        self.open_attachments_button = QPushButton("打开附件文件夹")
        self.open_attachments_button.clicked.connect(lambda: self._open_folder("附件"))
        folders.addWidget(self.open_letters_button)
        folders.addWidget(self.open_attachments_button)
        folders.addStretch(1)
        self.ui.outer.insertLayout(self.ui.outer.indexOf(self.ui.ledgerInfo) + 1, folders)

    def folder(self, what: str) -> Path | None:
        return beside(self.ledger.path, what)

    def _open_folder(self, what: str) -> bool:
        folder = self.folder(what)
        if folder is None:
            return False
        folder.mkdir(parents=True, exist_ok=True)
        return open_path(self, folder)

    # --- unsaved edits (issue 28): leaving the page or quitting asks 保存 / 放弃 / 取消 ----------------------
    def is_dirty(self) -> bool:
        if getattr(self.ledger, "read_only", False):  # nothing can be saved there anyway
            return False
        saved = self.ledger.settings.profile()
        if any(edit.text().strip() != (getattr(saved, name) or "").strip() for name, edit in self.edits().items()
               if name != "number_format"):
            return True
        if self.ui.edit_number_format.text() != (saved.number_format or NUMBER_STYLES[0][0]):
            return True
        try:
            return self.rules.rules() != self.ledger.rules
        except RulesError:
            return True

    def confirm_leave(self) -> bool:
        """True when the page may be left: nothing unsaved, saved, or discarded; False to stay (取消 or a refused
        save)."""
        if not self.is_dirty():
            return True
        answer = QMessageBox.question(
            self, "设置尚未保存", "设置页有尚未保存的修改。保存后再离开吗？",
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save)
        if answer == QMessageBox.StandardButton.Save:
            ok = self.save()
            try:
                rules_changed = self.rules.rules() != self.ledger.rules
            except RulesError:
                rules_changed = True
            if ok and rules_changed:
                ok = self.rules.save()
            return ok
        if answer == QMessageBox.StandardButton.Discard:
            self.refresh()
            return True
        return False

    def edits(self) -> dict[str, QLineEdit]:
        return {name: getattr(self.ui, f"edit_{name}") for name in OrgProfile().to_dict()}

    def _tab_changed(self, index: int) -> None:
        on_profile = self.tabs.widget(index) is self.ui.profileBox  # the profile's own save/revert buttons
        self.ui.saveButton.setVisible(on_profile)
        self.ui.revertButton.setVisible(on_profile)

    def show_fonts(self, installed: list[str] | None = None) -> None:
        """Which font each part of a letter will use here, and what to install for the official look."""
        from .widgets import installed_families

        choice = choose_fonts(installed if installed is not None else installed_families())
        for role, label in self.font_labels.items():
            used = choice.fonts[role]
            preferred = FONT_CHAINS[role][0]
            if role in choice.none_installed:
                label.setText(f"{preferred}（未安装，本机也没有可代替的字体）")
            elif used == preferred:
                label.setText(f"{used}（标准字体）")
            else:
                label.setText(f"{used}（代替 {preferred}）")
            label.setStyleSheet("" if role not in choice.missing_preferred else "color: #8d6e00;")
        hint = choice.install_hint()
        self.font_hint.setText(hint or "公文所需字体均已安装。")
        self.font_hint.setStyleSheet("color: #8d6e00;" if hint else "color: #2e7d32;")

    def refresh(self) -> None:
        self.rules.refresh()
        self.show_fonts()
        profile = self.ledger.settings.profile()
        for name, edit in self.edits().items():
            edit.setText(getattr(profile, name))
            edit.setStyleSheet("")
        self.number_picker.set_value(profile.number_format)
        self.ui.errorLabel.setText("")
        counts = self.ledger.counts()
        mode = "便携模式（数据保存在程序旁的 data 文件夹）" if self.paths.portable else "标准模式"
        self.ui.ledgerInfo.setText(
            f"台账文件：{self.ledger.path}\n生成的文书：{self.folder('文书') or '—'}\n"
            f"附件：{self.folder('附件') or '—'}\n备份文件夹：{self.paths.backup_dir}\n日志文件夹：{self.paths.log_dir}\n"
            f"运行方式：{mode}\n台账内容：{self.ledger.work_counts_text(date.today())}，"
            f"事项{counts['application_events']}条，节假日安排{counts['calendar_years']}个年度。"
        )

    def save(self) -> bool:
        profile = OrgProfile(**{name: edit.text().strip() for name, edit in self.edits().items()})
        try:
            if "organ_name" in self.edits() and not profile.organ_name:  # issue 28: every letter is signed with it
                raise DomainError({"organ_name": "请填写机关名称（文书落款和年度报告都要用到）。"})
            self.ledger.settings.save_profile(profile)
        except DomainError as exc:
            errors: dict[str, str] = exc.args[0]
            self.ui.errorLabel.setStyleSheet("")
            for name, edit in self.edits().items():
                edit.setStyleSheet("border: 1px solid #c62828;" if name in errors else "")
            self.number_picker.setStyleSheet("border: 1px solid #c62828;" if "number_format" in errors else "")
            self.ui.errorLabel.setText("未保存：" + " ".join(errors.values()))
            first = next(iter(errors))
            (self.number_picker.prefix if first == "number_format" else self.edits()[first]).setFocus()
            return False
        for edit in self.edits().values():
            edit.setStyleSheet("")
        self.ui.errorLabel.setText("已保存。")
        self.ui.errorLabel.setStyleSheet("color: #2e7d32;")  # a confirmation, not in the error red
        return True
