"""设置 · 办理规则: the rules from the settings drive the clock and the 工作台 (issue 15)."""

from gongkai_desktop.gui.views import rules_panel


def test_rule_changes_reach_the_clock_and_the_dashboard(window, demo_ledger, monkeypatch):
    shown = []
    monkeypatch.setattr(rules_panel, "show_due_changes", lambda parent, changes, what: shown.append(changes))
    from datetime import date

    from gongkai_desktop.core.organisation import OrgProfile
    from gongkai_desktop.services.case import CaseService

    from .conftest import TODAY

    no = demo_ledger.applications.register(
        {"kind": "自然人", "name": "收费测试", "id_number": "11010519491231002X", "phone": "13800000000"},
        {"channel": "当面", "received": "2026-12-01", "content_title": "全区十年行政处罚决定书"}, OrgProfile(),
        demo_ledger.calendar.load(), TODAY)
    CaseService(demo_ledger).record(no, "fee-notice", {"day": date(2026, 12, 2), "fee": ("按量", 500)}, TODAY)
    assert demo_ledger.applications.get(no)["state"] == "paused"
    window.show_page_named("工作台")
    dash = window.page(0)
    assert dash.cards["due_soon"].caption.text() == "5个工作日内到期"
    before = int(dash.cards["due_soon"].value.text())

    window.show_page_named("设置")
    settings = window.page(5)
    panel = settings.rules
    settings.tabs.setCurrentWidget(panel)
    panel.editors["due_soon_days"].setValue(15)
    panel.editors["fee_pauses_clock"].setChecked(False)
    assert panel.save()
    assert demo_ledger.rules.due_soon_days == 15 and demo_ledger.rules.fee_pauses_clock is False
    assert demo_ledger.settings.get("rules.fee_pauses_clock") == "否"

    window.show_page_named("工作台")
    assert dash.cards["due_soon"].caption.text() == "15个工作日内到期"
    assert int(dash.cards["due_soon"].value.text()) >= before
    row = demo_ledger.applications.get(no)  # paused only by its fee notice: now it runs
    assert row["state"] == "open" and row["due"] == "2026-12-29"
    assert shown and any(c.no == no for c in shown[0])
