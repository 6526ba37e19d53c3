"""送达 (domain.md §8.3, 国办公开办函〔2016〕235号): the reply is judged on the legal time point — 直接送达 the
签收 date, 邮寄送达 the 交邮 date — in the detail, the list and the annual report; bad deliveries are refused and
write nothing; a non-postal courier for 邮寄送达 is warned about; 已答复待送达."""

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai_desktop.core.delivery import (
    DIRECT,
    EMAIL,
    POSTAL,
    Delivery,
    courier_warnings,
    legal_date,
    reply_timeliness,
)
from gongkai_desktop.core.organisation import OrgProfile
from gongkai_desktop.core.steps import StepError
from gongkai_desktop.services.case import CaseService
from gongkai_desktop.services.letters import LetterService

from ..conftest import ROOT

D = date.fromisoformat
TODAY = D("2026-12-10")
PROFILE = OrgProfile(organ_name="某市某某局", office_name="局办公室", phone="0935-1234567", contact="李明",
                     doc_prefix="某公开", review_organ="某市人民政府", court="某市某区人民法院")
PERSON = {"kind": "自然人", "name": "王伟", "id_type": "居民身份证", "id_number": "11010519491231002X",
          "phone": "13800000000"}


@pytest.fixture
def replied(ledger):
    """Received Mon 2026-11-02 → due Mon 2026-11-30 (20th working day: 3–6, 9–13, 16–20, 23–27, 30 Nov);
    answered on the due date with a 予以公开 letter dated that day."""
    ledger.settings.save_profile(PROFILE)
    no = ledger.applications.register(dict(PERSON), {"channel": "当面", "received": "2026-11-02",
                                                     "content_title": "某河道采砂许可审批材料"},
                                      ledger.settings.profile(), ledger.calendar.load(), TODAY)
    service = CaseService(ledger)
    for slug, day, extra in (  # the internal chain the default rules ask for before a 予以公开 reply letter
            ("assign", "2026-11-03", {"department": "水政科"}),
            ("draft", "2026-11-20", {"outcome": "1", "opinion": "可以公开"}),
            ("review", "2026-11-23", {}), ("secrecy-review", "2026-11-24", {"info_name": "采砂许可审批材料"}),
            ("approve", "2026-11-27", {})):
        service.record(no, slug, {"day": D(day), "signer": "李明", **extra}, TODAY)
    service.record(no, "replied", {"day": D("2026-11-30"), "outcome": "1"}, TODAY)
    ledger.records.add(ledger.applications.get(no)["id"], no, "provided", "2026-11-30",
                       {"name": "采砂许可审批表", "doc_no": "", "pages": 3, "form": "纸质", "note": ""})
    letters = LetterService.for_ledger(ledger, ROOT / "resources" / "templates")
    made = letters.make(no, "reply-disclose", ledger.path.parent / "答复书.docx", {}, D("2026-11-30"), TODAY)
    return service, no, made.doc_number


def deliver(service, no, letter, day, method=POSTAL, **values):
    return service.record(no, "deliver", {"day": D(day), "letter": letter, "method": method, "signer": "李明",
                                          **values}, TODAY)


def test_posted_two_working_days_after_the_due_date_is_late_by_two_everywhere(replied, ledger):
    service, no, letter = replied
    view = service.view(no, TODAY)
    assert view.timeliness.basis == "awaiting" and not view.timeliness.late  # judged on the reply date meanwhile
    assert ledger.applications.awaiting_delivery_count(D("2026-11-01")) == 1
    assert [r["no"] for r in ledger.applications.awaiting_delivery(D("2026-11-01"))] == [no]

    done = deliver(service, no, letter, "2026-12-02", tracking="1190012345678")  # Wed: (30 Nov, 2 Dec] = 2
    assert "超期2个工作日" in done.message and not done.warnings
    view = service.view(no, TODAY)
    t = view.timeliness
    assert (t.counted, t.late, t.late_days, t.basis) == (D("2026-12-02"), True, 2, "delivery")
    assert view.clock.late_reply
    assert any("交邮之日" in line for line in view.clock.trail)  # the trail says which date counted and why
    assert "晚于答复期限2个工作日，超期答复。" in "".join(view.clock.trail)
    # the list (cached flag) and the annual report's 按期/超期 counts
    row = ledger.applications.get(no)
    assert row["late_reply"] == 1
    assert ledger.reports.late_replies(2026) == 1
    from gongkai_desktop.services.annual_report import ReportService
    from gongkai_desktop.storage.applications_query import ApplicationFilter

    assert ReportService(ledger).figures(2026).late == 1  # the report's {答复.超期} field
    listed = ledger.query.page_rows(ApplicationFilter(TODAY, TODAY))
    assert [(r["no"], r["late_reply"]) for r in listed] == [(no, 1)]
    assert ledger.applications.awaiting_delivery_count(D("2026-11-01")) == 0

    service.undo(no, TODAY, "邮件号登记错误")  # the flag follows in the same transaction
    assert ledger.applications.get(no)["late_reply"] == 0
    assert ledger.reports.late_replies(2026) == 0
    assert "超期答复" not in ReportService(ledger).drafts(2026)["一"]


def test_direct_delivery_counts_the_signature_date(replied, ledger):
    service, no, letter = replied
    deliver(service, no, letter, "2026-11-30", DIRECT, delivered=D("2026-11-30"), signed_by="王伟")
    t = service.view(no, TODAY).timeliness
    assert (t.counted, t.late, t.label) == (D("2026-11-30"), False, "按期")
    assert ledger.applications.get(no)["late_reply"] == 0


def test_email_delivery_is_recorded_not_decided(replied, ledger):
    service, no, letter = replied
    deliver(service, no, letter, "2026-12-01", EMAIL)
    t = service.view(no, TODAY).timeliness
    assert t.basis == "reply" and t.counted == D("2026-11-30") and not t.late
    assert "法律未规定送达时间点" in t.why and "晚于答复期限1个工作日" in t.warnings[0]


def test_bad_deliveries_are_refused_and_write_nothing(replied, ledger):
    service, no, letter = replied
    count = ledger.db.execute("SELECT count(*) FROM application_events").fetchone()[0]
    with pytest.raises(StepError, match="早于.*成文日期2026年11月30日"):
        deliver(service, no, letter, "2026-11-27")
    with pytest.raises(StepError, match="早于交邮或送达日期"):
        deliver(service, no, letter, "2026-12-02", delivered=D("2026-12-01"))
    with pytest.raises(StepError, match="送达方式.*只能是"):
        deliver(service, no, letter, "2026-12-02", "快递")
    with pytest.raises(StepError, match="不是本件已出具的文书"):
        deliver(service, no, "某公开复〔2026〕99号", "2026-12-02")
    assert ledger.db.execute("SELECT count(*) FROM application_events").fetchone()[0] == count
    assert ledger.applications.get(no)["late_reply"] == 0


def test_delivery_before_the_reply_is_refused(ledger):
    d = Delivery(1, "X", POSTAL, D("2026-11-27"))
    from gongkai_desktop.core.delivery import check_delivery

    assert "早于答复日期2026年11月30日" in "".join(check_delivery(d, D("2026-11-20"), "答复书", D("2026-11-30"), True))
    assert check_delivery(d, D("2026-11-20"), "补正申请告知书", D("2026-11-30"), False) == []


def test_a_courier_for_postal_delivery_is_warned_about(replied):
    assert courier_warnings(POSTAL, "SF1234567890123")[0].startswith("填写的内容涉及顺丰")
    assert "不像中国邮政或EMS的邮件号" in courier_warnings(POSTAL, "7712345")[0]
    assert courier_warnings(POSTAL, "note", "交中通快递寄出")  # a courier named in the note
    assert courier_warnings(POSTAL, "EA123456789CN") == [] and courier_warnings(POSTAL, "1190012345678") == []
    assert courier_warnings(DIRECT, "SF123") == []
    service, no, letter = replied
    done = deliver(service, no, letter, "2026-12-01", tracking="SF1234567890123")
    assert done.warnings and "邮政企业" in done.warnings[0]  # recorded, with the warning


def test_earliest_statutory_delivery_counts(calendar):
    first = Delivery(1, "L", EMAIL, D("2026-11-27"))
    posted = Delivery(2, "L", POSTAL, D("2026-12-01"))
    other = Delivery(3, "N", POSTAL, D("2026-11-27"))  # another letter (e.g. a 补正告知书) does not time the reply
    t = reply_timeliness(D("2026-11-27"), D("2026-11-30"), [first, posted, other], {"L"}, calendar)
    assert (t.counted, t.late_days, t.delivery_id) == (D("2026-12-01"), 1, 2)
    assert legal_date(Delivery(4, "L", DIRECT, D("2026-12-01"), D("2026-12-03")))[0] == D("2026-12-03")


def test_scan_is_attached_and_a_notice_delivery_does_not_time_the_reply(ledger, tmp_path):
    ledger.settings.save_profile(PROFILE)
    no = ledger.applications.register(dict(PERSON), {"channel": "当面", "received": "2026-11-02",
                                                     "content_title": "某河道采砂许可审批材料"},
                                      ledger.settings.profile(), ledger.calendar.load(), TODAY)
    service = CaseService(ledger)
    service.record(no, "correction-requested", {"day": D("2026-11-04"), "note": "请写明年份"}, TODAY)
    letters = LetterService.for_ledger(ledger, ROOT / "resources" / "templates")
    made = letters.make(no, "correction", tmp_path / "补正.docx", {"correction_items": "请写明年份。"}, None, TODAY)
    assert made.doc_number == "某公开补〔2026〕1号"
    scan = tmp_path / "回证.pdf"
    scan.write_bytes(b"%PDF-1.4 scan")
    deliver(service, no, made.doc_number, "2026-11-04", DIRECT, delivered=D("2026-11-04"), signed_by="王伟",
            scan=scan)
    app = ledger.applications.get(no)
    (attachment,) = ledger.attachments.for_application(app["id"])
    step = service.view(no, TODAY).deliveries[0]
    assert step["scan"] == "回证.pdf" and attachment["name"] == "回证.pdf"
    assert ledger.applications.deliveries(app["id"])[0].letter == "某公开补〔2026〕1号"
    assert service.view(no, TODAY).timeliness is None  # not answered yet: nothing to judge


@settings(max_examples=200, deadline=None)
@given(reply=st.dates(D("2026-01-05"), D("2026-12-01")), wait=st.integers(0, 40), due_shift=st.integers(-10, 10),
       method=st.sampled_from([POSTAL, DIRECT, EMAIL]))
def test_timeliness_properties(calendar, reply, wait, due_shift, method):
    """The counted date is the legal one; 超期 iff it is after the due date, by the working days in between."""
    due = reply + timedelta(days=due_shift)
    day = reply + timedelta(days=wait)
    signed = day + timedelta(days=1)
    t = reply_timeliness(reply, due, [Delivery(1, "L", method, day, signed)], {"L"}, calendar)
    expected = {POSTAL: day, DIRECT: signed, EMAIL: reply}[method]
    assert t.counted == expected
    assert t.late == (expected > due)
    assert t.late_days == (calendar.count_workdays(due, expected) if expected > due else 0)
