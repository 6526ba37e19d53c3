"""Demo data (issue 17): a new user sees 检索记录 behind 信息不存在 replies, 提供信息清单 behind 予以公开, 沟通记录 after
a 补正, real reply letters with their 送达 (邮寄 with 邮件号 and 妥投, 直接送达 signed for, one posted after the due
date and so 超期, one posted without 妥投 yet) and the newest replies left 已答复待送达. Every record and 送达 passes
the same checks as one typed in (dates between receipt and today, 送达 not before the letter)."""

from datetime import date, timedelta

from gongkai_desktop.core.case_records import check_dates, normalise
from gongkai_desktop.core.demo import generate
from gongkai_desktop.services.case import CaseService
from gongkai_desktop.services.demo_cases import deliver_recent
from gongkai_desktop.storage.demo_writer import write_demo

from ..conftest import ROOT

TODAY = date(2026, 12, 4)


def test_demo_has_records_letters_and_deliveries(ledger):
    cal = ledger.calendar.load()
    data = generate(200, 0, 1, TODAY, cal)
    write_demo(ledger, data, cal, TODAY)
    kinds = dict(ledger.db.execute("SELECT kind, count(*) FROM case_records GROUP BY kind").fetchall())
    assert kinds["search"] and kinds["provided"] and kinds["contact"]
    for item in data.applications:  # each record is one the service would accept
        replied = next((e.day for e in item.events if e.kind.value == "replied"), None)
        for kind, day, record in item.records:
            values = {**record, "date": day}
            assert normalise(kind, values) == {k: v for k, v in record.items() if k != "date"} | (
                {"date": day.isoformat()} if kind != "provided" else {})
            assert check_dates(kind, day, date.fromisoformat(item.application["received"]), replied, TODAY) == []

    assert deliver_recent(ledger, ROOT / "resources" / "templates", TODAY) == 6
    letters = ledger.db.execute("SELECT count(*) FROM letters").fetchone()[0]
    assert letters == 8
    service = CaseService(ledger)
    views = [service.view(no, TODAY) for (no,) in ledger.db.execute(
        "SELECT DISTINCT a.no FROM application_events e JOIN applications a ON a.id = e.application_id "
        "WHERE e.kind = 'deliver'").fetchall()]
    methods = {d["method"] for v in views for d in v.deliveries}
    assert methods == {"直接送达", "邮寄（邮政）"}
    assert any(v.timeliness.late and v.timeliness.late_days == 2 for v in views)  # posted 2 working days late
    assert any(v.state.awaiting_receipt for v in views)  # one 补记妥投 to record
    assert all(v.timeliness.basis == "delivery" for v in views)
    # the two newest replies with letters wait for their 送达 on the 工作台
    waiting = {r["no"]: r["letter"] for r in ledger.applications.awaiting_delivery(TODAY - timedelta(days=90), 500)}
    with_letters = [no for no, letter in waiting.items() if letter]
    assert len(with_letters) == 2
