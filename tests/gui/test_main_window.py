"""GUI smoke and behaviour tests (pytest-qt, offscreen)."""

from datetime import date

import pytest
from PySide6.QtCore import QDate, QSettings, Qt

from gongkai_desktop.core.clock import EventKind
from gongkai_desktop.gui.views.main_window import PAGE_NAMES

from ..conftest import FIXTURES
from .conftest import TODAY


def test_navigation_reaches_every_page(window):
    for i, name in enumerate(PAGE_NAMES):
        window.ui.navList.setCurrentRow(i)
        assert window.ui.pages.currentIndex() == i
        assert window.ui.navList.item(i).text() == name
    assert "台账" in window.ledger_label.text()


def test_dashboard_shows_what_the_ledger_holds(window, demo_ledger):
    window.show_page_named("工作台")
    cal = demo_ledger.calendar.load()
    summary = demo_ledger.applications.summary(TODAY, cal.add_workdays(TODAY, 5))
    for key, card in window.dashboard.cards.items():
        assert card.value.text() == str(summary[key])
    soon = cal.add_workdays(TODAY, 5)
    due = demo_ledger.applications.due_items(soon)
    waiting = [
        d for app in demo_ledger.applications.paused()
        for d in demo_ledger.applications.clock(app, cal, TODAY).waiting.values() if d <= soon
    ]
    internal = demo_ledger.applications.internal_due_items(soon)  # 科室反馈、报批 … marked 内部
    from gongkai_desktop.services.reviews import ReviewService

    reviews = ReviewService(demo_ledger).due_items(TODAY, (soon - TODAY).days)  # 复议答复、诉讼答辩、重新答复
    assert window.dashboard.due_table.rowCount() == len(due) + len(waiting) + len(internal) + len(reviews)
    kinds = {window.dashboard.due_table.item(r, 3).text() for r in range(window.dashboard.due_table.rowCount())}
    assert "答复期限" in kinds
    assert internal and {f"内部：{i['internal_label']}" for i in internal} <= kinds
    # it is November and 2027 is not loaded: the officer is warned
    assert window.dashboard.calendar_warning.isVisibleTo(window)
    assert "2027年" in window.dashboard.calendar_warning.text()


def test_dashboard_item_opens_the_application(window, qtbot):
    window.show_page_named("工作台")
    table = window.dashboard.due_table
    if table.rowCount() == 0:
        return
    no = table.item(0, 0).text()
    window.dashboard.applicationActivated.emit(no)
    assert window.ui.pages.currentWidget() is window.applications
    assert no in window.applications.detail.head.text()
    assert "答复期限" in window.applications.detail.trail.toPlainText() or "暂停" in window.applications.detail.trail.toPlainText()


def test_settings_save_and_validation(window, demo_ledger, qtbot):
    window.show_page_named("设置")
    page = window.settings_page
    page.ui.edit_organ_name.setText("武威市某某局")
    page.ui.edit_postcode.setText("733000")
    qtbot.mouseClick(page.ui.saveButton, Qt.MouseButton.LeftButton)
    assert demo_ledger.settings.profile().organ_name == "武威市某某局"
    page.ui.edit_postcode.setText("73300")
    page.ui.edit_organ_name.setText("改过的名称")
    qtbot.mouseClick(page.ui.saveButton, Qt.MouseButton.LeftButton)
    assert "邮政编码" in page.ui.errorLabel.text()
    assert demo_ledger.settings.profile().organ_name == "武威市某某局"  # nothing half-saved


def test_geometry_is_persisted(window, app_paths):
    window.resize(1100, 700)
    window.close()
    settings = QSettings(str(app_paths.config_file), QSettings.Format.IniFormat)
    assert settings.value("main_window/geometry") is not None


def test_deadline_calculator(window):
    dialog = window.open_calculator()
    dialog.ui.receivedEdit.setDate(QDate(2026, 3, 2))
    dialog.ui.todayEdit.setDate(QDate(2026, 3, 25))
    dialog.ui.kindCombo.setCurrentIndex(dialog.ui.kindCombo.findData(EventKind.CONSULT_SENT.value))
    dialog.ui.eventDateEdit.setDate(QDate(2026, 3, 9))
    dialog.add_current_event()
    assert "暂停" in dialog.ui.resultLabel.text()
    dialog.ui.kindCombo.setCurrentIndex(dialog.ui.kindCombo.findData(EventKind.CONSULT_ANSWERED.value))
    dialog.ui.eventDateEdit.setDate(QDate(2026, 3, 20))
    dialog.add_current_event()
    assert "2026年4月13日" in dialog.ui.resultLabel.text()
    assert "4月4日至4月6日清明节放假" in dialog.ui.trailText.toPlainText()
    dialog.ui.kindCombo.setCurrentIndex(dialog.ui.kindCombo.findData(EventKind.EXTENDED.value))
    dialog.ui.eventDateEdit.setDate(QDate(2026, 5, 20))
    dialog.add_current_event()
    assert "无法计算" in dialog.ui.resultLabel.text() and "届满前" in dialog.ui.resultLabel.text()


def test_notice_import_dialog_previews_and_saves(qtbot, demo_ledger, monkeypatch):
    from gongkai_desktop.gui.views import notice_import_dialog as mod

    shown = []
    monkeypatch.setattr(mod, "show_due_changes", lambda parent, changes, what: shown.append((changes, what)))
    dialog = mod.NoticeImportDialog(demo_ledger)
    qtbot.addWidget(dialog)
    dialog.text.setPlainText("随便写的文字")
    assert dialog.parsed is None
    text = (FIXTURES / "notices" / "holiday-notice-2026.txt").read_text(encoding="utf-8")
    # a fictional 2027 notice: 1/1 is a statutory rest day already; the 调休 day off on Monday 1/4 moves due dates
    fake = text.replace("2026年", "2027年").replace("2025年11月4日", "2026年11月4日").replace(
        "1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。", "1月1日至4日放假调休，共4天。")
    dialog.text.setPlainText(fake)
    assert dialog.parsed is not None and dialog.parsed.arrangement.year == 2027
    assert "2027年" in dialog.summary.text()
    open_provisional = demo_ledger.applications.provisional_open_count()
    assert dialog.save().wait()
    assert demo_ledger.calendar.has_year(2027)
    assert shown and shown[0][1].startswith("已保存2027年")
    assert demo_ledger.applications.provisional_open_count() == 0
    assert open_provisional > 0 and len(shown[0][0]) > 0  # due dates moved and were reported


def test_calendar_page_hand_edit_requires_reason(window, demo_ledger, monkeypatch):
    from gongkai_desktop.gui.views import calendar_page as mod

    window.show_page_named("工作日历")
    reported = []
    monkeypatch.setattr(mod, "show_due_changes", lambda parent, changes, what: reported.append(what))

    class FakeDialog:
        def __init__(self, day, calendar, parent):
            from PySide6.QtWidgets import QLineEdit

            self.reason = QLineEdit("当地停电停工")

        def exec(self):
            return True

        def value(self):
            return False

    monkeypatch.setattr(mod, "DayEditDialog", FakeDialog)
    assert window.calendar.edit_day(date(2026, 12, 15)).wait()
    assert not demo_ledger.calendar.load().is_workday(date(2026, 12, 15))
    assert reported


def test_day_edit_dialog_refuses_empty_reason(qtbot, calendar):
    from gongkai_desktop.gui.views.day_edit_dialog import DayEditDialog

    dialog = DayEditDialog(date(2026, 12, 15), calendar)
    qtbot.addWidget(dialog)
    dialog._accept()
    assert "原因" in dialog.error.text() and dialog.result() == 0


def test_standard_buttons_read_chinese(qtbot, demo_ledger):
    from PySide6.QtWidgets import QDialogButtonBox

    from gongkai_desktop.gui.views.notice_import_dialog import NoticeImportDialog

    dialog = NoticeImportDialog(demo_ledger)
    qtbot.addWidget(dialog)
    assert dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel).text().startswith("取消")


def test_window_notices_its_ledger_file_was_replaced(window, tmp_path, monkeypatch):
    """Issue 27: a restore elsewhere replaced the file; the window says so instead of 已保存."""
    import os

    from PySide6.QtWidgets import QMessageBox

    from gongkai_desktop.storage.ledger import Ledger, LedgerReplacedError

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda self: shown.append(self.text()) or 0)
    assert window.check_ledger_file()
    other = tmp_path / "其他.sqlite"
    Ledger.open(other).close()
    os.replace(other, window.ledger.path)
    assert not window.check_ledger_file()
    assert shown and "已被替换" in shown[0] and "不会保存" in shown[0]
    assert "已被替换或删除" in window.ledger_label.text()
    assert not window.check_ledger_file() and len(shown) == 1  # told once
    with pytest.raises(LedgerReplacedError):
        window.ledger.settings.save_profile(window.ledger.settings.profile())


def test_daily_backup_runs_after_the_window_is_shown_and_only_on_a_sound_ledger(window, qtbot, tmp_path):
    folder = tmp_path / "自动备份"
    window.after_shown(folder, verify=True)  # what the entry point calls once the window is on screen
    qtbot.waitUntil(lambda: len(list(folder.glob("ledger-*-auto.sqlite"))) == 1, timeout=30_000)
    window.wait_background()
    window.after_shown(folder, verify=False)  # once a day: nothing new
    window.wait_background()
    assert len(list(folder.glob("ledger-*-auto.sqlite"))) == 1
    # a ledger that fails the check is never backed up (the rotation could drop good backups)
    other = tmp_path / "另一个"
    window._backup_folder = other
    window._integrity_checked([("damaged", "x")])
    window.wait_background()
    assert not other.exists()
    window._integrity_checked([])
    window.wait_background()
    assert len(list(other.glob("ledger-*-auto.sqlite"))) == 1
