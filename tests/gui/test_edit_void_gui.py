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


# --- issue 22: a finalised year's 表三 and archived cases (services/registration.py) ----------------------------
def _org_app_of(demo_ledger, year):
    return demo_ledger.db.execute(
        "SELECT a.no FROM applications a JOIN applicants p ON p.id = a.applicant_id WHERE p.kind != '自然人' "
        "AND a.year = ? AND a.voided_at IS NULL ORDER BY a.id LIMIT 1", [year]).fetchone()[0]


def test_an_edit_moving_a_finalised_years_table_asks_for_a_reason(page, demo_ledger, qtbot, monkeypatch):
    no = _org_app_of(demo_ledger, 2025)
    demo_ledger.reports.finalise(2025, {"section3": {}})
    assert page.select_application(no)
    before = demo_ledger.applications.get(no)["category"]
    other = next(c for c in ("商业企业", "科研机构") if c != before)
    dialog = page.detail.edit_registration(exec_=False)
    qtbot.addWidget(dialog)
    assert dialog.category.isEnabled()
    dialog.category.setCurrentText(other)
    dialog.reason.setText("类别登记错误")
    asked = []
    monkeypatch.setattr(QInputDialog, "getText", lambda _p, title, label, *a, **k: (asked.append(label), ("", False))[1])
    assert not dialog.save()  # cancelled: nothing written
    assert "2025年度报告已定稿" in asked[0] and f"申请人类别改为{other}" in asked[0]
    assert "未保存" in dialog.message.text()
    assert demo_ledger.applications.get(no)["category"] == before
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("应计入另一类别", True))
    assert dialog.save()
    assert demo_ledger.applications.get(no)["category"] == other
    entries = demo_ledger.reports.get_input(2025, "locked.late_entries")
    assert entries and entries[-1]["reason"] == "应计入另一类别"


def test_voiding_into_a_finalised_year_asks_why(page, demo_ledger, monkeypatch):
    no = _org_app_of(demo_ledger, 2025)
    demo_ledger.reports.finalise(2025, {"section3": {}})
    assert page.select_application(no)
    answers = iter([("重复登记", True), ("与另一件重复登记", True)])
    labels = []
    monkeypatch.setattr(QInputDialog, "getText", lambda _p, t, label, *a, **k: (labels.append(label), next(answers))[1])
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: pytest.fail(str(a)))
    page.detail.void_button.click()
    assert len(labels) == 2 and "的作废会改变已发布的表三" in labels[1]
    assert demo_ledger.applications.get(no)["void_reason"] == "重复登记"
    assert demo_ledger.reports.get_input(2025, "locked.late_entries")[-1]["what"] == "作废"


def test_an_archived_case_refuses_edit_and_void_in_the_window(page, demo_ledger, qtbot, monkeypatch):
    no = open_app(page, demo_ledger)
    app = demo_ledger.applications.get(no)
    with demo_ledger.db.atomic():
        demo_ledger.archives.insert(app["id"], no, "Z017-2026-D10-0009", 2026, "10年", 9, "2026-12-01")
    dialog = page.detail.edit_registration(exec_=False)
    qtbot.addWidget(dialog)
    dialog.notes.setText("补充备注")
    dialog.reason.setText("补充")
    assert not dialog.save()
    assert "已归档" in dialog.message.text() and "Z017-2026-D10-0009" in dialog.message.text()
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, title, text, *a, **k: warned.append(text))
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: pytest.fail("asked for a reason"))
    page.detail.void_button.click()
    assert warned and "已归档" in warned[0]
    assert demo_ledger.applications.get(no)["voided_at"] is None and demo_ledger.applications.get(no)["notes"] == app["notes"]
