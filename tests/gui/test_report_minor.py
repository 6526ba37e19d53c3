"""年度报告 page (issue 28, minor items): 表三 on screen has the "三、本年度办理结果" label row the Word report has,
the outcome rows under it; the tabs follow the report's order (表二, 表三, 表四)."""

import pytest
from PySide6.QtWidgets import QMessageBox

from gongkai_desktop.core.annual_report import COLUMNS, ROW_KEYS, SECTION3_ROWS
from gongkai_desktop.gui.views.report_page import table3_row


@pytest.fixture
def page(window, monkeypatch):
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: None)
    window.show_page_named("年度报告")
    p = window.report
    p.year_combo.setCurrentIndex(p.year_combo.findData(2025))
    return p


def test_the_result_label_row_is_shown_as_in_the_word_report(page):
    table = page.table3
    labels = [table.item(r, 0).text() for r in range(table.rowCount())]
    at = labels.index("三、本年度办理结果")
    assert labels[:at] == ["一、本年新收政府信息公开申请数量", "二、上年结转政府信息公开申请数量"]
    assert table.columnSpan(at, 0) == len(COLUMNS) + 1 and table.item(at, 1) is None  # a label, no figures
    assert labels[at + 1].startswith("　（一）予以公开") and labels[-2] == "　（七）总计"
    assert labels[-1] == "四、结转下年度继续办理"
    assert table.rowCount() == len(SECTION3_ROWS) + 1
    assert page._cell_activated(at, len(COLUMNS)) is None  # the label row opens nothing
    total = table3_row("total")
    assert table.item(total, len(COLUMNS)).text() == str(page.report.section3.values["total"][-1])
    for key in ROW_KEYS:  # every figure is in its row
        assert [table.item(table3_row(key), c + 1).text() for c in range(len(COLUMNS))] == \
            [str(x) for x in page.report.section3.values[key]]
    dialog = page._cell_activated(total, len(COLUMNS))
    assert dialog.table.rowCount() == page.report.section3.values["total"][-1]
    dialog.done(0)


def test_tabs_follow_the_report_order(page):
    names = [page.tabs.tabText(i) for i in range(page.tabs.count())]
    assert names[:3] == ["二、主动公开（表二）", "三、依申请公开（表三）", "四、复议诉讼（表四）"]
    assert page.tabs.currentIndex() == 1  # opens on 表三, computed from the ledger
