"""工作台 lapse prompt and the calendar page's neighbouring-year days (issue 23)."""

from datetime import date

import pytest
from PySide6.QtCore import QSettings

from gongkai_desktop.core.clock import Event, EventKind
from gongkai_desktop.core.organisation import OrgProfile

PERSON = {"kind": "自然人", "name": "王伟", "id_type": "居民身份证", "id_number": "11010519491231002X",
          "phone": "13800000000"}


@pytest.fixture
def make_window(qtbot, app_paths):
    def make(ledger, today):
        from gongkai_desktop.gui.views.main_window import MainWindow

        settings = QSettings(str(app_paths.config_file), QSettings.Format.IniFormat)
        w = MainWindow(ledger, app_paths, settings, lambda: today)
        qtbot.addWidget(w)
        w.show()
        return w

    return make


def test_dashboard_prompts_to_record_a_lapse(ledger, make_window):
    cal = ledger.calendar.load()
    no = ledger.applications.register(dict(PERSON), {"channel": "当面", "received": "2026-03-02",
                                                     "content_title": "河道采砂许可"}, OrgProfile(), cal, date(2026, 3, 2))
    ledger.applications.add_event(no, Event(EventKind.CORRECTION_REQUESTED, date(2026, 3, 4), until=date(2026, 3, 18)),
                                  cal, date(2026, 3, 4))
    w = make_window(ledger, date(2026, 6, 1))
    w.show_page_named("工作台")
    page = w.dashboard
    assert page.lapse_warning.isVisibleTo(w)
    assert page.lapse_warning.text().startswith("1件申请的补正期限或缴费期限已经届满")
    kinds = [page.due_table.item(r, 3).text() for r in range(page.due_table.rowCount())]
    row = kinds.index("补正期限已届满")
    assert page.due_table.item(row, 3).toolTip() == "补正期限已于2026年3月18日届满，请核实后登记“逾期不补正”。"
    assert page.cards["paused"].value.text() == "1"


def _read(name):
    from ..conftest import FIXTURES

    return (FIXTURES / "notices" / name).read_text(encoding="utf-8")


def test_import_dialog_merges_a_supplementary_notice_and_lists_the_changes(qtbot, ledger, monkeypatch):
    from gongkai_desktop.gui.views import notice_import_dialog as mod

    shown = []
    monkeypatch.setattr(mod, "show_due_changes", lambda parent, changes, what: shown.append(what))
    dialog = mod.NoticeImportDialog(ledger)
    qtbot.addWidget(dialog)
    dialog.text.setPlainText(_read("notice-2019.txt"))  # the shipped 2019 data include the 劳动节 adjustment
    assert dialog.plan is not None and [c.day for c in dialog.plan.changes] == [
        date(2018, 12, 29), date(2018, 12, 31)]
    text = dialog.changes_label.text()
    assert "台账中已有该年安排，本通知与之合并" in text and "2018年12月31日（周一）：平常工作日 → 放假" in text
    assert dialog.save().wait()  # saved and re-dated in the background (gui/ops.py)
    cal = ledger.calendar.load()
    assert not cal.is_workday(date(2019, 5, 2)) and not cal.is_workday(date(2018, 12, 31))
    assert shown == ["已保存2019年节假日安排"]

    dialog = mod.NoticeImportDialog(ledger)
    qtbot.addWidget(dialog)
    dialog.text.setPlainText(_read("notice-2020.txt"))
    assert "1天以其他通知为准" in dialog.changes_label.text()
    assert "2020年2月1日（周六）：本通知为上班，仍按《国务院办公厅关于延长2020年春节假期的通知》放假" in dialog.changes_label.text()


def test_calendar_page_shows_days_a_neighbouring_notice_sets(ledger, make_window):
    from gongkai_desktop.core.holiday_notice import parse_notice

    ledger.import_arrangement(parse_notice(_read("notice-2019.txt")).arrangement)
    w = make_window(ledger, date(2026, 6, 1))
    w.show_page_named("工作日历")
    page = w.calendar
    page.year_combo.setCurrentIndex(page.year_combo.findText("2018年（未载入）"))
    page._show_year()
    assert "依据《国务院办公厅关于2019年部分节假日安排的通知》的日期：12月29日、12月30日、12月31日" in page.source.text()
    assert page.unknown.isVisibleTo(w)
    page.year_combo.setCurrentIndex(page.year_combo.findText("2019年"))
    page._show_year()
    assert "依据《国务院办公厅关于调整2019年劳动节假期安排的通知》的日期：4月28日、5月2日、5月3日、5月4日、5月5日" in page.source.text()
