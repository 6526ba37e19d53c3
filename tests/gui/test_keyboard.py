"""Issue 28 minor items: Ctrl+1…6 open the pages, Ctrl+N registers from every page, Tab leaves the list;
设置 refuses an empty 机关名称 and shows 已保存 in green."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from gongkai_desktop.gui.views.main_window import PAGE_NAMES


def test_page_shortcuts_and_ctrl_n_everywhere(window, qtbot):
    window.activateWindow()
    for i in range(len(PAGE_NAMES)):
        qtbot.keyClick(window, Qt.Key(Qt.Key.Key_1 + i), Qt.KeyboardModifier.ControlModifier)
        assert window.ui.navList.currentRow() == i
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)  # from 设置
    dialogs = [w for w in window.findChildren(QDialog) if w.isVisible() and w.windowTitle() == "登记依申请公开申请"]
    assert dialogs and window.ui.navList.currentRow() == PAGE_NAMES.index("依申请公开")
    dialogs[0].done(0)
    assert not window.applications.table.tabKeyNavigation()


def test_settings_refuse_an_empty_organ_name(window):
    window.show_page_named("设置")
    page = window.settings_page if hasattr(window, "settings_page") else None
    if page is None:
        from gongkai_desktop.gui.views.settings_page import SettingsPage

        page = window.findChild(SettingsPage)
    page.edits()["organ_name"].setText("")
    assert not page.save()
    assert "机关名称" in page.ui.errorLabel.text()
    page.edits()["organ_name"].setText("某县某某局")
    assert page.save()
    assert page.ui.errorLabel.text() == "已保存。" and "#2e7d32" in page.ui.errorLabel.styleSheet()
