"""Issue 28 (minor): 设置 asks before unsaved edits are lost (page switch, quit); 申请编号格式 is a picker with a
preview; the letter dialog's "请先在“设置”中填写…" has a button to 设置; the sidebar shows focus; the letter's own
fields come before 生成/取消 in the Tab order."""

import re
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

from gongkai_desktop.core.organisation import NUMBER_STYLES

SAVE, DISCARD, CANCEL = (QMessageBox.StandardButton.Save, QMessageBox.StandardButton.Discard,
                         QMessageBox.StandardButton.Cancel)


@pytest.fixture
def settings(window):
    window.show_page_named("设置")
    return window.settings_page


def test_number_format_is_picked_with_a_preview(settings, demo_ledger):
    picker = settings.number_picker
    assert settings.ui.edit_number_format.isHidden() and picker.isVisibleTo(settings)
    from PySide6.QtWidgets import QFormLayout

    row, _role = settings.ui.form.getWidgetPosition(picker)
    assert row == settings.ui.form.getWidgetPosition(settings.ui.label_number_format)[0] >= 0  # in the form
    assert settings.ui.form.labelForField(picker) is settings.ui.label_number_format
    assert isinstance(settings.ui.form, QFormLayout)
    assert [picker.number_style.itemText(i) for i in range(len(NUMBER_STYLES))] == [label for _, label in NUMBER_STYLES]
    assert all("{" not in picker.number_style.itemText(i) for i in range(picker.number_style.count()))
    picker.prefix.setText("依申")
    picker.number_style.setCurrentIndex(picker.number_style.findData("〔{year}〕{seq}号"))
    assert picker.preview.text() == f"示例：依申〔{date.today().year}〕12号"
    assert settings.save()
    assert demo_ledger.settings.profile().number_format == "依申〔{year}〕{seq}号"


def test_an_older_custom_number_format_is_kept(settings, demo_ledger):
    profile = demo_ledger.settings.profile()
    profile.number_format = "SQ{seq:05d}/{year}"
    demo_ledger.settings.save_profile(profile)
    settings.refresh()
    picker = settings.number_picker
    assert picker.number_style.currentText() == "现有格式：SQ{seq:05d}/{year}" and not picker.prefix.isEnabled()
    assert re.fullmatch(r"示例：SQ00012/\d{4}", picker.preview.text())
    assert not settings.is_dirty()
    assert settings.save() and demo_ledger.settings.profile().number_format == "SQ{seq:05d}/{year}"


@pytest.mark.parametrize("answer", [CANCEL, DISCARD, SAVE])
def test_leaving_settings_with_unsaved_edits_asks(window, settings, demo_ledger, monkeypatch, answer):
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a[2]) or answer)
    before = demo_ledger.settings.profile().contact
    window.show_page_named("工作台")
    assert asked == []  # nothing changed: leaves without asking
    window.show_page_named("设置")
    settings.ui.edit_contact.setText("新的联系人")
    window.ui.navList.setCurrentRow(0)  # a click in the sidebar
    assert asked and "尚未保存" in asked[0]
    stayed = window.ui.pages.currentWidget() is settings
    assert stayed == (answer == CANCEL)
    assert window.ui.navList.currentRow() == (5 if answer == CANCEL else 0)
    saved = demo_ledger.settings.profile().contact
    assert saved == ("新的联系人" if answer == SAVE else before)
    if answer == DISCARD:
        assert settings.ui.edit_contact.text() == before


def test_quitting_with_unsaved_settings_asks(window, settings, monkeypatch):
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: CANCEL)
    settings.ui.edit_contact.setText("未保存的联系人")
    window.close()
    assert window.isVisible()  # 取消: the window stays
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: DISCARD)
    window.close()
    assert not window.isVisible()


def test_letter_dialog_leads_to_settings_when_they_are_missing(window, demo_ledger):
    profile = demo_ledger.settings.profile()
    profile.organ_name = ""
    demo_ledger.settings.save_profile(profile)
    window.show_page_named("依申请公开")
    page = window.applications
    no = demo_ledger.db.execute("SELECT no FROM applications WHERE state = 'open' ORDER BY no LIMIT 1").fetchone()[0]
    assert page.select_application(no)
    from gongkai_desktop.gui.views.letter_dialog import LetterDialog

    dialog = LetterDialog(window.letters, no, window.today(), page.detail)
    dialog.generate()
    assert "设置" in dialog.message.text() or "设置" in dialog.reason.text()
    assert dialog.settings_button.isVisibleTo(dialog)
    dialog.settings_button.click()
    assert window.ui.pages.currentWidget() is window.settings_page
    assert not dialog.isVisible()


def test_sidebar_shows_keyboard_focus(window, qtbot):
    nav = window.ui.navList
    window.activateWindow()
    window.ui.pages.currentWidget().setFocus()
    plain = nav.grab().toImage()
    nav.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(nav.hasFocus)
    assert nav.grab().toImage() != plain  # the focused sidebar looks different (border, current item)


def test_letter_fields_come_before_the_buttons_in_tab_order(window, demo_ledger, qtbot):
    from gongkai_desktop.gui.views.letter_dialog import LetterDialog

    no = demo_ledger.db.execute("SELECT no FROM applications WHERE state = 'open' ORDER BY no LIMIT 1").fetchone()[0]
    dialog = LetterDialog(window.letters, no, window.today(), window)
    qtbot.addWidget(dialog)
    index = next(i for i, (t, reason) in enumerate(dialog.choices) if reason is None and t.inputs)
    dialog.type.setCurrentIndex(index)
    assert dialog.fields
    dialog.show()
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    seen, widget = [], dialog.type
    for _ in range(400):  # the order Tab follows: the focus chain, widgets that take Tab focus
        widget = widget.nextInFocusChain()
        if widget.focusPolicy() & Qt.FocusPolicy.TabFocus and widget.isVisible() and widget.isEnabled():
            seen.append(widget)
        if widget is ok:
            break
    assert ok in seen
    positions = [seen.index(w) for w in dialog.fields.values()]
    assert max(positions) < seen.index(ok)
    assert seen.index(dialog.target) > max(positions)
    dialog.done(0)


def test_settings_show_and_open_the_letters_folder(settings, demo_ledger, monkeypatch):
    from PySide6.QtGui import QDesktopServices

    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    letters = demo_ledger.path.with_name(f"{demo_ledger.path.stem}-文书")
    assert f"生成的文书：{letters}" in settings.ui.ledgerInfo.text()
    settings.open_letters_button.click()
    assert opened == [str(letters)] and letters.is_dir()
