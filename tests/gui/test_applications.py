"""依申请公开 screens driven as an officer would: register with the keyboard, record actions, reply with an
outcome, find the application again by typing, filter, sort, export; and the model checked by qtmodeltester."""

from datetime import date

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QMessageBox

from gongkai_desktop.core.clock import EventKind
from gongkai_desktop.gui.models.applications_model import COLUMN_KEYS, ApplicationsModel
from gongkai_desktop.storage.applications_query import ApplicationFilter

from .conftest import TODAY


@pytest.fixture
def page(window):
    window.show_page_named("依申请公开")
    return window.applications


@pytest.fixture(autouse=True)
def no_message_boxes(monkeypatch):
    answers = []
    for name in ("information", "warning"):
        monkeypatch.setattr(QMessageBox, name, lambda *a, _n=name, **k: answers.append((_n, a[2] if len(a) > 2 else "")))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    return answers


def type_into(qtbot, widget, text):
    """Type as an officer does: ASCII by key clicks, Chinese committed by the input method."""
    widget.setFocus()
    widget.clear()
    if text.isascii():
        qtbot.keyClicks(widget, text)
    else:
        event = QInputMethodEvent()
        event.setCommitString(text)
        QApplication.sendEvent(widget, event)
    assert widget.text() == text


def test_register_by_keyboard_then_reply_and_find_again(page, demo_ledger, qtbot):
    dialog = page.register()
    assert dialog.isVisible()
    type_into(qtbot, dialog.name, "欧阳明轩")
    type_into(qtbot, dialog.id_number, "11010519491231002X")
    type_into(qtbot, dialog.phone, "0935-2212345")
    dialog.channel.setCurrentText("邮寄")
    assert dialog.request.labels["received"].text().startswith("签收日期")
    dialog.received.setDate(QDate(2026, 12, 1))
    type_into(qtbot, dialog.content_title, "凉州区2026年老旧小区改造项目清单")
    dialog.handler.setCurrentText("王海燕")
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=2000)
    qtbot.keyClick(dialog.content_title, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert not dialog.isVisible()
    no = dialog.created_no
    assert no and no.startswith("2026-")
    app = demo_ledger.applications.get(no)
    assert (app["applicant"], app["channel"], app["received"], app["handler"]) == ("欧阳明轩", "邮寄", "2026-12-01", "王海燕")
    assert page.detail.app["no"] == no
    assert "答复期限" in page.detail.head.text()

    # 延期 then reply with an outcome
    ext = page.detail.record(EventKind.EXTENDED)
    ext.day.setDate(QDate(2026, 12, 8))
    ext.save()
    assert ext.isVisible() and "批准人" in ext.message.text()  # refused, nothing saved
    assert demo_ledger.applications.event_rows(app["id"]) == []
    type_into(qtbot, ext.approver, "张主任")
    ext.save()
    assert not ext.isVisible()
    assert "延期答复" in page.detail.trail.toPlainText()
    assert "登记" in page.detail.audit_view.toPlainText() and "延期答复" in page.detail.audit_view.toPlainText()

    reply = page.detail.record(EventKind.REPLIED)
    reply.day.setDate(QDate(2026, 12, 9))
    reply.save()
    assert "办理结果" in reply.message.text()
    reply.outcome.setCurrentIndex(reply.outcome.findData("4.1"))
    assert reply.basis.currentText() == "条例第三十六条第（四）项"
    reply.save()
    assert not reply.isVisible()
    row = demo_ledger.applications.get(no)
    assert (row["state"], row["outcome"], row["closed_on"]) == ("closed", "4.1", "2026-12-09")
    assert "办理结果：（四）无法提供 1.本机关不掌握相关政府信息" in page.detail.head.text()
    assert not page.detail.action_button.isEnabled()

    # find it again by part of the name
    type_into(qtbot, page.search, "欧阳")
    qtbot.waitUntil(lambda: page.model.total == 1, timeout=2000)
    assert page.model.rows[0]["no"] == no
    assert "筛选出 1 件" in page.count_label.text()

    # undo the reply (audited), the application is open again
    page.detail.undo_last(confirm=False)
    assert demo_ledger.applications.get(no)["state"] == "open"
    assert any(e["action"] == "撤销：答复" for e in demo_ledger.audit.entries("application", no))
    assert page.detail.action_button.isEnabled()


def test_registration_shows_field_errors_and_saves_nothing(page, demo_ledger, qtbot):
    before = demo_ledger.applications.count()
    dialog = page.register()
    type_into(qtbot, dialog.id_number, "110105194912310021")
    dialog.save()
    assert dialog.isVisible()
    assert dialog.person.errors["name"].text() == "请填写申请人姓名。"
    assert "校验位" in dialog.person.errors["id_number"].text()
    assert dialog.request.errors["content_title"].isVisibleTo(dialog)
    assert demo_ledger.applications.count() == before
    dialog.kind.setCurrentText("法人或其他组织")
    assert dialog.person.labels["name"].text().startswith("名称")
    assert not dialog.id_number.isVisibleTo(dialog) and dialog.credit_code.isVisibleTo(dialog)
    dialog.done(0)  # closed without the discard question


def test_registration_links_a_known_applicant_and_flags_a_repeat(page, demo_ledger, qtbot):
    known = next(iter(demo_ledger.db.query(
        "SELECT p.*, a.content_title FROM applicants p JOIN applications a ON a.applicant_id = p.id "
        "WHERE p.kind = '自然人' AND p.id_number IS NOT NULL LIMIT 1")))
    dialog = page.register()
    type_into(qtbot, dialog.name, known["name"])
    type_into(qtbot, dialog.id_number, known["id_number"])
    type_into(qtbot, dialog.content_title, known["content_title"])
    dialog.content_title.editingFinished.emit()
    text = dialog.match_label.text()
    assert dialog.match_label.isVisibleTo(dialog)
    assert "已登记的申请人" in text and "本月第" in text
    assert "可能为重复申请" in text
    type_into(qtbot, dialog.phone, "13911112222")
    dialog.save()
    no = dialog.created_no
    assert demo_ledger.applications.get(no)["applicant_id"] == known["id"]


def test_fee_notice_computes_the_tier_and_pauses(page, demo_ledger, qtbot):
    dialog = page.register()
    type_into(qtbot, dialog.name, "收费测试")
    type_into(qtbot, dialog.id_number, "11010519491231002X")
    type_into(qtbot, dialog.phone, "13800000000")
    type_into(qtbot, dialog.content_title, "全区近十年全部行政处罚决定书")
    dialog.received.setDate(QDate(2026, 12, 1))
    dialog.save()
    no = dialog.created_no
    fee = page.detail.record(EventKind.FEE_NOTICE)
    fee.fee_method.setCurrentText("按量")
    fee.fee_units.setValue(2219)
    assert "合计83460元" in fee.fee_text.text()
    fee.day.setDate(QDate(2026, 12, 3))
    fee.save()
    assert not fee.isVisible()
    row = demo_ledger.applications.get(no)
    assert (row["state"], row["fee_amount"]) == ("paused", 83460)
    assert "信息处理费：按量计收 83460元，未缴" in page.detail.head.text()
    assert "缴费期限" in page.detail.head.text()


def test_review_and_attachment_appear_on_the_detail(page, demo_ledger, tmp_path):
    no = page.model.rows[0]["no"]
    page.select_application(no)
    dialog = page.detail.edit_review(None)
    dialog.kind.setCurrentText("行政复议")
    dialog.filed.setDate(QDate(2026, 12, 2))
    dialog.save()
    assert not dialog.isVisible()
    assert page.detail.reviews.rowCount() == 1
    assert page.detail.tabs.tabText(page.detail.tabs.indexOf(page.detail.reviews)) == "复议诉讼（1）"
    scan = tmp_path / "送达回证.pdf"
    scan.write_bytes(b"%PDF receipt")
    assert page.detail.attach(str(scan))
    texts = [page.detail.timeline.item(r, 2).text() for r in range(page.detail.timeline.rowCount())]
    assert any("送达回证.pdf" in t for t in texts)


def test_filters_narrow_the_list(page, demo_ledger):
    total = demo_ledger.applications.count()
    assert page.model.total == total
    page.status.setCurrentIndex(page.status.findData("已逾期"))
    assert all(page.model.status(r) == "已逾期" for r in page.model.rows)
    overdue = page.model.total
    page.status.setCurrentIndex(0)
    page.due_within.setValue(10)
    assert all(r["state"] == "open" and r["due"] >= TODAY.isoformat() for r in page.model.rows)
    page.due_within.setValue(0)
    page.category.setCurrentIndex(page.category.findData("商业企业"))
    assert page.model.total > 0 and all(r["category"] == "商业企业" for r in page.model.rows)
    page.clear_filters()
    assert page.model.total == total
    assert overdue == demo_ledger.query.count(ApplicationFilter(TODAY, date(2026, 12, 17), status="已逾期"))


def test_sorting_by_due_puts_the_earliest_first(page):
    page.table.sortByColumn(COLUMN_KEYS.index("due"), Qt.SortOrder.AscendingOrder)
    open_dues = [r["due"] for r in page.model.rows if r["state"] == "open"]
    assert open_dues == sorted(open_dues)
    page.table.sortByColumn(COLUMN_KEYS.index("applicant"), Qt.SortOrder.DescendingOrder)
    names = [r["applicant"] for r in page.model.rows[:50]]
    assert names == sorted(names, reverse=True)


def test_personal_data_is_masked_until_asked(page):
    model = page.model
    row = next(r for r in model.rows if r["id_number"])
    r = model.rows.index(row)
    shown = model.data(model.index(r, COLUMN_KEYS.index("id_number")))
    assert "*" in shown and shown != row["id_number"]
    page.personal.setChecked(True)
    assert model.data(model.index(r, COLUMN_KEYS.index("id_number"))) == row["id_number"]


def test_export_of_the_filtered_view(page, demo_ledger, tmp_path):
    page.category.setCurrentIndex(page.category.findData("自然人"))
    target = tmp_path / "台账.xlsx"
    op = page.export(target)
    assert op.wait()
    n = op.result
    assert n == page.model.total
    ws = load_workbook(target, read_only=True).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:5] == ("申请编号", "收到日期", "申请方式", "申请人类型", "申请人")
    assert len(rows) == n + 1
    assert all(r[3] == "自然人" for r in rows[1:])
    assert all("*" in (r[5] or "*") for r in rows[1:])  # ID numbers masked
    assert not list(tmp_path.glob(".*tmp*"))


def test_model_passes_qt_model_checks(qtmodeltester, demo_ledger):
    flt = ApplicationFilter(TODAY, date(2026, 12, 17))
    model = ApplicationsModel(demo_ledger.query, flt)
    qtmodeltester.check(model)
    assert model.total == 300
    while model.canFetchMore():
        model.fetchMore()
    assert model.rowCount() == 300


def test_model_passes_qt_model_checks_after_sort_and_filter(qtmodeltester, demo_ledger):
    model = ApplicationsModel(demo_ledger.query, ApplicationFilter(TODAY, date(2026, 12, 17)))
    model.sort(COLUMN_KEYS.index("due"), Qt.SortOrder.AscendingOrder)
    model.set_filter(ApplicationFilter(TODAY, date(2026, 12, 17), status="未办结"))
    qtmodeltester.check(model)
    assert model.total > 0 and all(r["state"] != "closed" for r in model.rows)


def test_a_step_added_to_the_table_is_offered_in_the_menu_and_saved(qtbot, demo_ledger, app_paths, monkeypatch):
    """The menus and the dialog come from core/steps.py: a new row there needs no other GUI code."""
    from PySide6.QtCore import QSettings

    from gongkai_desktop.core import steps
    from gongkai_desktop.core.steps import StepDef, StepField
    from gongkai_desktop.gui.views.main_window import MainWindow

    fake = StepDef("hearing", "听取意见", "内部审批", "听取日期", (StepField("party", "对象", required=True),),
                   signer="记录人")
    monkeypatch.setattr(steps, "STEP_BY_SLUG", steps.step_by_slug((*steps.STEPS, fake)))
    w = MainWindow(demo_ledger, app_paths, QSettings(str(app_paths.config_file), QSettings.Format.IniFormat),
                   lambda: TODAY)
    qtbot.addWidget(w)
    w.show_page_named("依申请公开")
    page = w.applications
    no = page.model.rows[0]["no"]
    assert page.select_application(no)
    menu_labels = [a.text() for a in page.detail.chain_button.menu().actions()]
    assert "听取意见" in menu_labels
    dialog = page.detail.record("hearing")
    dialog.signer.setText("李明")
    dialog.save()
    assert dialog.isVisible() and "对象" in dialog.message.text()
    dialog.party.setText("申请人")
    dialog.save()
    assert not dialog.isVisible()
    assert page.detail.steps_table.item(0, 1).text() == "听取意见"


def test_undo_asks_first_naming_the_step(page, demo_ledger, monkeypatch):
    asked = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.No)
    no = next(iter(demo_ledger.db.query(
        "SELECT a.no FROM applications a JOIN application_events e ON e.application_id = a.id "
        "WHERE e.voided_at IS NULL ORDER BY a.received DESC LIMIT 1")))["no"]
    assert page.select_application(no)
    before = demo_ledger.applications.event_rows(page.detail.app["id"])
    assert before
    page.detail.undo_button.click()  # clicked(bool) must not skip the confirmation
    assert asked and asked[0].startswith("撤销“")
    assert demo_ledger.applications.event_rows(page.detail.app["id"]) == before


@pytest.mark.parametrize("answer", [None, "rename", "known"])
def test_a_known_id_with_another_name_asks_and_never_discards_the_typed_name(page, demo_ledger, qtbot, monkeypatch,
                                                                              answer):
    """Issue 28 #5: the known record is shown and the officer decides (same person renamed / a typo)."""
    from gongkai_desktop.gui.views.registration_dialog import RegistrationDialog

    known = next(iter(demo_ledger.db.query(
        "SELECT p.* FROM applicants p WHERE p.kind = '自然人' AND p.id_number IS NOT NULL LIMIT 1")))
    dialog = page.register()
    asked = []
    monkeypatch.setattr(RegistrationDialog, "ask_name_change",
                        lambda self, k, typed: asked.append((k["name"], typed)) or answer)
    type_into(qtbot, dialog.name, "李新名")
    type_into(qtbot, dialog.id_number, known["id_number"])
    type_into(qtbot, dialog.phone, "13911112222")
    type_into(qtbot, dialog.content_title, "某项目环评批复")
    dialog.save()
    assert asked == [(known["name"], "李新名")]
    if answer is None:
        assert dialog.created_no is None and dialog.name.text() == "李新名"  # back to the form, input kept
        dialog.done(0)  # closed without the discard question
        return
    app = demo_ledger.applications.get(dialog.created_no)
    assert app["applicant_id"] == known["id"]
    assert app["applicant"] == ("李新名" if answer == "rename" else known["name"])
    if answer == "rename":
        assert demo_ledger.db.execute("SELECT count(*) FROM audit_log WHERE action = '申请人更名'").fetchone()[0] == 1


def test_the_repo_refuses_a_silent_name_replacement(demo_ledger):
    from gongkai_desktop.storage.applications_repo import RegistrationError

    known = next(iter(demo_ledger.db.query(
        "SELECT p.* FROM applicants p WHERE p.kind = '自然人' AND p.id_number IS NOT NULL LIMIT 1")))
    person = {"kind": "自然人", "name": "李新名", "id_type": "居民身份证", "id_number": known["id_number"],
              "phone": "13911112222"}
    with pytest.raises(RegistrationError) as caught:
        demo_ledger.applications.register(person, {"channel": "当面", "received": TODAY.isoformat(),
                                                   "content_title": "某项目"}, demo_ledger.settings.profile(),
                                          demo_ledger.calendar.load(), TODAY)
    assert known["name"] in caught.value.errors["name"] and "李新名" in caught.value.errors["name"]


def test_delivery_records_and_forms_open_from_the_detail_panel(page, demo_ledger):
    """送达、证据记录、呈批表 are reachable from the case (issues 16, 17)."""
    from gongkai_desktop.gui.views.case_form_dialog import CaseFormDialog
    from gongkai_desktop.gui.views.delivery_dialog import DeliveryDialog
    from gongkai_desktop.gui.views.evidence_dialog import EvidenceDialog

    no = page.model.rows[0]["no"]
    assert page.select_application(no)
    for what, cls in (("deliver", DeliveryDialog), ("records", EvidenceDialog), ("forms", CaseFormDialog)):
        dialog = page.detail.open_case_dialog(what)
        assert isinstance(dialog, cls) and dialog.isVisible()
        dialog.done(0)
    assert [a.text() for a in page.detail.evidence_button.menu().actions()][0].startswith("登记送达")


def test_a_generated_form_appears_on_the_timeline(page, demo_ledger):
    """issue 16: forms are stored like letters and shown on the case's timeline."""
    from gongkai_desktop.paths import resources_dir
    from gongkai_desktop.services.case_forms import FormService

    no = next(iter(demo_ledger.db.query(
        "SELECT a.no FROM applications a JOIN application_events e ON e.application_id = a.id "
        "WHERE e.kind = 'approve' AND e.voided_at IS NULL LIMIT 1")))["no"]
    FormService.for_ledger(demo_ledger, resources_dir() / "templates").make(no, "approval", None, TODAY)
    assert page.select_application(no)
    texts = [page.detail.timeline.item(r, 2).text() for r in range(page.detail.timeline.rowCount())]
    assert any(t.startswith("政府信息公开申请办理呈批表") for t in texts)
