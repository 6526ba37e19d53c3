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
    assert "补正期限已届满，请登记“逾期不补正”" in kinds
    assert page.cards["paused"].value.text() == "1"
