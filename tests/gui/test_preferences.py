"""Issue 15: the officer's own defaults live in QSettings (gui/preferences.py), not in the shared ledger or its
audit log; the unit's settings (机关名称, 文号前缀, rules) stay in the ledger."""

import json

from PySide6.QtCore import QDate, QSettings

from gongkai_desktop.gui.preferences import Preferences

from .conftest import TODAY


def audit_count(ledger) -> int:
    return ledger.db.execute("SELECT count(*) FROM audit_log").fetchone()[0]


def settings_rows(ledger) -> dict:
    return dict(ledger.db.execute("SELECT key, value FROM settings").fetchall())


def test_preferences_round_trip_through_the_ini_file(tmp_path):
    path = tmp_path / "gongkai.ini"
    prefs = Preferences(QSettings(str(path), QSettings.Format.IniFormat))
    prefs.set_registration_defaults({"channel": "邮寄", "handler": "王海燕", "department": ""})
    prefs.remember_import_mapping("申请人|受理日期", {1: "applicant", 0: "received"})
    prefs.remember_import_values({"已公开": "1"}, {"企业": "商业企业"})
    prefs.set_column_widths("applications", [100, 90, 80])
    prefs._settings.sync()
    again = Preferences(QSettings(str(path), QSettings.Format.IniFormat))
    assert again.registration_defaults() == {"channel": "邮寄", "handler": "王海燕"}
    assert again.import_mapping("申请人|受理日期") == {0: "received", 1: "applicant"}
    assert again.import_mapping("别的表头") is None
    assert again.import_value_maps() == ({"已公开": "1"}, {"企业": "商业企业"})
    assert again.column_widths("applications") == [100, 90, 80] and again.column_widths("other") == []
    # a hand-edited (broken) config file falls back to the defaults
    again._settings.setValue("preferences/registration_defaults", "{not json")
    assert again.registration_defaults() == {}
    assert Preferences().registration_defaults() == {}  # in memory: nothing remembered yet


def test_registration_defaults_go_to_the_officer_not_the_ledger(window, demo_ledger, qtbot):
    window.show_page_named("依申请公开")
    page = window.applications
    before_settings, before_audit = settings_rows(demo_ledger), audit_count(demo_ledger)
    dialog = page.register()
    dialog.name.setText("欧阳明轩")
    dialog.id_number.setText("11010519491231002X")
    dialog.phone.setText("0935-2212345")
    dialog.channel.setCurrentText("邮寄")
    dialog.received.setDate(QDate(2026, 12, 1))
    dialog.content_title.setText("凉州区2026年老旧小区改造项目清单")
    dialog.handler.setCurrentText("王海燕")
    dialog.save()
    assert dialog.created_no
    assert settings_rows(demo_ledger) == before_settings  # nothing of the officer's in the shared ledger …
    entries = demo_ledger.db.execute("SELECT entity FROM audit_log ORDER BY id DESC LIMIT ?",
                                     (audit_count(demo_ledger) - before_audit,)).fetchall()
    assert all(e[0] != "settings" for e in entries)  # … nor in its audit log
    saved = json.loads(window.settings.value("preferences/registration_defaults"))
    # 申请方式 decides the 收到日期 rule (条例第31条), so it is never carried over (issue 28); the rest is
    assert "channel" not in saved and saved["handler"] == "王海燕"
    second = page.register()  # the next registration starts from the officer's last choices
    assert second.channel.currentText() == "当面" and second.handler.currentText() == "王海燕"
    second.done(0)


def test_an_older_ledger_value_is_read_once_as_the_default(demo_ledger, qtbot):
    from gongkai_desktop.gui.views.registration_dialog import RegistrationDialog

    demo_ledger.settings.set("registration.defaults", json.dumps({"channel": "邮寄", "handler": "李明"}))
    dialog = RegistrationDialog(demo_ledger, TODAY, None, Preferences())
    qtbot.addWidget(dialog)
    assert dialog.handler.currentText() == "李明"
    assert dialog.channel.currentText() == "当面"  # never carried over, not even from an older ledger


def test_column_widths_are_the_officers(window, qtbot):
    window.show_page_named("依申请公开")
    page = window.applications
    page.table.setColumnWidth(2, 321)
    assert window.prefs.column_widths("applications")[2] == 321
    from gongkai_desktop.gui.views.applications_page import ApplicationsPage

    other = ApplicationsPage(window.ledger, window.letters, lambda: TODAY, prefs=window.prefs)
    qtbot.addWidget(other)
    other.refresh()
    assert other.table.columnWidth(2) == 321


def test_import_mappings_are_remembered_per_user(window, demo_ledger, tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["受理日期", "申请人姓名", "申请人类别", "申请公开内容"])
    wb.active.append(["2024-03-05", "钱七", "自然人", "某村低保名单"])
    wb.save(tmp_path / "t.xlsx")
    before = settings_rows(demo_ledger)
    wizard = window.open_import()
    wizard.file_page.path.setText(str(tmp_path / "t.xlsx"))
    wizard.next()
    wizard.mapping_page.combos[3].setCurrentIndex(wizard.mapping_page.combos[3].findData("content"))
    wizard.next()
    wizard.next()
    wizard.next()
    assert wizard.currentPage() is wizard.done_page
    assert settings_rows(demo_ledger) == before
    maps = json.loads(window.settings.value("preferences/import_mappings"))
    assert len(maps) == 1 and "content" in next(iter(maps.values())).values()
    again = window.open_import()  # the same headers: the officer's mapping is offered again
    again.file_page.path.setText(str(tmp_path / "t.xlsx"))
    again.next()
    assert again.mapping_page.combos[3].currentData() == "content"
