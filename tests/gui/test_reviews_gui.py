"""Issue 18 in the window: a 复议 answer deadline on the 工作台, the review dialog's live deadline and 表四 column,
the 答复书 with its 证据目录 from the dialog, and after 责令重新答复 the 重新答复 dialog and the new reply recorded
through the step menu (the same checks as `gongkai apps reopen` / `apps step re-reply`)."""

from datetime import date

from docx import Document
from PySide6.QtCore import QSettings

from gongkai_desktop.core.organisation import OrgProfile
from gongkai_desktop.gui.views.main_window import MainWindow
from gongkai_desktop.gui.views.widgets import qdate
from gongkai_desktop.services.case import CaseService

D = date.fromisoformat
TODAY = D("2026-09-21")
PROFILE = OrgProfile(organ_name="某市某某局", doc_prefix="某公开", review_organ="某市人民政府", court="某区人民法院",
                     contact="李明", phone="0935-1234567")
PERSON = {"kind": "自然人", "name": "王伟", "id_type": "居民身份证", "id_number": "11010519491231002X",
          "phone": "13800000000"}


def test_review_deadline_answer_and_re_reply_in_the_window(qtbot, ledger, app_paths, tmp_path):
    ledger.settings.save_profile(PROFILE)
    no = ledger.applications.register(dict(PERSON), {"channel": "当面", "received": "2026-08-03",
                                                     "content_title": "某项目内部审议记录"},
                                      ledger.settings.profile(), ledger.calendar.load(), TODAY)
    CaseService(ledger).record(no, "replied", {"day": D("2026-08-20"), "outcome": "3.5"}, TODAY)
    w = MainWindow(ledger, app_paths, QSettings(str(app_paths.config_file), QSettings.Format.IniFormat), lambda: TODAY)
    qtbot.addWidget(w)
    w.show()
    w.show_page_named("依申请公开")
    page = w.applications
    assert page.select_application(no)

    dialog = page.detail.edit_review(None)
    dialog.kind.setCurrentText("行政复议")
    dialog.procedure.setCurrentText("简易程序")
    dialog.filed.setDate(qdate(D("2026-09-16")))
    dialog.copy_received.setDate(qdate(D("2026-09-18")))
    assert "2026年9月24日" in dialog.deadline.text() and "第54条" in dialog.deadline.text()  # live
    dialog.grab().save(str(tmp_path / "review_dialog.png"))
    dialog.save()
    assert not dialog.isVisible()
    review = ledger.reviews.for_application(ledger.applications.get(no)["id"])[0]
    assert (review["copy_received"], review["procedure"]) == ("2026-09-18", "简易")

    w.show_page_named("工作台")
    w.dashboard.refresh()
    table = w.dashboard.due_table
    rows = [[table.item(r, c).text() for c in range(table.columnCount())] for r in range(table.rowCount())]
    assert any(r[0] == no and r[3] == "复议答复期限" and "2026年9月24日" in r[4] for r in rows)
    w.dashboard.grab().save(str(tmp_path / "dashboard.png"))

    w.show_page_named("依申请公开")
    assert page.select_application(no)
    dialog = page.detail.edit_review(page.detail._review_rows[0])
    assert dialog.answer_button.isEnabled()
    out = dialog.make_answer(tmp_path / "答复书.docx", tmp_path / "证据")
    assert out is not None and "证据目录" in dialog.message.text()
    doc = Document(str(out))
    assert "行政复议答复书" in doc.paragraphs[0].text
    assert [c.text for c in doc.tables[-1].rows[0].cells] == ["序号", "证据名称", "来源", "页数", "证明内容"]
    assert (tmp_path / "证据").is_dir()
    # the decision orders a new answer
    dialog.decided_check.setChecked(True)
    dialog.outcome.setCurrentText("责令重新答复")
    assert dialog.section4.text() == "结果纠正"
    dialog.decided.setDate(qdate(D("2026-09-21")))
    dialog.doc_no.setText("某府复决〔2026〕12号")
    dialog.save()
    assert not dialog.isVisible()

    reopen = page.detail.reopen()
    assert reopen.source.currentText() == "复议决定" and reopen.doc_no.text() == "某府复决〔2026〕12号"
    reopen.day.setDate(qdate(D("2026-09-21")))
    assert "第20个工作日" in reopen.due.text()
    reopen.save()
    assert not reopen.isVisible()
    assert "重新答复" in [a.text() for a in page.detail.chain_button.menu().actions()]
    step = page.detail.record("re-reply")
    step.outcome.setCurrentIndex(step.outcome.findData("1"))
    step.save()
    assert not step.isVisible(), step.message.text()
    kinds = [s["step"] for s in CaseService(ledger).view(no, TODAY).steps]
    assert kinds[-2:] == ["reopen", "re-reply"]
    assert ledger.applications.get(no)["outcome"] == "3.5"  # the original reply (and 表三) unchanged
