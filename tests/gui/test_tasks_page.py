"""工作要点 page: import with an editable preview, progress and 回头看, filters, export."""

import threading

import pytest
from openpyxl import load_workbook
from PySide6.QtWidgets import QMessageBox

from ..conftest import FIXTURES

PLAN = FIXTURES / "workplans" / "pingchuan-2023.txt"


@pytest.fixture
def page(window, monkeypatch):
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: None)
    window.show_page_named("工作要点")
    return window.tasks


def find(tree, title):
    from PySide6.QtWidgets import QTreeWidgetItemIterator

    it = QTreeWidgetItemIterator(tree)
    while it.value():
        if it.value().text(1) == title:
            return it.value()
        it += 1
    return None


def test_import_preview_edit_and_save(page, demo_ledger):
    dialog = page.import_plan()
    assert dialog.load(PLAN)
    assert "平政办发〔2023〕51号" in dialog.meta.text() and dialog.year.value() == 2023
    item = find(dialog.tree, "强化督促检查")
    item.setText(2, "区政府办公室、区委宣传部")
    item.setText(4, "2023-12-31、每季度")
    dialog.tree.setCurrentItem(find(dialog.tree, "做好惠企政策解读"))
    find(dialog.tree, "做好惠企政策解读").setSelected(True)
    dialog.remove_selected()
    dialog.save()
    assert dialog.result.added == 11
    tasks = {t["title"]: t for t in demo_ledger.tasks.list(2023)}
    assert "做好惠企政策解读" not in tasks
    assert tasks["强化督促检查"]["lead_units"] == ["区政府办公室", "区委宣传部"]
    assert (tasks["强化督促检查"]["deadlines"], tasks["强化督促检查"]["recurring"]) == (["2023-12-31"], ["每季度"])
    assert page.year_combo.year() == 2023 and find(page.tree, "强化督促检查") is not None


def test_progress_review_filter_and_export(page, demo_ledger, tmp_path):
    dialog = page.import_plan()
    dialog.load(PLAN)
    dialog.save()
    item = find(page.tree, "加强教育信息公开")
    page.tree.setCurrentItem(item)
    progress = page.record_progress()
    progress.save()
    assert "请填写进展情况" in progress.message.text()
    progress.state.setCurrentText("已完成")
    progress.owner.setText("王芳")
    progress.progress.setPlainText("已公开2010年以来招生信息。")
    progress.evidence.setText("http://example.gov.cn/zs")
    scan = tmp_path / "截图.png"
    scan.write_bytes(b"png")
    progress.add_file(scan)
    progress.save()
    assert not progress.isVisible()
    item = find(page.tree, "加强教育信息公开")
    assert (item.text(5), item.text(6)) == ("已完成", "王芳") and "已公开2010年以来" in item.text(7)
    page.tree.setCurrentItem(item)
    assert "截图.png" in page.detail.toPlainText()
    review = page.review()
    review.result.setCurrentIndex(review.result.findData("已落实"))
    review.save()
    assert find(page.tree, "加强教育信息公开").text(8) == "已落实"
    page.unit.setText("区民政局")
    page.mine.setChecked(True)
    titles = [find(page.tree, t) is not None for t in ("公开低保对象名单", "加强教育信息公开")]
    assert titles == [True, False]
    page.mine.setChecked(False)
    page.state_filter.setCurrentIndex(page.state_filter.findData("已完成"))
    assert find(page.tree, "加强教育信息公开") is not None and find(page.tree, "强化督促检查") is None
    page.state_filter.setCurrentIndex(0)
    op = page.export(tmp_path / "台账.xlsx")
    assert op.wait() and op.result == tmp_path / "台账.xlsx" and op.ctx.thread is not threading.main_thread()
    ws = load_workbook(tmp_path / "台账.xlsx").active
    row = next(r for r in ws.iter_rows(values_only=True) if r[1] == "加强教育信息公开")
    assert row[7] == "已完成" and "example.gov.cn" in row[8] and "截图.png" in row[8] and row[9].startswith("已落实")


def test_progress_and_review_of_a_task_gone_meanwhile_say_so(page, monkeypatch):
    """The list can be older than the ledger (the plan imported again, another window): the task looked up
    again is None. Both used to fail with a TypeError (found by mypy, issue 15); now they say so and refresh."""
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _parent, _title, text, *a, **k: said.append(text))
    gone = {"id": 10**9, "n_children": 0, "title": "已删除的任务"}
    assert page.record_progress(dict(gone)) is None
    assert page.review(dict(gone)) is None
    assert len(said) == 2 and all("该任务已不在台账中" in s for s in said)
