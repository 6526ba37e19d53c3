"""Issue 17 on the 工作台 and in the case: a reply without a 送达 is listed under 已答复待送达 (count in the
title, reply date and letter, double-click opens the case); the case header says which date counted and flags
超期 with the number of working days; 补记妥投 is reachable from the 送达与证据 menu and records the 签收 date
on the existing 送达 (a 直接送达 signed two working days after the due date turns the reply 超期).

Hand-checked: received Mon 2 Nov 2026 → due Mon 30 Nov; answered on 30 Nov; signed for Wed 2 Dec = 2 working days."""

from datetime import date

import pytest

from gongkai_desktop.core.organisation import OrgProfile
from gongkai_desktop.gui.views.application_detail import ApplicationDetail
from gongkai_desktop.gui.views.dashboard_page import DashboardPage
from gongkai_desktop.gui.views.step_dialog import StepDialog
from gongkai_desktop.gui.views.widgets import qdate
from gongkai_desktop.services.case import CaseService
from gongkai_desktop.services.letters import LetterService

from ..conftest import ROOT

D = date.fromisoformat
TODAY = D("2026-12-10")
PROFILE = OrgProfile(organ_name="某市某某局", doc_prefix="某公开", review_organ="某市人民政府", court="某区人民法院",
                     contact="李明", phone="0935-1234567")
PERSON = {"kind": "自然人", "name": "王伟", "id_type": "居民身份证", "id_number": "11010519491231002X",
          "phone": "13800000000"}


@pytest.fixture
def answered(ledger, qtbot):
    from dataclasses import replace

    ledger.settings.save_profile(PROFILE)
    ledger.save_rules(replace(ledger.rules, letter_requires_approval=False))
    no = ledger.applications.register(dict(PERSON), {"channel": "当面", "received": "2026-11-02",
                                                     "content_title": "某河道采砂许可审批材料"},
                                      ledger.settings.profile(), ledger.calendar.load(), TODAY)
    CaseService(ledger).record(no, "replied", {"day": D("2026-11-30"), "outcome": "4.1"}, TODAY)
    letters = LetterService.for_ledger(ledger, ROOT / "resources" / "templates")
    made = letters.make(no, "reply-not-exist", ledger.path.parent / "答复书.docx", {}, D("2026-11-30"), TODAY)
    return ledger, letters, no, made.doc_number


def test_dashboard_lists_replies_awaiting_delivery(answered, qtbot):
    ledger, _letters, no, letter = answered
    page = DashboardPage(ledger, lambda: TODAY)
    qtbot.addWidget(page)
    page.refresh()
    assert "已答复待送达（1件）" in page.awaiting_title.text()
    cells = [page.awaiting_table.item(0, c).text() for c in range(6)]
    assert cells[0] == no and cells[3] == "2026年11月30日" and cells[4] == letter
    assert cells[5] == "已过8个工作日"  # posting now would be 超期: (30 Nov, 10 Dec] = 8
    assert "2026年11月30日" in page.awaiting_table.item(0, 5).toolTip()
    with qtbot.waitSignal(page.applicationActivated) as opened:
        page.awaiting_table.cellDoubleClicked.emit(0, 2)
    assert opened.args == [no]
    CaseService(ledger).record(no, "deliver", {"day": D("2026-12-01"), "letter": letter, "method": "直接送达",
                                               "signer": "李明"}, TODAY)
    page.refresh()
    assert "已答复待送达（0件）" in page.awaiting_title.text() and page.awaiting_table.isHidden()


def test_detail_flags_late_delivery_and_records_the_signature_later(answered, qtbot):
    ledger, letters, no, letter = answered
    detail = ApplicationDetail(ledger, letters, lambda: TODAY)
    qtbot.addWidget(detail)
    detail.show_application(no)
    assert "已答复待送达" in detail.head.text()
    assert "没有检索记录" in detail.head.text()  # a 信息不存在 reply without a 检索记录 is pointed out in the case
    assert not detail.complete_delivery_action.isEnabled()  # nothing delivered yet
    CaseService(ledger).record(no, "deliver", {"day": D("2026-11-30"), "letter": letter, "method": "直接送达",
                                               "signer": "李明", "note": "申请人不在，留置送达"}, TODAY)
    detail.show_application(no)
    assert "答复按期" in detail.head.text()
    assert detail.complete_delivery_action.isEnabled()
    detail.complete_delivery_action.trigger()
    dialog = detail.findChild(StepDialog)
    assert dialog is not None and dialog.step.slug == "delivered"
    assert [dialog.widgets["letter"].itemData(i) for i in range(dialog.widgets["letter"].count())] == [letter]
    dialog.day.setDate(qdate(D("2026-11-27")))
    dialog.save()
    assert "早于送达日期" in dialog.message.text() and dialog.isVisible()  # refused, nothing written
    dialog.day.setDate(qdate(D("2026-12-02")))
    dialog.widgets["signed_by"].setText("王伟")
    dialog.save()
    assert "超期2个工作日" in dialog.result_text
    detail.show_application(no)
    assert "答复超期2个工作日" in detail.head.text() and "2026年12月2日签收" in detail.head.text()
    assert ledger.applications.get(no)["late_reply"] == 1


def test_the_start_up_dashboard_fills_its_slow_sections_after_the_first_paint(answered, qtbot):
    """Issue 26: at start-up the 已答复待送达 and 督办 sections (the slowest queries at 100,000 applications) are
    counted just after the window is painted, not before; they are then filled without any other action."""
    from gongkai_desktop.gui.views.dashboard_page import DashboardPage

    ledger = answered[0]
    page = DashboardPage(ledger, lambda: TODAY, defer_first_fill=True)
    qtbot.addWidget(page)
    page.refresh()
    assert "正在统计" in page.awaiting_title.text()
    qtbot.waitUntil(lambda: "已答复待送达（1件）" in page.awaiting_title.text(), timeout=5000)
