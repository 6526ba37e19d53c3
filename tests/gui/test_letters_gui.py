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


def step(page, slug, day, **fields):
    """Fill and save one step dialog of the detail panel the way an officer would."""
    dialog = page.detail.record(slug)
    dialog.day.setDate(QDate.fromString(day, "yyyy-MM-dd"))
    for key, value in fields.items():
        widget = getattr(dialog, key)
        if hasattr(widget, "findData") and widget.findData(value) >= 0:
            widget.setCurrentIndex(widget.findData(value))
        elif hasattr(widget, "setCurrentText"):
            widget.setCurrentText(value)
        elif hasattr(widget, "setPlainText"):
            widget.setPlainText(value)
        else:
            widget.setText(value)
    dialog.save()
    return dialog


def test_a_refusal_from_registration_through_the_chain_to_its_letter(page, demo_ledger, opened):
    no = open_application(page, demo_ledger)
    received = demo_ledger.applications.get(no)["received"]
    assert not page.detail.actions["approve"].isEnabled()  # nothing to approve yet, and it says why
    assert "拟办意见" in page.detail.actions["approve"].toolTip()
    assert step(page, "assign", received, signer="李明", department="办公室").result() == 1
    draft = step(page, "draft", "2026-12-09", signer="赵科长", outcome="3.5", opinion="属于内部人事管理信息")
    assert draft.result() == 1, draft.message.text()
    assert step(page, "review", "2026-12-09", signer="李明").result() == 1
    early = step(page, "approve", "2026-12-09", signer="王局长")
    assert early.isVisible() and "法制审核" in early.message.text()  # refused, nothing written
    early.done(0)  # closed without the discard question (typed and refused)
    assert step(page, "legal-review", "2026-12-09", signer="刘律师").result() == 1
    refused = page.detail.make_letter("reply-withhold")
    assert "须先在办理记录中登记“答复”" in refused.reason.text()
    refused.reject()
    assert step(page, "approve", "2026-12-10", signer="王局长").result() == 1
    assert "已核准" in page.detail.head.text()
    reply = page.detail.record(EventKind.REPLIED)
    assert reply.outcome.currentData() == "3.5"  # taken from the approved 拟办意见
    reply.day.setDate(QDate(2026, 12, 10))
    reply.save()
    if reply.isVisible():  # the demo ledger answered the same information differently before (issue 20)
        assert "与此前答复不一致的理由" in reply.message.text(), reply.message.text()
        reply.widgets["consistency_reason"].setPlainText("该信息属于内部人事管理信息，此前答复时尚未作出认定")
        reply.save()
    assert not reply.isVisible()
    steps = [page.detail.steps_table.item(r, 1).text() for r in range(page.detail.steps_table.rowCount())]
    assert steps == ["交办", "拟办意见", "公开机构审核", "法制审核", "领导核准"]
    dialog = page.detail.make_letter()
    disabled = [dialog.type.itemText(i) for i in range(dialog.type.count())
                if not dialog.type.model().item(i).isEnabled()]
    assert any(t.startswith("答复书：予以公开") for t in disabled)  # wrong outcome
    dialog.type.setCurrentIndex(dialog.type.findData("reply-withhold"))
    reason = dialog.fields["withhold_reason"]
    assert "内部事务信息" in reason.toPlainText() and "【" in reason.toPlainText()  # the sentence of ground 3.5
    dialog.generate()  # refused until the 【】 are completed
    assert dialog.made is None and "【】" in dialog.message.text()
    reason.setPlainText("所申请的局务会议记录属于本机关内部工作流程方面的内部事务信息，只在本机关内部使用，"
                        "对申请人的权利义务不产生直接影响，故决定不予公开。")
    dialog.generate()
    assert dialog.made is not None and dialog.made.doc_number == "某公开复〔2026〕1号"
    assert opened and opened[-1] == dialog.made.path
    text = "\n".join(p.text for p in Document(str(dialog.made.path)).paragraphs)
    assert "内部事务信息" in text and "应当先申请行政复议" in text
    timeline = [page.detail.timeline.item(r, 2).text() for r in range(page.detail.timeline.rowCount())]
    assert any("某公开复〔2026〕1号" in t for t in timeline)


def test_a_reply_letter_waits_for_approval_when_the_rule_is_on(page, demo_ledger, opened):
    from dataclasses import replace

    no = open_application(page, demo_ledger)
    reply = page.detail.record(EventKind.REPLIED)
    reply.day.setDate(QDate(2026, 12, 10))
    reply.outcome.setCurrentIndex(reply.outcome.findData("1"))
    reply.save()
    if reply.isVisible():  # the demo ledger answered the same information differently before (issue 20)
        assert "与此前答复不一致的理由" in reply.message.text(), reply.message.text()
        reply.widgets["consistency_reason"].setPlainText("此前的答复所涉信息当时尚未制作完成")
        reply.save()
    assert not reply.isVisible()
    dialog = page.detail.make_letter("reply-disclose")
    assert "领导核准" in dialog.reason.text()
    dialog.generate()
    assert dialog.made is None
    dialog.reject()
    demo_ledger.save_rules(replace(demo_ledger.rules, letter_requires_approval=False))
    dialog = page.detail.make_letter("reply-disclose")
    assert dialog.reason.text() == "" or "领导核准" not in dialog.reason.text()
    assert no


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
    doc.paragraphs[4].text = "{{ aplicant_name }}："
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
    assert sorted(p.name for p in (tmp_path / "批量").iterdir()) == sorted(f"申请登记回执-{no}.docx" for no in nos)
    assert [r["doc_number"] for r in demo_ledger.letters.register(2026)] == [f"某公开收〔2026〕{i}号" for i in range(1, 5)]


def test_settings_show_the_letter_fonts_and_the_new_fields(window, demo_ledger, qtbot):
    """设置 lists the font each part of a letter will use on this machine and what to install (issue 21)."""
    window.show_page_named("设置")
    page = window.settings_page
    page.show_fonts(["仿宋", "FangSong", "楷体", "黑体", "宋体", "华文中宋"])
    assert page.font_labels["body"].text() == "仿宋（代替 仿宋_GB2312）"
    assert page.font_labels["hei"].text() == "黑体（标准字体）"
    assert "仿宋_GB2312" in page.font_hint.text() and "方正小标宋简体" in page.font_hint.text()
    page.show_fonts(["仿宋_GB2312", "方正小标宋简体", "楷体_GB2312", "黑体", "宋体"])
    assert page.font_hint.text() == "公文所需字体均已安装。"
    page.show_fonts(["Noto Serif CJK SC"])
    assert page.font_labels["kai"].text() == "楷体_GB2312（未安装，本机也没有可代替的字体）"
    page.ui.edit_review_online.setText("某市人民政府网站“行政复议”栏目")
    page.ui.edit_collect_hours.setText("工作日上午9:00—12:00")
    assert page.save()
    profile = demo_ledger.settings.profile()
    assert profile.review_online == "某市人民政府网站“行政复议”栏目" and profile.collect_hours == "工作日上午9:00—12:00"
