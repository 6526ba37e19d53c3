"""复议/诉讼 end to end (services and CLI): the deadline list, the 答复书 with its 证据目录 and the evidence bundle,
the decision, and 重新答复 after 责令重新答复 — a new reply, letter and 送达 linked to the original, while 表三
counts the application once and 表三/表四 stay reconciled (domain.md §8.5)."""

from datetime import date

from docx import Document
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai_desktop.cli import main
from gongkai_desktop.core.annual_report import (
    check_section3,
    check_section4,
    compute_section3,
    compute_section4,
)
from gongkai_desktop.core.organisation import OrgProfile
from gongkai_desktop.services.case import CaseService
from gongkai_desktop.services.letters import LetterService
from gongkai_desktop.services.reviews import ReviewService
from gongkai_desktop.storage.ledger import Ledger

from ..conftest import ROOT

D = date.fromisoformat
TODAY = D("2026-12-10")
PROFILE = OrgProfile(organ_name="某市某某局", office_name="局办公室", phone="0935-1234567", contact="李明",
                     doc_prefix="某公开", review_organ="某市人民政府", court="某市某区人民法院")
PERSON = {"kind": "自然人", "name": "王伟", "id_type": "居民身份证", "id_number": "11010519491231002X",
          "phone": "13800000000"}
TEMPLATES = ROOT / "resources" / "templates"
WITHHOLD = {"withhold_reason": "所申请的审议记录属于本机关内部事务信息，依照条例第十六条第一款不予公开。"}


def replied_case(ledger, received="2026-08-03", outcome="3.5", reply="2026-08-20", today=TODAY):
    """A 不予公开 (内部事务信息) reply through the internal chain, with its letter and 送达."""
    ledger.settings.save_profile(PROFILE)
    no = ledger.applications.register(dict(PERSON), {"channel": "当面", "received": received,
                                                     "content_title": "某项目内部审议记录"},
                                      ledger.settings.profile(), ledger.calendar.load(), today)
    service = CaseService(ledger)
    day = D(received)
    for slug, extra in (("assign", {"department": "办公室"}),
                        ("draft", {"outcome": outcome, "opinion": "属于内部事务信息"}),
                        ("review", {}), ("legal-review", {}), ("secrecy-review", {"info_name": "审议记录"}),
                        ("approve", {})):
        service.record(no, slug, {"day": day, "signer": "李明", **extra}, today)
    service.record(no, "replied", {"day": D(reply), "outcome": outcome}, today)
    return service, no


def test_answer_deadline_on_the_due_list_and_answer_with_evidence(ledger, tmp_path):
    service, no = replied_case(ledger)
    service.add_record(no, "search", {"date": D("2026-08-10"), "scope": "文书档案", "keywords": "审议",
                                      "searcher": "李明", "result": "检索到"}, TODAY)
    letters = LetterService.for_ledger(ledger, TEMPLATES)
    made = letters.make(no, "reply-withhold", tmp_path / "答复书.docx", WITHHOLD, D("2026-08-20"), TODAY)
    service.record(no, "deliver", {"day": D("2026-08-21"), "letter": made.doc_number, "method": "直接送达",
                                   "delivered": D("2026-08-21"), "signer": "李明", "signed_by": "王伟"}, TODAY)
    reviews = ReviewService.for_ledger(ledger, TEMPLATES)
    rid = reviews.add(no, "复议", "某市人民政府", D("2026-09-18"), simplified=True)
    due = reviews.due_items(D("2026-09-20"), within=10)
    assert [(i.label, i.due, i.review_id) for i in due] == [("复议答复期限", D("2026-09-24"), rid)]
    answer = reviews.answer(no, tmp_path / "out" / "复议答复书.docx", D("2026-09-20"), tmp_path / "证据")
    text = "\n".join(p.text for p in Document(str(answer.path)).paragraphs)
    assert "行政复议答复书" in text and "2026年9月18日" in text and "2026年9月24日" in text
    assert made.doc_number in text  # the letter with its 文号 is among the facts
    assert "直接送达" in text and "检索" in text
    table = Document(str(answer.path)).tables[-1]
    header = [c.text for c in table.rows[0].cells]
    assert header == ["序号", "证据名称", "来源", "页数", "证明内容"]
    names = [r.cells[1].text for r in table.rows[1:]]
    assert any(made.doc_number in n for n in names) and any("送达" in n for n in names)
    assert [r.cells[0].text for r in table.rows[1:]] == [str(i) for i in range(1, len(names) + 1)]
    files = sorted(p.name for p in (tmp_path / "证据").iterdir())
    assert files[0].startswith("00-") and any(made.doc_number in f for f in files)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".证据-")]  # the temporary folder was renamed
    reviews.update(rid, {"answered": "2026-09-23"})
    assert reviews.due_items(D("2026-09-20"), within=10) == []


def test_reopen_re_reply_letter_and_delivery_leave_the_original_and_section3(ledger, tmp_path):
    service, no = replied_case(ledger)
    letters = LetterService.for_ledger(ledger, TEMPLATES)
    first = letters.make(no, "reply-withhold", tmp_path / "a.docx", WITHHOLD, D("2026-08-20"), TODAY)
    before = ledger.applications.get(no)
    s3_before = compute_section3(ledger.reports.app_records(2026), 2026)
    reviews = ReviewService.for_ledger(ledger, TEMPLATES)
    rid = reviews.add(no, "复议", "某市人民政府", D("2026-09-18"))
    reviews.decide(rid, "责令重新答复", D("2026-10-20"), "某府复决〔2026〕12号")
    assert ledger.reviews.get(rid)["result"] == "结果纠正"
    service.record(no, "reopen", {"day": D("2026-10-22"), "source": "复议决定", "doc_no": "某府复决〔2026〕12号",
                                  "review_id": rid}, TODAY)
    items = reviews.due_items(D("2026-10-22"))
    reopen = [i for i in items if i.label == "重新答复期限"]
    assert reopen and ledger.calendar.load().count_workdays(D("2026-10-22"), reopen[0].due) == 20
    service.record(no, "re-reply", {"day": D("2026-11-02"), "outcome": "1"}, TODAY)
    service.add_record(no, "provided", {"date": D("2026-11-02"), "name": "某项目审议记录", "pages": 3, "form": "纸质"},
                       TODAY)
    second = letters.make(no, "reply-disclose", tmp_path / "b.docx", {}, None, TODAY)
    assert second.doc_number != first.doc_number
    service.record(no, "deliver", {"day": D("2026-11-03"), "letter": second.doc_number, "method": "直接送达",
                                   "delivered": D("2026-11-03"), "signer": "李明", "signed_by": "王伟"}, TODAY)
    after = ledger.applications.get(no)
    assert (after["outcome"], after["closed_on"], after["due"]) == (before["outcome"], before["closed_on"], before["due"])
    assert compute_section3(ledger.reports.app_records(2026), 2026).values == s3_before.values
    view = service.view(no, TODAY)
    assert [s["step"] for s in view.steps][-3:] == ["reopen", "re-reply", "deliver"]
    assert {r["doc_number"] for r in ledger.letters.for_application(after["id"])} == {first.doc_number, second.doc_number}
    assert reviews.due_items(TODAY) == []
    s4 = compute_section4(ledger.reports.review_records(), 2026)
    assert s4[1] == 1 and check_section4(s4).ok


def test_reopen_needs_a_closed_case_and_re_reply_needs_a_reopen(ledger):
    import pytest

    from gongkai_desktop.core.steps import StepError

    ledger.settings.save_profile(PROFILE)
    no = ledger.applications.register(dict(PERSON), {"channel": "当面", "received": "2026-11-02",
                                                     "content_title": "x"},
                                      ledger.settings.profile(), ledger.calendar.load(), TODAY)
    service = CaseService(ledger)
    with pytest.raises(StepError, match="尚未办结"):
        service.record(no, "reopen", {"day": D("2026-11-20"), "source": "自行纠正"}, TODAY)
    with pytest.raises(StepError, match="重新答复"):
        service.record(no, "re-reply", {"day": D("2026-11-20"), "outcome": "1"}, TODAY)


def test_cli_review_commands(tmp_path, capsys):
    db = tmp_path / "l.sqlite"
    led = Ledger.open(db)
    from gongkai_desktop.core.workdays import load_bundled_arrangements

    led.seed_calendar(load_bundled_arrangements(ROOT / "resources" / "calendar"))
    _, no = replied_case(led)
    led.close()
    run = lambda *args: main(["--db", str(db), *args])  # noqa: E731
    assert run("review", "add", no, "--type", "诉讼", "--organ", "某区人民法院", "--copy-received", "2026-09-18",
               "--today", "2026-09-20") == 0
    out = capsys.readouterr().out
    assert "2026-10-08" in out and "国庆" in out
    assert run("review", "add", no, "--type", "诉讼", "--organ", "某区人民法院", "--copy-received", "2026-09-18",
               "--simplified", "--today", "2026-09-20") == 1
    assert "简易程序只适用于行政复议" in capsys.readouterr().err
    assert run("review", "list", "--due-within", "30", "--json", "--today", "2026-09-20") == 0
    assert '"诉讼答辩期限"' in capsys.readouterr().out
    assert run("review", no, "--answer-out", str(tmp_path / "答辩状.docx"), "--today", "2026-09-20") == 0
    assert "行政诉讼答辩状" in "\n".join(p.text for p in Document(str(tmp_path / "答辩状.docx")).paragraphs)
    capsys.readouterr()
    assert run("review", "decide", "1", "--result", "责令重新答复", "--date", "2026-10-20", "--today", "2026-10-22") == 0
    assert "结果纠正" in capsys.readouterr().out
    assert run("apps", "reopen", no, "--source", "判决", "--date", "2026-10-22", "--days", "15",
               "--today", "2026-10-22") == 0
    assert "重新答复期限" in capsys.readouterr().out
    assert run("apps", "reopen", no, "--source", "判决", "--date", "2026-10-22", "--today", "2026-10-22") == 1
    assert "已登记重新答复" in capsys.readouterr().err
    assert run("apps", "step", no, "re-reply", "--date", "2026-11-02", "--outcome", "1", "--today", "2026-11-02") == 0


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(cases=st.lists(st.tuples(st.integers(0, 120), st.sampled_from(["1", "3.5", "4.1", "5.1"]),
                                st.sampled_from(["维持", "撤销", "确认违法", "责令重新答复", "驳回", "撤回", "其他", None]),
                                st.sampled_from(["1", "2", "3.5", "4.1"])), min_size=1, max_size=5))
def test_reopened_cases_are_counted_once_and_tables_reconcile(calendar, cases):
    """Random cases received in 2026, replied, reviewed and some reopened and answered again: 表三 is the same as
    before any reopening (the first closing keeps its count), its 勾稽 checks pass, and 表四's groups add up."""
    from datetime import timedelta

    ledger = Ledger.in_memory()
    try:
        from gongkai_desktop.core.workdays import load_bundled_arrangements

        ledger.seed_calendar(load_bundled_arrangements(ROOT / "resources" / "calendar"))
        ledger.settings.save_profile(PROFILE)
        service = CaseService(ledger)
        reviews = ReviewService(ledger)
        nos = []
        for offset, outcome, _, _ in cases:
            received = D("2026-03-02") + timedelta(days=offset)
            no = ledger.applications.register(dict(PERSON), {"channel": "当面", "received": received.isoformat(),
                                                             "content_title": "某信息"},
                                              ledger.settings.profile(), ledger.calendar.load(), TODAY)
            reply = calendar.add_workdays(received, 5)
            # the same information answered differently needs a reason (issue 20): given, as an officer would
            service.record(no, "replied", {"day": reply, "outcome": outcome,
                                           "consistency_reason": "各件所涉具体文件不同"}, TODAY)
            nos.append((no, reply))
        s3 = compute_section3(ledger.reports.app_records(2026), 2026)
        for (no, reply), (_, _, result, new_outcome) in zip(nos, cases, strict=True):
            copy = reply + timedelta(days=10)
            rid = reviews.add(no, "复议", "某市人民政府", copy)
            if result is None:
                continue
            decided = copy + timedelta(days=30)
            reviews.decide(rid, result, decided)
            if result == "责令重新答复":
                service.record(no, "reopen", {"day": decided + timedelta(days=2), "source": "复议决定",
                                              "review_id": rid}, TODAY)
                service.record(no, "re-reply", {"day": decided + timedelta(days=10), "outcome": new_outcome}, TODAY)
        after = compute_section3(ledger.reports.app_records(2026), 2026)
        assert after.values == s3.values
        assert all(c.ok for c in check_section3(after))
        s4 = compute_section4(ledger.reports.review_records(), 2026)
        assert check_section4(s4).ok
        decided_in_year = sum(1 for c in cases if c[2] is not None)
        assert s4[4] == len(cases)  # every 复议 counted once in 2026: decided or 尚未审结
        assert s4[3] == len(cases) - decided_in_year  # 尚未审结
        corrected = sum(1 for c in cases if c[2] in ("撤销", "确认违法", "责令重新答复"))
        assert s4[1] == corrected  # the reopened ones are reported as 结果纠正
    finally:
        ledger.close()


def _texts(path):
    doc = Document(str(path))
    cells = [p.text for t in doc.tables for row in t.rows for c in row.cells for p in c.paragraphs]
    return [p.text for p in doc.paragraphs] + cells


def test_shipped_answer_templates_are_the_builders(tmp_path):
    from gongkai_desktop.documents import review_answer
    from gongkai_desktop.documents.letter_docx import template_fields

    for review_type, slug in review_answer.ANSWER_TEMPLATES.items():
        fresh = tmp_path / f"{slug}.docx"
        review_answer.build(review_type, fresh)
        assert _texts(TEMPLATES / f"{slug}.docx") == _texts(fresh), slug
        assert template_fields(fresh) <= set(review_answer.ANSWER_FIELDS)
        assert review_answer.check_answer_template(fresh) == []
    bad = tmp_path / "bad.docx"
    doc = Document(str(TEMPLATES / "review-answer.docx"))
    doc.add_paragraph("{{ organ_nmae }}")
    doc.save(str(bad))
    assert "organ_nmae" in review_answer.check_answer_template(bad)[0]
