"""Issue 20 in the window: the registration dialog and the reply step show earlier answers to the same information
by other applicants; the 转主动 review dialog lists and records decisions; the split button."""

from dataclasses import replace
from datetime import date

import pytest

from gongkai_desktop.core.organisation import OrgProfile
from gongkai_desktop.services.case import CaseService

TODAY = date(2026, 11, 20)
PEOPLE = (("王伟", "11010519491231002X"), ("李娜", "110101199003074477"), ("张强", "110101198001010053"))


def register(ledger, person, content, received="2026-11-02"):
    name, number = person
    return ledger.applications.register(
        {"kind": "自然人", "name": name, "id_type": "居民身份证", "id_number": number, "phone": "13800000000"},
        {"channel": "当面", "received": received, "content_title": content}, ledger.settings.profile(),
        ledger.calendar.load(), TODAY)


@pytest.fixture
def two_answered(ledger):
    ledger.settings.save_profile(OrgProfile(organ_name="某局", doc_prefix="某公开", review_organ="某市人民政府",
                                            court="某区人民法院"))
    ledger.save_rules(replace(ledger.rules, letter_requires_approval=False))
    service = CaseService(ledger)
    nos = []
    for person, outcome in zip(PEOPLE[:2], ("1", "4.1"), strict=True):
        no = register(ledger, person, "某区2025年征地补偿安置方案")
        service.record(no, "replied", {"day": date(2026, 11, 10), "outcome": outcome,
                                       "consistency_reason": "该方案已移交区档案馆" if nos else ""}, TODAY)
        nos.append(no)
    return ledger, service, nos


def test_registration_dialog_shows_both_earlier_answers(qtbot, two_answered):
    from gongkai_desktop.gui.views.registration_dialog import RegistrationDialog

    ledger, _, nos = two_answered
    dialog = RegistrationDialog(ledger, TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.content_title.setText("某区2025年征地补偿安置方案")
    dialog.content_title.editingFinished.emit()
    assert dialog.earlier.isVisible()
    assert [e.no for e in dialog.earlier.answers] == nos
    text = dialog.earlier.label.text()
    assert "予以公开" in text and "本机关不掌握相关政府信息" in text and "不一致" in text
    qtbot.wait(50)
    dialog.grab().save("/work/notes/shots/20/registration-earlier.png") if _shots() else None


def test_reply_dialog_lists_earlier_answers_and_asks_for_a_reason(qtbot, two_answered):
    from gongkai_desktop.core.steps import STEP_BY_SLUG
    from gongkai_desktop.gui.views.step_dialog import StepDialog

    ledger, service, nos = two_answered
    no = register(ledger, PEOPLE[2], "某区2025年征地补偿安置方案")
    dialog = StepDialog(service, no, STEP_BY_SLUG["replied"], TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.earlier.isVisible() and {e.no for e in dialog.earlier.answers} == set(nos)
    assert "consistency_reason" in dialog.widgets
    dialog.resize(1024, 700)
    dialog.grab().save("/work/notes/shots/20/reply-step-earlier.png") if _shots() else None


def _shots() -> bool:
    from pathlib import Path

    return Path("/work/notes/shots/20").is_dir()


def test_proactive_dialog_from_the_tools_menu_lists_and_records(qtbot, ledger, window=None):
    from gongkai_desktop.gui.views.proactive_dialog import ProactiveDialog

    ledger.save_rules(replace(ledger.rules, letter_requires_approval=False))
    service = CaseService(ledger)
    for person in PEOPLE:
        no = register(ledger, person, "某区2025年财政预算执行情况报告")
        service.record(no, "replied", {"day": date(2026, 11, 10), "outcome": "1"}, TODAY)
    dialog = ProactiveDialog(ledger, TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: not dialog.busy() and dialog.table.rowCount() == 1, timeout=5000)
    assert dialog.table.item(0, 1).text() == "3" and dialog.table.item(0, 3).text() == "待审查"
    dialog.table.selectRow(0)
    dialog.reason.setText("三名申请人申请，已予公开")
    dialog.reviewer.setText("李明")
    dialog.decide()
    assert "栏目或网址" in dialog.message.text()
    dialog.column.setText("法定主动公开内容/财政预决算")
    dialog.decide()
    qtbot.waitUntil(lambda: not dialog.busy() and dialog.table.item(0, 3).text().startswith("转为主动公开"), timeout=5000)
    assert "李明" in dialog.table.item(0, 3).text()
    dialog.resize(1024, 640)
    qtbot.wait(50)
    dialog.grab().save("/work/notes/shots/20/proactive-dialog.png") if _shots() else None


def test_tools_menu_has_the_proactive_review(window):
    titles = [a.text() for a in window.ui.menuTools.actions()]
    assert "依申请转主动审查…" in titles
    dialog = window.open_proactive()
    dialog.close()


def test_items_dialog_records_findings_and_splits(qtbot, ledger):
    from gongkai_desktop.gui.views.items_dialog import ItemsDialog

    no = register(ledger, PEOPLE[0], "采购合同、会议纪要和投标人报价")
    dialog = ItemsDialog(ledger, no, TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    for text in ("采购合同", "会议纪要", "投标人报价"):
        dialog.new_item.setText(text)
        dialog.add_item()
    assert dialog.table.rowCount() == 3 and dialog.split_button.isEnabled()
    for row, code in enumerate(("1", "4.1", "3.4")):
        combo = dialog.table.cellWidget(row, 2)
        combo.setCurrentIndex(combo.findData(code))
    dialog.save()
    assert "部分公开" in dialog.derived.text()
    app = ledger.applications.get(no)
    assert [i["outcome"] for i in ledger.items.items(app["id"])] == ["1", "4.1", "3.4"]
    dialog.resize(1024, 460)
    qtbot.wait(50)
    dialog.grab().save("/work/notes/shots/20/items-dialog.png") if _shots() else None
    assert dialog.split(confirm=False) == ["2026-0002", "2026-0003"]
    assert dialog.table.rowCount() == 1 and not dialog.split_button.isEnabled()
    assert ledger.items.links(app["id"])[1]["to_no"] == "2026-0003"
