"""Letters: the 文号 register, the remedy clause by type, GB/T 9704 page setup, templates and their checks."""

import re
from datetime import date
from pathlib import Path

import pytest
from docx import Document
from docx.shared import Pt

from gongkai_desktop.core.clock import Event, EventKind
from gongkai_desktop.core.fees import fee_by_pages
from gongkai_desktop.core.letters import (
    LETTER_BY_SLUG,
    LETTER_TYPES,
    NONE,
    PARTIAL,
    REVIEW_FIRST,
    STANDARD,
    LetterError,
    cn_money,
    format_doc_number,
    remedy_text,
)
from gongkai_desktop.core.organisation import OrgProfile
from gongkai_desktop.core.workdays import cn_date
from gongkai_desktop.documents import letter_templates
from gongkai_desktop.documents.atomic import OutputFileError
from gongkai_desktop.documents.letter_docx import TemplateProblem, check_template
from gongkai_desktop.services.letters import LetterService

from ..conftest import ROOT

D = date.fromisoformat
TODAY = D("2026-11-20")
TEMPLATES = ROOT / "resources" / "templates"
PROFILE = OrgProfile(organ_name="某市某某局", office_name="局办公室", phone="0935-1234567", contact="李明",
                     doc_prefix="某公开", review_organ="某市人民政府", court="某市某区人民法院")
INPUTS = {
    "correction_items": "请写明所需信息的名称或文号。", "third_party": "某某建材有限公司", "disclosure_reason": "涉及公共安全。",
    "disclosure_content": "环评报告（隐去商业秘密部分）", "reasons_deadline": "2026年12月10日",
    "public_location": "本局网站“政府信息公开”栏目", "withheld_parts": "银行账户——商业秘密\n身份证号码——个人隐私",
    "not_responsible_reason": "该信息由市住建局制作", "earlier_reply": "2026年3月5日某公开复〔2026〕12号",
    "special_law": "《不动产登记暂行条例》", "publication": "《某市人民政府公报》", "publication_access": "市图书馆",
}


def make_app(ledger, slug: str) -> str:
    """Register an application and record what the letter type needs."""
    cal = ledger.calendar.load()
    apps = ledger.applications
    no = apps.register({"kind": "自然人", "name": "张三", "id_type": "居民身份证", "id_number": "11010519491231002X",
                        "phone": "13800000000"},
                       {"channel": "邮寄", "received": "2026-09-01", "content_title": "某路征收补偿方案 & <附图>",
                        "delivery": "邮寄"}, PROFILE, cal, TODAY)
    t = LETTER_BY_SLUG[slug]

    def add(kind, day, **kw):
        apps.add_event(no, Event(kind, D(day), days=kw.pop("days", None), ref=kw.pop("ref", None),
                                 until=kw.pop("until", None)), cal, TODAY, **kw)

    need = t.needs_event
    if need in (EventKind.CORRECTION_REQUESTED, EventKind.CORRECTION_LAPSED) or "4.3" in t.outcomes:
        add(EventKind.CORRECTION_REQUESTED, "2026-09-03", until=D("2026-09-18"))
        if need is EventKind.CORRECTION_LAPSED:
            add(EventKind.CORRECTION_LAPSED, "2026-09-21")
        elif "4.3" in t.outcomes:
            add(EventKind.CORRECTION_RECEIVED, "2026-09-10")
    if need is EventKind.EXTENDED:
        add(EventKind.EXTENDED, "2026-09-10", days=10, approver="王主任")
    if need is EventKind.CONSULT_SENT:
        add(EventKind.CONSULT_SENT, "2026-09-04", ref="某某建材有限公司")
    if need in (EventKind.FEE_NOTICE, EventKind.FEE_LAPSED):
        add(EventKind.FEE_NOTICE, "2026-09-04", fee=fee_by_pages(150))
        if need is EventKind.FEE_LAPSED:
            add(EventKind.FEE_LAPSED, "2026-11-02")
    if need is EventKind.REPLIED:
        add(EventKind.REPLIED, "2026-09-25", outcome=t.outcomes[0])
    return no


@pytest.fixture
def service(ledger):
    ledger.settings.save_profile(PROFILE)
    return LetterService.for_ledger(ledger, TEMPLATES)


def test_doc_numbers_and_money():
    assert format_doc_number("某公开", "复", 2026, 3) == "某公开复〔2026〕3号"
    with pytest.raises(ValueError):
        format_doc_number("某公开", "复", 2026, 0)
    assert cn_money(83460) == "捌万叁仟肆佰陆拾元整"
    assert cn_money(10500) == "壹万零伍佰元整"
    assert cn_money(1000010) == "壹佰万零壹拾元整"
    assert cn_money(0) == "零元整"


def test_remedy_clause_by_kind():
    standard = remedy_text(STANDARD, PROFILE, "您")
    assert "60日内向某市人民政府申请行政复议" in standard and "6个月内向某市某区人民法院提起行政诉讼" in standard
    first = remedy_text(REVIEW_FIRST, PROFILE, "您")
    assert "应当先申请行政复议" in first and "第二十三条" in first
    assert "6个月内" not in first  # no direct lawsuit offered (复议前置)
    partial = remedy_text(PARTIAL, PROFILE, "您")
    assert "予以公开的部分" in partial and "不予公开的部分" in partial and "应当先向某市人民政府申请行政复议" in partial
    assert remedy_text(NONE, PROFILE, "您") == ""


def test_shipped_templates_carry_the_current_wording():
    for t in LETTER_TYPES:
        doc = Document(str(TEMPLATES / f"{t.slug}.docx"))
        assert [p.text for p in doc.paragraphs] == [text for _, text in letter_templates.paragraphs(t.slug)], t.slug
        assert check_template(TEMPLATES / f"{t.slug}.docx", t) == []


@pytest.mark.parametrize("slug", [t.slug for t in LETTER_TYPES])
def test_every_type_renders_as_an_official_letter(ledger, service, tmp_path, slug):
    t = LETTER_BY_SLUG[slug]
    no = make_app(ledger, slug)
    made = service.make(no, slug, tmp_path / f"{slug}.docx", INPUTS, today=TODAY)
    assert re.fullmatch(r"某公开" + t.register + r"〔2026〕[1-9]\d*号", made.doc_number)
    doc = Document(str(made.path))
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert [round(m.mm) for m in (section.top_margin, section.bottom_margin, section.left_margin,
                                  section.right_margin)] == [37, 35, 28, 26]
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "{{" not in text and "{%" not in text and "}}" not in text
    assert made.doc_number in text
    # 成文日期: Arabic digits, no zero padding; by default the date of the event the letter belongs to (issue 17)
    assert text.endswith("\n" + cn_date(service.default_issued(no, slug, TODAY)))
    assert re.search(r"\n2026年([1-9]|1[0-2])月([1-9]|[12]\d|3[01])日$", text)
    assert "某路征收补偿方案 & <附图>" in text or t.to_third_party
    body = doc.styles["公文正文"]
    assert body.font.size == Pt(16)
    assert body.element.rPr.rFonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia") \
        == "仿宋_GB2312"
    assert doc.styles["公文标题"].font.size == Pt(22)
    assert doc.settings.odd_and_even_pages_header_footer
    assert "PAGE" in section.footer._element.xml and "PAGE" in section.even_page_footer._element.xml
    remedy = "申请行政复议" in text
    assert remedy == (t.remedy != NONE)
    if t.remedy == REVIEW_FIRST:
        assert "应当先申请行政复议" in text and "6个月内" not in text
    if t.remedy == STANDARD:
        assert "6个月内" in text


def test_register_never_reuses_or_skips_and_regenerate_keeps_the_number(ledger, service, tmp_path):
    a, b = make_app(ledger, "reply-disclose"), make_app(ledger, "reply-not-exist")
    first = service.make(a, "reply-disclose", tmp_path / "a.docx", today=TODAY)
    second = service.make(b, "reply-not-exist", tmp_path / "b.docx", today=TODAY)
    assert (first.doc_number, second.doc_number) == ("某公开复〔2026〕1号", "某公开复〔2026〕2号")
    again = service.make(a, "reply-disclose", tmp_path / "a2.docx", today=TODAY)
    assert again.regenerated and again.doc_number == first.doc_number
    receipt = service.make(a, "receipt", tmp_path / "r.docx", today=TODAY)
    assert receipt.doc_number == "某公开收〔2026〕1号"
    rows = ledger.letters.register(2026)
    assert [r["doc_number"] for r in rows if r["type"].startswith("reply")] == ["某公开复〔2026〕1号", "某公开复〔2026〕2号"]
    assert any(e["action"] == "重新生成文书" for e in ledger.audit.entries("application", a))


def test_failed_write_takes_no_number_and_leaves_no_file(ledger, service, tmp_path, monkeypatch):
    from gongkai_desktop.documents import atomic

    no = make_app(ledger, "reply-disclose")
    target = tmp_path / "locked.docx"

    def locked(src, dst):
        raise PermissionError(13, "Permission denied", str(dst))

    monkeypatch.setattr(atomic.os, "replace", locked)
    with pytest.raises(OutputFileError, match="Word、WPS"):
        service.make(no, "reply-disclose", target, today=TODAY)
    monkeypatch.undo()
    assert ledger.letters.register() == []
    assert not target.exists() and not list(tmp_path.glob(".*"))
    assert service.make(no, "reply-disclose", target, today=TODAY).doc_number == "某公开复〔2026〕1号"


def test_letters_refused_in_the_wrong_state_or_without_settings(ledger, service, tmp_path):
    no = make_app(ledger, "receipt")
    with pytest.raises(LetterError, match="须先在办理记录中登记“答复”"):
        service.make(no, "reply-disclose", tmp_path / "x.docx", today=TODAY)
    with pytest.raises(LetterError, match="未知的文书类型"):
        service.make(no, "reply-nonsense", tmp_path / "x.docx", today=TODAY)
    with pytest.raises(LetterError, match="需要补正的事项"):
        no2 = make_app(ledger, "correction")
        service.make(no2, "correction", tmp_path / "x.docx", {}, today=TODAY)
    ledger.settings.save_profile(OrgProfile(organ_name="某局", doc_prefix="某公开"))
    no3 = make_app(ledger, "reply-not-exist")
    with pytest.raises(LetterError, match="行政复议机关"):
        service.make(no3, "reply-not-exist", tmp_path / "x.docx", today=TODAY)
    assert not (tmp_path / "x.docx").exists()


def test_edited_template_with_split_placeholders_and_a_misspelling(ledger, service, tmp_path):
    """Word splits a placeholder over runs when the officer edits it; docxtpl copes. A misspelt one is named."""
    custom = service.templates.make_custom("receipt")
    doc = Document(str(custom))
    p = doc.paragraphs[5]  # addressee
    p.clear()
    for piece in ("{{ appli", "cant_na", "me }}", "：（已改）"):
        p.add_run(piece)
    doc.save(str(custom))
    no = make_app(ledger, "receipt")
    made = service.make(no, "receipt", tmp_path / "r.docx", today=TODAY)
    assert "张三：（已改）" in [q.text for q in Document(str(made.path)).paragraphs]
    doc = Document(str(custom))
    doc.paragraphs[5].text = "{{ aplicant_name }}："
    doc.save(str(custom))
    problems = check_template(custom, LETTER_BY_SLUG["receipt"])
    assert any("aplicant_name" in x for x in problems)
    assert any("applicant_name" in x and "缺少" in x for x in problems)
    with pytest.raises(TemplateProblem):
        service.make(no, "receipt", tmp_path / "r2.docx", today=TODAY)
    service.templates.reset("receipt")
    assert service.templates.path("receipt") == TEMPLATES / "receipt.docx"


def test_batch_stops_at_the_first_failure_and_can_be_cancelled(ledger, service, tmp_path):
    nos = [make_app(ledger, "receipt") for _ in range(3)]
    made, problems = service.make_batch(nos, "receipt", tmp_path, today=TODAY)
    assert [m.doc_number for m in made] == [f"某公开收〔2026〕{i}号" for i in (1, 2, 3)] and problems == []
    more = [make_app(ledger, "receipt") for _ in range(3)]
    calls = []

    def progress(done, total, no):
        calls.append(done)
        return done < 1

    made, problems = service.make_batch(more, "receipt", tmp_path, today=TODAY, progress=progress)
    assert len(made) == 1 and problems == ["已取消。"]
    assert Path(made[0].path).exists()


def test_pdf_needs_libreoffice_and_says_so(monkeypatch, tmp_path):
    from gongkai_desktop.documents import pdf

    monkeypatch.setattr(pdf, "find_soffice", lambda: None)
    with pytest.raises(pdf.PdfError, match="未找到 LibreOffice"):
        pdf.to_pdf(tmp_path / "x.docx")
