"""年度报告 page: tables from the ledger, drill-down, 表二 and text entry, finalise/unlock, export."""

import pytest
from docx import Document
from PySide6.QtWidgets import QMessageBox

from gongkai_desktop.core.annual_report import COLUMNS, ROW_KEYS


@pytest.fixture
def page(window, monkeypatch):
    messages = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: messages.append(a[2]))
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: messages.append(a[2]))
    monkeypatch.setattr("gongkai_desktop.gui.views.report_page.show_saved_file",
                        lambda parent, title, text, path: messages.append(text))
    window.show_page_named("年度报告")
    p = window.report
    p.messages = messages
    p.year_combo.setCurrentIndex(p.year_combo.findData(2025))
    return p


def test_tables_show_the_ledger_and_cells_open_their_applications(page, window, demo_ledger):
    total_col = len(COLUMNS)
    received = int(page.table3.item(ROW_KEYS.index("received"), total_col).text())
    assert received == demo_ledger.db.execute(
        "SELECT count(*) FROM applications WHERE received LIKE '2025-%'").fetchone()[0]
    assert page.report.tables_ok
    dialog = page._cell_activated(ROW_KEYS.index("received"), total_col)
    assert dialog.table.rowCount() == received
    no = dialog.table.item(0, 0).text()
    dialog._activated(0, 0)
    assert window.ui.pages.currentWidget() is window.applications
    assert window.applications.detail.app["no"] == no


def test_section2_validates_and_saves(page, demo_ledger):
    page.section2_edits["行政许可"][0].setValue(1320)
    page.section2_edits["行政事业性收费"][0].setText("十二万")
    page.save_section2()
    assert "数字" in page.section2_error.text()
    assert demo_ledger.reports.get_input(2025, "section2") is None
    page.section2_edits["行政事业性收费"][0].setText("12.35")
    page.save_section2()
    assert page.section2_error.text() == ""
    assert demo_ledger.reports.get_input(2025, "section2")["行政许可"] == ["1320"]


def test_texts_are_drafted_edited_and_saved(page, demo_ledger):
    assert "{年度}年" in page.text_edits["一"].toPlainText() and "2025年" in page.report.texts["一"]
    page.text_edits["五"].setPlainText("本年无突出问题。")
    page.save_texts()
    assert demo_ledger.reports.get_input(2025, "text.五") == {"template": "本年无突出问题。"}
    page.redraft("五")
    assert "存在的主要问题" in page.text_edits["五"].toPlainText()


def test_finalise_locks_then_unlock_with_reason(page, demo_ledger, tmp_path):
    page.toggle_lock()
    assert page.report.locked_at is None and any("表二已录入并确认" in m for m in page.messages)
    page.save_section2()  # the officer confirms 表二 (zeros where nothing happened)
    assert page.report.section2_confirmed
    one = page.text_edits["一"]
    assert "{表三.本年新收}" in one.toPlainText()  # fields, not frozen numbers
    one.setPlainText("\n".join(line for line in one.toPlainText().splitlines() if "【请补充" not in line))
    page.toggle_lock()
    assert page.report.locked_at and page.lock_button.text() == "解除定稿…"
    assert page.text_edits["一"].isReadOnly() and not page.save2_button.isEnabled()
    assert page.export(tmp_path / "年报.docx").wait()
    doc = Document(str(tmp_path / "年报.docx"))
    assert len(doc.tables) == 3
    assert page.export(tmp_path / "年报.xlsx").wait()
    assert (tmp_path / "年报.xlsx").exists()
    page.toggle_lock(reason="补充表二数据")
    assert page.report.locked_at is None
    assert any(e["action"] == "解除年报定稿" for e in demo_ledger.audit.entries("report"))


def test_period_table_exports_a_quarter(page, demo_ledger, tmp_path):
    from datetime import date

    from openpyxl import load_workbook

    assert page.export_period(date(2025, 7, 1), date(2025, 9, 30), tmp_path / "q3.xlsx")
    ws = load_workbook(tmp_path / "q3.xlsx")["表三"]
    assert "2025年7月1日至2025年9月30日" in ws["A1"].value and ws["A5"].value == "一、本期新收政府信息公开申请数量"
    received = demo_ledger.db.execute("SELECT count(*) FROM applications WHERE received BETWEEN '2025-07-01' AND "
                                      "'2025-09-30'").fetchone()[0]
    assert ws["J5"].value == received and "新收" in page.period_label.text()
    assert ws.print_title_rows == "$2:$4" and ws.page_setup.fitToWidth == 1


def test_preview_fills_in_the_figures_and_saving_keeps_the_fields(page, demo_ledger):
    edit = page.text_edits["五"]
    edit.setPlainText("全年办结{表三.办结}件。")
    page.preview_check.setChecked(True)
    closed = page.report.section3.values["total"][-1]
    assert edit.toPlainText() == f"全年办结{closed}件。" and edit.isReadOnly()
    page.save_texts()
    assert demo_ledger.reports.get_input(2025, "text.五") == {"template": "全年办结{表三.办结}件。"}
    page.preview_check.setChecked(False)
    assert edit.toPlainText() == "全年办结{表三.办结}件。" and not edit.isReadOnly()


def test_field_menu_inserts_a_field(page):
    from gongkai_desktop.gui.views.report_page import QMenu

    menu = QMenu()
    page._fill_field_menu("五", menu)
    action = next(a for a in menu.actions() if a.text().startswith("{表三.办结}"))
    page.text_edits["五"].setPlainText("办结")
    page.text_edits["五"].moveCursor(page.text_edits["五"].textCursor().MoveOperation.End)
    action.trigger()
    assert page.text_edits["五"].toPlainText() == "办结{表三.办结}"


def test_current_year_cannot_be_finalised(page):
    page.year_combo.setCurrentIndex(page.year_combo.findData(2026))
    page.toggle_lock()
    assert page.report.locked_at is None
    assert any("尚未结束" in m for m in page.messages)


def test_aggregate_dialog_sums_unit_files(window, demo_ledger, tmp_path):
    import json

    from gongkai_desktop.documents.report_xlsx import write_report_xlsx
    from gongkai_desktop.services.annual_report import ReportService

    data = ReportService(demo_ledger).build(2025).to_json()
    a, b = dict(data, unit="甲局"), dict(data, unit="乙局")
    write_report_xlsx(a, tmp_path / "甲.xlsx")
    (tmp_path / "乙.json").write_text(json.dumps(b, ensure_ascii=False), encoding="utf-8")
    dialog = window.open_aggregate()
    dialog.add_file(tmp_path / "甲.xlsx")
    dialog.add_file(tmp_path / "乙.json")
    dialog.units.setPlainText("甲局\n乙局\n丙局")
    dialog.out.setText(str(tmp_path / "汇总.xlsx"))
    assert dialog.run().wait()
    assert dialog.result is not None and dialog.result.units == ["乙局", "甲局"]  # in unit order, not file order
    assert "丙局" in dialog.report.toPlainText() and "甲局（甲.xlsx）：本年新收" in dialog.report.toPlainText()
    assert (tmp_path / "汇总.xlsx").exists()
    assert demo_ledger.settings.get("report.units") == "甲局\n乙局\n丙局"


def test_aggregate_dialog_asks_for_the_year_and_for_the_file_of_a_duplicate_unit(window, demo_ledger, tmp_path):
    import json

    from gongkai_desktop.services.annual_report import ReportService

    data = ReportService(demo_ledger).build(2025).to_json()
    other = json.loads(json.dumps(data))
    other["section3"]["rows"][0]["values"][0] += 1
    other["section3"]["rows"][-1]["values"][0] += 1
    other["section3"]["rows"][0]["values"][-1] += 1
    other["section3"]["rows"][-1]["values"][-1] += 1
    files = {"甲.json": dict(data, unit="甲局"), "甲-改.json": dict(other, unit="甲局"),
             "乙.json": dict(data, unit="乙局", year=2024)}
    dialog = window.open_aggregate()
    for name, content in files.items():
        (tmp_path / name).write_text(json.dumps(content, ensure_ascii=False), encoding="utf-8")
        dialog.add_file(tmp_path / name)
    dialog.out.setText(str(tmp_path / "汇总.xlsx"))
    assert dialog.run().wait()  # the reading and summing run in the background (gui/ops.py)
    assert dialog.result is None and "--year" in dialog.report.toPlainText()
    dialog.year.setValue(2025)
    assert dialog.run().wait()
    assert dialog.result is None and "甲局 有内容不同的2个年报文件" in dialog.report.toPlainText()
    dialog.picks["甲局"].setCurrentText("甲-改.json")
    assert dialog.run().wait()
    assert dialog.result is not None and dialog.result.per_unit[0]["_source"] == "甲-改.json"
    assert not (tmp_path / "汇总.xlsx").exists() or dialog.result.units == ["甲局"]


def test_tasks_can_be_filed_under_a_part_of_the_overview(page, demo_ledger):
    page.year_combo.setCurrentIndex(page.year_combo.findData(2026))
    dialog = page.open_task_parts()
    assert dialog.table.rowCount() == len(demo_ledger.tasks.leaves(2026)) > 0
    title = dialog.table.item(0, 0).text()
    dialog.combos[0].setCurrentIndex(dialog.combos[0].findData("监督保障"))
    dialog.save()
    assert demo_ledger.reports.get_input(2026, "tasks.parts")[str(dialog.tasks[0]["id"])] == "监督保障"
    page.redraft("一")
    overview = page.text_edits["一"].toPlainText()
    assert title.rstrip("。；;") in overview.split("（五）监督保障")[1]


def test_a_late_entry_into_a_finalised_year_is_listed_on_the_report_page(page, demo_ledger):
    from datetime import date

    from gongkai_desktop.core.clock import Event, EventKind
    from gongkai_desktop.core.organisation import OrgProfile
    from gongkai_desktop.services.annual_report import record_event

    cal = demo_ledger.calendar.load()
    person = {"kind": "自然人", "name": "李四", "id_type": "护照", "id_number": "E9", "phone": "13800000009"}
    target = demo_ledger.applications.register(person, {"channel": "当面", "received": "2025-12-10",
                                                        "content_title": "某项目批复"}, OrgProfile(), cal,
                                               date(2026, 1, 5))
    page.show_year()
    page.save_section2()
    one = page.text_edits["一"]
    one.setPlainText("\n".join(line for line in one.toPlainText().splitlines() if "【请补充" not in line))
    page.toggle_lock()
    assert page.report.locked_at, page.messages
    record_event(demo_ledger, target, Event(EventKind.REPLIED, date(2025, 12, 31)), cal, date(2026, 3, 1),
                 outcome="1", reason="补登纸质答复")
    page.show_year()
    assert f"定稿后补录：{target}" in page.warning.text() and "补登纸质答复" in page.warning.text()
    assert "四、结转下年度继续办理·自然人 −1" in page.warning.text()
    assert page.correction_button.isVisibleTo(page)
    page.add_correction("补登纸质答复")
    assert "已写更正说明" in page.warning.text()


@pytest.mark.parametrize("answer", ["Cancel", "Discard", "Save"])
def test_switching_year_with_unsaved_section2_asks(page, monkeypatch, answer):
    """Issue 28 #13: unsaved 表二 edits do not vanish when another year is chosen."""
    asked = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: asked.append(a[2]) or getattr(QMessageBox.StandardButton, answer))
    assert page.year_combo.year() == 2025
    page.section2_edits["行政许可"][0].setValue(1321)
    page.year_combo.setCurrentIndex(page.year_combo.findData(2026))
    assert asked and "2025年表二的修改尚未保存" in asked[0]
    saved = page.ledger.reports.get_input(2025, "section2") or {}
    if answer == "Cancel":
        assert page.year_combo.year() == 2025 and page.section2_edits["行政许可"][0].value() == 1321
    else:
        assert page.year_combo.year() == 2026
        assert ("1321" in str(saved)) == (answer == "Save")
    asked.clear()
    page.year_combo.setCurrentIndex(page.year_combo.findData(2025 if answer != "Cancel" else 2026))
    assert asked == [] or answer == "Cancel"  # nothing typed since: no question
