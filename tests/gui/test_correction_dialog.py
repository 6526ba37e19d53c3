"""Issue 28 (minor, 补正 dialog): the greyed 补正期限 follows the chosen issue date; a 补正告知 later than the 7
working days of 条例第30条 asks at save time; 逾期不补正 and a second 延期答复 are greyed in the menu with the reason.
Dates as in tests/unit/test_correction_rules.py (received Mon 2 Nov 2026; notice due 11 Nov)."""

from datetime import date

import pytest
from PySide6.QtWidgets import QMessageBox

from gongkai_desktop.core.organisation import OrgProfile
from gongkai_desktop.core.steps import STEP_BY_SLUG
from gongkai_desktop.gui.views.step_dialog import StepDialog
from gongkai_desktop.gui.views.widgets import picked, qdate
from gongkai_desktop.services.case import CaseService

D = date.fromisoformat
TODAY = D("2026-11-20")


@pytest.fixture
def case(ledger):
    person = {"kind": "自然人", "name": "王伟", "id_type": "居民身份证", "id_number": "11010519491231002X",
              "phone": "13800000000"}
    no = ledger.applications.register(person, {"channel": "当面", "received": "2026-11-02",
                                               "content_title": "某河道采砂许可审批材料"},
                                      OrgProfile(), ledger.calendar.load(), TODAY)
    return CaseService(ledger), no


def test_the_greyed_correction_period_follows_the_issue_date(qtbot, case):
    service, no = case
    dialog = StepDialog(service, no, STEP_BY_SLUG["correction-requested"], TODAY)
    qtbot.addWidget(dialog)
    until = dialog.widgets["until"]
    assert not until.isEnabled()
    dialog.day.setDate(qdate(D("2026-11-05")))
    assert picked(until) == D("2026-11-26")  # 15 working days after Thu 5 Nov
    dialog.day.setDate(qdate(D("2026-11-06")))
    assert picked(until) == D("2026-11-27")
    dialog.optional_dates["until"].setChecked(True)  # set by hand: no longer follows
    until.setDate(qdate(D("2026-12-04")))
    dialog.day.setDate(qdate(D("2026-11-05")))
    assert picked(until) == D("2026-12-04")


@pytest.mark.parametrize("answer", [QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Yes])
def test_a_late_correction_notice_asks_at_save_time(qtbot, case, monkeypatch, answer):
    service, no = case
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a[2]) or answer)
    dialog = StepDialog(service, no, STEP_BY_SLUG["correction-requested"], TODAY)
    qtbot.addWidget(dialog)
    dialog.day.setDate(qdate(D("2026-11-13")))
    dialog.widgets["note"].setPlainText("身份证明复印件")
    dialog.save()
    assert asked and "条例第30条" in asked[0] and "2026年11月11日" in asked[0]
    recorded = [r.slug for r in service.ledger.applications.step_rows(service.ledger.applications.get(no)["id"])]
    if answer == QMessageBox.StandardButton.Cancel:
        assert recorded == [] and "未保存" in dialog.message.text()
    else:
        assert recorded == ["correction-requested"]


def test_a_timely_correction_notice_saves_without_asking(qtbot, case, monkeypatch):
    service, no = case
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a[2]))
    dialog = StepDialog(service, no, STEP_BY_SLUG["correction-requested"], TODAY)
    qtbot.addWidget(dialog)
    dialog.day.setDate(qdate(D("2026-11-11")))
    dialog.save()
    assert asked == [] and dialog.result() == StepDialog.DialogCode.Accepted


def test_menu_greys_lapse_before_the_period_and_a_second_extension(window, demo_ledger):
    window.show_page_named("依申请公开")
    page = window.applications
    detail = page.detail
    today = detail.today()
    service = detail.case
    fresh = []
    for (no,) in demo_ledger.db.execute("SELECT no FROM applications WHERE state = 'open' AND voided_at IS NULL "
                                        "ORDER BY received DESC").fetchall():
        state = service.view(no, today).state
        if not state.correction_sent and not state.extended and not state.open_consults and not state.fee_pending:
            fresh.append(no)
    assert len(fresh) >= 2
    service.record(fresh[0], "correction-requested", {"day": today, "note": "身份证明"}, today)
    assert page.select_application(fresh[0])
    detail.show_application(fresh[0])
    lapse = detail.actions["correction-lapsed"]
    assert not lapse.isEnabled() and "尚未届满" in lapse.toolTip()
    assert detail.actions["correction-received"].isEnabled()
    service.record(fresh[1], "extended", {"day": today, "days": 10, "approver": "李明"}, today)
    assert page.select_application(fresh[1])
    detail.show_application(fresh[1])
    extend = detail.actions["extended"]
    assert not extend.isEnabled() and "只能一次" in extend.toolTip()
