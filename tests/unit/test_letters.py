"""Letters: the 文号 register, the remedy clause by type, GB/T 9704 page setup, templates and their checks."""

import re
from datetime import date
from pathlib import Path

import pytest
from docx import Document
from docx.shared import Pt

from gongkai_desktop.core import letters as letter_core
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
    "withhold_reason": "所申请的局党组会议纪要属于本机关内部工作流程方面的信息，只在本机关内部使用，"
                       "对申请人的权利义务不产生直接影响，故决定不予公开",
    "provided_list": "某路征收补偿方案（某征〔2026〕3号，12页，纸质）", "assist_deadline": "2026-12-10",
    "obtained_info": "2026年3月5日本局答复时提供的征收补偿方案",
}


def make_app(ledger, slug: str, delivery: str = "邮寄", received: str = "2026-09-01", outcome: str | None = None,
             today: date = TODAY) -> str:
    """Register an application and record what the letter type needs."""
    cal = ledger.calendar.load()
    apps = ledger.applications
    no = apps.register({"kind": "自然人", "name": "张三", "id_type": "居民身份证", "id_number": "11010519491231002X",
                        "phone": "13800000000"},
                       {"channel": "邮寄", "received": received, "content_title": "某路征收补偿方案 & <附图>",
                        "delivery": delivery}, PROFILE, cal, today)
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
    if slug in ("delay", "reply-excessive"):
        LetterService.for_ledger(ledger, TEMPLATES).make(no, "reasons-request", None, {"reasons_deadline": "2026-09-08"},
                                                         today=TODAY)
    if need is EventKind.DELAY:
        add(EventKind.DELAY, "2026-09-10", days=30, approver="王主任")
    if need is EventKind.CONSULT_SENT:
        add(EventKind.CONSULT_SENT, "2026-09-04", ref="某某建材有限公司")
    if need in (EventKind.FEE_NOTICE, EventKind.FEE_LAPSED):
        add(EventKind.FEE_NOTICE, "2026-09-04", fee=fee_by_pages(150))
        if need is EventKind.FEE_LAPSED:
            add(EventKind.FEE_LAPSED, "2026-11-02")
    if slug == "reply-items":  # 综合答复书: three items, one disclosed, one not held, one withheld (issue 20)
        app = apps.get(no)
        for text, code, basis in (("征收补偿方案", "1", "第36条第1、2项"), ("附图原件", "4.1", "第36条第4项"),
                                  ("被征收人名单", "3.4", "第15条")):
            ledger.items.set_item(app, ledger.items.add_item(app, text), code, basis,
                                  "征收补偿方案1份，共4页" if code == "1" else None)
        outcome = ledger.items.derived_outcome(app["id"])
    if need is EventKind.REPLIED:
        add(EventKind.REPLIED, "2026-09-25", outcome=outcome or t.outcomes[0])
    return no


@pytest.fixture
def service(ledger):
    """Letters rendered straight from a recorded reply: the 核准 rule is tested in test_case_steps.py."""
    from dataclasses import replace

    ledger.settings.save_profile(PROFILE)
    ledger.save_rules(replace(ledger.rules, letter_requires_approval=False))
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
    # the 成文日期 line under the signature (centred by tabs; a 附注 or a reply slip may follow it)
    date_lines = [line.strip() for line in text.splitlines()
                  if re.fullmatch(r"2026年([1-9]|1[0-2])月([1-9]|[12]\d|3[01])日", line.strip())]
    assert date_lines and date_lines[-1] == cn_date(service.default_issued(no, slug, TODAY))
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


def test_items_reply_remedy_per_item(ledger, service, tmp_path):
    """综合答复书: 复议前置 (行政复议法第二十三条第一款第（四）项) only for the withheld item (3); items 1 and 2 may go
    to 复议 or straight to court (行政诉讼法第四十六条: 6个月)."""
    no = make_app(ledger, "reply-items")
    assert ledger.applications.get(no)["outcome"] == "2"
    made = service.make(no, "reply-items", tmp_path / "items.docx", {}, today=TODAY)
    text = "\n".join(p.text for p in Document(str(made.path)).paragraphs)
    assert "1.征收补偿方案：予以公开，依据条例第36条第1、2项，提供征收补偿方案1份，共4页。" in text
    assert "2.附图原件：无法提供（本机关不掌握相关政府信息）" in text
    assert "3.被征收人名单：不予公开（保护第三方合法权益），依据条例第15条。" in text
    assert ("如对本答复第1、2项不服，可以自收到本答复之日起60日内向某市人民政府申请行政复议，或者在6个月内向"
            "某市某区人民法院提起行政诉讼；如对本答复第3项（不予公开）不服，应当自收到本答复之日起60日内先向某市人民政府"
            "申请行政复议") in text
    assert "第二十三条第一款第（四）项" in text


def test_items_remedy_without_withheld_items_is_the_standard_clause():
    from gongkai_desktop.core.letters import items_remedy_text

    items = [{"seq": 1, "outcome": "1"}, {"seq": 2, "outcome": "4.1"}]
    assert items_remedy_text(items, PROFILE, "您") == remedy_text(STANDARD, PROFILE, "您")
    assert items_remedy_text([{"seq": 1, "outcome": "3.5"}], PROFILE, "您") == remedy_text(REVIEW_FIRST, PROFILE, "您")


def test_register_never_reuses_or_skips_and_regenerate_keeps_the_number(ledger, service, tmp_path):
    a, b = make_app(ledger, "reply-disclose"), make_app(ledger, "reply-not-exist")
    first = service.make(a, "reply-disclose", tmp_path / "a.docx", INPUTS, today=TODAY)
    second = service.make(b, "reply-not-exist", tmp_path / "b.docx", today=TODAY)
    assert (first.doc_number, second.doc_number) == ("某公开复〔2026〕1号", "某公开复〔2026〕2号")
    again = service.make(a, "reply-disclose", tmp_path / "a2.docx", INPUTS, today=TODAY)
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
        service.make(no, "reply-disclose", target, INPUTS, today=TODAY)
    monkeypatch.undo()
    assert ledger.letters.register() == []
    assert not target.exists() and not list(tmp_path.glob(".*"))
    assert service.make(no, "reply-disclose", target, INPUTS, today=TODAY).doc_number == "某公开复〔2026〕1号"


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
    p = doc.paragraphs[4]  # addressee
    p.clear()
    for piece in ("{{ appli", "cant_na", "me }}", "：（已改）"):
        p.add_run(piece)
    doc.save(str(custom))
    no = make_app(ledger, "receipt")
    made = service.make(no, "receipt", tmp_path / "r.docx", today=TODAY)
    assert "张三：（已改）" in [q.text for q in Document(str(made.path)).paragraphs]
    doc = Document(str(custom))
    doc.paragraphs[4].text = "{{ aplicant_name }}："
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


def docx_parts(path) -> dict[str, bytes]:
    """Every part of a .docx, the creation and modification times of docProps/core.xml blanked."""
    import zipfile

    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    parts["docProps/core.xml"] = re.sub(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", b"", parts["docProps/core.xml"])
    return parts


@pytest.mark.parametrize("fonts", [None, ["仿宋", "SimSun", "黑体", "KaiTi"]], ids=["fonts-unknown", "fonts-substituted"])
def test_a_batch_letter_is_the_letter_make_writes(ledger, tmp_path, fonts):
    """Issue 26: a batch reuses the template's parsed and compressed parts; each letter is still part for part
    the one make() writes for the same case alone — the second file of each pair regenerates the same 文号."""
    ledger.settings.save_profile(PROFILE)
    service = LetterService(ledger, LetterService.for_ledger(ledger, TEMPLATES).templates, fonts)
    first, second = make_app(ledger, "receipt"), make_app(ledger, "receipt")
    single = service.make(first, "receipt", tmp_path / "single.docx", today=TODAY)
    made, problems = service.make_batch([first, second], "receipt", tmp_path / "batch", today=TODAY)
    again = service.make(second, "receipt", tmp_path / "again.docx", today=TODAY)
    assert problems == [] and [m.doc_number for m in made] == [single.doc_number, again.doc_number]
    assert single.doc_number != again.doc_number
    assert docx_parts(made[0].path) == docx_parts(single.path)
    assert docx_parts(made[1].path) == docx_parts(again.path)
    assert "某公开收〔2026〕2号" in letter_text(made[1].path)


def test_pdf_needs_libreoffice_and_says_so(monkeypatch, tmp_path):
    from gongkai_desktop.documents import pdf

    monkeypatch.setattr(pdf, "find_soffice", lambda: None)
    with pytest.raises(pdf.PdfError, match="未找到 LibreOffice"):
        pdf.to_pdf(tmp_path / "x.docx")


# ---- issue 21: legal content -----------------------------------------------------------------------------------

def letter_text(path) -> str:
    return "\n".join(p.text for p in Document(str(path)).paragraphs)


@pytest.mark.parametrize("outcome", ["3.1", "3.2", "3.3", "3.4", "3.5", "3.6", "3.7", "3.8"])
def test_withhold_cites_each_article_once(ledger, service, tmp_path, outcome):
    """条例第三十六条第（三）项 plus the ground's article (14/15/16); 3.8 (行政查询事项) has none of its own."""
    no = make_app(ledger, "reply-withhold", outcome=outcome)
    text = letter_text(service.make(no, "reply-withhold", tmp_path / "w.docx", INPUTS, today=TODAY).path)
    assert text.count("第三十六条第（三）项") == 1
    article = letter_core.WITHHOLD[outcome][0]
    if article:
        assert f"《中华人民共和国政府信息公开条例》{article}、第三十六条第（三）项" in text
    else:
        assert "条例》第三十六条第（三）项" in text and "第十四条" not in text and "第十六条" not in text


def test_withhold_reason_is_required_and_starts_from_the_grounds_sentence(ledger, service, tmp_path):
    hints = {o: letter_core.suggested_inputs(LETTER_BY_SLUG["reply-withhold"], {"outcome": o})["withhold_reason"]
             for o in letter_core.WITHHOLD}
    assert "法律或者行政法规名称" in hints["3.2"] and "引用条文" in hints["3.2"]  # 3.2 names the law
    for o in ("3.5", "3.6", "3.7"):  # why 第十六条's discretion was used
        assert "决定不予公开的理由是：【理由】" in hints[o] and "第十六条" in hints[o]
    no = make_app(ledger, "reply-withhold", outcome="3.2")
    with pytest.raises(LetterError, match="不予公开的事实和理由"):
        service.make(no, "reply-withhold", tmp_path / "a.docx", {}, today=TODAY)
    with pytest.raises(LetterError, match="【】"):
        service.make(no, "reply-withhold", tmp_path / "a.docx", {"withhold_reason": hints["3.2"]}, today=TODAY)
    problems, _ = service.check(no, "reply-withhold", {"withhold_reason": hints["3.2"]}, today=TODAY)
    assert problems and "【】" in problems[0]
    assert ledger.letters.register() == []


def test_outcome_5_5_has_its_own_letter(ledger, service, tmp_path):
    """要求确认或重新出具已获取信息: not the 第三十六条第（七）项 特别规定 letter."""
    assert LETTER_BY_SLUG["reply-confirm"].outcomes == ("5.5",)
    assert "5.5" not in LETTER_BY_SLUG["reply-special"].outcomes
    no = make_app(ledger, "reply-confirm")
    text = letter_text(service.make(no, "reply-confirm", tmp_path / "c.docx", INPUTS, today=TODAY).path)
    assert "第二条、第三十八条" in text and "不予处理" in text and "第三十六条第（七）项" not in text
    assert "2026年3月5日本局答复时提供的征收补偿方案。" in text


@pytest.mark.parametrize(("delivery", "expect"), [
    ("自行领取", "请您于工作日上午9:00—12:00，持本答复书和身份证明到某市人民路1号领取所提供的信息（见附件）"),
    ("网上获取", "您可以自收到本答复之日起通过https://www.example.gov.cn/f/1获取所提供的信息（见附件）"),
    ("邮寄", "本机关将所提供的信息（见附件）随本答复书一并邮寄给您"),
    ("电子邮件", "通过电子邮件发送至您提供的电子邮箱"),
])
def test_disclose_states_the_way_route_and_time_and_lists_what_is_provided(ledger, service, tmp_path, delivery,
                                                                          expect):
    """条例第三十六条第（二）项: 提供 or 告知获取的方式、途径和时间; the stored address is printed."""
    ledger.settings.save_profile(OrgProfile(**{**PROFILE.to_dict(), "address": "某市人民路1号",
                                                "collect_hours": "工作日上午9:00—12:00"}))
    no = make_app(ledger, "reply-disclose", delivery=delivery)
    records = letter_core.LetterRecords(provided_items=[
        {"name": "某路征收补偿方案", "doc_no": "某征〔2026〕3号", "pages": 12, "form": "纸质", "note": ""},
        {"name": "征收范围红线图。", "doc_no": "", "pages": 1, "form": "电子", "note": "PDF格式"}])
    inputs = {"provide_url": "https://www.example.gov.cn/f/1"}
    text = letter_text(service.make(no, "reply-disclose", tmp_path / "d.docx", inputs, today=TODAY,
                                    records=records).path)
    assert expect in text
    assert "附件：1.某路征收补偿方案（某征〔2026〕3号，12页，纸质）" in text
    assert "　　　2.征收范围红线图（1页，电子，PDF格式）" in text  # aligned; no punctuation after a name


def test_disclose_refuses_without_a_list_url_or_collection_details(ledger, service, tmp_path):
    no = make_app(ledger, "reply-disclose", delivery="网上获取")
    with pytest.raises(LetterError, match="提供的信息"):
        service.make(no, "reply-disclose", tmp_path / "d.docx", {}, today=TODAY)
    with pytest.raises(LetterError, match="网址"):
        service.make(no, "reply-disclose", tmp_path / "d.docx", {"provided_list": "方案"}, today=TODAY)
    no = make_app(ledger, "reply-disclose", delivery="自行领取")
    with pytest.raises(LetterError, match="通讯地址"):
        service.make(no, "reply-disclose", tmp_path / "d.docx", {"provided_list": "方案"}, today=TODAY)


def test_article_35_letters_need_the_reasons_request_first(ledger, service, tmp_path):
    """不予处理 and 延迟答复 under 第三十五条 follow a 说明理由 request: refused until one was issued."""
    t = LETTER_BY_SLUG["reply-excessive"]
    app = {"outcome": "5.4", "state": "closed"}
    events = [{"kind": "replied"}]
    assert "说明理由告知书" in letter_core.check_allowed(t, app, events)
    assert letter_core.check_allowed(t, app, events, {"reasons-request"}) is None
    no = make_app(ledger, "reply-excessive")  # issues the 说明理由告知书 first
    text = letter_text(service.make(no, "reply-excessive", tmp_path / "e.docx", INPUTS, today=TODAY).path)
    assert "本机关已请您说明申请理由" in text and "第三十五条" in text


def test_delay_letter_names_the_period_and_the_new_date(ledger, service, tmp_path):
    t = LETTER_BY_SLUG["delay"]
    assert t.needs_event is EventKind.DELAY and t.register == "延"
    no = make_app(ledger, "delay")
    text = letter_text(service.make(no, "delay", tmp_path / "y.docx", INPUTS, today=TODAY).path)
    assert "第三十五条的规定，本机关确定延迟答复的期限为30个工作日" in text
    assert re.search(r"将于2026年\d+月\d+日前作出答复", text)


def test_remedy_wording_follows_the_addressee_and_the_letter(ledger, service, tmp_path):
    for t in LETTER_TYPES:
        if t.remedy == NONE:
            continue
        no = make_app(ledger, t.slug)
        text = letter_text(service.make(no, t.slug, tmp_path / f"{t.slug}.docx", INPUTS, today=TODAY).path)
        if not t.title.endswith("答复书"):
            assert "本答复" not in text, t.slug  # 告知书/通知书 never say “如对本答复不服”
            assert f"如对{t.noun}不服" in text, t.slug
        if t.to_third_party:
            assert "贵方如对本告知书不服" in text and "您" not in text, t.slug
    assert letter_core.LETTER_BY_SLUG["fee-notice"].noun == "本通知"


def test_review_first_cites_article_23_1_4_exactly():
    """行政复议法（2023）第二十三条第一款第（四）项: 申请政府信息公开，行政机关不予公开 → 复议前置."""
    cite = "《中华人民共和国行政复议法》第二十三条第一款第（四）项"
    assert cite in remedy_text(REVIEW_FIRST, PROFILE, "您") and cite in remedy_text(PARTIAL, PROFILE, "您")
    assert cite not in remedy_text(STANDARD, PROFILE, "您")


def test_online_delivery_names_the_online_review_channel_only_when_set(ledger, service, tmp_path):
    """行政复议法第二十二条第二款: served over the internet → give the internet way to apply for 复议."""
    no = make_app(ledger, "reply-not-exist", delivery="电子邮件")
    _, warnings = service.check(no, "reply-not-exist", today=TODAY)
    assert any("第二十二条第二款" in w for w in warnings)
    text = letter_text(service.make(no, "reply-not-exist", tmp_path / "a.docx", today=TODAY).path)
    assert "网上提交" not in text
    ledger.settings.save_profile(OrgProfile(**{**PROFILE.to_dict(), "review_online": "某市人民政府网站“行政复议”栏目"}))
    text = letter_text(service.make(no, "reply-not-exist", tmp_path / "b.docx", today=TODAY).path)
    assert "您也可以通过某市人民政府网站“行政复议”栏目在网上提交行政复议申请。" in text
    posted = make_app(ledger, "reply-not-exist", delivery="邮寄")
    assert "网上提交" not in letter_text(service.make(posted, "reply-not-exist", tmp_path / "c.docx",
                                                      today=TODAY).path)


def test_fee_notice_offers_an_objection_during_the_payment_period(ledger, service, tmp_path):
    no = make_app(ledger, "fee-notice")
    text = letter_text(service.make(no, "fee-notice", tmp_path / "f.docx", INPUTS, today=TODAY).path)
    assert "对收费的依据、标准或者数额有异议的，可以在缴费期限内向本机关提出" in text
    assert "您如对本通知不服，可以自收到本通知之日起60日内" in text


def test_consultation_confirmation_and_assistance_letters(ledger, service, tmp_path):
    """宿迁市配套文书: 征求意见确认函 (to the third party) and 协办函 (to another organ)."""
    no = make_app(ledger, "consult-confirm")
    text = letter_text(service.make(no, "consult-confirm", tmp_path / "c.docx", INPUTS, today=TODAY).path)
    assert text.count("某某建材有限公司") >= 2 and "□ 同意公开。" in text and "15个工作日" in text
    slip = next(p for p in Document(str(TEMPLATES / "consult-confirm.docx")).paragraphs if p.text == "征求意见确认意见")
    assert slip.paragraph_format.page_break_before  # the returned slip is a sheet of its own
    no = make_app(ledger, "assist")
    text = letter_text(service.make(no, "assist", tmp_path / "a.docx", INPUTS, today=TODAY).path)
    assert "请贵单位协助检索" in text and "请于2026年12月10日前" in text and "您" not in text
    with pytest.raises(LetterError, match="日期"):
        service.make(no, "assist", tmp_path / "b.docx", {**INPUTS, "assist_deadline": "12月10日"}, today=TODAY)


def test_contact_and_phone_are_required_before_any_letter(ledger, service, tmp_path):
    for t in LETTER_TYPES:
        assert {"联系人", "联系电话"} <= set(letter_core.missing_settings(t, OrgProfile(organ_name="某局")))
    ledger.settings.save_profile(OrgProfile(**{**PROFILE.to_dict(), "contact": "", "phone": ""}))
    no = make_app(ledger, "receipt")
    with pytest.raises(LetterError, match="联系人、联系电话"):
        service.make(no, "receipt", tmp_path / "r.docx", today=TODAY)


def test_dates_are_chinese_and_typed_text_gets_its_punctuation(ledger, service, tmp_path):
    no = make_app(ledger, "reasons-request")
    text = letter_text(service.make(no, "reasons-request", tmp_path / "r.docx", {"reasons_deadline": "2026-12-18"},
                                    today=TODAY).path)
    assert "于2026年12月18日前以书面形式说明理由" in text
    assert not re.search(r"\d{4}-\d{1,2}-\d{1,2}", text)
    no = make_app(ledger, "correction")
    text = letter_text(service.make(no, "correction", tmp_path / "c.docx",
                                    {"correction_items": "请写明所需信息的名称或文号"}, today=TODAY).path)
    assert "作出补正：请写明所需信息的名称或文号。" in text and "。。" not in text
    assert letter_core._sentence("已说明。") == "已说明。" and letter_core._clause("某局；") == "某局"
    assert letter_core._clause("2026-03-05某公开复〔2026〕12号") == "2026年3月5日某公开复〔2026〕12号"
    assert letter_core._sentence("于2026/3/5答复") == "于2026年3月5日答复。"
    assert letter_core.parse_letter_date("2026年12月18日") == D("2026-12-18")
    with pytest.raises(LetterError, match="不存在"):
        letter_core.parse_letter_date("2026-02-30")


def test_a_provisional_date_always_says_so(ledger, service, tmp_path):
    """A due date in a year without a holiday notice (2027) is printed with its provisional status."""
    today = D("2026-12-20")
    no = make_app(ledger, "receipt", received="2026-12-18", today=today)
    text = letter_text(service.make(no, "receipt", tmp_path / "r.docx", today=today).path)
    assert re.search(r"即于2027年1月\d+日（2027年节假日安排尚未发布，此为暂定日期", text)
    _, warnings = service.check(no, "receipt", today=today)
    assert any("暂定" in w for w in warnings)
    service.make(no, "reasons-request", tmp_path / "q.docx", {"reasons_deadline": "2027-01-10"}, today=today)
    assert not service.check(no, "reasons-request", {"reasons_deadline": "2027-01-10"}, today=today)[1]
    settled = make_app(ledger, "receipt")
    assert "暂定" not in letter_text(service.make(settled, "receipt", tmp_path / "s.docx", today=TODAY).path)


# ---- issue 21: composing the body from structured records -----------------------------------------------------

SEARCH = {"date": "2026-09-08", "scope": ["文书档案", "业务系统", "科室"], "keywords": ["人民路", "征收补偿"],
          "searcher": "王芳", "department": "征收科", "department_opinion": "本科室未制作或保存该信息。",
          "result": "未找到所申请的信息。"}
CONTACT_REC = {"date": "2026-09-05", "method": "电话", "party": "申请人张三", "content": "询问所需审计报告的具体名称",
               "result": "申请人表示以项目审计报告为准"}


def _no_repeats(text: str) -> None:
    for doubled in ("本机关本机关", "检索检索", "的的", "，，", "。。", "；；", "，。", "。，", "、、", "和和"):
        assert doubled not in text, (doubled, text)
    assert text.count("本机关") <= text.count("；") + 1  # at most once a record


@pytest.mark.parametrize("records", [
    [SEARCH],
    [SEARCH, {**SEARCH, "date": "2026-09-10", "scope": ["网站"], "department": "", "searcher": "",
              "department_opinion": "", "result": "", "keywords": []}],
    [{**SEARCH, "department": "", "department_opinion": "经核查没有该信息"}],
    [{**SEARCH, "scope": [], "keywords": ["甲", "甲"]}],
])
def test_search_sentence_reads_naturally(records):
    text = letter_core.search_sentence(records)
    _no_repeats(text)
    assert text.startswith("2026年9月8日，本机关")
    assert "以“人民路”“征收补偿”为关键词" in text or "“甲”为关键词" in text
    if len(records) == 2:
        assert "2026年9月10日，本机关检索了门户网站，没有找到所申请的信息" in text
    assert not text.endswith(("。", "；"))


def test_contact_sentence_and_provided_lines():
    text = letter_core.contact_sentence([CONTACT_REC, {**CONTACT_REC, "date": "2026-09-04", "method": "当面",
                                                       "content": "", "result": "申请人补充了项目名称。"}])
    _no_repeats(text)
    assert text == ("2026年9月4日，本机关当面与申请人张三沟通，申请人补充了项目名称；"
                    "2026年9月5日，本机关通过电话与申请人张三沟通，询问所需审计报告的具体名称，申请人表示以项目审计报告为准")
    assert letter_core.provided_lines([{"name": "方案", "doc_no": "", "pages": 0, "form": "", "note": ""}]) == ["方案"]
    with pytest.raises(LetterError, match="形式"):
        letter_core.LetterRecords.from_data({"provided_items": [{"name": "方案", "form": "U盘"}]})
    with pytest.raises(LetterError, match="无法识别的键"):
        letter_core.LetterRecords.from_data({"search_records": [{"date": "2026-09-08", "who": "王"}]})


@pytest.mark.parametrize("slug", ["reply-not-exist", "reply-not-responsible", "reply-needs-processing"])
def test_record_based_letters_use_the_records_or_warn(ledger, service, tmp_path, slug):
    no = make_app(ledger, slug)
    _, warnings = service.check(no, slug, INPUTS, today=TODAY)
    assert any("没有登记检索记录" in w for w in warnings)  # a warning, not a refusal
    made = service.make(no, slug, tmp_path / "a.docx", INPUTS, today=TODAY)
    assert any("检索记录" in w for w in made.warnings)
    if slug == "reply-not-exist":
        assert "本机关对文书档案、业务系统和相关科室保存的资料进行了检索，没有找到所申请的信息" in letter_text(made.path)
    records = letter_core.LetterRecords(search_records=[SEARCH], contact_records=[CONTACT_REC])
    made = service.make(no, slug, tmp_path / "b.docx", INPUTS, today=TODAY, records=records)
    text = letter_text(made.path)
    assert ("本机关工作人员王芳以“人民路”“征收补偿”为关键词检索了文书档案和业务系统，并交征收科核查，"
            "未找到所申请的信息；该科室书面答复：本科室未制作或保存该信息") in text and made.warnings == ()
    _no_repeats(text.split("\n")[3])


# ---- issue 21: layout and files ----------------------------------------------------------------------------------

def _parts(path) -> dict[str, bytes]:
    import zipfile

    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist() if n.endswith(".xml")}


def test_style_and_paragraph_xml_follow_the_schema_order(ledger, service, tmp_path):
    """CT_RPr / CT_PPrBase child order in every template and every generated letter (w:spacing before w:sz …)."""
    from lxml import etree

    from gongkai_desktop.documents.gbt9704 import RPR_ORDER, order_problems

    assert RPR_ORDER.index("spacing") < RPR_ORDER.index("sz")
    files = [TEMPLATES / f"{t.slug}.docx" for t in LETTER_TYPES]
    for t in LETTER_TYPES:
        files.append(service.make(make_app(ledger, t.slug), t.slug, tmp_path / f"{t.slug}.docx", INPUTS,
                                  today=TODAY).path)
    for path in files:
        for name, xml in _parts(path).items():
            if name.startswith("word/"):
                assert order_problems(etree.fromstring(xml)) == [], (path.name, name)
        styles = Document(str(path)).styles["公文正文"].element.rPr
        names = [c.tag.split("}")[1] for c in styles]
        assert names.index("spacing") < names.index("sz"), path.name


def test_order_check_catches_a_misplaced_element():
    from lxml import etree

    from gongkai_desktop.documents.gbt9704 import order_problems

    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    bad = etree.fromstring(f'<w:rPr xmlns:w="{w}"><w:sz w:val="32"/><w:spacing w:val="-5"/></w:rPr>')
    assert order_problems(bad) == ["rPr: sz spacing"]


def test_closing_signature_and_date_keep_with_body_text(ledger, service, tmp_path):
    """GB/T 9704: the signature and date never stand alone on a page — the last body paragraph (with widow and
    orphan control) keeps with the closing line, the signature, the date and the 附注."""
    for t in LETTER_TYPES:
        path = service.make(make_app(ledger, t.slug), t.slug, tmp_path / f"{t.slug}.docx", INPUTS, today=TODAY).path
        paragraphs = Document(str(path)).paragraphs
        sig = next(i for i, p in enumerate(paragraphs) if p.style.name == "发文机关署名")
        last_body = max(i for i, p in enumerate(paragraphs[:sig]) if p.style.name == "公文正文" and p.text.strip()
                        and p.text not in ("特此答复。", "特此告知。", "特此函告。"))
        chain = paragraphs[last_body:sig + 2]
        assert all(p.paragraph_format.keep_with_next for p in chain), t.slug
        assert paragraphs[last_body].paragraph_format.widow_control, t.slug
        assert paragraphs[last_body].text.strip(), t.slug


def test_signature_is_centred_over_the_date_on_one_tab_stop():
    from docx.enum.text import WD_TAB_ALIGNMENT

    from gongkai_desktop.documents.gbt9704 import CHAR_WIDTH, SIGNATURE_CENTRE

    doc = Document(str(TEMPLATES / "reply-disclose.docx"))
    stops = {name: [(s.position, s.alignment) for s in doc.styles[name].paragraph_format.tab_stops]
             for name in ("发文机关署名", "成文日期")}
    assert stops["发文机关署名"] == stops["成文日期"]
    [(position, alignment)] = stops["成文日期"]
    assert alignment == WD_TAB_ALIGNMENT.CENTER and abs(position.pt - SIGNATURE_CENTRE.pt) < 0.1
    # “2026年11月20日” (≈7 characters) centred there ends four characters from the right edge (右空四字)
    right_gap = 442.2 - (SIGNATURE_CENTRE.pt + 3.5 * CHAR_WIDTH)
    assert abs(right_gap - 4 * CHAR_WIDTH) < 1
    texts = [p.text for p in doc.paragraphs]
    assert "\t{{ organ_name }}" in texts and "\t{{ issued_date }}" in texts


def test_page_number_dash_sits_7_mm_below_the_text_block():
    from gongkai_desktop.documents import gbt9704

    doc = gbt9704.new_document()
    section = doc.sections[0]
    line = section.footer.paragraphs[0].paragraph_format.line_spacing
    dash_from_bottom = section.footer_distance.mm + line.mm - gbt9704.DASH_BELOW_LINE_TOP_MM
    assert abs((section.bottom_margin.mm - dash_from_bottom) - 7) < 0.2


def test_fonts_best_installed_with_alternates():
    from gongkai_desktop.documents.gbt9704 import choose_fonts

    windows = ["宋体", "SimSun", "仿宋", "FangSong", "楷体", "KaiTi", "黑体", "SimHei", "华文中宋"]
    c = choose_fonts(windows)
    assert (c.fonts["body"], c.fonts["title"], c.fonts["kai"], c.fonts["hei"]) == ("仿宋", "华文中宋", "楷体", "黑体")
    assert c.alternates["仿宋"] == "FangSong" and c.missing_preferred["body"] == "仿宋_GB2312"
    assert "仿宋_GB2312" in c.install_hint() and "方正小标宋简体" in c.install_hint()
    uos = choose_fonts(["Noto Serif CJK SC", "Noto Sans CJK SC"])
    assert uos.fonts["body"] == "Noto Serif CJK SC" and uos.fonts["hei"] == "Noto Sans CJK SC"
    full = choose_fonts(["仿宋_GB2312", "仿宋", "方正小标宋简体", "楷体_GB2312", "黑体", "宋体"])
    assert full.missing_preferred == {} and full.install_hint() == "" and full.alternates["仿宋_GB2312"] == "仿宋"
    unknown = choose_fonts(None)
    assert unknown.fonts["body"] == "仿宋_GB2312" and unknown.alternates["仿宋_GB2312"] == "仿宋"


def test_generated_letter_uses_the_chosen_fonts_and_organ_properties(ledger, tmp_path):
    from datetime import datetime, timezone

    from lxml import etree

    ledger.settings.save_profile(PROFILE)
    service = LetterService.for_ledger(ledger, TEMPLATES, fonts=["仿宋", "FangSong", "楷体", "黑体", "宋体"])
    made = service.make(make_app(ledger, "receipt"), "receipt", tmp_path / "r.docx", today=TODAY)
    doc = Document(str(made.path))
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    assert doc.styles["公文正文"].element.rPr.rFonts.get(w + "eastAsia") == "仿宋"
    assert doc.styles["公文标题"].element.rPr.rFonts.get(w + "eastAsia") == "宋体"
    parts = _parts(made.path)
    table = etree.fromstring(parts["word/fontTable.xml"])
    alt = {f.get(w + "name"): f.find(w + "altName").get(w + "val") for f in table.findall(w + "font")
           if f.find(w + "altName") is not None}
    assert alt["仿宋"] == "FangSong"
    props = doc.core_properties
    assert props.author == "某市某某局" and props.language == "zh-CN"
    assert abs((datetime.now(timezone.utc) - props.created).total_seconds()) < 120
    assert b"ja-JP" not in parts["word/settings.xml"] and b"ja-JP" not in parts["word/styles.xml"]
    assert b'w:eastAsia="zh-CN"' in parts["word/styles.xml"]
    assert "python-docx" not in (props.author + props.last_modified_by + props.comments)


@pytest.mark.skipif(not __import__("shutil").which("soffice"), reason="LibreOffice not installed")
def test_long_letter_carries_body_text_onto_the_second_page(ledger, service, tmp_path):
    """Measured in LibreOffice: a reply that runs over has body text above the closing on its last page."""
    import subprocess

    no = make_app(ledger, "reply-not-exist")
    inputs = {"search_description": "本机关文书档案、征收业务系统、不动产信息平台和各科室保存的纸质与电子资料" * 3}
    path = service.make(no, "reply-not-exist", tmp_path / "long.docx", inputs, today=TODAY).path
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
                   check=True, capture_output=True, timeout=120)
    pdf = tmp_path / "long.pdf"
    pages = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True).stdout.split("\f")
    pages = [p for p in pages if p.strip()]
    last = [line.strip() for line in pages[-1].splitlines() if line.strip() and "—" not in line]
    assert last.index("特此答复。") > 0, last  # something of the body precedes the closing on the same page


def test_a_long_signature_moves_left_with_the_date_centred_under_it(ledger, tmp_path):
    from docx.enum.text import WD_TAB_ALIGNMENT

    from gongkai_desktop.documents.gbt9704 import CHAR_WIDTH, SIGNATURE_CENTRE

    long_name = "某某省某某市某某区住房和城乡建设管理局"  # 19 characters: would run past the margin
    ledger.settings.save_profile(OrgProfile(**{**PROFILE.to_dict(), "organ_name": long_name}))
    service = LetterService.for_ledger(ledger, TEMPLATES)
    doc = Document(str(service.make(make_app(ledger, "receipt"), "receipt", tmp_path / "r.docx", today=TODAY).path))
    sig = next(i for i, p in enumerate(doc.paragraphs) if p.style.name == "发文机关署名")
    for p in doc.paragraphs[sig:sig + 2]:
        centres = [s.position.pt for s in p.paragraph_format.tab_stops if s.alignment == WD_TAB_ALIGNMENT.CENTER]
        assert centres and abs(centres[0] + 9.5 * CHAR_WIDTH - (442.2 - 2 * CHAR_WIDTH)) < 0.5  # 右空二字
    short = Document(str(TEMPLATES / "receipt.docx"))
    assert not any(len(p.paragraph_format.tab_stops) for p in short.paragraphs)  # the style's stop applies
    assert SIGNATURE_CENTRE.pt + 5.5 * CHAR_WIDTH <= 442.2 - 2 * CHAR_WIDTH  # 11 characters stay centred


def test_a_disclosure_template_must_keep_the_provision_and_the_attachment_list():
    t = LETTER_BY_SLUG["reply-disclose"]
    assert {"provide_text", "attachments"} <= letter_core.required_fields(t)
    problems = check_template(TEMPLATES / "reply-proactive.docx", t)  # a template without them
    assert any("{{ attachments }}" in p and "{{ provide_text }}" in p for p in problems)


def test_shipped_templates_are_exactly_what_the_script_builds(tmp_path):
    """resources/templates must be regenerated after any change to letter_templates.py or gbt9704.py."""
    import zipfile

    letter_templates.build_all(tmp_path)
    for t in LETTER_TYPES:
        built, shipped = zipfile.ZipFile(tmp_path / f"{t.slug}.docx"), zipfile.ZipFile(TEMPLATES / f"{t.slug}.docx")
        assert sorted(built.namelist()) == sorted(shipped.namelist()), t.slug
        for name in built.namelist():
            assert built.read(name) == shipped.read(name), (t.slug, name)


# ---- issue 17: the sentence from records as `gongkai apps record search` stores them ----------------------------

def test_search_sentence_from_recorded_scopes_names_each_thing_once():
    """The recorded 检索范围 (core.case_records: 承办科室、本机关网站、政府公报) read as places in the letter; the
    科室 asked to confirm is named once, in the 交办 clause, not again as a place searched; its written answer
    (which usually begins with 经核查) is not wrapped in another 核查 (指导案例101号: scope, keywords, searcher,
    date and the written confirmation)."""
    from gongkai_desktop.core.case_records import SEARCH_SCOPES as RECORDED

    text = letter_core.search_sentence([{
        "date": "2026-11-10", "scope": ["文书档案", "业务系统", "承办科室"], "keywords": ["采砂", "许可"],
        "searcher": "李明", "department": "矿产资源股", "department_opinion": "经核查，本股未办理过该河道的采砂许可。",
        "result": "未检索到相关信息"}])
    _no_repeats(text)
    assert text == ("2026年11月10日，本机关工作人员李明以“采砂”“许可”为关键词检索了文书档案和业务系统，"
                    "并交矿产资源股核查，未检索到相关信息；该科室书面答复：经核查，本股未办理过该河道的采砂许可")
    assert text.count("核查") == 2 and "承办科室" not in text
    everywhere = letter_core.search_sentence([{"date": "2026-11-10", "scope": list(RECORDED)}])
    assert everywhere == ("2026年11月10日，本机关检索了文书档案、业务系统、相关科室保存的资料、门户网站和政府公报，"
                          "没有找到所申请的信息")


def test_letter_file_names_are_chinese_and_unique():
    """Issue 28: generated letters are named in Chinese with the 申请编号, no English slugs."""
    import re

    from gongkai_desktop.services.letters import letter_file_name

    names = [letter_file_name("2026-0012", t.slug) for t in LETTER_TYPES]
    assert len(set(names)) == len(names)
    assert "答复书（予以公开）-2026-0012.docx" in names
    for name in names:
        assert not re.search(r"[A-Za-z]", name.removesuffix(".docx")), name
