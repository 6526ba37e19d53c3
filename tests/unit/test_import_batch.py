"""The batched write of an import (ApplicationsRepo.create_many, issue 26) leaves the ledger exactly as registering
the same applications one by one with `create` does: rows, numbers, applicant matching, events, both full-text
indexes and one 登记 audit row per application."""

import json
import sqlite3
from datetime import date

import pytest

from gongkai_desktop.core.clock import ClockError, Event, EventKind
from gongkai_desktop.core.organisation import OrgProfile
from gongkai_desktop.core.workdays import load_bundled_arrangements
from gongkai_desktop.storage.applications_query import search_rowids
from gongkai_desktop.storage.applications_repo import NewApplication
from gongkai_desktop.storage.ledger import Ledger
from tests.conftest import ROOT

TODAY = date(2026, 11, 20)
PROFILE = OrgProfile()


def person(name, id_number=None, phone=None, category="自然人"):
    natural = category == "自然人"
    return {"kind": "自然人" if natural else "法人或其他组织", "category": category, "name": name, "phone": phone,
            "id_type": ("居民身份证" if id_number else "其他证件") if natural else None,
            "id_number": id_number if natural else None, "credit_code": None if natural else id_number}


def batch():
    """Same person by ID number, by name + phone, one already in the ledger, a company, numbers typed in
    (one of them the number the year's sequence would give next) and numbers to generate."""
    rows = [
        (person("张三", "11010119800101001X"), "2025-03-05", None, "征收补偿方案", D(2025, 3, 20), "1"),
        (person("张三", "11010119800101001X"), "2025-03-06", None, "规划许可", None, None),
        (person("李四", None, "13800000000"), "2025-04-01", "2025-0009", "环评报告", D(2025, 4, 30), "2"),
        (person("李四", None, "13800000000"), "2025-04-02", None, "拆迁档案", None, None),
        (person("王五", "110101199001010011"), "2024-12-30", None, "会议纪要", D(2025, 2, 10), "3.4"),
        (person("某某有限公司", "91110000100000000A", category="商业企业"), "2026-01-05", None, "招标文件",
         None, None),
        (person("某某有限公司", "91110000100000000A", category="商业企业"), "2026-11-02", "自编-1", "中标公告",
         None, None),
        (person("赵七"), "2025-05-06", None, "年度报告", None, None),
    ]
    return [({k: v for k, v in p.items()}, {"no": no, "year": int(received[:4]), "seq": None, "channel": "信函",
             "received": received, "content_title": content, "handler": "赵六", "notes": None},
             [Event(EventKind.REPLIED, closed)] if closed else [], outcome if closed else None)
            for p, received, no, content, closed, outcome in rows]


D = date


def one_by_one(led, rows, cal):
    """What the import did before issue 26: find the applicant, number, `create`, per row."""
    apps = led.applications
    with led.db.atomic():
        for applicant, application, events, outcome in rows:
            found = apps.find_applicant(applicant)
            application = dict(application)
            if not application["no"]:
                application["seq"], application["no"] = apps.next_number(application["year"], PROFILE)
            apps.create({"id": found["id"]} if found else applicant, application, events, cal, TODAY, outcome)


def fresh(tmp_path, name):
    led = Ledger.open(tmp_path / name)
    led.seed_calendar(load_bundled_arrangements(ROOT / "resources" / "calendar"))
    cal = led.calendar.load()
    # already in the ledger: 王五 (matched by ID number) and 2025-0004 with sequence number 3
    apps = led.applications
    apps.create(person("王五", "110101199001010011"), {"no": PROFILE.format_number(2025, 4), "year": 2025,
                "seq": 3, "channel": "当面", "received": "2025-01-02", "content_title": "旧申请"}, [], cal, TODAY)
    return led, cal


def snapshot(led):
    def rows(sql):
        return [tuple(r) for r in led.db.execute(sql).fetchall()]

    return {
        "applications": rows("SELECT id, no, year, seq, applicant_id, channel, received, content_title, doc_number, "
                             "handler, due, state, provisional, late_reply, closed_on, outcome, outcome_basis, "
                             "category FROM applications ORDER BY id"),
        "applicants": rows("SELECT id, kind, category, name, id_type, id_number, credit_code, phone FROM applicants "
                           "ORDER BY id"),
        "events": rows("SELECT application_id, kind, day, days, ref, until FROM application_events ORDER BY id"),
        "fts": rows("SELECT rowid, no, applicant, content FROM applications_fts ORDER BY rowid"),
        "bigrams": rows("SELECT rowid, grams FROM applications_bigrams ORDER BY rowid"),
        "audit": [(a, e, i, json.loads(after)) for a, e, i, after in led.db.execute(
            "SELECT action, entity, entity_id, after FROM audit_log WHERE action = '登记' ORDER BY id")],
        "triggers": rows("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name"),
        "indexes": rows("SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name"),
    }


def test_batch_write_equals_one_by_one(tmp_path):
    old, cal_old = fresh(tmp_path, "old.sqlite")
    new, cal_new = fresh(tmp_path, "new.sqlite")
    one_by_one(old, batch(), cal_old)
    with new.db.atomic():
        created = new.applications.create_many(
            [NewApplication(a, b, c, d, PROFILE.format_number) for a, b, c, d in batch()], cal_new, TODAY)
    expected, got = snapshot(old), snapshot(new)
    assert got == expected
    assert [no for _, no in created] == [r[1] for r in expected["applications"][1:]]
    # the sequence skipped the number already in the ledger and the one typed in the batch
    assert [no for _, no in created if no.startswith("2025")] == ["2025-0005", "2025-0006", "2025-0009",
                                                                 "2025-0008", "2025-0010"]
    assert len({r[4] for r in got["applications"]}) == 5  # 王五 (ledger), 张三, 李四, the company, 赵七
    assert new.db.execute("SELECT count(*) FROM applications_fts WHERE applications_fts MATCH '拆迁档案'"
                          ).fetchone()[0] == 1
    old.close()
    new.close()


def test_a_bad_row_in_a_batch_leaves_nothing_and_names_the_row(tmp_path):
    led, cal = fresh(tmp_path, "led.sqlite")
    before = snapshot(led)
    rows = batch()
    rows[4] = (rows[4][0], rows[4][1], [Event(EventKind.REPLIED, D(2024, 1, 1))], "1")  # before it was received
    with pytest.raises(ClockError) as err:
        with led.db.atomic():
            led.applications.create_many([NewApplication(a, b, c, d, PROFILE.format_number) for a, b, c, d in rows],
                                         cal, TODAY)
    assert err.value.row_index == 4  # type: ignore[attr-defined]
    assert snapshot(led) == before
    led.close()


def test_create_many_needs_the_callers_transaction(tmp_path):
    led, cal = fresh(tmp_path, "led.sqlite")
    with pytest.raises(RuntimeError):
        led.applications.create_many([], cal, TODAY)
    led.close()


def statements(led):
    """The SQL statements the connection runs from now on (sqlite3's trace callback)."""
    seen: list[str] = []
    led.db.conn.set_trace_callback(seen.append)
    return seen


def test_batch_larger_than_the_ledger_rebuilds_the_indexes_once_and_equals_one_by_one(tmp_path):
    # the first import of a department's history: the secondary indexes are dropped and built again afterwards,
    # from their own CREATE INDEX text, in the same transaction; rows, full-text content and schema as one by one
    old, cal_old = fresh(tmp_path, "old.sqlite")
    new, cal_new = fresh(tmp_path, "new.sqlite")
    one_by_one(old, batch(), cal_old)
    seen = statements(new)
    with new.db.atomic():
        new.applications.create_many([NewApplication(a, b, c, d, PROFILE.format_number) for a, b, c, d in batch()],
                                     cal_new, TODAY)
    new.db.conn.set_trace_callback(None)
    assert any(s.startswith("DROP INDEX") for s in seen)
    assert snapshot(new) == snapshot(old)  # the indexes included
    assert new.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"  # every index agrees with its table
    for term in ("拆迁档案", "拆迁", "张三", "某某有限公司"):  # trigram and bigram index, as the list's search does
        sql, args = search_rowids(term)
        assert new.db.execute(sql, args).fetchall() == old.db.execute(sql, args).fetchall() != []
    old.close()
    new.close()


def test_batch_smaller_than_the_ledger_keeps_the_indexes(tmp_path):
    old, cal_old = fresh(tmp_path, "old.sqlite")
    new, cal_new = fresh(tmp_path, "new.sqlite")
    earlier = [(person(f"甲{i}"), {"no": None, "year": 2024, "seq": None, "channel": "当面", "received": "2024-06-03",
                "content_title": f"早先的申请{i}", "handler": None, "notes": None}, [], None) for i in range(10)]
    one_by_one(old, earlier, cal_old)
    one_by_one(new, earlier, cal_new)
    one_by_one(old, batch(), cal_old)
    seen = statements(new)
    with new.db.atomic():
        new.applications.create_many([NewApplication(a, b, c, d, PROFILE.format_number) for a, b, c, d in batch()],
                                     cal_new, TODAY)
    new.db.conn.set_trace_callback(None)
    assert not any(s.startswith("DROP INDEX") for s in seen)
    assert snapshot(new) == snapshot(old)
    old.close()
    new.close()


def test_a_failure_after_the_indexes_were_dropped_leaves_them_in_place(tmp_path):
    led, cal = fresh(tmp_path, "led.sqlite")
    before = snapshot(led)
    rows = batch()
    rows[3][1]["no"] = rows[2][1]["no"]  # the same 申请编号 twice: refused by the UNIQUE column at the INSERT
    seen = statements(led)
    with pytest.raises(sqlite3.IntegrityError):
        with led.db.atomic():
            led.applications.create_many([NewApplication(a, b, c, d, PROFILE.format_number) for a, b, c, d in rows],
                                         cal, TODAY)
    led.db.conn.set_trace_callback(None)
    assert any(s.startswith("DROP INDEX") for s in seen)
    assert snapshot(led) == before
    assert led.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    led.close()
