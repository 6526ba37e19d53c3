"""The application list (issue 28, minor items): the column named 答复期限 shows the legal deadline on every case,
closed ones too (their 办结日期 and 超期 have their own columns); no "暂定" on a closed case; 导出当前列表 has
答复期限, and an exported file still imports (the column is ignored on import)."""

from datetime import date

import pytest
from openpyxl import load_workbook

from gongkai_desktop.gui.models.applications_model import COLUMN_KEYS


@pytest.fixture
def page(window):
    window.show_page_named("依申请公开")
    return window.applications


def _shown(model, row, key):
    return model.data(model.index(row, COLUMN_KEYS.index(key)))


def test_the_deadline_column_shows_the_deadline_on_closed_cases(page, demo_ledger):
    model = page.model
    page.status.setCurrentIndex(page.status.findData("已办结"))
    while model.canFetchMore():
        model.fetchMore()
    assert model.rows
    for r, row in enumerate(model.rows):
        due = _shown(model, r, "due")
        assert due == (row["due"] or "—") and "办结" not in due and "暂定" not in due
        assert _shown(model, r, "closed_on") == row["closed_on"]
        assert _shown(model, r, "status").startswith("已办结")
        assert ("（超期）" in _shown(model, r, "status")) == bool(row["late_reply"])
    assert any(row["due"] for row in model.rows)
    header = [model.headerData(c, __import__("PySide6.QtCore").QtCore.Qt.Orientation.Horizontal)
              for c in range(model.columnCount())]
    assert header[COLUMN_KEYS.index("due")] == "答复期限" and header[COLUMN_KEYS.index("closed_on")] == "办结日期"


def test_no_provisional_mark_on_a_closed_case(page, demo_ledger):
    row = next(iter(demo_ledger.db.query("SELECT no FROM applications WHERE state = 'closed' LIMIT 1")))
    demo_ledger.db.execute("UPDATE applications SET provisional = 1 WHERE no = ?", [row["no"]])
    page.select_application(row["no"])
    r = page.model.row_of(row["no"])
    assert "暂定" not in _shown(page.model, r, "due")
    assert "暂定" not in page.detail.head.text()
    open_row = next(iter(demo_ledger.db.query("SELECT no, due FROM applications WHERE state = 'open' LIMIT 1")))
    demo_ledger.db.execute("UPDATE applications SET provisional = 1 WHERE no = ?", [open_row["no"]])
    page.apply_filters()
    assert _shown(page.model, page.model.row_of(open_row["no"]), "due") == f"{open_row['due']}（暂定）"


def test_export_has_the_deadline_and_still_imports(page, demo_ledger, tmp_path):
    from gongkai_desktop.core.ledger_import import guess_mapping

    target = tmp_path / "台账.xlsx"
    op = page.export(target)
    assert op.wait()
    rows = list(load_workbook(target, read_only=True).active.iter_rows(values_only=True))
    col = rows[0].index("答复期限")
    assert rows[0][col - 1] == "办理状态" and rows[0][col + 1] == "答复日期"
    by_no = {r[0]: tuple(r) + (None,) * len(rows[0]) for r in rows[1:]}  # empty trailing cells are not stored
    for app in demo_ledger.db.query("SELECT no, due, state, provisional FROM applications WHERE voided_at IS NULL"):
        cell = by_no[app["no"]][col]
        if app["due"] is None:
            assert cell is None
        elif app["provisional"] and app["state"] != "closed":
            assert cell == f"{app['due']}（暂定）"
        else:
            assert cell.date() == date.fromisoformat(app["due"])
    assert "答复期限" not in [rows[0][i] for i in guess_mapping(list(rows[0]))]  # not read back on import


def test_the_detail_panel_leaves_room_for_the_list(page):
    """All actions on one row made the detail panel over 1,100 px wide: at 1366×768 the list beside it shrank to a
    sliver. With two rows the panel fits beside a usable list (sidebar 150 px + list ≥ 500 px + panel)."""
    assert page.detail.minimumSizeHint().width() <= 1366 - 150 - 500 - 40
