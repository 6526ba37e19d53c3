"""归档 in the window (issue 19): the dialog lists the gaps, setting an attachment's 归档类别 fills one, 归档
gives the 档号 and makes the case read-only, 撤销归档 needs a reason; the year export runs in its worker."""

from dataclasses import replace
from datetime import date

from pypdf import PdfWriter

from gongkai_desktop.core.organisation import OrgProfile
from gongkai_desktop.gui.views.archive_dialog import ArchiveDialog
from gongkai_desktop.gui.views.archive_export_dialog import ArchiveExportDialog
from gongkai_desktop.services.case import CaseService
from gongkai_desktop.services.letters import LetterService

from ..conftest import ROOT

TODAY = date(2026, 12, 10)
PERSON = {"kind": "自然人", "name": "王伟", "id_type": "居民身份证", "id_number": "11010519491231002X",
          "phone": "13800000000"}


def answered(ledger, tmp_path):
    ledger.settings.save_profile(OrgProfile(organ_name="某市某某局", doc_prefix="某公开", review_organ="某市人民政府",
                                            court="某区人民法院", contact="李明", phone="0935-1234567"))
    ledger.save_rules(replace(ledger.rules, letter_requires_approval=False, fonds_code="Z017"))
    no = ledger.applications.register(dict(PERSON), {"channel": "当面", "received": "2026-11-02",
                                                     "content_title": "某河道采砂许可决定"},
                                      ledger.settings.profile(), ledger.calendar.load(), TODAY)
    case = CaseService(ledger)
    case.add_record(no, "provided", {"date": date(2026, 11, 20), "name": "某河道采砂许可决定", "pages": "2",
                                     "form": "纸质"}, TODAY)
    case.record(no, "replied", {"day": date(2026, 11, 20), "outcome": "1"}, TODAY)
    letters = LetterService.for_ledger(ledger, ROOT / "resources" / "templates")
    made = letters.make(no, "reply-disclose", tmp_path / "答复书.docx", today=TODAY)
    case.record(no, "deliver", {"day": date(2026, 11, 20), "letter": made.doc_number, "method": "直接送达",
                                "signer": "李明", "delivered": date(2026, 11, 20)}, TODAY)
    scan = tmp_path / "申请表.pdf"
    w = PdfWriter()
    w.add_blank_page(595, 842)
    with scan.open("wb") as f:
        w.write(f)
    app = ledger.applications.get(no)
    ledger.attachments.attach(app["id"], no, scan)
    return no


def test_archive_dialog_gaps_class_archive_and_undo(ledger, tmp_path, qtbot):
    no = answered(ledger, tmp_path)
    dialog = ArchiveDialog(ledger, no, TODAY)
    qtbot.addWidget(dialog)
    texts = [dialog.items.item(i).text() for i in range(dialog.items.count())]
    assert texts[0].startswith("✗ 申请表及身份证明") and not dialog.archive_button.isEnabled()
    assert "还缺1项" in dialog.state.text()
    dialog.attachments.cellWidget(0, 1).setCurrentText("申请表及身份证明")
    qtbot.waitUntil(dialog.archive_button.isEnabled)
    assert dialog.attachments.item(0, 0).text() == "申请表.pdf" and dialog.attachments.cellWidget(0, 0) is None
    assert dialog.file_no.text().startswith("Z017-2026-D10-0001")
    dialog.grab().save(str(tmp_path / "archive_dialog.png"))
    assert dialog.archive()
    assert "已于2026-12-10归档，档号 Z017-2026-D10-0001" in dialog.state.text()
    assert not dialog.attachments.cellWidget(0, 1).isEnabled() and dialog.undo_button.isEnabled()
    assert ledger.archives.refusal(no)
    assert not dialog.undo(" ") and "须写明原因" in dialog.message.text()
    assert dialog.undo("补登材料")
    assert ledger.archives.refusal(no) is None and dialog.archive_button.isEnabled()


def test_year_export_dialog_runs_in_its_worker(ledger, tmp_path, qtbot):
    no = answered(ledger, tmp_path)
    app = ledger.applications.get(no)
    ledger.archives.set_class(ledger.attachments.for_application(app["id"])[0], no, "申请表及身份证明")
    from gongkai_desktop.services.archive import ArchiveService
    ArchiveService(ledger).archive(no, TODAY)
    out = tmp_path / "out"
    out.mkdir()
    dialog = ArchiveExportDialog(ledger, TODAY)
    qtbot.addWidget(dialog)
    assert "2026年度已归档 1 件" in dialog.count.text()
    dialog.folder.setText(str(out))
    assert dialog.start()
    qtbot.waitUntil(lambda: dialog.start_button.isEnabled(), timeout=120_000)
    assert "已导出 1 件" in dialog.report.toPlainText(), dialog.report.toPlainText()
    assert (out / "2026年度归档文件" / "2026年度归档文件目录.xlsx").is_file()


def test_year_export_dialog_refuses_an_in_memory_ledger(tmp_path, qtbot):
    """The worker opens the ledger's file on its own thread: a ledger with no file got a Path(None) TypeError
    there and the dialog waited forever on “正在导出…” (found by mypy, issue 15)."""
    from gongkai_desktop.storage.ledger import Ledger

    led = Ledger.in_memory()
    dialog = ArchiveExportDialog(led, TODAY)
    qtbot.addWidget(dialog)
    dialog.folder.setText(str(tmp_path))
    assert not dialog.start()
    assert "内存中的台账" in dialog.report.toPlainText() and dialog.start_button.isEnabled()
    assert dialog.worker is None  # nothing started
