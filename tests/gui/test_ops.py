"""gui/ops.py and every action moved onto it: the work runs in a worker thread on its own connection, the
success callback fires, a failure is shown in Chinese, and 取消 leaves the ledger and the output folder as they
were (no partial file)."""

import logging
import os
import stat
import sys
import threading
import time
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from gongkai_desktop.core.errors import DomainError
from gongkai_desktop.gui import ops
from gongkai_desktop.gui.ops import OpContext, run_op, running_operation
from gongkai_desktop.storage.backups import BackupError

from .conftest import TODAY


@pytest.fixture
def shown(monkeypatch):
    """Every message box the code shows (non-blocking in tests): (kind, text)."""
    seen = []
    for kind in ("information", "warning", "critical"):
        monkeypatch.setattr(QMessageBox, kind, lambda *a, k=kind, **kw: seen.append((k, a[2])))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    for module in ("applications_page", "report_page", "main_window"):
        monkeypatch.setattr(f"gongkai_desktop.gui.views.{module}.show_saved_file",
                            lambda parent, title, text, path: seen.append(("saved", text)))
    return seen


@pytest.fixture
def cancel_at(monkeypatch):
    """Press 取消 at the n-th progress report of the work, or at the first whose text contains `text`
    (deterministic: from inside the worker, just before the report is checked)."""

    def arm(n: int | None = 1, method: str = "progress", text: str | None = None):
        original = getattr(OpContext, method)
        calls = {"n": 0}

        def patched(self, done, total=0, label=""):
            calls["n"] += 1
            if (text is None and calls["n"] >= n) or (text is not None and text in label):
                self.request_cancel()
            return original(self, done, total, label)

        monkeypatch.setattr(OpContext, method, patched)
        return calls

    return arm


def finished(op):
    assert op is not None
    assert op.wait(60_000)
    return op


def off_thread(op) -> bool:
    return op.ctx.thread is not None and op.ctx.thread is not threading.main_thread()


def files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def fingerprint(ledger) -> dict:
    counts = ledger.counts()
    counts["audit"] = ledger.db.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    counts["dues"] = ledger.db.execute("SELECT group_concat(coalesce(due, '-'), ',') FROM applications").fetchone()[0]
    return counts


# --- the mechanism ------------------------------------------------------------------------------------------
def test_work_runs_in_a_worker_with_its_own_connection(qtbot, demo_ledger):
    parent = QWidget()
    qtbot.addWidget(parent)
    got = []

    def work(ctx):
        return threading.current_thread(), ctx.ledger is not demo_ledger, ctx.ledger.applications.count()

    op = finished(run_op(parent, "统计", work, ledger=demo_ledger, on_success=got.append))
    thread, own, count = got[0]
    assert thread is not threading.main_thread() and own and count == 300
    assert off_thread(op) and QApplication.overrideCursor() is None


def test_dialog_appears_only_after_half_a_second_with_a_wait_cursor_and_cancels(qtbot, demo_ledger):
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    outcome = []

    def work(ctx):
        for i in range(2000):
            ctx.progress(i, 2000, f"第 {i} 步")
            time.sleep(0.005)
        return "done"

    op = run_op(parent, "长时间的操作", work, ledger=demo_ledger, on_success=outcome.append,
                on_cancel=lambda: outcome.append("cancelled"))
    assert QApplication.overrideCursor().shape() == Qt.CursorShape.WaitCursor
    assert sys.getswitchinterval() == pytest.approx(ops.SWITCH_INTERVAL)  # the window gets the lock back sooner
    qtbot.wait(200)
    assert op.dialog is not None and not op.dialog.isVisible()
    qtbot.waitUntil(lambda: op.dialog is not None and op.dialog.isVisible(), timeout=10000)  # loaded CI machines
    elapsed = time.perf_counter() - op.started_at
    assert 0.45 <= elapsed
    assert op.dialog.windowTitle() == "长时间的操作" and op.cancel_button.text() == "取消"
    qtbot.waitUntil(lambda: op.dialog.labelText().startswith("第 "), timeout=10000)
    assert op.dialog.maximum() == 2000
    op.cancel_button.click()
    finished(op)
    assert outcome == ["cancelled"] and op.was_cancelled
    assert QApplication.overrideCursor() is None and op.dialog is None
    qtbot.waitUntil(lambda: sys.getswitchinterval() == pytest.approx(0.005))


def test_quick_work_shows_no_dialog(qtbot, demo_ledger):
    parent = QWidget()
    qtbot.addWidget(parent)
    op = finished(run_op(parent, "快", lambda ctx: 1, ledger=demo_ledger))
    assert not op.dialog_shown and op.result == 1


def test_cancel_rolls_back_the_workers_transaction(qtbot, demo_ledger, cancel_at):
    parent = QWidget()
    qtbot.addWidget(parent)
    before = fingerprint(demo_ledger)
    cancel_at(3)

    def work(ctx):
        with ctx.ledger.db.atomic():
            for i in range(10):
                ctx.ledger.settings.set(f"test.{i}", "x")
                ctx.progress(i, 10)

    op = finished(run_op(parent, "写入", work, ledger=demo_ledger))
    assert op.was_cancelled
    assert fingerprint(demo_ledger) == before and demo_ledger.settings.get("test.0") == ""


def test_domain_errors_show_their_message_other_errors_are_internal(qtbot, demo_ledger, shown, caplog):
    parent = QWidget()
    qtbot.addWidget(parent)

    def domain(ctx):
        raise BackupError("文件夹不存在：/media/U盘")

    finished(run_op(parent, "备份台账", domain, ledger=demo_ledger))
    assert shown[-1] == ("warning", "文件夹不存在：/media/U盘")

    def bug(ctx):
        return int("abc")

    def plain(ctx):
        raise ValueError("请按7列填写非负整数。")  # a plain ValueError is a bug even with a Chinese text

    with caplog.at_level(logging.ERROR, logger="gongkai"):
        finished(run_op(parent, "保存表二", plain, ledger=demo_ledger))
    assert shown[-1][1].startswith("内部错误：保存表二没有完成（ValueError）")

    with caplog.at_level(logging.ERROR, logger="gongkai"):
        op = finished(run_op(parent, "导出台账", bug, ledger=demo_ledger))
    assert shown[-1][0] == "warning" and shown[-1][1].startswith("内部错误：导出台账没有完成")
    assert "invalid literal" not in shown[-1][1] and op.message == shown[-1][1]
    assert "Traceback" in caplog.text and "invalid literal" in caplog.text
    assert ops.is_domain_error(DomainError("请按7列填写非负整数。"))
    assert not ops.is_domain_error(ValueError("请按7列填写非负整数。"))  # only DomainError is user-facing
    assert not ops.is_domain_error(ValueError("invalid literal for int() with base 10: 'abc'"))
    assert not ops.is_domain_error(UnicodeDecodeError("utf-8", b"\xff", 0, 1, "bad"))


def test_one_operation_at_a_time_per_window(qtbot, demo_ledger, shown):
    parent = QWidget()
    qtbot.addWidget(parent)
    release = threading.Event()
    first = run_op(parent, "导出台账", lambda ctx: release.wait(10), ledger=demo_ledger)
    assert running_operation(parent) is first
    assert run_op(parent, "备份台账", lambda ctx: 1, ledger=demo_ledger) is None
    assert shown[-1] == ("information", "正在导出台账，请等它完成（或取消）后再试。")
    release.set()
    finished(first)
    assert running_operation(parent) is None
    assert finished(run_op(parent, "备份台账", lambda ctx: 2, ledger=demo_ledger)).result == 2


def test_cancelled_output_leaves_no_file(qtbot, demo_ledger, tmp_path):
    parent = QWidget()
    qtbot.addWidget(parent)
    out = tmp_path / "out"
    out.mkdir()

    def work(ctx):
        def write(tmp):
            tmp.write_bytes(b"half")
            ctx.request_cancel()  # 取消 while the file is being written

        return ops.write_output(ctx, out / "out.xlsx", write)

    assert finished(run_op(parent, "写文件", work, ledger=demo_ledger)).was_cancelled
    assert files(out) == []


# --- 导出当前列表 ---------------------------------------------------------------------------------------------
@pytest.fixture
def applications(window):
    window.show_page_named("依申请公开")
    return window.applications


def test_export_runs_off_thread_and_reports(applications, tmp_path, shown):
    out = tmp_path / "out"
    out.mkdir()
    op = finished(applications.export(out / "台账.xlsx"))
    assert off_thread(op) and op.result == 300
    assert shown[-1] == ("saved", f"已导出 300 件申请到 {out / '台账.xlsx'}。证件号码和电话已脱敏。")


def test_export_cancel_leaves_no_file(applications, tmp_path, shown, cancel_at):
    out = tmp_path / "out"
    out.mkdir()
    cancel_at(2)  # after the first 200 rows went into the workbook
    op = finished(applications.export(out / "台账.xlsx"))
    assert op.was_cancelled and files(out) == [] and not shown


def test_export_failure_is_shown_in_chinese(applications, tmp_path, shown):
    finished(applications.export(tmp_path / "没有这个文件夹" / "台账.xlsx"))
    assert shown[-1][0] == "warning" and shown[-1][1].startswith("文件夹不存在")


# --- 备份到…、从备份恢复、操作日志 ------------------------------------------------------------------------------
def test_backup_runs_off_thread(window, tmp_path, shown):
    usb = tmp_path / "usb"
    usb.mkdir()
    op = finished(window.backup_to(usb))
    assert off_thread(op) and files(usb) == [op.result.name] and op.result.suffix == ".zip"
    assert shown[-1][1].startswith(f"已备份到 {op.result}。\n备份内容：")  # says what the backup carries


def test_backup_failure_is_shown_in_chinese(window, tmp_path, shown):
    finished(window.backup_to(tmp_path / "拔掉的U盘"))
    assert shown[-1][0] == "warning"


def test_restore_is_checked_off_thread_then_requested(window, demo_ledger, tmp_path, shown):
    """The slow check (unpack, integrity, schema, hashes) runs in the worker; the swap happens after the
    window's ledger is closed (__main__.restore_ledger, storage.backups.restore under the instance lock)."""
    usb = tmp_path / "usb"
    usb.mkdir()
    copy = finished(window.backup_to(usb)).result
    requested = []
    window.restoreRequested.connect(lambda path, password: requested.append((path, password)))
    check = finished(window.restore_from(copy))
    assert off_thread(check) and requested == [(copy, "")]


def test_restore_declined_after_the_check_leaves_the_ledger(window, demo_ledger, tmp_path, shown, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    usb = tmp_path / "usb"
    usb.mkdir()
    copy = finished(window.backup_to(usb)).result
    before = fingerprint(demo_ledger)
    requested = []
    window.restoreRequested.connect(lambda *a: requested.append(a))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    finished(window.restore_from(copy))
    assert requested == [] and fingerprint(demo_ledger) == before


def test_restore_with_a_wrong_password_says_so(window, tmp_path, shown):
    usb = tmp_path / "usb"
    usb.mkdir()
    copy = finished(window.backup_to(usb, "正确的密码123")).result
    requested = []
    window.restoreRequested.connect(lambda *a: requested.append(a))
    finished(window.restore_from(copy, "错误的密码123"))
    assert shown[-1][0] == "warning" and "密码" in shown[-1][1] and requested == []


def test_audit_export_off_thread_cancel_and_failure(window, tmp_path, shown, cancel_at, monkeypatch):
    op = finished(window.export_audit(tmp_path / "日志.xlsx"))
    assert off_thread(op) and (tmp_path / "日志.xlsx").exists() and shown[-1][0] == "saved"
    finished(window.export_audit(tmp_path / "无此文件夹" / "日志.xlsx"))
    assert shown[-1][0] == "warning" and "文件夹不存在" in shown[-1][1]
    cancel_at(1)
    out = tmp_path / "cancel"
    out.mkdir()
    assert finished(window.export_audit(out / "日志.xlsx")).was_cancelled and files(out) == []


# --- 年度报告 Word / Excel -------------------------------------------------------------------------------------
@pytest.fixture
def report(window):
    window.show_page_named("年度报告")
    page = window.report
    page.year_combo.setCurrentIndex(page.year_combo.findData(2025))
    return page


@pytest.mark.parametrize("suffix", [".docx", ".xlsx"])
def test_report_export_off_thread_and_failure(report, tmp_path, shown, suffix):
    op = finished(report.export(tmp_path / f"年报{suffix}"))
    # result: whether the checks passed (a demo year is a draft: 表二 never confirmed); the file is written either way
    assert off_thread(op) and op.result is not None and (tmp_path / f"年报{suffix}").exists()
    assert shown[-1][0] == "saved" and shown[-1][1].startswith(f"已导出到 {tmp_path / f'年报{suffix}'}。")
    finished(report.export(tmp_path / "无此文件夹" / f"年报{suffix}"))
    assert shown[-1][0] == "warning" and "文件夹不存在" in shown[-1][1]


@pytest.mark.parametrize("module, name", [("report_docx", "write_report_docx"), ("report_xlsx", "write_report_xlsx")])
def test_report_cancelled_while_writing_leaves_no_file(report, tmp_path, shown, monkeypatch, module, name):
    import importlib

    mod = importlib.import_module(f"gongkai_desktop.documents.{module}")
    original = getattr(mod, name)

    def write_then_cancel(data, target):
        original(data, target)
        running_operation(report).cancel()  # 取消 pressed while the file was being written

    monkeypatch.setattr(mod, name, write_then_cancel)
    out = tmp_path / "out"
    out.mkdir()
    suffix = ".docx" if module == "report_docx" else ".xlsx"
    op = finished(report.export(out / f"年报{suffix}"))
    assert op.was_cancelled and files(out) == [] and not shown


# --- 批量生成文书 ------------------------------------------------------------------------------------------------
@pytest.fixture
def batch(applications, demo_ledger, tmp_path, shown):
    from gongkai_desktop.core.organisation import OrgProfile

    demo_ledger.settings.save_profile(OrgProfile(organ_name="某局", doc_prefix="某公开", contact="李明",
                                                 phone="0935-1234567"))  # letters need a contact (issue 21)
    nos = [r["no"] for r in applications.model.rows[:5]]
    dialog = applications.batch_letters(nos)
    dialog.type.setCurrentIndex(dialog.type.findData("receipt"))
    dialog.folder.setText(str(tmp_path / "批量"))
    return dialog


def test_batch_cancel_keeps_the_letters_already_made_and_stops(batch, demo_ledger, cancel_at, tmp_path):
    cancel_at(2, "update")  # 取消 pressed while the first letter is being made: the batch stops after it
    batch.start()
    op = finished(batch.op)
    assert off_thread(op)
    assert len(batch.made) == 1 and batch.problems == ["已取消。"]
    assert len(demo_ledger.letters.register()) == 1
    assert sorted(files(tmp_path / "批量")) == sorted(f"申请登记回执-{m.no}.docx" for m in batch.made)
    assert batch.cancel_button.text() == "关闭"


def test_batch_failure_is_shown_in_chinese(batch, monkeypatch):
    from gongkai_desktop.services.letters import LetterService

    monkeypatch.setattr(LetterService, "make_batch", lambda *a, **k: [][1])
    batch.start()
    finished(batch.op)
    assert batch.made == [] and batch.status.text().startswith("已生成 0 份；内部错误：批量生成文书没有完成")


# --- 转换为 PDF ---------------------------------------------------------------------------------------------------
@pytest.fixture
def fake_soffice(tmp_path, monkeypatch):
    """A stand-in for LibreOffice: MODE=ok writes the PDF, slow sleeps, fail exits 1."""
    script = tmp_path / "soffice"

    def make(mode: str) -> Path:
        body = {"ok": 'for last; do :; done; out="${last%.docx}.pdf"; printf "%%PDF-1.4" > "$out"',
                "slow": "sleep 30", "fail": "exit 1"}[mode]
        script.write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
        script.chmod(script.stat().st_mode | stat.S_IEXEC)
        return script

    from gongkai_desktop.documents import pdf

    monkeypatch.setattr(pdf, "find_soffice", lambda: str(script))
    return make


@pytest.fixture
def letter_dialog(applications, demo_ledger, tmp_path, shown, monkeypatch):
    from PySide6.QtGui import QDesktopServices

    from gongkai_desktop.core.organisation import OrgProfile
    from gongkai_desktop.gui.views.letter_dialog import LetterDialog
    from gongkai_desktop.services.letters import LetterService

    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(Path(url.toLocalFile())) or True)
    demo_ledger.settings.save_profile(OrgProfile(organ_name="某局", doc_prefix="某公开"))
    no = applications.model.rows[0]["no"]
    service = LetterService.for_ledger(demo_ledger, Path(__file__).resolve().parents[2] / "resources" / "templates")
    dialog = LetterDialog(service, no, TODAY, applications, preselect="receipt")
    dialog.opened = opened
    dialog.target.setText(str(tmp_path / "回执.docx"))
    return dialog


@pytest.mark.skipif(os.name == "nt", reason="uses a shell script as LibreOffice")
def test_pdf_conversion_off_thread_success_failure_cancel(letter_dialog, fake_soffice, tmp_path, qtbot, shown):
    fake_soffice("ok")
    op = letter_dialog.convert_pdf(tmp_path / "回执.docx")
    finished(op)
    assert off_thread(op) and op.result == tmp_path / "回执.pdf" and letter_dialog.opened == [op.result]
    fake_soffice("fail")
    finished(letter_dialog.convert_pdf(tmp_path / "回执.docx"))
    assert shown[-1][0] == "warning" and "LibreOffice 转换失败" in shown[-1][1]
    fake_soffice("slow")
    (tmp_path / "回执.pdf").unlink()
    op = letter_dialog.convert_pdf(tmp_path / "回执.docx")
    qtbot.wait(300)
    op.cancel()
    start = time.perf_counter()
    finished(op)
    assert op.was_cancelled and time.perf_counter() - start < 5 and not (tmp_path / "回执.pdf").exists()
    assert letter_dialog.opened[-1] == tmp_path / "回执.docx"  # the Word file still opens


# --- 工作日历：重算答复期限 --------------------------------------------------------------------------------------
def test_calendar_change_redates_off_thread(window, demo_ledger, monkeypatch):
    from gongkai_desktop.gui.views import calendar_page

    reported = []
    monkeypatch.setattr(calendar_page, "show_due_changes", lambda parent, changes, what: reported.append(changes))
    window.show_page_named("工作日历")
    before = fingerprint(demo_ledger)
    op = finished(window.calendar.set_day(date(2026, 12, 15), False, "停电"))
    assert off_thread(op) and not op.cancellable and reported and reported[0] == op.result
    assert fingerprint(demo_ledger)["dues"] != before["dues"]
    assert not demo_ledger.calendar.load().is_workday(date(2026, 12, 15))


def test_calendar_change_failure_leaves_dues(window, demo_ledger, shown, monkeypatch):
    from gongkai_desktop.storage.applications_repo import ApplicationsRepo

    window.show_page_named("工作日历")
    before = fingerprint(demo_ledger)

    def broken(self, *a, **k):
        raise RuntimeError("boom")

    monkeypatch.setattr(ApplicationsRepo, "redate_open", broken)
    finished(window.calendar.set_day(date(2026, 12, 15), False, "停电"))
    assert shown[-1][1].startswith("内部错误：修改工作日历没有完成")
    assert fingerprint(demo_ledger) == before and demo_ledger.calendar.load().is_workday(date(2026, 12, 15))


# --- 汇总下级单位年报 -------------------------------------------------------------------------------------------
def test_aggregate_off_thread_and_cancel_leaves_no_file(window, demo_ledger, tmp_path, cancel_at):
    import json

    from gongkai_desktop.services.annual_report import ReportService

    data = ReportService(demo_ledger).build(2025).to_json()
    for unit in ("甲局", "乙局"):
        (tmp_path / f"{unit}.json").write_text(json.dumps(dict(data, unit=unit), ensure_ascii=False), "utf-8")
    dialog = window.open_aggregate()
    for unit in ("甲局", "乙局"):
        dialog.add_file(tmp_path / f"{unit}.json")
    out = tmp_path / "out"
    out.mkdir()
    dialog.out.setText(str(out / "汇总.xlsx"))
    op = finished(dialog.run())
    assert off_thread(op) and sorted(dialog.result.units) == ["乙局", "甲局"] and files(out) == ["汇总.xlsx"]
    (out / "汇总.xlsx").unlink()
    dialog.result = None
    cancel_at(3)  # at “正在写入汇总结果”
    assert finished(dialog.run()).was_cancelled and files(out) == [] and dialog.result is None


# --- 工作要点台账导出 -------------------------------------------------------------------------------------------
def test_tasks_export_off_thread_cancel_and_failure(window, tmp_path, cancel_at, monkeypatch):
    from gongkai_desktop.gui.views import tasks_page

    seen = []
    monkeypatch.setattr(tasks_page, "show_saved_file", lambda parent, title, text, path: seen.append(text))
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: seen.append(a[2]))
    window.show_page_named("工作要点")
    op = finished(window.tasks.export(tmp_path / "台账.xlsx"))
    assert off_thread(op) and seen == [f"已导出到 {tmp_path / '台账.xlsx'}。"]
    finished(window.tasks.export(tmp_path / "无此文件夹" / "台账.xlsx"))
    assert seen[-1].startswith("文件夹不存在")
    out = tmp_path / "out"
    out.mkdir()
    cancel_at(1)
    assert finished(window.tasks.export(out / "台账.xlsx")).was_cancelled and files(out) == []


def test_closing_the_widget_mid_way_stops_the_work_and_gives_the_cursor_back(qtbot, demo_ledger):
    parent = QWidget()
    seen = []

    def work(ctx):
        for i in range(500):
            ctx.progress(i, 500)
            time.sleep(0.01)
        seen.append("finished")

    op = run_op(parent, "长操作", work, ledger=demo_ledger, on_cancel=lambda: seen.append("callback"))
    ctx = op.ctx
    qtbot.wait(50)
    parent.deleteLater()
    qtbot.waitUntil(lambda: QApplication.overrideCursor() is None, timeout=2000)
    assert ctx.cancelled()
    qtbot.wait(300)
    assert seen == []  # the work stopped at its next progress report; no callback on a deleted widget
    assert running_operation(QWidget()) is None


RESTORE_DRIVER = r'''
import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

said = []
QMessageBox.information = staticmethod(lambda *a, **k: said.append(a[2]))
QMessageBox.warning = staticmethod(lambda *a, **k: said.append(a[2]))
QMessageBox.question = staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes)
app = QApplication([sys.argv[0]])
from gongkai_desktop import __main__ as entry  # noqa: E402
from gongkai_desktop.gui.views.main_window import MainWindow  # noqa: E402

ledger, backup = Path(sys.argv[1]), Path(sys.argv[2])
first = []


def windows():
    return [w for w in app.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]


def start():
    first.append(windows()[0])
    first[0].restore_from(backup)
    QTimer.singleShot(100, check)


def check():
    shown = windows()
    if shown and shown[0] is not first[0]:
        print("RESTORED", shown[0].ledger.settings.get("probe"), shown[0].ledger.applications.count(), said)
        app.quit()
    else:
        QTimer.singleShot(100, check)


QTimer.singleShot(300, start)
QTimer.singleShot(60000, app.quit)
sys.exit(entry.main(["--db", str(ledger), "--today", "2026-12-10"]))
'''


def test_restore_through_the_real_entry_point_swaps_and_reopens(tmp_path):
    """__main__ closes the window's ledger, swaps the staged backup in and opens a new window on it."""
    import subprocess

    from gongkai_desktop.storage.backups import backup_to
    from gongkai_desktop.storage.ledger import Ledger

    from ..conftest import ROOT

    path = tmp_path / "台账.sqlite"
    led = Ledger.open(path)
    led.settings.set("probe", "备份时")
    usb = tmp_path / "usb"
    usb.mkdir()
    copy = backup_to(led, usb, "密码123456")
    led.settings.set("probe", "备份后")
    led.close()
    script = tmp_path / "drive.py"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_STATE_HOME=str(tmp_path / "state"),
               XDG_CONFIG_HOME=str(tmp_path / "config"), XDG_DATA_HOME=str(tmp_path / "data"),
               PYTHONPATH=str(ROOT))
    # an encrypted backup asks for its password: answer through QInputDialog
    script.write_text(RESTORE_DRIVER.replace(
        "app = QApplication([sys.argv[0]])",
        "app = QApplication([sys.argv[0]])\nfrom PySide6.QtWidgets import QInputDialog\n"
        "QInputDialog.getText = staticmethod(lambda *a, **k: ('密码123456', True))"), encoding="utf-8")
    result = subprocess.run([sys.executable, str(script), str(path), str(copy)], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert "RESTORED 备份时 0" in result.stdout, result.stdout + result.stderr[-3000:]
    assert "已从备份恢复。原台账已备份为" in result.stdout


def test_run_job_stops_at_its_safe_point_and_run_and_wait_answers_at_once(qtbot, demo_ledger, shown):
    """The dialogs that used gui/views/ledger_worker.py (反馈表, 督办通知, 通报, 归档导出, 转主动) and the import
    wizard now run on ops.py: run_job's progress returns False after 取消; run_and_wait raises OperationCancelled."""
    from gongkai_desktop.gui.ops import OperationCancelled, run_and_wait, run_job

    parent = QWidget()
    qtbot.addWidget(parent)
    before = fingerprint(demo_ledger)
    finished_with = []

    def job(ledger, progress):
        done = 0
        for done in range(1, 1000):
            with ledger.db.atomic():  # one unit of work at a time, like one 反馈表 per unit
                ledger.settings.get("organ_name")
            if not progress(done, 1000, f"第{done}项"):
                break
            time.sleep(0.005)
        return done

    op = run_job(parent, "导出反馈表", demo_ledger, job, None, lambda result, error: finished_with.append((result, error)))
    qtbot.waitUntil(lambda: (op.ctx.latest() or (0,))[0] >= 3, timeout=10_000)
    op.cancel()
    assert op.wait()
    assert finished_with and finished_with[0][1] == "" and finished_with[0][0] < 999
    assert op.ctx.thread is not threading.main_thread() and fingerprint(demo_ledger) == before

    def failing(ledger, progress):
        raise ValueError("invalid literal for int() with base 10: 'x'")

    finished_with.clear()
    finished(run_job(parent, "导出反馈表", demo_ledger, failing, None, lambda r, e: finished_with.append((r, e))))
    assert finished_with[0][0] is None and finished_with[0][1].startswith("内部错误：导出反馈表没有完成")

    assert run_and_wait(parent, "读取", lambda ctx: ctx.ledger.applications.count(), ledger=demo_ledger) == \
        demo_ledger.applications.count()

    def cancelled_midway(ctx):
        with ctx.ledger.db.atomic():
            ctx.ledger.settings.set("test.x", "1")
            ctx.request_cancel()
            ctx.progress(1, 2)

    with pytest.raises(OperationCancelled):
        run_and_wait(parent, "写入", cancelled_midway, ledger=demo_ledger)
    assert demo_ledger.settings.get("test.x") == "" and fingerprint(demo_ledger) == before
    with pytest.raises(DomainError, match="没有"):
        run_and_wait(parent, "写入", lambda ctx: (_ for _ in ()).throw(DomainError("没有这件申请。")),
                     ledger=demo_ledger)
