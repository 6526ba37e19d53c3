"""修改登记信息 and 作废 from the window (issue 28 item 2): the list's context menu and the detail panel's buttons."""

from datetime import date

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialogButtonBox, QInputDialog, QMessageBox

from .conftest import TODAY


@pytest.fixture
def page(window):
    window.show_page_named("依申请公开")
    return window.applications


def open_app(page, demo_ledger) -> str:
    no = demo_ledger.db.execute("SELECT no FROM applications WHERE state = 'open' AND voided_at IS NULL "
                                "ORDER BY received DESC LIMIT 1").fetchone()[0]
    assert page.select_application(no)
    return no


def test_edit_from_the_context_menu_recomputes_the_due_date(page, demo_ledger, qtbot, monkeypatch):
    no = open_app(page, demo_ledger)
    before = demo_ledger.applications.get(no)
    labels = [a.text() for a in page.context_actions()]
    assert labels == ["修改登记信息…", "作废…"]
    dialog = page.detail.edit_registration(exec_=False)
    qtbot.addWidget(dialog)
    new_received = date.fromisoformat(before["received"]).replace(day=1)
    dialog.received.setDate(QDate(new_received.year, new_received.month, new_received.day))
    dialog.content_title.setText("更正后的信息名称")
    save = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save)
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)  # no reason: refused, nothing written
    assert "修改原因" in dialog.message.text()
    assert demo_ledger.applications.get(no)["content_title"] == before["content_title"]
    dialog.reason.setText("收到日期登记错误")
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    after = demo_ledger.applications.get(no)
    assert after["content_title"] == "更正后的信息名称" and after["received"] == new_received.isoformat()
    if new_received.isoformat() != before["received"]:
        assert after["due"] != before["due"] or after["state"] != "open"
    assert "更正后的信息名称" in page.detail.head.text() or page.detail.app["content_title"] == "更正后的信息名称"
    assert demo_ledger.db.execute("SELECT count(*) FROM audit_log WHERE action = '修改登记信息'").fetchone()[0] == 1


def test_void_from_the_detail_panel_hides_it_from_the_list_and_the_counts(page, demo_ledger, monkeypatch):
    no = open_app(page, demo_ledger)
    total = demo_ledger.applications.summary(TODAY, TODAY)["total"]
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("重复登记", True))
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: pytest.fail(str(a)))
    page.detail.void_button.click()
    assert demo_ledger.applications.get(no)["void_reason"] == "重复登记"
    assert demo_ledger.applications.summary(TODAY, TODAY)["total"] == total - 1
    page.refresh()
    assert not page._select(no)  # the default view leaves it out
    page.detail.show_application(no)
    assert "已作废" in page.detail.head.text() and "重复登记" in page.detail.head.text()
    assert not page.detail.void_button.isEnabled() and not page.detail.edit_button.isEnabled()
