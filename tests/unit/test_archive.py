"""归档 (issue 19; domain.md §8.7): the checklist per case type, the 档号 and 保管期限, read-only after 归档 until
an audited 撤销归档, and the export of a case or a year with its 卷内目录 and page counts."""

import json

import pytest
from openpyxl import load_workbook

from gongkai_desktop.core.archive import (
    ArchiveError,
    CaseFacts,
    attachment_date,
    checklist,
    file_number,
    parse_retention_table,
    retention_for,
)
from gongkai_desktop.core.rules import CaseRules

from ..conftest import run_cli as run

T = ("--today", "2026-12-10")
APP = {"name": "申请表.pdf", "archive_class": "申请表及身份证明"}


def facts(steps, letters=(), forms=(), attachments=(APP,), delivered=None, closed=True):
    return CaseFacts(closed=closed, steps=tuple((s, d) for s, d in steps),
                     letters=tuple({"type": t, "doc_number": n} for t, n in letters), forms=tuple(forms),
                     attachments=tuple(attachments), delivered=delivered or {})


# --- checklist per case type ----------------------------------------------------------------------------
def test_a_direct_reply_needs_the_application_the_letter_and_its_delivery():
    lst = checklist(facts([("replied", {})], attachments=()))
    assert [i.key for i in lst.items] == ["application", "reply", "delivery"]
    assert lst.gaps[0].startswith("申请表及身份证明：请添加附件")
    assert "尚未生成答复书" in lst.gaps[1]
    done = checklist(facts([("replied", {}), ("deliver", {})], [("reply-disclose", "某〔2026〕1号")],
                           delivered={"某〔2026〕1号": "直接送达"}))
    assert done.complete and done.gaps == []


def test_a_chain_reply_needs_the_approval_sheet_and_a_secrecy_review_its_sheet():
    steps = [("assign", {}), ("draft", {}), ("secrecy-review", {}), ("approve", {}), ("replied", {})]
    lst = checklist(facts(steps, [("reply-disclose", "复1")], delivered={"复1": "直接送达"}))
    assert [g.split("：")[0] for g in lst.gaps] == ["呈批表", "保密审查单"]
    assert checklist(facts(steps, [("reply-disclose", "复1")], ("approval", "secrecy"),
                           delivered={"复1": "直接送达"})).complete


def test_a_posted_reply_needs_the_postal_receipt_scan():
    f = facts([("replied", {})], [("reply-disclose", "复1")], delivered={"复1": "邮寄（邮政）"})
    assert checklist(f).gaps == ["送达回证或邮寄凭证：邮寄送达须附邮寄凭证扫描件（在送达中上传，或添加附件并设为“送达凭证”）"]
    scan = {"name": "回执.pdf", "archive_class": None, "from_delivery": True}
    f2 = facts([("replied", {})], [("reply-disclose", "复1")], attachments=(APP, scan), delivered={"复1": "邮寄（邮政）"})
    assert checklist(f2).complete


def test_correction_consultation_extension_and_fee_each_need_their_documents():
    steps = [("correction-requested", {}), ("correction-received", {}), ("consult-sent", {}), ("consult-answered", {}),
             ("extended", {}), ("fee-notice", {}), ("fee-paid", {}), ("replied", {})]
    lst = checklist(facts(steps, [("reply-disclose", "复1")], delivered={"复1": "直接送达"}))
    assert [g.split("：")[0] for g in lst.gaps] == ["补正申请告知书", "补正材料（补正后的申请）", "征求意见书",
                                                    "延期答复告知书", "信息处理费收费通知书"]
    letters = [("correction", "补1"), ("consult-third-party", "征1"), ("extension", "延1"), ("fee-notice", "费1"),
               ("reply-disclose", "复1")]
    att = (APP, {"name": "补正.pdf", "archive_class": "补正材料"})
    assert checklist(facts(steps, letters, attachments=att, delivered={"复1": "直接送达"})).complete


def test_a_lapsed_correction_needs_the_termination_notice_and_an_open_case_is_refused():
    lst = checklist(facts([("correction-requested", {}), ("correction-lapsed", {})], [("correction", "补1")]))
    assert "终止处理告知书：尚未生成终止处理告知书（逾期不补正）" in lst.gaps
    open_case = checklist(facts([("assign", {})], closed=False))
    assert open_case.gaps[0] == "申请尚未办结，办结后才能归档"


# --- 档号 and 保管期限 ----------------------------------------------------------------------------------------
def test_file_number_follows_da_t_22_and_needs_the_fonds_code():
    assert file_number("{全宗号}-{年度}-{保管期限}-{件号}", "Z001", 2026, "30年", 7) == "Z001-2026-D30-0007"
    assert file_number("{全宗号}·{年度}-{保管期限中文}-{件号}", "Z001", 2026, "永久", 1) == "Z001·2026-永久-0001"
    with pytest.raises(ArchiveError, match="全宗号"):
        file_number("{全宗号}-{件号}", "", 2026, "10年", 1)


def test_retention_table_is_the_units_choice_with_defaults_by_outcome_group():
    table = CaseRules().retention_table
    assert retention_for("1.1", table) == "10年" and retention_for("3.5", table) == "30年"
    assert retention_for(None, table) == "10年"  # 撤回: 其他处理
    mine = parse_retention_table("不予公开:永久、予以公开:30年")
    assert retention_for("3.1", mine) == "永久" and retention_for("1", mine) == "30年"
    with pytest.raises(ArchiveError):
        parse_retention_table("不予公开:5年")
    assert CaseRules().with_text("retention_table", "不予公开:永久").retention_table == mine[:0] + tuple(
        sorted({**dict(CaseRules().retention_table), "3": "永久"}.items()))


# --- archive → read-only → 撤销归档 -----------------------------------------------------------------------
@pytest.fixture
def answered(tmp_path, capsys, cli_ledger):
    """A 予以公开 case answered directly and handed over in person."""
    scan = tmp_path / "申请表.pdf"
    from pypdf import PdfWriter
    w = PdfWriter()
    w.add_blank_page(595, 842)
    w.add_blank_page(595, 842)
    with scan.open("wb") as f:
        w.write(f)
    for argv in (
        ("settings", "--set", "organ_name=某县某某局", "--set", "doc_prefix=某公开", "--set", "review_organ=某县人民政府",
         "--set", "court=某县人民法院", "--set", "contact=李明", "--set", "phone=0935-1234567"),
        ("settings", "--rule", "fonds_code=Z017", "--rule", "letter_requires_approval=否"),
        ("apps", "add", "--received", "2026-11-02", "--channel", "当面", "--applicant-type", "自然人", "--name", "王伟",
         "--id-number", "11010519491231002X", "--phone", "13800000000", "--content", "某河道采砂许可决定", *T),
        ("apps", "record", "2026-0001", "provided", "--date", "2026-11-20", "--name", "某河道采砂许可决定",
         "--doc-no", "某水许〔2026〕3号", "--pages", "2", "--form", "纸质", *T),
        ("apps", "event", "2026-0001", "replied", "--date", "2026-11-20", "--outcome", "1", *T),
        ("letter", "2026-0001", "--type", "reply-disclose", "--out", str(tmp_path / "答复书.docx"), *T),
        ("apps", "deliver", "2026-0001", "--method", "直接送达", "--date", "2026-11-20", "--by", "李明",
         "--delivered", "2026-11-20", "--signed-by", "王伟", *T),
    ):
        code, _, err = run(capsys, *argv)
        assert code == 0, (argv, err)
    return tmp_path, scan


def test_archive_refuses_gaps_then_makes_the_case_read_only_until_an_audited_undo(answered, capsys, tmp_path):
    folder, scan = answered
    code, out, _ = run(capsys, "archive", "check", "2026-0001", *T)
    assert code == 1 and "✗ 申请表及身份证明" in out and "✓ 答复书（正本和定稿）" in out
    code, _, err = run(capsys, "archive", "file", "2026-0001", *T)
    assert code == 1 and "不能归档，还缺" in err and "申请表及身份证明" in err
    code, _, err = run(capsys, "archive", "attach", "2026-0001", str(scan), "--class", "申请表及身份证明")
    assert code == 0, err
    code, out, _ = run(capsys, "archive", "check", "2026-0001", *T)
    assert code == 0 and "档号：Z017-2026-D10-0001" in out and "可以归档" in out
    code, out, err = run(capsys, "archive", "file", "2026-0001", "--date", "2026-12-10", *T)
    assert code == 0, err
    assert "档号 Z017-2026-D10-0001，保管期限 10年" in out
    # every write path refuses: a step, undo, a letter, an attachment, a record
    code, _, err = run(capsys, "apps", "step", "2026-0001", "assign", "--date", "2026-12-10", "--by", "李明",
                       "--department", "法规科", *T)
    assert code == 1 and "已归档（归档日期 2026-12-10，档号 Z017-2026-D10-0001），不能修改" in err
    code, _, err = run(capsys, "apps", "undo", "2026-0001", "--reason", "误录", *T)
    assert code == 1 and "已归档" in err
    code, _, err = run(capsys, "letter", "2026-0001", "--type", "reply-disclose", "--out",
                       str(tmp_path / "再.docx"), *T)
    assert code == 1 and "已归档" in err
    other = tmp_path / "其他.txt"
    other.write_text("x", encoding="utf-8")
    code, _, err = run(capsys, "archive", "attach", "2026-0001", str(other))
    assert code == 1 and "已归档" in err
    # the database itself refuses too (a path that forgot the check)
    from gongkai_desktop.storage.ledger import Ledger
    led = Ledger.open(folder / "cli.sqlite")
    with pytest.raises(Exception, match="已归档"):
        led.db.execute("INSERT INTO case_records (application_id, kind, day, data, created_at) "
                       "VALUES (1, 'search', '2026-12-10', '{}', 'x')")
    led.close()
    code, _, err = run(capsys, "archive", "undo", "2026-0001", "--reason", " ")
    assert code == 1 and "须写明原因" in err
    code, out, err = run(capsys, "archive", "undo", "2026-0001", "--reason", "补登送达回证")
    assert code == 0 and "原档号 Z017-2026-D10-0001" in out
    led = Ledger.open(folder / "cli.sqlite")
    audit = [(r["action"], r["after"]) for r in led.db.query("SELECT action, after FROM audit_log ORDER BY id")]
    led.close()
    assert audit[-1][0] == "撤销归档" and "补登送达回证" in audit[-1][1]
    assert ("归档" in [a for a, _ in audit])
    code, _, err = run(capsys, "apps", "step", "2026-0001", "deliver", "--letter", "某公开〔2026〕1号", "--date",
                       "2026-12-10", "--by", "李明", "--method", "直接送达", *T)
    assert "已归档" not in err
    code, out, err = run(capsys, "archive", "file", "2026-0001", "--date", "2026-12-10", *T)
    assert code == 0 and "Z017-2026-D10-0001" in out  # archived again: the same number, never another case's


def test_export_of_a_year_reports_an_unconvertible_attachment(answered, capsys, tmp_path):
    folder, scan = answered
    assert run(capsys, "archive", "attach", "2026-0001", str(scan), "--class", "申请表及身份证明")[0] == 0
    odd = tmp_path / "身份证.heic"
    odd.write_bytes(b"\x00\x01not an image we can read")
    assert run(capsys, "archive", "attach", "2026-0001", str(odd), "--class", "申请表及身份证明")[0] == 0
    assert run(capsys, "archive", "file", "2026-0001", *T)[0] == 0
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    code, out, err = run(capsys, "archive", "export", "--year", "2026", "--out", str(out_dir), "--json")
    assert code == 0, err
    result = json.loads(out)
    assert result["cases"] == ["2026-0001"]
    assert len(result["not_converted"]) == 1 and "身份证.heic" in result["not_converted"][0]
    year = out_dir / "2026年度归档文件"
    assert sorted(p.name for p in out_dir.iterdir()) == ["2026年度归档文件"]  # no .part folder left
    case = year / "Z017-2026-D10-0001"
    ws = load_workbook(case / "卷内目录.xlsx").active
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=3)]
    assert [r[3] for r in rows][0] == "申请表及身份证明"
    assert rows[0][5] == 2  # the two-page PDF scan
    assert rows[0][4] == "2026-11-02"  # the 申请表 is dated the day the application was received, not attached
    heic = next(r for r in rows if r[6])
    assert "未转换为PDF" in heic[6] and heic[5] is None
    # a second export to the same folder is refused, not merged
    code, _, err = run(capsys, "archive", "export", "--year", "2026", "--out", str(out_dir))
    assert code == 1 and "已存在" in err


def test_export_to_a_missing_folder_is_refused(answered, capsys, tmp_path):
    code, _, err = run(capsys, "archive", "export", "2026-0001", "--out", str(tmp_path / "nope"))
    assert code == 1 and "尚未归档" in err or "不存在" in err



def test_without_a_fonds_code_check_names_the_setting_and_archive_is_refused(answered, capsys, tmp_path):
    """DA/T 22-2015: the 档号 begins with the 全宗号. A ledger without one shows why no number can be given
    (the 归档 dialog and `archive check` must not fail on it) and 归档 is refused, nothing written."""
    folder, scan = answered
    code, _, err = run(capsys, "settings", "--rule", "fonds_code=")
    assert code == 0, err
    code, _, err = run(capsys, "archive", "attach", "2026-0001", str(scan), "--class", "申请表及身份证明")
    assert code == 0, err
    code, out, _ = run(capsys, "archive", "check", "2026-0001", *T)
    assert code == 1 and "档号：（未能编定）" in out and "尚未填写全宗号" in out
    code, _, err = run(capsys, "archive", "file", "2026-0001", *T)
    assert code == 1 and "尚未填写全宗号" in err
    code, out, _ = run(capsys, "archive", "check", "2026-0001", *T)
    assert "未归档" in out


# --- the 卷内目录: dates of attachments, column widths -----------------------------------------------------
def test_an_attachment_is_dated_by_its_document_not_by_the_day_it_was_attached():
    """DA/T 22-2015 lists each document with its own date (形成日期): a 送达 scan takes the 签收 date of its
    送达, a search screenshot its record's date, a 补正材料 the day the 补正 was received, the 申请表 the day the
    application was received; only an attachment nothing explains keeps the day it was attached."""
    steps = [("correction-requested", {"day": "2026-11-03"}), ("correction-received", {"day": "2026-11-06"}),
             ("replied", {"day": "2026-12-01"}),
             ("deliver", {"day": "2026-12-02", "delivered": "2026-12-04", "scan_sha256": "s1"})]
    records = [{"day": "2026-11-25", "data": {"attachments": [{"name": "检索截图.png", "sha256": "s2"}]}}]
    late = "2026-12-09T10:00:00"

    def when(**a):
        return attachment_date({"added": late, **a}, "2026-11-02", steps, records)

    assert when(sha256="s1", name="回证.pdf") == "2026-12-04"
    assert when(sha256="s2", name="检索截图.png") == "2026-11-25"
    assert when(sha256="x", archive_class="申请表及身份证明") == "2026-11-02"
    assert when(sha256="x", archive_class="补正材料") == "2026-11-06"
    assert when(sha256="x", archive_class="送达凭证") == "2026-12-04"
    assert when(sha256="x", archive_class="提供的信息") == "2026-12-01"
    assert when(sha256="x", archive_class="收费材料") == "2026-12-09"  # no 缴费 recorded: the attach day
    assert when(sha256="x", archive_class="其他") == "2026-12-09"
    posted = [("deliver", {"day": "2026-12-02", "scan_sha256": "s1"})]
    assert attachment_date({"sha256": "s1", "added": late}, "2026-11-02", posted) == "2026-12-02"
    # two 送达 (补正告知书, then the reply): an unmatched 送达凭证 takes the latest; an attachment without a
    # hash (older ledgers) is dated the same way instead of failing
    twice = [("deliver", {"day": "2026-11-04", "delivered": "2026-11-05"}), ("replied", {"day": "2026-12-01"}),
             ("deliver", {"day": "2026-12-02", "delivered": "2026-12-04"})]
    assert attachment_date({"sha256": "x", "archive_class": "送达凭证", "added": late}, "2026-11-02", twice) \
        == "2026-12-04"
    assert attachment_date({"archive_class": "送达凭证", "added": late}, "2026-11-02", twice) == "2026-12-04"


def test_catalogue_columns_have_grid_widths_libreoffice_reads(tmp_path):
    """LibreOffice lays a table out from w:tblGrid, not from the cells' widths (issue 19 leftover): the grid
    carries the 卷内目录 widths, which fill the 15.6 cm type area, and the layout is fixed."""
    from docx import Document
    from docx.oxml.ns import qn
    from docx.shared import Cm

    from gongkai_desktop.documents.archive_docs import CATALOGUE_COLUMNS, CATALOGUE_WIDTHS_CM, catalogue_docx

    path = catalogue_docx(tmp_path / "卷内目录.docx", "Z017-2026-D10-0001", "题名",
                          [{"seq": 1, "title": "申请表及身份证明", "date": "2026-11-02", "pages": 2}])
    tbl = Document(str(path)).tables[0]._tbl
    grid = [int(c.get(qn("w:w"))) for c in tbl.tblGrid.gridCol_lst]
    assert len(grid) == len(CATALOGUE_COLUMNS)
    assert grid == [Cm(w).twips for w in CATALOGUE_WIDTHS_CM]
    assert abs(sum(CATALOGUE_WIDTHS_CM) - 15.6) < 1e-9
    assert tbl.tblPr.find(qn("w:tblW")).get(qn("w:type")) == "dxa"
    assert tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
    assert [c.tag.split("}")[1] for c in tbl.tblPr][:2] == ["tblStyle", "tblW"]  # schema order kept
