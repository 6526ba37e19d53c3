"""Issue 28 #11: Esc on a typed registration or step form asks before discarding; an untouched form closes."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox


@pytest.fixture
def page(window):
    window.show_page_named("依申请公开")
    return window.applications


@pytest.mark.parametrize("answer", [QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Discard])
def test_esc_on_a_typed_registration_asks(page, qtbot, monkeypatch, answer):
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a[2]) or answer)
    dialog = page.register()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # nothing typed: closes without asking
    assert asked == [] and not dialog.isVisible()
    dialog = page.register()
    qtbot.keyClicks(dialog.phone, "13800000000")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert asked and "尚未保存" in asked[0]
    assert dialog.isVisible() == (answer == QMessageBox.StandardButton.Cancel)
    assert dialog.phone.text() == "13800000000"
    dialog.done(0) if dialog.isVisible() else None


def test_esc_on_a_typed_step_asks(page, demo_ledger, qtbot, monkeypatch):
    no = demo_ledger.db.execute("SELECT no FROM applications WHERE state = 'open' ORDER BY received DESC LIMIT 1"
                                ).fetchone()[0]
    assert page.select_application(no)
    asked = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.Cancel)
    dialog = page.detail.record("extended")
    dialog.widgets["approver"].setText("张主任")  # as committed by the input method
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert asked and "延期答复" in asked[0] and dialog.isVisible()
    dialog.done(0)


def test_only_the_officer_cancelling_a_typed_step_asks(page, demo_ledger, qtbot, monkeypatch):
    """Issue 15: 放弃填写？ comes on Esc and 取消, not when code closes the dialog (reject(), close())."""
    from PySide6.QtWidgets import QDialogButtonBox

    no = demo_ledger.db.execute("SELECT no FROM applications WHERE state = 'open' ORDER BY received DESC LIMIT 1"
                                ).fetchone()[0]
    assert page.select_application(no)
    asked = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.Cancel)
    dialog = page.detail.record("extended")
    dialog.widgets["approver"].setText("张主任")
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Cancel).click()  # the officer's 取消
    assert len(asked) == 1 and dialog.isVisible()
    dialog.reject()  # from code: no question
    assert len(asked) == 1 and not dialog.isVisible()
    dialog = page.detail.record("extended")
    dialog.widgets["approver"].setText("张主任")
    dialog.close()
    assert len(asked) == 1 and not dialog.isVisible()
