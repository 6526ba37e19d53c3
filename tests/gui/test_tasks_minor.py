"""工作要点 page details (issue 28, minor items): Enter in the import dialog's path field reads the file and never
saves; a deadline typed in the preview ("11月底前") is read like the importer reads it; the preview, the page and
the status bar count the same work items; evidence files in the task detail open on double-click and one added
by mistake can be removed (audited; also `gongkai tasks remove-file`)."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox

from gongkai_desktop.cli import main
from gongkai_desktop.core.workplan import parse_timing_cell

from .test_tasks_page import PLAN, find


@pytest.fixture
def page(window, monkeypatch):
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: None)
    window.show_page_named("工作要点")
    return window.tasks


def test_enter_in_the_path_field_reads_and_never_saves(page, demo_ledger, qtbot):
    dialog = page.import_plan()
    before = demo_ledger.db.execute("SELECT count(*) FROM tasks").fetchone()[0]
    dialog.path.setText(str(PLAN))
    dialog.path.setFocus()
    qtbot.keyClick(dialog.path, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.result is None
    assert dialog.tree.topLevelItemCount() > 0 and "平政办发〔2023〕51号" in dialog.meta.text()
    assert demo_ledger.db.execute("SELECT count(*) FROM tasks").fetchone()[0] == before
    qtbot.keyClick(dialog.tree, Qt.Key.Key_Return)  # Enter elsewhere does not save either
    assert dialog.isVisible() and dialog.result is None
    dialog.done(0)


@pytest.mark.parametrize(("typed", "year", "deadlines", "recurring"), [
    ("11月底前", 2023, ["2023-11-30"], []),
    ("11月底", 2023, ["2023-11-30"], []),
    ("年底前", 2023, ["2023-12-31"], []),
    ("2023/10/31、每季度", 2023, ["2023-10-31"], ["每季度"]),
    ("10月15日", 2023, ["2023-10-15"], []),
    ("持续推进", 2023, [], ["持续推进"]),
    ("每年9月", 2023, [], ["每年9月"]),  # a recurring term saved unchanged
    ("每年9月底前、每季度", 2023, [], ["每年9月底前", "每季度"]),
    ("视情况而定", 2023, [], ["视情况而定"]),
])
def test_a_typed_deadline_is_read_like_the_importer(typed, year, deadlines, recurring):
    assert parse_timing_cell(typed, year) == (deadlines, recurring)


def test_preview_page_and_status_bar_count_the_same_tasks(window, page, demo_ledger):
    dialog = page.import_plan()
    assert dialog.load(PLAN)
    preview = int(dialog.count_label.text().split("共识别任务 ")[1].split(" 项")[0])
    assert "分组标题" in dialog.count_label.text()
    item = find(dialog.tree, "强化督促检查")
    item.setText(4, "11月底前")
    dialog.save()
    stored = next(t for t in demo_ledger.tasks.list(2023) if t["title"] == "强化督促检查")
    assert (stored["deadlines"], stored["recurring"]) == (["2023-11-30"], [])
    assert f"2023年工作要点共{preview}项" in page.summary.text()  # the preview's count is the page's
    assert sum(demo_ledger.tasks.status_counts(2023).values()) == preview
    window.show_page_named("工作要点")  # the status bar counts the year the page opens on, the same way
    counts = demo_ledger.work_counts(window.today())
    page.year_combo.setCurrentIndex(page.year_combo.findData(counts["task_year"]))
    page.show_year()
    assert f"{counts['task_year']}年工作要点共{counts['tasks']}项" in page.summary.text()
    assert f"{counts['task_year']}年工作要点任务 {counts['tasks']} 项" in window.statusBar().currentMessage()
    assert counts["tasks"] < demo_ledger.db.execute(  # headings are not tasks
        "SELECT count(*) FROM tasks WHERE year = ?", [counts["task_year"]]).fetchone()[0]


def test_evidence_files_open_and_a_wrong_one_is_removed_with_a_reason(page, demo_ledger, tmp_path, monkeypatch):
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    dialog = page.import_plan()
    dialog.load(PLAN)
    dialog.save()
    page.year_combo.setCurrentIndex(page.year_combo.findData(2023))
    item = find(page.tree, "加强教育信息公开")
    page.tree.setCurrentItem(item)
    progress = page.record_progress()
    progress.progress.setPlainText("已公开招生信息。")
    right, wrong = tmp_path / "招生公告截图.png", tmp_path / "无关文件.pdf"
    right.write_bytes(b"png")
    wrong.write_bytes(b"pdf")
    progress.add_file(right)
    progress.add_file(wrong)
    progress.save()
    page.tree.setCurrentItem(find(page.tree, "加强教育信息公开"))
    assert page.file_list.isVisibleTo(page) and page.file_list.count() == 2
    page.file_list.setCurrentRow(1)
    row = page.file_list.currentItem().data(Qt.ItemDataRole.UserRole)
    page.file_list.itemActivated.emit(page.file_list.currentItem())  # double-click / Enter
    assert opened and opened[-1].endswith("无关文件.pdf")
    stored = demo_ledger.attachments.path_of(row)
    assert stored.exists()
    assert not page.remove_file(reason="")  # a reason is required
    assert page.remove_file(reason="误添加，与本任务无关")
    assert [page.file_list.item(i).text().split("（")[0] for i in range(page.file_list.count())] == ["招生公告截图.png"]
    assert not stored.exists()
    task = next(t for t in demo_ledger.tasks.list(2023) if t["title"] == "加强教育信息公开")
    entry = [e for e in demo_ledger.audit.entries("task", task["id"]) if e["action"] == "删除佐证文件"]
    assert len(entry) == 1 and "无关文件.pdf" in str(entry[0]) and "误添加" in str(entry[0])


def test_cli_removes_an_evidence_file_with_a_reason(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("GONGKAI_DB", str(tmp_path / "cli.sqlite"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    evidence = tmp_path / "错文件.pdf"
    evidence.write_bytes(b"pdf")
    assert main(["workplan", "import", str(PLAN)]) == 0
    out = capsys.readouterr().out
    assert "分组标题" in out
    task = next(t for t in __import__("json").loads(_run(capsys, "tasks", "list", "--json")))
    assert main(["tasks", "progress", str(task["id"]), "--note", "进展", "--file", str(evidence)]) == 0
    capsys.readouterr()
    assert main(["tasks", "remove-file", str(task["id"]), "--file", "错文件.pdf", "--reason", ""]) == 1
    assert "原因" in capsys.readouterr().err
    assert main(["tasks", "remove-file", str(task["id"]), "--file", "错文件.pdf", "--reason", "误添加"]) == 0
    assert "已删除佐证文件" in capsys.readouterr().out
    shown = __import__("json").loads(_run(capsys, "tasks", "show", str(task["id"]), "--json"))
    assert shown["files"] == []


def _run(capsys, *argv):
    assert main(list(argv)) == 0
    return capsys.readouterr().out


def test_an_unedited_preview_saves_the_deadlines_the_importer_read(page, demo_ledger):
    from gongkai_desktop.documents.workplan_reader import read_workplan

    plan = read_workplan(PLAN, 2023)

    def flat(tasks):
        for t in tasks:
            yield t["title"], (t["deadlines"], t["recurring"])
            yield from flat(t["children"])

    dialog = page.import_plan()
    dialog.load(PLAN)
    dialog.save()
    stored = {t["title"]: (t["deadlines"], t["recurring"]) for t in demo_ledger.tasks.list(2023)}
    assert stored == dict(flat(plan.tasks))
