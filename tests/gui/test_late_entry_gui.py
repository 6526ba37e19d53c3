"""Issue 28 #6: an opinion that arrived within the 15-working-day window can be recorded later, after the window
has passed as of today; the clock decides on the recorded date (条例第32、33条)."""

from datetime import date

import pytest
from PySide6.QtCore import QDate

from gongkai_desktop.services.case import CaseService

from .conftest import TODAY  # 2026-12-10

PERSON = {"kind": "自然人", "name": "王伟", "id_type": "居民身份证", "id_number": "11010519491231002X",
          "phone": "13800000000"}


@pytest.fixture
def page(window):
    window.show_page_named("依申请公开")
    return window.applications


def test_opinion_received_in_time_recorded_after_the_window(page, demo_ledger):
    ledger = demo_ledger
    no = ledger.applications.register(dict(PERSON), {"channel": "当面", "received": "2026-11-02",
                                                     "content_title": "某河道采砂许可审批材料"},
                                      ledger.settings.profile(), ledger.calendar.load(), date(2026, 11, 2),
                                      name_change="known")
    CaseService(ledger).record(no, "consult-sent", {"day": date(2026, 11, 3), "ref": "某砂石公司"},
                               date(2026, 11, 3))
    # the window (15 working days from 11-03) ended 2026-11-24; today is 2026-12-10
    page.refresh()
    assert page.select_application(no)
    action = page.detail.actions["consult-answered"]
    assert action.isEnabled(), action.toolTip()
    dialog = page.detail.record("consult-answered")
    dialog.day.setDate(QDate(2026, 11, 20))  # the opinion arrived on 20 Nov, within the window
    dialog.save()
    assert dialog.result() == dialog.DialogCode.Accepted, dialog.message.text()
    clock = ledger.applications.clock(ledger.applications.get(no), ledger.calendar.load(), TODAY)
    assert "11月20日（周五）收到意见（某砂石公司），计时自11月23日（周一）起恢复。" in clock.trail
    assert not any("已超过15个工作日" in line for line in clock.trail)
