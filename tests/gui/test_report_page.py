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
    assert all(c.ok for c in page.report.checks)
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
    assert "2025年" in page.text_edits["一"].toPlainText()
    page.text_edits["五"].setPlainText("本年无突出问题。")
    page.save_texts()
    assert demo_ledger.reports.get_input(2025, "text.五") == "本年无突出问题。"
    page.redraft("五")
    assert "存在的主要问题" in page.text_edits["五"].toPlainText()


def test_finalise_locks_then_unlock_with_reason(page, demo_ledger, tmp_path):
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
    assert dialog.result is not None and dialog.result.units == ["甲局", "乙局"]
    assert "丙局" in dialog.report.toPlainText()
    assert (tmp_path / "汇总.xlsx").exists()
    assert demo_ledger.settings.get("report.units") == "甲局\n乙局\n丙局"
