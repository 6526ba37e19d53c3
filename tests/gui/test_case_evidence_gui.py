"""Issue 17 in the window: the letter dialog's 成文日期 (default, the three refusals, confirmation with a reason),
the delivery dialog (timeliness, courier warning, refusals), the evidence records and the forms dialog."""

from datetime import date
from pathlib import Path

import pytest
from docx import Document
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QInputDialog

from gongkai_desktop.core.organisation import OrgProfile
from gongkai_desktop.gui.views.case_form_dialog import CaseFormDialog
from gongkai_desktop.gui.views.delivery_dialog import DeliveryDialog
from gongkai_desktop.gui.views.evidence_dialog import EvidenceDialog
from gongkai_desktop.gui.views.letter_dialog import LetterDialog
from gongkai_desktop.gui.views.widgets import qdate
from gongkai_desktop.services.case import CaseService
from gongkai_desktop.services.case_forms import FormService
from gongkai_desktop.services.letters import LetterService

from ..conftest import ROOT

D = date.fromisoformat
TODAY = D("2026-12-10")
PROFILE = OrgProfile(organ_name="某市某某局", doc_prefix="某公开", review_organ="某市人民政府", court="某区人民法院",
                     contact="李明", phone="0935-1234567")
PERSON = {"kind": "自然人", "name": "王伟", "id_type": "居民身份证", "id_number": "11010519491231002X",
          "phone": "13800000000"}


@pytest.fixture
def setup(ledger, monkeypatch, qtbot):
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: True)
    ledger.settings.save_profile(PROFILE)
    from dataclasses import (
        replace,  # these tests are about dates and records; the 核准 rule has its own tests
    )

    ledger.save_rules(replace(ledger.rules, letter_requires_approval=False))
    return ledger


def register(ledger, received):
    return ledger.applications.register(dict(PERSON), {"channel": "当面", "received": received,
                                                       "content_title": "某河道采砂许可审批材料"},
                                        ledger.settings.profile(), ledger.calendar.load(), TODAY)


@pytest.fixture
def replied(setup):
    """Received Mon 2 Nov 2026, due Mon 30 Nov; answered Fri 20 Nov (予以公开)."""
    no = register(setup, "2026-11-02")
    CaseService(setup).record(no, "replied", {"day": D("2026-11-20"), "outcome": "1"}, TODAY)
    return setup, no


@pytest.fixture
def provided(replied):
    """予以公开 letters list what is provided (条例第36条(二)): one item recorded."""
    ledger, no = replied
    ledger.records.add(ledger.applications.get(no)["id"], no, "provided", "2026-11-20",
                       {"name": "采砂许可审批表", "doc_no": "", "pages": 3, "form": "纸质", "note": ""})
    return ledger, no


def letter_dialog(ledger, no, tmp_path, slug, qtbot):
    dialog = LetterDialog(LetterService.for_ledger(ledger, ROOT / "resources" / "templates"), no, TODAY, None,
                          preselect=slug)
    qtbot.addWidget(dialog)
    dialog.target.setText(str(tmp_path / f"{slug}.docx"))
    return dialog


@pytest.mark.parametrize("day, words", [(D("2026-12-01"), "晚于答复期限2026年11月30日"),
                                        (D("2026-11-19"), "早于答复日期2026年11月20日")])
def test_letter_dialog_dates(provided, tmp_path, qtbot, monkeypatch, day, words):
    ledger, no = provided
    dialog = letter_dialog(ledger, no, tmp_path, "reply-disclose", qtbot)
    assert dialog.issued.date() == qdate(D("2026-11-20"))  # the reply's date, not today
    dialog.issued.setDate(qdate(day))
    asked = []
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: asked.append(a[2]) or ("", False))
    dialog.generate()
    assert dialog.made is None and words in dialog.message.text() and words in asked[0]
    assert ledger.letters.register() == []  # refused: no number taken, nothing recorded
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("申请人要求补发", True))
    dialog.generate()
    assert dialog.made is not None
    assert [r["issued"] for r in ledger.letters.register()] == [day.isoformat()]


def test_letter_dialog_other_year_than_the_doc_number(setup, tmp_path, qtbot, monkeypatch):
    no = register(setup, "2025-12-30")
    dialog = letter_dialog(setup, no, tmp_path, "receipt", qtbot)
    assert dialog.issued.date() == qdate(D("2025-12-30"))
    dialog.generate()
    assert dialog.made is not None and dialog.made.doc_number == "某公开收〔2025〕1号"
    again = letter_dialog(setup, no, tmp_path, "receipt", qtbot)
    again.issued.setDate(qdate(D("2026-01-05")))
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("", False))
    again.generate()
    assert again.made is None and "与文号的年度〔2025〕不一致" in again.message.text()
    assert [r["issued"] for r in setup.letters.register()] == ["2025-12-30"]


def test_delivery_dialog_records_and_warns(provided, tmp_path, qtbot):
    ledger, no = provided
    LetterService.for_ledger(ledger, ROOT / "resources" / "templates").make(
        no, "reply-disclose", tmp_path / "a.docx", {}, None, TODAY)
    dialog = DeliveryDialog(ledger, no, TODAY)
    qtbot.addWidget(dialog)
    dialog.method.setCurrentText("邮寄（邮政）")
    dialog.tracking.setText("SF1234567890123")
    assert "顺丰" in dialog.warning.text() and not dialog.warning.isHidden()
    dialog.day.setDate(qdate(D("2026-11-19")))  # before the letter's 成文日期 (20 Nov): refused, nothing saved
    dialog.save()
    assert "早于" in dialog.message.text() and dialog.recorded is None
    assert ledger.applications.deliveries(ledger.applications.get(no)["id"]) == []
    dialog.tracking.setText("1190012345678")
    assert dialog.warning.isHidden()
    dialog.day.setDate(qdate(D("2026-12-02")))  # posted two working days after the due date (30 Nov)
    dialog.save()
    assert dialog.recorded is not None and "超期2个工作日" in dialog.recorded.message
    assert ledger.applications.get(no)["late_reply"] == 1


def test_evidence_dialog_adds_and_voids(replied, qtbot, monkeypatch):
    ledger, no = replied
    dialog = EvidenceDialog(ledger, no, TODAY)
    qtbot.addWidget(dialog)
    entry = dialog.add("search")
    entry.day.setDate(qdate(D("2026-11-23")))  # after the reply (20 Nov): refused
    entry.fields["scope"].setText("文书档案、业务系统")
    entry.fields["keywords"].setText("采砂")
    entry.fields["searcher"].setText("李明")
    entry.fields["result"].setPlainText("未检索到")
    entry.save()
    assert "晚于答复日期" in entry.message.text() and entry.record_id is None
    entry.day.setDate(qdate(D("2026-11-18")))
    entry.save()
    assert entry.record_id is not None
    assert dialog.table.rowCount() == 1 and "文书档案、业务系统" in dialog.table.item(0, 2).text()
    dialog.table.selectRow(0)
    warned = []
    monkeypatch.setattr("gongkai_desktop.gui.views.evidence_dialog.QMessageBox.warning",
                        lambda *a, **k: warned.append(a[2]))
    assert not dialog.void("") and "原因" in warned[0]  # a reason is required
    assert dialog.void("关键词登记错误") and dialog.table.rowCount() == 0


def test_form_dialog_makes_a_delivery_receipt(provided, tmp_path, qtbot):
    ledger, no = provided
    LetterService.for_ledger(ledger, ROOT / "resources" / "templates").make(
        no, "reply-disclose", tmp_path / "a.docx", {}, None, TODAY)
    dialog = CaseFormDialog(FormService.for_ledger(ledger, ROOT / "resources" / "templates"), no, TODAY,
                            "delivery-receipt", open_after=False)
    qtbot.addWidget(dialog)
    dialog.target.setText(str(tmp_path / "回证.docx"))
    dialog.generate()
    assert dialog.made is not None and Path(dialog.made.path).exists()
    text = "\n".join(c.text for t in Document(str(dialog.made.path)).tables for r in t.rows for c in r.cells)
    assert "某公开复〔2026〕1号" in text and "王伟" in text
    assert [f["type"] for f in ledger.records.forms_for_application(ledger.applications.get(no)["id"])] \
        == ["delivery-receipt"]


@pytest.mark.parametrize("choice", [None, "beside", "replace"])
def test_regenerating_asks_before_overwriting_an_edited_letter(provided, tmp_path, qtbot, monkeypatch, choice):
    """Issue 28 #4: the .docx edited in Word after generation is not overwritten silently."""
    from gongkai_desktop.services.letters import LetterEditedError

    ledger, no = provided
    first = letter_dialog(ledger, no, tmp_path, "reply-disclose", qtbot)
    first.generate()
    path = first.made.path
    path.write_bytes(path.read_bytes() + b"\0")  # the officer's edit (any change of the file)
    edited = path.read_bytes()
    again = letter_dialog(ledger, no, tmp_path, "reply-disclose", qtbot)
    asked = []
    monkeypatch.setattr(LetterDialog, "ask_edited", lambda self, exc: asked.append(exc.path) or choice)
    again.generate()
    assert asked == [path]
    if choice is None:
        assert again.made is None and "已保留" in again.message.text()
        assert path.read_bytes() == edited
    elif choice == "beside":
        assert again.made.path == path.with_name(f"{path.stem}（重新生成）.docx") and again.made.path.is_file()
        assert path.read_bytes() == edited
    else:
        assert again.made.path == path and path.read_bytes() != edited
    with pytest.raises(LetterEditedError):  # the service's typed condition, for the CLI too
        path.write_bytes(path.read_bytes() + b"\0")
        LetterService.for_ledger(ledger, ROOT / "resources" / "templates").make(
            no, "reply-disclose", path, {}, None, TODAY)


@pytest.mark.parametrize("slug, values, letter, field, text", [
    ("correction-requested", {"day": D("2026-11-04"), "note": "请补充提供申请人身份证明复印件"}, "correction",
     "correction_items", "请补充提供申请人身份证明复印件"),
    ("consult-sent", {"day": D("2026-11-04"), "ref": "某砂石有限公司"}, "consult-third-party",
     "third_party", "某砂石有限公司"),
    ("extended", {"day": D("2026-11-25"), "days": 20, "approver": "张主任", "note": "涉及档案较多，需进一步检索"},
     "extension", "extension_reason", "涉及档案较多，需进一步检索"),
])
def test_letter_dialog_opens_on_the_letter_the_last_step_calls_for(setup, tmp_path, qtbot, slug, values, letter,
                                                                   field, text):
    """Issue 28 #8: opened on that letter, prefilled from the step, dated on the step's date."""
    no = register(setup, "2026-11-02")
    CaseService(setup).record(no, slug, values, TODAY)
    dialog = LetterDialog(LetterService.for_ledger(setup, ROOT / "resources" / "templates"), no, TODAY)
    qtbot.addWidget(dialog)
    assert dialog.current()[0].slug == letter
    edit = dialog.fields[field]
    assert (edit.toPlainText() if hasattr(edit, "toPlainText") else edit.text()) == text
    assert dialog.issued.date() == qdate(values["day"])
