"""Letters from the GUI: one letter from the detail panel, templates, and a batch in the background."""

import threading
from pathlib import Path

import pytest
from docx import Document
from PySide6.QtCore import QDate
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox

from gongkai_desktop.core.clock import EventKind
from gongkai_desktop.core.organisation import OrgProfile

PROFILE = OrgProfile(organ_name="某市某某局", doc_prefix="某公开", review_organ="某市人民政府", court="某区人民法院",
                     contact="李明", phone="0935-1234567")


@pytest.fixture
def opened(monkeypatch):
    urls = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: urls.append(Path(url.toLocalFile())) or True)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: None)
    return urls


@pytest.fixture
def page(window, demo_ledger):
    demo_ledger.settings.save_profile(PROFILE)
    window.show_page_named("依申请公开")
    return window.applications


def open_application(page, demo_ledger):
    no = next(iter(demo_ledger.db.query(
        "SELECT no FROM applications WHERE state = 'open' ORDER BY received DESC LIMIT 1")))["no"]
    assert page.select_application(no)
    return no


def test_reply_then_letter_from_the_detail_panel(page, demo_ledger, opened):
    open_application(page, demo_ledger)
    reply = page.detail.record(EventKind.REPLIED)
    reply.day.setDate(QDate(2026, 12, 10))
    reply.outcome.setCurrentIndex(reply.outcome.findData("3.5"))
    reply.save()
    dialog = page.detail.make_letter()
    disabled = [dialog.type.itemText(i) for i in range(dialog.type.count())
                if not dialog.type.model().item(i).isEnabled()]
    assert any(t.startswith("答复书：予以公开") for t in disabled)  # wrong outcome
    dialog.type.setCurrentIndex(dialog.type.findData("reply-withhold"))
    assert "withhold_reason" in dialog.fields
    dialog.generate()
    assert dialog.made is not None and dialog.made.doc_number == "某公开复〔2026〕1号"
    assert opened and opened[-1] == dialog.made.path
    text = "\n".join(p.text for p in Document(str(dialog.made.path)).paragraphs)
    assert "内部事务信息" in text and "应当先申请行政复议" in text
    timeline = [page.detail.timeline.item(r, 2).text() for r in range(page.detail.timeline.rowCount())]
    assert any("某公开复〔2026〕1号" in t for t in timeline)


def test_letter_dialog_explains_a_refusal(page, demo_ledger, opened):
    open_application(page, demo_ledger)
    dialog = page.detail.make_letter("reply-disclose")
    assert "须先在办理记录中登记“答复”" in dialog.reason.text()
    dialog.generate()
    assert dialog.made is None and "答复" in dialog.message.text()
    dialog.type.setCurrentIndex(dialog.type.findData("receipt"))
    dialog.generate()
    assert dialog.made is not None and dialog.made.path.exists()


def test_templates_dialog_edit_check_preview_reset(window, demo_ledger, opened):
    demo_ledger.settings.save_profile(PROFILE)
    dialog = window.open_templates()
    dialog.table.selectRow(0)  # receipt
    path = dialog.edit()
    assert path is not None and path.exists() and opened[-1] == path
    assert dialog.table.item(0, 1).text() == "已修改"
    doc = Document(str(path))
    doc.paragraphs[5].text = "{{ aplicant_name }}："
    doc.save(str(path))
    dialog.refresh()
    assert "aplicant_name" in dialog.table.item(0, 2).text()
    dialog.reset()
    assert dialog.table.item(0, 1).text() == "默认" and dialog.table.item(0, 2).text() == "可以使用"
    preview = dialog.preview()
    assert preview is not None and preview.exists() and "（文号）" in "\n".join(
        p.text for p in Document(str(preview)).paragraphs)
    assert demo_ledger.letters.register() == []  # a preview takes no number


def test_batch_runs_in_the_background_and_reports(page, demo_ledger, qtbot, tmp_path, opened):
    nos = [r["no"] for r in page.model.rows[:4]]
    dialog = page.batch_letters(nos)
    dialog.type.setCurrentIndex(dialog.type.findData("receipt"))
    dialog.folder.setText(str(tmp_path / "批量"))
    dialog.start()
    assert dialog.op.wait()
    assert not dialog.running() and dialog.op.ctx.thread is not threading.main_thread()
    assert len(dialog.made) == 4 and dialog.problems == []
    assert dialog.bar.value() == 4
    assert sorted(p.name for p in (tmp_path / "批量").iterdir()) == sorted(f"{no}-receipt.docx" for no in nos)
    assert [r["doc_number"] for r in demo_ledger.letters.register(2026)] == [f"某公开收〔2026〕{i}号" for i in range(1, 5)]
