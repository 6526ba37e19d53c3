"""Registration, workflow actions, undo, fees, reviews, attachments and the filtered list, on a real ledger."""

from datetime import date

import pytest

from gongkai_desktop.core.clock import Event, EventKind
from gongkai_desktop.core.fees import fee_by_count, fee_by_pages
from gongkai_desktop.core.organisation import OrgProfile
from gongkai_desktop.storage.applications_query import ApplicationFilter
from gongkai_desktop.storage.applications_repo import ActionError, RegistrationError
from gongkai_desktop.storage.attachments_repo import AttachmentError
from gongkai_desktop.storage.reviews_repo import ReviewError

D = date.fromisoformat
TODAY = D("2026-11-20")
PERSON = {"kind": "自然人", "name": "王伟", "id_type": "居民身份证", "id_number": "11010519491231002X",
          "phone": "13800000000"}
ORG = {"kind": "法人或其他组织", "name": "某某律师事务所", "category": "法律服务机构",
       "credit_code": "91350100M000100Y43", "address": "某市某路1号"}


def app(received="2026-11-02", title="2025年度部门决算及“三公”经费支出情况", **extra):
    return {"channel": "当面", "received": received, "content_title": title, "handler": "李明", **extra}


@pytest.fixture
def reg(ledger):
    cal = ledger.calendar.load()

    def register(person=PERSON, application=None, today=TODAY):
        return ledger.applications.register(dict(person), application or app(), OrgProfile(), cal, today)

    return register


def test_register_numbers_per_year_and_links_the_same_applicant(ledger, reg):
    assert reg() == "2026-0001"
    assert reg(application=app(title="河道采砂许可证")) == "2026-0002"
    assert reg(person=ORG, application=app(received="2025-12-30")) == "2025-0001"
    assert ledger.db.execute("SELECT count(*) FROM applicants").fetchone()[0] == 2
    # same name and phone, no ID → same applicant
    reg(person={**PERSON, "id_type": "护照", "id_number": "E123"})
    assert ledger.db.execute("SELECT count(*) FROM applicants").fetchone()[0] == 2
    first = ledger.applications.get("2026-0001")
    assert ledger.applications.month_count(first["applicant_id"], D("2026-11-30")) == 3
    assert [h["no"] for h in ledger.applications.applicant_history(first["applicant_id"])][-1] == "2026-0001"


def test_register_sets_the_due_date_from_the_clock(ledger, reg):
    no = reg()
    row = ledger.applications.get(no)
    assert row["due"] == "2026-11-30"  # received Mon 2 Nov → 20 working days
    assert row["state"] == "open"


def test_register_refuses_bad_input_and_saves_nothing(ledger, reg):
    with pytest.raises(RegistrationError) as err:
        reg(person={**PERSON, "id_number": "110105194912310021"}, application=app(received="2026-12-01", title=""))
    assert set(err.value.errors) == {"id_number", "received", "content_title"}
    assert ledger.counts()["applications"] == 0
    assert ledger.counts()["applicants"] == 0


def test_actions_move_the_clock_and_undo_restores_it(ledger, reg):
    cal = ledger.calendar.load()
    no = reg()
    apps = ledger.applications
    apps.add_event(no, Event(EventKind.CONSULT_SENT, D("2026-11-05"), ref="第三方"), cal, TODAY)
    assert apps.get(no)["state"] == "paused"
    apps.add_event(no, Event(EventKind.CONSULT_ANSWERED, D("2026-11-10"), ref="第三方"), cal, TODAY)
    assert apps.get(no)["due"] == "2026-12-03"  # 3 working days paused (6, 9, 10 Nov)
    with pytest.raises(ActionError, match="负责人"):
        apps.add_event(no, Event(EventKind.EXTENDED, D("2026-11-12"), days=10), cal, TODAY)
    apps.add_event(no, Event(EventKind.EXTENDED, D("2026-11-12"), days=10), cal, TODAY, approver="张主任")
    assert apps.get(no)["due"] == "2026-12-17"
    undone = apps.undo_last_event(no, cal, TODAY)
    assert undone["kind"] == "extended"
    assert apps.get(no)["due"] == "2026-12-03"
    assert len(apps.event_rows(apps.get(no)["id"], include_voided=True)) == 3
    actions = [e["action"] for e in ledger.audit.entries("application", no)]
    assert actions[0] == "撤销：延期答复"


def test_invalid_actions_are_refused_with_the_clocks_reason(ledger, reg):
    cal = ledger.calendar.load()
    no = reg()
    with pytest.raises(ActionError, match="晚于今天"):
        ledger.applications.add_event(no, Event(EventKind.REPLIED, D("2026-11-25")), cal, TODAY, outcome="1")
    with pytest.raises(ActionError, match="尚未发出补正告知"):
        ledger.applications.add_event(no, Event(EventKind.CORRECTION_RECEIVED, D("2026-11-05")), cal, TODAY)
    with pytest.raises(ActionError, match="办理结果"):
        ledger.applications.add_event(no, Event(EventKind.REPLIED, D("2026-11-10")), cal, TODAY)
    assert ledger.applications.event_rows(ledger.applications.get(no)["id"]) == []


def test_reply_records_the_outcome_and_undo_clears_it(ledger, reg):
    cal = ledger.calendar.load()
    no = reg()
    ledger.applications.add_event(no, Event(EventKind.REPLIED, D("2026-11-10")), cal, TODAY, outcome="3.4")
    row = ledger.applications.get(no)
    assert (row["state"], row["outcome"], row["outcome_basis"], row["closed_on"]) == (
        "closed", "3.4", "条例第十五条", "2026-11-10")
    ledger.applications.undo_last_event(no, cal, TODAY)
    row = ledger.applications.get(no)
    assert (row["state"], row["outcome"], row["closed_on"]) == ("open", None, None)


def test_lapsed_correction_maps_to_its_report_row(ledger, reg):
    cal = ledger.calendar.load()
    no = reg(application=app(received="2026-09-01"))
    apps = ledger.applications
    apps.add_event(no, Event(EventKind.CORRECTION_REQUESTED, D("2026-09-03"), until=D("2026-09-18")), cal, TODAY)
    apps.add_event(no, Event(EventKind.CORRECTION_LAPSED, D("2026-09-21")), cal, TODAY)
    assert apps.get(no)["outcome"] == "6.1"


def test_fees_are_stored_with_the_notice_and_payment(ledger, reg):
    cal = ledger.calendar.load()
    no = reg()
    apps = ledger.applications
    with pytest.raises(ActionError, match="0元"):
        apps.add_event(no, Event(EventKind.FEE_NOTICE, D("2026-11-05")), cal, TODAY, fee=fee_by_count(3))
    apps.add_event(no, Event(EventKind.FEE_NOTICE, D("2026-11-05")), cal, TODAY, fee=fee_by_pages(120))
    apps.add_event(no, Event(EventKind.FEE_PAID, D("2026-11-09")), cal, TODAY, paid_amount=1100)
    row = apps.get(no)
    assert (row["fee_method"], row["fee_units"], row["fee_amount"], row["fee_paid_amount"]) == ("按量", 120, 1100, 1100)


def test_reviews_validate_and_save(ledger, reg):
    no = reg()
    app_id = ledger.applications.get(no)["id"]
    with pytest.raises(ReviewError, match="决定"):
        ledger.reviews.save(app_id, {"kind": "行政复议", "filed": "2026-11-15", "result": "结果维持"})
    rid = ledger.reviews.save(app_id, {"kind": "行政复议", "filed": "2026-11-15", "organ": "某市人民政府"})
    ledger.reviews.save(app_id, {"kind": "行政复议", "filed": "2026-11-15", "decided": "2026-11-19",
                                 "result": "结果纠正"}, rid)
    assert [r["result"] for r in ledger.reviews.for_application(app_id)] == ["结果纠正"]


def test_attachments_are_copied_with_their_hash(ledger, reg, tmp_path):
    no = reg()
    app_id = ledger.applications.get(no)["id"]
    scan = tmp_path / "申请表.pdf"
    scan.write_bytes(b"%PDF-1.4 scan")
    row = ledger.attachments.attach(app_id, no, scan)
    stored = ledger.attachments.path_of(row)
    assert stored.read_bytes() == scan.read_bytes()
    assert stored.parent.parent.name == "ledger-附件"
    with pytest.raises(AttachmentError, match="保存过"):
        ledger.attachments.attach(app_id, no, scan)
    with pytest.raises(AttachmentError, match="找不到"):
        ledger.attachments.attach(app_id, no, tmp_path / "missing.pdf")


def test_filters_and_search(ledger, reg):
    cal = ledger.calendar.load()
    reg()  # 2026-0001 王伟, due 2026-11-30
    reg(person=ORG, application=app(received="2026-10-09", title="城关路拓宽改造工程房屋征收补偿安置方案"))
    reg(person={**PERSON, "name": "李娜", "id_number": "110101199003074514", "phone": "13900000000"}, application=app(
        received="2026-11-16", title="河道采砂许可证发放情况", handler="张丽"))
    ledger.applications.add_event("2026-0001", Event(EventKind.REPLIED, D("2026-11-10")), cal, TODAY, outcome="1")
    base = {"today": TODAY, "soon_until": cal.add_workdays(TODAY, 5)}
    q = ledger.query

    def nos(**kw):
        return sorted(r["no"] for r in q.page(ApplicationFilter(**base, **kw), sort="no", descending=False))

    assert nos() == ["2026-0001", "2026-0002", "2026-0003"]
    assert nos(text="王") == ["2026-0001"]
    assert nos(text="征收补偿") == ["2026-0002"]
    assert nos(text="律师 拓宽") == ["2026-0002"]
    assert nos(status="已办结") == ["2026-0001"]
    assert nos(status="已逾期") == ["2026-0002"]  # received 9 Oct → due 6 Nov
    assert nos(handler="张丽") == ["2026-0003"]
    assert nos(category="法律服务机构") == ["2026-0002"]
    assert nos(outcome="1") == ["2026-0001"]
    assert q.count(ApplicationFilter(**base, text="采砂")) == 1
    assert q.handlers() == ["张丽", "李明"]
    ordered = [r["no"] for r in q.page(ApplicationFilter(**base), sort="due", descending=False)]
    assert ordered == ["2026-0002", "2026-0003", "2026-0001"]  # closed last


def test_search_follows_an_applicant_rename(ledger, reg):
    reg()
    ledger.db.execute("UPDATE applicants SET name = '王小伟'")
    cal = ledger.calendar.load()
    flt = ApplicationFilter(TODAY, cal.add_workdays(TODAY, 5), text="王小伟")
    assert ledger.query.count(flt) == 1


def test_search_treats_wildcards_literally(ledger, reg):
    reg()
    cal = ledger.calendar.load()
    for text in ("_", "%", "%%"):
        assert ledger.query.count(ApplicationFilter(TODAY, cal.add_workdays(TODAY, 5), text=text)) == 0


def test_m001_ledger_is_migrated_with_numbers_and_search(tmp_path):
    """A ledger written before m002 gets its per-year numbers and its search index on opening."""
    from sqlite_utils import Database

    from gongkai_desktop.storage import schema
    from gongkai_desktop.storage.ledger import Ledger

    path = tmp_path / "old.sqlite"
    db = Database(path)
    schema.migrations.apply(db, stop_before="m002_register_search_fees")
    db.execute("INSERT INTO applicants (kind, category, name, created_at) VALUES ('自然人', '自然人', '赵钱孙', 'x')")
    for i, (year, received) in enumerate([(2025, "2025-05-06"), (2026, "2026-01-05"), (2026, "2026-02-03")], 1):
        db.execute(
            "INSERT INTO applications (no, year, applicant_id, channel, received, content_title, created_at, updated_at)"
            " VALUES (?, ?, 1, '当面', ?, '某路征收补偿方案', 'x', 'x')", [f"old-{i}", year, received])
    db.execute("PRAGMA user_version = 1")
    db.close()
    led = Ledger.open(path, backup_dir=tmp_path / "b")
    seqs = [tuple(r) for r in led.db.execute("SELECT no, seq FROM applications ORDER BY id").fetchall()]
    assert seqs == [("old-1", 1), ("old-2", 1), ("old-3", 2)]
    flt = ApplicationFilter(TODAY, TODAY, text="赵钱孙 征收补偿")
    assert led.query.count(flt) == 3
    assert list((tmp_path / "b").glob("*before-migrate*"))
    led.close()
