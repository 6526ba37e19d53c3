"""导入已有台账 wizard: file → mapping → value review → preview → import; bad rows block the import."""

from openpyxl import Workbook, load_workbook
from PySide6.QtWidgets import QApplication

HEADERS = ["序号", "受理日期", "申请人姓名", "申请人类别", "申请公开内容", "办结日期", "答复结果", "经办人"]


def xlsx(path, rows):
    wb = Workbook()
    ws = wb.active
    ws.append(["2024年政府信息公开申请登记台账"])
    ws.append(HEADERS)
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def test_wizard_imports_after_review(window, demo_ledger, tmp_path):
    path = xlsx(tmp_path / "台账.xlsx", [
        [1, "2024/3/5", "钱七", "个人", "某村低保名单", "2024年3月20日", "已公开", "李明"],
        [2, "2024.4.1", "某某建设有限公司", "企业", "某项目招标文件", None, None, "张丽"],
    ])
    before = demo_ledger.applications.count()
    wizard = window.open_import()
    wizard.file_page.path.setText(str(path))
    wizard.next()
    assert wizard.currentPage() is wizard.mapping_page
    assert [c.currentData() for c in wizard.mapping_page.combos] == [
        None, "received", "applicant", "category", "content", "closed_on", "outcome", "handler"]
    wizard.next()
    review = wizard.review_page
    assert [(k, t) for k, t, _ in review.items] == [("办理结果", "已公开"), ("申请人类型", "企业")]
    wizard.next()
    assert wizard.currentPage() is review and "请为以下写法选择" in review.message.text()
    review.items[0][2].setCurrentIndex(review.items[0][2].findData("1"))
    review.items[1][2].setCurrentIndex(review.items[1][2].findData("商业企业"))
    wizard.next()
    preview = wizard.preview_page
    assert "将导入 2 件申请" in preview.summary.text() and preview.isComplete()
    wizard.next()
    assert wizard.currentPage() is wizard.done_page and "已导入 2 件" in wizard.done_page.label.text()
    assert demo_ledger.applications.count() == before + 2
    # the confirmed mappings are offered again for the same headers
    again = window.open_import()
    again.file_page.path.setText(str(path))
    again.next()
    again.next()
    assert again.review_page.items == []
    again.next()
    assert "跳过 2 行" in again.preview_page.summary.text()


def test_bad_rows_block_the_import_and_can_be_saved(window, demo_ledger, tmp_path):
    path = xlsx(tmp_path / "bad.xlsx", [
        [1, "2024/2/30", "钱七", "自然人", "甲", None, None, "李明"],
        [2, "2024-05-01", "", "自然人", "乙", "2024-04-01", "予以公开", "李明"],
    ])
    before = demo_ledger.applications.count()
    wizard = window.open_import()
    wizard.file_page.path.setText(str(path))
    wizard.next()
    wizard.next()
    wizard.next()
    preview = wizard.preview_page
    assert not preview.isComplete() and "2 行有错误" in preview.summary.text()
    assert preview.write_errors(tmp_path / "errors.xlsx")
    rows = list(load_workbook(tmp_path / "errors.xlsx").active.iter_rows(values_only=True))
    assert rows[0][-1] == "错误原因" and [r[0] for r in rows[1:]] == [3, 4]
    assert demo_ledger.applications.count() == before


def test_unreadable_file_is_explained(window, tmp_path):
    (tmp_path / "x.xlsx").write_bytes(b"garbage")
    wizard = window.open_import()
    wizard.file_page.path.setText(str(tmp_path / "x.xlsx"))
    wizard.next()
    assert wizard.currentPage() is wizard.file_page and "无法读取" in wizard.file_page.info.text()


def test_import_runs_in_the_background_and_cancel_rolls_back(window, demo_ledger, tmp_path, monkeypatch):
    """Issue 15: the wizard's check and import are gui/ops.py operations; 取消 part-way leaves the ledger as it was."""
    import threading

    from gongkai_desktop.gui import ops

    rows = [[i, "2024-03-05", f"申请人{i}", "自然人", f"某事项{i}", None, None, "李明"] for i in range(450)]
    path = xlsx(tmp_path / "大.xlsx", rows)
    before = demo_ledger.applications.count()
    audit_before = demo_ledger.db.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    threads = []
    real_progress = ops.OpContext.progress

    def cancel_during_import(self, done, total=0, text=""):
        threads.append(threading.current_thread().name)
        if done >= 200 and text.startswith("正在导入"):
            self.request_cancel()  # the officer presses 取消 part-way
        return real_progress(self, done, total, text)

    monkeypatch.setattr(ops.OpContext, "progress", cancel_during_import)
    wizard = window.open_import()
    wizard.file_page.path.setText(str(path))
    wizard.next()
    wizard.next()
    wizard.next()
    preview = wizard.preview_page
    assert "将导入 450 件申请" in preview.summary.text()  # the check ran (and reported progress) off the GUI thread
    assert threads and all(name != "MainThread" for name in threads)
    wizard.next()
    assert wizard.currentPage() is preview and "已取消导入" in preview.summary.text()
    assert demo_ledger.applications.count() == before  # all or nothing: the 200 rows written were rolled back
    assert demo_ledger.db.execute("SELECT count(*) FROM audit_log").fetchone()[0] == audit_before
    assert ops.running_operation(wizard) is None and QApplication.overrideCursor() is None
    # after the cancel the same import runs to the end
    monkeypatch.setattr(ops.OpContext, "progress", real_progress)
    wizard.next()
    assert wizard.currentPage() is wizard.done_page and demo_ledger.applications.count() == before + 450


def test_cancelling_the_check_keeps_the_wizard_on_the_preview(window, demo_ledger, tmp_path, monkeypatch):
    from gongkai_desktop.gui import ops

    path = xlsx(tmp_path / "中.xlsx", [[i, "2024-03-05", f"申请人{i}", "自然人", f"事项{i}", None, None, "李明"]
                                      for i in range(300)])
    real_progress = ops.OpContext.progress

    def cancel_check(self, done, total=0, text=""):
        if text.startswith("正在检查"):
            self.request_cancel()
        return real_progress(self, done, total, text)

    monkeypatch.setattr(ops.OpContext, "progress", cancel_check)
    before = demo_ledger.applications.count()
    wizard = window.open_import()
    wizard.file_page.path.setText(str(path))
    wizard.next()
    wizard.next()
    wizard.next()
    preview = wizard.preview_page
    assert "已取消检查" in preview.summary.text() and not preview.isComplete()
    assert demo_ledger.applications.count() == before
