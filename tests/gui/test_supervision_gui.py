"""工作要点 督办 in the window (issue 25): a 20-unit county — 反馈表 exported and imported through the dialogs (in
the background), the 5 units that did not report on the 工作要点 page, the 工作台 and in the 督办 dialog, 督办通知,
通报, a unit's 落实情况 and 销号."""

from datetime import date

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QMessageBox

from ..unit.county import UNITS, county_plan
from ..unit.test_supervision import fill

TODAY = date(2026, 10, 15)
PERIOD = "2026年第三季度"


@pytest.fixture
def county_window(qtbot, ledger, app_paths, monkeypatch):
    from gongkai_desktop.core.workplan import parse_workplan
    from gongkai_desktop.gui.views.main_window import MainWindow

    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: None)
    profile = ledger.settings.profile()
    profile.organ_name, profile.doc_prefix, profile.contact = "某县人民政府办公室", "某政务公开", "李明"
    ledger.settings.save_profile(profile)
    plan = parse_workplan(county_plan())
    ledger.tasks.merge_tree(2026, plan.tasks, "某县工作要点.txt", plan.to_json())
    settings = QSettings(str(app_paths.config_file), QSettings.Format.IniFormat)
    w = MainWindow(ledger, app_paths, settings, lambda: TODAY)
    qtbot.addWidget(w)
    w.resize(1024, 740)
    w.show()
    return w


def test_twenty_units_through_the_window(county_window, ledger, qtbot, tmp_path):
    w = county_window
    w.show_page_named("工作要点")
    page = w.tasks
    assert page.year_combo.year() == 2026

    export = page.export_feedback()
    assert export.units.count() == 20 and export.period.text() == PERIOD
    export.due.setDate(export.due.date().addDays(-15))  # 报送截止 2026-10-10
    export.folder.setText(str(tmp_path / "反馈表"))
    export.start()
    qtbot.waitUntil(lambda: export.worker is None, timeout=20000)
    assert len(export.files) == 20 and not export.problems
    w.grab().save(str(tmp_path / "after-export.png"))
    export.cancel()

    by_unit = {load_workbook(f)["_反馈表信息"]["B5"].value: f for f in export.files}
    filled = [fill(by_unit[u]) for u in UNITS[:15]]
    wrong = fill(by_unit[UNITS[15]], K=UNITS[0])
    importer = page.import_feedback()
    importer.add_paths(filled + [wrong, filled[3]])  # the same file twice in one batch is read once
    importer.start()
    qtbot.waitUntil(lambda: importer.worker is None, timeout=20000)
    assert [r.ok for r in importer.results] == [True] * 15 + [False]
    log = importer.log.toPlainText()
    assert "不是本表单位县文旅局的任务" in log and "尚未报送5个单位：" + "、".join(UNITS[15:]) in log
    importer.cancel()
    resent = page.import_feedback()  # the unit sends the same file again later
    resent.add_paths([filled[3]])
    resent.start()
    qtbot.waitUntil(lambda: resent.worker is None, timeout=20000)
    assert "与已导入的内容相同，未作改动" in resent.log.toPlainText()
    resent.cancel()

    assert page.duty_label.text() == (f"{PERIOD}落实情况（报送截止2026-10-10）逾期未报送5个单位："
                                      + "、".join(UNITS[15:]) + "。")
    w.show_page_named("工作台")
    w.dashboard.refresh()
    text = w.dashboard.duty_label.text()
    assert "逾期未报送5个单位" in text and "、".join(UNITS[15:]) in text

    w.show_page_named("工作要点")
    supervise = page.supervise()
    listed = {supervise.table.item(r, 0).text(): supervise.table.item(r, 2).text()
              for r in range(supervise.table.rowCount())}
    assert [u for u, missing in listed.items() if missing == PERIOD] == UNITS[15:]
    for r in range(supervise.table.rowCount()):
        if supervise.table.item(r, 0).text() not in UNITS[15:]:
            supervise.table.item(r, 0).setCheckState(Qt.CheckState.Unchecked)
    supervise.folder.setText(str(tmp_path / "督办"))
    supervise.start()
    qtbot.waitUntil(lambda: supervise.worker is None, timeout=30000)
    assert [m.unit for m in supervise.made] == UNITS[15:]
    assert supervise.made[0].doc_number == "某政务公开督〔2026〕1号" and supervise.made[0].path.exists()
    supervise.cancel()

    bulletin = page.bulletin()
    bulletin.folder.setText(str(tmp_path / "通报"))
    assert bulletin.make()
    qtbot.waitUntil(lambda: bulletin.worker is None, timeout=20000)
    assert len(bulletin.written) == 2 and all(p.exists() for p in bulletin.written)
    assert "未报送5个" in bulletin.message.text()
    bulletin.reject()


def test_unit_progress_and_close_from_the_page(county_window, ledger, tmp_path):
    page = county_window.tasks
    county_window.show_page_named("工作要点")
    task = next(t for t in ledger.tasks.leaves(2026) if t["code"] == "（七）")
    page.select_task(task["id"])
    assert page.unit_table.rowCount() == 2 and page.unit_table.item(0, 0).text() == "县财政局"
    page.unit_table.selectRow(1)
    dialog = page.record_unit()
    assert dialog.unit.currentData() == "县人社局"
    dialog.state.setCurrentText("已完成")
    dialog.progress.setPlainText("已配合完成。")
    assert dialog.save()
    assert ledger.tasks.units.find(task["id"], "县人社局")["state"] == "已完成"
    assert page.unit_table.item(1, 2).text() == "已完成"

    close = page.close_task(unit="县财政局")
    close.note.setText("经核查已落实")
    assert not close.save() and "佐证" in close.message.text()
    proof = tmp_path / "公开截图.png"
    proof.write_bytes(b"png")
    close.add_file(proof)
    assert close.save()
    row = ledger.tasks.units.find(task["id"], "县财政局")
    assert row["closed_on"] == "2026-10-15" and row["evidence"] == "公开截图.png"
    assert ledger.tasks.get(task["id"])["state"] == "已完成"
    item = page.tree.currentItem()
    assert item.text(5) == "已完成" and item.text(9) == "2/2完成"
    assert ledger.audit.entries("task", task["id"])[0]["action"] == "销号"


def test_supervision_dialog_opens_an_editable_template(county_window, ledger, monkeypatch):
    from PySide6.QtGui import QDesktopServices

    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    county_window.show_page_named("工作要点")
    dialog = county_window.tasks.supervise()
    assert dialog.table.rowCount() > 0  # tasks past 6月30日 on 2026-10-15
    path = dialog.edit_template()
    assert path is not None and path.exists() and opened == [str(path)] and path.parent.name.endswith("模板")
    dialog.reject()
